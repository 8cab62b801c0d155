"""A RunConfig as a standalone PyTorch script: the settings, then the source of the very functions and classes
core trains with (core.loop's loop and pieces, core.stop_rules, the task module's data, model and evaluate) and the
script's own command line (core.script), stitched with `inspect.getsource`.

The script imports only torch, numpy and the standard library. With the same data files it prints the records the
page plots (`--json`), and `--steps N` stops after N iterations for a quick check.
"""

import functools
import inspect
import re
import threading

from torch import nn

from core import loop, script, stop_rules
from core.config import RunConfig
from core.tasks import task_of

# The standard-library and package imports the stitched code may use, each kept only when the code uses it.
IMPORTS = [
    ("import argparse", r"\bargparse\."), ("import csv", r"\bcsv\."), ("import json", r"\bjson\."),
    ("import math", r"\bmath\."), ("import re", r"\bre\."), ("from collections.abc import Mapping", r"\bMapping\b"),
    ("from pathlib import Path", r"\bPath\("), ("from types import SimpleNamespace", r"\bSimpleNamespace\("),
    ("", ""),
    ("import numpy as np", r"\bnp\."), ("import torch", r"\btorch\."), ("from torch import nn", r"\bnn\."),
    ("import torch.nn.functional as F", r"\bF\."),
    ("from torch.utils.data import DataLoader, Dataset", r"\bDataLoader\("),
]
# Every run's loop pieces, in the order a reader meets them.
LOOP_SOURCES = [loop.IndexedDataset, loop.effective_batch_size, loop.iterations_per_epoch, loop.log_due,
                loop.finished_message, loop.epoch_batches,
                loop.tensor_batches, loop.epoch_loader, loop.make_optimizer, loop.train_step, loop.parameters_finite,
                ("EVAL_CHUNK", loop.EVAL_CHUNK, None), loop.score_chunks, loop.score, loop.BatchLoop, loop.EpochLoop,
                stop_rules.EarlyStopping, stop_rules.early_stopped, stop_rules.with_stop_rules]
SCRIPT_SOURCES = [script.pick_device, script.log, script.StepLimit, script.train, script.parse_args, script.main]


def script_name(cfg: RunConfig) -> str:
    """A file name for the download, e.g. 'torchplay_mnist_cnn.py'."""
    return f"torchplay_{task_of(cfg).script_stem(cfg)}.py"


def export_script(cfg: RunConfig) -> str:
    """The complete runnable script for `cfg`; ValueError for settings a script cannot reproduce."""
    task = task_of(cfg)
    if cfg.augment and task.augmentable:
        raise ValueError("runs with augmentation cannot be exported yet: turn augmentation off to get the script")
    own = task.script_sources(cfg)
    replaced = {item.__name__ for item in own if hasattr(item, "__name__")}  # a task's own make_optimizer, train_step
    loop_sources = [item for item in LOOP_SOURCES if getattr(item, "__name__", None) not in replaced]
    body = "\n\n\n".join([_settings(cfg, task), *map(_source, loop_sources + own),
                          *map(_source, SCRIPT_SOURCES), "if __name__ == '__main__':\n    main()"])
    return _header(cfg, task) + "\n\n" + _imports(body) + "\n\n\n" + body + "\n"


def _header(cfg: RunConfig, task) -> str:
    data = f" --data {task.data_file}" if task.data_file else ""
    title = task.script_title(cfg)
    title = title if title.endswith(("?", ".")) else title + "."
    lines = [f'"""{title}', "",
             "Exported from torchplay with the page's settings; the same seed gives the page's numbers.",
             "The functions below are the ones torchplay itself trains with, copied from its source.",
             f"Run:   python {script_name(cfg)}{data}",
             "Check: add --json to print the records the page plots, --steps 20 to stop after 20 iterations."]
    if task.data_note:
        lines.append(task.data_note)
    return "\n".join(lines) + '\n"""'


def _imports(body: str) -> str:
    kept = [line for line, used in IMPORTS if not line or re.search(used, body)]
    return "\n".join(kept).strip("\n")


def _settings(cfg: RunConfig, task) -> str:
    """The run's settings as one namespace the functions read (cfg.lr, cfg.batch_size, ...), one per line."""
    rows = [("seed", cfg.seed, f"one seed for {task.seeded}"), ("optimizer", cfg.optimizer, "'sgd' or 'adam'"),
            ("lr", cfg.lr, "learning rate"), ("momentum", cfg.momentum, "SGD only"), ("epochs", cfg.epochs, None),
            ("batch_size", cfg.batch_size, "0 means the whole training set in one batch"),
            ("shuffle", cfg.shuffle, "a new order every epoch"),
            ("drop_last", cfg.drop_last, "skip a last batch smaller than batch_size"),
            ("loader", cfg.loader, "'dataloader': chapter 8's DataLoader; 'tensor': the same batches, sliced"),
            ("num_workers", cfg.num_workers, "DataLoader worker processes"),
            ("log_every", cfg.log_every, "iterations averaged into one printed loss"),
            *task.script_settings(cfg),
            ("train_subset", cfg.train_subset, "use only the first N training samples (0 = all)"),
            ("test_subset", cfg.test_subset, "evaluate only the first N test samples (0 = all)"),
            ("patience", cfg.patience, "early stopping: epochs without a better test loss (0 = off)"),
            ("device", cfg.device, "'auto' picks a GPU when there is one")]
    width = max(len(f"    {name}={value!r},") for name, value, _ in rows) + 2
    lines = ["# The settings of the page's run.", "SETTINGS = SimpleNamespace("]
    for name, value, note in rows:
        line = f"    {name}={value!r},"
        lines.append(f"{line:<{width}}# {note}" if note else line)
    data = f"DATA = {task.data_file!r}" + ("  # or give --data PATH" if task.data_file else "  # the data is below")
    return "\n".join(lines) + "\n)\n" + data


def _source(item) -> str:
    """A function's or class's own source, or a constant (name, value, note) as one assignment."""
    if isinstance(item, tuple):
        name, value, note = item
        return f"{name} = {_literal(value)}" + (f"  # {note}" if note else "")
    return _code(item)


_parsing = threading.Lock()


@functools.lru_cache(maxsize=None)
def _code(item) -> str:
    """The source of a function or class, read once per process.

    One parse at a time: inspect finds a class with ast.parse, which is not thread-safe on CPython 3.11.
    """
    with _parsing:
        return inspect.getsource(item).strip("\n")


def _literal(value) -> str:
    """repr, except that torch.nn layer classes are written as `nn.Name`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, type) and issubclass(value, nn.Module):
        return f"nn.{value.__name__}"
    return repr(value)
