"""Shared fixtures: a real Streamlit server and Chromium through Playwright's sync API."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.replicas import REDIS_SERVER, free_port, start_redis
from tests import real_state
from ui.warmup import warm_up

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT_S = 60
# The first run of a page imports torch and loads data on a shared CPU.
PAGE_TIMEOUT_MS = 60_000
SERVER_PIDS: dict[str, int] = {}  # base URL -> pid of the server the app_server fixture started
TMP_STATE = pytest.StashKey[Path]()  # the session's models, data and class store (tests/real_state.py)
REAL_STATE = pytest.StashKey[tuple[list[Path], dict[str, str]]]()  # what the guard watches, as it was at the start
CHECKOUT = pytest.StashKey[tuple[set[str], set[str]]]()  # untracked and test-artifacts/ entries at the start
TOUCHED = pytest.StashKey[list[str]]()  # what the guard found at the end
# Every visible plotly chart is drawn at the width Streamlit measured for it, and fits its box: Streamlit
# measures the box after the script has run (and again when the window changes size), then plotly lays out.
CHARTS_LAID_OUT_JS = """() => Array.from(document.querySelectorAll("[data-testid='stPlotlyChart']")).filter(box =>
    box.getBoundingClientRect().width > 0).every(box => {
  const plot = box.querySelector('.js-plotly-plot'), full = plot && plot._fullLayout;
  return full && plot.style.visibility !== 'hidden' && full.width === plot.layout.width
      && full.width <= box.getBoundingClientRect().width + 1;
})"""


def pytest_configure(config: pytest.Config) -> None:
    """Before any test, server or subprocess starts: the session runs on tmp state whatever the shell says, and the
    real state is snapshotted for the check at the end (pytest_sessionfinish)."""
    state = config.stash[TMP_STATE] = Path(tempfile.mkdtemp(prefix="torchplay-tests-"))
    guarded = real_state.real_state(ROOT, os.environ)
    config.stash[REAL_STATE] = guarded, real_state.snapshot(guarded)
    config.stash[CHECKOUT] = real_state.untracked(ROOT), real_state.reports(ARTIFACTS)
    real_state.use_tmp_state(state, ROOT)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Fail the run if it changed the real models, data or class store, or left files in the checkout."""
    config = session.config
    guarded, before = config.stash[REAL_STATE]
    untracked, reports = config.stash[CHECKOUT]
    problems = real_state.changes(before, real_state.snapshot(guarded))
    problems += [f"left     {entry}" for entry in real_state.left_behind(
        untracked, real_state.untracked(ROOT), reports, real_state.reports(ARTIFACTS))]
    config.stash[TOUCHED] = problems
    if problems and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    if TMP_STATE in config.stash:
        shutil.rmtree(config.stash[TMP_STATE], ignore_errors=True)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    problems = config.stash.get(TOUCHED, [])
    if problems:
        terminalreporter.section("tests touched real state", red=True)
        terminalreporter.line("The run fails: tests must use tmp state only (tests/real_state.py). What changed "
                              "outside tmp between the start and the end of the session (another process writing "
                              "there at the same time shows up too):", red=True)
        for line in problems:
            terminalreporter.line(f"  {line}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests last: once Playwright's loop runs, asyncio.run() fails in this thread."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so `page` can screenshot a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def log_tail(path: Path, lines: int = 40) -> str:
    """Last lines of a log file, for failure messages."""
    if not path.exists():
        return "(no log written)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def server_is_healthy(base_url: str) -> bool:
    """True once Streamlit answers its health endpoint."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=1) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(autouse=True)
def store_in_tmp(request: pytest.FixtureRequest, monkeypatch) -> None:
    """A test that does not choose its class and model store gets an SQLite file in its tmp_path: pages such as
    /draw open the store, and one test's classes and models must not show in another's. Browser tests start servers
    that choose their own (app_server's file, make serve-replicas' Redis)."""
    if "browser" not in request.keywords:
        tmp_path = request.getfixturevalue("tmp_path")
        monkeypatch.setenv("TORCHPLAY_STORE", f"sqlite:///{tmp_path / 'classroom.sqlite3'}")


@pytest.fixture(scope="session")
def mnist_fetched() -> None:
    """Fail, never skip, when MNIST is not in the session's data folder (a copy of the one set-up fetched into)."""
    from core.data import DATA_DIR, mnist_status

    if not mnist_status()["ready"]:
        pytest.fail(f"MNIST is not in {DATA_DIR}, this session's copy of the data set-up fetched: fetch it with "
                    "`python -m core.data fetch` (`make test` does it first)")


def require_default_models() -> None:
    """Fail, never build, when the default checkpoints set-up builds are not there (tests read tmp copies)."""
    from core import defaults
    from core.checkpoints import models_dir

    states = defaults.status()
    if any(state != "ok" for state in states.values()):
        pytest.fail(f"the default models are not ready in {models_dir()}, this session's copy of those set-up built: "
                    f"{states}; build them with `make models` (`make test` does it first)")


@pytest.fixture
def at(request: pytest.FixtureRequest):
    """AppTest of the test module's PAGE, opened through the router; its runs are stopped afterwards."""
    from tests.apptest_helpers import open_page, stop_runs

    app = open_page(request.module.PAGE)
    yield app
    stop_runs(app)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[str]:
    """Serve app.py on a free port for the whole session; yields the base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "streamlit-server.log"
    python = VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)
    command = [
        str(python), "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.scriptHealthCheckEnabled", "true",  # lets ui.warmup run app.py once, as `make run` does
    ]
    # Its own class store (core.store), never the file next to the real models.
    store = f"sqlite:///{tmp_path_factory.mktemp('store') / 'classroom.sqlite3'}"
    env = {**os.environ, "TORCHPLAY_TEST": "1", "TORCHPLAY_STORE": store}
    # A file rather than a pipe: a pipe nobody reads fills up and blocks the server.
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    SERVER_PIDS[base_url] = server.pid
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not server_is_healthy(base_url):
            if server.poll() is not None:
                pytest.fail(
                    f"streamlit exited with status {server.returncode} before it was healthy; "
                    f"{log_path} ends with:\n{log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit was not healthy at {base_url} after {SERVER_START_TIMEOUT_S} s; "
                    f"{log_path} ends with:\n{log_tail(log_path)}"
                )
            time.sleep(0.25)
        if not warm_up(base_url):
            pytest.fail(f"app.py did not run cleanly at start-up; {log_path} ends with:\n{log_tail(log_path)}")
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def app_server_pid(app_server: str) -> int:
    """The pid of app_server's process, to read its threads from /proc."""
    return SERVER_PIDS[app_server]


def training_threads(pid: int) -> dict[int, str]:
    """The server's training threads by OS thread id, read from /proc.

    The runner names each one torchplay-<task>, for the OS too. Only these are the project's to count: the
    server's other threads (the web server's workers, allocators) are not ours to start or end, so their total
    is the load test's report (loadtest/classroom.py), not a check.
    """
    threads = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
        except OSError:  # the thread ended while we looked
            continue
        if name.startswith("torchplay-"):
            threads[int(task.name)] = name
    return threads


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A real redis-server on a free port for the session (Debian's redis-server); yields redis://127.0.0.1:PORT/0."""
    if not Path(REDIS_SERVER).exists():
        pytest.fail(f"the class store tests need {REDIS_SERVER}: apt-get install redis-server (make test does)")
    try:
        server, url = start_redis(tmp_path_factory.mktemp("redis"), appendonly=False, timeout=SERVER_START_TIMEOUT_S)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def store_url(request, tmp_path) -> str:
    """Each class-store test runs on both real backends: an SQLite file in tmp_path and the session's redis-server
    (its database emptied first)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    url = request.getfixturevalue("redis_url")
    import redis
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright's sync API (never `playwright install`)."""
    from playwright.sync_api import expect, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    # expect() waits 5 s unless told otherwise, wherever the page's own timeout is set: a loaded machine needs more.
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    # sync_playwright() here, not the pytest-playwright plugin: its event loop then
    # lives only as long as this fixture, after every non-browser test has run.
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        expect.set_options(timeout=None)


REPORTS: dict[int, list[str]] = {}  # id(page) -> what its browser reported, for wait_for_app's failure message


def watch_reports(page) -> list[str]:
    """Keep what the browser reports for `page` (uncaught errors, console errors, a renderer crash); the list."""
    reported = REPORTS.setdefault(id(page), [])
    page.on("pageerror", lambda error: reported.append(f"uncaught: {error}"))
    page.on("console", lambda message: message.type == "error" and reported.append(f"console: {message.text}"))
    page.on("crash", lambda _: reported.append("the tab's renderer crashed"))
    return reported


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh page in its own browser context; if the test failed, it saves a screenshot and what the browser
    reported (uncaught errors, console errors, a renderer crash) beside it."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    new_page = context.new_page()
    reported = watch_reports(new_page)
    yield new_page
    try:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"FAILED-{request.node.name}")
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"{name}.txt").write_text(f"{new_page.url}\n" + "\n".join(reported) + "\n")
            save_screenshot(new_page, name)
    finally:
        context.close()


PAGE_STATE_JS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const status = document.querySelector("[data-testid='stStatusWidget']");
    return `script state ${app ? app.getAttribute("data-test-script-state") : "(no app: a white page)"}, `
        + `status widget "${status ? status.innerText.replace(/\\s+/g, " ").trim() : ""}", `
        + `${document.querySelectorAll("[data-testid='stElementContainer']").length} elements, `
        + `connection ${document.querySelector("[data-testid='stConnectionStatus']") ? "lost" : "ok"}`;
}"""


def wait_for_app(page, timeout_ms: int = PAGE_TIMEOUT_MS) -> None:
    """Wait until the script has run to the end and everything it drew is rendered.

    Right after a click or a key this can return before the rerun it causes has begun: then wait for what that
    rerun draws (a status line, a list, the sidebar's link: wait_for_link), not for the page to look idle."""
    from playwright.sync_api import expect

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=timeout_ms)
        # data-test-script-state goes initial -> running -> notRunning.
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
            state="attached", timeout=timeout_ms
        )
    except PlaywrightTimeout as error:
        # CI prints only the failure: say there whether the page was still running, white or disconnected.
        reported = " | ".join(REPORTS.get(id(page), [])[-3:])[:1500] or "nothing"
        raise AssertionError(f"{page.url} never finished its run: {page.evaluate(PAGE_STATE_JS)}; "
                             f"the browser reported {reported}") from error
    # Skeletons stand in for elements that have not arrived yet.
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)


def wait_for_charts(page, timeout_ms: int = PAGE_TIMEOUT_MS) -> None:
    """Wait until plotly has laid every visible chart out at its box's width."""
    page.wait_for_function(CHARTS_LAID_OUT_JS, timeout=timeout_ms)


def open_app(page, base_url: str, path: str = "") -> None:
    """Load one page of the app by its URL path ("" is home), wait for it, and check it raised nothing."""
    from playwright.sync_api import expect

    response = page.goto(f"{base_url}/{path}")
    assert response is not None and response.ok, f"GET /{path} answered {response and response.status}"
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def save_screenshot(page, name: str) -> Path:
    """Save the whole page to test-artifacts/<name>.png and return its path.

    Streamlit scrolls inside its main pane, so the window grows to the pane's height first
    (and shrinks back after).
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    size = page.viewport_size
    height = page.evaluate("() => (document.querySelector('[data-testid=stMain]') || document.body).scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 60, size["height"]), 6000)})
    wait_for_charts(page)  # plotly re-lays out its charts at the new size
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def wait_for_link(page, key: str, value: str) -> None:
    """Wait until the server has a setting away from its default: the sidebar's link, built from the widgets' values
    of the last run, names it (the browser's URL can change before the rerun that takes the value)."""
    from urllib.parse import urlencode

    from playwright.sync_api import expect

    param = re.escape(urlencode({key: value}))
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stCode")).to_contain_text(re.compile(rf"[?&]{param}(&|$)"))


# Records, from now on, whether `text` is ever on the page, however briefly: a toast, or a message the next rerun
# of its fragment removes. Checking each changed element's text is enough, and cheap beside the whole page's.
WATCH_JS = """text => {
  const seen = window.__seenTexts = window.__seenTexts || {};
  seen[text] = false;
  const has = node => {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!element && element.textContent.includes(text);
  };
  const observer = new MutationObserver(records => {
    if (records.some(record => has(record.target))) { seen[text] = true; observer.disconnect(); }
  });
  observer.observe(document, {childList: true, subtree: true, characterData: true});
  if (has(document.documentElement)) { seen[text] = true; observer.disconnect(); }
}"""


def watch_for(page, text: str, from_load: bool = False) -> None:
    """Start recording whether `text` shows on the page, before the action that shows it: a transient message may
    be gone by the time a test looks for it. from_load: from the page's next load on (call it before page.goto)."""
    import json

    if from_load:
        page.add_init_script(f"({WATCH_JS})({json.dumps(text)})")
    else:
        page.evaluate(WATCH_JS, text)


def wait_until_seen(page, text: str, timeout_ms: int = PAGE_TIMEOUT_MS) -> None:
    """Wait until `text` has shown since watch_for(page, text) (polled by time: a hidden page gets no frames)."""
    page.wait_for_function("text => (window.__seenTexts || {})[text] === true", arg=text, polling=100,
                           timeout=timeout_ms)
