"""Lecture mode in a real Chromium at a projector's 1280x720: every page opened with ?lecture=1 has larger text,
sized charts, hides its secondary controls, does not overflow sideways, and is saved to test-artifacts/lecture-*.png.
/convolution is checked on each of its tabs, and /class with a board, a broadcast run and its QR code."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from core import classroom
from core.store import open_store
from deploy.replicas import STORE_ENV
from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, wait_for_app, wait_for_charts, watch_reports
from tests.test_page_classroom import summary
from ui import lecture
from ui.classroom import qr_png

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
CURRENT = ":not([data-stale='true'])"  # not the stale copy Streamlit keeps on screen during a rerun
PAGE_PATHS = {"home": "", "linear-model": "linear-model", "gradient-descent": "gradient-descent",
              "logistic-regression": "logistic-regression", "multiple-features": "multiple-features",
              "mini-batches": "mini-batches", "softmax-mnist": "softmax-mnist", "convolution": "convolution",
              "advanced-cnn": "advanced-cnn", "draw": "draw", "class": "class"}
# Every plotly chart on the page (shown or in a hidden tab) that did not pass through ui.lecture.sized: the key of
# its element, its meta and its font size.
UNSIZED_JS = """(font) => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d =>
    d.layout.meta !== 'lecture' || (d.layout.font || {}).size !== font).map(d => {
  const box = d.closest('[class*="st-key-"]');
  const key = box && Array.from(box.classList).find(c => c.startsWith('st-key-'));
  return [key || '(no key)', d.layout.meta || null, (d.layout.font || {}).size || null];
})"""
# The secondary controls on the page (in any tab): each one's key, and whether lecture mode's style hides it.
SECONDARY_JS = """(parts) => Array.from(document.querySelectorAll('[class*="st-key-"]')).map(e => [e,
    Array.from(e.classList).find(c => c.startsWith('st-key-') && parts.some(p => c.includes(p)))]).filter(
    ([e, key]) => key).map(([e, key]) => [key.slice('st-key-'.length), getComputedStyle(e).display === 'none'])"""
# The secondary controls each page has: they must be found, so that the check above cannot pass on none.
SECONDARY_KEYS = {"linear-model": {"lm-seed"}, "gradient-descent": {"gd-pace", "gd-saddle-seed"},
                  "logistic-regression": {"ch6-seed", "ch6-pace"}, "multiple-features": {"ch7-seed", "ch7-pace"},
                  "mini-batches": {"mb-workers"}, "softmax-mnist": {"sm-log-every"}}
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
    page = context.new_page()
    watch_reports(page)
    yield page
    context.close()


def check_lecture_layout(page, shot: str, secondary: set[str] = frozenset()) -> None:
    """What lecture mode must show on the open page: larger text, the sidebar collapsed, the `secondary` controls
    (and no others) hidden, every chart sized, nothing sticking out sideways in the tab on show. Saves
    test-artifacts/<shot>.png (the first screen) and <shot>-full.png."""
    wait_for_charts(page)  # plotly lays its charts out after the script has finished
    page.screenshot(path=str(save_screenshot(page, f"{shot}-full").with_name(f"{shot}.png")))
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == f"{lecture.FONT_PX}px"
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")  # the page gets the width
    found = dict(page.evaluate(f"() => ({SECONDARY_JS})({list(lecture.SECONDARY)!r})"))
    assert set(found) == secondary, f"secondary controls: expected {sorted(secondary)}, found {sorted(found)}"
    assert all(found.values()), f"secondary controls still shown: {[k for k, hidden in found.items() if not hidden]}"
    assert page.evaluate(f"({UNSIZED_JS})({lecture.CHART_FONT})") == [], "charts not passed through lecture.sized"
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["page"] <= 0 and overflow["main"] <= 0 and not overflow["wide"], overflow


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(PAGE_PATHS))
def test_lecture_mode_fits_a_projector(projector, app_server, name, lang):
    page = projector
    open_app(page, app_server, f"{PAGE_PATHS[name]}?lecture=1&lang={lang}")
    shot = f"lecture-{name}" + ("" if lang == "en" else f"-{lang}")
    check_lecture_layout(page, shot, SECONDARY_KEYS.get(name, set()))


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


def charts_shown(page) -> int:
    """The plotly charts drawn in the tab on show (those in hidden tabs have no width)."""
    return page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(d =>"
                         " d.getBoundingClientRect().width > 0).length")


def test_lecture_mode_on_convolution_trains_and_shows_every_tab_sized(projector, app_server):
    """/convolution in lecture mode after a short run of the course's CNN: each tab (the hand convolution, the live
    curves and confusion matrix, the trained network's maps) has its charts sized and fits the projector."""
    page = projector
    open_app(page, app_server, "convolution?lecture=1&cv-epochs=1&cv-train-subset=1000")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(3)
    tabs.nth(1).click()
    page.locator(f".st-key-cv-train-start{CURRENT} button").first.click()
    expect(page.get_by_text(re.compile(r"Finished 1 epoch \("))).to_be_visible()
    wait_for_app(page)
    for index, name in enumerate(("hand", "train", "sees")):
        tabs.nth(index).click()
        wait_for_app(page)
        check_lecture_layout(page, f"lecture-convolution-{name}")
        assert charts_shown(page) > 0, f"no chart on the {name} tab"
    # The maps are of the trained network now, not of its starting weights.
    expect(page.get_by_text(re.compile(r"Weights after epoch 1 \("))).to_be_visible()


def server_store(pid: int) -> str:
    """The class store a server process was started with (its environment, read from /proc)."""
    environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
    return dict(item.split("=", 1) for item in environ if "=" in item)[STORE_ENV]


def test_lecture_mode_on_the_class_board_doubles_the_qr_code_and_sizes_the_board(projector, app_server,
                                                                                   app_server_pid):
    """The lecturer's /class in lecture mode, with two runs on the board and a chapter-7 run broadcast: the join
    link's QR code twice as large as outside lecture mode, and the followed run's chart, the scatter and the curves
    sized."""
    store = open_store(server_store(app_server_pid))
    code, key = classroom.create_class(store, "Lecture")
    for nickname, acc, lr in (("Ann", 0.7, 0.1), ("Bo", 0.8, 0.5)):
        classroom.post_run(store, code, summary(nickname, acc, lr))
    classroom.broadcast(store, code, key, chapter="ch7", page="multiple-features", params=[("ch7-lr", "0.1")],
                        config={"task": "diabetes", "lr": 0.1, "hidden": (6, 4), "optimizer": "sgd", "epochs": 100},
                        records=[{"kind": "eval", "epoch": e, "step": e, "train/loss": 0.6 - e / 100,
                                  "test/loss": 0.62 - e / 100, "train/acc": 0.6 + e / 50, "test/acc": 0.58 + e / 50}
                                 for e in range(1, 6)], status="running")
    page = projector
    open_app(page, app_server, f"class?class={code}&key={key}&lecture=1")
    expect(page.locator(f".st-key-class-live{CURRENT}")).to_contain_text("The lecturer's run · 7 · Multiple features")
    expect(page.locator(f"[data-testid=stDataFrame]{CURRENT} [role=grid]").first).to_have_attribute(
        "aria-rowcount", "3")  # the header and two runs
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 3")  # live, scatter, curves
    check_lecture_layout(page, "lecture-class-board")
    link = page.get_by_test_id("stCode").filter(has_text="?class=").filter(has_not_text="key=").first.inner_text()
    qr = page.get_by_test_id("stImage").locator("img").first
    qr.wait_for()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    shown = qr.evaluate("(img) => [img.naturalWidth, img.getBoundingClientRect().width]")
    small = Image.open(io.BytesIO(qr_png(link.strip(), lecture=False))).width
    assert shown[0] == 2 * small, f"QR code {shown[0]} px wide; outside lecture mode it is {small}"
    assert shown[1] >= shown[0] - 1, f"the QR code is shown at {shown[1]} px, smaller than its {shown[0]} px"
