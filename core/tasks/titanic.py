"""Chapter 8's exercise: who survived the Titanic? Passengers encoded, ages filled, DataLoader mini-batches."""

from core import data
from core.tabular import (TITANIC_CONTINUOUS, TITANIC_TITLES, TITLE_ALIASES, check_passenger, has_titles,
                          read_passengers, row_title, titanic_age_fill, titanic_features, titanic_split, title_of,
                          whole_number)
from core.tasks.table import (CHANCE_LOSS, MODEL_SOURCES, SPLIT_SOURCES, build_model, count_correct,  # noqa: F401
                              criterion, datasets, evaluate, reads, script_settings, task_data)

NAME = "titanic"
TITLE = "Chapter 8 exercise · Titanic: who survived?"
DATA_FILE = "data/titanic.csv"
DATA_NOTE = "The data: torchplay's data/titanic.csv (in its repository)."
DEFAULTS = dict(hidden=(16, 8), activation="relu", optimizer="adam", lr=0.01, epochs=200, batch_size=32,
                test_fraction=0.2)
COMPARED = ("hidden", "activation", "optimizer", "lr", "batch_size", "epochs", "seed", "patience")
SCRIPT_DATA_TEXT = "export.data_table"
DATASET = "Titanic"  # its name in ui/text's shell.dataset.*


def data_ready() -> bool:
    return reads(data.read_titanic)


def load(cfg):
    split = data.load_titanic(test_fraction=cfg.test_fraction, seed=cfg.seed)
    return task_data(vars(split), cfg)


def load_datasets(path, cfg):
    """titanic.csv: every passenger encoded; missing ages and the age/family-size scaling from the training rows."""
    split, _, _, _ = titanic_split(read_passengers(path), cfg.test_fraction, cfg.seed)
    return datasets(split, cfg)


def script_sources(cfg):
    return [("TITANIC_TITLES", TITANIC_TITLES, None), ("TITLE_ALIASES", TITLE_ALIASES, None),
            ("TITANIC_CONTINUOUS", TITANIC_CONTINUOUS, None), title_of, whole_number, check_passenger,
            read_passengers, has_titles, row_title, titanic_age_fill, titanic_features,
            *SPLIT_SOURCES, titanic_split, load_datasets, *MODEL_SOURCES]
