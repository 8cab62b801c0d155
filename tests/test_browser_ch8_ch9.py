"""Chapters 8 and 9 in a real Chromium: the batch-size race draws its curves, MNIST training raises test accuracy."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, wait_for_app, wait_for_link

pytestmark = pytest.mark.browser

# The data of the visible plotly chart inside the element with streamlit key `key` (null: not drawn).
# Stale and zero-width copies are the ones Streamlit keeps while it swaps a redrawn chart in; they are skipped.
CURRENT = ":not([data-stale='true'])"
CHART_JS = """(key) => {
  const plots = Array.from(document.querySelectorAll(`.st-key-${key}""" + CURRENT + """ .js-plotly-plot`)).filter(d =>
      d.getBoundingClientRect().width > 0);
  if (!plots.length) return null;
  return plots[0].data.map(t => ({name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])}));
}"""

# Where, in page pixels, the centre of cell (true, predicted) of the confusion matrix is.
CELL_JS = """([key, truth, predicted]) => {
  const plot = Array.from(document.querySelectorAll(`.st-key-${key}""" + CURRENT + """ .js-plotly-plot`)).find(d =>
      d.getBoundingClientRect().width > 0);
  const box = plot.getBoundingClientRect(), xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
  return {x: box.x + xa._offset + xa.l2p(predicted), y: box.y + ya._offset + ya.l2p(truth)};
}"""


def chart_data(page, key: str):
    """The chart's traces, waiting out the moment a rerun swaps the chart (when none is visible)."""
    return page.wait_for_function(f"() => ({CHART_JS})({key!r})", timeout=PAGE_TIMEOUT_MS).json_value()


def press_slider(page, key: str, *keys: str) -> None:
    """Move a (select) slider away from its default with the keyboard, as a learner without a mouse would, and wait
    until the server has the value it shows (a slider sends its value a moment after the last key)."""
    thumb = page.locator(f".st-key-{key}{CURRENT} input[type='range']").first
    thumb.focus()
    for name in keys:
        thumb.press(name)
    wait_for_link(page, key, page.locator(f".st-key-{key}{CURRENT} [data-testid='stSliderThumbValue']").first
                  .inner_text())
    wait_for_app(page)


def button(page, key: str):
    """The button with streamlit key `key` (not the stale copy Streamlit keeps during a rerun)."""
    return page.locator(f".st-key-{key}{CURRENT} button").first


def metric(page, label: str):
    """The value of the metric labelled `label`, as a locator."""
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label,
                                                                                                       exact=True))
    return box.get_by_test_id("stMetricValue")


def metric_value(page, label: str) -> str:
    return metric(page, label).inner_text()


def test_minibatch_race_draws_all_three_runs(page, app_server):
    open_app(page, app_server, "mini-batches")
    expect(page.locator("h1").first).to_contain_text("Mini-batches")
    assert metric_value(page, "Iterations per epoch") == "18"
    page.get_by_role("tab", name="Full batch vs mini-batch vs stochastic").click()
    press_slider(page, "mb-race-epochs", "Home")  # 5 epochs keeps the browser run short
    page.wait_for_function(f"() => (({CHART_JS})('mb-race-steps') || []).length > 0")  # drawn, still empty
    assert all(len(trace["x"]) == 0 for trace in chart_data(page, "mb-race-steps"))

    button(page, "mb-race-start").click()
    page.wait_for_function(f"() => (({CHART_JS})('mb-race-steps') || []).some(t => t.x.length > 0)",
                           timeout=PAGE_TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"^epoch 5/5 · "))).to_have_count(3, timeout=240_000)
    wait_for_app(page)
    traces = chart_data(page, "mb-race-steps")
    by_name = {trace["name"]: trace for trace in traces}
    for run, steps in (("Full batch", 5), ("Mini-batch", 5 * 18), ("Stochastic (batch 1)", 5 * 576)):
        assert by_name[run]["x"] == pytest.approx(list(range(steps // 5, steps + 1, steps // 5))), run
    assert all(len(trace["x"]) > 0 for trace in traces)
    assert all(len(trace["x"]) > 0 for trace in chart_data(page, "mb-race-time"))
    page.locator(f".st-key-mb-race-time{CURRENT}").first.scroll_into_view_if_needed()
    assert save_screenshot(page, "ch8-minibatch-race").stat().st_size > 0


def test_mnist_training_raises_test_accuracy_and_shows_its_mistakes(page, app_server):
    open_app(page, app_server, "softmax-mnist")
    expect(page.locator("h1").first).to_contain_text("Softmax")
    page.get_by_role("tab", name="Train live").click()
    press_slider(page, "sm-train-subset", "Home", "ArrowRight")  # 3k training images
    press_slider(page, "sm-test-subset", "Home")  # 1k test images
    press_slider(page, "sm-lr", "ArrowRight", "ArrowRight")  # 0.01 -> 0.05: visible progress in two short epochs
    epochs = page.locator(f".st-key-sm-epochs{CURRENT} input").first
    epochs.fill("2")
    epochs.press("Enter")
    wait_for_app(page)
    # the server has the new settings (a Start sent with unsynced sliders would run the old ones)
    expect(page.get_by_text(re.compile("MLP · 3,000 training images · 2 epochs · batch 64 · lr 0.05"))
           ).to_be_visible()

    button(page, "sm-train-start").click()
    expect(page.get_by_text(re.compile(r"Finished 2 epochs"))).to_be_visible(timeout=240_000)
    wait_for_app(page)
    page.wait_for_function(f"() => (({CHART_JS})('sm-acc-chart') || []).some(t => t.x.length == 2)")
    accuracy = {trace["name"]: trace for trace in chart_data(page, "sm-acc-chart")}["test"]
    assert accuracy["x"] == [1, 2]
    first, second = accuracy["y"]
    assert second > first, f"test accuracy did not rise: {first:.3f} then {second:.3f}"
    assert metric_value(page, "Test accuracy") == f"{second:.2%}"
    assert float(metric_value(page, "Throughput (samples/s)").replace(",", "")) > 0
    shot = save_screenshot(page, "ch9-mnist-training")
    assert shot.stat().st_size > 0

    # the page opens on the most frequent mistake; click the second most frequent: the page shows those digits
    page.set_viewport_size({"width": 1400, "height": 1000})
    wait_for_app(page)
    cells = page.wait_for_function("""() => (Array.from(document.querySelectorAll(
        ".st-key-sm-confusion-chart""" + CURRENT + """ .js-plotly-plot")).find(d =>
            d.getBoundingClientRect().width > 0) || {data: [{}, {}]}).data[1].customdata""").json_value()
    first_cell, (truth, predicted, count) = sorted(cells, key=lambda cell: cell[2], reverse=True)[:2]
    expect(page.locator(f".st-key-sm-mistakes-chart{CURRENT} .gtitle").first).to_contain_text(
        f"{first_cell[2]} × a {first_cell[0]} mistaken as {first_cell[1]}")
    page.locator(f".st-key-sm-confusion-chart{CURRENT}").first.scroll_into_view_if_needed()
    point = page.evaluate(CELL_JS, ["sm-confusion-chart", truth, predicted])
    page.mouse.click(point["x"], point["y"])
    wait_for_app(page)
    expect(page.locator(f".st-key-sm-mistakes-chart{CURRENT} .gtitle").first).to_contain_text(
        f"{count} × a {truth} mistaken as {predicted}")
    page.locator(f".st-key-sm-mistakes-chart{CURRENT}").first.scroll_into_view_if_needed()
    assert save_screenshot(page, "ch9-mnist-mistakes").stat().st_size > 0


def checked(page, key: str) -> bool:
    return page.locator(f".st-key-{key}{CURRENT} input[type='checkbox']").first.is_checked()


def test_a_link_restores_the_chapter_pages_and_the_url_follows_the_widgets(page, app_server):
    open_app(page, app_server, "mini-batches?mb-batch-size=128&mb-drop-last=true&mb-shuffle=false")
    assert metric_value(page, "Iterations per epoch") == "4"  # floor(576 / 128): both settings arrived
    assert checked(page, "mb-drop-last") and not checked(page, "mb-shuffle")
    expect(page.locator(f".st-key-mb-batch-size{CURRENT}").first).to_contain_text("128")
    page.get_by_role("tab", name="Full batch vs mini-batch vs stochastic").click()
    press_slider(page, "mb-race-epochs", "Home")  # 30 -> 5
    page.wait_for_function("() => new URLSearchParams(location.search).get('mb-race-epochs') === '5'")
    press_slider(page, "mb-batch-size", "End")  # the last notch: the full set
    page.wait_for_function("() => new URLSearchParams(location.search).get('mb-batch-size') === 'full (576)'")
    page.get_by_role("tab", name="One epoch, batch by batch").click()
    expect(page.get_by_text("batch_size=576", exact=False).first).to_be_visible()

    # the same settings, from the URL the page wrote, in a fresh tab
    fresh = page.context.new_page()
    fresh.goto(page.url)
    wait_for_app(fresh)
    assert metric_value(fresh, "Iterations per epoch") == "1"
    fresh.close()

    open_app(page, app_server, "softmax-mnist?sm-epochs=2&sm-train-subset=3k&sm-model=CNN%3A+2+conv+layers+%2B+2+"
                               "linear+%28going+further%29&mb-batch-size=64")
    page.get_by_role("tab", name="Train live").click()
    expect(page.get_by_text(re.compile("CNN · 3,000 training images · 2 epochs"))).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)  # another page's parameter is harmless


def test_moving_between_pages_keeps_each_pages_settings_out_of_the_others_url(page, app_server):
    open_app(page, app_server, "mini-batches?mb-batch-size=64")
    page.get_by_role("link", name="9 · Softmax on MNIST").click()
    page.wait_for_url("**/softmax-mnist**")
    wait_for_app(page)
    assert "mb-batch-size" not in page.url  # the link of /softmax-mnist carries only its own settings
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.get_by_role("link", name="8 · Mini-batches").click()
    page.wait_for_url("**/mini-batches**")
    wait_for_app(page)
    page.wait_for_function("() => new URLSearchParams(location.search).get('mb-batch-size') === '64'")
    assert "mb-batch-size=64" in page.url
    expect(metric(page, "Iterations per epoch")).to_have_text("9")  # ceil(576 / 64), once the page has drawn it
