"""Uploading a CSV on chapters 7 and 8 (streamlit AppTest): a good file trains, a bad one keeps table and run."""

import math

import pytest
import torch

from core import upload
from tests.apptest_helpers import open_page, rerun_until, stop_runs
from tests.test_page_minibatch import chart
from tests.test_upload import table_bytes
from ui.text import lookup
from ui.upload import plain

torch.set_num_threads(1)
PAGE = "pages/multiple_features.py"

BAD_FILES = {  # name -> (bytes, the error code, what the message must name)
    "oversize.csv": (b"1" * (upload.MAX_BYTES + 1), "too_big", "20 MB"),
    "empty.csv": (b"", "empty", "empty"),
    "garbage.csv": (b"1,0\n\x00\x9c\xff\x12binary", "binary", "Line 2"),
    "latin1.csv": (("x,label\n" + "1,0\n2,1\n" * 6 + "é,1\n").encode("latin-1"), "encoding", "Line 14"),
    "words.csv": (table_bytes().replace(b"\n", b"\nabc,1,2,0\n", 1), "not_number", "Line 2, column 1"),
    "nan.csv": (table_bytes() + b"1,nan,2,1\n", "not_finite", "Line 41, column 2"),
    "label.csv": (table_bytes() + b"1,2,3,7\n", "label_not_binary", "Line 41, column 4"),
    "oneclass.csv": (b"1,2,0\n" * 12, "one_class", "column 3"),
    "onerow.csv": (b"1,2,3,1\n", "too_few_rows", "1 data row"),
    "ragged.csv": (table_bytes() + b"1,2\n", "ragged", "Line 41"),
    "wide.csv": ((",".join(["1"] * 3000) + "\n").encode() * 12, "too_many_columns", "3,000 columns"),
    "utf16.csv": ("a,b\n1,0\n".encode("utf-16"), "utf16", "UTF-16"),
    "long.csv": (b"1,0\n" * (upload.MAX_ROWS + 2), "too_many_rows", "100,000 data rows"),
    "onecolumn.csv": (b"0\n1\n" * 10, "one_column", "Line 1"),
    "gap.csv": (table_bytes().replace(b"\n", b"\n1,,2,0\n", 1), "empty_cell", "Line 2, column 2"),
    "huge.csv": (table_bytes() + b"1e39,2,3,1\n", "too_large", "Line 41, column 1"),
    "bools.csv": (table_bytes() + b"1,True,2,1\n", "not_number", "Line 41, column 2"),
    "noname.csv": (b"a,,label\n" + b"1,2,0\n1,2,1\n" * 6, "header_empty", "column 2"),
    "twice.csv": (b"a,a,label\n" + b"1,2,0\n1,2,1\n" * 6, "header_duplicate", "column 2"),
}


def ch7(at):
    return at.session_state["runners"]["ch7"]


def upload_file(at, name: str, raw: bytes):
    uploader = [u for u in at.file_uploader if u.key.startswith("ch7-upload-file")][0]
    uploader.set_value((name, raw, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def train_to_end(at, epochs: int = 5):
    at.number_input(key="ch7-epochs").set_value(epochs)
    at.select_slider(key="ch7-pace").set_value("max")
    at.run()
    at.button(key="ch7-start").click()
    rerun_until(at, lambda: ch7(at).state().status == "finished", "the run to finish")
    return ch7(at).state()


def test_the_panel_states_its_limits(at):
    caption = " ".join(c.value for c in at.caption)
    assert "20 MB" in caption and "100,000 rows" in caption and "200 columns" in caption and "10 rows" in caption
    assert any("course's diabetes data" in c.value for c in at.caption)


def test_a_good_file_with_a_header_trains_the_page(at):
    upload_file(at, "mine.csv", table_bytes(rows=60, features=3, header=True))
    assert any("Training on **mine.csv**: 60 rows, 3 features, label **outcome**" in s.value for s in at.success)
    assert at.selectbox(key=[s.key for s in at.selectbox if "upload-label" in s.key][0]).value == "outcome"
    preview = [d.value for d in at.dataframe if "outcome" in d.value.columns][0]
    assert list(preview.columns) == ["f0", "f1", "f2", "outcome"] and len(preview) == upload_preview_rows()
    assert at.metric[0].value == "57"  # 3-6-4-1: 3*6+6 + 6*4+4 + 4*1+1
    state = train_to_end(at)
    assert state.config["data"].startswith("upload:")
    latest = state.latest("eval")
    assert len(latest["weights"][0][0]) == 3 and math.isfinite(latest["test/loss"])  # 3 inputs, a finite loss
    at.run()
    # The learner's table is not about diabetes: its classes and output are named as labels.
    legend = {trace["name"] for trace in chart(at, "ch7-hist")["data"]}
    assert legend == {"label 0", "label 1"}, legend
    assert any("P(label = 1)" in str(trace.get("text")) for trace in chart(at, "ch7-net")["data"])


def upload_preview_rows() -> int:
    from ui.upload import PREVIEW_ROWS
    return PREVIEW_ROWS


def test_choosing_another_label_column_retrains_on_it(at):
    raw = b"a,flag,b,outcome\n" + b"".join(b"%d,%d,%d,%d\n" % (i, i % 2, i * 3, i // 10) for i in range(30))
    upload_file(at, "two.csv", raw)
    picker = [s for s in at.selectbox if "upload-label" in s.key][0]
    first_id = ch7(at).cfg.data
    picker.set_value("flag")
    at.run()
    assert not at.exception
    assert any("label **flag**" in s.value for s in at.success) and ch7(at).cfg.data != first_id


def test_a_bad_file_keeps_the_previous_table_and_run(at):
    upload_file(at, "mine.csv", table_bytes(rows=60, header=True))
    before = train_to_end(at)
    for name, (raw, code, named) in BAD_FILES.items():
        upload_file(at, name, raw)
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and errors[0].startswith(f"{name} was not used") and named in errors[0], (name, errors)
        assert plain(lookup(f"upload.error.{code}", "en").split("{")[0]) in errors[0]  # the message of that fault
        assert any("The previous table (mine.csv) stays in use" in c.value for c in at.caption)
        assert any("Training on **mine.csv**" in s.value for s in at.success)
        state = ch7(at).state()
        assert state.status == "finished" and state.records == before.records and ch7(at).cfg.data == before.config["data"]


def test_a_bad_first_file_keeps_the_course_data_and_its_run(at):
    before = train_to_end(at)
    upload_file(at, "words.csv", BAD_FILES["words.csv"][0])
    assert any("Line 2, column 1" in e.value for e in at.error)
    assert any("The course's data stays in use" in c.value for c in at.caption)
    assert ch7(at).state().records == before.records and ch7(at).cfg.data == ""


def test_use_the_course_data_again(at):
    upload_file(at, "mine.csv", table_bytes(rows=60, header=True))
    assert ch7(at).cfg.data
    at.button(key="ch7-upload-course").click()
    at.run()
    assert not at.exception
    assert ch7(at).cfg.data == "" and at.metric[0].value == "87"  # the course's 8-6-4-1 again
    assert [u.key for u in at.file_uploader] == ["ch7-upload-file-1"]  # a fresh, empty uploader


def test_messages_in_chinese(at):
    at.session_state["lang"] = "zh"
    at.run()
    upload_file(at, "words.csv", BAD_FILES["words.csv"][0])
    assert any("第 2 行第 1 列" in e.value for e in at.error), [e.value for e in at.error]


@pytest.fixture
def mb():
    app = open_page("pages/mini_batches.py")
    yield app
    stop_runs(app)


def test_mini_batches_races_on_the_uploaded_table(mb):
    uploader = [u for u in mb.file_uploader if u.key.startswith("mb-upload-file")][0]
    uploader.set_value(("mine.csv", table_bytes(rows=200, header=True), "text/csv"))
    mb.run()
    assert not mb.exception, [e.value for e in mb.exception]
    assert any("your table, 150 training samples" in m.value for m in mb.markdown)
    assert mb.metric[0].value == "150"  # samples in one epoch
    data_ids = {runner.cfg.data for slot, runner in mb.session_state["runners"].items() if slot.startswith("mb-race")}
    assert len(data_ids) == 1 and data_ids.pop().startswith("upload:")


def test_mini_batches_race_trains_on_the_uploaded_table(mb):
    uploader = [u for u in mb.file_uploader if u.key.startswith("mb-upload-file")][0]
    uploader.set_value(("mine.csv", table_bytes(rows=200, header=True), "text/csv"))
    mb.run()
    mb.slider(key="mb-race-epochs").set_value(5)
    mb.run()
    mb.button(key="mb-race-start").click()
    mb.run()
    slots = ("mb-race-full", "mb-race-mini", "mb-race-sgd")
    runners = mb.session_state["runners"]
    rerun_until(mb, lambda: all(runners[slot].state().status == "finished" for slot in slots), "the race")
    steps = {slot: runners[slot].state().latest("eval")["step"] for slot in slots}
    assert steps == {"mb-race-full": 5, "mb-race-mini": 5 * 5, "mb-race-sgd": 5 * 150}  # 150 rows, batch 32
    for slot in slots:
        latest = runners[slot].state().latest("eval")
        assert len(latest["weights"][0][0]) == 3 and math.isfinite(latest["test/loss"])


def test_mini_batches_turns_down_a_table_too_small_for_its_batch_slider(mb):
    uploader = [u for u in mb.file_uploader if u.key.startswith("mb-upload-file")][0]
    uploader.set_value(("tiny.csv", table_bytes(rows=20), "text/csv"))
    mb.run()
    assert not mb.exception
    assert any("15 training rows" in e.value and "at least 33" in e.value for e in mb.error)
    assert mb.metric[0].value == "576"  # still the course's diabetes training split


def test_a_bad_file_during_a_run_leaves_it_running(at):
    at.number_input(key="ch7-epochs").set_value(5000)
    at.select_slider(key="ch7-pace").set_value(5)
    at.run()
    at.button(key="ch7-start").click()
    at.run()
    rerun_until(at, lambda: ch7(at).state().step >= 1, "the first step")
    upload_file(at, "ragged.csv", BAD_FILES["ragged.csv"][0])
    assert any("Line 41" in e.value for e in at.error)
    assert ch7(at).state().status == "running" and ch7(at).cfg.data == ""
    steps = ch7(at).state().step
    rerun_until(at, lambda: ch7(at).state().step > steps, "more steps after the bad file")


def test_a_file_name_or_cell_cannot_inject_markdown(at):
    raw = table_bytes() + b"1,**b**,2,1\n"
    upload_file(at, "[click](http://example.com).csv", raw)
    message = at.error[0].value
    assert "\\[click\\](http\\://example.com).csv" in message and "'\\*\\*b\\*\\*'" in message
