"""How soon a finished run shows on the lecturer's board in another browser (issue 18's target: within 3 s).

`python -m bench.bench_board_latency [--runs N]` starts the app on a fresh SQLite class store, opens the lecturer's
/class in one Chromium context and a student's chapter-7 page (joined by the link) in another, then has the student
finish N short runs one after another (30, 31, ... epochs, the learning rate unchanged). For each it records:
- shown -> board: from the student's page showing "Finished" to the lecturer's "Runs on the board" counting it
  (what a lecturer sees; the page checks every 50 ms);
- posted -> board: from the store's own time of the post to the same moment (the board's 2 s poll and redraw).
Prints both per run, their medians and maxima, and a JSON summary (also bench/results/board_latency.json).
"""

import argparse
import json
import os
import re
import tempfile
import time

from bench.browser import app_server
from bench.common import machine, median, save
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT

CURRENT = ":not([data-stale='true'])"
BOARD_COUNT_JS = """(n) => Array.from(document.querySelectorAll("[data-testid=stMetric]")).some(m =>
    m.innerText.includes("Runs on the board") && m.innerText.trim().endsWith(String(n)))"""


def wait_for_app(page) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_board_latency", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    started = machine()
    from playwright.sync_api import expect, sync_playwright

    from core import classroom
    from core.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/classroom.sqlite3"
        os.environ["TORCHPLAY_STORE"] = url  # the app server inherits it
        store = open_store(url)
        code, key = classroom.create_class(store, "latency")
        shown_to_board, posted_to_board = [], []
        with app_server("board_latency") as (base, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = []
            for _ in range(2):
                context = browser.new_context(viewport=VIEWPORT)
                context.set_default_timeout(120_000)
                pages.append(context.new_page())
            lecturer, student = pages
            lecturer.goto(f"{base}/class?class={code}&key={key}")
            wait_for_app(lecturer)
            student.goto(f"{base}/class?class={code}&name=Timer")
            wait_for_app(student)
            student.get_by_role("link", name="7 · Multiple features").click()
            wait_for_app(student)
            for n in range(1, args.runs + 1):
                if n > 1:  # a finished run is reset before the next Start
                    student.locator(f".st-key-ch7-reset{CURRENT} button").first.click()
                    wait_for_app(student)
                epochs = student.get_by_label("epochs", exact=True)
                epochs.fill(str(29 + n))
                epochs.press("Enter")
                wait_for_app(student)
                student.locator(f".st-key-ch7-start{CURRENT} button").first.click()
                expect(student.get_by_text(re.compile(rf"Finished {29 + n} epochs"))).to_be_visible(timeout=120_000)
                shown = time.time()
                lecturer.wait_for_function(f"() => ({BOARD_COUNT_JS})({n})", polling=50, timeout=60_000)
                on_board = time.time()
                posted = max(run["posted"] for run in classroom.read_board(store, code).runs)
                shown_to_board.append(round(on_board - shown, 2))
                posted_to_board.append(round(on_board - posted, 2))
                print(f"run {n}: shown -> board {shown_to_board[-1]:.2f} s, posted -> board "
                      f"{posted_to_board[-1]:.2f} s", flush=True)
            browser.close()
    summary = {"runs": args.runs, "shown_to_board_s": shown_to_board, "posted_to_board_s": posted_to_board,
               "shown_to_board_median_s": round(median(shown_to_board), 2), "shown_to_board_max_s": max(shown_to_board),
               "posted_to_board_median_s": round(median(posted_to_board), 2),
               "posted_to_board_max_s": max(posted_to_board)}
    save("board_latency", summary, started)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
