"""`python -m core.defaults ensure|status`: build the default checkpoints with a tqdm bar, or say what is there."""

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from core.checkpoints import models_dir
from core.defaults.notes import Note
from core.defaults.recipes import BUDGET_ENV
from core.defaults.store import checkpoint_path, ensure, status


class TerminalBar:
    """ensure()'s progress as a tqdm bar on stderr, the current Note beside it; log() prints above the bar.

    The bar appears with the first log or unfinished step: when every model is already there, `make run` shows
    no bar jumping from 0 to 100 %."""

    def __init__(self, file=None, mininterval: float = 0.1):
        self.file, self.mininterval, self.bar = file or sys.stderr, mininterval, None

    def _shown(self) -> tqdm:
        if self.bar is None:
            self.bar = tqdm(total=1.0, file=self.file, mininterval=self.mininterval,
                            bar_format="{percentage:3.0f}%|{bar:30}| {elapsed}<{remaining}  {desc}")
        return self.bar

    def __call__(self, fraction: float, note: Note) -> None:
        if self.bar is None and fraction >= 1.0:
            return  # nothing was built
        bar = self._shown()
        bar.set_description_str(note, refresh=False)
        bar.update(min(max(fraction, 0.0), 1.0) - bar.n)

    def log(self, message: str) -> None:
        bar = self._shown()
        bar.write(message, file=bar.fp)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.defaults",
                                     description="Default MNIST checkpoints for /draw: build what is missing, "
                                                 "or say what is there.")
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
    finally:
        bar.close()
    for name, what in done.items():
        print(f"{name:<10} {what}  ({checkpoint_path(name, args.dir)})")
    if any(what != "ok" for what in done.values()):
        print(f"default models ready in {time.perf_counter() - started:.0f} s")
    return 0
