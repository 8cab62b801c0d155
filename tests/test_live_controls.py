"""ui.live.controls: a setting changed in the same request as Start is the one that runs."""

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def test_start_uses_the_settings_changed_in_the_same_click():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/multiple_features.py")
    at.run()
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
