"""Chapter 6: logistic regression, P(pass | hours studied), on the course's three students."""

import math

import torch
from torch import nn

from core.loop import IndexedDataset
from core.models import LogisticRegression
from core.tasks.base import TaskData

NAME = "logistic"
TITLE = "Chapter 6 · Logistic regression: P(pass | hours studied)"
DATA_FILE = ""  # the data is in the script
SEEDED = "the starting weights"
DEFAULTS = dict(optimizer="sgd", lr=0.01, epochs=1000, batch_size=0, test_fraction=0.0, shuffle=False)
COMPARED = ("optimizer", "lr", "epochs", "seed")
CHANCE_LOSS = math.log(2)  # answering 0.5 for every student
HOURS = [[1.0], [2.0], [3.0]]  # hours studied by each of the course's three students
PASSED = [[0.0], [0.0], [1.0]]  # and whether they passed (1) or not (0)
CURVE_X = [i / 10 for i in range(101)]  # the fitted curve is plotted over 0-10 hours


def hours_pass():
    """The course's chapter-6 data: hours studied (x) and whether the exam was passed (y), (3, 1) each."""
    return torch.tensor(HOURS), torch.tensor(PASSED)


def load(cfg) -> TaskData:
    return TaskData(*hours_pass())


def load_datasets(path, cfg):
    """The three students, all of them for training: the chapter has no test set."""
    x, y = hours_pass()
    return IndexedDataset(x, y), None


def build_model(cfg, in_features):
    return LogisticRegression()


def criterion(cfg):
    """Binary cross-entropy: the loss of a probability against a 0/1 label."""
    return nn.BCELoss()


def count_correct(outputs, labels):
    """Probabilities of at least 0.5 read as 1, the rest as 0, against the 0/1 labels."""
    return int(((outputs >= 0.5).float() == labels).sum())


@torch.no_grad()
def fitted(model, criterion, train_set):
    """The loss on the training data, the fitted w and b, and the model's output over 0-10 hours."""
    x, y = train_set.x_data, train_set.y_data
    out = model(x)
    curve = model(torch.tensor(CURVE_X, device=x.device).unsqueeze(1)).squeeze(1).cpu()
    record = {"train/loss": float(criterion(out, y)), "w": float(model.linear.weight), "b": float(model.linear.bias),
              "curve/x": CURVE_X, "curve/y": curve.tolist()}
    return record, out


@torch.no_grad()
def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """Loss and accuracy on the three students, the fitted w and b, and P(pass) over 0-10 hours."""
    record, out = fitted(model, criterion, train_set)
    record["train/acc"] = count_correct(out, train_set.y_data) / len(out)
    return record, None


# The script's data part for both hours tasks (this one and core.tasks.linear).
DATA_SOURCES = [("HOURS", HOURS, None), ("PASSED", PASSED, None), ("CURVE_X", CURVE_X, None), hours_pass, load_datasets]


def script_sources(cfg):
    return [*DATA_SOURCES, LogisticRegression, build_model, criterion, count_correct, fitted, evaluate]
