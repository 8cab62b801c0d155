"""Training one default model exactly as `python -m core train` would, reporting its progress as Notes."""

import time
from pathlib import Path

from core.checkpoints import checkpoint_metrics, save_checkpoint
from core.config import RunConfig
from core.defaults.notes import Note, Progress, no_progress
from core.defaults.recipes import code_fingerprint


def build(name: str, path: Path, cfg: RunConfig, progress: Progress = no_progress) -> dict:
    """Train `cfg`, save the model to `path` with its metrics, the build's seconds and the training code's
    fingerprint ("code"), return those metrics."""
    from core.train import Training

    code = code_fingerprint()  # the code as this build read it, even if a file changes while it trains
    started = time.perf_counter()
    progress(0.0, Note("loading", "loading MNIST"))
    training = Training(cfg)
    last_eval = {}
    for record in training:
        if record["kind"] == "train":
            fraction = (record["epoch"] - 1 + record["epoch_progress"]) / cfg.epochs
            progress(fraction, Note("epoch", "epoch {epoch}/{epochs}, loss {loss:.3f}", epoch=record["epoch"],
                                    epochs=cfg.epochs, loss=record["train/loss"]))
        elif record["kind"] == "eval":
            last_eval = record
        elif record["reason"] != "finished":
            raise RuntimeError(f"building {name} failed: {record['message']}")
    metrics = checkpoint_metrics(last_eval) | {"build_s": time.perf_counter() - started, "code": code}
    save_checkpoint(path, training.model, cfg, metrics, in_features=training.data.in_features)
    return metrics
