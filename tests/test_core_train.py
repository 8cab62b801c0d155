"""Core engine against references: hand computations, torch's own functions, the course's scripts."""

import math

import numpy as np
import pytest
import torch

from core.config import RunConfig, default_config
from core.models import MLP, LogisticRegression, MnistCNN, MnistMLP, parameter_count
from core.tasks import build_model
from core.loop import epoch_batches, iterations_per_epoch, log_due, log_window, make_optimizer
from core.train import Training, TaskData


def test_logistic_forward_and_bce_match_hand_computation():
    model = LogisticRegression()
    with torch.no_grad():
        model.linear.weight.fill_(0.5)
        model.linear.bias.fill_(-1.0)
    x = torch.tensor([[1.0], [2.0], [3.0]])
    y = torch.tensor([[0.0], [0.0], [1.0]])
    y_hat = model(x)
    expected = [1 / (1 + math.exp(-(0.5 * h - 1.0))) for h in (1, 2, 3)]
    assert y_hat.squeeze(1).tolist() == pytest.approx(expected, abs=1e-6)
    bce = -sum(t * math.log(p) + (1 - t) * math.log(1 - p) for t, p in zip((0, 0, 1), expected)) / 3
    assert float(torch.nn.BCELoss()(y_hat.detach(), y)) == pytest.approx(bce, abs=1e-6)


def test_cross_entropy_is_log_softmax_plus_nll():
    torch.manual_seed(0)
    logits = torch.randn(16, 10)
    target = torch.randint(0, 10, (16,))
    ce = torch.nn.CrossEntropyLoss()(logits, target)
    nll = torch.nn.NLLLoss()(torch.nn.LogSoftmax(dim=1)(logits), target)
    assert float(ce) == pytest.approx(float(nll), abs=1e-6)


def test_model_shapes_and_sizes():
    assert MnistMLP()(torch.zeros(4, 1, 28, 28)).shape == (4, 10)
    assert MnistCNN()(torch.zeros(4, 1, 28, 28)).shape == (4, 10)
    assert parameter_count(MnistMLP()) == 784 * 512 + 512 + 512 * 256 + 256 + 256 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10
    assert parameter_count(MLP(8, (6, 4))) == 8 * 6 + 6 + 6 * 4 + 4 + 4 + 1
    assert len(MLP(8, ()).linears) == 1  # zero hidden layers is plain logistic regression on 8 inputs


def test_chapter7_script_and_core_give_the_same_losses():
    """The course's chapter-7 code, verbatim in spirit, against Training on the same data and seed."""
    from core.data import DATA_DIR

    xy = np.loadtxt(DATA_DIR / "diabetes.csv.gz", delimiter=",", dtype=np.float32)
    x_data = torch.from_numpy(xy[:, :-1])
    y_data = torch.from_numpy(xy[:, [-1]])

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear1 = torch.nn.Linear(8, 6)
            self.linear2 = torch.nn.Linear(6, 4)
            self.linear3 = torch.nn.Linear(4, 1)
            self.sigmoid = torch.nn.Sigmoid()

        def forward(self, x):
            x = self.sigmoid(self.linear1(x))
            x = self.sigmoid(self.linear2(x))
            return self.sigmoid(self.linear3(x))

    torch.manual_seed(0)
    model = Model()
    criterion = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    course_losses = []
    for _ in range(100):
        y_pred = model(x_data)
        loss = criterion(y_pred, y_data)
        course_losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    cfg = default_config("diabetes", test_fraction=0.0, standardise=False, seed=0, device="cpu")
    ours = [r["train/loss"] for r in Training(cfg) if r["kind"] == "train"]
    assert ours == pytest.approx(course_losses, abs=1e-6)


def test_same_config_and_seed_give_the_same_curve_and_other_seeds_differ():
    cfg = default_config("titanic", epochs=3, device="cpu")
    first = [r.get("train/loss") for r in Training(cfg)]
    again = [r.get("train/loss") for r in Training(cfg)]
    other = [r.get("train/loss") for r in Training(cfg.replace(seed=1))]
    assert first == again
    assert first != other


def test_mnist_budget_run_yields_eval_with_confusion_and_probes():
    cfg = default_config("mnist", epochs=1, train_subset=640, test_subset=500, log_every=5, device="cpu")
    training = Training(cfg)
    records = list(training)
    train = [r for r in records if r["kind"] == "train"]
    (evaluation,) = [r for r in records if r["kind"] == "eval"]
    assert records[-1]["kind"] == "end" and records[-1]["reason"] == "finished"
    assert len(train) == 2 and train[-1]["epoch_progress"] == 1.0
    assert np.array(train[0]["probe/probs"]).shape == (10, 10)
    assert np.array(train[0]["probe/probs"]).sum(1) == pytest.approx(np.ones(10), abs=1e-5)
    assert sum(map(sum, evaluation["confusion"])) == 500
    diagonal = sum(evaluation["confusion"][i][i] for i in range(10))
    assert evaluation["test/acc"] == pytest.approx(diagonal / 500)
    assert training.last_eval["pred"].shape == (500,)


def test_divergence_stops_with_a_reason():
    cfg = default_config("linear", lr=100.0, epochs=500, device="cpu")
    records = list(Training(cfg))
    end = records[-1]
    assert end["reason"] == "diverged"
    assert "learning rate 100 is too large" in end["message"]
    assert end["step"] < 500


@pytest.mark.parametrize("momenta", [(0.5,), (0.9,), (0.0, 0.93), (0.5, 0.0, 0.99)])
def test_cpu_sgd_gives_the_same_weights_as_torch_default_sgd_to_the_bit(momenta):
    """core's SGD (multi-tensor on CPU) against torch.optim.SGD's default loop, with the momentum moved mid-run as
    the page's slider does; an exported script uses the default, so the page's records must not drift from it.
    (torch's fused kernel fails this from momentum 0.9.)"""
    torch.manual_seed(0)
    ours, reference = MnistMLP(), MnistMLP()
    reference.load_state_dict(ours.state_dict())
    cfg = default_config("mnist", lr=0.037, momentum=momenta[0])
    optimizers = (make_optimizer(cfg, ours.parameters()),
                  torch.optim.SGD(reference.parameters(), lr=cfg.lr, momentum=momenta[0]))
    assert optimizers[0].param_groups[0]["foreach"] and not optimizers[1].param_groups[0]["foreach"]
    generator = torch.Generator().manual_seed(1)
    for step in range(30):
        x, y = torch.randn(64, 784, generator=generator), torch.randint(0, 10, (64,), generator=generator)
        for model, optimizer in zip((ours, reference), optimizers):
            optimizer.param_groups[0]["momentum"] = momenta[step * len(momenta) // 30]
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
    for a, b in zip(ours.parameters(), reference.parameters()):
        assert torch.equal(a, b)


class SpoilWeightsAt:
    """A control that sets +inf on the top-left pixel's weight into hidden unit 0 before a given step.

    That pixel is background (negative after normalisation) in every MNIST image, so the unit's input is -inf
    and ReLU makes it 0: the loss stays finite, and only the weight check can see the broken weight.
    """

    def __init__(self, step: int):
        self.spoil_before = step

    def before_step(self, training) -> bool:
        if training.step + 1 == self.spoil_before:
            with torch.no_grad():
                training.model.l1.weight[0, 0] = float("inf")
        return True

    def should_stop(self) -> bool:
        return False


def test_weights_broken_behind_a_finite_loss_end_the_run_before_the_next_record():
    cfg = default_config("mnist", epochs=1, device="cpu", train_subset=640, test_subset=500, log_every=4)
    records = list(Training(cfg, control=SpoilWeightsAt(step=6)))
    train = [r for r in records if r["kind"] == "train"]
    end = records[-1]
    assert [r["step"] for r in train] == [4]  # the record due at step 7 (10 = 4 + 3 + 3) is never made from them
    assert end["reason"] == "diverged" and "the weights became infinite or NaN at step 7" in end["message"]
    assert not any(r["kind"] == "eval" for r in records)


def test_batches_cover_each_sample_once_and_reshuffle():
    gen = torch.Generator().manual_seed(0)
    first = epoch_batches(10, 4, shuffle=True, drop_last=False, generator=gen)
    second = epoch_batches(10, 4, shuffle=True, drop_last=False, generator=gen)
    assert [len(b) for b in first] == [4, 4, 2]
    assert sorted(torch.cat(first).tolist()) == list(range(10))
    assert torch.cat(first).tolist() != torch.cat(second).tolist()
    assert [len(b) for b in epoch_batches(10, 4, False, True, gen)] == [4, 4]
    assert iterations_per_epoch(10_000, 1000, False) == 10
    assert iterations_per_epoch(768, 32, False) == 24
    assert iterations_per_epoch(10, 4, True) == 2


def test_dataloader_path_matches_tensor_path_without_shuffle():
    data = TaskData(torch.randn(20, 8), torch.randint(0, 2, (20, 1)).float())
    cfg = default_config("diabetes", batch_size=5, shuffle=False, epochs=2, device="cpu")
    tensor_losses = [r.get("train/loss") for r in Training(cfg, data=data)]
    loader_losses = [r.get("train/loss") for r in Training(cfg.replace(loader="dataloader"), data=data)]
    assert loader_losses == pytest.approx(tensor_losses, abs=1e-7)


@pytest.mark.parametrize("bad", [dict(lr=0), dict(lr=float("nan")), dict(hidden=(6, 0)), dict(hidden=(1,) * 5),
                                 dict(momentum=1.0), dict(task="cifar"), dict(epochs=0), dict(batch_size=-1)])
def test_bad_config_is_refused_with_a_message(bad):
    with pytest.raises(ValueError, match=r"\w+"):
        RunConfig(**bad)


def test_build_model_follows_config():
    assert isinstance(build_model(default_config("mnist", model="cnn")), MnistCNN)
    assert isinstance(build_model(default_config("logistic")), LogisticRegression)
    mlp = build_model(default_config("diabetes", hidden=(3, 3, 3), activation="tanh"), in_features=8)
    assert [l.out_features for l in mlp.linears] == [3, 3, 3, 1]
    assert isinstance(mlp.act, torch.nn.Tanh)


@pytest.mark.slow
def test_mnist_mlp_reaches_97_percent():
    cfg = default_config("mnist", epochs=10, device="cpu")
    evals = [r for r in Training(cfg) if r["kind"] == "eval"]
    assert evals[-1]["test/acc"] >= 0.97


def windows(iterations: int, log_every: int) -> list[int]:
    """How many iterations each 'train' record of one epoch averages."""
    ends = [i for i in range(1, iterations + 1) if log_due(i, iterations, log_every)]
    return [b - a for a, b in zip([0, *ends], ends)]


@pytest.mark.parametrize("iterations, log_every", [(938, 234), (938, 235), (938, 300), (16, 4), (10, 4), (5, 4),
                                                   (1, 300), (3750, 300), (7, 1)])
def test_each_loss_point_averages_about_as_many_iterations_and_the_last_ends_the_epoch(iterations, log_every):
    found = windows(iterations, log_every)
    assert sum(found) == iterations  # the epoch's last iteration closes a record
    assert max(found) <= log_every and max(found) - min(found) <= 1  # no 2-iteration leftover at the epoch's end
    assert max(found) == log_window(iterations, log_every)
    # MNIST at batch 64: 938 iterations; "every 300" or 235 gives 4 points, where 234 used to leave 2 at the end.
    assert windows(938, 300) == windows(938, 235) == [235, 234, 235, 234]


def test_a_run_records_comparable_points_with_no_short_one_at_an_epoch_s_end():
    cfg = default_config("mnist", epochs=2, train_subset=64 * 15 + 10, test_subset=100, log_every=5, device="cpu")
    train = [r for r in Training(cfg) if r["kind"] == "train"]
    # 16 iterations an epoch: 4 records of 4 each (not 5, 10, 15 and a 1-iteration point at 16).
    assert [r["iteration"] for r in train] == [4, 8, 12, 16] * 2


def test_the_end_record_counts_one_epoch_and_one_step_in_the_singular():
    (end,) = [r for r in Training(default_config("diabetes", epochs=1, device="cpu")) if r["kind"] == "end"]
    assert end["message"] == "Finished 1 epoch (1 step)."  # a full batch: one step an epoch
    (end,) = [r for r in Training(default_config("diabetes", epochs=2, batch_size=400, device="cpu"))
              if r["kind"] == "end"]
    assert end["message"] == "Finished 2 epochs (4 steps)."
