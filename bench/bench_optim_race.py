"""Lecture 5's exercise as the page runs it: the eight optimizers, 1,000 epochs each, one after the other.

`python -m bench.bench_optim_race [--repeats 3]` runs core.optim_race.race at the lecture's settings (lr 0.01,
summed MSE, seed 0) at one thread, as the page and CLI do, and prints per repeat the seconds of each optimizer
and the total, by wall clock and by process CPU time; a JSON summary is the last line (also
bench/results/optim_race.json). Target (issue 27): the whole race within 5 s of compute.
"""

import argparse
import json
import time

import torch

from bench.common import machine, median, save
from core import optim_race

TARGET_S = 5.0


def one_race() -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    results = optim_race.race(lr=0.01, epochs=1000, reduction="sum", seed=0)
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
            "seconds": {name: r["seconds"] for name, r in results.items()},
            "final": {name: {"w": r["w"][-1], "b": r["b"][-1], "loss": r["loss"][-1]} for name, r in results.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = machine()
    optim_race.run_one("sgd", epochs=20)  # warm-up: torch's first autograd and optimizer calls load lazily
    races = []
    for i in range(args.repeats):
        race = one_race()
        races.append(race)
        parts = ", ".join(f"{name} {s:.2f}" for name, s in race["seconds"].items())
        print(f"repeat {i + 1}: wall {race['wall_s']:.2f} s, CPU {race['cpu_s']:.2f} s ({parts})", flush=True)
    names = list(races[0]["seconds"])
    summary = {"repeats": args.repeats, "target_s": TARGET_S,
               "median_wall_s": median([r["wall_s"] for r in races]),
               "median_cpu_s": median([r["cpu_s"] for r in races]),
               "median_seconds": {name: median([r["seconds"][name] for r in races]) for name in names},
               "final": races[-1]["final"]}
    summary["meets_target"] = summary["median_cpu_s"] <= TARGET_S
    save("optim_race", summary, started)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
