"""The live status line: where a run waits in the queue, and which replica serves the page."""

import pytest
from streamlit.testing.v1 import AppTest

from core.runner import RunnerState


def status_script():
    import streamlit as st

    from ui import live

    live.status_line(st.session_state["state"])


def state(**changes) -> RunnerState:
    base = dict(status="starting", records=(), message="", config={"epochs": 3, "lr": 0.1}, last_eval=None,
                step=0, ahead=None)
    return RunnerState(**{**base, **changes})


@pytest.mark.parametrize("given, words", [
    (state(ahead=2), "queued (2 ahead)"),
    (state(status="running", step=40, ahead=0), "queued (0 ahead)**, step 40"),
    (state(status="running", step=4, records=({"kind": "train", "step": 4, "epoch": 2},)),
     "Status: **running** · step 4 · epoch 2"),
])
def test_the_status_line_shows_the_queue(given, words):
    app = AppTest.from_function(status_script, default_timeout=30)
    app.session_state["state"] = given
    app.run()
    assert words in app.caption[0].value


@pytest.mark.parametrize("lang, epochs, steps, words", [
    ("en", 1, 938, "Finished 1 epoch (938 steps)."), ("en", 1, 1, "Finished 1 epoch (1 step)."),
    ("en", 3, 2814, "Finished 3 epochs (2814 steps)."), ("zh", 1, 938, "完成了 1 轮（938 步）。"),
])
def test_a_finished_run_counts_its_epochs_in_words(lang, epochs, steps, words):
    app = AppTest.from_function(status_script, default_timeout=30)
    app.session_state["lang"] = lang
    app.session_state["state"] = state(status="finished", config={"epochs": epochs, "lr": 0.1}, records=(
        {"kind": "end", "step": steps, "epoch": epochs, "reason": "finished", "message": "core's words"},))
    app.run()
    assert app.success[0].value == words


def test_a_change_that_rounds_to_nothing_is_neither_up_nor_green():
    from ui.live import metric_delta

    assert metric_delta("+0.0 pp") == {"delta": "±0.0 pp", "delta_color": "off", "delta_arrow": "off"}
    assert metric_delta("-0.0 个百分点")["delta_arrow"] == "off"
    assert metric_delta("+0.4 pp") == {"delta": "+0.4 pp"} and metric_delta("-1.0 points") == {"delta": "-1.0 points"}
    assert metric_delta(None) == {"delta": None}


def replica_script():
    from ui import live

    live.replica_note()


def test_a_replica_names_itself_and_a_single_server_says_nothing(monkeypatch):
    monkeypatch.delenv("TORCHPLAY_REPLICA", raising=False)
    app = AppTest.from_function(replica_script, default_timeout=30)
    app.run()
    assert not app.caption
    monkeypatch.setenv("TORCHPLAY_REPLICA", "replica-2")
    app.run()
    assert "Served by **replica-2**" in app.caption[0].value
