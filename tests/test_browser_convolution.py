"""Chapter 10 in a real Chromium: a kernel preset changes the feature map, a click on an output cell writes out its
sum, Step then Resume makes the live charts grow."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, wait_for_app
from tests.test_browser_ch8_ch9 import CHART_JS, CURRENT, button, chart_data, press_slider

pytestmark = pytest.mark.browser

# The output heatmap's numbers (the third trace of the explorer's figure), decoded by plotly (null: not drawn).
OUTPUT_JS = """() => {
  const plots = Array.from(document.querySelectorAll(".st-key-cv-conv-chart""" + CURRENT + """ .js-plotly-plot"))
      .filter(d => d.getBoundingClientRect().width > 0);
  if (!plots.length || !plots[0]._fullData || plots[0]._fullData.length < 3) return null;
  return Array.from(plots[0]._fullData[2].z, row => Array.from(row));
}"""


# Where output cell (row, col) is on the screen: the output panel's axes (x3, y3) turn cell numbers into pixels.
CELL_JS = """([row, col]) => {
  const plot = Array.from(document.querySelectorAll(".st-key-cv-conv-chart""" + CURRENT + """ .js-plotly-plot"))
      .find(d => d.getBoundingClientRect().width > 0);
  const xa = plot._fullLayout.xaxis3, ya = plot._fullLayout.yaxis3;
  const box = plot.querySelector(".main-svg").getBoundingClientRect();
  return [box.left + xa._offset + xa.l2p(col), box.top + ya._offset + ya.l2p(row)];
}"""
# The outlines drawn: the window on the input, then the selected cell on the output (top-left corners).
OUTLINES_JS = """() => {
  const plot = Array.from(document.querySelectorAll(".st-key-cv-conv-chart""" + CURRENT + """ .js-plotly-plot"))
      .find(d => d.getBoundingClientRect().width > 0);
  return plot._fullLayout.shapes.map(s => [s.y0 + 0.5, s.x0 + 0.5]);
}"""


def output_map(page):
    return page.wait_for_function(OUTPUT_JS, timeout=PAGE_TIMEOUT_MS).json_value()


def sum_line(page, pattern: str):
    return page.locator(f"[data-testid='stMarkdown']{CURRENT}").filter(has_text=re.compile(pattern))


def test_clicking_an_output_cell_writes_out_its_sum(page, app_server):
    open_app(page, app_server, "convolution")
    expect(sum_line(page, r"^out\[0, 0\] = 3·1 \+ 4·2 .* = 211$")).to_have_count(1)
    page.locator(f".st-key-cv-conv-chart{CURRENT}").first.scroll_into_view_if_needed()
    x, y = page.evaluate(CELL_JS, [2, 1])
    page.mouse.click(x + 5, y + 5)  # off the cell's centre: the whole cell takes the click
    # The lecture's bottom-left window (rows 2-4, columns 1-3) times 1..9.
    expect(sum_line(page, r"^out\[2, 1\] = 6·1 \+ 7·2 \+ 8·3 \+ 7·4 \+ 4·5 \+ 6·6 \+ 7·7 \+ 5·8 \+ 4·9 = 253$"
                    )).to_have_count(1)
    expect(sum_line(page, r"^out\[0, 0\]")).to_have_count(0)
    wait_for_app(page)
    expect(page.locator(f".st-key-cv-row{CURRENT} input").first).to_have_value("2")
    expect(page.locator(f".st-key-cv-col{CURRENT} input").first).to_have_value("1")
    page.wait_for_function(f"() => JSON.stringify(({OUTLINES_JS})()) === JSON.stringify([[2, 1], [2, 1]])")
    # Only the explorer reran (a fragment): the address follows; the sidebar's link catches up at the next full run
    # (the fragment no longer writes into the sidebar: ui/conv_explorer.py says why).
    page.wait_for_url(re.compile(r"cv-row=2&cv-col=1"))
    x, y = page.evaluate(CELL_JS, [0, 2])  # and again, on the chart as redrawn
    page.mouse.click(x, y)
    expect(sum_line(page, r"^out\[0, 2\] = .* = 262$")).to_have_count(1)
    assert save_screenshot(page, "ch10-clicked-output-cell").stat().st_size > 0
    # A preset inside the fragment sets the stride and the cell: the 2x2 output, its cell (1, 1).
    page.locator(f".st-key-extras-preset-convolution-explorer{CURRENT}").get_by_text("Stride 2", exact=True).click()
    expect(sum_line(page, r"^out\[1, 1\] = .* = 169$")).to_have_count(1)
    page.wait_for_function(f"() => JSON.stringify(({OUTPUT_JS})()) === JSON.stringify([[211, 262], [251, 169]])")


def test_a_kernel_preset_changes_the_feature_map(page, app_server):
    open_app(page, app_server, "convolution")
    expect(page.locator("h1").first).to_contain_text("Convolutional networks")
    assert output_map(page) == [[211, 295, 262], [259, 282, 214], [251, 253, 169]]  # the lecture's example

    page.locator(f".st-key-cv-preset{CURRENT}").first.click()
    page.get_by_role("option", name="vertical edges").click()
    wait_for_app(page)
    page.wait_for_function(f"() => JSON.stringify(({OUTPUT_JS})()) !== JSON.stringify([[211, 295, 262], "
                           "[259, 282, 214], [251, 253, 169]])", timeout=PAGE_TIMEOUT_MS)
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

    # Step: the run does one iteration and waits, paused, so the chart's first point is counted before it goes on.
    button(page, "cv-train-step").click()
    expect(page.get_by_text(re.compile(r"^Status: paused · step 1 · epoch 1"))).to_be_visible(timeout=120_000)
    page.wait_for_function(f"() => (({CHART_JS})('cv-loss-chart') || []).some(t => t.x.length > 0)")
    first = max(len(trace["x"]) for trace in chart_data(page, "cv-loss-chart"))
    assert first == 1, f"one step drew {first} points"
    expect(button(page, "cv-train-start")).to_have_text("Resume")
    button(page, "cv-train-start").click()
    expect(page.get_by_text(re.compile(r"Finished 2 epochs"))).to_be_visible(timeout=240_000)
    wait_for_app(page)
    page.wait_for_function(f"() => (({CHART_JS})('cv-acc-chart') || []).some(t => t.x.length == 2)")
    assert max(len(trace["x"]) for trace in chart_data(page, "cv-loss-chart")) > first
    assert {trace["name"]: trace for trace in chart_data(page, "cv-acc-chart")}["test"]["x"] == [1, 2]
    assert save_screenshot(page, "ch10-course-cnn-training").stat().st_size > 0
    page.get_by_role("tab", name="What the network sees").click()
    expect(page.get_by_text(re.compile(r"^Weights after epoch 2"))).to_be_visible()
    assert save_screenshot(page, "ch10-what-the-network-sees").stat().st_size > 0
