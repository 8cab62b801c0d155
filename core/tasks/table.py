"""What chapter 7's and 8's table tasks share: the course's MLP with a sigmoid output, binary cross-entropy,
scores on both splits, and a split table as datasets."""

import math

import torch
from torch import nn

from core.loop import IndexedDataset, score
from core.models import ACTIVATION_LAYERS, MLP
from core.tasks.base import TaskData
from core.tabular import fit_scale, scaled_split, split_indices

CHANCE_LOSS = math.log(2)  # answering 0.5 for everyone


def reads(read) -> bool:
    """Whether a committed table's reader (core.data.read_diabetes, ...) gets through the file."""
    try:
        read()
    except ValueError:
        return False
    return True


def build_model(cfg, in_features):
    return MLP(in_features, cfg.hidden, cfg.activation)


def criterion(cfg):
    """Binary cross-entropy: the loss of a probability against a 0/1 label."""
    return nn.BCELoss()


def count_correct(outputs, labels):
    """Probabilities of at least 0.5 read as 1, the rest as 0, against the 0/1 labels."""
    return int(((outputs >= 0.5).float() == labels).sum())


@torch.no_grad()
def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """Loss and accuracy on the whole training set, and on the test set when there is one; each layer's weights."""
    record = {}
    for split, dataset in (("train", train_set), ("test", test_set)):
        if dataset is not None:
            scored = score(model, criterion, dataset, count_correct, keep_going)
            if scored is None:
                return None, None
            record[f"{split}/loss"], record[f"{split}/acc"], _ = scored
    record["weights"] = [linear.weight.detach().cpu().tolist() for linear in model.linears]
    return record, None


def datasets(split, cfg):
    """A split table's train and test sets (no test set when it is empty), cut to the budget (0 = all)."""
    train, test = slice(cfg.train_subset or None), slice(cfg.test_subset or None)
    train_set = IndexedDataset(split["x_train"][train], split["y_train"][train])
    if len(split["x_test"]) == 0:
        return train_set, None
    return train_set, IndexedDataset(split["x_test"][test], split["y_test"][test])


def task_data(split, cfg) -> TaskData:
    """The same datasets as core's tensors."""
    train_set, test_set = datasets(split, cfg)
    if test_set is None:
        return TaskData(train_set.x_data, train_set.y_data)
    return TaskData(train_set.x_data, train_set.y_data, test_set.x_data, test_set.y_data)


def script_settings(cfg):
    return [("test_fraction", cfg.test_fraction, "share of rows held out for testing"),
            ("hidden", cfg.hidden, "hidden layer widths"), ("activation", cfg.activation, "between the layers")]


# The script's shared part for tables: splitting, scaling, the model and its scores.
SPLIT_SOURCES = [split_indices, fit_scale, scaled_split]
MODEL_SOURCES = [datasets, ("ACTIVATION_LAYERS", ACTIVATION_LAYERS, None), MLP, build_model, criterion, count_correct,
                 evaluate]
