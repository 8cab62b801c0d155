"""What the live UI costs: MNIST samples/s of a run on the /softmax-mnist page, watched in Chromium, vs the headless CLI.

Same training either way: the course's MLP, batch 64, SGD lr 0.01 momentum 0.5, a record every 50 iterations (the
page then redraws its loss curve, probe digits and metrics every second), --epochs epochs on all 60,000 images.
- cli: `python -m core train mnist --epochs E --log-every 50` in a subprocess, as shipped (torch's default threads);
- cli_1_thread: the same with OMP_NUM_THREADS=1, the page's setting (core.runner trains with one intra-op thread);
- page: `make run`'s server, Chromium on /softmax-mnist, Reset then Start; the page's Iterations metric is read every
  50 ms while the background runner trains and the page polls it.
Each run's rate is the slope of a least-squares line through (wall-clock time, iterations) points from the first
record to the last train record (the page's points arrive with its 1 s refresh; the fit averages that out); a
run is watched for at most --window seconds after its first record, then stopped.
Modes alternate, --repeats times; medians. Writes bench/results/ui_throughput.json.

Run: `python -m bench.bench_ui_throughput [--epochs 2] [--repeats 5] [--window 15]`
"""

import argparse
import json
import os
import subprocess
import sys
import time

from bench.common import machine, median, save

BATCH = 64
LOG_EVERY = 50
ITERATIONS_JS = """finished => {
    const metric = [...document.querySelectorAll("[data-testid='stMetric']")].find(
        m => m.querySelector("[data-testid='stMetricLabel']")?.innerText.trim() === "Iterations");
    const value = metric?.querySelector("[data-testid='stMetricValue']")?.innerText.replace(/,/g, "");
    return [value === undefined ? null : Number(value), document.body.innerText.includes(finished)];
}"""


def slope(points: list[tuple[float, int]]) -> float:
    """Least-squares iterations per second through (time, iterations) points."""
    n = len(points)
    assert n >= 3, f"too few points for a rate: {points}"
    mean_t = sum(t for t, _ in points) / n
    mean_i = sum(i for _, i in points) / n
    return (sum((t - mean_t) * (i - mean_i) for t, i in points)
            / sum((t - mean_t) ** 2 for t, _ in points))


def cli_run(epochs: int, one_thread: bool, window_s: float) -> dict:
    """The shipped CLI; every train record's arrival time is one point; stopped after window_s like a page run."""
    env = dict(os.environ)
    if one_thread:
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"
    command = [sys.executable, "-m", "core", "train", "mnist", "--epochs", str(epochs), "--log-every",
               str(LOG_EVERY), "--device", "cpu"]
    points, losses = [], []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as process:
        for line in process.stdout:
            record = json.loads(line)
            if record["kind"] == "train":
                points.append((time.perf_counter(), record["step"]))
                losses.append(record["train/loss"])
                if points[-1][0] - points[0][0] >= window_s:
                    process.terminate()
                    break
    assert process.returncode in (0, -15), f"{' '.join(command)} failed"
    return {"samples_per_s": slope(points) * BATCH, "losses": losses}


def page_setup(page, base_url: str, epochs: int) -> None:
    from tests.conftest import open_app, wait_for_app

    open_app(page, base_url, "softmax-mnist")
    page.get_by_role("tab", name="Train live").click()
    for key, value in (("sm-epochs", epochs), ("sm-log-every", LOG_EVERY)):
        field = page.locator(f".st-key-{key}:not([data-stale='true']) input").first
        field.fill(str(value))
        field.press("Enter")
        wait_for_app(page)
    page.get_by_text(f"{epochs} epochs · batch 64").first.wait_for(state="visible")


def page_run(page, epochs: int, window_s: float) -> dict:
    """Reset, Start, and read the Iterations metric until the run has finished or window_s has passed (then Stop)."""
    from tests.conftest import wait_for_app

    current = ":not([data-stale='true'])"
    page.locator(f".st-key-sm-train-reset{current} button").first.click()
    wait_for_app(page)
    page.locator(f".st-key-sm-train-start{current} button").first.click()
    points, last, finished = [], None, False
    while not points or time.perf_counter() - points[0][0] < window_s:
        value, finished = page.evaluate(ITERATIONS_JS, f"Finished {epochs} epoch{'s' * (epochs != 1)} (")
        now = time.perf_counter()
        if value and value != last:
            points.append((now, value))
            last = value
        if finished:
            break
        page.wait_for_timeout(50)
    if not finished:
        page.locator(f".st-key-sm-train-stop{current} button").first.click()
        wait_for_app(page)
    return {"samples_per_s": slope(points) * BATCH, "points": len(points)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_ui_throughput", description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--window", type=float, default=15.0, help="most seconds one run is watched for")
    args = parser.parse_args(argv)
    from bench.browser import app_server, chromium_page

    started = machine()
    runs = {"cli": [], "cli_1_thread": [], "page": []}
    with app_server("ui_throughput") as (base_url, _), chromium_page() as page:
        page_setup(page, base_url, args.epochs)
        for repeat in range(args.repeats):
            order = ["cli", "cli_1_thread", "page"]
            for mode in order[repeat % 3:] + order[:repeat % 3]:
                if mode == "page":
                    result = page_run(page, args.epochs, args.window)
                else:
                    result = cli_run(args.epochs, one_thread=mode == "cli_1_thread", window_s=args.window)
                runs[mode].append(result)
                print(f"  repeat {repeat + 1}/{args.repeats} {mode:<13} {result['samples_per_s']:8.0f} samples/s",
                      flush=True)
    rates = {mode: round(median([r["samples_per_s"] for r in results])) for mode, results in runs.items()}
    pairs = list(zip(runs["cli"][0]["losses"], runs["cli_1_thread"][0]["losses"]))  # as far as both got
    same = all(a == b for a, b in pairs)
    largest = max(abs(a - b) for a, b in pairs)
    result = {
        "config": {"epochs": args.epochs, "log_every": LOG_EVERY, "batch_size": BATCH, "repeats": args.repeats},
        "samples_per_s": rates,
        "all_samples_per_s": {mode: [round(r["samples_per_s"]) for r in results] for mode, results in runs.items()},
        "ratios": {"page_over_cli": round(rates["page"] / rates["cli"], 3),
                   "page_over_cli_1_thread": round(rates["page"] / rates["cli_1_thread"], 3)},
        "cli_losses_same_with_1_thread": same, "cli_losses_max_diff_1_vs_default_threads": largest,
    }
    path = save("ui_throughput", result, started)
    print(f"samples/s: {rates}\nratios: {result['ratios']}\n-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
