"""Uploading a CSV through a real Chromium and the server's upload endpoint (XSRF cookie, size limit)."""

import pytest
from playwright.sync_api import expect

from tests.conftest import open_app, save_screenshot, wait_for_app
from tests.test_upload import table_bytes

pytestmark = pytest.mark.browser


def choose_file(page, name: str, raw: bytes) -> None:
    page.get_by_text("Your own data (CSV)").click()  # open the expander
    page.locator(".st-key-ch7-upload-file-0 input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": raw}])
    wait_for_app(page)


def test_upload_a_good_then_a_bad_file_in_the_browser(page, app_server):
    open_app(page, app_server, "multiple-features")
    choose_file(page, "mine.csv", table_bytes(rows=60, header=True))
    expect(page.get_by_text("Training on mine.csv: 60 rows, 3 features, label outcome")).to_be_visible()
    bad = table_bytes(rows=60, header=True).replace(b"\n", b"\n1.0,seven,2.0,1\n", 2)
    page.locator(".st-key-ch7-upload-file-0 input[type=file]").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad}])
    wait_for_app(page)
    expect(page.get_by_text("bad.csv was not used — Line 2, column 2: 'seven' is not a number.")).to_be_visible()
    expect(page.get_by_text("Training on mine.csv: 60 rows")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    save_screenshot(page, "upload-bad-file-keeps-table")


def test_a_file_over_the_limit_is_refused_in_the_browser_and_the_table_stays(page, app_server):
    open_app(page, app_server, "multiple-features")
    choose_file(page, "mine.csv", table_bytes(rows=60, header=True))
    expect(page.get_by_text("Training on mine.csv: 60 rows")).to_be_visible()
    page.locator(".st-key-ch7-upload-file-0 input[type=file]").set_input_files(
        files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": b"1,0\n" * (21 * 2**20 // 4)}])
    wait_for_app(page)
    # Streamlit's widget refuses it before sending (max_upload_size = the parser's 20 MB): the server never sees it.
    expect(page.locator("[data-testid=stFileChip][aria-invalid=true]", has_text="big.csv")).to_have_count(1)
    expect(page.get_by_role("alert").filter(has_text="File must be 20.0MB or smaller")).to_have_count(1)
    expect(page.get_by_text("big.csv was not used")).to_have_count(0)
    save_screenshot(page, "upload-oversize-refused")
    expect(page.get_by_text("Training on mine.csv: 60 rows")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
