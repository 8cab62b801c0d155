"""A classroom in Chromium: the queue, closed tabs, two tabs of one page, a slider dragged mid-run.

Runs its own server with one training slot (so a second run must wait) and a one-second grace for
closed tabs, and reads the server's thread count from /proc to see that nothing is left behind.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, ROOT, VIEWPORT, free_port, log_tail, wait_for_app
from ui.warmup import warm_up

pytestmark = pytest.mark.browser
CURRENT = ":not([data-stale='true'])"


@pytest.fixture(scope="module")
def classroom_server():
    """A server with TORCHPLAY_WORKERS=1 and TORCHPLAY_ABANDON_GRACE_S=1; yields (base URL, pid)."""
    port = free_port()
    log_path = ARTIFACTS / "classroom-server.log"
    ARTIFACTS.mkdir(exist_ok=True)
    python = ROOT / ".venv" / "bin" / "python"
    env = {**os.environ, "TORCHPLAY_TEST": "1", "TORCHPLAY_WORKERS": "1", "TORCHPLAY_ABANDON_GRACE_S": "1"}
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


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.25)


def open_tab(context, url: str):
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return page


def button(page, key: str):
    return page.locator(f".st-key-{key}{CURRENT} button").first


def test_a_second_run_waits_in_line_and_a_closed_tab_frees_its_slot_and_threads(browser, classroom_server):
    url, pid = classroom_server
    first = browser.new_context(viewport=VIEWPORT)
    second = browser.new_context(viewport=VIEWPORT)
    try:
        heavy = open_tab(first, f"{url}/softmax-mnist")  # the full MNIST run: long, holds the only slot
        heavy.get_by_role("tab").nth(2).click()
        before = threads(pid)
        button(heavy, "sm-train-start").click()
        expect(heavy.get_by_text(re.compile(r"Status: \*?\*?running|step \d+"))).to_be_visible(timeout=120_000)
        light = open_tab(second, f"{url}/multiple-features")
        button(light, "ch7-start").click()
        # Only one slot: the chapter-7 run waits for the MNIST run's turn to end, and says so.
        expect(light.get_by_text(re.compile(r"queued \(0 ahead\)"))).to_be_visible(timeout=30_000)
        expect(light.get_by_text(re.compile(r"Finished 100 epochs"))).to_be_visible(timeout=180_000)
        first.close()  # the MNIST tab closes mid-training
        first = None
        # Its run stops after the grace second and its thread ends; the other session is untouched.
        wait_until(lambda: threads(pid) <= before, 60, f"threads stayed above {before} after the tab closed")
        expect(light.get_by_text(re.compile(r"Finished 100 epochs"))).to_be_visible()
        expect(light.get_by_test_id("stException")).to_have_count(0)
    finally:
        for context in (first, second):
            if context is not None:
                context.close()


def test_two_tabs_of_one_page_keep_their_own_runs(browser, classroom_server):
    url, _ = classroom_server
    context = browser.new_context(viewport=VIEWPORT)
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
    context = browser.new_context(viewport=VIEWPORT)
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
