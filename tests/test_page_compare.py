"""Compare runs on the chapter-7 page: pin a run, change a setting, run again, see both; clear."""

import json

import torch

from tests.test_page_logistic import train_to_end

torch.set_num_threads(1)
PAGE = "pages/multiple_features.py"


def compare_panel(at):
    (panel,) = [e for e in at.expander if e.label.startswith("Compare runs")]
    return panel


def open_panel(at):
    """Click the panel open (AppTest has no expander click: its state is set as the click would)."""
    at.session_state["extras-compare-ch7-open"] = True
    at.run()


def chart(at) -> dict:
    return json.loads(at.get_by_key("extras-compare-ch7-chart").proto.spec)


def test_pin_change_one_setting_run_again_and_both_runs_are_on_the_chart(at):
    assert compare_panel(at).label == "Compare runs (0 kept)"
    train_to_end(at, "ch7", epochs=4)
    assert compare_panel(at).label == "Compare runs (1 kept)"
    open_panel(at)
    at.button(key="extras-compare-ch7-pin").click()
    at.run()
    assert at.button(key="extras-compare-ch7-pin").disabled  # already pinned
    names = {trace["name"] for trace in chart(at)["data"]}
    assert names == {"#1 · train", "#1 · test"}

    at.select_slider(key="ch7-lr").set_value(0.5)
    at.run()
    at.button(key="ch7-reset").click()
    at.run()
    train_to_end(at, "ch7", epochs=4)
    assert compare_panel(at).label == "Compare runs (2 kept)"
    figure = chart(at)
    assert {trace["name"] for trace in figure["data"]} == {"#1 · lr 0.1 · train", "#1 · lr 0.1 · test",
                                                           "#2 · lr 0.5 · train", "#2 · lr 0.5 · test"}
    table = at.dataframe[-1].value  # the compare table is the last table of the page
    assert list(table["run"]) == ["#2 · current", "#1 · pinned"] and list(table["lr"]) == ["0.5", "0.1"]
    assert list(table["epochs done"]) == [4, 4]
    runs = at.session_state["extras-history"].runs("ch7")
    assert list(table["test loss"]) == [f"{run.final['test/loss']:.4f}" for run in reversed(runs)]
    assert any("differ between the runs: lr" in c.value for c in at.caption)

    at.button(key="extras-compare-ch7-clear").click()
    at.run()
    assert compare_panel(at).label == "Compare runs (1 kept)"  # only the current run, unpinned
    (kept,) = at.session_state["extras-history"].runs("ch7")
    assert kept.number == 2 and not kept.pinned
    assert at.session_state["runners"]["ch7"].state().status == "finished"  # the run itself goes on showing


def test_the_table_lists_unpinned_runs_too_but_the_chart_only_pinned_and_current(at):
    train_to_end(at, "ch7", epochs=2)
    at.button(key="ch7-reset").click()
    at.run()
    train_to_end(at, "ch7", epochs=3)
    assert not [d for d in at.dataframe if "run" in d.value.columns]  # closed: built only when looked at
    open_panel(at)
    table = at.dataframe[-1].value  # the compare table is the last table of the page
    assert list(table["run"]) == ["#2 · current", "#1"]
    # Nothing pinned: no overlay yet, a hint to pin instead.
    assert any("Pin this run to keep it" in c.value for c in at.caption)


def test_compare_panel_in_chinese(at):
    at.session_state["lang"] = "zh"
    at.run()
    train_to_end(at, "ch7", epochs=2)
    assert any(e.label == "比较多次训练（保留 1 次）" for e in at.expander)
    open_panel(at)
    table = at.dataframe[-1].value
    assert list(table["训练"]) == ["#1 · 当前"] and list(table["状态"]) == ["已完成"]
