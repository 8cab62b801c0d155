"""Lecture 5: the lecture's LinearModel (Linear(1, 1)) with MSELoss and any of the eight optimizers it names."""

import torch
from torch import nn

# The lecture uses lecture 3's three samples, x_data = torch.Tensor([[1.0], [2.0], [3.0]]) and y = 2x.
from core.tasks.gradient_descent import X_DATA, Y_DATA, lecture_data, load, load_datasets  # noqa: F401

NAME = "linear-regression"
TITLE = "Lecture 5 · Linear regression with PyTorch: LinearModel, MSELoss and torch.optim"
DATA_FILE = ""  # the data is in the script
SEEDED = "the starting weights"
PREDICT_AT = 4.0
# The lecture's exercise: torch.optim's classes, by the names the CLI and the page use.
OPTIMIZER_CLASSES = {"sgd": "SGD", "adagrad": "Adagrad", "adam": "Adam", "adamax": "Adamax", "asgd": "ASGD",
                     "lbfgs": "LBFGS", "rmsprop": "RMSprop", "rprop": "Rprop"}
OPTIMIZERS = tuple(OPTIMIZER_CLASSES)
DEFAULTS = dict(optimizer="sgd", lr=0.01, epochs=1000, batch_size=0, shuffle=False, test_fraction=0.0,
                reduction="sum")
COMPARED = ("optimizer", "lr", "reduction", "momentum", "epochs", "seed")
CHANCE_LOSS = None  # regression: a diverging w overflows to inf and core calls the run diverged


class LinearModel(nn.Module):
    """The lecture's model: one Linear(1, 1), so ŷ = w·x + b; model(x) calls forward through Module.__call__."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


def build_model(cfg, in_features):
    return LinearModel()


def criterion(cfg):
    """MSELoss summed over the samples (the lecture's size_average=False) or averaged (reduction 'mean')."""
    return nn.MSELoss(reduction=cfg.reduction)


def make_optimizer(cfg, params, capturable=False):
    """The optimizer cfg names, at cfg.lr (SGD also takes cfg.momentum); the others at torch's defaults."""
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum)
    return getattr(torch.optim, OPTIMIZER_CLASSES[cfg.optimizer])(params, lr=cfg.lr)


def train_step(model, criterion, optimizer, inputs, labels):
    """zero_grad, forward, loss, backward, as a closure every torch.optim step accepts; LBFGS calls it several
    times a step (the lecture's "LBFGS needs a closure"). Returns the loss before the step and no outputs."""
    def closure():
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels)
        loss.backward()
        return loss

    return optimizer.step(closure).item(), None


def count_correct(outputs, labels):
    """Regression has no right or wrong answers: nothing is counted and no accuracy is reported."""
    return 0


@torch.no_grad()
def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """The lecture's closing print: w, b, the loss (as the criterion sums or averages it) and predict(4)."""
    x, y = train_set.x_data, train_set.y_data
    record = {"train/loss": float(criterion(model(x), y)), "w": float(model.linear.weight),
              "b": float(model.linear.bias), "predict": float(model(torch.tensor([[PREDICT_AT]], device=x.device)))}
    return record, None


def script_stem(cfg):
    return f"{NAME}_{cfg.optimizer}"


def script_settings(cfg):
    return [("reduction", cfg.reduction, "'sum' as the lecture's MSELoss(size_average=False), or 'mean'")]


def script_sources(cfg):
    return [("X_DATA", X_DATA, None), ("Y_DATA", Y_DATA, None), ("PREDICT_AT", PREDICT_AT, None), lecture_data,
            load_datasets, LinearModel, build_model, criterion,
            ("OPTIMIZER_CLASSES", OPTIMIZER_CLASSES, None), make_optimizer, train_step, count_correct, evaluate]
