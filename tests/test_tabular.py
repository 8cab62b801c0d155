"""The committed course tables and their splits: counts, seeded splits, train-only statistics, passenger encoding."""

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from core import tabular
from core.tabular import DATA_DIR, TITANIC_TITLES, load_diabetes, load_titanic, read_diabetes, read_titanic


@pytest.fixture(scope="module")
def titanic():
    return load_titanic()


# ---------------------------------------------------------------- diabetes


def test_diabetes_shape_and_labels():
    x, y = read_diabetes()
    assert x.shape == (768, 8) and y.shape == (768,)
    assert x.dtype == y.dtype == np.float32
    assert (y == 0).sum() == 500 and (y == 1).sum() == 268
    assert list(tabular.DIABETES_FEATURES) == [
        "pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age"]
    # First row of Pima in raw units: 6 pregnancies, glucose 148, ..., pedigree 0.627, age 50, positive.
    np.testing.assert_array_equal(x[0], np.array([6, 148, 72, 35, 0, 33.6, 0.627, 50], dtype=np.float32))
    assert y[0] == 1


def test_chapter7_setting_equals_the_course_loadtxt():
    xy = np.loadtxt(DATA_DIR / "diabetes.csv.gz", delimiter=",", dtype=np.float32)
    split = load_diabetes(test_fraction=0, standardise=False)
    assert torch.equal(split.x_train, torch.from_numpy(xy[:, :-1]))
    assert torch.equal(split.y_train, torch.from_numpy(xy[:, [-1]]))
    assert split.x_test.shape == (0, 8) and split.y_test.shape == (0, 1)
    assert split.mean is None and split.std is None
    np.testing.assert_array_equal(split.train_index, np.arange(768))


def test_diabetes_split_sizes_cover_every_row_once():
    split = load_diabetes(test_fraction=0.25, seed=0)
    assert split.x_train.shape == (576, 8) and split.y_train.shape == (576, 1)
    assert split.x_test.shape == (192, 8) and split.y_test.shape == (192, 1)
    assert split.x_train.dtype == split.y_train.dtype == torch.float32
    rows = np.concatenate([split.train_index, split.test_index])
    np.testing.assert_array_equal(np.sort(rows), np.arange(768))
    assert split.feature_names == tuple(tabular.DIABETES_FEATURES)


def test_standardisation_is_fitted_on_the_training_split_only():
    x, y = read_diabetes()
    split = load_diabetes(test_fraction=0.25, seed=0, standardise=True)
    torch.testing.assert_close(split.x_train.mean(0), torch.zeros(8), atol=1e-5, rtol=0)
    torch.testing.assert_close(split.x_train.std(0, unbiased=False), torch.ones(8), atol=1e-4, rtol=0)
    # The statistics are the training rows' own (not the whole file's), and the test rows use them as they are.
    np.testing.assert_allclose(split.mean.numpy(), x[split.train_index].mean(0), rtol=1e-5)
    assert not np.allclose(split.mean.numpy(), x.mean(0), rtol=1e-4)
    torch.testing.assert_close(split.x_test, (torch.from_numpy(x[split.test_index]) - split.mean) / split.std)
    assert split.x_test.mean(0).abs().max() > 1e-3
    assert torch.equal(split.y_test[:, 0], torch.from_numpy(y[split.test_index]))


def test_seeded_split_is_reproducible_and_seeds_differ():
    first, again, other = load_diabetes(seed=3), load_diabetes(seed=3), load_diabetes(seed=4)
    np.testing.assert_array_equal(first.test_index, again.test_index)
    assert torch.equal(first.x_train, again.x_train)
    assert not np.array_equal(first.test_index, other.test_index)
    assert not np.array_equal(load_titanic(seed=3).test_index, load_titanic(seed=4).test_index)


@pytest.mark.parametrize("fraction", [-0.1, 1.0, 1.5, "a lot", None])
def test_bad_test_fraction_is_refused(fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        load_diabetes(test_fraction=fraction)


# ---------------------------------------------------------------- titanic


def test_titanic_counts():
    rows = read_titanic()
    assert len(rows) == 1309
    assert sum(row["survived"] for row in rows) == 500
    assert sum(row["age"] is None for row in rows) == 263
    assert sum(row["sex"] == "male" for row in rows) == 843
    assert [sum(row["pclass"] == c for row in rows) for c in (1, 2, 3)] == [323, 277, 709]
    assert all(row["name"] for row in rows) and len({row["name"] for row in rows}) == 1309
    assert rows[0] == dict(name="Allen, Miss. Elisabeth Walton", pclass=1, survived=1, sex="female",
                           age=29.0, sibsp=0, parch=0)
    assert rows[1]["age"] == pytest.approx(0.9167)  # fractional ages of infants are kept


def test_titanic_split_sizes_and_scaling(titanic):
    assert titanic.x_train.shape == (1047, 12) and titanic.x_test.shape == (262, 12)
    assert titanic.y_train.shape == (1047, 1) and titanic.y_test.shape == (262, 1)
    assert len(titanic.feature_names) == 12 and titanic.encoded.shape == (1309, 12)
    assert len(set(titanic.train_index) | set(titanic.test_index)) == 1309
    names = list(titanic.feature_names)
    continuous = [names.index("age"), names.index("family_size")]
    torch.testing.assert_close(titanic.x_train[:, continuous].mean(0), torch.zeros(2), atol=1e-5, rtol=0)
    torch.testing.assert_close(titanic.x_train[:, continuous].std(0, unbiased=False), torch.ones(2),
                               atol=1e-4, rtol=0)
    binary = [i for i in range(12) if i not in continuous]
    assert set(titanic.x_train[:, binary].unique().tolist()) == {0.0, 1.0}
    # Exactly one class and one title per passenger.
    assert (titanic.encoded[:, 0:3].sum(1) == 1).all() and (titanic.encoded[:, 7:12].sum(1) == 1).all()


def test_missing_ages_are_filled_from_training_rows_per_title(titanic):
    train_rows = [titanic.rows[i] for i in titanic.train_index]
    assert set(titanic.age_fill) == set(TITANIC_TITLES)
    for title in TITANIC_TITLES:
        ages = [r["age"] for r in train_rows if r["age"] is not None and tabular.title_of(r["name"]) == title]
        assert titanic.age_fill[title] == np.median(ages)
    assert titanic.age_fill["Master"] < 15 < titanic.age_fill["Mr"]  # boys are Masters
    age = list(titanic.feature_names).index("age")
    missing = [i for i, r in enumerate(titanic.rows) if r["age"] is None]
    assert not np.isnan(titanic.encoded[:, age]).any() and len(missing) == 263


def test_features_of_a_known_passenger(titanic):
    names = list(titanic.feature_names)
    assert names == ["pclass_1", "pclass_2", "pclass_3", "sex_male", "age", "family_size", "is_alone",
                     "title_Mr", "title_Mrs", "title_Miss", "title_Master", "title_Rare"]
    # Allen, Miss. Elisabeth Walton: 1st class, female, 29, travelling alone.
    np.testing.assert_array_equal(titanic.encoded[0], [1, 0, 0, 0, 29, 1, 1, 0, 0, 1, 0, 0])
    # Lefebre, Master. Henry Forbes: 3rd class, age unknown -> the Masters' median, 3 siblings + 1 parent.
    lefebre = titanic.rows[954]
    assert lefebre["name"].startswith("Lefebre, Master.") and lefebre["age"] is None
    np.testing.assert_array_equal(
        titanic.encoded[954], [0, 0, 1, 1, titanic.age_fill["Master"], 5, 0, 0, 0, 0, 1, 0])
    # encode_passenger reproduces the model input the split gave that row.
    where = {int(i): ("train", k) for k, i in enumerate(titanic.train_index)}
    where.update({int(i): ("test", k) for k, i in enumerate(titanic.test_index)})
    for row, passenger in ((0, (1, "female", 29, 0, 0, "Miss")), (954, (3, "male", None, 3, 1, "Master"))):
        part, k = where[row]
        expected = (titanic.x_train if part == "train" else titanic.x_test)[k]
        assert torch.equal(titanic.encode_passenger(*passenger), expected.unsqueeze(0))


def test_encode_passenger_guesses_a_title_and_accepts_widget_values(titanic):
    boy = titanic.encode_passenger(3, "male", 6, 1, 1)
    assert boy.shape == (1, 12) and boy.dtype == torch.float32
    assert boy[0, list(titanic.feature_names).index("title_Master")] == 1
    torch.testing.assert_close(titanic.encode_passenger(2.0, " Female ", 30.0, 0.0, 0.0),
                               titanic.encode_passenger(2, "female", 30, 0, 0, title="Mrs"))


@pytest.mark.parametrize(("args", "message"), [
    ((4, "male", 30, 0, 0), "pclass .* 1, 2 or 3"),
    ((0, "male", 30, 0, 0), "pclass"),
    ((1, "robot", 30, 0, 0), "sex must be 'male' or 'female'"),
    ((1, "male", 120, 0, 0), "age must be from 0 to 100"),
    ((1, "male", -1, 0, 0), "age must be from 0 to 100"),
    ((1, "male", "old", 0, 0), "age must be a number"),
    ((1, "male", 30, 11, 0), r"sibsp .* from 0 to 10"),
    ((1, "male", 30, 0, 1.5), r"parch .* whole number"),
    ((1, "male", 30, 0, -1), "parch"),
    ((1, "male", 30, 0, 0, "Dr"), "title must be one of Mr, Mrs, Miss, Master, Rare"),
])
def test_encode_passenger_rejects_bad_input(titanic, args, message):
    with pytest.raises(ValueError, match=message):
        titanic.encode_passenger(*args)


def test_preview_shows_before_and_after(titanic):
    before, encoded, after = titanic.preview(3)
    assert len(before) == len(encoded) == len(after) == 3
    first = int(titanic.train_index[0])
    assert before[0] == titanic.rows[first]
    assert list(after[0]) == list(titanic.feature_names)
    assert after[0]["age"] == pytest.approx(float(titanic.x_train[0, 4]))
    with pytest.raises(ValueError, match="split"):
        titanic.preview(split="validation")


def test_title_of():
    assert tabular.title_of("Allison, Master. Hudson Trevor") == "Master"
    assert tabular.title_of("Aubart, Mme. Leontine Pauline") == "Mrs"
    assert tabular.title_of("Rothes, the Countess. of (Lucy") == "Rare"
    assert tabular.title_of(None) is None


def test_titanic_without_names_uses_one_median_and_no_titles(tmp_path, monkeypatch):
    text = (DATA_DIR / "titanic.csv").read_text()
    lines = [line.rsplit(",", 6)[1:] for line in text.splitlines()]  # drop the (quoted) name column
    (tmp_path / "titanic.csv").write_text("\n".join(",".join(cells) for cells in lines) + "\n")
    monkeypatch.setenv("TORCHPLAY_DATA", str(tmp_path))
    split = load_titanic()
    assert isinstance(split.age_fill, float) and len(split.feature_names) == 7
    assert split.encode_passenger(1, "female", None, 0, 0, title="Miss").shape == (1, 7)


# ---------------------------------------------------------------- files


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHPLAY_DATA", str(tmp_path))
    assert tabular.data_dir() == tmp_path
    monkeypatch.delenv("TORCHPLAY_DATA")
    assert tabular.data_dir() == Path(tabular.__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("content", [None, b"not gzip at all", gzip.compress(b"1,2,3\n4,5,6\n")])
def test_missing_or_corrupt_diabetes_file_says_how_to_fix(tmp_path, content):
    if content is not None:
        (tmp_path / "diabetes.csv.gz").write_bytes(content)
    with pytest.raises(ValueError, match=r"diabetes\.csv\.gz.*make_tables\.py"):
        read_diabetes(tmp_path)


def test_corrupt_titanic_row_names_the_line(tmp_path):
    shutil.copy(DATA_DIR / "titanic.csv", tmp_path / "titanic.csv")
    lines = (tmp_path / "titanic.csv").read_text().splitlines()
    lines[3] = lines[3].replace(",1,0,female,", ",7,0,female,")  # pclass 7
    (tmp_path / "titanic.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=r"titanic\.csv.*line 4: pclass"):
        read_titanic(tmp_path)
    (tmp_path / "titanic.csv").unlink()
    with pytest.raises(ValueError, match=r"titanic\.csv is missing.*make_tables\.py"):
        read_titanic(tmp_path)


def test_tabular_needs_neither_pandas_nor_streamlit():
    code = "import sys, core.tabular; print(sorted({'pandas', 'streamlit'} & set(sys.modules)))"
    repo = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
