"""A classroom at once: N headless Chromium students open pages and train together against one server.

Starts a fresh server (or `--replicas R` app processes behind nginx), lets every student load a
page, then presses Start in all of them at the same moment and waits for every run to finish. It
samples the server processes' memory and threads all along, closes every browser, and waits for
the server to give back what the sessions used. Prints a summary and writes it as JSON.

With `--class`, the students first join one class by its link (/class?class=CODE&name=student-N) and go to
their page in the same session; at the end the class board must hold every finished run exactly once.
The servers' logs, their class store and any redis-server files go to one run folder (`--run-dir`).

Usage: python -m loadtest.classroom [--sessions 10] [--replicas 0] [--class]  (make loadtest N=10 REPLICAS=0 CLASS=1)
"""

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file too, not only with -m from the repository root

from deploy.replicas import REDIS_SERVER, STORE_ENV, UPSTREAM_HEADER, Replicas, free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CURRENT = ":not([data-stale='true'])"  # not the stale copy Streamlit keeps on screen during a rerun
FINISHED = re.compile(r"Finished \d+ epochs? \(")
QUEUED = re.compile(r"queued \(\d+ ahead\)")
# Short runs a lecture would start: chapter 6 (with its linear twin), chapter 7, and one small MNIST epoch.
LESSONS = ("logistic-regression", "multiple-features", "softmax-mnist")
SLOTS = {"logistic-regression": "ch6", "multiple-features": "ch7", "softmax-mnist": "sm-train"}
NAV = {"logistic-regression": "6 · Logistic regression", "multiple-features": "7 · Multiple features",
       "softmax-mnist": "9 · Softmax on MNIST"}  # the sidebar's links, to reach a page in the same session
BOARD_WAIT_S = 30  # how long the board may take to show every finished run before they count as lost
# Threads stop this long after a tab closes, and Streamlit forgets a closed session after TTL: short
# here so the test can watch everything come back (the classroom defaults are 30 s and 120 s).
GRACE_S, SESSION_TTL_S = 5, 15


# ---------------------------------------------------------------- the server's side
def thread_names(pids: list[int]) -> dict[str, int]:
    """How many threads of each OS name the server processes have (torch and Python threads are named)."""
    names: dict[str, int] = {}
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                name = (task / "comm").read_text().strip()
            except OSError:  # the thread ended while we looked
                continue
            names[name] = names.get(name, 0) + 1
    return names


def training_threads(names: dict[str, int]) -> int:
    """The runs' threads among them: core.runner names each torchplay-<task>."""
    return sum(count for name, count in names.items() if name.startswith("torchplay-"))


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (peak RSS) in kB and Threads of a process, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM", "Threads"):
            values[name] = int(rest.split()[0])
    return values


@dataclass
class Sampler:
    """Samples the server processes every `every` seconds in a thread: total RSS and threads, and the peaks."""

    pids: list[int]
    every: float = 0.2
    samples: list = field(default_factory=list)

    def now(self) -> dict:
        stats = [proc_status(pid) for pid in self.pids]
        return {"t": time.monotonic(), "rss_mb": sum(s["VmRSS"] for s in stats) / 1024,
                "threads": sum(s["Threads"] for s in stats), "hwm_mb": sum(s["VmHWM"] for s in stats) / 1024,
                "training": training_threads(thread_names(self.pids))}

    def __enter__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(self.now())
            self._stop.wait(self.every)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def peak(self, key: str) -> float:
        return max(s[key] for s in self.samples)


class OneServer:
    """`streamlit run app.py` on a free port, warmed up like `make run` does; its log in `run_dir`."""

    def __init__(self, env: dict, args: tuple[str, ...], run_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = run_dir / "server.log"
        self.env, self.args = env, args

    def __enter__(self):
        from ui.warmup import warm_up

        self.log.parent.mkdir(parents=True, exist_ok=True)
        python = ROOT / ".venv" / "bin" / "python"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", "app.py",
                 "--server.port", str(self.port), "--server.address", "127.0.0.1",
                 "--server.scriptHealthCheckEnabled", "true", "--server.fileWatcherType", "none", *self.args],
                cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT)
        if not warm_up(self.url):
            self.__exit__()
            raise RuntimeError(f"the server did not start; see {self.log}")
        return self

    def pids(self) -> list[int]:
        return [self.process.pid]

    def upstream_names(self) -> dict:
        return {}

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# ---------------------------------------------------------------- one student
async def wait_for_app(page, timeout_ms: int = 120_000) -> None:
    """As tests/conftest.py's: the script ran to its end and nothing is still a skeleton."""
    from playwright.async_api import expect

    await page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=timeout_ms)
    await page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout_ms)
    await expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)


async def open_lesson(browser, url: str, lesson: str, code: str | None = None, nickname: str = "") -> dict:
    """Open the page (after joining class `code` by its link) and set a short run up (MNIST: one epoch of 1,000
    images); returns the student's state."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    started = time.monotonic()
    student = {"context": context, "page": page, "lesson": lesson, "upstream": None, "error": None,
               "nickname": nickname, "browser_errors": []}
    page.on("pageerror", lambda error: student["browser_errors"].append(f"page: {str(error)[:300]}"))
    page.on("crash", lambda crashed: student["browser_errors"].append("page: the tab's renderer crashed"))
    page.on("console", lambda message: message.type == "error" and student["browser_errors"].append(
        f"console: {message.text[:300]}"))
    try:
        if code is None:
            response = await page.goto(f"{url}/{lesson}")
        else:
            response = await page.goto(f"{url}/class?class={code}&name={nickname}")
            await wait_for_app(page)
            await page.get_by_role("link", name=NAV[lesson]).click()
        student["upstream"] = response.headers.get(UPSTREAM_HEADER.lower())
        await wait_for_app(page)
        if lesson == "softmax-mnist":
            await page.get_by_role("tab").nth(2).click()  # "Train live"
            for key in ("sm-train-subset", "sm-test-subset"):
                thumb = page.locator(f".st-key-{key}{CURRENT} input[type='range']").first
                await thumb.focus()
                await thumb.press("Home")
                await wait_for_app(page)
            epochs = page.locator(f".st-key-sm-epochs{CURRENT} input").first
            await epochs.fill("1")
            await epochs.press("Enter")
            await wait_for_app(page)
    except Exception as error:  # one student's trouble is a result to report, not the end of the test
        student["error"] = f"opening {lesson}: {type(error).__name__}: {str(error).splitlines()[0]}"
    student["load_s"] = time.monotonic() - started
    return student


async def what_page_shows(page, name: str) -> str | None:
    """The page's last 800 characters of text, with a screenshot in test-artifacts/<name>.png."""
    try:
        await page.screenshot(path=str(ROOT / "test-artifacts" / f"{name}.png"), full_page=True, timeout=30_000)
        return f"{page.url}\n" + (await page.locator("body").inner_text(timeout=30_000))[-800:]
    except Exception as failure:  # a page that cannot even say what it shows
        return f"{type(failure).__name__}: {str(failure).splitlines()[0]}"


async def train(student: dict, timeout_s: float) -> dict:
    """Press Start, then watch the page until the run has finished; notes whether it ever showed the queue."""
    page, slot = student["page"], SLOTS[student["lesson"]]
    started = time.monotonic()
    queued, error = False, student["error"]
    if error is None:
        try:
            await page.locator(f".st-key-{slot}-start{CURRENT} button").first.click()
        except Exception as failure:
            error = f"pressing Start: {type(failure).__name__}: {str(failure).splitlines()[0]}"
    while error is None:
        if await page.get_by_text(QUEUED).count():
            queued = True
        if await page.get_by_test_id("stException").count():
            error = (await page.get_by_test_id("stException").first.inner_text())[:300]
            break
        if await page.get_by_text(re.compile("Training failed")).count():
            error = (await page.get_by_text(re.compile("Training failed")).first.inner_text())[:300]
            break
        if await page.get_by_text(FINISHED).count():
            break
        if time.monotonic() - started > timeout_s:
            error = f"not finished after {timeout_s:.0f} s"
            break
        await asyncio.sleep(0.25)
    shown = None
    if error is not None:  # what the student saw, for the report
        shown = await what_page_shows(page, f"loadtest-failed-{student['nickname'] or id(page)}")
    return {"lesson": student["lesson"], "upstream": student["upstream"], "ok": error is None, "error": error,
            "shown": shown, "browser_errors": student["browser_errors"][-10:], "queued": queued, "load_s": round(student["load_s"], 1), "train_s": round(time.monotonic() - started, 1)}


async def classroom(url: str, sessions: int, timeout_s: float, code: str | None = None,
                    board=None, board_wait_s: float = BOARD_WAIT_S) -> tuple[list[dict], float, float]:
    """All students load their page, then all press Start at once; (results, load seconds, training seconds).

    With a class `code`, they join it first, and `board()` (the runs on it) is awaited for up to board_wait_s to
    hold every finished run before the tabs close."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            began = time.monotonic()
            students = await asyncio.gather(*(open_lesson(browser, url, LESSONS[i % len(LESSONS)], code,
                                                          f"student-{i + 1}") for i in range(sessions)))
            loaded = time.monotonic()
            results = await asyncio.gather(*(train(student, timeout_s) for student in students))
            trained = time.monotonic()
            for i, result in enumerate(results):
                result["nickname"] = f"student-{i + 1}"
            deadline = time.monotonic() + board_wait_s
            while board is not None and time.monotonic() < deadline and len(board()) < sum(r["ok"] for r in results):
                await asyncio.sleep(0.5)
            for student in students:
                await student["context"].close()  # the tab closes: its websocket goes away
        finally:
            await browser.close()
    return results, loaded - began, trained - loaded


# ---------------------------------------------------------------- the run
def settle(sampler: Sampler, baseline_threads: int, least_s: float, most_s: float) -> dict:
    """After the tabs close: wait at least least_s (grace + session TTL), then until the threads are back."""
    start = time.monotonic()
    while True:
        now = sampler.now()
        waited = now["t"] - start
        if waited >= most_s or (waited >= least_s and now["threads"] <= baseline_threads):
            return now
        time.sleep(1)


def board_check(results: list[dict], runs: list[dict]) -> dict:
    """Every finished student's run on the board once: none lost, none duplicated."""
    posted = [run["nickname"] for run in runs]
    finished = [r["nickname"] for r in results if r["ok"]]
    return {"runs": len(runs), "finished": len(finished), "lost": sorted(set(finished) - set(posted)),
            "duplicated": sorted({name for name in posted if posted.count(name) > 1})}


def serve(replicas: int, run_dir: Path, store: str | None = None) -> OneServer | Replicas:
    """The load test's server, not started yet: one process, or `replicas` behind nginx, with short grace and
    session TTL, its logs in run_dir.

    Its class store is `store`, else its own in run_dir (replicas: their redis-server, else an SQLite file); never
    the one TORCHPLAY_STORE names in the shell, which may be a lecturer's."""
    env = {"TORCHPLAY_ABANDON_GRACE_S": str(GRACE_S)}
    args = ("--server.disconnectedSessionTTL", str(SESSION_TTL_S))
    own = f"sqlite:///{run_dir / 'classroom.sqlite3'}"
    if not replicas:
        return OneServer(env | {STORE_ENV: store or own}, args, run_dir)
    server = Replicas(replicas, env=env, run_dir=run_dir, streamlit_args=args)
    server.env.pop(STORE_ENV, None)  # Replicas starts its own redis-server when none is set
    if store or not Path(REDIS_SERVER).exists():
        server.env[STORE_ENV] = store or own
    return server


def lesson(server: OneServer | Replicas, sessions: int, timeout_s: float, with_class: bool = False,
           board_wait_s: float = BOARD_WAIT_S) -> dict:
    """One lesson on a started server: the students (after joining one new class) load their pages and train.

    Returns the students' results, the seconds loading and training took, and with a class the board check."""
    code = board = None
    if with_class:
        from core import classroom as lesson_class
        from core.store import open_store

        store = open_store(server.env[STORE_ENV])
        code, _ = lesson_class.create_class(store, "loadtest")
        board = lambda: lesson_class.read_board(store, code).runs  # noqa: E731
    results, load_s, train_s = asyncio.run(classroom(server.url, sessions, timeout_s, code, board, board_wait_s))
    return {"students": results, "load_s": load_s, "train_s": train_s,
            "class_board": board_check(results, list(board())) if with_class else None}


def run(sessions: int, replicas: int, timeout_s: float, with_class: bool, run_dir: Path) -> dict:
    with serve(replicas, run_dir) as server:
        url = server.url
        with Sampler(server.pids()) as sampler:
            time.sleep(1)
            fresh = sampler.now()
            # One student per lesson first: the shared data (MNIST tensors, tables, default models) and
            # Python's imports load once per process; what comes back afterwards is measured against this.
            warm_results = []
            for direct in [f"http://{upstream}" for upstream in server.upstream_names()] or [url]:
                warm_results += asyncio.run(classroom(direct, len(LESSONS), timeout_s))[0]  # each process
            warm = settle(sampler, fresh["threads"], least_s=GRACE_S + SESSION_TTL_S + 5, most_s=90)
            warm_mark = time.monotonic()
            taught = lesson(server, sessions, timeout_s, with_class)
            results = taught["students"]
            closed = time.monotonic()
            after = settle(sampler, warm["threads"], least_s=GRACE_S + SESSION_TTL_S + 5, most_s=120)
            after["names"] = thread_names(server.pids())
        names = server.upstream_names()
        spread: dict[str, int] = {}
        for result in results:
            name = names.get(result["upstream"], result["upstream"] or "single server")
            spread[name] = spread.get(name, 0) + 1
    during = [s for s in sampler.samples if warm_mark <= s["t"] <= closed]
    return {
        "sessions": sessions, "replicas": replicas, "cores": os.cpu_count(),
        "ok": sum(r["ok"] for r in results), "errors": [r["error"] for r in results if not r["ok"]],
        "saw_queue": sum(r["queued"] for r in results),
        "load_s": round(taught["load_s"], 1), "train_all_s": round(taught["train_s"], 1),
        "train_s_per_student": sorted(r["train_s"] for r in results),
        "warm_up_ok": sum(r["ok"] for r in warm_results),
        "memory_mb": {"fresh": round(fresh["rss_mb"]), "warm": round(warm["rss_mb"]),
                      "peak": round(max(s["rss_mb"] for s in during)),
                      "peak_hwm": round(max(s["hwm_mb"] for s in sampler.samples)),
                      "after_close": round(after["rss_mb"])},
        # The whole processes' threads, the web server's workers and allocators included: reported, not checked.
        "threads": {"fresh": fresh["threads"], "warm": warm["threads"], "peak": max(s["threads"] for s in during),
                    "after_close": after["threads"]},
        "training_threads": {"peak": max(s["training"] for s in during), "after_close": after["training"]},
        "seconds_closed_to_settled": round(after["t"] - closed, 1), "threads_left": after["names"],
        "spread": spread, "students": results, "class_board": taught["class_board"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtest.classroom", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10, help="students (headless Chromium sessions)")
    parser.add_argument("--replicas", type=int, default=0, help="0: one server; R: R processes behind nginx")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a run may take before it counts as failed")
    parser.add_argument("--class", dest="with_class", action="store_true",
                        help="the students join one class first; every finished run must reach its board once")
    parser.add_argument("--run-dir", type=Path, help="the servers' logs and class store "
                        "(default: test-artifacts/loadtest-nN-rR/)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.replicas < 0:
        parser.error("need at least one session and zero or more replicas")
    out = ROOT / "test-artifacts" / f"loadtest-n{args.sessions}-r{args.replicas}.json"
    report = run(args.sessions, args.replicas, args.timeout, args.with_class, args.run_dir or out.with_suffix(""))
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    where = f"{args.replicas} replicas behind nginx" if args.replicas else "one server"
    memory, threads = report["memory_mb"], report["threads"]
    print(f"{report['sessions']} students on {where} ({report['cores']} cores): {report['ok']} finished, "
          f"{len(report['errors'])} errors, {report['saw_queue']} saw the queue")
    print(f"  pages loaded in {report['load_s']} s; all runs done {report['train_all_s']} s after Start "
          f"(each: {report['train_s_per_student']})")
    print(f"  server memory (RSS, all processes): {memory['fresh']} MB fresh, {memory['warm']} MB with the shared "
          f"data loaded -> {memory['peak']} MB peak -> {memory['after_close']} MB "
          f"{report['seconds_closed_to_settled']} s after the tabs closed")
    print(f"  server threads (whole processes): {threads['fresh']} fresh, {threads['warm']} warm -> {threads['peak']} "
          f"peak -> {threads['after_close']} after; of them training (torchplay-*): "
          f"{report['training_threads']['peak']} peak -> {report['training_threads']['after_close']} after")
    print(f"  sessions per process: {report['spread']}")
    board = report["class_board"]
    if board is not None:
        print(f"  class board: {board['runs']} runs for {board['finished']} finished; lost {board['lost'] or 'none'}, "
              f"duplicated {board['duplicated'] or 'none'}")
    for error in report["errors"]:
        print(f"  error: {error}")
    print(f"  details: {out.relative_to(ROOT)}")
    board_ok = board is None or not (board["lost"] or board["duplicated"])
    return 0 if report["ok"] == report["sessions"] and board_ok else 1


if __name__ == "__main__":
    sys.exit(main())
