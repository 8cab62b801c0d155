"""Lectures 3-4's step-by-step animation in Chromium: how many new pictures a second the live chart shows.

Drives /gradient-descent (GD's path on the cost curve, chart gd-curve) and /back-propagation (w after each sample,
chart bp-weights) in a real Chromium against `make run`'s server: press Start, then for --window seconds a
requestAnimationFrame loop in the page reads the chart's number of drawn points at every browser frame; a frame
of the animation is a change of that number (a new picture on screen). Reports frames per second and the training
steps each frame moved on (1 means every step is shown), medians over --repeats windows, with the load average.
Target (issue 27): 10 or more frames a second in Chromium on this machine.

Run: `python -m bench.bench_step_animation [--window 8] [--repeats 3] [--pace 50]`; with TORCHPLAY_INPLACE_CHARTS=0 the
server draws the moving charts as new plotly charts each frame (the baseline before ui/live_plot.py).
"""

import argparse
import json
import sys

from bench.browser import app_server, chromium_page
from bench.common import machine, median, save
from tests.conftest import PAGE_TIMEOUT_MS, wait_for_app

TARGET_FPS = 10.0
# page URL path -> (runner slot, the chart that animates, most epochs the page takes, training steps per epoch)
PAGES = {"gradient-descent": ("gd", "gd-curve", 2000, 1), "back-propagation": ("bp", "bp-weights", 5000, 3)}
# Points drawn in the chart inside the element of a widget key: the animation's picture number.
DRAWN_JS = """(key) => {
  const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  if (!plot || !plot._fullData) return -1;
  return plot._fullData.reduce((n, trace) => n + (trace.x ? trace.x.length : 0), 0);
}"""
# Read DRAWN_JS at every browser frame for `ms` milliseconds; resolve with [time, points] at each change.
WATCH_JS = """([key, ms]) => new Promise(resolve => {
  const drawn = %s;
  const changes = [];
  let last = drawn(key);
  const started = performance.now();
  const tick = now => {
    const n = drawn(key);
    if (n >= 0 && n !== last) { changes.push([now - started, n]); last = n; }
    if (now - started < ms) requestAnimationFrame(tick); else resolve(changes);
  };
  requestAnimationFrame(tick);
})""" % DRAWN_JS


def watch(page, base_url: str, path: str, window_s: float, pace) -> dict:
    """Open `path`, press Start, and count the chart's new pictures over one window once the first has come."""
    slot, chart, epochs, _ = PAGES[path]
    page.goto(f"{base_url}/{path}?{slot}-epochs={epochs}&{slot}-pace={pace}")
    wait_for_app(page)
    page.locator(f".st-key-{slot}-start button").click()
    page.wait_for_function(f"() => ({DRAWN_JS})({chart!r}) > 0", timeout=PAGE_TIMEOUT_MS)  # the first step drawn
    before = page.evaluate(f"() => ({DRAWN_JS})({chart!r})")
    changes = page.evaluate(WATCH_JS, [chart, window_s * 1000])
    page.locator(f".st-key-{slot}-stop button").click()
    moved = (changes[-1][1] - before) if changes else 0
    return {"frames": len(changes), "fps": len(changes) / window_s,
            "points_per_frame": moved / len(changes) if changes else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=float, default=8.0, help="seconds watched per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pace", default="50", help="the pages' steps per second (their pace slider), or max")
    args = parser.parse_args()
    started = machine()
    result = {"window_s": args.window, "repeats": args.repeats, "pace": args.pace, "target_fps": TARGET_FPS,
              "pages": {}}
    with app_server("step_animation") as (base_url, _), chromium_page() as page:
        for path in PAGES:
            windows = [watch(page, base_url, path, args.window, args.pace) for _ in range(args.repeats)]
            result["pages"][path] = {
                "median_fps": round(median([w["fps"] for w in windows]), 2),
                "fps": [round(w["fps"], 2) for w in windows],
                "median_points_per_frame": median([w["points_per_frame"] or 0.0 for w in windows]),
            }
    result["met"] = {path: page["median_fps"] >= TARGET_FPS for path, page in result["pages"].items()}
    save("step_animation", result, started)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
