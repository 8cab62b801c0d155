"""Chapter 7 (and 8's DataLoader): eight measurements per person in, P(diabetes) out."""

from core import data
from core.tabular import label_last_split, read_label_last
from core.tasks.table import (CHANCE_LOSS, MODEL_SOURCES, SPLIT_SOURCES, build_model, count_correct,  # noqa: F401
                              criterion, datasets, evaluate, reads, script_settings as table_settings, task_data)

NAME = "diabetes"
TITLE = "Chapter 7 · Diabetes: eight features in, one probability out"
DATA_FILE = "data/diabetes.csv.gz"
DATA_NOTE = "The data: torchplay's data/diabetes.csv.gz (in its repository)."
DEFAULTS = dict(hidden=(6, 4), activation="sigmoid", optimizer="sgd", lr=0.1, epochs=100, batch_size=0, shuffle=False)
TAKES_UPLOADS = True  # a learner's CSV may stand in for the table (core.tasks.uploaded)
COMPARED = ("hidden", "activation", "optimizer", "lr", "momentum", "batch_size", "epochs", "seed", "standardise",
            "test_fraction", "patience")
SCRIPT_DATA_TEXT = "export.data_table"
DATASET = "diabetes"  # its name in ui/text's shell.dataset.*


def data_ready() -> bool:
    return reads(data.read_diabetes)


def load(cfg):
    split = data.load_diabetes(test_fraction=cfg.test_fraction, seed=cfg.seed, standardise=cfg.standardise)
    return task_data(vars(split), cfg)


def load_datasets(path, cfg):
    """diabetes.csv.gz: 8 measurements per person, then 1 for diabetes or 0."""
    x, y = read_label_last(path)
    return datasets(label_last_split(x, y, cfg.test_fraction, cfg.seed, cfg.standardise), cfg)


def script_settings(cfg):
    return [*table_settings(cfg), ("standardise", cfg.standardise, "scale features by the training rows' mean/std")]


def script_sources(cfg):
    return [read_label_last, *SPLIT_SOURCES, label_last_split, load_datasets, *MODEL_SOURCES]
