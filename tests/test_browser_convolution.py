"""Chapter 10 in a real Chromium: a kernel preset changes the feature map, Start makes the live charts grow."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import open_app, save_screenshot, wait_for_app
from tests.test_browser_ch8_ch9 import CHART_JS, CURRENT, button, chart_data, press_slider

pytestmark = pytest.mark.browser

# The output heatmap's numbers (the third trace of the explorer's figure), decoded by plotly (null: not drawn).
OUTPUT_JS = """() => {
  const plots = Array.from(document.querySelectorAll(".st-key-cv-conv-chart""" + CURRENT + """ .js-plotly-plot"))
      .filter(d => d.getBoundingClientRect().width > 0);
  if (!plots.length || !plots[0]._fullData || plots[0]._fullData.length < 3) return null;
  return Array.from(plots[0]._fullData[2].z, row => Array.from(row));
}"""


def output_map(page):
    return page.wait_for_function(OUTPUT_JS, timeout=30_000).json_value()


def test_a_kernel_preset_changes_the_feature_map(page, app_server):
    open_app(page, app_server, "convolution")
    expect(page.locator("h1").first).to_contain_text("Convolutional networks")
    assert output_map(page) == [[211, 295, 262], [259, 282, 214], [251, 253, 169]]  # the lecture's example

    page.locator(f".st-key-cv-preset{CURRENT}").first.click()
    page.get_by_role("option", name="vertical edges").click()
    wait_for_app(page)
    page.wait_for_function(f"() => JSON.stringify(({OUTPUT_JS})()) !== JSON.stringify([[211, 295, 262], "
                           "[259, 282, 214], [251, 253, 169]])", timeout=30_000)
    # Sobel's vertical edges on the 5x5 example: row 0 is (6-3)+2(6-2)+(7-1), (5-4)+2(8-4)+(8-6), (7-6)+2(2-6)+(4-7)
    assert output_map(page)[0] == [17, 11, -10]
    assert page.locator(f".st-key-cv-kernel{CURRENT} textarea").first.input_value().splitlines() == [
        "-1 0 1", "-2 0 2", "-1 0 1"]
    page.locator(f".st-key-cv-conv-chart{CURRENT}").first.scroll_into_view_if_needed()
    assert save_screenshot(page, "ch10-convolution-by-hand").stat().st_size > 0


def test_start_makes_the_live_charts_grow(page, app_server):
    open_app(page, app_server, "convolution")
    page.get_by_role("tab", name="The course's CNN, live").click()
    press_slider(page, "cv-train-subset", "Home")  # 1k training digits: short epochs
    epochs = page.locator(f".st-key-cv-epochs{CURRENT} input").first
    epochs.fill("2")
    epochs.press("Enter")
    wait_for_app(page)
    page.wait_for_function(f"() => (({CHART_JS})('cv-loss-chart') || []).length > 0")  # drawn, still empty
    assert all(len(trace["x"]) == 0 for trace in chart_data(page, "cv-loss-chart"))

    button(page, "cv-train-start").click()
    page.wait_for_function(f"() => (({CHART_JS})('cv-loss-chart') || []).some(t => t.x.length > 0)", timeout=120_000)
    first = max(len(trace["x"]) for trace in chart_data(page, "cv-loss-chart"))
    expect(page.get_by_text(re.compile(r"Finished 2 epochs"))).to_be_visible(timeout=240_000)
    wait_for_app(page)
    page.wait_for_function(f"() => (({CHART_JS})('cv-acc-chart') || []).some(t => t.x.length == 2)")
    assert max(len(trace["x"]) for trace in chart_data(page, "cv-loss-chart")) > first
    assert {trace["name"]: trace for trace in chart_data(page, "cv-acc-chart")}["test"]["x"] == [1, 2]
    assert save_screenshot(page, "ch10-course-cnn-training").stat().st_size > 0
    page.get_by_role("tab", name="What the network sees").click()
    expect(page.get_by_text(re.compile(r"^Weights after epoch 2"))).to_be_visible()
    assert save_screenshot(page, "ch10-what-the-network-sees").stat().st_size > 0
