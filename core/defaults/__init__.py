"""Default MNIST checkpoints so /draw reads digits on a fresh install, before anyone has trained.

`python -m core.defaults ensure` builds models/mnist_mlp.pt and models/mnist_cnn.pt when they are missing,
corrupt, made by another recipe or by training code that has changed since (recipes.SOURCES), with a progress bar
on stderr, and prints the `python -m core train mnist ... --save ...` command that gives the same weights (same
RunConfig); `status` says what is there. Budget mode ($TORCHPLAY_DEFAULTS_BUDGET=1 or budget=True) trains on a
small subset in seconds, for tests.

One module per job: recipes (what is built), notes (progress messages), build (training one model), store
(the checkpoints on disk), background (a build a page watches), loading (for /draw), cli (the terminal).
"""

from core.defaults.background import BackgroundBuild
from core.defaults.build import build
from core.defaults.loading import DefaultModel, digit_reader, load_defaults
from core.defaults.notes import Note, Progress
from core.defaults.recipes import (BUDGET, BUDGET_ENV, LABELS, NAMES, RECIPES, SOURCES, budget_mode, cli_command,
                                   code_fingerprint, recipes, shown_path)
from core.defaults.store import check, checkpoint_path, ensure, ready, status
from core.inference import read_digit

__all__ = ["BUDGET", "BUDGET_ENV", "LABELS", "NAMES", "RECIPES", "SOURCES", "BackgroundBuild", "DefaultModel", "Note",
           "Progress", "budget_mode", "build", "check", "checkpoint_path", "cli_command", "code_fingerprint", "ensure",
           "load_defaults", "digit_reader", "read_digit", "ready", "recipes", "shown_path", "status"]
