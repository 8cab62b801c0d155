"""ui.live.controls: a setting changed in the same request as Start is the one that runs."""

import time

from tests.apptest_helpers import open_page, stop_runs


def test_start_uses_the_settings_changed_in_the_same_click():
    at = open_page("pages/multiple_features.py")
    at.number_input(key="ch7-epochs").set_value(7)  # typed, then Start clicked before the rerun
    at.button(key="ch7-start").click()
    at.run()
    runner = at.session_state["runners"]["ch7"]
    deadline = time.monotonic() + 60
    while runner.state().status not in ("finished", "stopped", "diverged", "error") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert runner.cfg.epochs == 7
    assert runner.state().status == "finished"
    assert len(runner.state().of_kind("eval")) == 7
    assert not [w for w in at.warning if "Reset" in w.value]  # no spurious "press Reset" prompt
    stop_runs(at)
