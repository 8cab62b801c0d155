"""Lecture 11 in core: the Inception and residual networks against the lecture's own code, their shapes, sizes,
training from the CLI and the exported script, and the exercise's residual block designs."""

import json
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F

from core.advanced_cnn import (BLOCK_KINDS, CourseInception, CourseResNet, InceptionA, ResidualBlock,
                               block_maps)
from core.checkpoints import load_checkpoint, save_checkpoint
from core.config import MNIST_MODELS, default_config
from core.export import export_script
from core.models import parameter_count
from core.tasks import build_model
from core.tasks.mnist import CHANCE_LOSS
from core.train import Training
from tests import lecture11_code as lecture
from tests.test_export import ROOT, assert_same, core_records, needs_mnist, run_script

MODELS = {"course-inception": (CourseInception, None), "course-resnet": (CourseResNet, "original"),
          "course-resnet-relu-before-addition": (CourseResNet, "relu-before-addition"),
          "course-resnet-full-preactivation": (CourseResNet, "full-preactivation")}


def top_level_shapes(model) -> list[tuple[str, tuple[int, ...]]]:
    """(child, shape of one sample after it) for each top-level layer or block, in the order forward calls them."""
    rows = []
    hooks = [child.register_forward_hook(lambda m, i, out, name=name: rows.append((name, tuple(out.shape[1:]))))
             for name, child in model.named_children()]
    with torch.no_grad():
        model.eval()(torch.zeros(2, 1, 28, 28))
    for hook in hooks:
        hook.remove()
    return rows


@pytest.mark.parametrize("ours, theirs", [(CourseInception, lecture.InceptionNet), (CourseResNet, lecture.ResidualNet)])
def test_same_seed_gives_the_lecture_s_weights_and_outputs(ours, theirs):
    torch.manual_seed(11)
    a = ours()
    torch.manual_seed(11)
    b = theirs()
    for (name, x), (_, y) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert torch.equal(x, y), name
    images = torch.randn(3, 1, 28, 28)
    assert torch.allclose(a(images), b(images), atol=1e-6)


def test_inception_module_concatenates_16_24_24_24_into_88_channels_of_the_input_s_size():
    module = InceptionA(in_channels=7)
    for shape in ((2, 7, 12, 12), (1, 7, 4, 4), (3, 7, 9, 5)):
        out = module(torch.randn(shape))
        assert tuple(out.shape) == (shape[0], 88, *shape[2:])
    x = torch.randn(1, 7, 6, 6)
    widths = [module.branch1x1(x).shape[1], module.branch5x5_2(module.branch5x5_1(x)).shape[1],
              module.branch3x3_3(module.branch3x3_2(module.branch3x3_1(x))).shape[1], module.branch_pool(x).shape[1]]
    assert widths == [16, 24, 24, 24]
    assert torch.equal(module(x)[:, :16], module.branch1x1(x))  # the 1x1 branch comes first in the concatenation


def test_shape_after_every_layer_of_the_lecture_s_networks():
    assert top_level_shapes(CourseInception()) == [
        ("conv1", (10, 24, 24)), ("mp", (10, 12, 12)), ("incep1", (88, 12, 12)), ("conv2", (20, 8, 8)),
        ("mp", (20, 4, 4)), ("incep2", (88, 4, 4)), ("fc", (10,))]
    for kind in BLOCK_KINDS:
        assert top_level_shapes(CourseResNet(kind)) == [
            ("conv1", (16, 24, 24)), ("mp", (16, 12, 12)), ("rblock1", (16, 12, 12)), ("conv2", (32, 8, 8)),
            ("mp", (32, 4, 4)), ("rblock2", (32, 4, 4)), ("fc", (10,))], kind


def test_parameter_counts_against_a_hand_count():
    # InceptionA(c): four 1x1 convs from c (16 + 16 + 16 + 24 = 72 outputs, with biases), then 16 -> 24 5x5,
    # 16 -> 24 3x3 and 24 -> 24 3x3.
    inception = lambda c: 72 * c + 72 + (25 * 16 * 24 + 24) + (9 * 16 * 24 + 24) + (9 * 24 * 24 + 24)  # noqa: E731
    assert parameter_count(InceptionA(10)) == inception(10) == 19_104
    assert parameter_count(CourseInception()) == (25 * 10 + 10) + inception(10) + (25 * 88 * 20 + 20) + inception(20) \
        + (1408 * 10 + 10) == 97_298
    block = lambda c: 2 * (9 * c * c + c)  # noqa: E731
    resnet = (25 * 16 + 16) + block(16) + (25 * 16 * 32 + 32) + block(32) + (512 * 10 + 10)
    assert parameter_count(CourseResNet()) == parameter_count(CourseResNet("relu-before-addition")) == resnet == 41_514
    assert parameter_count(CourseResNet("full-preactivation")) == resnet + 2 * 2 * 16 + 2 * 2 * 32  # 2 batch norms each


def test_each_block_kind_computes_its_design():
    torch.manual_seed(0)
    x = torch.randn(2, 4, 5, 5)
    blocks = {kind: ResidualBlock(4, kind).eval() for kind in BLOCK_KINDS}
    for block in blocks.values():  # the same convs in every kind, so only the design differs
        block.load_state_dict(blocks["original"].state_dict(), strict=False)
    f = lambda v: blocks["original"].conv2(torch.relu(blocks["original"].conv1(v)))  # noqa: E731
    with torch.no_grad():
        assert torch.allclose(blocks["original"](x), torch.relu(x + f(x)))
        assert torch.allclose(blocks["relu-before-addition"](x), x + torch.relu(f(x)))
        pre = blocks["full-preactivation"]
        expected = x + pre.conv2(torch.relu(pre.bn2(pre.conv1(torch.relu(pre.bn1(x))))))
        assert torch.allclose(pre(x), expected)
        assert (blocks["relu-before-addition"](x) >= x - 1e-6).all()  # its residual can only add
        assert (blocks["full-preactivation"](x) < 0).any()  # no ReLU after the addition
    with pytest.raises(AssertionError, match="residual block is one of"):
        ResidualBlock(4, "bottleneck")


@pytest.mark.parametrize("name", list(MODELS))
def test_config_and_task_build_the_named_network(name):
    cls, kind = MODELS[name]
    assert name in MNIST_MODELS
    model = build_model(default_config("mnist", model=name))
    assert type(model) is cls and (kind is None or model.rblock1.kind == model.rblock2.kind == kind)
    script = export_script(default_config("mnist", model=name))
    assert f"class {cls.__name__}(nn.Module):" in script and f"    model='{name}'," in script
    assert script.startswith('"""Chapter 11 · ') and "import torch.nn.functional as F" in script


@pytest.mark.parametrize("name", list(MODELS))
def test_a_saved_checkpoint_loads_back_as_the_same_network(name, tmp_path):
    cfg = default_config("mnist", model=name, seed=3)
    torch.manual_seed(3)
    model = build_model(cfg)
    loaded, loaded_cfg, _ = load_checkpoint(save_checkpoint(tmp_path / "net.pt", model, cfg))
    images = torch.randn(2, 1, 28, 28)
    assert loaded_cfg == cfg and type(loaded) is type(model)
    assert torch.equal(loaded.eval()(images), model.eval()(images))


@needs_mnist
@pytest.mark.parametrize("name", list(MODELS))
def test_a_few_steps_on_a_small_subset_lower_the_loss(name):
    torch.set_num_threads(1)
    cfg = default_config("mnist", model=name, epochs=2, train_subset=1280, test_subset=300, log_every=5, device="cpu")
    assert (cfg.lr, cfg.momentum, cfg.batch_size) == (0.01, 0.5, 64)  # the course's settings
    records = list(Training(cfg))
    losses = [r["train/loss"] for r in records if r["kind"] == "train"]
    assert len(losses) == 8 and losses[-1] < losses[0] - 0.02, losses
    assert records[-1]["reason"] == "finished"
    assert [r for r in records if r["kind"] == "eval"][-1]["test/loss"] < CHANCE_LOSS


@needs_mnist
@pytest.mark.parametrize("name", ["course-inception", "course-resnet"])
def test_cli_trains_the_lecture_s_networks_with_the_course_s_settings(name):
    done = subprocess.run([sys.executable, "-m", "core", "train", "mnist", "--model", name, "--epochs", "1",
                           "--train-subset", "640", "--test-subset", "200", "--log-every", "5", "--device", "cpu"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records[-1]["kind"] == "end" and records[-1]["reason"] == "finished"
    (last,) = [r for r in records if r["kind"] == "eval"]
    assert last["step"] == 10 and last["test/loss"] < CHANCE_LOSS  # ceil(640 / 64) iterations
    assert {(r["lr"], r["momentum"]) for r in records if r["kind"] == "train"} == {(0.01, 0.5)}


@needs_mnist
@pytest.mark.parametrize("name", list(MODELS))
def test_exported_script_reproduces_core_records(name, tmp_path):
    cfg = default_config("mnist", model=name, epochs=2, train_subset=320, test_subset=300, log_every=2)
    script = run_script(cfg, tmp_path)
    assert_same(script, core_records(cfg))
    assert [r["kind"] for r in script].count("eval") == 2 and script[-1]["reason"] == "finished"


def test_block_maps_gives_each_block_s_output_in_forward_order():
    torch.manual_seed(0)
    image = torch.randn(28, 28)
    for model, names in ((CourseInception(), ["conv1", "incep1", "conv2", "incep2"]),
                         (CourseResNet("full-preactivation"), ["conv1", "rblock1", "conv2", "rblock2"])):
        model.train()
        found = block_maps(model, image)
        assert [name for name, _ in found] == names
        assert model.training  # left as it was
        with torch.no_grad():
            model.eval()
            x = F.relu(model.mp(model.conv1(image.reshape(1, 1, 28, 28))))
            second = model.incep1(x) if names[1] == "incep1" else model.rblock1(x)
        torch.testing.assert_close(torch.from_numpy(found[1][1]), second[0])
        assert found[3][1].shape == ((88, 4, 4) if names[1] == "incep1" else (32, 4, 4))
