"""Checkpoints: a model's state_dict plus the config that built it, loaded with weights_only=True."""

import io
import os
from pathlib import Path

import torch
from torch import nn

from core.config import RunConfig
from core.tasks import build_model


def models_dir() -> Path:
    """Where checkpoints live: repo/models, or $TORCHPLAY_MODELS."""
    default = Path(__file__).resolve().parent.parent / "models"
    return Path(os.environ.get("TORCHPLAY_MODELS", default))


def checkpoint_metrics(eval_record: dict) -> dict:
    """What a checkpoint records of its run: steps, epochs and the train/ and test/ figures of its last evaluation."""
    return {"steps": eval_record["step"], "epochs": eval_record["epoch"],
            **{k: v for k, v in eval_record.items() if k.startswith(("train/", "test/"))}}


def _payload(model: nn.Module, cfg: RunConfig, metrics: dict | None, in_features: int | None) -> dict:
    return {
        "config": cfg.to_dict(),
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "metrics": dict(metrics or {}),
        "in_features": in_features,
    }


def save_checkpoint(path, model: nn.Module, cfg: RunConfig, metrics: dict | None = None,
                    in_features: int | None = None) -> Path:
    """Save the weights (on CPU), the config that built them and `metrics` to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _write(path, _payload(model, cfg, metrics, in_features))


def checkpoint_bytes(model: nn.Module, cfg: RunConfig, metrics: dict | None = None,
                     in_features: int | None = None) -> bytes:
    """What save_checkpoint would write, as bytes (a saved model kept in the class store)."""
    buffer = io.BytesIO()
    torch.save(_payload(model, cfg, metrics, in_features), buffer)
    return buffer.getvalue()


def _write(path: Path, payload: dict) -> Path:
    """Atomically: a half-written file never looks like a checkpoint."""
    tmp = path.with_name(path.name + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)
    return path


def add_metrics(path, metrics: dict) -> Path:
    """Record more figures with a saved checkpoint (e.g. a benchmark's scores); weights and config stay as they are."""
    path = Path(path)
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:
        raise ValueError(f"checkpoint {path} is corrupt or incompatible ({type(error).__name__}: {error})") from error
    payload["metrics"] = {**payload.get("metrics", {}), **metrics}
    return _write(path, payload)


def load_checkpoint(path, device: torch.device | str = "cpu") -> tuple[nn.Module, RunConfig, dict]:
    """Load (model in eval mode, config, metrics); a missing or corrupt file raises ValueError."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no checkpoint at {path}")
    return _loaded(path, path, device)


def load_checkpoint_bytes(data: bytes, label: str, device: torch.device | str = "cpu"
                          ) -> tuple[nn.Module, RunConfig, dict]:
    """load_checkpoint for checkpoint bytes (weights_only); `label` names them in the error."""
    return _loaded(io.BytesIO(data), label, device)


def _loaded(source, label, device) -> tuple[nn.Module, RunConfig, dict]:
    try:
        payload = torch.load(source, map_location=device, weights_only=True)
        cfg = RunConfig.from_dict(payload["config"])
        model = build_model(cfg, in_features=payload.get("in_features"))
        model.load_state_dict(payload["state_dict"])
    except Exception as error:  # any unpickling/shape problem means the file is unusable
        raise ValueError(f"checkpoint {label} is corrupt or incompatible ({type(error).__name__}: {error})") from error
    model.to(device).eval()
    return model, cfg, payload.get("metrics", {})
