"""The runner's timings the tests leave out: how soon stop() ends a run mid-epoch, and how many steps a paced run
makes in 2 s beside a heavy run on one pool slot and beside a thread busy in Python (at the runner's GIL switch
interval and at Python's default 5 ms).

Run: `python -m bench.bench_runner` (about 40 s); writes bench/results/runner.json.
"""

import sys
import threading
import time

import torch

from bench.common import machine, median, save
from core.config import default_config
from core.pool import SWITCH_INTERVAL_S, WorkerPool
from core.runner import Runner

REPEATS = 5
WINDOW_S = 2.0


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError("the run did not get there in time")
        time.sleep(0.01)


def long_run():
    return default_config("logistic", epochs=100_000, device="cpu")


def steps_in_window(runner: Runner, *others: Runner) -> int:
    """Steps the runner makes in WINDOW_S once it has made its first; then it and `others` are stopped."""
    try:
        wait_for(lambda: runner.state().step > 0)
        at = runner.state().step
        time.sleep(WINDOW_S)
        return runner.state().step - at
    finally:
        for each in (runner, *others):
            each.stop()


def stop_latency_s() -> float:
    """From stop() to the thread's end, a few steps into a long MNIST epoch."""
    runner = Runner(default_config("mnist", epochs=5, log_every=100_000, device="cpu"))
    runner.start()
    wait_for(lambda: runner.state().status == "running")
    time.sleep(0.5)
    started = time.perf_counter()
    runner.stop(timeout=30)
    assert not runner.alive, "the run did not stop"
    return time.perf_counter() - started


def paced_beside_heavy() -> int:
    """Steps of a run paced at 50 a second sharing one slot with an MNIST run."""
    pool = WorkerPool(1)
    heavy = Runner(default_config("mnist", train_subset=6400, test_subset=100, epochs=100, device="cpu"), pool=pool)
    paced = Runner(long_run(), pool=pool, delay=0.02)
    heavy.start()
    wait_for(lambda: heavy.state().step > 0)
    paced.start()
    return steps_in_window(paced, heavy)


def paced_beside_busy_python(switch_interval_s: float) -> int:
    """Steps of a run paced at 100 a second beside a thread doing pure-Python work (a page drawing figures)."""
    shipped, done = sys.getswitchinterval(), threading.Event()
    sys.setswitchinterval(switch_interval_s)

    def busy():
        while not done.is_set():
            sum(i * i for i in range(10_000))

    drawer = threading.Thread(target=busy, daemon=True)
    drawer.start()
    runner = Runner(long_run(), pool=WorkerPool(1), delay=0.01)
    runner.start()
    try:
        return steps_in_window(runner)
    finally:
        done.set()
        drawer.join(2)
        sys.setswitchinterval(shipped)


def main() -> None:
    torch.set_num_threads(1)
    started = machine()
    stops = [stop_latency_s() for _ in range(REPEATS)]
    heavy = [paced_beside_heavy() for _ in range(REPEATS)]
    shipped = [paced_beside_busy_python(SWITCH_INTERVAL_S) for _ in range(REPEATS)]
    default = [paced_beside_busy_python(0.005) for _ in range(REPEATS)]
    result = {
        "stop_mid_epoch_s": {"median": median(stops), "all": stops},
        "paced_steps_in_2s_beside_heavy_run": {"median": median(heavy), "all": heavy, "most": int(WINDOW_S / 0.02)},
        "paced_steps_in_2s_beside_busy_python": {
            "switch_interval_shipped": {"median": median(shipped), "all": shipped},
            "switch_interval_5ms": {"median": median(default), "all": default}, "most": int(WINDOW_S / 0.01)},
    }
    path = save("runner", result, started)
    print(f"stop mid-epoch: median {median(stops) * 1000:.0f} ms ({', '.join(f'{s * 1000:.0f}' for s in stops)})")
    print(f"paced run beside a heavy run, steps in 2 s (at most 100): {heavy}")
    print(f"paced run beside busy Python, steps in 2 s (at most 200): {shipped} at {SWITCH_INTERVAL_S * 1000:g} ms, "
          f"{default} at 5 ms")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
