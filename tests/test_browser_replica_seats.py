"""Seats that last behind nginx, in Chromium: two replicas on make serve-replicas' own redis-server, a lecturer's
board open on replica 1 and a student's idle chapter page on replica 2; both replicas are killed and started again on
their ports, and each tab is back in its class with no click (same nickname, "Joined" unchanged, the lecturer panel)."""

import threading
import time

import pytest
from playwright.sync_api import expect

from core.store import open_store
from deploy.replicas import STORE_ENV, Replicas
from tests.conftest import wait_for_app
from tests.test_browser_class_board import class_across_replicas, metric, pinned_pages
from tests.test_browser_class_seats import BACK_WITHIN_MS, Frames, sidebar_line

pytestmark = pytest.mark.browser


def test_a_restarted_replica_brings_the_board_and_a_student_back_through_redis(browser, tmp_path):
    with Replicas(2, env={"TORCHPLAY_TEST": "1"}, run_dir=tmp_path / "run") as replicas:
        assert replicas.env[STORE_ENV].startswith("redis://")
        store = open_store(replicas.env[STORE_ENV])
        pages = pinned_pages(browser, replicas)
        try:
            lecturer, student, code = class_across_replicas(pages, replicas, "Ann")
            expect(sidebar_line(student, f"{code} · Ann")).to_be_visible()
            student.get_by_role("link", name="7 · Multiple features").click()  # an idle chapter page: nothing polls
            expect(student.locator(".st-key-ch7-start button")).to_be_visible()
            expect(lecturer.get_by_test_id("stMetricValue").first).to_have_text("1")  # Joined (the board polls)
            assert metric(lecturer, "Joined") == "1"
            watched = {"lecturer": Frames(lecturer), "student": Frames(student)}

            killed = time.monotonic()
            # Both tabs' replicas, killed as a crash would and started again; meanwhile Playwright keeps taking the
            # tabs' frames (only while this thread waits on a page), so each frame's time is when it came.
            restart = threading.Thread(target=replicas.restart, args=(0, 1))
            restart.start()
            while restart.is_alive():
                lecturer.wait_for_timeout(250)
            answering = time.monotonic()
            assert all(app.poll() is None for app in replicas.apps), "a restarted replica did not come up"
            # The lecturer panel's join link (the lecturer again); the student's class box, each from a new process.
            back = {}
            for who, marker in (("lecturer", f"?class={code}"), ("student", f"{code} · Ann")):
                left_ms = BACK_WITHIN_MS - 1000 * (time.monotonic() - answering)  # both within 30 s of answering
                back[who] = round(watched[who].wait_for(marker, left_ms) - killed, 1)
            print(f"replicas killed, then answering again after {answering - killed:.1f} s; each tab back in its "
                  f"class after (s): {back}")
            for page in (lecturer, student):
                wait_for_app(page)
            expect(lecturer.locator(".st-key-class-join")).to_have_count(0)  # not the empty join form
            expect(lecturer.get_by_role("button", name="Clear board")).to_be_visible()  # the lecturer's rights
            # Which replica serves a tab now is nginx's choice: a tab that reconnected while its own replica was still
            # starting went to the other one (proxy_next_upstream). The seat is in the cookie and the store either way.
            assert metric(lecturer, "Joined") == "1"
            expect(sidebar_line(student, f"{code} · Ann")).to_be_visible()
            expect(student.locator(".st-key-ch7-start button")).to_be_visible()
            assert list(store.members(code)) == ["Ann"]  # no "Ann 2"
        finally:
            for page in pages.values():
                page.context.close()
