"""Lectures 2 and 3 in a real Chromium: the exhaustive search draws itself point by point, gradient descent trains
live, and both pages fit a phone."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot
from tests.test_browser_ch6_ch7 import POINTS_JS, button, points, stop, watch_training

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_exhaustive_search_builds_the_curve_point_by_point(page, app_server):
    open_app(page, app_server, "linear-model")
    expect(page.locator("h1").first).to_contain_text("The linear model")
    assert points(page, "Exhaustive search") == 41  # the whole curve until Search is pressed
    button(page, "lm-search-play").click()
    page.wait_for_function(f"() => {{ const n = ({POINTS_JS})('Exhaustive search'); return n > 0 && n < 41; }}",
                           timeout=PAGE_TIMEOUT_MS)
    first = points(page, "Exhaustive search")
    page.wait_for_function(f"() => ({POINTS_JS})('Exhaustive search') > {first}", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function(f"() => ({POINTS_JS})('Exhaustive search') == 41", timeout=PAGE_TIMEOUT_MS)
    expect(page.get_by_text("lowest: w = 2.0, MSE = 0").first).to_be_attached()
    save_screenshot(page, "ch2-linear-model-searched")


def test_gradient_descent_trains_live_beside_sgd(page, app_server):
    open_app(page, app_server, "gradient-descent?gd-epochs=2000")  # 200 s at the default pace: still running
    expect(page.locator("h1").first).to_contain_text("Gradient descent")
    first, second = watch_training(page, "gd", "Cost after each epoch")
    assert second > first > 0, f"the cost chart did not grow: {first} then {second} points"
    expect(page.get_by_text("w (SGD)")).to_be_visible()
    save_screenshot(page, "ch3-gradient-descent-training")
    stop(page, "gd")


@pytest.mark.parametrize("path", ["linear-model", "gradient-descent"])
def test_page_fits_a_phone(browser, app_server, path):
    context = browser.new_context(viewport=PHONE, locale="en-US")
    try:
        page = context.new_page()
        open_app(page, app_server, path)
        wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide <= 0, f"{path} is {wide} px wider than a phone"
        save_screenshot(page, f"phone-{path}")
    finally:
        context.close()
