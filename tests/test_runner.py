"""The background runner: pause/resume/step/stop, live learning rate, no leaked threads."""

import gc
import threading
import time

import pytest

import core.runner
from core.config import default_config
from core.pool import WorkerPool
from core.runner import Runner

# How long a test waits for a run or its thread to get somewhere: far beyond what any run here needs on a loaded
# machine, so reaching it means the awaited thing never happens (how fast runs go is bench/'s business).
LIMIT_S = 300.0


def wait_for(predicate, what: str, timeout: float = LIMIT_S) -> None:
    """Poll predicate() until it holds; fail naming `what` if it does not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout:g} s waiting for {what}"
        time.sleep(0.01)


def run_to_end(runner: Runner, timeout: float = LIMIT_S):
    """Wait for the run's own end (its thread ending) and return its final state. Meanwhile read its state as a
    page does: that is the heartbeat that keeps an unwatched run from being abandoned."""
    deadline = time.monotonic() + timeout
    while runner.alive and time.monotonic() < deadline:
        runner.state()
        runner.join(1.0)
    assert not runner.alive, f"the run ({runner.cfg.task}) had not ended after {timeout:g} s"
    return runner.state()


def ended(thread: threading.Thread, timeout: float = LIMIT_S) -> bool:
    thread.join(timeout)
    return not thread.is_alive()


def project_threads() -> set[threading.Thread]:
    """The live threads this project started: the runner names each torchplay-<task>. Other threads of the
    process (pytest's, streamlit's, torch's) are not ours to count."""
    return {thread for thread in threading.enumerate() if thread.name.startswith("torchplay-")}


def stays_paused(runner: Runner, pool: WorkerPool, at: int) -> bool:
    """Whether a paused run is still at step `at` once it has given its pool slot back, as its pause loop does when
    PAUSE_RELEASE_S (patched short) has passed: by then a step it should not take has had its chance."""
    wait_for(lambda: pool.busy == 0 or runner.state().step != at, "the paused run to give its pool slot back")
    return runner.state().step == at and runner.alive


def long_run(**overrides):
    return default_config("logistic", epochs=100_000, device="cpu", **overrides)


def test_start_pause_resume_stop(monkeypatch):
    monkeypatch.setattr(core.runner, "PAUSE_RELEASE_S", 0.05)
    pool = WorkerPool(1)
    runner = Runner(long_run(), delay=0.001, pool=pool)
    runner.start()
    wait_for(lambda: runner.state().step > 5, "the first steps")
    runner.pause()
    wait_for(lambda: runner.state().status == "paused", "the run to pause")
    paused_at = runner.state().step
    assert stays_paused(runner, pool, paused_at), runner.state().step  # nothing moves while paused
    runner.resume()
    wait_for(lambda: runner.state().step > paused_at + 5, "steps after resuming")
    runner.stop(timeout=LIMIT_S)
    assert runner.state().status == "stopped"
    assert not runner.alive
    assert runner.state().records[-1]["reason"] == "stopped"


def test_single_step_adds_exactly_one_iteration_record(monkeypatch):
    monkeypatch.setattr(core.runner, "PAUSE_RELEASE_S", 0.05)
    pool = WorkerPool(1)
    runner = Runner(long_run(), pool=pool)
    runner.step()
    wait_for(lambda: runner.state().step >= 1, "the first single step")
    runner.step()
    wait_for(lambda: runner.state().step >= 2, "the second single step")
    assert stays_paused(runner, pool, 2), runner.state().step  # the slot was taken for step 2
    state = runner.state()
    assert state.status == "paused" and state.step == 2
    assert [r["step"] for r in state.of_kind("train")] == [1, 2]
    runner.stop()


def test_single_step_shows_even_with_a_long_log_interval():
    cfg = default_config("mnist", train_subset=640, test_subset=100, epochs=1, log_every=300, device="cpu")
    runner = Runner(cfg)
    runner.step()
    wait_for(lambda: runner.state().of_kind("train"), "the single step's record")
    assert runner.state().of_kind("train")[0]["step"] == 1
    runner.stop()


def test_learning_rate_change_applies_at_the_next_step():
    runner = Runner(long_run(lr=0.01))
    runner.step()
    wait_for(lambda: runner.state().step == 1, "the first single step")
    runner.set_lr(0.5)
    runner.step()
    wait_for(lambda: runner.state().step == 2, "the second single step")
    state = runner.state()
    lrs = [r["lr"] for r in state.of_kind("train")]
    assert lrs == [0.01, 0.5]
    (event,) = state.of_kind("event")
    assert event["name"] == "lr" and event["old"] == 0.01 and event["new"] == 0.5 and event["step"] == 1
    runner.stop()


def test_momentum_change_and_bad_values_are_refused():
    runner = Runner(default_config("mnist", train_subset=128, test_subset=64, device="cpu"))
    with pytest.raises(ValueError):
        runner.set_lr(0)
    with pytest.raises(ValueError):
        runner.set_momentum(1.5)
    runner.set_momentum(0.9)
    runner.step()
    wait_for(lambda: runner.state().of_kind("train"), "the single step's record")
    assert runner.state().of_kind("train")[0]["momentum"] == 0.9
    runner.stop()


def test_stop_ends_the_run_mid_epoch_and_the_thread_with_it():
    cfg = default_config("mnist", epochs=5, batch_size=16, log_every=100_000, device="cpu")
    runner = Runner(cfg)
    runner.start()
    wait_for(lambda: runner.state().status == "running", "the MNIST run to train")
    runner.stop(timeout=LIMIT_S)
    assert not runner.alive  # stop() returned once the thread had ended
    state = runner.state()
    end = state.records[-1]
    assert state.status == "stopped" and end["kind"] == "end" and end["reason"] == "stopped"
    # Stopped between two steps of the first epoch (3,750 of them), not at its end: no evaluation ran.
    assert end["epoch"] == 1 and end["step"] < 60_000 // 16 and not state.of_kind("eval")


def test_a_paused_run_stops_where_it_is():
    runner = Runner(long_run())
    runner.step()
    wait_for(lambda: runner.state().step == 1, "the single step")
    runner.stop(timeout=LIMIT_S)
    state = runner.state()
    assert state.status == "stopped" and not runner.alive
    assert [r["step"] for r in state.of_kind("train")] == [1]  # no step after the stop was asked for
    assert state.records[-1]["kind"] == "end" and state.records[-1]["step"] == 1


def test_divergence_is_a_state_not_an_exception():
    runner = Runner(default_config("linear", lr=100.0, epochs=1000, device="cpu"))
    runner.start()
    state = run_to_end(runner)
    assert state.status == "diverged" and "too large" in state.message


def test_reset_forgets_the_run_and_takes_a_new_config():
    runner = Runner(long_run())
    runner.start()
    wait_for(lambda: runner.state().step > 3, "the first steps")
    runner.reset(long_run(lr=0.2))
    state = runner.state()
    assert state.status == "idle" and state.records == () and runner.cfg.lr == 0.2
    runner.start()
    wait_for(lambda: runner.state().of_kind("train"), "the new run's first record")
    assert runner.state().of_kind("train")[0]["lr"] == 0.2
    runner.stop()


def test_abandoned_runner_thread_ends():
    runner = Runner(long_run(), delay=0.001)
    runner.start()
    wait_for(lambda: runner.state().step > 1, "the first steps")
    thread = runner._thread
    del runner
    gc.collect()
    assert ended(thread), "the thread of a garbage-collected runner still trains"


def test_unwatched_runner_stops_itself():
    runner = Runner(long_run(), delay=0.001, abandon_after=0.3)
    runner.start()
    thread = runner._thread
    assert ended(thread), "nobody called state(), yet the run went on"  # the heartbeat lapsed


def test_finished_run_leaves_no_thread_and_offers_the_model():
    before = project_threads()
    runner = Runner(default_config("logistic", epochs=20, device="cpu"))
    runner.start()
    assert runner._thread.name == "torchplay-run"  # named, so it can be counted here and in a load test
    assert run_to_end(runner).status == "finished"
    left = project_threads() - before
    assert not left, [thread.name for thread in left]  # none of ours is left behind
    model = runner.latest_model()
    assert model is not None and not model.training


def test_only_the_latest_eval_keeps_its_weight_snapshot():
    runner = Runner(default_config("diabetes", epochs=30, device="cpu"))
    runner.start()
    state = run_to_end(runner)
    assert state.status == "finished"
    evals = state.of_kind("eval")
    assert len(evals) == 30
    assert [("weights" in e) for e in evals] == [False] * 29 + [True]
    assert [len(w) for w in evals[-1]["weights"]] == [6, 4, 1]


def test_a_watched_run_outlives_the_heartbeat_and_stops_when_the_session_is_gone(monkeypatch):
    import core.runner

    monkeypatch.setattr(core.runner, "ABANDON_GRACE_S", 0.3)
    connected = {"yes": True}
    runner = Runner(long_run(), delay=0.001, abandon_after=0.2, watched=lambda: connected["yes"])
    runner.start()
    thread, watchdog, results = runner._thread, runner._run.watchdog, runner._run.results
    # Nobody calls state() (the learner is on another page of the same session): read around it, as it is the
    # heartbeat. Once it has lapsed well past abandon_after and the grace, the run still trains.
    wait_for(lambda: time.monotonic() - watchdog.last_seen > 1.0 or not thread.is_alive(), "the heartbeat to lapse")
    at = results.step
    wait_for(lambda: results.step > at + 5 or not thread.is_alive(), "steps after the heartbeat lapsed")
    assert thread.is_alive(), results.message
    connected["yes"] = False  # the browser tab was closed
    assert ended(thread), "the run outlived its closed session"
    assert runner.state().status == "stopped"
