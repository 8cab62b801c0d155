"""The background runner: pause/resume/step/stop, live learning rate, no leaked threads."""

import gc
import threading
import time

import pytest

from core.config import default_config
from core.runner import Runner


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


def long_run(**overrides):
    return default_config("logistic", epochs=100_000, device="cpu", **overrides)


def test_start_pause_resume_stop():
    runner = Runner(long_run(), delay=0.001)
    runner.start()
    wait_for(lambda: runner.state().step > 5)
    runner.pause()
    wait_for(lambda: runner.state().status == "paused")
    paused_at = runner.state().step
    time.sleep(0.2)
    assert runner.state().step == paused_at  # nothing moves while paused
    runner.resume()
    wait_for(lambda: runner.state().step > paused_at + 5)
    runner.stop()
    assert runner.state().status == "stopped"
    assert not runner.alive
    assert runner.state().records[-1]["reason"] == "stopped"


def test_single_step_adds_exactly_one_iteration_record():
    runner = Runner(long_run())
    runner.step()
    wait_for(lambda: runner.state().step == 1)
    runner.step()
    wait_for(lambda: runner.state().step == 2)
    time.sleep(0.1)
    state = runner.state()
    assert state.status == "paused" and state.step == 2
    assert [r["step"] for r in state.of_kind("train")] == [1, 2]
    runner.stop()


def test_single_step_shows_even_with_a_long_log_interval():
    cfg = default_config("mnist", train_subset=640, test_subset=100, epochs=1, log_every=300, device="cpu")
    runner = Runner(cfg)
    runner.step()
    wait_for(lambda: runner.state().of_kind("train"), timeout=30)
    assert runner.state().of_kind("train")[0]["step"] == 1
    runner.stop()


def test_learning_rate_change_applies_at_the_next_step():
    runner = Runner(long_run(lr=0.01))
    runner.step()
    wait_for(lambda: runner.state().step == 1)
    runner.set_lr(0.5)
    runner.step()
    wait_for(lambda: runner.state().step == 2)
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
    wait_for(lambda: runner.state().of_kind("train"), timeout=30)
    assert runner.state().of_kind("train")[0]["momentum"] == 0.9
    runner.stop()


def test_stop_ends_the_run_mid_epoch_and_the_thread_with_it():
    cfg = default_config("mnist", epochs=5, batch_size=16, log_every=100_000, device="cpu")
    runner = Runner(cfg)
    runner.start()
    wait_for(lambda: runner.state().status == "running", timeout=60)
    runner.stop(timeout=60)
    assert not runner.alive  # stop() returned once the thread had ended
    state = runner.state()
    end = state.records[-1]
    assert state.status == "stopped" and end["kind"] == "end" and end["reason"] == "stopped"
    # Stopped between two steps of the first epoch (3,750 of them), not at its end: no evaluation ran.
    assert end["epoch"] == 1 and end["step"] < 60_000 // 16 and not state.of_kind("eval")


def test_a_paused_run_stops_where_it_is():
    runner = Runner(long_run())
    runner.step()
    wait_for(lambda: runner.state().step == 1)
    runner.stop()
    state = runner.state()
    assert state.status == "stopped" and not runner.alive
    assert [r["step"] for r in state.of_kind("train")] == [1]  # no step after the stop was asked for
    assert state.records[-1]["kind"] == "end" and state.records[-1]["step"] == 1


def test_divergence_is_a_state_not_an_exception():
    runner = Runner(default_config("linear", lr=100.0, epochs=1000, device="cpu"))
    runner.start()
    wait_for(lambda: runner.state().status == "diverged")
    assert "too large" in runner.state().message
    runner.join(2)
    assert not runner.alive


def test_reset_forgets_the_run_and_takes_a_new_config():
    runner = Runner(long_run())
    runner.start()
    wait_for(lambda: runner.state().step > 3)
    runner.reset(long_run(lr=0.2))
    state = runner.state()
    assert state.status == "idle" and state.records == () and runner.cfg.lr == 0.2
    runner.start()
    wait_for(lambda: runner.state().of_kind("train"))
    assert runner.state().of_kind("train")[0]["lr"] == 0.2
    runner.stop()


def test_abandoned_runner_thread_ends():
    runner = Runner(long_run(), delay=0.001)
    runner.start()
    wait_for(lambda: runner.state().step > 1)
    thread = runner._thread
    del runner
    gc.collect()
    thread.join(2)
    assert not thread.is_alive()


def test_unwatched_runner_stops_itself():
    runner = Runner(long_run(), delay=0.001, abandon_after=0.3)
    runner.start()
    thread = runner._thread
    thread.join(3)  # nobody calls state(): the heartbeat lapses
    assert not thread.is_alive()


def test_finished_run_leaves_no_thread_and_offers_the_model():
    before = threading.active_count()
    runner = Runner(default_config("logistic", epochs=20, device="cpu"))
    runner.start()
    wait_for(lambda: runner.state().status == "finished")
    runner.join(2)
    assert threading.active_count() == before
    model = runner.latest_model()
    assert model is not None and not model.training


def test_only_the_latest_eval_keeps_its_weight_snapshot():
    runner = Runner(default_config("diabetes", epochs=30, device="cpu"))
    runner.start()
    wait_for(lambda: runner.state().status == "finished")
    evals = runner.state().of_kind("eval")
    assert len(evals) == 30
    assert [("weights" in e) for e in evals] == [False] * 29 + [True]
    assert [len(w) for w in evals[-1]["weights"]] == [6, 4, 1]


def test_a_watched_run_outlives_the_heartbeat_and_stops_when_the_session_is_gone(monkeypatch):
    import core.runner

    monkeypatch.setattr(core.runner, "ABANDON_GRACE_S", 0.3)
    connected = {"yes": True}
    runner = Runner(long_run(), delay=0.001, abandon_after=0.2, watched=lambda: connected["yes"])
    runner.start()
    thread = runner._thread
    time.sleep(1.5)  # nobody calls state(): the learner is on another page of the same session
    assert thread.is_alive()
    connected["yes"] = False  # the browser tab was closed
    thread.join(5)
    assert not thread.is_alive()
    assert runner.state().status == "stopped"
