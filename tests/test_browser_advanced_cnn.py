"""Chapter 11 in a real Chromium: a branch width changes the Inception module's output channels, Step then Resume
makes the live charts of the residual network grow, and on a phone the page and the shortcut race's charts fit."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import open_app, save_screenshot, wait_for_app
from tests.test_browser_ch8_ch9 import CHART_JS, CURRENT, button, chart_data, metric, press_slider
from tests.test_browser_phone import check_phone_layout, phone  # noqa: F401  (the phone fixture)

pytestmark = pytest.mark.browser
PATH = "advanced-cnn"


def test_a_branch_width_changes_the_module_s_output_channels(page, app_server):
    open_app(page, app_server, PATH)
    expect(page.locator("h1").first).to_contain_text("Chapter 11")
    expect(metric(page, "output channels").first).to_have_text("88")
    width = page.locator(f".st-key-ac-w-1x1{CURRENT} input").first
    width.fill("32")
    width.press("Enter")
    expect(metric(page, "output channels").first).to_have_text("104")
    expect(metric(page, "straight")).to_have_text("120,422,400")
    expect(metric(page, "1×1 to 16 first")).to_have_text("12,443,648")


def test_step_then_resume_makes_the_residual_network_s_charts_grow(page, app_server):
    open_app(page, app_server, PATH)
    page.get_by_role("tab", name="The lecture's networks, live").click()
    page.locator(f".st-key-ac-model{CURRENT}").get_by_text("the lecture's residual network").click()
    wait_for_app(page)
    press_slider(page, "ac-train-subset", "Home")  # 1k training digits: short epochs
    epochs = page.locator(f".st-key-ac-epochs{CURRENT} input").first
    epochs.fill("2")
    epochs.press("Enter")
    wait_for_app(page)
    page.wait_for_function(f"() => (({CHART_JS})('ac-loss-chart') || []).length > 0")  # drawn, still empty
    assert all(len(trace["x"]) == 0 for trace in chart_data(page, "ac-loss-chart"))
    # Step: one iteration, then the run waits, paused, so the chart's first point is counted before it goes on.
    button(page, "ac-train-step").click()
    expect(page.get_by_text(re.compile(r"^Status: paused · step 1 · epoch 1"))).to_be_visible(timeout=120_000)
    page.wait_for_function(f"() => (({CHART_JS})('ac-loss-chart') || []).some(t => t.x.length > 0)")
    assert max(len(trace["x"]) for trace in chart_data(page, "ac-loss-chart")) == 1
    button(page, "ac-train-start").click()
    expect(page.get_by_text(re.compile(r"Finished 2 epochs"))).to_be_visible(timeout=240_000)
    wait_for_app(page)
    page.wait_for_function(f"() => (({CHART_JS})('ac-acc-chart') || []).some(t => t.x.length == 2)")
    assert max(len(trace["x"]) for trace in chart_data(page, "ac-loss-chart")) > 1
    assert {trace["name"]: trace for trace in chart_data(page, "ac-acc-chart")}["test"]["x"] == [1, 2]
    expect(page.get_by_text("Each run shows here after its first epoch.")).to_have_count(0)  # the table is drawn
    assert save_screenshot(page, "ch11-residual-training").stat().st_size > 0
    page.get_by_role("tab", name="What each block sees").click()
    expect(page.get_by_text(re.compile(r"^Weights after epoch 2"))).to_be_visible()


def test_the_page_and_a_finished_race_fit_a_phone(phone, app_server):  # noqa: F811
    open_app(phone, app_server, PATH)
    check_phone_layout(phone, PATH, "phone-advanced-cnn")
    phone.get_by_role("tab").nth(2).click()
    wait_for_app(phone)
    press_slider(phone, "ac-depth", "Home")  # depth 4: a short race
    press_slider(phone, "ac-race-steps", "Home")  # 10 steps
    button(phone, "ac-race-run").click()
    phone.wait_for_function(f"() => (({CHART_JS})('ac-grad-chart') || []).length == 2", timeout=120_000)
    wait_for_app(phone)
    assert [trace["name"] for trace in chart_data(phone, "ac-grad-chart")] == ["plain", "residual"]
    check_phone_layout(phone, PATH, "phone-advanced-cnn-race", action=".st-key-ac-race-run")
