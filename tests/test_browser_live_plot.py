"""The step-by-step animation of lectures 3-4 in a real Chromium: while a run moves, its chart is one plot that
Plotly updates in place (ui/live_plot.py), not a new chart each frame; once stopped it is the interactive chart again."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app
from tests.test_browser_ch6_ch7 import button, stop

pytestmark = pytest.mark.browser

# The points the plot under a chart's widget key draws (bench/bench_step_animation.py counts pictures the same way).
DRAWN_JS = """(key) => {
  const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  return plot && plot._fullData ? plot._fullData.reduce((n, trace) => n + (trace.x ? trace.x.length : 0), 0) : -1;
}"""
PLOT_JS = "(key) => document.querySelector(`.st-key-${key} .js-plotly-plot`)"


def drawn(page, chart: str) -> int:
    return page.evaluate(f"() => ({DRAWN_JS})({chart!r})")


def wait_for_more(page, chart: str, than: int) -> int:
    page.wait_for_function(f"() => ({DRAWN_JS})({chart!r}) > {than}", timeout=PAGE_TIMEOUT_MS)
    return drawn(page, chart)


@pytest.mark.parametrize("path, slot, chart", [("gradient-descent", "gd", "gd-curve"),
                                               ("back-propagation", "bp", "bp-weights")])
def test_the_moving_chart_is_one_plot_updated_in_place(page, app_server, path, slot, chart):
    open_app(page, app_server, f"{path}?{slot}-epochs=2000")  # minutes at the pages' default pace: still running
    expect(page.locator(f".st-key-{chart} [data-testid='stPlotlyChart']")).to_be_visible()  # idle: a plotly chart
    button(page, f"{slot}-start").click()
    in_place = page.locator(f".st-key-{chart} [data-testid='stBidiComponentRegular'] .js-plotly-plot")
    expect(in_place).to_be_visible()
    page.wait_for_function(f"() => ({DRAWN_JS})({chart!r}) >= 0", timeout=PAGE_TIMEOUT_MS)  # its first picture
    first = page.evaluate(f"() => {{ const plot = ({PLOT_JS})({chart!r}); plot.torchplayTag = 'first'; "
                          f"return ({DRAWN_JS})({chart!r}); }}")
    later = wait_for_more(page, chart, first)  # the run moves on: a new picture...
    wait_for_more(page, chart, later)  # ...and another
    kept = page.evaluate(f"() => {{ const plot = ({PLOT_JS})({chart!r}); "
                         "return [plot.torchplayTag, plot._context.staticPlot, document.body.contains(plot)]; }")
    assert kept == ["first", True, True], f"the plot was rebuilt or is interactive while moving: {kept}"
    stop(page, slot)
    interactive = page.locator(f".st-key-{chart} [data-testid='stPlotlyChart'] .js-plotly-plot")
    expect(interactive).to_be_visible()
    page.wait_for_function(f"() => {{ const plot = ({PLOT_JS})({chart!r}); return plot && plot._fullData "
                           f"&& !plot._context.staticPlot && ({DRAWN_JS})({chart!r}) > {later}; }}",
                           timeout=PAGE_TIMEOUT_MS)  # the stopped run's whole path, zoomable again
