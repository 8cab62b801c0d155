"""Lecture 4: ŷ = x·w trained by autograd, one sample at a time, with the lecture's hand-written update."""

import torch
from torch import nn

from core.loop import IndexedDataset
from core.tasks.base import TaskData

NAME = "back-propagation"
TITLE = "Lecture 4 · Back propagation: y_hat = x * w trained with autograd, one sample at a time"
DATA_FILE = ""  # the data is in the script
SEEDED = "nothing random: w starts at 1.0"
OPTIMIZERS = ("sgd",)  # the lecture's own update, w.data = w.data - lr * w.grad.data
DEFAULTS = dict(optimizer="sgd", lr=0.01, epochs=100, batch_size=1, shuffle=False, test_fraction=0.0)
COMPARED = ("lr", "epochs", "zero_grad")  # zero_grad off: the gradients add up
CHANCE_LOSS = None  # regression: a diverging w overflows to inf and core calls the run diverged
X_DATA = [1.0, 2.0, 3.0]  # the lecture's data: y = 2x
Y_DATA = [2.0, 4.0, 6.0]
W_START = 1.0  # w = torch.Tensor([1.0])
PREDICT_AT = 4.0  # the lecture prints predict(4) before (4.0) and after training (≈ 8.0)


def lecture_data():
    """x and y as (3, 1) tensors, one sample a row."""
    return torch.tensor(X_DATA).unsqueeze(1), torch.tensor(Y_DATA).unsqueeze(1)


def load(cfg) -> TaskData:
    return TaskData(*lecture_data())


def load_datasets(path, cfg):
    """The three samples, all for training: the lecture has no test set."""
    return IndexedDataset(*lecture_data()), None


class TimesW(nn.Module):
    """ŷ = x·w with one weight w, starting at 1.0 as the lecture's `w = torch.Tensor([1.0])`."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor([W_START]))

    def forward(self, x):
        return x * self.w


class SquaredError(nn.Module):
    """The lecture's loss (ŷ − y)², summed over the batch (one sample per update here)."""

    def forward(self, y_pred, y):
        return ((y_pred - y) ** 2).sum()


class LectureUpdate(torch.optim.Optimizer):
    """The lecture's update as an optimizer: `w.data = w.data - lr * w.grad.data`, then `w.grad.data.zero_()`.

    With zero_grad=False the zeroing is skipped, so each backward() adds to the gradients of all earlier samples.
    """

    def __init__(self, params, lr, zero_grad=True):
        super().__init__(params, {"lr": lr})
        self.zeroing = zero_grad

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for w in group["params"]:
                if w.grad is not None:
                    w.data = w.data - group["lr"] * w.grad.data

    def zero_grad(self, set_to_none=True):
        if self.zeroing:
            super().zero_grad(set_to_none)


def build_model(cfg, in_features):
    return TimesW()


def criterion(cfg):
    return SquaredError()


def make_optimizer(cfg, params, capturable=False):
    return LectureUpdate(params, lr=cfg.lr, zero_grad=cfg.zero_grad)


def count_correct(outputs, labels):
    """Regression has no right or wrong answers: nothing is counted and no accuracy is reported."""
    return 0


@torch.no_grad()
def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """The lecture's end-of-epoch print: w, its gradient, the mean squared error and predict(4)."""
    x, y = train_set.x_data, train_set.y_data
    w = model.w
    record = {"train/loss": float(criterion(model(x), y)) / len(x), "w": float(w),
              "grad": float(w.grad) if w.grad is not None else 0.0,
              "predict": float(model(torch.tensor([[PREDICT_AT]], device=x.device)))}
    return record, None


def train_fields(training):
    """After every sample: w and the gradient it was just updated with (the running sum when not zeroed)."""
    w = training.model.w
    return {"w": w.detach().item(), "grad": w.grad.item() if w.grad is not None else 0.0}


def script_settings(cfg):
    return [("zero_grad", cfg.zero_grad, "False skips w.grad.data.zero_(): the gradients add up")]


def script_sources(cfg):
    return [("X_DATA", X_DATA, None), ("Y_DATA", Y_DATA, None), ("W_START", W_START, None),
            ("PREDICT_AT", PREDICT_AT, None), lecture_data, load_datasets, TimesW, SquaredError, LectureUpdate,
            build_model, criterion, make_optimizer, count_correct, evaluate]
