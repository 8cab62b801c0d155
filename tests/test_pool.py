"""The process-wide worker pool: bounded, first come first served, visible queue, no starving or leaks."""

import subprocess
import sys
import threading

import pytest

import core.pool
import core.runner
from core.config import default_config
from core.pool import WorkerPool, default_size
from core.runner import Runner
from tests.apptest_helpers import ROOT
from tests.test_runner import LIMIT_S, project_threads, run_to_end, wait_for


def long_run(**overrides):
    return default_config("logistic", epochs=100_000, device="cpu", **overrides)


def waiter(pool, ticket, got):
    """Wait in line in a thread; `got` collects tickets in the order they got a slot."""
    thread = threading.Thread(target=lambda: pool.acquire(ticket) and got.append(ticket), daemon=True)
    thread.start()
    return thread


def test_slots_go_first_come_first_served_and_the_line_is_visible():
    pool = WorkerPool(1)
    got = []
    assert pool.acquire("a")
    b = waiter(pool, "b", got)
    wait_for(lambda: pool.ahead("b") == 0, "b in line")
    c = waiter(pool, "c", got)
    wait_for(lambda: pool.ahead("c") == 1, "c in line behind b")
    assert pool.busy == 1 and pool.waiting == 2 and pool.ahead("a") is None
    pool.release("a")
    b.join(LIMIT_S)
    assert got == ["b"] and pool.ahead("c") == 0
    pool.release("b")
    c.join(LIMIT_S)
    assert got == ["b", "c"] and pool.waiting == 0


def test_giving_up_leaves_the_line():
    pool = WorkerPool(1)
    pool.acquire("a")
    answers = iter([False, False, True])  # asked between waits: gives up at the third
    assert not pool.acquire("b", give_up=lambda: next(answers), poll_s=0.01)
    assert next(answers, "all asked") == "all asked"
    assert pool.waiting == 0 and pool.busy == 1 and not pool.holds("b")


def test_size_comes_from_the_environment_or_the_cores(monkeypatch):
    monkeypatch.setenv("TORCHPLAY_WORKERS", "3")
    assert default_size() == 3
    monkeypatch.delenv("TORCHPLAY_WORKERS")
    assert default_size() >= 1
    for bad in ("0", "-2", "two", "1.5"):
        monkeypatch.setenv("TORCHPLAY_WORKERS", bad)
        with pytest.raises(ValueError, match="TORCHPLAY_WORKERS"):
            default_size()


class CountingPool(WorkerPool):
    """A pool that counts how often a run waiting in line asks whether to give up: once per pass of its wait."""

    asked = 0

    def acquire(self, ticket, give_up=lambda: False, **options) -> bool:
        def counted() -> bool:
            self.asked += 1
            return give_up()

        return super().acquire(ticket, give_up=counted, **options)


class PeakSet(set):
    """A set that remembers the most members it ever held at once."""

    peak = 0

    def add(self, item) -> None:
        super().add(item)
        self.peak = max(self.peak, len(self))


def test_a_run_waits_for_a_slot_and_shows_how_many_are_ahead():
    pool = CountingPool(1)
    pool.acquire("someone else")
    runner = Runner(long_run(), pool=pool)
    runner.start()
    wait_for(lambda: runner.state().ahead == 0, "the run to wait in line")
    wait_for(lambda: pool.asked >= 3, "the waiting run to go round its wait a few times")
    state = runner.state()
    assert state.queued and state.active and state.step == 0  # waiting, not computing
    pool.release("someone else")
    wait_for(lambda: runner.state().step > 3, "steps once the slot is free")
    assert not runner.state().queued
    runner.stop(timeout=LIMIT_S)
    assert pool.busy == 0 and pool.waiting == 0


def test_at_most_size_runs_compute_and_all_finish():
    pool = WorkerPool(2)
    pool._busy = PeakSet()  # every count of slot holders, recorded under the pool's lock: no sampling to miss one
    runners = [Runner(default_config("diabetes", epochs=40, device="cpu"), pool=pool) for _ in range(6)]
    for runner in runners:
        runner.start()
    assert [run_to_end(runner).status for runner in runners] == ["finished"] * 6
    assert pool._busy.peak == 2
    assert pool.busy == 0 and pool.waiting == 0


def test_long_runs_take_turns_so_nobody_starves(monkeypatch):
    monkeypatch.setattr(core.pool, "TURN_S", 0.2)
    pool = WorkerPool(1)
    first, second = Runner(long_run(), pool=pool), Runner(long_run(), pool=pool)
    first.start()
    wait_for(lambda: first.state().step > 0, "the first run's steps")
    second.start()
    wait_for(lambda: second.state().step > 5, "the second run's steps")  # the first gave its slot away after its turn
    wait_for(lambda: first.state().queued, "the first run to wait in line")  # for the next one
    first.stop(timeout=LIMIT_S)
    second.stop(timeout=LIMIT_S)
    assert pool.busy == 0 and pool.waiting == 0


def test_a_paused_run_lets_a_waiting_run_compute(monkeypatch):
    monkeypatch.setattr(core.runner, "PAUSE_RELEASE_S", 0.2)
    monkeypatch.setattr(core.pool, "TURN_S", 1000.0)  # only the pause can free the slot here
    pool = WorkerPool(1)
    paused, waiting = Runner(long_run(), pool=pool), Runner(long_run(), pool=pool)
    paused.start()
    wait_for(lambda: paused.state().step > 0, "the first run's steps")
    waiting.start()
    wait_for(lambda: waiting.state().queued, "the second run to wait in line")
    paused.pause()
    wait_for(lambda: waiting.state().step > 5, "the waiting run to compute")
    assert paused.state().status == "paused"
    waiting.stop()
    paused.resume()  # takes a slot again
    at = paused.state().step
    wait_for(lambda: paused.state().step > at + 5, "the resumed run's steps")
    paused.stop()


def test_a_paced_run_does_not_hold_the_slot_while_it_sleeps(monkeypatch):
    monkeypatch.setattr(core.pool, "TURN_S", 1000.0)
    pool = WorkerPool(1)
    paced = Runner(long_run(), pool=pool, delay=0.05)
    other = Runner(long_run(), pool=pool, delay=0.05)
    paced.start()
    other.start()
    wait_for(lambda: paced.state().step > 5 and other.state().step > 5, "steps of both paced runs")
    paced.stop()
    other.stop()


def test_stopping_or_resetting_a_queued_run_leaves_no_thread_and_no_place_in_line():
    pool = WorkerPool(1)
    pool.acquire("someone else")
    before = project_threads()
    runner = Runner(long_run(), pool=pool)
    runner.start()
    wait_for(lambda: runner.state().queued, "the run to wait in line")
    runner.stop(timeout=LIMIT_S)
    assert runner.state().status == "stopped" and not runner.alive
    runner.reset()
    runner.start()
    wait_for(lambda: runner.state().queued, "the new run to wait in line")
    thread = runner._thread
    runner.reset()
    thread.join(LIMIT_S)  # reset() waits a moment only; the thread's end is the event
    left = project_threads() - before
    assert pool.waiting == 0 and not left, [t.name for t in left]


def test_runs_back_from_pacing_go_first_in_the_order_they_came():
    pool = WorkerPool(1)
    pool.acquire("holder")
    threads = []
    for ticket, front in (("heavy", False), ("paced-1", True), ("paced-2", True)):
        threads.append(waiter(pool, ticket, []) if not front else threading.Thread(
            target=pool.acquire, args=(ticket,), kwargs={"front": True}, daemon=True))
        if front:
            threads[-1].start()
        wait_for(lambda t=ticket: pool.ahead(t) is not None, f"{ticket} in line")
    assert [pool.ahead(t) for t in ("paced-1", "paced-2", "heavy")] == [0, 1, 2]
    assert pool.urgent
    for ticket in ("holder", "paced-1", "paced-2"):
        pool.release(ticket)
        wait_for(lambda: pool.busy == 1, f"the next in line after {ticket}")
    for thread in threads:
        thread.join(LIMIT_S)
    assert not pool.urgent and pool.waiting == 0 and pool.holds("heavy")


def test_a_paced_run_steps_between_a_heavy_runs_steps_not_after_its_turn(monkeypatch):
    """A watched tiny model waits for one turn to start; after that, each time it wakes from its pacing it goes
    first and the heavy run gives way at its next step, however long the heavy run's turn."""
    monkeypatch.setattr(core.pool, "TURN_S", 0.05)  # the first turn comes soon
    pool = WorkerPool(1)
    heavy = Runner(default_config("mnist", train_subset=6400, test_subset=100, epochs=100, log_every=1,
                                  device="cpu"), pool=pool)
    paced = Runner(long_run(), pool=pool, delay=0.02)
    heavy.start()
    wait_for(lambda: heavy.state().step > 0, "the heavy run's first step")
    paced.start()
    wait_for(lambda: paced.state().step > 0, "the paced run's first step")
    monkeypatch.setattr(core.pool, "TURN_S", 1000.0)  # from here, only the paced run's urgency moves the slot
    at, heavy_at = paced.state().step, heavy.state().step
    wait_for(lambda: paced.state().step > at + 20, "the paced run's steps")  # without giving way: stuck for 1000 s
    wait_for(lambda: heavy.state().step > heavy_at, "the heavy run to compute while the paced one sleeps")
    heavy.stop(timeout=LIMIT_S)
    paced.stop(timeout=LIMIT_S)
    assert pool.busy == 0 and pool.waiting == 0


class Steps(core.pool.BackgroundJob):
    """A background job that reports `steps` progress notes, each after a step the test allows (or at once); its
    first `failures` tries fail at once."""

    def __init__(self, pool, steps=3, gate=None, failures=0):
        super().__init__("torchplay-job", "waiting", pool)
        self.steps, self.gate, self.failures, self.done = steps, gate, failures, []

    def work(self, progress):
        if self.failures:
            self.failures -= 1
            raise RuntimeError("disk full")
        for step in range(1, self.steps + 1):
            if self.gate is not None:
                self.gate.wait(LIMIT_S)
            self.done.append(step)
            progress(step / self.steps, f"step {step}")
        return "taught"


def test_a_background_job_waits_in_line_for_a_slot_like_a_run():
    pool = WorkerPool(1)
    pool.acquire("a run")
    job = Steps(pool)
    job.start()
    wait_for(lambda: pool.waiting == 1, "the job to wait in line")
    assert (job.note, job.fraction, job.done, job.running) == ("waiting", 0.0, [], True)
    pool.release("a run")
    assert job.wait(LIMIT_S) and (job.result, job.error, job.done) == ("taught", None, [1, 2, 3])
    assert (job.note, job.fraction) == ("step 3", 1.0) and pool.busy == 0 and pool.waiting == 0


def test_a_background_job_hands_its_slot_on_at_a_progress_report_once_its_turn_is_over(monkeypatch):
    monkeypatch.setattr(core.pool, "TURN_S", 0.0)  # every report is past the turn: a waiting run goes next
    pool, gate, order = WorkerPool(1), threading.Event(), []
    job = Steps(pool, steps=2, gate=gate)
    job.start()
    wait_for(lambda: pool.busy == 1, "the job to take the slot")
    run = threading.Thread(target=lambda: pool.acquire("a run") and order.append(list(job.done)), daemon=True)
    run.start()
    wait_for(lambda: pool.ahead("a run") == 0, "the run to wait in line")
    gate.set()  # the job's first step, then its report: the run computes before the job's second step
    run.join(LIMIT_S)
    assert order == [[1]] and job.running and (job.note, job.fraction) == ("step 1", 0.5)
    pool.release("a run")
    assert job.wait(LIMIT_S) and job.done == [1, 2] and job.result == "taught"


def test_a_failed_background_job_reports_its_error_gives_its_slot_back_and_can_start_again():
    pool = WorkerPool(1)
    job = Steps(pool, failures=1)
    job.start()
    assert job.wait(LIMIT_S) and job.error == "RuntimeError: disk full" and job.result is None
    assert pool.busy == 0 and pool.waiting == 0
    job.start()
    assert job.wait(LIMIT_S) and job.error is None and job.result == "taught" and job.done == [1, 2, 3]
    job.start()  # it has succeeded: nothing runs again
    assert not job.running and job.done == [1, 2, 3]


# A fresh interpreter: its switch interval at start, after importing everything that trains, after starting a
# run (with `preset` set just before, if given), and after setting a shorter one and starting another run.
SWITCH_PROBE = """
import sys
preset = float(sys.argv[1]) if len(sys.argv) > 1 else None
before = sys.getswitchinterval()
import core.defaults.background, core.finetune, core.run_group, core.runner
from core.config import default_config
imported = sys.getswitchinterval()
if preset:
    sys.setswitchinterval(preset)

def run():
    runner = core.runner.Runner(default_config("logistic", epochs=1))
    runner.start()
    runner.stop(timeout=60)

run()
started = sys.getswitchinterval()
sys.setswitchinterval(started * 2)
run()  # once per process: a later run leaves the interval alone
print(before, imported, started, sys.getswitchinterval())
"""


def switch_probe(*args: str) -> list[float]:
    done = subprocess.run([sys.executable, "-c", SWITCH_PROBE, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=LIMIT_S)
    assert done.returncode == 0, done.stderr
    return list(map(float, done.stdout.split()))


def test_the_first_run_shortens_the_gil_switch_interval_and_importing_changes_nothing():
    """Streamlit builds figures in pure Python beside the runs; a step must not wait 5 ms per torch op for the
    GIL (how many steps that costs is measured in bench/bench_runner.py)."""
    before, imported, started, later = switch_probe()
    assert before == pytest.approx(0.005)  # Python's default (kept in whole microseconds)
    assert imported == before
    assert started == pytest.approx(core.pool.SWITCH_INTERVAL_S) and started < before
    assert later == pytest.approx(2 * started, abs=2e-6)  # whole microseconds, rounded down


def test_the_first_run_never_lengthens_a_shorter_switch_interval():
    shorter = core.pool.SWITCH_INTERVAL_S / 2
    _, _, started, _ = switch_probe(str(shorter))
    assert started == pytest.approx(shorter, abs=2e-6)  # whole microseconds, rounded down


def test_a_paced_run_moves_beside_busy_python():
    done = threading.Event()

    def busy():  # a page drawing its charts
        while not done.is_set():
            sum(i * i for i in range(10_000))

    drawer = threading.Thread(target=busy, daemon=True)
    drawer.start()
    try:
        runner = Runner(long_run(), pool=WorkerPool(1), delay=0.01)
        runner.start()
        wait_for(lambda: runner.state().step > 40, "the paced run's steps beside busy Python")
        runner.stop()
    finally:
        done.set()
        drawer.join(2)
