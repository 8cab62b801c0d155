"""A learner's own table (core.upload) in chapter 7's place: numeric features in, P(label = 1) out."""

from core import upload
from core.tabular import label_last_split, read_label_last
from core.tasks.table import (MODEL_SOURCES, SPLIT_SOURCES, build_model, count_correct, criterion,  # noqa: F401
                              datasets, evaluate, task_data)
from core.tasks.diabetes import script_settings  # noqa: F401 (the same settings as chapter 7's table)

NAME = "upload"
TITLE = "Your own table: numeric features in, one probability out"
DATA_FILE = "my_table.csv"
DATA_NOTE = ("The data: the CSV you uploaded to torchplay, numeric feature columns with the 0/1 label last\n"
             "(a first line that is not numbers is skipped as a header).")
SCRIPT_DATA_TEXT = "export.data_upload"


def load(cfg):
    table = upload.get_table(cfg.data)
    return task_data(label_last_split(table.x, table.y, cfg.test_fraction, cfg.seed, cfg.standardise), cfg)


def load_datasets(path, cfg):
    """Your CSV: numeric feature columns, the 0/1 label last; a first line that is not numbers is a header."""
    try:
        x, y = read_label_last(path)
    except ValueError:
        x, y = read_label_last(path, header_lines=1)
    return datasets(label_last_split(x, y, cfg.test_fraction, cfg.seed, cfg.standardise), cfg)


def script_sources(cfg):
    return [read_label_last, *SPLIT_SOURCES, label_last_split, load_datasets, *MODEL_SOURCES]
