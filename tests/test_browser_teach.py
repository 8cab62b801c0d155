"""/draw in Chromium: digits drawn with the mouse and labelled go into the gallery; teaching shows before/after."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import open_app, require_default_models, save_screenshot, wait_for_app
from tests.test_browser_draw import CANVAS, DIGITS, draw

pytestmark = pytest.mark.browser

# Two drawings of each digit: one to learn from, one held back to check with. The second of each is drawn a
# little narrower, so the two differ as a learner's would.
DRAWINGS = [(1, DIGITS[1]), (7, DIGITS[7]), (1, [[(x - 15, y) for x, y in DIGITS[1][0]]]),
            (7, [[(140 + 0.8 * (x - 140), y) for x, y in DIGITS[7][0]]])]


@pytest.fixture(scope="module", autouse=True)
def default_models():
    """The page reads with the default checkpoints set-up built (this session's tmp copies of them)."""
    require_default_models()


def label_and_add(page, digit: int) -> None:
    """Choose the true digit in "That's wrong — it was a …" and add the drawing to the gallery."""
    box = page.locator(".st-key-draw_truth").get_by_role("combobox")
    box.click()
    page.keyboard.press("ArrowDown")  # opens the list (a click on the field only focuses it)
    page.keyboard.type(str(digit))  # the list filters to that digit's option
    expect(page.get_by_role("option", name=str(digit), exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(box).to_have_value(str(digit))
    wait_for_app(page)
    page.get_by_role("button", name="Add to gallery").click()
    wait_for_app(page)  # the rerun has finished: the old canvas is gone and a new, empty one is live
    expect(page.locator("canvas.upper-canvas")).to_have_count(1)


def test_drawn_and_labelled_digits_teach_the_model_and_the_panel_shows_before_and_after(page, app_server):
    open_app(page, app_server, "draw")
    for round_, (digit, strokes) in enumerate(DRAWINGS):
        canvas = CANVAS.format(round_)
        page.locator(canvas).wait_for(state="visible")
        # Adding scrolled down to the gallery; the whole canvas must be on screen, its top corner is hovered first.
        page.locator(canvas).evaluate("c => c.scrollIntoView({block: 'center'})")
        draw(page, canvas, strokes)
        expect(page.get_by_role("button", name="Add to gallery")).to_be_enabled()  # the page has read it
        wait_for_app(page)
        label_and_add(page, digit)
        expect(page.get_by_test_id("stImage").filter(has_text=f"true {digit}")).to_have_count(
            sum(d == digit for d, _ in DRAWINGS[:round_ + 1]))

    page.get_by_role("button", name="Teach the model my handwriting").click()
    held = page.get_by_test_id("stMetric").filter(has_text="Held-back drawings (2), before → after")
    expect(held).to_be_visible(timeout=120_000)
    expect(held.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"^\d+% → \d+%$"))
    mnist = page.get_by_test_id("stMetric").filter(has_text="MNIST test digits (the first 500 of 10,000)")
    expect(mnist.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"^\d+\.\d% → \d+\.\d%$"))
    expect(page.get_by_text("Taught a copy of CNN on 2 of your drawings")).to_be_visible()
    expect(page.locator(".st-key-draw_models").first).to_contain_text("My tuned model (from CNN)")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    save_screenshot(page, "draw-teach")
