"""Lecture mode in a real Chromium at a projector's 1280x720: every page opened with ?lecture=1 has larger text,
hides its secondary controls, does not overflow sideways, and is saved to test-artifacts/lecture-*.png."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, wait_for_charts
from ui import lecture

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PAGE_PATHS = {"home": "", "logistic-regression": "logistic-regression", "multiple-features": "multiple-features",
              "mini-batches": "mini-batches", "softmax-mnist": "softmax-mnist", "draw": "draw"}
SECONDARY_JS = """(parts) => Array.from(document.querySelectorAll('[class*="st-key-"]')).filter(e =>
    Array.from(e.classList).some(c => c.startsWith('st-key-') && parts.some(p => c.includes(p))))"""
# Elements that stick out of the window on the right, by test id (or tag) and right edge. Not counted: what a
# scrolling or clipping box around it cuts off inside the window (a long code line in st.code scrolls in its
# box), and KaTeX's visually hidden MathML copy of each formula.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid=stMain]');
  const cutOff = (e) => {
    for (let a = e.parentElement; a && a !== main; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const wide = Array.from(main.querySelectorAll('*')).filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !e.closest('.katex-mathml') && !cutOff(e);
  }).map(e => (e.getAttribute('data-testid') || e.tagName) + ':' + Math.round(e.getBoundingClientRect().right));
  return {page: document.documentElement.scrollWidth - width, main: main.scrollWidth - main.clientWidth,
          wide: wide.slice(0, 5)};
}"""


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport=PROJECTOR, locale="en-US")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(PAGE_PATHS))
def test_lecture_mode_fits_a_projector(projector, app_server, name, lang):
    page = projector
    open_app(page, app_server, f"{PAGE_PATHS[name]}?lecture=1&lang={lang}")
    wait_for_charts(page)  # plotly lays its charts out after the script has finished
    shot = f"lecture-{name}" + ("" if lang == "en" else f"-{lang}")
    page.screenshot(path=str(save_screenshot(page, f"{shot}-full").with_name(f"{shot}.png")))
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == f"{lecture.FONT_PX}px"
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")  # the page gets the width
    secondary = page.evaluate(f"() => ({SECONDARY_JS})({list(lecture.SECONDARY)!r}).map(e => e.offsetParent)")
    assert all(parent is None for parent in secondary), "a secondary control is still shown"
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["page"] <= 0 and overflow["main"] <= 0 and not overflow["wide"], overflow


def test_lecture_mode_hides_seed_and_pace_and_the_toggle_brings_them_back(projector, app_server):
    page = projector
    open_app(page, app_server, "logistic-regression?lecture=1")
    for key in ("ch6-seed", "ch6-pace"):
        expect(page.locator(f".st-key-{key}")).to_be_hidden()
    expect(page.locator(".st-key-ch6-lr")).to_be_visible()  # the main settings stay
    page.get_by_test_id("stExpandSidebarButton").click()
    page.locator(".st-key-lecture-toggle label").click()
    page.wait_for_url(lambda url: "lecture" not in url)
    expect(page.locator(".st-key-ch6-seed")).to_be_visible()
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "16px"
