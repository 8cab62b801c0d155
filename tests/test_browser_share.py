"""Shareable links in a real Chromium: moving a setting updates the URL and the sidebar's link, the link opened
in a new browser restores the settings, ?lang= and the browser's language pick the page's language."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import (PAGE_TIMEOUT_MS, VIEWPORT, open_app, save_screenshot, wait_for_app, wait_until_seen,
                            watch_for)
from ui.text import lookup

pytestmark = pytest.mark.browser


def slider_value(page, key: str) -> float:
    return float(page.locator(f".st-key-{key} input[type=range]").input_value())


def shown_link(page) -> str:
    return page.get_by_test_id("stSidebar").get_by_test_id("stCode").inner_text().strip()


@pytest.fixture
def fresh_page(browser):
    """Pages in new browser contexts (another learner opening a link), closed afterwards."""
    contexts = []

    def open_(locale: str = "en-US", permissions: tuple[str, ...] = ()):
        context = browser.new_context(viewport=VIEWPORT, locale=locale, permissions=list(permissions))
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def test_moving_a_slider_updates_the_url_and_the_link_restores_it(app_server, fresh_page):
    page = fresh_page(permissions=("clipboard-read", "clipboard-write"))
    open_app(page, app_server, "logistic-regression")
    handle = page.locator(".st-key-ch6-w input[type=range]")
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 1.0 -> 1.3 in steps of 0.1
    page.wait_for_url(re.compile(r"ch6-w=1\.3"))
    code = page.get_by_test_id("stSidebar").get_by_test_id("stCode")
    # The rerun that redraws the link may start after the URL changed, and a loaded machine draws ch6 slowly.
    expect(code).to_contain_text("ch6-w=1.3", timeout=PAGE_TIMEOUT_MS)
    page.locator(".st-key-ch6-compare label").click()  # compare off
    page.wait_for_url(re.compile(r"ch6-compare=false"))
    expect(code).to_contain_text("ch6-compare=false", timeout=PAGE_TIMEOUT_MS)
    wait_for_app(page)
    link = shown_link(page)
    assert link.startswith(f"{app_server}/logistic-regression?") and "ch6-w=1.3" in link and "ch6-compare=false" in link
    code.hover()
    code.get_by_role("button", name="Copy to clipboard").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == link

    other = fresh_page()
    open_app(other, link, "")  # the shown link, as another learner would paste it
    assert slider_value(other, "ch6-w") == pytest.approx(1.3)
    expect(other.locator(".st-key-ch6-compare input[type=checkbox]")).not_to_be_checked()
    expect(other.locator("h1").first).to_contain_text("Logistic regression")


def test_chapter_7_link_restores_the_network_and_the_language(fresh_page, app_server):
    page = fresh_page()
    open_app(page, app_server, "multiple-features?lang=zh&ch7-layers=3&ch7-act=relu&ch7-w3=9&ch7-std=false")
    expect(page.locator("h1").first).to_have_text(lookup("ch7.title", "zh"))
    assert slider_value(page, "ch7-layers") == 3 and slider_value(page, "ch7-w3") == 9
    expect(page.locator(".st-key-ch7-act input[value='2']")).to_be_checked()  # options are indexed: relu is third
    expect(page.locator(".st-key-ch7-std input[type=checkbox]")).not_to_be_checked()
    expect(page.get_by_text("8 → 6 → 4 → 9 → 1").or_(page.get_by_text(lookup("ch7.net_empty", "zh")))
           ).to_have_count(1)
    save_screenshot(page, "share-ch7-zh")


def test_a_chinese_browser_gets_chinese_and_the_switch_goes_back_to_english(fresh_page, app_server):
    page = fresh_page(locale="zh-CN")
    open_app(page, app_server, "logistic-regression?ch6-w=2")
    expect(page.locator("h1").first).to_have_text(lookup("ch6.title", "zh"))
    page.wait_for_url(re.compile(r"lang=zh"))
    page.locator(".st-key-lang-choice").get_by_role("radio", name="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    expect(page.locator("h1").first).to_have_text(lookup("ch6.title", "en"))
    assert slider_value(page, "ch6-w") == pytest.approx(2.0) and "ch6-w=2" in page.url  # settings stay


def test_an_out_of_range_link_value_gets_a_notice_not_a_traceback(fresh_page, app_server):
    page = fresh_page()
    notice = "The link's setting ch6-w = 99 is not allowed here"
    watch_for(page, notice, from_load=True)  # a toast: it may have gone by the time the page is checked
    open_app(page, app_server, "logistic-regression?ch6-w=99")
    assert slider_value(page, "ch6-w") == pytest.approx(1.0)
    wait_until_seen(page, notice)
