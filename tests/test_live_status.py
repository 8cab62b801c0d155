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
