"""The home page opens in a real Chromium: title, heading and navigation are there."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import open_app, save_screenshot

pytestmark = pytest.mark.browser

# The fixed url_path of every page but home (see app.py).
PAGE_PATHS = ["logistic-regression", "multiple-features", "mini-batches", "softmax-mnist", "draw"]


def test_home_page_has_title_heading_and_navigation(page, app_server):
    open_app(page, app_server)

    expect(page).to_have_title(re.compile("torchplay"))
    expect(page.locator("h1").first).to_contain_text("torchplay")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    for path in PAGE_PATHS:
        expect(page.locator(f"a[href$='/{path}']").first).to_be_visible()

    assert save_screenshot(page, "home").stat().st_size > 0
