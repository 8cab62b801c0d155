"""The PyTorch-code expander and the early-stopping setting on the pages (streamlit AppTest)."""

import io

import numpy as np
import pytest
import torch
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import app_test

from core.export import export_script, script_name
from tests.apptest_helpers import open_page, rerun_until, stop_runs

torch.set_num_threads(1)
PAGE = "pages/multiple_features.py"


@pytest.fixture(autouse=True)
def media(monkeypatch) -> MemoryMediaFileStorage:
    """The store AppTest keeps download-button files in, kept past the run so a test can read them."""
    storage = MemoryMediaFileStorage("/mock/media")
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", lambda endpoint: storage)
    return storage


def downloaded(at, media: MemoryMediaFileStorage, key: str) -> bytes:
    """The bytes the download button `key` hands the browser in the last run."""
    url = at.get_by_key(key).proto.url
    assert url.startswith("/mock/media/"), url
    return media.get_file(url.rsplit("/", 1)[-1]).content


def code_of(at) -> str:
    (panel,) = [e for e in at.expander if e.label == "PyTorch code for these settings"]
    return panel.code[0].value + "\n"  # st.code drops the final newline


def test_code_follows_the_panel_settings(at, media):
    assert code_of(at) == export_script(at.session_state["runners"]["ch7"].cfg)
    at.slider(key="ch7-layers").set_value(1)
    at.number_input(key="ch7-patience").set_value(4)
    at.run()
    cfg = at.session_state["runners"]["ch7"].cfg
    assert cfg.hidden == (6,) and cfg.patience == 4
    code = code_of(at)
    assert code == export_script(cfg) and "    patience=4," in code and "    hidden=(6,)," in code
    assert at.get_by_key("extras-code-ch7-download").proto.label == "Download the script"
    assert downloaded(at, media, "extras-code-ch7-download").decode() == code  # the file is the script shown
    assert any(script_name(cfg) in caption.value for caption in at.caption)


def test_early_stopping_ends_the_run_and_says_at_which_epoch(at):
    at.pills(key="extras-preset-multiple-features").set_value("early_stop")
    at.run()
    at.select_slider(key="ch7-pace").set_value("max")
    at.run()
    at.button(key="ch7-start").click()
    state = at.session_state["runners"]["ch7"]
    rerun_until(at, lambda: state.state().status == "finished", "the early stop")
    end = state.state().records[-1]
    assert end["stopped_early"] and end["epoch"] < 300
    assert any(f"Stopped early at epoch {end['epoch']}" in s.value and f"at epoch {end['best_epoch']})" in s.value
               for s in at.success)
    at.session_state["extras-compare-ch7-open"] = True  # the compare panel, opened: its table counts the epochs
    at.run()
    assert any(f"epochs done" in column for column in at.dataframe[-1].value.columns)


def test_mnist_panel_has_patience_and_code_for_the_cnn():
    app = open_page("pages/softmax_mnist.py")
    try:
        app.radio(key="sm-model").set_value("cnn")
        app.number_input(key="sm-train-patience").set_value(2)
        app.run()
        assert not app.exception
        cfg = app.session_state["runners"]["sm-train"].cfg
        assert cfg.model == "cnn" and cfg.patience == 2
        code = code_of(app)
        assert "    model='cnn'," in code and "    patience=2," in code
    finally:
        stop_runs(app)


def test_logistic_panel_shows_a_script_with_the_data_inline():
    app = open_page("pages/logistic_regression.py")
    try:
        code = code_of(app)
        assert "HOURS = [[1.0], [2.0], [3.0]]" in code and "class LogisticRegression(nn.Module):" in code
        assert not any(w.key == "ch6-patience" for w in app.number_input)  # no test split: no early stopping
    finally:
        stop_runs(app)


def test_an_uploaded_table_gets_a_script_and_its_table_as_the_script_reads_it(at, media):
    from tests.test_upload import table_bytes

    raw = table_bytes(rows=60, features=3, header=True)
    uploader = [u for u in at.file_uploader if u.key.startswith("ch7-upload-file")][0]
    uploader.set_value(("mine.csv", raw, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cfg = at.session_state["runners"]["ch7"].cfg
    assert cfg.data.startswith("upload:")
    assert code_of(at) == export_script(cfg) and "Your CSV" in code_of(at)
    assert at.get_by_key("extras-code-ch7-table").proto.label.startswith("Download your table")
    table = downloaded(at, media, "extras-code-ch7-table").decode()
    header, rows = table.split("\n", 1)
    assert header == "f0,f1,f2,outcome"
    got, sent = np.loadtxt(io.StringIO(rows), delimiter=","), np.loadtxt(io.BytesIO(raw), delimiter=",", skiprows=1)
    assert got.shape == sent.shape == (60, 4)
    np.testing.assert_array_equal(got[:, 3], sent[:, 3])  # the 0/1 labels, last, in the uploaded order
    np.testing.assert_allclose(got[:, :3], sent[:, :3], rtol=1e-6)  # the features as float32 holds them
