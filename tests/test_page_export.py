"""The PyTorch-code expander and the early-stopping setting on the pages (streamlit AppTest)."""

import torch

from core.export import export_script, script_name
from tests.apptest_helpers import open_page, rerun_until, stop_runs

torch.set_num_threads(1)
PAGE = "pages/multiple_features.py"


def code_of(at) -> str:
    (panel,) = [e for e in at.expander if e.label == "PyTorch code for these settings"]
    return panel.code[0].value + "\n"  # st.code drops the final newline


def test_code_follows_the_panel_settings(at):
    assert code_of(at) == export_script(at.session_state["runners"]["ch7"].cfg)
    at.slider(key="ch7-layers").set_value(1)
    at.number_input(key="ch7-patience").set_value(4)
    at.run()
    cfg = at.session_state["runners"]["ch7"].cfg
    assert cfg.hidden == (6,) and cfg.patience == 4
    code = code_of(at)
    assert code == export_script(cfg) and "PATIENCE = 4" in code and "nn.Linear(in_features, 6)" in code
    assert at.get_by_key("extras-code-ch7-download").proto.label == "Download the script"
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
        assert "class MnistCNN(nn.Module):" in code and "PATIENCE = 2" in code
    finally:
        stop_runs(app)


def test_logistic_panel_shows_a_script_with_the_data_inline():
    app = open_page("pages/logistic_regression.py")
    try:
        code = code_of(app)
        assert "torch.tensor([[1.0], [2.0], [3.0]])" in code and "class LogisticRegression(nn.Module):" in code
        assert not any(w.key == "ch6-patience" for w in app.number_input)  # no test split: no early stopping
    finally:
        stop_runs(app)


def test_an_uploaded_table_gets_a_script_and_its_table_as_the_script_reads_it(at):
    from core import upload
    from tests.test_upload import table_bytes

    uploader = [u for u in at.file_uploader if u.key.startswith("ch7-upload-file")][0]
    uploader.set_value(("mine.csv", table_bytes(rows=60, features=3, header=True), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cfg = at.session_state["runners"]["ch7"].cfg
    assert cfg.data.startswith("upload:")
    assert code_of(at) == export_script(cfg) and "Your CSV" in code_of(at)
    table = at.get_by_key("extras-code-ch7-table")
    assert table.proto.label.startswith("Download your table")
    assert upload.to_csv_bytes(upload.get_table(cfg.data), header=True).startswith(b"f0,f1,f2,outcome\n")
