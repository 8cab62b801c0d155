"""Default MNIST checkpoints so /draw reads digits on a fresh install, before anyone has trained.

`python -m core.defaults ensure` builds models/mnist_mlp.pt and models/mnist_cnn.pt when they are
missing, corrupt or made by another recipe, with a progress bar on stderr, and prints the
`python -m core train mnist ... --save ...` command that gives the same weights (same RunConfig).
`python -m core.defaults status` says what is there. Budget mode ($TORCHPLAY_DEFAULTS_BUDGET=1 or
budget=True) trains on a small subset in seconds, for tests; the real targets are checked by the
benchmark and a slow test.
"""

import argparse
import contextlib
import math
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch
from torch import nn

from core.checkpoints import load_checkpoint, models_dir, save_checkpoint
from core.config import RunConfig, default_config

BUDGET_ENV = "TORCHPLAY_DEFAULTS_BUDGET"
NAMES = ("mnist_cnn", "mnist_mlp")  # the CNN reads best, so it gives the page's main prediction
LABELS = {"mnist_mlp": "MLP (course, ch. 9)", "mnist_cnn": "CNN"}

# Both are trained with random distortions (core.augment) because drawn digits are slanted, thick,
# off-centre and unlike MNIST's pens. The CLI has no lr schedule, so the lr is constant: Adam at 5e-4
# (1e-3 wobbled around 99.0 % from epoch to epoch) reaches the targets within a few CPU minutes.
# Targets: CNN >= 99.0 %, MLP >= 97.5 % MNIST test accuracy (the slow test and bench/bench_draw.py check them).
RECIPES = {
    "mnist_mlp": default_config("mnist", model="mlp", optimizer="adam", lr=0.0005, momentum=0.0, epochs=8,
                                batch_size=64, augment=True, log_every=100),
    "mnist_cnn": default_config("mnist", model="cnn", optimizer="adam", lr=0.0005, momentum=0.0, epochs=5,
                                batch_size=64, augment=True, log_every=100),
}
BUDGET = dict(epochs=1, train_subset=2000, test_subset=500, log_every=8)  # seconds; no held-out scoring

Progress = Callable[[float, str], None]  # (fraction done 0..1, what is happening: a Note)


class Note(str):
    """A progress message: its English text (the terminal bar prints it) with a key and fields, so a page can say
    it in the learner's language."""

    def __new__(cls, key: str, text: str, **fields):
        note = super().__new__(cls, text.format(**fields))
        note.key, note.fields = key, fields
        return note

    def about(self, model: str) -> "Note":
        """The same note, naming the default model it is about."""
        return Note(self.key, "{model}: " + self.replace("{", "{{").replace("}", "}}"), model=model, **self.fields)


@dataclass(frozen=True)
class DefaultModel:
    """A loaded default checkpoint: eval-mode CPU model, its config and recorded metrics."""

    name: str
    label: str
    model: nn.Module
    config: RunConfig
    metrics: dict


def budget_mode() -> bool:
    return os.environ.get(BUDGET_ENV, "") not in ("", "0")


def recipes(budget: bool | None = None) -> dict[str, RunConfig]:
    """Name -> the RunConfig that builds it (the tiny budget variant in budget mode)."""
    budget = budget_mode() if budget is None else budget
    return {name: cfg.replace(**BUDGET) if budget else cfg for name, cfg in RECIPES.items()}


def checkpoint_path(name: str, directory: Path | None = None) -> Path:
    return Path(directory or models_dir()) / f"{name}.pt"


def check(name: str, directory: Path | None = None, budget: bool | None = None) -> str:
    """'ok', 'missing', 'corrupt: ...' or 'stale: ...' for one default checkpoint."""
    path = checkpoint_path(name, directory)
    if not path.is_file():
        return "missing"
    try:
        _, cfg, _ = load_checkpoint(path)
    except ValueError as error:
        return f"corrupt: {error}"
    wanted = recipes(budget)[name]
    if cfg != wanted:
        changed = [k for k, v in wanted.to_dict().items() if cfg.to_dict().get(k) != v]
        return f"stale: built by another recipe ({', '.join(changed)} differ)"
    return "ok"


def status(directory: Path | None = None, budget: bool | None = None) -> dict[str, str]:
    return {name: check(name, directory, budget) for name in NAMES}


def ready(directory: Path | None = None, budget: bool | None = None) -> bool:
    return all(state == "ok" for state in status(directory, budget).values())


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


# -- building -------------------------------------------------------------------------------------

_build_lock = threading.Lock()  # one build at a time in this process (pages share it)


@contextlib.contextmanager
def _exclusive(directory: Path):
    """Hold this process's lock and a file lock, so `make` and a page never train the same file twice."""
    directory.mkdir(parents=True, exist_ok=True)
    with _build_lock, open(directory / ".ensure.lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: the in-process lock is all we have
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure(directory: Path | None = None, budget: bool | None = None, progress: Progress | None = None,
           log: Callable[[str], None] | None = None) -> dict[str, str]:
    """Build every default checkpoint that is not 'ok'; returns name -> what was done ('ok' or 'built (...)')."""
    directory = Path(directory or models_dir())
    progress = progress or (lambda fraction, message: None)
    log = log or (lambda message: None)
    done = {}
    with _exclusive(directory):
        todo = {name: state for name, state in status(directory, budget).items() if state != "ok"}
        cfgs = recipes(budget)
        # Weigh each build by its epochs and model cost so the bar moves evenly (a CNN epoch ~ 3 MLP epochs).
        weights = {name: cfgs[name].epochs * (3 if cfgs[name].model == "cnn" else 1) for name in todo}
        total, finished = sum(weights.values()) or 1, 0
        for name in NAMES:
            if name not in todo:
                done[name] = "ok"
                continue
            path = checkpoint_path(name, directory)
            log(f"{name}: {todo[name]}; building it. The same weights come from:\n  "
                f"{cli_command(cfgs[name], shown_path(path))}")
            start = finished

            def step(fraction, message, start=start, name=name):
                progress((start + fraction * weights[name]) / total, message.about(name))

            metrics = build(name, path, cfgs[name], step, held_out=not (budget_mode() if budget is None else budget))
            finished += weights[name]
            done[name] = (f"built (MNIST test {metrics['test/acc']:.2%}"
                          + (f", drawn digits {metrics['heldout/acc']:.2%}" if "heldout/acc" in metrics else "")
                          + f", {metrics['build_s']:.0f} s)")
            log(f"{name}: {done[name]}")
        progress(1.0, Note("ready", "default models ready"))
    return done


def build(name: str, path: Path, cfg: RunConfig, progress: Progress | None = None, held_out: bool = True) -> dict:
    """Train one default model exactly as `python -m core train` would, then save it with its metrics."""
    from core.train import Training

    progress = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    progress(0.0, Note("loading", "loading MNIST"))
    training = Training(cfg)
    last_eval = {}
    for record in training:
        if record["kind"] == "train":
            fraction = (record["epoch"] - 1 + record["epoch_progress"]) / cfg.epochs
            progress(0.97 * fraction, Note("epoch", "epoch {epoch}/{epochs}, loss {loss:.3f}", epoch=record["epoch"],
                                           epochs=cfg.epochs, loss=record["train/loss"]))
        elif record["kind"] == "eval":
            last_eval = record
        elif record["reason"] != "finished":
            raise RuntimeError(f"building {name} failed: {record['message']}")
    progress(0.97, Note("scoring", "scoring on held-out drawn digits"))
    model = training.model.cpu().eval()
    metrics = {"steps": training.step, "epochs": cfg.epochs,
               **{k: v for k, v in last_eval.items() if k.startswith(("train/", "test/"))}}
    if held_out:
        metrics |= held_out_metrics(model)
    metrics["build_s"] = time.perf_counter() - started
    save_checkpoint(path, model, cfg, metrics, in_features=training.data.in_features)
    return metrics


def held_out_set(seed: int = 0) -> tuple[np.ndarray, np.ndarray] | None:
    """The repo's held-out drawn digits (bench/handwriting.py, not MNIST), or None in an install without bench/."""
    try:
        from bench.handwriting import make_set
    except ImportError:
        return None
    return make_set(seed)


def held_out_metrics(model: nn.Module, images: np.ndarray | None = None, labels: np.ndarray | None = None) -> dict:
    """Accuracy on drawn canvases with the page's preprocessing and with a naive resize (default: seed 0's set)."""
    from core.preprocess import naive_resize, preprocess

    if images is None:
        held_out = held_out_set(0)
        if held_out is None:  # the metric is simply not recorded
            return {}
        images, labels = held_out
    processed = torch.stack([preprocess(image).tensor for image in images])
    naive = torch.stack([naive_resize(image) for image in images])
    labels = torch.as_tensor(labels)
    return {"heldout/acc": accuracy(model, processed, labels), "heldout/acc_naive": accuracy(model, naive, labels),
            "heldout/n": len(labels)}


@torch.no_grad()
def accuracy(model: nn.Module, x: torch.Tensor, labels: torch.Tensor) -> float:
    return float((predict(model, x).argmax(1) == labels).float().mean())


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Softmax probabilities (N, 10) for normalised (N, 1, 28, 28) or one (1, 28, 28) digit, on CPU."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    probs = model(x.to(device)).softmax(dim=1).cpu()
    model.train(was_training)
    return probs


def read_digit(models: dict[str, nn.Module], x: torch.Tensor) -> dict[str, np.ndarray]:
    """Name -> softmax probabilities (10,) of each model for one normalised (1, 28, 28) digit."""
    return {name: predict(model, x.unsqueeze(0))[0].numpy() for name, model in models.items()}


# -- loading --------------------------------------------------------------------------------------

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


class BackgroundBuild:
    """ensure() in a daemon thread for a UI: start() is idempotent, state() reports progress."""

    def __init__(self, directory: Path | None = None, budget: bool | None = None):
        self.directory, self.budget = directory, budget
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.fraction, self.message, self.error = 0.0, Note("waiting", "waiting to start"), None

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and (self._thread.is_alive() or self.error is None):
                return
            self.fraction, self.message, self.error = 0.0, Note("starting", "starting"), None
            self._thread = threading.Thread(target=self._run, name="default-models", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        def progress(fraction, message):
            self.fraction, self.message = fraction, message

        try:
            ensure(self.directory, self.budget, progress=progress)
        except Exception as error:  # shown to the learner; a retry starts a fresh thread
            self.error = f"{type(error).__name__}: {error}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


# -- terminal -------------------------------------------------------------------------------------

class TerminalBar:
    """A one-line progress bar on stderr (a new line every 10 % when stderr is not a terminal)."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream, self.width = stream, width
        self.tty = stream.isatty()
        self.last_tenth, self.last_draw = -1, 0.0

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        filled = math.floor(fraction * self.width)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%}  {message}"
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw > 0.1 or fraction >= 1.0:
                self.stream.write(f"\r\033[K{line}")
                self.stream.flush()
                self.last_draw = now
        elif math.floor(fraction * 10) > self.last_tenth:
            self.last_tenth = math.floor(fraction * 10)
            self.stream.write(line + "\n")
            self.stream.flush()

    def log(self, message: str) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(message + "\n")
        self.stream.flush()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.defaults", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("ensure", "status"))
    parser.add_argument("--dir", type=Path, default=None, help=f"models directory (default {models_dir()})")
    parser.add_argument("--budget", action="store_true", default=None,
                        help=f"tiny subset, seconds not minutes (tests; also ${BUDGET_ENV}=1)")
    args = parser.parse_args(argv)
    if args.command == "status":
        states = status(args.dir, args.budget)
        for name, state in states.items():
            print(f"{name:<10} {state}  ({checkpoint_path(name, args.dir)})")
        return 0 if all(s == "ok" for s in states.values()) else 1
    bar = TerminalBar()
    started = time.perf_counter()
    try:
        done = ensure(args.dir, args.budget, progress=bar, log=bar.log)
    except (RuntimeError, ValueError, OSError) as error:
        bar.log(f"python -m core.defaults: error: {error}")
        return 1
    bar.log("")
    for name, what in done.items():
        print(f"{name:<10} {what}  ({checkpoint_path(name, args.dir)})")
    if any(what != "ok" for what in done.values()):
        print(f"default models ready in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
