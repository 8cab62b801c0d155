"""/draw in Chromium: digits drawn with the mouse are read after every stroke, with no button press."""

import itertools
import json
import math
import statistics
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import (ARTIFACTS, PAGE_TIMEOUT_MS, open_app, require_default_models, save_screenshot,
                            wait_for_app)

pytestmark = pytest.mark.browser

# Fabric's drawing layer, inside the element keyed by the page's clear count: Clear mounts a new canvas
# under a new key while the old one lingers until the rerun has finished.
CANVAS = ".st-key-draw_canvas_{} canvas.upper-canvas"


def ellipse(cx, cy, rx, ry, start, end, count=28):
    """Points along an ellipse, angles in degrees, y down (90 = bottom)."""
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in (start + (end - start) * i / (count - 1) for i in range(count))]


# Each digit: strokes of (x, y) points on the 280x280 canvas, roughly as a person draws them.
DIGITS = {
    1: [[(150, 45), (146, 120), (141, 235)]],
    0: [ellipse(140, 140, 62, 95, -100, 275)],
    7: [[(78, 58), (140, 55), (205, 58), (175, 120), (148, 180), (128, 238)]],
    3: [ellipse(135, 92, 55, 45, 205, 450, 20) + ellipse(135, 185, 62, 50, 270, 520, 22)],
    4: [[(150, 40), (75, 160), (205, 160)], [(170, 95), (168, 245)]],
}

# Reads the Prediction metric; records when it first shows something other than `previous`.
CHANGED = """previous => {
    const metric = [...document.querySelectorAll("[data-testid='stMetric']")].find(
        m => m.querySelector("[data-testid='stMetricLabel']")?.innerText.trim() === "Prediction");
    const value = metric?.querySelector("[data-testid='stMetricValue']")?.innerText.trim();
    if (!value || value === previous) return false;
    window.__changedAt = performance.now();
    return value;
}"""


# The first picture of what the model sees (the canvas as drawn: a new stroke, a new picture), by its address.
PICTURE_JS = """() => document.querySelector("[data-testid='stImage'] img")?.src || null"""
# Records when that picture first is another than `previous` (drawn below the metric, in the same run).
PICTURE_CHANGED = """previous => {
    const src = (""" + PICTURE_JS + """)();
    if (!src || src === previous) return false;
    window.__changedAt = performance.now();
    return true;
}"""

MARK_MOUSE_UP = """() => {
    window.__upAt = Infinity;
    document.addEventListener("mouseup", () => { window.__upAt = performance.now(); }, {capture: true, once: true});
}"""


@pytest.fixture(scope="module", autouse=True)
def default_models():
    """The page reads with the default checkpoints set-up built (this session's tmp copies of them)."""
    require_default_models()


def prediction(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Prediction", exact=True))
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def wait_until_drawable(page, canvas: str, timeout_s: float = PAGE_TIMEOUT_MS / 1000) -> dict:
    """Hover the canvas until fabric shows its pen cursor: a new canvas takes a moment to switch to free drawing,
    and a stroke before that draws nothing. Returns the canvas's bounding box."""
    element = page.locator(canvas)
    deadline = time.monotonic() + timeout_s
    for wiggle in itertools.count():
        box = element.bounding_box()
        page.mouse.move(box["x"] + 4 + wiggle % 2, box["y"] + 4)  # a corner: hovering draws nothing
        if element.evaluate("c => c.style.cursor") == "crosshair":
            return box
        assert time.monotonic() < deadline, f"{canvas} never switched to free drawing"
        page.wait_for_timeout(50)


def draw(page, canvas: str, strokes) -> None:
    """Press, drag and release the mouse along each stroke, relative to the canvas's top-left corner."""
    box = wait_until_drawable(page, canvas)
    for points in strokes:
        x, y = points[0]
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.mouse.down()
        for x, y in points[1:]:
            page.mouse.move(box["x"] + x, box["y"] + y, steps=6)
        page.mouse.up()


def read_strokes(page, canvas: str, strokes) -> tuple[str, list[float]]:
    """Draw stroke by stroke; after each, wait for the page to read it. Returns the last prediction and, per stroke,
    ms from mouse-up to the updated prediction (to the stroke's picture, for a later stroke) on the browser's clock."""
    timings = []
    for stroke in strokes:
        before, picture = prediction(page), page.evaluate(PICTURE_JS)
        page.evaluate(MARK_MOUSE_UP)
        draw(page, canvas, [stroke])
        if before == "—":  # the first stroke: the metric changes from the dash
            value = page.wait_for_function(CHANGED, arg=before, polling="raf").json_value()
        else:  # a later stroke may keep the digit: wait for its picture (the page's 2-s polling draws no picture)
            page.wait_for_function(PICTURE_CHANGED, arg=picture, polling="raf")
            value = prediction(page)
        timings.append(page.evaluate("() => window.__changedAt - window.__upAt"))
    return value, timings


def screenshot_whole_page(page, name: str):
    """Streamlit scrolls inside its own container, so a tall viewport is what shows the whole page."""
    page.get_by_test_id("stImage").nth(4).wait_for(state="visible")
    page.wait_for_function("() => [...document.querySelectorAll(\"[data-testid='stImage'] img\")]"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    return save_screenshot(page, name)


def clear(page, canvas: str) -> None:
    page.get_by_role("button", name="Clear", exact=True).click()
    expect(page.get_by_test_id("stMetric").filter(has=page.get_by_text("Prediction", exact=True))
           .get_by_test_id("stMetricValue")).to_have_text("—")
    wait_for_app(page)  # the rerun has finished: the old canvas is gone and the new one is live
    expect(page.locator("canvas.upper-canvas")).to_have_count(1)
    page.locator(canvas).wait_for(state="visible")


def test_digits_drawn_with_the_mouse_are_read_live(page, app_server):
    open_app(page, app_server, "draw")
    page.locator(CANVAS.format(0)).wait_for(state="visible")
    assert prediction(page) == "—"

    results, latencies = {}, []
    for i, (digit, strokes) in enumerate(DIGITS.items()):
        if i:
            clear(page, CANVAS.format(i))
        value, timings = read_strokes(page, CANVAS.format(i), strokes)
        print(f"drew a {digit}: read {value} in {', '.join(f'{t:.0f}' for t in timings)} ms")
        results[digit] = value
        latencies.extend(timings)
        if digit == 7:
            shot = screenshot_whole_page(page, "draw-7")

    report = {"predictions": {str(k): v for k, v in results.items()},
              "stroke_to_prediction_ms": [round(t) for t in latencies],
              "median_ms": round(statistics.median(latencies))}
    (ARTIFACTS / "draw-latency.json").write_text(json.dumps(report, indent=1))
    print(f"\n/draw in Chromium: {report}")
    assert shot.stat().st_size > 0
    assert results == {d: str(d) for d in DIGITS}, report
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_link_restores_the_pen_the_threshold_and_the_models(page, app_server):
    open_app(page, app_server, "draw?draw_pen=12&draw_threshold=0.8&draw_models=MLP+%28course%2C+ch.+9%29"
                               "&draw_pen_adjust=false")
    expect(page.locator(".st-key-draw_pen [data-testid='stSliderThumbValue']").first).to_have_text("12")
    expect(page.locator(".st-key-draw_threshold [data-testid='stSliderThumbValue']").first).to_have_text("0.80")
    chosen = page.locator(".st-key-draw_models").first
    expect(chosen).to_contain_text("MLP (course, ch. 9)")
    expect(chosen).not_to_contain_text("CNN")
    assert not page.locator(".st-key-draw_pen_adjust input[type='checkbox']").first.is_checked()
