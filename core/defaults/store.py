"""The default checkpoints on disk: where they are, whether each is usable, and building those that are not."""

import contextlib
import threading
from pathlib import Path
from typing import Callable

from core.checkpoints import load_checkpoint, models_dir
from core.defaults.build import build
from core.defaults.notes import Note, Progress, no_progress
from core.defaults.recipes import NAMES, cli_command, code_fingerprint, recipes, shown_path


def checkpoint_path(name: str, directory: Path | None = None) -> Path:
    return Path(directory or models_dir()) / f"{name}.pt"


def check(name: str, directory: Path | None = None, budget: bool | None = None) -> str:
    """'ok', 'missing', 'corrupt: ...' or 'stale: ...' (another recipe, or training code that has changed since)
    for one default checkpoint."""
    path = checkpoint_path(name, directory)
    if not path.is_file():
        return "missing"
    try:
        _, cfg, metrics = load_checkpoint(path)
    except ValueError as error:
        return f"corrupt: {error}"
    wanted = recipes(budget)[name]
    if cfg != wanted:
        changed = [k for k, v in wanted.to_dict().items() if cfg.to_dict().get(k) != v]
        return f"stale: built by another recipe ({', '.join(changed)} differ)"
    code = code_fingerprint()
    if metrics.get("code") != code:
        built_by = f"code {metrics['code']}" if "code" in metrics else "code older than fingerprints"
        return f"stale: training code changed (built by {built_by}, now {code})"
    return "ok"


def status(directory: Path | None = None, budget: bool | None = None) -> dict[str, str]:
    return {name: check(name, directory, budget) for name in NAMES}


def ready(directory: Path | None = None, budget: bool | None = None) -> bool:
    return all(state == "ok" for state in status(directory, budget).values())


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


def ensure(directory: Path | None = None, budget: bool | None = None, progress: Progress = no_progress,
           log: Callable[[str], None] = lambda message: None) -> dict[str, str]:
    """Build every default checkpoint that is not 'ok'; returns name -> what was done ('ok' or 'built (...)')."""
    directory = Path(directory or models_dir())
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

            def step(fraction, note, start=finished, name=name):
                progress((start + fraction * weights[name]) / total, note.about(name))

            metrics = build(name, path, cfgs[name], step)
            finished += weights[name]
            done[name] = f"built (MNIST test {metrics['test/acc']:.2%}, {metrics['build_s']:.0f} s)"
            log(f"{name}: {done[name]}")
        progress(1.0, Note("ready", "default models ready"))
    return done
