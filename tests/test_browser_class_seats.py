"""Seats that last, in Chromium: a server restarted under an open lecturer board and a student's open chapter page
brings both back to their class with no click (same nickname, "Joined" unchanged), so does a reload, and a lecturer
link's key leaves neither the address bar nor the history. The module runs its own server on a store in tmp."""

import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from core.store import SqliteStore
from tests.conftest import ARTIFACTS, PAGE_TIMEOUT_MS, ROOT, VIEWPORT, free_port, log_tail, wait_for_app
from tests.test_browser_class_board import metric, press_new_class
from ui.warmup import warm_up

pytestmark = pytest.mark.browser
BACK_WITHIN_MS = 30_000  # the bound: back in the class within 30 s of the server answering again


class Server:
    """app.py on a fixed port and class store, stopped and started again like a lecture laptop's server."""

    def __init__(self, port: int, store_path):
        self.url, self.store_path, self.process = f"http://127.0.0.1:{port}", store_path, None
        self.port, self.log = port, ARTIFACTS / "class-seats-server.log"

    def start(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        python = ROOT / ".venv" / "bin" / "python"
        env = {**os.environ, "TORCHPLAY_TEST": "1", "TORCHPLAY_STORE": f"sqlite:///{self.store_path}"}
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "app.py",
                 "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
                 "--server.fileWatcherType", "none", "--server.scriptHealthCheckEnabled", "true"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        if not warm_up(self.url):
            pytest.fail(f"the server did not start: {log_tail(self.log)}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    found = Server(free_port(), tmp_path_factory.mktemp("store") / "classroom.sqlite3")
    found.log.unlink(missing_ok=True)
    found.start()
    try:
        yield found
    finally:
        found.stop()
        assert "Traceback" not in found.log.read_text(), log_tail(found.log, 80)


def device(browser):
    """A browser of its own (a phone, the lecture laptop): its own cookies."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    return context


class Frames:
    """What the server sends a tab over the connections it opens from now on (the page looks the same whether or not
    a new server has run it again: its messages say it has)."""

    def __init__(self, page):
        self.page, self.received = page, []  # (time.monotonic() when Playwright delivered it, frame)
        page.on("websocket", lambda socket: socket.on("framereceived", self._keep))

    def _keep(self, payload) -> None:
        self.received.append((time.monotonic(), payload if isinstance(payload, bytes) else payload.encode()))

    def wait_for(self, text: str, timeout_ms: float) -> float:
        """Wait until a frame holding `text` has come; returns when it came (time.monotonic(), to report)."""
        wanted = text.encode()
        waited = 0
        while not (came := [at for at, frame in self.received if wanted in frame]):
            assert waited < timeout_ms, f"the tab was not sent {text!r} within {timeout_ms / 1000:g} s"
            self.page.wait_for_timeout(250)  # lets Playwright deliver the frames meanwhile
            waited += 250
        return came[0]


def class_page(context, url: str):
    page = context.new_page()
    page.goto(f"{url}/class")
    wait_for_app(page)
    return page


def sidebar_line(page, text: str):
    return page.get_by_test_id("stSidebar").get_by_text(text, exact=True)


def test_a_restarted_server_and_a_reload_bring_the_board_and_a_student_back(browser, server):
    laptop, phone = device(browser), device(browser)
    try:
        lecturer = class_page(laptop, server.url)
        name = lecturer.locator(".st-key-class-new-name input")
        name.fill("Room 101")
        name.press("Enter")
        wait_for_app(lecturer)
        code = press_new_class(lecturer)
        student = phone.new_page()
        student.goto(f"{server.url}/class?class={code}&name=Ann")
        wait_for_app(student)
        expect(sidebar_line(student, f"{code} · Ann")).to_be_visible()
        student.get_by_role("link", name="7 · Multiple features").click()  # an idle chapter page: nothing polls
        expect(student.locator(".st-key-ch7-start button")).to_be_visible()
        expect(sidebar_line(student, "Room 101")).to_be_visible()
        expect(lecturer.get_by_text("Room 101", exact=True)).to_be_visible()  # the board's title
        expect(lecturer.get_by_test_id("stMetricValue").first).to_have_text("1")  # Joined (the board polls)
        assert metric(lecturer, "Joined") == "1"
        watched = [Frames(lecturer), Frames(student)]

        server.stop()
        server.start()
        watched[0].wait_for(f"?class={code}", BACK_WITHIN_MS)  # the lecturer panel's join link: the lecturer again
        watched[1].wait_for(f"{code} · Ann", BACK_WITHIN_MS)  # the student's class box, from the new server
        for page in (lecturer, student):
            wait_for_app(page)
        expect(lecturer.locator(".st-key-class-join")).to_have_count(0)  # not the empty join form
        assert metric(lecturer, "Joined") == "1"
        expect(sidebar_line(student, f"{code} · Ann")).to_be_visible()
        assert list(SqliteStore(server.store_path).members(code)) == ["Ann"]  # no "Ann 2"

        for page in (lecturer, student):
            page.reload()
            wait_for_app(page)
        expect(lecturer.get_by_test_id("stCode").filter(has_text=f"?class={code}").first).to_be_visible()
        expect(sidebar_line(student, f"{code} · Ann")).to_be_visible()
        expect(student.locator(".st-key-ch7-start button")).to_be_visible()
        assert metric(lecturer, "Joined") == "1"
        assert list(SqliteStore(server.store_path).members(code)) == ["Ann"]
    finally:
        laptop.close()
        phone.close()


def test_a_lecturer_link_leaves_its_key_neither_in_the_address_nor_in_history(browser, server):
    laptop, other = device(browser), device(browser)
    try:
        lecturer = class_page(laptop, server.url)
        code = press_new_class(lecturer)
        link = lecturer.get_by_test_id("stCode").filter(has_text="key=").first.text_content().strip()
        assert link.startswith(f"{server.url}/class?class={code}&key=")
        page = other.new_page()  # the lecturer's second device
        page.goto(f"{server.url}/")
        wait_for_app(page)
        page.goto(link)
        page.wait_for_url(lambda url: "key=" not in url and urlsplit(url).path == "/class")  # the key has gone
        wait_for_app(page)
        expect(page.get_by_test_id("stCode").filter(has_text=f"?class={code}").first).to_be_visible()
        expect(page.get_by_role("button", name="Clear board")).to_be_visible()  # with the lecturer's rights
        seen = []  # every address the tab shows from now on, however briefly (a rerun may clean one up)
        page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
        for _ in range(4):  # back through every entry to the home page the device was on before
            if urlsplit(page.url).path in ("", "/"):
                break
            page.go_back()
            wait_for_app(page)
        assert urlsplit(page.url).path in ("", "/") and not [url for url in seen if "key=" in url], seen
    finally:
        laptop.close()
        other.close()
