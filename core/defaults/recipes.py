"""Which default MNIST models exist, the RunConfig that trains each, its budget variant, and its CLI command."""

import hashlib
import os
from pathlib import Path

from core.config import RunConfig, default_config

ROOT = Path(__file__).resolve().parents[2]
BUDGET_ENV = "TORCHPLAY_DEFAULTS_BUDGET"
NAMES = ("mnist_cnn", "mnist_mlp")  # the CNN reads best, so it gives the page's main prediction
LABELS = {"mnist_mlp": "MLP (course, ch. 9)", "mnist_cnn": "CNN"}

# Both are trained with random distortions (core.augment) because drawn digits are slanted, thick,
# off-centre and unlike MNIST's pens. No lr schedule in the CLI: Adam at 5e-4, steadier than 1e-3 (bench/README.md).
# Targets: CNN >= 99.0 %, MLP >= 97.5 % MNIST test accuracy (tests/test_model_quality.py checks them).
RECIPES = {
    "mnist_mlp": default_config("mnist", model="mlp", optimizer="adam", lr=0.0005, momentum=0.0, epochs=8,
                                batch_size=64, augment=True, log_every=100),
    "mnist_cnn": default_config("mnist", model="cnn", optimizer="adam", lr=0.0005, momentum=0.0, epochs=5,
                                batch_size=64, augment=True, log_every=100),
}
BUDGET = dict(epochs=1, train_subset=2000, test_subset=500, log_every=8)  # seconds, for tests
# The code a default build runs that shapes its weights: data loading, task, model, augmentation, loop, device.
# A change to any of these files makes the checkpoints stale (code_fingerprint); tests/test_defaults.py checks
# that every core module a build imports is listed here or named there as one that does not shape the weights.
SOURCES = ("core/config.py", "core/defaults/recipes.py", "core/defaults/build.py", "core/train.py", "core/loop.py",
           "core/cuda_graph.py", "core/device.py", "core/data.py", "core/mnist.py", "core/tasks/base.py",
           "core/tasks/mnist.py", "core/models.py", "core/augment.py")


def budget_mode() -> bool:
    """Whether $TORCHPLAY_DEFAULTS_BUDGET asks for the tiny budget recipes."""
    return os.environ.get(BUDGET_ENV, "") not in ("", "0")


def code_fingerprint(root: Path = ROOT) -> str:
    """Which training code builds the defaults: sha256 of SOURCES' names and bytes, in their order (16 hex digits)."""
    digest = hashlib.sha256()
    for name in SOURCES:
        source = (root / name).read_bytes()
        digest.update(f"{name}\0{len(source)}\0".encode())
        digest.update(source)
    return digest.hexdigest()[:16]


def recipes(budget: bool | None = None) -> dict[str, RunConfig]:
    """Name -> the RunConfig that builds it (the tiny budget variant in budget mode)."""
    budget = budget_mode() if budget is None else budget
    return {name: cfg.replace(**BUDGET) if budget else cfg for name, cfg in RECIPES.items()}


def shown_path(path: Path) -> Path:
    """A path as a learner would type it: relative to the current folder when it is inside it."""
    path = Path(path).resolve()
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path


def cli_command(cfg: RunConfig, path: Path | str) -> str:
    """The headless CLI call that trains the same weights as `cfg` and saves them to `path`."""
    base = default_config("mnist").to_dict()
    flags = {"epochs": "--epochs", "lr": "--lr", "batch_size": "--batch-size", "momentum": "--momentum",
             "optimizer": "--optimizer", "model": "--model", "seed": "--seed", "device": "--device",
             "log_every": "--log-every", "train_subset": "--train-subset", "test_subset": "--test-subset"}
    parts = ["python -m core train mnist"]
    for field, value in cfg.to_dict().items():
        if value == base[field]:
            continue
        if field in flags:
            parts.append(f"{flags[field]} {value:g}" if isinstance(value, float) else f"{flags[field]} {value}")
        elif field == "augment" and value:
            parts.append("--augment")
        elif field == "shuffle" and not value:
            parts.append("--no-shuffle")
        else:
            raise AssertionError(f"the CLI has no flag for {field}={value!r}; add one so the recipe stays reproducible")
    parts.append(f"--save {path}")
    return " ".join(parts)
