"""`make run` serves the app, and a deep link shared in class works as the server's first visit."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, ROOT, free_port, log_tail, open_app, save_screenshot, server_is_healthy
from ui import registry

pytestmark = pytest.mark.browser


@pytest.fixture
def make_run_server(tmp_path):
    """`make run` on a free port (set-up is already done by `make test`), in its own process group.

    Its set-up steps and legacy import work on the session's tmp models and data (TORCHPLAY_MODELS and
    TORCHPLAY_DATA, from the environment), its class store is in tmp_path. Yields (base URL, process group id)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "make-run.log"
    env = {**os.environ, "TORCHPLAY_STORE": f"sqlite:///{tmp_path / 'classroom.sqlite3'}"}
    with open(log_path, "w") as log:
        server = subprocess.Popen(["make", "run", f"PORT={port}", "ADDRESS=127.0.0.1"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not server_is_healthy(base_url):
            assert server.poll() is None, f"make run exited early:\n{log_tail(log_path)}"
            assert time.monotonic() < deadline, f"make run never became healthy:\n{log_tail(log_path)}"
            time.sleep(0.25)
        yield base_url, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def warm_up_running(group: int) -> bool:
    """True while the `python -m ui.warmup` that `make run` starts in the background (in its group) has not ended."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == group \
                    and b"ui.warmup" in (entry / "cmdline").read_bytes():  # a finished one's cmdline is empty
                return True
        except OSError:  # the process ended while we looked
            continue
    return False


def test_first_visit_to_a_fresh_server_can_be_a_deep_link(page, make_run_server):
    base_url, group = make_run_server
    # A class arrives once the teacher's server is up: `make run`'s background warm-up has done its job by then.
    deadline = time.monotonic() + 120
    while warm_up_running(group):
        assert time.monotonic() < deadline, "the warm-up of `make run` never ended"
        time.sleep(0.25)
    open_app(page, base_url, "logistic-regression")
    expect(page.locator("h1").first).to_contain_text("Logistic regression")
    # every page of the router (app.py builds one st.Page per registry entry) is in the navigation
    expect(page.get_by_test_id("stSidebarNav").locator("a")).to_have_count(len(registry.PAGES))
    # The server says a page was not found before its run ends, so the dialog would be up by now.
    expect(page.get_by_text("Page not found")).to_have_count(0)
    save_screenshot(page, "make-run-deep-link")
