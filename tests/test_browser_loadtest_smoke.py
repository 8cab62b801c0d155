"""The class load test, small, as part of the suite: `make loadtest N=3 CLASS=1`'s own code (loadtest/classroom.py)
on a fresh server whose log and class store are in tmp_path. Three headless Chromium students join one class by its
link and each trains its short run (chapter 6, chapter 7, one small MNIST epoch); every run must finish and be on the
class board exactly once."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from loadtest import classroom as loadtest

pytestmark = pytest.mark.browser

STUDENTS = 3  # one per lesson the load test teaches
RUN_TIMEOUT_S = 300  # a wait, not a bound: how long one student's run may take before it counts as failed
BOARD_WAIT_S = 120  # likewise, for the board to show every finished run


def test_three_students_in_one_class_finish_their_runs_and_each_is_on_the_board_once(tmp_path):
    store = f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    with loadtest.serve(0, tmp_path / "run", store=store) as server:
        # The load test drives Chromium with asyncio; its own thread keeps it off the sync Playwright loop that
        # the other browser tests leave running in this one.
        with ThreadPoolExecutor(1) as thread:
            taught = thread.submit(loadtest.lesson, server, STUDENTS, RUN_TIMEOUT_S, True, BOARD_WAIT_S).result()
    students = taught["students"]
    assert [(s["nickname"], s["lesson"]) for s in students] == [
        (f"student-{i + 1}", lesson) for i, lesson in enumerate(loadtest.LESSONS)]
    failed = {s["nickname"]: (s["error"], s["shown"], s["browser_errors"]) for s in students if not s["ok"]}
    assert not failed, failed
    assert taught["class_board"] == {"runs": STUDENTS, "finished": STUDENTS, "lost": [], "duplicated": []}
