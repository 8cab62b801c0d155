"""Chapters 6 and 7 in a real Chromium: press Start and the loss chart on the page gains points."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, training_threads, wait_for_app

pytestmark = pytest.mark.browser

# Points in the first trace of the visible plotly chart whose title contains `title` (-1: no such chart).
# Zero-width copies are the ones Streamlit keeps while it swaps a redrawn chart in; they are skipped.
# _fullData, not data: long series arrive packed ({dtype, bdata}) and only plotly's full data has them decoded.
POINTS_JS = """(title) => {
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d =>
      d.getBoundingClientRect().width > 0 && ((d.layout.title || {}).text || '').includes(title));
  if (!plots.length) return -1;
  const traces = plots[0]._fullData || [];
  return traces.length && traces[0].x ? traces[0].x.length : 0;
}"""


def points(page, title: str) -> int:
    """Points in the chart, waiting out the moment a rerun swaps it (when none is visible)."""
    return page.wait_for_function(f"() => {{ const n = ({POINTS_JS})({title!r}); return n >= 0 ? n + 1 : 0; }}",
                                  timeout=PAGE_TIMEOUT_MS).json_value() - 1


def button(page, key: str):
    """A button by its widget key (Streamlit's own toolbar has a "Stop" button too)."""
    return page.locator(f".st-key-{key} button")


def set_epochs(page, epochs: int) -> None:
    """Type the number of epochs, as a learner would, and wait for the rerun."""
    field = page.get_by_role("spinbutton", name="epochs", exact=True)
    field.fill(str(epochs))
    field.press("Enter")
    wait_for_app(page)


def watch_training(page, slot: str, chart_title: str) -> tuple[int, int]:
    """Press Start, wait for the first points, then for more: the chart's point counts at those two reads."""
    assert points(page, chart_title) == 0, "the loss chart should start empty"
    button(page, f"{slot}-start").click()
    page.wait_for_function(f"() => ({POINTS_JS})({chart_title!r}) > 0", timeout=PAGE_TIMEOUT_MS)
    first = points(page, chart_title)
    page.wait_for_function(f"() => ({POINTS_JS})({chart_title!r}) > {first}", timeout=PAGE_TIMEOUT_MS)
    second = points(page, chart_title)
    expect(page.get_by_text("Status: running")).to_be_visible()
    return first, second


def stop(page, slot: str) -> None:
    button(page, f"{slot}-stop").click()
    expect(button(page, f"{slot}-stop")).to_be_disabled()
    # The end message, not the exported script's code below it (core.loop's loop says the same words).
    expect(page.get_by_test_id("stAlertContentInfo").get_by_text("Stopped by you.")).to_be_visible()


def test_logistic_regression_trains_live(page, app_server):
    open_app(page, app_server, "logistic-regression")
    expect(page.locator("h1").first).to_contain_text("Logistic regression")
    set_epochs(page, 20000)  # 200 s at the default pace: still running when the test stops it
    first, second = watch_training(page, "ch6", "Loss")
    assert second > first > 0, f"the loss chart did not grow: {first} then {second} points"
    expect(page.get_by_text("P(pass | 2.5 h)")).to_be_visible()
    shot = save_screenshot(page, "ch6-logistic-regression-training")
    assert shot.stat().st_size > 0
    stop(page, "ch6")


def test_multiple_features_trains_live(page, app_server):
    open_app(page, app_server, "multiple-features")
    expect(page.locator("h1").first).to_contain_text("Multiple features")
    set_epochs(page, 5000)  # 250 s at the default pace: still running when the test stops it
    first, second = watch_training(page, "ch7", "Train vs test")
    assert second > first > 0, f"the train/test chart did not grow: {first} then {second} points"
    assert points(page, "8 → 6 → 4 → 1") > 0  # the diagram now draws the trained weights
    shot = save_screenshot(page, "ch7-multiple-features-training")
    assert shot.stat().st_size > 0
    pin = button(page, "extras-compare-ch7-pin")
    expect(pin).to_have_count(0)  # the closed compare panel builds nothing while the run trains
    page.locator(".st-key-extras-compare-ch7-open summary").click()
    expect(pin).to_be_visible()  # opened mid-run: its buttons and table are built
    expect(page.locator(".st-key-extras-compare-ch7-open [data-testid=stDataFrame]")).to_be_visible()
    stop(page, "ch7")


def test_training_goes_on_while_the_learner_visits_another_page(page, app_server, app_server_pid):
    open_app(page, app_server, "logistic-regression")
    set_epochs(page, 3000)  # 30 s at the default pace (100 steps/s)
    others = training_threads(app_server_pid)
    button(page, "ch6-start").click()
    page.wait_for_function(f"() => ({POINTS_JS})('Loss') > 0", timeout=PAGE_TIMEOUT_MS)
    left_at = points(page, "Loss")
    ours = training_threads(app_server_pid).keys() - others.keys()  # the run (and its linear twin)
    assert ours, "starting the run started no torchplay-* thread"
    page.get_by_test_id("stSidebarNav").get_by_text("Home").click()  # same session, another page
    # Looked at as the learner leaves (the paced run lasts 30 s), not once the next page has drawn.
    assert ours & training_threads(app_server_pid).keys(), "the run ended before the learner left its page"
    expect(page.locator("h1").first).to_contain_text("torchplay")
    # The run goes on with nobody drawing it, to its last epoch: its threads end while the learner is away.
    deadline = time.monotonic() + 240
    while ours & training_threads(app_server_pid).keys():
        assert time.monotonic() < deadline, "the run never finished while the learner was on another page"
        time.sleep(0.25)
    expect(page.locator("h1").first).to_contain_text("torchplay")  # still away
    page.get_by_test_id("stSidebarNav").get_by_text("Logistic regression").click()
    expect(page.locator("h1").first).to_contain_text("Logistic regression")
    expect(page.get_by_text(re.compile(r"Finished 3000 epochs"))).to_be_visible()
    assert points(page, "Loss") > left_at
