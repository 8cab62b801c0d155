"""AppTest helpers the page tests share: open a page through the router, poll, stop runs."""

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_page(path: str) -> AppTest:
    """The app through its router (sidebar, session defaults), switched to one page."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(path)
    app.run()
    return app


def stop_runs(app: AppTest) -> None:
    """Stop every runner of the session, so no training thread outlives its test."""
    for runner in app.session_state["runners"].values():
        runner.stop()


def rerun_until(app: AppTest, done, what: str, timeout: float = 180.0, every: float = 0.25) -> None:
    """Rerun the page (as the live view's polling does) until done() holds, then once more.

    done() is checked before each run, so the page last rendered shows the state that made it true
    (a run that finishes during a render would otherwise leave the page one state behind).
    """
    deadline = time.monotonic() + timeout
    while True:
        finished = done()
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        if finished:
            return
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)
