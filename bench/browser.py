"""A real app server and Chromium for the benchmarks that measure what a learner sees (tests/conftest.py's setup)."""

import contextlib
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, VIEWPORT, free_port, log_tail
from ui.warmup import warm_up

LOG_DIR = Path(__file__).resolve().parent / "results"


@contextlib.contextmanager
def app_server(name: str, warm: bool = True):
    """`make run`'s server (and its background warm-up) on a free port; yields (base URL, launch time).

    With warm=True this waits until the server is healthy and has run app.py once; otherwise the warm-up runs
    in the background, as with `make run`.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{name}-server.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--server.scriptHealthCheckEnabled", "true"]
    with open(log_path, "w") as log:
        launched = time.perf_counter()
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        if warm:  # deep links work only once app.py has run (see ui.warmup)
            assert warm_up(base_url), f"streamlit did not come up; {log_path} ends with:\n{log_tail(log_path)}"
        else:
            threading.Thread(target=warm_up, args=(base_url,), daemon=True).start()  # as `make run` does
        yield base_url, launched
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=10)
        server.kill()  # does nothing once the server has exited
        server.wait()


@contextlib.contextmanager
def chromium_page():
    """A page of Debian's Chromium through Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(120_000)
            yield context.new_page()
        finally:
            browser.close()
