"""Every page at a phone's 390x844 with touch, in a real Chromium: it fits the width, its main action starts within
the first two screens, no chart title is clipped or under the chart's toolbar, no chart's labels run into another
of its plots or titles, and images have bounded heights. /class is checked with a class open and runs on its board,
/multiple-features after a short run (its first-layer figure shows then)."""

import pytest
from playwright.sync_api import expect

from core import classroom
from core.store import open_store
from tests.conftest import PAGE_TIMEOUT_MS, open_app, save_screenshot, wait_for_app, wait_for_charts
from tests.test_browser_ch4_ch5 import PHONE
from tests.test_browser_ch6_ch7 import button
from tests.test_browser_lecture import CURRENT, OVERFLOW_JS, server_store
from tests.test_page_classroom import summary
from ui.registry import PAGES

pytestmark = pytest.mark.browser

# Each page's main action, by the CSS selector of its widget key: what a student who opens the page came to press,
# draw on or fill in. Home's is its first chapter card (page links take no key); chapter 9's is its training tab,
# whose Start test_each_tab_fits_a_phone finds within two screens once the tab is open.
MAIN_ACTION = {"": "[data-testid=stPageLink]", "linear-model": ".st-key-lm-w",
               "gradient-descent": ".st-key-gd-start", "back-propagation": ".st-key-bp-start",
               "linear-regression": ".st-key-lreg-start", "logistic-regression": ".st-key-ch6-start",
               "multiple-features": ".st-key-ch7-start", "mini-batches": ".st-key-mb-batch-size",
               "softmax-mnist": "[data-testid=stTab]:has-text('Train')", "convolution": ".st-key-cv-kernel",
               "advanced-cnn": ".st-key-ac-w-1x1", "draw": "[class*='st-key-draw_canvas_']",
               "class": ".st-key-class-nickname-input"}
# What the charts on the page get wrong, one line each: a title (or subplot title) sticking out of its chart or
# under the toolbar, and tick labels of one plot that run into another plot of the same chart or into a title.
CHARTS_JS = """() => {
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const boxes = (root, sel) => Array.from(root.querySelectorAll(sel)).map(e => [e, e.getBoundingClientRect()])
      .filter(([e, r]) => r.width > 0 && r.height > 0);
  const problems = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const chart = plot.getBoundingClientRect(), full = plot._fullLayout;
    if (chart.width === 0 || !full) continue;
    const box = plot.closest('[class*="st-key-"]');
    const name = (box && Array.from(box.classList).find(c => c.startsWith('st-key-'))) || '(no key)';
    const modebar = boxes(plot, '.modebar').map(([e, r]) => r);
    const titles = [...boxes(plot, '.gtitle'), ...boxes(plot, '.annotation').filter(([e, r]) =>
        full.annotations.some(a => a.text && e.textContent === a.text.replace(/<[^>]*>/g, '')
                                   && (a.yref === 'paper' || /domain$/.test(a.yref)) && a.y >= 1))];
    for (const [e, r] of titles) {
      const text = e.textContent.slice(0, 40);
      if (r.left < chart.left - 1 || r.right > chart.right + 1 || r.top < chart.top - 1)
        problems.push(`${name}: title "${text}" runs out of its chart`);
      if (modebar.some(m => overlap(r, m))) problems.push(`${name}: title "${text}" is under the toolbar`);
    }
    // Each cartesian plot's area in page pixels, and its axes' tick labels.
    const plots = Array.from(plot.querySelectorAll('.cartesianlayer > .subplot')).map(g => {
      const id = Array.from(g.classList).find(c => /^x\\d*y\\d*$/.test(c));
      const [, x, y] = id.match(/^x(\\d*)y(\\d*)$/);
      const xa = full['xaxis' + x], ya = full['yaxis' + y];
      const area = {left: chart.left + xa._offset, right: chart.left + xa._offset + xa._length,
                    top: chart.top + ya._offset, bottom: chart.top + ya._offset + ya._length};
      return {id, area, labels: boxes(g, '.xtick text, .ytick text').map(([e, r]) => r)};
    });
    for (const a of plots) {
      for (const b of plots) if (a !== b && a.labels.some(r => overlap(r, b.area)))
        problems.push(`${name}: labels of plot ${a.id} run into plot ${b.id}`);
      if (titles.some(([e, t]) => a.labels.some(r => overlap(r, t))))
        problems.push(`${name}: labels of plot ${a.id} run into a title`);
    }
  }
  return problems;
}"""
# Formulas wider than their box, which scrolls sideways to show the rest (the result, at the end): by how far their
# ink (glyphs and drawn brackets) reaches past the box. KaTeX's empty 2 px strut (.vlist-s) widens the scroll width of
# any matrix or fraction without hiding anything.
SIDEWAYS_JS = """() => Array.from(document.querySelectorAll('[data-testid=stMain] .katex-display')).filter(e =>
    e.getBoundingClientRect().width > 0).map(e => {
  const ink = Array.from(e.querySelectorAll('.katex-html svg, .katex-html span:not(:has(*))'))
      .filter(c => c.tagName === 'svg' || c.textContent.replace(/\u200b/g, '').trim())
      .map(c => c.getBoundingClientRect()).filter(r => r.width > 0);
  return ['a formula', Math.round(Math.max(...ink.map(r => r.right)) - e.getBoundingClientRect().right)];
}).filter(([name, hidden]) => hidden > 1)"""
# Images taller than a screen, by their height.
TALL_IMAGES_JS = """(screen) => Array.from(document.querySelectorAll('[data-testid=stMain] img')).map(img =>
    img.getBoundingClientRect().height).filter(h => h > screen).map(Math.round)"""


@pytest.fixture
def phone(browser):
    """A phone: 390x844, touch, a mobile browser."""
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def check_phone_layout(page, path: str, shot: str, action: str = "") -> None:
    """What every page must be on a phone (see the module's docstring), its main action `action` (by default the
    page's own); saves test-artifacts/<shot>.png."""
    wait_for_charts(page)
    save_screenshot(page, shot)
    problems = []
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow["page"] > 0 or overflow["main"] > 0 or overflow["wide"]:
        problems.append(f"too wide: {overflow}")
    problems += [f"{name} hides {wide} px of itself until a sideways swipe"
                 for name, wide in page.evaluate(SIDEWAYS_JS)]
    found = page.locator(f"{action or MAIN_ACTION[path]}{CURRENT}").first
    expect(found).to_be_visible()
    top = found.evaluate("e => e.getBoundingClientRect().top + document.querySelector('[data-testid=stMain]')"
                         ".scrollTop")
    if top >= 2 * PHONE["height"]:
        problems.append(f"the main action starts {top:.0f} px down, past the first two screens")
    problems += page.evaluate(CHARTS_JS)
    problems += [f"an image {height} px tall" for height in page.evaluate(TALL_IMAGES_JS, PHONE["height"])]
    assert not problems, f"/{path} on a phone:\n" + "\n".join(problems)


def test_every_page_names_its_main_action():
    assert set(MAIN_ACTION) == {page.url_path for page in PAGES}


@pytest.mark.parametrize("path", [page.url_path for page in PAGES])
def test_page_fits_a_phone(phone, app_server, path):
    open_app(phone, app_server, path)
    check_phone_layout(phone, path, f"phone-{path or 'home'}")


# The tabs of /convolution (the hand convolution with its formula, pooling and channels; training; the maps), of
# /softmax-mnist (the data; training) and of /advanced-cnn (training, the shortcut race, the maps), each with its own
# main action.
TABS = [("convolution", 0, ".st-key-cv-kernel"), ("convolution", 1, ".st-key-cv-train-start"),
        ("convolution", 2, ".st-key-cv-see-index"), ("softmax-mnist", 1, ".st-key-sm-data-first"),
        ("softmax-mnist", 2, ".st-key-sm-train-start"), ("advanced-cnn", 1, ".st-key-ac-train-start"),
        ("advanced-cnn", 2, ".st-key-ac-race-run"), ("advanced-cnn", 3, ".st-key-ac-see-index")]


@pytest.mark.parametrize(("path", "tab", "action"), TABS)
def test_each_tab_fits_a_phone(phone, app_server, path, tab, action):
    open_app(phone, app_server, path)
    phone.get_by_role("tab").nth(tab).click()
    wait_for_app(phone)
    check_phone_layout(phone, path, f"phone-{path}-{tab}", action=action)


def test_chapter_7_after_a_run_fits_a_phone(phone, app_server):
    """After a short run chapter 7 shows its curves, the network and the first layer's weights."""
    open_app(phone, app_server, "multiple-features?ch7-epochs=20&ch7-pace=max")
    button(phone, "ch7-start").first.click()
    expect(phone.get_by_text("Finished 20 epochs")).to_be_visible()
    wait_for_app(phone)
    expect(phone.locator(f".st-key-ch7-first{CURRENT}")).to_be_visible()
    check_phone_layout(phone, "multiple-features", "phone-multiple-features-trained")


def test_class_board_fits_a_phone(phone, app_server, app_server_pid):
    """A student's /class with runs on the board and a chapter-7 run followed: the board's charts keep their titles
    clear, and the table shows each run's accuracy beside its nickname."""
    store = open_store(server_store(app_server_pid))
    code, key = classroom.create_class(store, "Phones")
    for nickname, acc, lr in (("Ann", 0.7, 0.1), ("Bo", 0.8, 0.5)):
        classroom.post_run(store, code, summary(nickname, acc, lr))
    weights = [[[0.1 * (i - j) for i in range(8)] for j in range(6)], [[0.2] * 6] * 4, [[0.3] * 4]]
    classroom.broadcast(store, code, key, chapter="ch7", page="multiple-features", params=[("ch7-lr", "0.1")],
                        config={"task": "diabetes", "lr": 0.1, "hidden": (6, 4), "optimizer": "sgd", "epochs": 100},
                        records=[{"kind": "eval", "epoch": e, "step": e, "train/loss": 0.6 - e / 100,
                                  "test/loss": 0.62 - e / 100, "train/acc": 0.6 + e / 50, "test/acc": 0.58 + e / 50,
                                  "weights": weights} for e in range(1, 6)], status="running")
    open_app(phone, app_server, f"class?class={code}")
    phone.locator(".st-key-class-nickname-input input").fill("Cy")
    button(phone, "class-join").click()
    expect(phone.locator(f".st-key-class-live{CURRENT}")).to_contain_text("The lecturer's run")
    expect(phone.locator(f".st-key-class-table-ch7{CURRENT}")).to_be_visible()
    wait_for_app(phone)
    check_phone_layout(phone, "class", "phone-class-board", action=".st-key-class-table-ch7")
    table = phone.locator(f".st-key-class-table-ch7{CURRENT}")
    table.scroll_into_view_if_needed()  # the grid lays out its header cells once on screen
    expect(table.locator("[role=columnheader]").first).to_be_attached()
    headers = table.locator("[role=columnheader]").all_inner_texts()
    assert [text.strip() for text in headers[:3]] == ["#", "nickname", "test accuracy"], headers
