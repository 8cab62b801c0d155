"""Model quality, not just running code: the default checkpoints `make` builds read MNIST's 10k test digits at their
targets, and one epoch at the course's settings learns MNIST.

The accuracies are computed here from the real test files (read and checked independently of core's loader), never
taken from the metrics a checkpoint stores. `make test` builds the real default checkpoints first (`make models`);
a budget build, $TORCHPLAY_DEFAULTS_BUDGET or checkpoints built by training code that has changed since (core.defaults
check() says "stale") fail these tests rather than skipping them or passing on old files.
"""

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
import torch

from core.checkpoints import load_checkpoint
from core.config import default_config
from core.data import MNIST_MEAN, MNIST_STD
from core.defaults import BUDGET_ENV, RECIPES, budget_mode, check, checkpoint_path
from core.inference import predict
from core.train import Training

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"mnist_cnn": 0.990, "mnist_mlp": 0.975}  # MNIST test accuracy of the defaults /draw starts from
COURSE_ONE_EPOCH = 0.88
TEST_FILES = {"t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",  # MNIST's 10k test set, uncompressed
              "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637"}


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """The suite shares two cores: one intra-op thread is many times faster than two when they are busy."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def mnist_test() -> tuple[torch.Tensor, torch.Tensor]:
    """The 10,000 MNIST test digits, normalised as the models were trained, and their labels."""
    raw = Path(os.environ.get("TORCHPLAY_DATA", ROOT / "data")) / "MNIST" / "raw"
    data = {}
    for name, md5 in TEST_FILES.items():
        data[name] = (raw / name).read_bytes()
        assert hashlib.md5(data[name]).hexdigest() == md5, f"{raw / name} is not MNIST's test file"
    images = np.frombuffer(data["t10k-images-idx3-ubyte"], np.uint8, offset=16).reshape(-1, 1, 28, 28)
    labels = np.frombuffer(data["t10k-labels-idx1-ubyte"], np.uint8, offset=8)
    assert len(images) == len(labels) == 10_000
    x = (torch.from_numpy(images.astype(np.float32)) / 255 - MNIST_MEAN) / MNIST_STD
    return x, torch.from_numpy(labels.astype(np.int64))


def accuracy(model: torch.nn.Module, x: torch.Tensor, labels: torch.Tensor) -> float:
    chunks = zip(x.split(2000), labels.split(2000))
    return sum(int((predict(model, chunk).argmax(1) == y).sum()) for chunk, y in chunks) / len(labels)


@pytest.mark.parametrize("name", TARGETS)
def test_the_default_checkpoints_reach_their_mnist_test_accuracy(name, mnist_test):
    assert not budget_mode(), (f"${BUDGET_ENV} is set: this test checks the real default models, which budget mode "
                               "does not build; unset it and run `make models`")
    path = checkpoint_path(name)
    model, cfg, _ = load_checkpoint(path)  # ValueError when missing: `make test` builds them first (`make models`)
    assert cfg == RECIPES[name], (f"{path} was not built by the real recipe (a budget or stale build?); "
                                  "rebuild it: python -m core.defaults ensure")
    state = check(name)  # the training code as it is now built it, or its accuracy says nothing about that code
    assert state == "ok", (f"{path}, this session's copy of set-up's checkpoint, is {state}; rebuild set-up's: "
                           "python -m core.defaults ensure (`make test` does)")
    acc = accuracy(model, *mnist_test)
    assert acc >= TARGETS[name], f"{name} reads {acc:.2%} of MNIST's 10k test digits, below {TARGETS[name]:.1%}"


def test_one_epoch_at_the_course_settings_learns_mnist(mnist_test):
    cfg = default_config("mnist", epochs=1)
    course = dict(model="mlp", optimizer="sgd", lr=0.01, momentum=0.5, batch_size=64, train_subset=0)
    assert {k: getattr(cfg, k) for k in course} == course  # the course's MLP, SGD, full training set
    training = Training(cfg)
    records = list(training)
    assert records[-1]["reason"] == "finished", records[-1]
    acc = accuracy(training.model, *mnist_test)
    assert acc >= COURSE_ONE_EPOCH, f"one course epoch reads {acc:.2%} of the test digits, below {COURSE_ONE_EPOCH:.0%}"
