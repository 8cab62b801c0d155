"""Chapters 6 and 7 in a real Chromium: press Start and the loss chart on the page gains points."""

import time

import pytest
from playwright.sync_api import expect

from tests.conftest import open_app, save_screenshot, wait_for_app

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
                                  timeout=30_000).json_value() - 1


def button(page, key: str):
    """A button by its widget key (Streamlit's own toolbar has a "Stop" button too)."""
    return page.locator(f".st-key-{key} button")


def watch_training(page, slot: str, chart_title: str) -> tuple[int, int]:
    """Press Start, wait for the first points, then read the chart twice, two seconds apart."""
    assert points(page, chart_title) == 0, "the loss chart should start empty"
    button(page, f"{slot}-start").click()
    page.wait_for_function(f"() => ({POINTS_JS})({chart_title!r}) > 0", timeout=60_000)
    first = points(page, chart_title)
    time.sleep(2.0)
    second = points(page, chart_title)
    expect(page.get_by_text("Status: running")).to_be_visible()
    return first, second


def stop(page, slot: str) -> None:
    button(page, f"{slot}-stop").click()
    expect(button(page, f"{slot}-stop")).to_be_disabled()
    expect(page.get_by_text("Stopped by you.")).to_be_visible()


def test_logistic_regression_trains_live(page, app_server):
    open_app(page, app_server, "logistic-regression")
    expect(page.locator("h1").first).to_contain_text("Logistic regression")
    first, second = watch_training(page, "ch6", "Loss")
    assert second > first > 0, f"the loss chart did not grow: {first} then {second} points"
    expect(page.get_by_text("P(pass | 2.5 h)")).to_be_visible()
    shot = save_screenshot(page, "ch6-logistic-regression-training")
    assert shot.stat().st_size > 0
    stop(page, "ch6")


def test_multiple_features_trains_live(page, app_server):
    open_app(page, app_server, "multiple-features")
    expect(page.locator("h1").first).to_contain_text("Multiple features")
    epochs = page.get_by_label("epochs", exact=True)
    epochs.fill("2000")  # long enough to still be running at the second read
    epochs.press("Enter")
    wait_for_app(page)
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


def test_training_goes_on_while_the_learner_visits_another_page(page, app_server):
    open_app(page, app_server, "logistic-regression")
    epochs = page.get_by_role("spinbutton", name="epochs")
    epochs.fill("20000")  # a long run at the default pace (100 steps/s)
    epochs.press("Enter")
    wait_for_app(page)
    button(page, "ch6-start").click()
    page.wait_for_function(f"() => ({POINTS_JS})('Loss') > 0", timeout=60_000)
    left_at = points(page, "Loss")
    page.get_by_test_id("stSidebarNav").get_by_text("Home").click()  # same session, another page
    expect(page.locator("h1").first).to_contain_text("torchplay")
    time.sleep(3.0)
    page.get_by_test_id("stSidebarNav").get_by_text("Logistic regression").click()
    expect(page.locator("h1").first).to_contain_text("Logistic regression")
    page.wait_for_function(f"() => ({POINTS_JS})('Loss') > {left_at + 100}", timeout=30_000)
    expect(page.get_by_text("Status: running")).to_be_visible()
    stop(page, "ch6")
