"""Lecture 11's arithmetic (an Inception module's cost, the 1x1 bottleneck) and "why a shortcut" (gradient norms of
a deep plain net against the same depth with residual blocks)."""

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from core.advanced_cnn import BLOCK_KINDS, InceptionA
from core.inception_cost import bottleneck_cost, branch_convs, inception_cost
from core.models import parameter_count
from core.shortcut import ShortcutConfig, build_pair, layer_names, shortcut_race, summary, weight_layers
from tests.test_export import needs_mnist


def conv_multiplications(module, x) -> int:
    """torch's own count: a conv's FLOPs are two per multiply-add."""
    with FlopCounterMode(display=False) as counter:
        module(x)
    return counter.get_total_flops() // 2


# ---------------------------------------------------------------- the cost of an Inception module
def test_the_lecture_s_1x1_bottleneck_numbers():
    cost = bottleneck_cost()  # 28 x 28, 192 channels in, 32 out, 5 x 5, a 1x1 conv to 16 first
    assert cost["direct"] == 5 ** 2 * 28 ** 2 * 192 * 32 == 120_422_400
    assert cost["bottleneck"] == 1 ** 2 * 28 ** 2 * 192 * 16 + 5 ** 2 * 28 ** 2 * 16 * 32 == 12_443_648
    assert cost["squeeze"] + cost["then"] == cost["bottleneck"] and cost["ratio"] == pytest.approx(9.68, abs=0.01)


@pytest.mark.parametrize("size, c_in, c_out, kernel, reduce_to", [(28, 192, 32, 5, 16), (12, 10, 24, 3, 4)])
def test_bottleneck_cost_matches_torch_s_flop_counter(size, c_in, c_out, kernel, reduce_to):
    cost = bottleneck_cost(size, c_in, c_out, kernel, reduce_to)
    x = torch.zeros(1, c_in, size, size)
    direct = nn.Conv2d(c_in, c_out, kernel, padding=kernel // 2)
    squeeze = nn.Sequential(nn.Conv2d(c_in, reduce_to, 1), nn.Conv2d(reduce_to, c_out, kernel, padding=kernel // 2))
    assert cost["direct"] == conv_multiplications(direct, x)
    assert cost["bottleneck"] == conv_multiplications(squeeze, x)
    assert cost["direct_weights"] == direct.weight.numel()
    assert cost["bottleneck_weights"] == sum(m.weight.numel() for m in squeeze)


@pytest.mark.parametrize("size, c_in", [(12, 10), (4, 20), (28, 192)])
def test_the_lecture_s_module_costs_what_torch_counts(size, c_in):
    cost = inception_cost(size, c_in)
    module = InceptionA(c_in)
    out = module(torch.zeros(1, c_in, size, size))
    assert cost["output_shape"] == tuple(out.shape[1:]) == (88, size, size)
    assert [b["out_channels"] for b in cost["branches"]] == [16, 24, 24, 24]
    assert cost["parameters"] == parameter_count(module)
    assert cost["multiplications"] == conv_multiplications(module, torch.zeros(1, c_in, size, size))
    assert cost["weights"] == sum(m.weight.numel() for m in module.modules() if isinstance(m, nn.Conv2d))


def test_a_learner_s_branch_widths_change_channels_weights_and_multiplications():
    widths = {"1x1": 8, "5x5": (4, 32), "3x3": [2, 8, 40], "pool": 1}
    cost = inception_cost(12, 10, widths)
    assert [b["out_channels"] for b in cost["branches"]] == [8, 32, 40, 1] and cost["out_channels"] == 81
    assert cost["branches"][2]["shapes"] == [(2, 12, 12), (8, 12, 12), (40, 12, 12)]
    for branch, convs in zip(cost["branches"], branch_convs(10, widths).values()):
        layers = nn.Sequential(*(nn.Conv2d(c.in_channels, c.out_channels, c.kernel, padding=c.kernel // 2)
                                 for c in convs))
        assert branch["parameters"] == parameter_count(layers)
        assert branch["multiplications"] == conv_multiplications(layers, torch.zeros(1, 10, 12, 12))
    assert inception_cost(12, 10, {"pool": 24})["multiplications"] == inception_cost(12, 10)["multiplications"]


@pytest.mark.parametrize("call, message", [
    (lambda: inception_cost(0, 10), "width and height must be from 1"),
    (lambda: inception_cost(12, 2.5), "input channels must be a whole number"),
    (lambda: inception_cost(12, 10, {"5x5": (16,)}), "the 5x5 branch has 2 convs, so 2 widths, not 1"),
    (lambda: inception_cost(12, 10, {"7x7": 3}), "has the branches 1x1, 5x5, 3x3, pool"),
    (lambda: inception_cost(12, 10, {"1x1": True}), "1x1 branch's width 1 must be a whole number"),
    (lambda: inception_cost(12, 10, {"3x3": (16, "24", 24)}), "3x3 branch's width 2 must be a whole number"),
    (lambda: bottleneck_cost(reduce_to=0), "the 1x1 conv's channels must be from 1"),
    (lambda: bottleneck_cost(kernel=99), "kernel size must be from 1 to 15"),
])
def test_sizes_a_learner_cannot_mean_are_refused_with_a_reason(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- why a shortcut
def mnist_subset(n: int = 1024):
    from core.data import load_mnist

    tensors = load_mnist()
    return tensors.x_train[:n], tensors.y_train[:n]


@pytest.mark.parametrize("depth", [4, 20, 56])
def test_both_nets_have_depth_weight_layers_and_start_alike(depth):
    nets = build_pair(ShortcutConfig(depth=depth))
    for net in nets.values():
        assert len(weight_layers(net)) == len(layer_names(depth)) == depth
    assert torch.equal(nets["plain"].stem.weight, nets["residual"].stem.weight)
    assert torch.equal(nets["plain"].fc.weight, nets["residual"].fc.weight)


@needs_mnist
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("kind", BLOCK_KINDS)
def test_at_depth_20_the_plain_net_s_first_layer_starves_and_the_residual_one_s_does_not(kind, seed):
    """Depth 20 (He et al.'s plain-20) with PyTorch's default initialisation, as the lecture's code uses: each plain
    conv + ReLU shrinks the signal, so the stem's gradient is ~1e-8 of the residual net's; the margin here is 1e-3."""
    cfg = ShortcutConfig(depth=20, steps=8, kind=kind, seed=seed)
    records = list(shortcut_race(cfg, *mnist_subset()))
    assert [r["step"] for r in records] == list(range(1, 9))
    for record in records:
        assert len(record["plain/grad"]) == len(record["residual/grad"]) == 20
        assert record["plain/grad"][0] < 1e-3 * record["residual/grad"][0], record
    found = summary(cfg, records)
    plain = found["plain/mean_grad"]
    assert plain[0] < plain[9] < plain[-2]  # the further from the loss, the less gradient reaches a plain layer


@needs_mnist
def test_the_same_config_gives_the_same_race_and_leaves_the_caller_s_random_state():
    images, labels = mnist_subset(256)
    cfg = ShortcutConfig(depth=6, steps=3, batch_size=32)
    torch.manual_seed(5)
    before = torch.random.get_rng_state()
    first = list(shortcut_race(cfg, images, labels))
    assert torch.equal(torch.random.get_rng_state(), before)
    assert first == list(shortcut_race(cfg, images, labels))
    assert first != list(shortcut_race(cfg.__class__(depth=6, steps=3, batch_size=32, seed=1), images, labels))


@pytest.mark.parametrize("changes, message", [
    ({"depth": 2}, "depth must be a whole number from 4 to 56"), ({"depth": 21}, "depth must be even"),
    ({"depth": 20.0}, "depth must be a whole number"), ({"kind": "dense"}, "block kind must be one of original"),
    ({"lr": 0}, "learning rate must be in"), ({"momentum": float("nan")}, "momentum must be a number"),
    ({"steps": 0}, "steps must be a whole number from 1"), ({"batch_size": True}, "batch size must be a whole"),
])
def test_settings_a_learner_cannot_mean_are_refused_with_a_reason(changes, message):
    with pytest.raises(ValueError, match=message):
        ShortcutConfig(**changes)


def test_images_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match=r"shaped \(n, 1, 28, 28\)"):
        next(shortcut_race(ShortcutConfig(depth=4), torch.zeros(4, 28, 28), torch.zeros(4, dtype=torch.long)))
