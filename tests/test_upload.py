"""A learner's CSV: every malformed case named by line and column, both good layouts, limits, ids, training on it."""

import gc
import gzip
import math

import numpy as np
import pytest
import torch

from core import tabular, upload
from core.config import default_config
from core.train import Training
from core.upload import UploadError, parse_csv
from ui.text import lookup

torch.set_num_threads(1)


def table_bytes(rows: int = 40, features: int = 3, header: bool = False, seed: int = 0) -> bytes:
    """A separable table: label 1 when the first feature is positive."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, features))
    y = (x[:, 0] > 0).astype(int)
    y[:2] = (0, 1)[:rows]  # both classes whatever the seed
    lines = [",".join(f"f{i}" for i in range(features)) + ",outcome"] if header else []
    lines += [",".join(f"{v:.4f}" for v in row) + f",{label}" for row, label in zip(x, y)]
    return ("\n".join(lines) + "\n").encode()


def rejected(raw: bytes, label=None) -> UploadError:
    with pytest.raises(UploadError) as caught:
        parse_csv(raw, label)
    error = caught.value
    # The UI shows the same message in both languages, with every placeholder filled.
    for lang in ("en", "zh"):
        text = lookup(error.key, lang, **error.values)
        assert "{" not in text and text
    assert lookup(error.key, "en", **error.values) == str(error)
    return error


# ---------------------------------------------------------------- good files


def test_course_layout_reads_like_the_course_file():
    raw = gzip.decompress((tabular.data_dir() / tabular.DIABETES_FILE).read_bytes())
    table = parse_csv(raw)
    x, y = tabular.read_diabetes()
    assert not table.has_header and table.label_name == "column 9"
    np.testing.assert_array_equal(table.x, x)
    np.testing.assert_array_equal(table.y, y)
    assert table.x.dtype == table.y.dtype == np.float32
    assert table.feature_names == tuple(f"column {i}" for i in range(1, 9))


def test_header_is_detected_and_any_column_can_be_the_label():
    raw = table_bytes(header=True)
    table = parse_csv(raw)
    assert table.has_header and table.label_name == "outcome" and table.feature_names == ("f0", "f1", "f2")
    assert upload.header_names(raw) == ("f0", "f1", "f2", "outcome")
    # Move the label to the front: choosing it by name gives the same table as the last-column layout.
    lines = raw.decode().splitlines()
    moved = "\n".join(",".join([line.split(",")[-1], *line.split(",")[:-1]]) for line in lines).encode()
    chosen = parse_csv(moved, label="outcome")
    np.testing.assert_array_equal(chosen.x, table.x)
    np.testing.assert_array_equal(chosen.y, table.y)
    assert parse_csv(moved, label=0).id == chosen.id


def test_a_first_line_with_a_number_is_data_not_a_header():
    raw = table_bytes()
    assert upload.header_names(raw) is None
    assert not parse_csv(raw).has_header and len(parse_csv(raw).y) == 40


def test_windows_line_ends_byte_order_mark_blank_lines_quotes_and_semicolons():
    clean = parse_csv(table_bytes(header=True))
    text = table_bytes(header=True).decode()
    messy = "\ufeff" + text.replace("\n", "\r\n\r\n").replace("f0", '"f0"')
    assert np.array_equal(parse_csv(messy.encode("utf-8")).x, clean.x)
    semicolons = text.replace(",", ";").encode()
    assert np.array_equal(parse_csv(semicolons).x, clean.x)


def test_line_numbers_count_blank_lines_like_an_editor():
    lines = table_bytes().decode().splitlines()
    lines.insert(3, "")
    lines[6] = lines[6].replace(",", ",abc,", 1).rsplit(",", 1)[0]  # same cell count, one bad cell
    error = rejected("\n".join(lines).encode())
    assert (error.code, error.values["line"], error.values["column"]) == ("not_number", 7, 2)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_rows_keep_their_line_numbers_past_white_space_lines_and_any_line_end(eol):
    rows = table_bytes(rows=12).decode().replace(",", "\t").splitlines()
    # Lines of spaces, tabs (the delimiter here: pandas alone would read "\t\t" as a row) or an ideographic
    # space are blank, as are 5,000 empty lines.
    lines = ["", *rows[:3], " \t ", "\t\t", *rows[3:6], "\u3000", *rows[6:], *[""] * 5000, "1\t2\tx\t1"]
    table = parse_csv(eol.join(lines[:-5001]).encode())
    assert table.lines.tolist() == [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 16]
    error = rejected(eol.join(lines).encode())
    assert (error.code, error.values["line"], error.values["column"]) == ("not_number", 5017, 3)


# ---------------------------------------------------------------- malformed files, each named


def test_oversize():
    error = rejected(b"0" * (upload.MAX_BYTES + 1))
    assert error.code == "too_big" and "20 MB" in str(error)


@pytest.mark.parametrize("raw", [b"", b"\n\n  \r\n"])
def test_empty(raw):
    assert rejected(raw).code == "empty"


@pytest.mark.parametrize("raw, kind, line", [
    (b"1,2\n3,4\n\x00\x01\x02garbage", "binary", 3),
    (b"PK\x03\x04\x14\x00\x06\x00", "zip", 1),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", 1),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf", 1),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "png", 1),
    (bytes(range(256)) * 4, "binary", 1),
    (b"1,2\n1,\x07\n", "binary", 2),
])
def test_binary_garbage(raw, kind, line):
    error = rejected(raw)
    assert error.code == "binary" and error.values["kind_code"] == kind and error.values["line"] == line


def test_non_utf8_names_line_and_character():
    raw = "a,b,label\n1,2,0\n3,Zürich,1\n".encode("latin-1")
    error = rejected(raw)
    assert error.code == "encoding" and (error.values["line"], error.values["column"]) == (3, 4)
    assert "0xfc" in str(error)


def test_utf16():
    assert rejected("a,b\n1,0\n".encode("utf-16")).code == "utf16"


def test_non_numeric_cell_names_line_and_column():
    lines = table_bytes(header=True).decode().splitlines()
    lines[5] = "1.0,seven,2.0,1"
    error = rejected("\n".join(lines).encode())
    assert error.code == "not_number" and (error.values["line"], error.values["column"]) == (6, 2)
    assert "'seven'" in str(error) and "Line 6, column 2" in str(error)


def test_empty_cell():
    lines = table_bytes().decode().splitlines()
    lines[9] = "1.0,,2.0,1"
    error = rejected("\n".join(lines).encode())
    assert error.code == "empty_cell" and (error.values["line"], error.values["column"]) == (10, 2)


@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-Infinity", "-nan", "1e400"])
def test_nan_and_inf(cell):
    lines = table_bytes().decode().splitlines()
    lines[11] = f"1.0,2.0,{cell},0"
    error = rejected("\n".join(lines).encode())
    assert error.code == "not_finite" and (error.values["line"], error.values["column"]) == (12, 3)


@pytest.mark.parametrize("cell", ["True", "false", "NA", "N/A", "None", "#N/A", "null", "1.#IND", "0x10", "-"])
def test_words_pandas_reads_as_missing_or_boolean_are_not_numbers(cell):
    rows = [line.split(",") for line in table_bytes().decode().splitlines()]
    # A whole column of them, so that pandas types the column by them.
    error = rejected("\n".join(",".join([a, cell, c, label]) for a, _, c, label in rows).encode())
    assert error.code == "not_number" and error.values == {"line": 1, "column": 2, "cell": cell}


def test_numbers_in_forms_pandas_does_not_read_still_count():
    """A cell is a number when Python's float() reads it: quoted, full-width (a Chinese input method), 1_000."""
    lines = table_bytes(rows=12).decode().splitlines()
    cells = ['"5"', '" 2.5 "', "\uff17", "-\uff11", "1_000", "99999999999999999999999", "+.5", "-0"]
    for row, cell in enumerate(cells):
        lines[row] = cell + "," + lines[row].split(",", 1)[1]
    table = parse_csv("\n".join(lines).encode())
    assert table.x[: len(cells), 0].tolist() == np.float32([5, 2.5, 7, -1, 1000, 1e23, 0.5, 0]).tolist()


def test_the_first_faulty_cell_in_the_file_is_named_whatever_its_fault():
    lines = table_bytes().decode().splitlines()
    lines[2], lines[7] = "1.0,nan,2.0,1", "1.0,2.0,seven,1"
    error = rejected("\n".join(lines).encode())
    assert (error.code, error.values["line"], error.values["column"]) == ("not_finite", 3, 2)
    lines[2], lines[7] = lines[7], lines[2]
    error = rejected("\n".join(lines).encode())
    assert (error.code, error.values["line"], error.values["column"]) == ("not_number", 3, 3)


def test_a_number_too_large_for_float32():
    lines = table_bytes().decode().splitlines()
    lines[4] = "1e39,2.0,3.0,1"
    error = rejected("\n".join(lines).encode())
    assert error.code == "too_large" and (error.values["line"], error.values["column"]) == (5, 1)


def test_label_not_binary_names_row_and_label_column():
    lines = table_bytes(header=True).decode().splitlines()
    lines[8] = "1.0,2.0,3.0,2"
    error = rejected("\n".join(lines).encode())
    assert error.code == "label_not_binary" and error.values["line"] == 9
    assert error.values["column"] == "4 (outcome)" and error.values["cell"] == "2"


def test_a_chosen_label_column_that_is_not_binary():
    error = rejected(table_bytes(header=True), label="f1")
    assert error.code == "label_not_binary" and error.values["column"] == "2 (f1)" and error.values["line"] == 2


def test_unknown_label_column():
    assert rejected(table_bytes(header=True), label="survived").code == "no_such_label"
    error = rejected(table_bytes(), label=4)  # 0-based: a 4-column file has 0..3
    assert error.values == {"label": "4", "names": "column 1, column 2, column 3, column 4"}


def test_one_class_label():
    raw = b"".join(b"%d,%d,1\n" % (i, i * 2) for i in range(20))
    error = rejected(raw)
    assert error.code == "one_class" and error.values == {"column": "3", "value": 1}


@pytest.mark.parametrize("rows", [1, 9])
def test_too_few_rows(rows):
    error = rejected(table_bytes(rows=rows))
    assert error.code == "too_few_rows" and error.values["count"] == rows and error.values["limit"] == 10


def test_a_header_alone_has_no_rows():
    error = rejected(b"age,glucose,outcome\n")
    assert error.code == "too_few_rows" and error.values["count"] == 0


@pytest.mark.parametrize("row, count", [("1.0,2.0,1", 3), ("1.0,2.0,3.0,4.0,1", 5)])
def test_ragged_rows_name_the_line_and_both_counts(row, count):
    lines = table_bytes().decode().splitlines()
    lines[13] = row
    error = rejected("\n".join(lines).encode())
    assert error.code == "ragged"
    assert error.values == {"line": 14, "count": count, "first_line": 1, "expected": 4}


def test_a_row_of_empty_cells_is_not_ragged():
    """pandas reads a short row and a row of empty cells alike (NaN padding); the messages differ."""
    lines = table_bytes().decode().splitlines()
    lines[13] = "1.0,,,"
    error = rejected("\n".join(lines).encode())
    assert error.code == "empty_cell" and (error.values["line"], error.values["column"]) == (14, 2)


def test_thousands_of_columns():
    raw = (",".join(["1"] * 5000) + "\n").encode() * 12
    error = rejected(raw)
    assert error.code == "too_many_columns" and error.values["count"] == 5000 and error.values["line"] == 1
    wide_later = table_bytes().decode().splitlines()
    wide_later[3] = ",".join(["0"] * 3000)
    error = rejected("\n".join(wide_later).encode())
    assert error.code == "too_many_columns" and error.values["line"] == 4


def test_a_single_column():
    assert rejected(b"0\n1\n" * 10).code == "one_column"


def test_header_problems():
    assert rejected(b"a,,label\n" + b"1,2,0\n1,2,1\n" * 6).code == "header_empty"
    error = rejected(b"a,a,label\n" + b"1,2,0\n1,2,1\n" * 6)
    assert error.code == "header_duplicate" and error.values["column"] == 2


# ---------------------------------------------------------------- limits


def test_limits_at_and_beyond():
    assert upload.describe_limits() == {"megabytes": 20, "rows": 100_000, "columns": 200, "min_rows": 10}
    assert len(parse_csv(table_bytes(rows=10)).y) == 10
    assert parse_csv(table_bytes(features=199)).x.shape == (40, 199)
    assert rejected(table_bytes(features=200)).code == "too_many_columns"
    rows = b"1,0\n2,1\n" * (upload.MAX_ROWS // 2)
    assert len(parse_csv(rows).y) == upload.MAX_ROWS
    assert rejected(rows + b"3,1\n").code == "too_many_rows"
    header_and_max = b"x,label\n" + rows
    assert len(parse_csv(header_and_max).y) == upload.MAX_ROWS
    millions = b"1,0\n" * (upload.MAX_BYTES // 4)  # 5 million tiny rows within 20 MB
    assert rejected(millions).code == "too_many_rows"


def test_bytes_only_never_a_path():
    with pytest.raises(TypeError):
        parse_csv("/etc/passwd")


# ---------------------------------------------------------------- ids and the registry


def test_same_bytes_same_id_and_different_bytes_or_label_another():
    raw = table_bytes(header=True)
    assert parse_csv(raw).id == parse_csv(bytes(raw)).id == parse_csv(raw, label="outcome").id
    assert upload.ID_PATTERN.fullmatch(parse_csv(raw).id)
    assert parse_csv(table_bytes(header=True, seed=1)).id != parse_csv(raw).id
    two_labels = b"x,a,b\n" + b"".join(b"%d,%d,%d\n" % (i, i % 2, i // 10) for i in range(20))
    assert parse_csv(two_labels, label="a").id != parse_csv(two_labels, label="b").id


def test_registry_keeps_a_table_while_someone_holds_it():
    table = upload.register(parse_csv(table_bytes(seed=3)))
    assert upload.get_table(table.id) is table
    assert upload.register(parse_csv(table_bytes(seed=3))) is table  # the same bytes share one table
    data_id = table.id
    del table
    gc.collect()
    with pytest.raises(ValueError, match="upload the file again"):
        upload.get_table(data_id)


def test_config_accepts_only_a_well_formed_id_on_the_diabetes_task():
    assert default_config("diabetes", data="upload:0123456789abcdef").data
    for bad in ("upload:xyz", "../data/diabetes.csv.gz", "upload:0123456789ABCDEF"):
        with pytest.raises(ValueError, match="data must be"):
            default_config("diabetes", data=bad)
    with pytest.raises(ValueError, match="data must be"):
        default_config("mnist", data="upload:0123456789abcdef")


def test_clean_csv_round_trips():
    table = parse_csv(table_bytes(header=True).replace(b"\n", b"\r\n"))
    clean = upload.to_csv_bytes(table)
    again = parse_csv(clean)
    assert not again.has_header and b"\r" not in clean
    np.testing.assert_array_equal(again.x, table.x)
    np.testing.assert_array_equal(again.y, table.y)
    with_header = parse_csv(upload.to_csv_bytes(table, header=True))
    assert with_header.feature_names == table.feature_names and with_header.label_name == "outcome"
    # The course's loader reads it as it reads diabetes.csv.gz.
    import io
    xy = np.loadtxt(io.BytesIO(clean), delimiter=",", dtype=np.float32)
    np.testing.assert_array_equal(xy[:, :-1], table.x)


# ---------------------------------------------------------------- training on it


def test_split_follows_the_chapter_rules():
    table = parse_csv(table_bytes(rows=100))
    split = tabular.load_uploaded(table, test_fraction=0.25, seed=0, standardise=True)
    assert len(split.x_train) == 75 and len(split.x_test) == 25
    assert set(split.train_index) | set(split.test_index) == set(range(100))
    # Standardisation is fitted on the training rows only.
    np.testing.assert_allclose(split.x_train.mean(0).numpy(), 0, atol=1e-5)
    np.testing.assert_allclose(split.mean.numpy(), table.x[split.train_index].mean(0), rtol=1e-5)
    raw_split = tabular.load_uploaded(table, test_fraction=0.25, seed=0, standardise=False)
    assert raw_split.mean is None and torch.equal(raw_split.x_test, torch.from_numpy(table.x[split.test_index]))


def test_training_on_an_uploaded_table_through_core_learns():
    table = upload.register(parse_csv(table_bytes(rows=200, features=4)))
    cfg = default_config("diabetes", data=table.id, hidden=(8,), activation="relu", optimizer="adam", lr=0.05,
                         epochs=40)
    evals = [r for r in Training(cfg) if r["kind"] == "eval"]
    first, last = evals[0], evals[-1]
    assert all(math.isfinite(r["test/loss"]) for r in evals)
    assert last["train/loss"] < first["train/loss"] and last["test/acc"] >= 0.85
    assert np.asarray(last["weights"][0]).shape == (8, 4)  # the network takes the table's 4 features
    # Same config and seed, same curve.
    again = [r for r in Training(cfg) if r["kind"] == "eval"]
    assert [r["train/loss"] for r in again] == [r["train/loss"] for r in evals]


def test_a_run_whose_table_is_gone_fails_with_a_clear_message():
    cfg = default_config("diabetes", data="upload:00000000deadbeef", epochs=1)
    with pytest.raises(ValueError, match="no longer in memory"):
        Training(cfg)
