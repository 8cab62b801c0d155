"""The course's two tables as seeded train/test splits: Pima diabetes (chapters 7-8) and Titanic (chapter-8 exercise).

Every statistic that shapes the inputs (standardisation mean/std, the age used for missing ages) is fitted on the
training split only, so the test split stays unseen data.
"""

import csv
import gzip
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from core import upload

DIABETES_FILE = "diabetes.csv.gz"
TITANIC_FILE = "titanic.csv"

# Column order of the course file; zeros in glucose..mass mean "not measured" in the source, kept as is.
DIABETES_FEATURES = {
    "pregnant": "times pregnant",
    "glucose": "plasma glucose 2 h into a glucose tolerance test (mg/dL)",
    "pressure": "diastolic blood pressure (mm Hg)",
    "triceps": "triceps skin fold thickness (mm)",
    "insulin": "2-hour serum insulin (µU/mL)",
    "mass": "body mass index (kg/m²)",
    "pedigree": "diabetes pedigree function (family history score)",
    "age": "age (years)",
}

TITANIC_TITLES = ("Mr", "Mrs", "Miss", "Master", "Rare")
TITANIC_CONTINUOUS = ("age", "family_size")  # scaled with train-split mean/std; the 0/1 columns are left as they are
TITLE_ALIASES = {"Mlle": "Miss", "Ms": "Miss", "Mme": "Mrs"}  # French forms and Ms join the common titles


def data_dir() -> Path:
    """The data folder: $TORCHPLAY_DATA when set, else <repo>/data."""
    return Path(os.environ.get("TORCHPLAY_DATA") or Path(__file__).resolve().parent.parent / "data")


DATA_DIR = data_dir()


def _table_path(root, filename: str) -> Path:
    path = Path(data_dir() if root is None else root) / filename
    if not path.is_file():
        raise ValueError(f"{path} is missing; {_fix(filename)}")
    return path


def _fix(filename: str) -> str:
    return (f"restore it with `git checkout data/{filename}`, regenerate it with data/make_tables.py "
            "(see data/README.md), or point TORCHPLAY_DATA at a folder that has it")


# ---------------------------------------------------------------- diabetes


def read_diabetes(root=None) -> tuple[np.ndarray, np.ndarray]:
    """All rows of diabetes.csv.gz in file order: x (N, 8) raw units and y (N,) 0/1, both float32."""
    path = _table_path(root, DIABETES_FILE)
    try:
        x, y = read_label_last(path)
    except (OSError, EOFError, ValueError) as error:
        raise ValueError(f"{path} is not a readable gzip CSV ({error}); {_fix(DIABETES_FILE)}") from error
    if x.shape[1] != len(DIABETES_FEATURES) or len(x) < 2:
        raise ValueError(f"{path} has shape {(len(x), x.shape[1] + 1)}, expected rows of 8 features and a label; "
                         f"{_fix(DIABETES_FILE)}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()) or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"{path} has non-numeric values or labels other than 0/1; {_fix(DIABETES_FILE)}")
    return x, y


def read_label_last(path, header_lines=0):
    """A numeric CSV (gzip too) with the 0/1 label in the last column: x (N, F) and y (N,), float32."""
    xy = np.loadtxt(path, delimiter=",", dtype=np.float32, ndmin=2, skiprows=header_lines)  # the course's own call
    return np.ascontiguousarray(xy[:, :-1]), np.ascontiguousarray(xy[:, -1])


@dataclass(frozen=True, eq=False)
class TabularSplit:
    """A train/test split as float32 tensors, with the train-split statistics that produced the inputs."""

    x_train: torch.Tensor  # (N_train, F) model inputs
    y_train: torch.Tensor  # (N_train, 1) 0/1 targets
    x_test: torch.Tensor  # (N_test, F); N_test is 0 when test_fraction is 0
    y_test: torch.Tensor  # (N_test, 1)
    feature_names: tuple[str, ...]
    mean: torch.Tensor | None  # (F,) subtracted from raw features; None when not standardised
    std: torch.Tensor | None  # (F,) divides them afterwards
    train_index: np.ndarray  # file rows of x_train, in x_train's order
    test_index: np.ndarray  # file rows of x_test

    def scale(self, x) -> torch.Tensor:
        """Raw feature rows (N, F) -> model inputs, using the training split's mean/std."""
        x = torch.as_tensor(x, dtype=torch.float32)
        return x if self.mean is None else (x - self.mean) / self.std


def split_indices(n, test_fraction, seed):
    """Train and test row numbers: a seeded shuffle, or every row in file order when test_fraction is 0."""
    try:
        test_fraction = float(test_fraction)
    except (TypeError, ValueError):
        raise ValueError(f"test_fraction must be a number from 0 to below 1, got {test_fraction!r}") from None
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(f"test_fraction must be from 0 (no test split) to below 1, got {test_fraction}")
    if test_fraction == 0.0:
        return np.arange(n), np.arange(0)
    n_test = max(1, round(n * test_fraction))
    if n - n_test < 2:
        raise ValueError(f"test_fraction {test_fraction} leaves {n - n_test} training rows; lower it")
    # Shuffled order is kept (not sorted) so that taking the first k training rows is still a random sample.
    order = np.random.default_rng(seed).permutation(n)
    return order[n_test:], order[:n_test]


def fit_scale(x_train, columns):
    """Per-feature mean/std of the training rows for `columns` (indices); 0/1 for the others."""
    mean = np.zeros(x_train.shape[1])
    std = np.ones(x_train.shape[1])
    stats = x_train[:, columns].astype(np.float64)
    mean[columns] = stats.mean(axis=0)
    spread = stats.std(axis=0)
    std[columns] = np.where(spread > 0, spread, 1.0)  # a constant column stays constant instead of dividing by 0
    return torch.from_numpy(mean.astype(np.float32)), torch.from_numpy(std.astype(np.float32))


def scaled_split(x, y, train_index, test_index, scaled_columns):
    """Raw rows x (N, F) and labels y (N,) as train/test tensors, `scaled_columns` scaled by the training rows'
    mean and std only, so the test rows stay unseen data."""
    mean = std = None
    if len(scaled_columns):
        mean, std = fit_scale(x[train_index], scaled_columns)

    def inputs(rows):
        part = torch.from_numpy(x[rows])
        return part if mean is None else (part - mean) / std

    return dict(x_train=inputs(train_index), y_train=torch.from_numpy(y[train_index]).reshape(-1, 1),
                x_test=inputs(test_index), y_test=torch.from_numpy(y[test_index]).reshape(-1, 1),
                mean=mean, std=std, train_index=train_index, test_index=test_index)


def label_last_split(x, y, test_fraction, seed, standardise):
    """Chapter 7's split of a table: a seeded test share, every feature standardised on the training rows (if on)."""
    train_index, test_index = split_indices(len(x), test_fraction, seed)
    scaled = np.arange(x.shape[1]) if standardise else np.arange(0)
    return scaled_split(x, y, train_index, test_index, scaled)


def load_diabetes(test_fraction: float = 0.25, seed: int = 0, standardise: bool = True, root=None,
                  table: str = "") -> TabularSplit:
    """Pima diabetes split (or the uploaded table `table` names); standardisation (if on) is fitted on the
    training rows and applied to both splits."""
    if table:
        return load_uploaded(upload.get_table(table), test_fraction, seed, standardise)
    x, y = read_diabetes(root)
    split = label_last_split(x, y, test_fraction, seed, standardise)
    return TabularSplit(**split, feature_names=tuple(DIABETES_FEATURES))


def load_uploaded(table: upload.Table, test_fraction: float = 0.25, seed: int = 0,
                  standardise: bool = True) -> TabularSplit:
    """A learner's uploaded table split by chapter 7's rules: seeded test share, train-only standardisation."""
    return TabularSplit(**label_last_split(table.x, table.y, test_fraction, seed, standardise),
                        feature_names=tuple(table.feature_names))


# ---------------------------------------------------------------- titanic


def title_of(name) -> str | None:
    """'Allen, Miss. Elisabeth Walton' -> 'Miss'; rare titles (Dr, Rev, Countess, ...) -> 'Rare'."""
    if not name:
        return None
    match = re.search(r",\s*([^.,]+)\.", name)
    title = TITLE_ALIASES.get(match.group(1), match.group(1)) if match else None
    return title if title in TITANIC_TITLES else "Rare"


def whole_number(value, what: str, low: int, high: int) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not (number.is_integer() and low <= number <= high):
        raise ValueError(f"{what} must be a whole number from {low} to {high}, got {value!r}")
    return int(number)


def check_passenger(pclass, sex, age, sibsp, parch) -> dict:
    """Validated, normalised passenger fields; ValueError says which field is wrong and what is allowed."""
    if pclass not in (1, 2, 3, "1", "2", "3"):
        raise ValueError(f"pclass (ticket class) must be 1, 2 or 3, got {pclass!r}")
    sex_text = str(sex).strip().lower()
    if sex_text not in ("male", "female"):
        raise ValueError(f"sex must be 'male' or 'female', got {sex!r}")
    if age is None or (isinstance(age, str) and not age.strip()):
        age_years = None
    else:
        try:
            age_years = float(age)
        except (TypeError, ValueError):
            age_years = math.nan
        if math.isnan(age_years) and not isinstance(age, (float, np.floating)):
            raise ValueError(f"age must be a number of years from 0 to 100 (or None when unknown), got {age!r}")
        if math.isnan(age_years):
            age_years = None  # a float NaN is how tables usually say "unknown"
        elif not 0.0 <= age_years <= 100.0:
            raise ValueError(f"age must be from 0 to 100 years (or None when unknown), got {age!r}")
    return dict(
        pclass=int(pclass), sex=sex_text, age=age_years,
        sibsp=whole_number(sibsp, "sibsp (siblings and spouses aboard)", 0, 10),
        parch=whole_number(parch, "parch (parents and children aboard)", 0, 10),
    )


def read_titanic(root=None) -> list[dict]:
    """Rows of titanic.csv as dicts: name (str or None), pclass, survived (0/1), sex, age (None if missing), sibsp, parch."""
    path = _table_path(root, TITANIC_FILE)
    try:
        rows = read_passengers(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        raise ValueError(f"{path} could not be read ({error}); {_fix(TITANIC_FILE)}") from error
    if len(rows) < 2:
        raise ValueError(f"{path} has {len(rows)} passengers; {_fix(TITANIC_FILE)}")
    return rows


def read_passengers(path):
    """titanic.csv's rows as checked dicts: name, pclass, survived (0/1), sex, age (None if missing), sibsp, parch."""
    required = ("pclass", "survived", "sex", "age", "sibsp", "parch")
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [column for column in required if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"the header lacks {', '.join(missing)}")
        for line, record in enumerate(reader, start=2):
            try:
                if record["survived"] not in ("0", "1"):
                    raise ValueError(f"survived must be 0 or 1, got {record['survived']!r}")
                row = check_passenger(*(record[column] for column in ("pclass", "sex", "age", "sibsp", "parch")))
            except ValueError as error:
                raise ValueError(f"line {line}: {error}") from None
            rows.append(dict(name=record.get("name") or None, pclass=row.pop("pclass"),
                             survived=int(record["survived"]), **row))
    return rows


def has_titles(rows) -> bool:
    return all(row.get("title") or row.get("name") for row in rows)


def row_title(row) -> str | None:
    return row.get("title") or title_of(row.get("name"))


def titanic_age_fill(rows) -> float | dict[str, float]:
    """The age given to passengers whose age is missing: the median known age per title, or overall without names."""
    known = [row["age"] for row in rows if row["age"] is not None]
    assert known, "no known ages to take a median of"
    overall = float(np.median(known))
    if not has_titles(rows):
        return overall
    fill = {}
    for title in TITANIC_TITLES:
        ages = [row["age"] for row in rows if row["age"] is not None and row_title(row) == title]
        # A Master is a boy and a Mrs usually older than a Miss, so the title says more than one global median.
        fill[title] = float(np.median(ages)) if ages else overall
    return fill


def titanic_features(rows, age_fill) -> tuple[np.ndarray, list[str]]:
    """Encoded but unscaled features (N, F) float32 and their names; age_fill comes from titanic_age_fill(train rows)."""
    by_title = isinstance(age_fill, Mapping)
    names = ["pclass_1", "pclass_2", "pclass_3", "sex_male", "age", "family_size", "is_alone"]
    if by_title:
        names += [f"title_{title}" for title in TITANIC_TITLES]
    x = np.zeros((len(rows), len(names)), dtype=np.float32)
    for i, row in enumerate(rows):
        title = row_title(row) if by_title else None
        assert not by_title or title in TITANIC_TITLES, f"row {i} has no title for the per-title age fill"
        family_size = row["sibsp"] + row["parch"] + 1  # the passenger plus everyone travelling with them
        x[i, row["pclass"] - 1] = 1.0
        x[i, 3] = row["sex"] == "male"
        x[i, 4] = row["age"] if row["age"] is not None else (age_fill[title] if by_title else age_fill)
        x[i, 5] = family_size
        x[i, 6] = family_size == 1
        if by_title:
            x[i, 7 + TITANIC_TITLES.index(title)] = 1.0
    return x, names


def default_title(sex: str, age: float | None) -> str:
    """The title a passenger most likely had when none is given: Master/Mr for boys/men, Miss/Mrs for girls/women."""
    if sex == "male":
        return "Master" if age is not None and age < 13 else "Mr"
    return "Mrs" if age is not None and age >= 18 else "Miss"


@dataclass(frozen=True, eq=False)
class TitanicSplit(TabularSplit):
    """A Titanic split plus what explains it: raw rows, encoded rows, the missing-age fill; encodes new passengers."""

    rows: tuple[dict, ...]  # read_titanic() rows, file order
    encoded: np.ndarray  # (N, F) titanic_features() of every row before scaling, file order
    age_fill: float | dict[str, float]  # from the training rows only

    def encode_passenger(self, pclass, sex, age, sibsp, parch, title=None) -> torch.Tensor:
        """One passenger -> model input (1, F), encoded and scaled exactly like the training rows."""
        row = check_passenger(pclass, sex, age, sibsp, parch)
        if isinstance(self.age_fill, Mapping):
            if title is None:
                title = default_title(row["sex"], row["age"])
            elif title not in TITANIC_TITLES:
                raise ValueError(f"title must be one of {', '.join(TITANIC_TITLES)} (or None to guess), got {title!r}")
            row["title"] = title
        x, _ = titanic_features([row], self.age_fill)
        return self.scale(x)

    def preview(self, n: int = 5, split: str = "train") -> tuple[list[dict], list[dict], list[dict]]:
        """The first n rows of a split before preprocessing, encoded, and scaled (what the model sees)."""
        if split not in ("train", "test"):
            raise ValueError(f"split must be 'train' or 'test', got {split!r}")
        index = (self.train_index if split == "train" else self.test_index)[:n]
        scaled = self.scale(self.encoded[index]).numpy()
        before = [dict(self.rows[i]) for i in index]
        encoded = [dict(zip(self.feature_names, map(float, self.encoded[i]))) for i in index]
        after = [dict(zip(self.feature_names, map(float, values))) for values in scaled]
        return before, encoded, after


def load_titanic(test_fraction: float = 0.2, seed: int = 0, root=None) -> TitanicSplit:
    """Titanic split (y = survived); missing ages and the age/family-size scaling come from the training rows."""
    rows = read_titanic(root)
    fields, encoded, names, age_fill = titanic_split(rows, test_fraction, seed)
    return TitanicSplit(**fields, feature_names=tuple(names), rows=tuple(rows), encoded=encoded, age_fill=age_fill)


def titanic_split(rows, test_fraction, seed):
    """Passengers encoded and split: (scaled_split's tensors, encoded rows before scaling, feature names, age fill).
    The missing-age fill and the age/family-size scaling come from the training rows only."""
    train_index, test_index = split_indices(len(rows), test_fraction, seed)
    age_fill = titanic_age_fill([rows[i] for i in train_index])
    x, names = titanic_features(rows, age_fill)
    y = np.array([row["survived"] for row in rows], dtype=np.float32)
    scaled = np.array([names.index(column) for column in TITANIC_CONTINUOUS])
    return scaled_split(x, y, train_index, test_index, scaled), x, names, age_fill
