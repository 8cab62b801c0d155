"""Loading the default checkpoints for /draw, and the check that a learner's saved model reads digits."""

from dataclasses import dataclass
from pathlib import Path

from torch import nn

from core.checkpoints import load_checkpoint
from core.config import RunConfig
from core.defaults.recipes import LABELS, NAMES
from core.defaults.store import checkpoint_path
from core.tasks import TASKS


@dataclass(frozen=True)
class DefaultModel:
    """A loaded default checkpoint: eval-mode CPU model, its config and recorded metrics."""

    name: str
    label: str
    model: nn.Module
    config: RunConfig
    metrics: dict


def load_defaults(directory: Path | None = None) -> dict[str, DefaultModel]:
    """Every default checkpoint loaded on CPU (weights_only); ValueError if one is missing or corrupt."""
    loaded = {}
    for name in NAMES:
        model, cfg, metrics = load_checkpoint(checkpoint_path(name, directory))
        loaded[name] = DefaultModel(name, LABELS[name], model, cfg, metrics)
    return loaded


def digit_reader(loaded: tuple[nn.Module, RunConfig, dict], label: str) -> tuple[nn.Module, RunConfig, dict]:
    """A loaded checkpoint (model, config, metrics) as it is, or a plain ValueError when it does not read digits."""
    cfg = loaded[1]
    if not TASKS[cfg.task].reads_digits:
        raise ValueError(f"{label} is a {cfg.task} model, not an MNIST digit reader")
    return loaded
