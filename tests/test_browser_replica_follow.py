"""Two app processes behind nginx on one Redis store, their run folder in the test's private tmp dir: a slow browser
gets Plotly's whole script through nginx, and in real Chromium a student whose browser nginx sends to replica 2
follows the lecturer's broadcast chapter-7 run on replica 1 as it runs, pauses, takes one step and stops."""

import http.client
import re
import time
from pathlib import Path

import pytest
import streamlit
from playwright.sync_api import expect

from deploy.replicas import Replicas
from tests.conftest import save_screenshot, wait_for_app
from tests.test_browser_class_board import CURRENT, class_across_replicas, pinned_pages

pytestmark = pytest.mark.browser

# The last epoch on the followed run's loss and accuracy chart (the first chart in the follow view), or null.
LAST_EPOCH_JS = """() => {
  const plot = Array.from(document.querySelectorAll('.st-key-class-live .js-plotly-plot')).find(d =>
      d.getBoundingClientRect().width > 0);
  const x = plot && plot._fullData.length ? plot._fullData[0].x : [];
  return x.length ? x[x.length - 1] : null;
}"""
PAUSED = re.compile(r"Status: paused · step \d+ · epoch (\d+)")


def check_a_slow_browser_gets_the_whole_plotly_script(replicas: Replicas) -> None:
    """The largest script a page loads, read only after a pause: nginx must hold it for the browser, not cut it off
    (the page's first chart would fail with "Failed to fetch dynamically imported module")."""
    script = next((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    connection = http.client.HTTPConnection("127.0.0.1", replicas.port, timeout=60)
    try:
        connection.request("GET", f"/static/js/{script.name}")
        response = connection.getresponse()
        assert response.status == 200
        time.sleep(1)  # a browser busy elsewhere: the app has sent more than nginx's memory buffers hold
        try:
            body = response.read()
        except http.client.IncompleteRead as cut:
            body = cut.partial
    finally:
        connection.close()
    assert len(body) == script.stat().st_size, (
        f"nginx passed {len(body)} of {script.stat().st_size} bytes; {replicas.run / 'error.log'} ends with:\n"
        + "\n".join((replicas.run / "error.log").read_text(errors="replace").splitlines()[-3:]))


def follows_epoch(student, epoch: int) -> None:
    """Wait until the student's follow view has drawn the lecturer's run up to `epoch`, and no further."""
    student.wait_for_function(f"() => ({LAST_EPOCH_JS})() === {epoch}")


def paused_epoch(lecturer) -> int:
    """The epoch the lecturer's paused run stands at, from its status line."""
    status = lecturer.get_by_text(PAUSED).first
    expect(status).to_be_visible()
    return int(PAUSED.search(status.inner_text()).group(1))


def test_a_student_on_the_other_replica_follows_the_lecturers_broadcast_run(browser, tmp_path):
    with Replicas(2, env={"TORCHPLAY_TEST": "1"}, run_dir=tmp_path / "run") as replicas:
        check_a_slow_browser_gets_the_whole_plotly_script(replicas)
        follow_across_replicas(browser, replicas)


def follow_across_replicas(browser, replicas: Replicas) -> None:
    """The lecturer on replica 1 starts, pauses, steps and stops a broadcast run; the student on replica 2 follows."""
    pages = pinned_pages(browser, replicas)
    try:
        lecturer, student, _ = class_across_replicas(pages, replicas, "Follower")

        lecturer.get_by_role("link", name="7 · Multiple features").click()
        wait_for_app(lecturer)
        lecturer.locator(".st-key-class-broadcast-multiple-features label").first.click()
        wait_for_app(lecturer)
        epochs = lecturer.get_by_label("epochs", exact=True)
        epochs.fill("3000")  # at the page's pace (20 steps/s) it would run for minutes: it is paused below
        epochs.press("Enter")
        wait_for_app(lecturer)
        lecturer.locator(f".st-key-ch7-start{CURRENT} button").first.click()

        live = student.locator(f".st-key-class-live{CURRENT}")
        expect(live).to_contain_text("The lecturer's run · 7 · Multiple features")
        student.wait_for_function(f"() => ({LAST_EPOCH_JS})() >= 1")  # its curve is drawn as it trains
        expect(live.get_by_role("link", name=re.compile("Try it myself"))).to_be_visible()

        # Paused, the run makes no records: the student's curve stops exactly where the lecturer's run stands.
        lecturer.locator(f".st-key-ch7-pause{CURRENT} button").first.click()
        epoch = paused_epoch(lecturer)
        expect(live).to_contain_text("paused ·")
        follows_epoch(student, epoch)

        # One step on replica 1 is one more epoch on replica 2's chart.
        lecturer.locator(f".st-key-ch7-step{CURRENT} button").first.click()
        expect(lecturer.get_by_text(f"Status: paused · step {epoch + 1} · epoch {epoch + 1}")).to_be_visible()
        follows_epoch(student, epoch + 1)
        save_screenshot(student, "class-follow-across-replicas")

        lecturer.locator(f".st-key-ch7-stop{CURRENT} button").first.click()
        expect(live).to_contain_text("stopped ·")
        follows_epoch(student, epoch + 1)
    finally:
        for page in pages.values():
            page.context.close()
