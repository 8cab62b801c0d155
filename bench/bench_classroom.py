"""The class board's costs: posting a finished run, and the /class script run for a big class.

`python -m bench.bench_classroom` prints, for the SQLite store (a temporary file) and the Redis store (a
redis-server it starts on a free port, if /usr/bin/redis-server is there):
- post: median ms for what a learner's session does when a run ends (core.board_runs.run_summary of a 100-epoch
  chapter-7 run plus post_run), and for post_run alone;
- board: median ms of the /class page without a class (the app's own share of a script run), then of the
  lecturer's /class script run (streamlit AppTest, the whole app through its router)
  for a class of 60 students and 300 runs over four chapters: the first run (builds the figures), a rerun with
  nothing changed (the 2 s poll: one version read, figures reused) and a rerun after one new run (re-read, rebuilt);
and a JSON summary as the last line (also bench/results/classroom.json). Targets (issue 18): post < 20 ms,
board < 150 ms.
"""

import json
import os
import random
import tempfile
from pathlib import Path

from bench.common import machine, median, save, store_urls, timed
from core import board_runs, classroom
from core.store import open_store

STUDENTS, RUNS, REPEATS = 60, 300, 15
CHAPTERS = ("ch6", "ch7", "ch8-race", "ch9")


def ch7_records(epochs: int, lr: float, acc: float) -> list[dict]:
    """A chapter-7 run's eval records as core.train yields them (the weights left out)."""
    return [{"kind": "eval", "step": e, "epoch": e, "time": e * 0.004, "train/loss": 0.7 / (1 + lr * e),
             "train/acc": acc * e / epochs, "test/loss": 0.72 / (1 + lr * e), "test/acc": acc * e / epochs}
            for e in range(1, epochs + 1)] + [{"kind": "end", "step": epochs, "epoch": epochs, "time": 0.4,
                                               "reason": "finished", "message": "done"}]


def a_run(nickname: str, chapter: str, rng: random.Random, epochs: int = 100) -> dict:
    lr = rng.choice((0.01, 0.05, 0.1, 0.2, 0.5, 1.0))
    config = {"task": "diabetes", "lr": lr, "hidden": (rng.choice((4, 6, 16, 64)), 4), "optimizer":
              rng.choice(("sgd", "adam")), "batch_size": rng.choice((0, 32, 128)), "epochs": epochs, "seed": 0}
    return board_runs.run_summary(nickname, chapter, "multiple-features", [("ch7-lr", str(lr)), ("ch7-epochs", "100")],
                                 config, ch7_records(epochs, lr, rng.uniform(0.6, 0.8)),
                                 rng.choice(("finished",) * 9 + ("diverged",)))


def bench_post(store) -> dict:
    code, _ = classroom.create_class(store)
    nickname = classroom.join(store, code, "Bench")
    rng = random.Random(0)
    records = ch7_records(100, 0.1, 0.7)
    whole, post_only = [], []
    for _ in range(REPEATS * 2):
        seconds, summary = timed(lambda: board_runs.run_summary(
            nickname, "ch7", "multiple-features", [("ch7-lr", "0.1")], {"lr": 0.1, "hidden": (6, 4)}, records,
            "finished"))
        post_s, _ = timed(lambda: classroom.post_run(store, code, summary))
        whole.append((seconds + post_s) * 1000)
        post_only.append(post_s * 1000)
        a_run(nickname, "ch7", rng)  # keeps the interleaving like a real session's
    return {"post_ms": round(median(whole), 2), "post_run_only_ms": round(median(post_only), 2)}


def bench_board(store_url: str) -> dict:
    from streamlit.testing.v1 import AppTest

    store = open_store(store_url)
    code, key = classroom.create_class(store, "bench")
    rng = random.Random(1)
    names = [classroom.join(store, code, f"Student {i}") for i in range(STUDENTS)]
    for i in range(RUNS):
        classroom.post_run(store, code, a_run(names[i % STUDENTS], CHAPTERS[i % len(CHAPTERS)], rng))
    os.environ["TORCHPLAY_STORE"] = store_url
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    app.run()
    app.switch_page("pages/classroom.py")
    app.run()
    empty = [timed(app.run)[0] * 1000 for _ in range(REPEATS)]  # the page without a class: the app's own cost
    app.session_state["class-keys"] = {code: key}
    app.session_state["class-viewing"] = code
    first, _ = timed(app.run)
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.get("plotly_chart")) == 2  # the chosen chapter's scatter and curves
    unchanged = [timed(app.run)[0] * 1000 for _ in range(REPEATS)]
    changed = []
    for _ in range(REPEATS):
        classroom.post_run(store, code, a_run(names[0], "ch7", rng))
        changed.append(timed(app.run)[0] * 1000)
    return {"page_without_class_ms": round(median(empty), 1), "board_first_ms": round(first * 1000, 1),
            "board_unchanged_ms": round(median(unchanged), 1),
            "board_changed_ms": round(median(changed), 1)}


def main() -> None:
    started = machine()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        with store_urls(Path(folder)) as urls:
            for name, url in urls.items():
                results[name] = bench_post(open_store(url)) | bench_board(url)
                print(name, results[name], flush=True)
    summary = {"students": STUDENTS, "runs": RUNS, "repeats": REPEATS, **results}
    save("classroom", summary, started)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
