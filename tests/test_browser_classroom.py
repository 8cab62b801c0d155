"""A classroom in Chromium: the queue, closed tabs, two tabs of one page, a slider dragged mid-run.

Runs its own server with one training slot (so a second run must wait) and a one-second grace for
closed tabs, and reads the server's torchplay-* training threads from /proc to see that none is left behind.
"""

import os
import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import (ARTIFACTS, PAGE_TIMEOUT_MS, ROOT, VIEWPORT, free_port, log_tail, training_threads,
                            wait_for_app)
from ui.warmup import warm_up

pytestmark = pytest.mark.browser
CURRENT = ":not([data-stale='true'])"


@pytest.fixture(scope="module")
def classroom_server(tmp_path_factory):
    """A server with TORCHPLAY_WORKERS=1 and TORCHPLAY_ABANDON_GRACE_S=1 and its own class store in tmp (its models
    and data are the session's tmp copies, from the environment); yields (base URL, pid)."""
    port = free_port()
    log_path = ARTIFACTS / "classroom-server.log"
    ARTIFACTS.mkdir(exist_ok=True)
    python = ROOT / ".venv" / "bin" / "python"
    store = f"sqlite:///{tmp_path_factory.mktemp('store') / 'classroom.sqlite3'}"
    env = {**os.environ, "TORCHPLAY_TEST": "1", "TORCHPLAY_WORKERS": "1", "TORCHPLAY_ABANDON_GRACE_S": "1",
           "TORCHPLAY_STORE": store}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "app.py",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--server.scriptHealthCheckEnabled", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base_url = f"http://127.0.0.1:{port}"
        if not warm_up(base_url):
            pytest.fail(f"the classroom server did not start: {log_tail(log_path)}")
        yield base_url, server.pid
    finally:
        server.terminate()
        server.wait(10)
        assert "Traceback" not in log_path.read_text(), log_tail(log_path, 80)


def wait_until(predicate, timeout: float, what: str, detail=lambda: ""):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} {detail()}"
        time.sleep(0.25)


def training_thread_names(pid: int) -> str:
    return f"(training threads: {sorted(training_threads(pid).values())})"


def page_text(page) -> str:
    lines = page.locator("body").inner_text().split("\n")
    return "(page: " + " | ".join(line for line in lines if re.search(r"Status|Finished|Stopped|Epoch|epochs", line)) + ")"


def learner(browser):
    """A browser context of its own (another learner), as patient as the `page` fixture's."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    return context


def open_tab(context, url: str):
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return page


def button(page, key: str):
    return page.locator(f".st-key-{key}{CURRENT} button").first


def mnist_training_tab(context, url: str):
    page = open_tab(context, f"{url}/softmax-mnist?sm-epochs=50")  # the full MNIST run, 50 epochs: minutes
    page.get_by_role("tab").nth(2).click()
    return page


QUEUED = re.compile(r"queued \(0 ahead\)")


def step_shown(page) -> tuple[int, int]:
    """(epoch, iteration) from the MNIST tab's progress line; (0, 0) before the first."""
    found = re.findall(r"Epoch (\d+)/\d+ · iteration (\d+)", page.locator("body").inner_text())
    return tuple(map(int, found[0])) if found else (0, 0)


def test_runs_take_turns_in_line_and_a_closed_tab_frees_its_slot_and_threads(browser, classroom_server):
    url, pid = classroom_server
    first, second = learner(browser), learner(browser)
    try:
        tabs = [mnist_training_tab(first, url), mnist_training_tab(second, url)]
        # The server is this module's: the runs of the tests before this one (in whatever order) end first, so that
        # the one slot is free and every training thread counted below is this test's.
        wait_until(lambda: not training_threads(pid), 120, "earlier tests' training threads never ended",
                   lambda: training_thread_names(pid))
        for tab in tabs:
            button(tab, "sm-train-start").click()
            # The status line and the progress line can both match: either one showing is enough.
            expect(tab.get_by_text(re.compile(r"Status: \*?\*?(running|queued)|iteration \d+")).first
                   ).to_be_visible(timeout=120_000)
        assert len(training_threads(pid)) == 2, \
            f"the MNIST runs' threads are not named torchplay-* in /proc {training_thread_names(pid)}"
        # Two long runs, one slot: they take 2-s turns, and the one waiting says so.
        wait_until(lambda: any(tab.get_by_text(QUEUED).count() for tab in tabs), 120,
                   "neither of two runs sharing one slot ever said it was queued")
        # A light paced run from the second learner's other page still gets through beside them.
        light = open_tab(second, f"{url}/multiple-features")
        button(light, "ch7-start").click()
        expect(light.get_by_text(re.compile(r"Finished 100 epochs"))).to_be_visible(timeout=180_000)
        first.close()  # the first learner's tab closes mid-training
        first = None
        # Its run stops after the grace second and its thread ends; the other learner's run has the slot
        # to itself now: never queued again, and still going.
        wait_until(lambda: len(training_threads(pid)) == 1, 120, "the closed tab's training thread kept running",
                   lambda: training_thread_names(pid))
        survivor = tabs[1]
        survivor.bring_to_front()  # the light tab hid it; browsers slow a hidden tab's timers, and so its polling
        wait_until(lambda: survivor.get_by_text(QUEUED).count() == 0, 60, "the remaining run stayed queued")
        step = step_shown(survivor)

        def moving_alone() -> bool:
            assert survivor.get_by_text(QUEUED).count() == 0, f"the remaining run was queued again {page_text(survivor)}"
            return step_shown(survivor) > step

        wait_until(moving_alone, 120, "the remaining run stopped moving", lambda: page_text(survivor))
        # Stopping reruns the page, which shows where the run got to: it kept training after the tab closed.
        button(survivor, "sm-train-stop").click()
        expect(survivor.get_by_test_id("stAlertContentInfo").get_by_text("Stopped by you.")).to_be_visible(timeout=60_000)
        assert step_shown(survivor) > step, f"the stopped page shows less than the run did {page_text(survivor)}"
        # Every training thread ends with its run: back to none.
        wait_until(lambda: not training_threads(pid), 60, "training threads stayed after the runs ended",
                   lambda: training_thread_names(pid))
        expect(light.get_by_text(re.compile(r"Finished 100 epochs"))).to_be_visible()
        for tab in (survivor, light):
            expect(tab.get_by_test_id("stException")).to_have_count(0)
    finally:
        for context in (first, second):
            if context is not None:
                context.close()


def test_two_tabs_of_one_page_keep_their_own_runs(browser, classroom_server):
    url, _ = classroom_server
    context = learner(browser)
    try:
        tabs = [open_tab(context, f"{url}/multiple-features") for _ in range(2)]
        epochs = tabs[1].locator(f".st-key-ch7-epochs{CURRENT} input").first
        epochs.fill("50")
        epochs.press("Enter")
        wait_for_app(tabs[1])
        for tab in tabs:
            button(tab, "ch7-start").click()
        expect(tabs[0].get_by_text("Finished 100 epochs (100 steps).")).to_be_visible(timeout=180_000)
        expect(tabs[1].get_by_text("Finished 50 epochs (50 steps).")).to_be_visible(timeout=180_000)
        for tab in tabs:
            wait_for_app(tab)
            expect(tab.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()


def test_dragging_the_learning_rate_during_a_run_neither_breaks_nor_duplicates_anything(browser, classroom_server):
    url, _ = classroom_server
    context = learner(browser)
    try:
        page = open_tab(context, f"{url}/logistic-regression")
        button(page, "ch6-start").click()
        expect(page.get_by_text(re.compile(r"step \d+"))).to_be_visible(timeout=60_000)
        thumb = page.locator(f".st-key-ch6-lr{CURRENT} input[type='range']").first
        thumb.focus()
        for key in ["ArrowRight"] * 6 + ["ArrowLeft"] * 3:  # a learner fiddling fast, no waiting for reruns
            thumb.press(key)
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text(re.compile(r"Finished 1000 epochs"))).to_be_visible(timeout=180_000)
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text(re.compile("There are multiple identical|DuplicateWidgetID|duplicate"))
               ).to_have_count(0)
    finally:
        context.close()
