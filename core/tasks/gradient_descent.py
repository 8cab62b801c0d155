"""Lecture 3: gradient descent on ŷ = x·w, the lecture's three samples, from w = 1 (torch.optim.SGD on the mean
squared error is the lecture's w ← w − lr·mean 2·x·(x·w − y); batch size 1 is its stochastic version)."""

import torch
from torch import nn

from core.loop import IndexedDataset
from core.tasks.base import TaskData

NAME = "gradient-descent"
TITLE = "Lecture 3 · Gradient descent on y_hat = x * w, from w = 1"
DATA_FILE = ""  # the data is in the script
SEEDED = "nothing random: w starts at 1 and the samples keep their order"
DEFAULTS = dict(optimizer="sgd", lr=0.01, epochs=100, batch_size=0, test_fraction=0.0, shuffle=False)
COMPARED = ("lr", "epochs", "batch_size")  # batch size 1 is the page's SGD beside GD
CHANCE_LOSS = None  # regression: a diverging w overflows to inf and core calls the run diverged; the page warns first
X_DATA = [[1.0], [2.0], [3.0]]  # the lecture's samples
Y_DATA = [[2.0], [4.0], [6.0]]
W_START = 1.0  # the lecture's starting guess for w
X_ASKED = 4.0  # the lecture prints the prediction for x = 4 before and after training


def lecture_data():
    """x and y of the lecture's three samples, (3, 1) each."""
    return torch.tensor(X_DATA), torch.tensor(Y_DATA)


def load(cfg) -> TaskData:
    return TaskData(*lecture_data())


def load_datasets(path, cfg):
    """The three samples, all of them for training: the lecture has no test set."""
    return IndexedDataset(*lecture_data()), None


class XTimesW(nn.Module):
    """The lecture's model ŷ = x·w: one weight, no bias, starting at W_START."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.tensor([W_START]))

    def forward(self, x):
        return x * self.w


def build_model(cfg, in_features):
    return XTimesW()


def criterion(cfg):
    """The cost: the mean of (ŷ − y)² over the samples of a batch."""
    return nn.MSELoss()


def count_correct(outputs, labels):
    """Regression has no right or wrong answers: nothing is counted and no accuracy is reported."""
    return 0


def train_fields(training):
    """w after each update, so the page can draw every step on the cost curve."""
    return {"w": float(training.model.w.detach())}


@torch.no_grad()
def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """The cost on the three samples, w, and the prediction for x = 4 (the lecture's 'Predict (after training)')."""
    x, y = train_set.x_data, train_set.y_data
    asked = torch.tensor([[X_ASKED]], device=x.device)
    record = {"train/loss": float(criterion(model(x), y)), "w": float(model.w), "predict_4": float(model(asked))}
    return record, None


def script_sources(cfg):
    return [("X_DATA", X_DATA, None), ("Y_DATA", Y_DATA, None), ("W_START", W_START, "the lecture's starting guess"),
            ("X_ASKED", X_ASKED, "the prediction the lecture prints"), lecture_data, load_datasets, XTimesW,
            build_model, criterion, count_correct, evaluate]
