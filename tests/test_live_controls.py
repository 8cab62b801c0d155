"""ui.live: a setting changed in the same request as Start is the one that runs; a live view rebuilds an
evaluation's figures only when the evaluation or what the figure shows changes."""

import plotly.graph_objects as go

from tests.apptest_helpers import open_page, stop_runs
from tests.test_runner import run_to_end
from ui import live


def test_start_uses_the_settings_changed_in_the_same_click():
    at = open_page("pages/multiple_features.py")
    at.number_input(key="ch7-epochs").set_value(7)  # typed, then Start clicked before the rerun
    at.button(key="ch7-start").click()
    at.run()
    runner = at.session_state["runners"]["ch7"]
    state = run_to_end(runner)
    assert runner.cfg.epochs == 7
    assert state.status == "finished"
    assert len(state.of_kind("eval")) == 7
    assert not [w for w in at.warning if "Reset" in w.value]  # no spurious "press Reset" prompt
    stop_runs(at)


def test_a_figure_is_rebuilt_only_when_its_evaluation_or_look_changes():
    built = []

    def build():
        built.append(go.Figure())
        return built[-1]

    epoch_1, epoch_2 = {"epoch": 1}, {"epoch": 1}  # equal but not the same record: a new evaluation
    first = live.reused_figure("test-memo", (epoch_1,), ((3, 5), "en"), build)
    assert live.reused_figure("test-memo", (epoch_1,), ((3, 5), "en"), build) is first and len(built) == 1
    assert live.reused_figure("test-memo", (epoch_1,), ((3, 5), "zh"), build) is built[-1] and len(built) == 2
    assert live.reused_figure("test-memo", (epoch_2,), ((3, 5), "zh"), build) is built[-1] and len(built) == 3
    assert live.reused_figure("other-memo", (epoch_2,), ((3, 5), "zh"), build) is built[-1] and len(built) == 4


def test_a_chart_that_moves_slowly_is_held_between_rebuilds_until_its_key_changes():
    built = []

    def build():
        built.append(go.Figure())
        return built[-1]

    first = live.now_and_then("test-timed", ("running", "en"), 60.0, build)
    assert live.now_and_then("test-timed", ("running", "en"), 60.0, build) is first and len(built) == 1
    assert live.now_and_then("test-timed", ("finished", "en"), 60.0, build) is built[-1] and len(built) == 2
    assert live.now_and_then("test-timed", ("finished", "en"), 0.0, build) is built[-1] and len(built) == 3
