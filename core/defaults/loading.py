"""Loading the default checkpoints, and the ones learners saved, for /draw."""

from dataclasses import dataclass
from pathlib import Path

from torch import nn

from core.checkpoints import load_checkpoint, models_dir
from core.config import RunConfig
from core.defaults.recipes import LABELS, NAMES
from core.defaults.store import checkpoint_path


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


def user_checkpoints(directory: Path | None = None) -> list[Path]:
    """Checkpoints learners saved under models/user/*.pt, newest first."""
    folder = Path(directory or models_dir()) / "user"
    return sorted(folder.glob("*.pt"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []


def load_mnist_checkpoint(path: Path) -> tuple[nn.Module, RunConfig, dict]:
    """load_checkpoint, plus a plain ValueError when the file holds a model that does not read digits."""
    model, cfg, metrics = load_checkpoint(path)
    if cfg.task != "mnist":
        raise ValueError(f"{Path(path).name} is a {cfg.task} model, not an MNIST digit reader")
    return model, cfg, metrics
