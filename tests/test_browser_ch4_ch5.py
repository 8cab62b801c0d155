"""Lectures 4 and 5 in a real Chromium: Start makes each page's live chart gain points, the race draws all eight
optimizers, and both pages fit a phone (390x844) and a projector in lecture mode."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, wait_for_app, wait_for_charts
from tests.test_browser_ch6_ch7 import POINTS_JS, button, points, stop, watch_training
from tests.test_browser_lecture import OVERFLOW_JS, check_lecture_layout, projector  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def set_number(page, key: str, value: int) -> None:
    """Type into the number input with this widget key, as a learner would, and wait for the rerun."""
    field = page.locator(f".st-key-{key} input")
    field.fill(str(value))
    field.press("Enter")
    wait_for_app(page)


def test_back_propagation_graph_and_loop_live(page, app_server):
    open_app(page, app_server, "back-propagation")
    expect(page.locator("h1").first).to_contain_text("Back propagation")
    expect(page.get_by_text("∂loss/∂w = −2 ✓")).to_be_visible()
    set_number(page, "bp-x", 2)
    set_number(page, "bp-y", 4)
    expect(page.get_by_text("∂loss/∂w = −8 ✓")).to_be_visible()
    set_number(page, "bp-epochs", 5000)  # 15,000 updates at 50 a second: still running when the test stops it
    first, second = watch_training(page, "bp", "Loss of each sample")
    assert second > first > 0, f"the loss chart did not grow: {first} then {second} points"
    assert points(page, "w after every sample") > 0
    save_screenshot(page, "ch4-back-propagation-training")
    stop(page, "bp")


def test_linear_regression_trains_live_and_races(page, app_server):
    open_app(page, app_server, "linear-regression")
    expect(page.locator("h1").first).to_contain_text("Linear regression with PyTorch")
    set_number(page, "lreg-epochs", 20000)  # 200 s at 100 steps a second
    first, second = watch_training(page, "lreg", "Loss at each epoch")
    assert second > first > 0, f"the loss chart did not grow: {first} then {second} points"
    stop(page, "lreg")
    set_number(page, "lreg-race-epochs", 50)
    button(page, "lreg-race-run").click()
    page.wait_for_function(f"() => ({POINTS_JS})('Loss by epoch') === 50", timeout=PAGE_TIMEOUT_MS * 3)
    traces = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d => "
                           "((d.layout.title || {}).text || '').includes('Loss by epoch'))[0].data.map(t => t.name)")
    assert traces == ["SGD", "Adagrad", "Adam", "Adamax", "ASGD", "LBFGS", "RMSprop", "Rprop"]
    save_screenshot(page, "ch5-linear-regression-race")


@pytest.mark.parametrize("path", ["back-propagation", "linear-regression"])
def test_pages_fit_a_phone(browser, app_server, path):
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page = context.new_page()
        open_app(page, app_server, path)
        wait_for_charts(page)
        overflow = page.evaluate(OVERFLOW_JS)
        assert overflow["page"] <= 0 and overflow["main"] <= 0 and not overflow["wide"], overflow
        save_screenshot(page, f"phone-{path}")
    finally:
        context.close()


@pytest.mark.parametrize("path, secondary", [("back-propagation", {"bp-collapse-seed", "bp-pace"}),
                                             ("linear-regression", {"lreg-seed", "lreg-pace"})])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lecture_mode_fits_a_projector(projector, app_server, path, secondary, lang):  # noqa: F811
    open_app(projector, app_server, f"{path}?lecture=1&lang={lang}")
    check_lecture_layout(projector, f"lecture-{path}" + ("" if lang == "en" else f"-{lang}"), secondary)
