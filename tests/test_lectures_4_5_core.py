"""Lectures 4 and 5 against the lecture's figures: the graph's gradients against autograd, the autograd loop's
7.999998569..., accumulating gradients, two layers collapsing to one, the optimizer race and sum vs mean loss."""

import json
import subprocess
import sys

import pytest
import torch

from core import graph, optim_race
from core.config import default_config
from core.train import Training
from tests.test_export import ROOT, assert_same, core_records, run_script

torch.set_num_threads(1)  # tiny models: one thread, as the CLI and the page train them


def cli(*args: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "core", "train", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def evals(cfg) -> list[dict]:
    return [r for r in Training(cfg) if r["kind"] == "eval"]


# ---------------------------------------------------------------- lecture 4: the graph
@pytest.mark.parametrize("values, expected", [(graph.LECTURE, -2.0), (graph.EXERCISE, -8.0)])
def test_lecture_and_exercise_gradients(values, expected):
    built = graph.build("xw", values["x"], values["y"], {"w": values["w"]})
    assert built.node("w").grad == expected
    if values is graph.LECTURE:  # the lecture's forward values: ŷ = 1, r = −1, loss = 1; ∂loss/∂r = 2r
        assert (built.node("ŷ").value, built.node("r").value, built.loss) == (1.0, -1.0, 1.0)
        assert built.node("r").grad == -2.0 and built.node("ŷ").grad == -2.0


@pytest.mark.parametrize("model, params", [("xw", {"w": 1.0}), ("xw", {"w": -2.5}), ("xwb", {"w": 1.0, "b": 0.5}),
                                           ("xwb", {"w": 0.3, "b": -2.0}),
                                           ("quadratic", {"w1": 0.5, "w2": 1.0, "b": 0.2}),
                                           ("quadratic", {"w1": -1.5, "w2": 2.0, "b": 3.0})])
@pytest.mark.parametrize("x, y", [(1.0, 2.0), (2.0, 4.0), (-1.5, 0.7)])
def test_every_graph_gradient_equals_autograd(model, params, x, y):
    built = graph.build(model, x, y, params)
    torch_grads = graph.autograd_gradients(model, x, y, params)
    assert set(torch_grads) == {n.name for n in built.nodes}
    for name, grad in built.gradients().items():
        assert grad == pytest.approx(torch_grads[name], rel=1e-12, abs=1e-12), name
    # each edge carries the child's gradient times its local derivative, and a node's shares add up to its grad
    for node in built.nodes[:-1]:
        assert sum(e.grad for e in built.edges if e.source == node.name) == pytest.approx(node.grad, abs=1e-12)


def test_quadratic_gradients_by_hand():
    """ŷ = w₁x² + w₂x + b: ∂loss/∂w₁ = 2r·x², ∂loss/∂w₂ = 2r·x, ∂loss/∂b = 2r."""
    x, y, w1, w2, b = 2.0, 4.0, 1.0, 1.0, 1.0
    r = w1 * x * x + w2 * x + b - y
    grads = graph.build("quadratic", x, y, {"w1": w1, "w2": w2, "b": b}).gradients()
    assert (grads["w1"], grads["w2"], grads["b"]) == (2 * r * x * x, 2 * r * x, 2 * r)


@pytest.mark.parametrize("bad", [{"w": "1"}, {"w": float("nan")}, {"w": True}, {}])
def test_a_bad_input_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="must be a number"):
        graph.build("xw", 1.0, 2.0, bad)


def test_two_linear_layers_collapse_to_their_product():
    first, second = graph.two_layers(seed=3)
    w, b = graph.collapse(first.weight.detach(), first.bias.detach(), second.weight.detach(), second.bias.detach())
    assert w.shape == (1, 1) and b.shape == (1,)
    xs = torch.linspace(-3, 3, 61).unsqueeze(1)
    stacked = graph.two_layer_outputs(first, second, xs, relu=False)
    assert torch.allclose(stacked, xs @ w.T + b, atol=1e-6)
    assert not torch.allclose(graph.two_layer_outputs(first, second, xs, relu=True), xs @ w.T + b, atol=1e-3)
    # the same for wider layers: Linear(2, 3) then Linear(3, 2) is one 2x2 matrix
    torch.manual_seed(0)
    l1, l2 = torch.nn.Linear(2, 3), torch.nn.Linear(3, 2)
    w, b = graph.collapse(l1.weight.detach(), l1.bias.detach(), l2.weight.detach(), l2.bias.detach())
    x = torch.randn(50, 2)
    with torch.no_grad():
        assert w.shape == (2, 2) and torch.allclose(l2(l1(x)), x @ w.T + b, atol=1e-6)


# ---------------------------------------------------------------- lecture 4: the autograd loop
def test_cli_reproduces_the_lecture_s_autograd_loop():
    records = cli("back-propagation", "--epochs", "100", "--lr", "0.01")
    last = [r for r in records if r["kind"] == "eval"][-1]
    assert records[-1]["reason"] == "finished" and last["epoch"] == 100 and last["step"] == 300
    assert f"{last['w']:.7f}" == "1.9999996"
    assert last["predict"] == 7.999998569488525


def test_the_loop_is_the_lecture_s_own_code():
    """The lecture's listing, run here, gives the task's numbers to the bit."""
    w = torch.Tensor([1.0])
    w.requires_grad = True
    for _ in range(100):
        for x, y in zip([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]):
            loss = (x * w - y) ** 2
            loss.backward()
            w.data = w.data - 0.01 * w.grad.data
            w.grad.data.zero_()
    last = evals(default_config("back-propagation"))[-1]
    assert last["w"] == w.item() and last["predict"] == (4 * w).item()


def test_skipping_zero_grad_accumulates_the_gradients():
    cfg = default_config("back-propagation", epochs=2)
    zeroed = [r for r in Training(cfg) if r["kind"] == "train"]
    summed = [r for r in Training(cfg.replace(zero_grad=False)) if r["kind"] == "train"]
    assert zeroed[0]["grad"] == summed[0]["grad"] == -2.0  # the first sample: nothing to add to yet
    # without zeroing, each step's gradient is the previous one plus this sample's own: it keeps growing
    assert abs(summed[1]["grad"]) > abs(zeroed[1]["grad"]) and abs(summed[2]["grad"]) > abs(summed[1]["grad"])
    w, grad_sum = 1.0, 0.0
    for x, y in [(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]:  # by hand: grad_sum += 2x(xw − y), w −= lr·grad_sum
        grad_sum += 2 * x * (x * w - y)
        w -= 0.01 * grad_sum
    assert summed[2]["grad"] == pytest.approx(grad_sum, rel=1e-5) and summed[2]["w"] == pytest.approx(w, rel=1e-5)
    full = evals(cfg.replace(epochs=100))[-1]
    skipped = evals(cfg.replace(epochs=100, zero_grad=False))[-1]
    assert abs(skipped["w"] - full["w"]) > 1e-2


# ---------------------------------------------------------------- lecture 5
def test_sgd_reaches_the_lecture_s_weights_after_1000_epochs():
    last = evals(default_config("linear-regression", epochs=1000, seed=0))[-1]
    assert (round(last["w"], 4), round(last["b"], 4)) == (1.9996, 0.0009)
    assert last["predict"] == pytest.approx(8.0, abs=1e-3)


@pytest.mark.parametrize("name", ["sgd", "adagrad", "adam", "adamax", "asgd", "lbfgs", "rmsprop", "rprop"])
def test_cli_trains_with_each_optimizer(name):
    records = cli("linear-regression", "--optimizer", name, "--lr", "0.01", "--epochs", "5")
    last = [r for r in records if r["kind"] == "eval"][-1]
    assert {"w", "b", "train/loss"} <= set(last) and last["epoch"] == 5
    assert records[-1]["reason"] == "finished"


def test_race_matches_the_task_and_the_lecture_s_findings():
    results = optim_race.race(epochs=1000)
    final = {name: (r["w"][-1], r["b"][-1]) for name, r in results.items()}
    assert final["sgd"] == tuple(evals(default_config("linear-regression"))[-1][k] for k in ("w", "b"))
    for name in ("sgd", "asgd", "lbfgs", "rmsprop", "rprop"):
        assert final[name][0] == pytest.approx(2.0, abs=1e-3) and final[name][1] == pytest.approx(0.0, abs=2e-3)
    assert round(final["adam"][0], 2) == 1.70 and round(final["adamax"][0], 2) == 1.50
    assert round(final["adagrad"][0], 2) == 0.55
    assert all(len(r["loss"]) == 1000 for r in results.values())


def test_race_refuses_an_unknown_optimizer():
    with pytest.raises(ValueError, match="unknown optimizer 'momentum'"):
        optim_race.race(racers=("sgd", "momentum"))


def test_only_lecture_5_takes_the_other_optimizers():
    with pytest.raises(ValueError, match="trains with sgd, adam"):
        Training(default_config("logistic", optimizer="rprop"))


def test_sum_loss_steps_like_mean_loss_at_n_times_the_rate():
    n = 3
    assert optim_race.effective_step(0.01, n) == {"sum": 0.03, "mean": 0.01}
    for steps in (1, 10):
        summed = optim_race.sgd_steps("sum", 0.01, steps)
        assert summed == pytest.approx(optim_race.sgd_steps("mean", 0.01 * n, steps), rel=1e-5)
        assert summed != pytest.approx(optim_race.sgd_steps("mean", 0.01, steps), rel=1e-3)
    cfg = default_config("linear-regression", epochs=1)
    with torch.no_grad():  # the summed loss is n times the mean one on the same weights
        summed_loss = evals(cfg)[0]["train/loss"]
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    x, y = torch.tensor([[1.0], [2.0], [3.0]]), torch.tensor([[2.0], [4.0], [6.0]])
    sum_grad = torch.autograd.grad(torch.nn.MSELoss(reduction="sum")(model(x), y), model.weight)[0]
    mean_grad = torch.autograd.grad(torch.nn.MSELoss()(model(x), y), model.weight)[0]
    assert float(sum_grad) == pytest.approx(n * float(mean_grad), rel=1e-6) and summed_loss > 0


@pytest.mark.parametrize("cfg", [default_config("back-propagation", epochs=3),
                                 default_config("back-propagation", epochs=3, zero_grad=False),
                                 default_config("linear-regression", epochs=20, optimizer="lbfgs"),
                                 default_config("linear-regression", epochs=20, optimizer="adam", reduction="mean")],
                         ids=["bp", "bp-accumulating", "lr-lbfgs", "lr-adam-mean"])
def test_exported_script_reproduces_the_page_s_records(cfg, tmp_path):
    assert_same([r for r in run_script(cfg, tmp_path) if r["kind"] in ("train", "eval", "end")], core_records(cfg))
