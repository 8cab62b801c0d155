"""Chapter 5's linear regression on chapter 6's hours-studied data: the twin chapter 6 compares against."""

from torch import nn

from core.models import LinearRegression
from core.tasks.logistic import DATA_SOURCES, fitted, load, load_datasets  # noqa: F401 (the same data)
from core.tasks.logistic import COMPARED, DEFAULTS  # noqa: F401 (the twin trains with chapter 6's settings)

NAME = "linear"
TITLE = "Chapter 5/6 · Linear regression on the hours-studied data (the twin of logistic regression)"
DATA_FILE = ""  # the data is in the script
SEEDED = "the starting weights"


def build_model(cfg, in_features):
    return LinearRegression()


def criterion(cfg):
    """Mean squared error: how far the line is from each 0/1 label, squared."""
    return nn.MSELoss()


def count_correct(outputs, labels):
    """Regression has no right or wrong answers: nothing is counted and no accuracy is reported."""
    return 0


def evaluate(model, criterion, train_set, test_set, running, keep_going=None):
    """Loss on the three students, the fitted w and b, and the fitted line over 0-10 hours."""
    record, _ = fitted(model, criterion, train_set)
    return record, None


def script_sources(cfg):
    return [*DATA_SOURCES, LinearRegression, build_model, criterion, count_correct, fitted, evaluate]
