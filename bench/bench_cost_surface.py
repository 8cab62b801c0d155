"""/linear-model after a slider move: how long the cost surface (41×41 and larger) and the MSE-vs-w curve take.

Prints and writes (bench/results/cost_surface.json), medians over --repeats slider moves of w and b:
- compute: core.cost's numbers a move needs (the 41-point search curve, the best fit, the grid around it, the
  surface, the MSE at the learner's point), for grids of 41×41, 101×101 and 201×201;
- compute + figures: the same plus the four figures the page draws from them (ui.figures_ch2), 41×41, as wall
  time and as this process's CPU time (on a machine shared with other work the wall time includes their turns);
- page: the whole /linear-model script after a w slider move, as AppTest runs it (router and sidebar included;
  the browser's drawing is not in it).
Target (issue 27): the surface of at least 41×41 and the curve within 50 ms of compute after a slider move.

Run: `python -m bench.bench_cost_surface [--repeats 30] [--no-page]`
"""

import argparse
import json
import sys
import time

from bench.common import machine, median, save
from core import cost
from ui import figures_ch2 as ch2

MOVES = [(w / 10, b / 10) for w, b in zip(range(0, 41, 3), range(-40, 41, 6))]  # slider positions (w, b)
TARGET_MS = 50.0


def compute(x, y, w: float, b: float, n: int):
    """What a slider move recomputes: the search curve, the best fit, the grid, the surface and the point's cost."""
    costs = cost.mse_curve(x, y)
    best = cost.best_fit(x, y)
    ws, bs = cost.grid_around(best, (w, b), n=n)
    z = cost.surface(x, y, ws, bs)
    return costs, best, ws, bs, z, float(cost.mse(x, y, w, b))


def compute_ms(n: int, repeats: int, with_figures: bool = False, clock=time.perf_counter) -> float:
    """Median milliseconds of one slider move's compute on an n×n grid (and its figures when asked), on `clock`:
    wall time, or time.process_time (this process's CPU time, which other tenants of a loaded machine leave alone)."""
    x, y = cost.dataset(cost.parse_points("4, 8.5; 5, 9.6"), noise=0.5, seed=1)  # edited data: the general case
    times = []
    for i in range(repeats):
        w, b = MOVES[i % len(MOVES)]
        started = clock()
        costs, best, ws, bs, z, here = compute(x, y, w, b, n)
        if with_figures:
            ch2.fit_figure(x, y, w)
            ch2.search_figure(cost.W_SEARCH, costs, len(costs), w)
            ch2.surface_figure(ws, bs, z, (w, b, here), best)
            ch2.contour_figure(ws, bs, z, (w, b), best)
        times.append(1000 * (clock() - started))
    return median(times)


def page_ms(repeats: int) -> float:
    """Median milliseconds of /linear-model's whole script after its w slider moved (AppTest)."""
    from tests.apptest_helpers import open_page

    app = open_page("pages/linear_model.py")
    times = []
    for i in range(repeats):
        app.slider(key="lm-w").set_value(MOVES[i % len(MOVES)][0])
        started = time.perf_counter()
        app.run()
        times.append(1000 * (time.perf_counter() - started))
        assert not app.exception, [e.value for e in app.exception]
    return median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--no-page", action="store_true", help="skip the AppTest page timing")
    args = parser.parse_args()
    started = machine()
    compute_ms(41, 3)  # warm-up: numpy's and plotly's first calls
    result = {
        "repeats": args.repeats,
        "compute_ms": {f"{n}x{n}": round(compute_ms(n, args.repeats), 3) for n in (41, 101, 201)},
        "compute_and_figures_ms_41x41": round(compute_ms(41, args.repeats, with_figures=True), 2),
        "compute_and_figures_cpu_ms_41x41": round(compute_ms(41, args.repeats, True, time.process_time), 2),
        "target_ms": TARGET_MS,
    }
    if not args.no_page:
        result["page_rerun_ms"] = round(page_ms(max(5, args.repeats // 3)), 1)
    result["met"] = {"compute": result["compute_ms"]["41x41"] <= TARGET_MS,
                     "compute_and_figures_cpu": result["compute_and_figures_cpu_ms_41x41"] <= TARGET_MS,
                     "compute_and_figures_wall": result["compute_and_figures_ms_41x41"] <= TARGET_MS}
    save("cost_surface", result, started)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
