"""Run a Training in a background thread so a UI can start, pause, step, stop and retune it live.

Runs compute only while holding a slot of the process-wide pool (core.pool.PoolTurn): a run waits in
line for one, gives it back while paused for PAUSE_RELEASE_S or while pacing when others wait, and
after core.pool.TURN_S of computing lets the next in line have a turn, so no learner's run starves. A
paced run (a tiny model slowed down to be watched) comes back from its sleep to the front of the line,
and a run holding a slot gives way to it at its next step: its few milliseconds never wait a whole round.

A run's parts, one job each: PoolTurn (its slot), Watchdog (is anyone still watching?), RunControl
(pause, step, stop, live changes) and Results (what it published), shared with its thread by _Run.
"""

import math
import os
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Callable

from core.config import RunConfig, checked_lr, checked_momentum
from core.pool import PoolTurn, WorkerPool, shared_pool, start_slot_thread
from core.stop_rules import with_stop_rules
from core.tasks import build_model
from core.train import Training

IDLE, STARTING, RUNNING, PAUSED = "idle", "starting", "running", "paused"
FINISHED, STOPPED, DIVERGED, ERROR = "finished", "stopped", "diverged", "error"
DONE = (FINISHED, STOPPED, DIVERGED, ERROR)


def _seconds_from_env(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        seconds = float(value) if value else default
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {value!r}") from None
    if not (math.isfinite(seconds) and seconds >= 0):
        raise ValueError(f"{name} must be a number of seconds of at least 0, got {value!r}")
    return seconds


# How long a closed browser session keeps its run, so a dropped connection that comes back keeps it.
ABANDON_GRACE_S = _seconds_from_env("TORCHPLAY_ABANDON_GRACE_S", 30.0)
PAUSE_RELEASE_S = 3.0  # a paused run keeps its slot this long (quick pause/step), then lets others compute
ABANDONED_MESSAGE = "Stopped: nobody was watching this run any more."
FAILED_PREFIX = "Training failed: "


@dataclass(frozen=True)
class RunnerState:
    """A consistent copy of a runner's state, safe to use from any thread."""

    status: str
    records: tuple
    message: str
    config: dict
    last_eval: dict | None
    step: int
    ahead: int | None = None  # waiting for a pool slot: runs in line before this one; else None

    @property
    def queued(self) -> bool:
        return self.ahead is not None

    @property
    def active(self) -> bool:
        return self.status in (STARTING, RUNNING)

    def of_kind(self, kind: str) -> list[dict]:
        return [r for r in self.records if r["kind"] == kind]

    def latest(self, kind: str) -> dict | None:
        for record in reversed(self.records):
            if record["kind"] == kind:
                return record
        return None


class Watchdog:
    """Tells when nobody will look at a run again: its browser session is gone, or no heartbeat for a while."""

    def __init__(self, abandon_after: float, watched: Callable[[], bool] | None = None):
        self.abandon_after = abandon_after
        self.watched = watched
        self.last_seen = time.monotonic()
        self._unwatched_since: float | None = None
        self._last_check = 0.0

    def seen(self) -> None:
        """The heartbeat: someone read the run's state."""
        self.last_seen = time.monotonic()

    def abandoned(self) -> bool:
        """Nobody will look again: the UI says the session is gone, or no state() call for a while."""
        now = time.monotonic()
        if self.watched is None:
            return now - self.last_seen > self.abandon_after
        if now - self._last_check >= 1.0:  # the session check is cheap, but not free at every step
            self._last_check = now
            try:
                watched = bool(self.watched())
            except Exception:  # a failing check must not kill a learner's run: fall back to the heartbeat
                watched = now - self.last_seen <= self.abandon_after
            self._unwatched_since = None if watched else (self._unwatched_since or now)
        # A grace period, so a dropped connection that comes back keeps its run.
        return self._unwatched_since is not None and now - self._unwatched_since > ABANDON_GRACE_S


class RunControl:
    """What the UI asks of a run: pause, single steps, stop, a pace, and lr/momentum for the next step."""

    def __init__(self, delay: float):
        self.paused = False
        self.steps_allowed = 0  # single steps granted while paused
        self.stop = threading.Event()
        self.pending: dict[str, float] = {}
        self.delay = delay

    @property
    def held(self) -> bool:
        """Paused, with no single step granted."""
        return self.paused and self.steps_allowed == 0

    def grant_step(self) -> None:
        self.paused = True
        self.steps_allowed += 1

    def apply_pending(self, training: Training) -> list[dict]:
        """Apply the changes asked for since the last step; one 'event' record for each."""
        events = []
        for name, value in self.pending.items():
            old = training.lr if name == "lr" else training.momentum
            at = {"kind": "event", "step": training.step, "epoch": training.epoch, "time": training.compute_time}
            try:
                (training.set_lr if name == "lr" else training.set_momentum)(value)
            except ValueError as error:
                events.append({**at, "message": str(error)})
                continue
            events.append({**at, "name": name, "old": old, "new": value,
                           "message": f"{'learning rate' if name == 'lr' else 'momentum'} "
                                      f"{old:g} → {value:g} from step {training.step + 1}"})
        self.pending.clear()
        return events


class Results:
    """What a run has published: records, status and message, the last evaluation and its weights."""

    def __init__(self):
        self.status = IDLE
        self.records: list[dict] = []
        self.message = ""
        self.step = 0
        self.last_eval = None
        self.model_state = None  # CPU copy of the weights at the last evaluation
        self.in_features = None
        self._weights_index = None  # position of the one record still carrying "weights"

    def publish(self, record: dict, training: Training) -> None:
        """Add a record of the training's stream (and, for an evaluation, a copy of the model)."""
        kind = record["kind"]
        if kind == "eval" and "weights" in record:
            self._keep_latest_weights_only(len(self.records))
        self.records.append(record)
        self.step = record["step"]
        if kind == "eval":
            self.model_state = {k: v.detach().cpu().clone() for k, v in training.model.state_dict().items()}
            self.in_features = training.data.in_features
            if training.last_eval is not None:
                self.last_eval = training.last_eval
        if kind == "end":
            self.status = {"finished": FINISHED, "diverged": DIVERGED}.get(record["reason"], STOPPED)
            self.message = record["message"]

    def _keep_latest_weights_only(self, new_index: int) -> None:
        """Older eval records lose their weight snapshot, so memory stays flat."""
        old = self._weights_index
        if old is not None:
            self.records[old] = {k: v for k, v in self.records[old].items() if k != "weights"}
        self._weights_index = new_index


class _Run:
    """What the thread and the UI share (the thread never holds a reference to the Runner); `cond` guards it."""

    def __init__(self, delay: float, abandon_after: float, watched: Callable[[], bool] | None = None,
                 pool: WorkerPool | None = None):
        self.cond = threading.Condition()
        self.turn = PoolTurn(pool or shared_pool())
        self.watchdog = Watchdog(abandon_after, watched)
        self.control = RunControl(delay)
        self.results = Results()

    # The Training asks these between iterations (see core.train.Training).
    def before_step(self, training: Training) -> bool:
        control = self.control
        while True:
            with self.cond:
                if not self._wait_while_paused():
                    return False
            if not self.turn.take(give_up=self.should_stop):
                return False
            with self.cond:
                if control.stop.is_set():
                    return False
                if control.held:
                    continue  # paused while it waited in line
                if control.paused:  # a single step was granted: make it show up as a record
                    control.steps_allowed -= 1
                    training.flush_next = True
                self.results.status = PAUSED if control.paused else RUNNING
                self.results.records.extend(control.apply_pending(training))
                break
        if control.delay:
            self.turn.pace()
            control.stop.wait(control.delay)  # still stoppable at once
        return not control.stop.is_set()

    def should_stop(self) -> bool:
        return self.control.stop.is_set() or self.watchdog.abandoned()

    def _wait_while_paused(self) -> bool:
        """Block (with the lock held) while paused; False when the run should end instead."""
        control = self.control
        if self.watchdog.abandoned():
            control.stop.set()
        paused_since = time.monotonic()
        while control.held and not control.stop.is_set():
            if self.watchdog.abandoned():
                control.stop.set()
                break
            self.results.status = PAUSED
            if time.monotonic() - paused_since > PAUSE_RELEASE_S:
                self.turn.give_back()
            self.cond.wait(0.1)
        return not control.stop.is_set()


def _thread_body(run: _Run, make_training: Callable[[_Run], Training]) -> None:
    """Thread body: build the Training, iterate it, publish each record."""
    results = run.results
    try:
        training = make_training(run)
        for record in with_stop_rules(training):  # early stopping (patience) ends the stream
            with run.cond:
                results.publish(record, training)
                if record["kind"] == "end" and run.watchdog.abandoned():
                    results.message = ABANDONED_MESSAGE
    except Exception as error:  # surface any failure as state the UI can show, never a dead thread
        with run.cond:
            results.status = ERROR
            results.message = f"{FAILED_PREFIX}{type(error).__name__}: {error}"
    finally:
        run.turn.leave()
        with run.cond:
            if results.status not in DONE:
                results.status = STOPPED
            run.cond.notify_all()


class Runner:
    """One learner's run. All methods are cheap and thread-safe; training happens in a daemon thread.

    A run left alone stops its thread by itself: when the Runner is garbage collected, when
    `watched()` (e.g. "is this browser session still connected?") has said False for
    ABANDON_GRACE_S seconds, or, without `watched`, when nobody called `state()` for
    `abandon_after` seconds. `name` names the thread (in the OS too: `top -H`, /proc).
    """

    def __init__(self, cfg: RunConfig, data=None, delay: float = 0.0, abandon_after: float = 120.0,
                 watched: Callable[[], bool] | None = None, pool: WorkerPool | None = None,
                 name: str = "torchplay-run"):
        self.cfg = cfg
        self.name = name
        self._pool = pool
        self._data = data
        self._delay = delay
        self._abandon_after = abandon_after
        self._watched = watched
        self._thread: threading.Thread | None = None
        self._run = _Run(delay, abandon_after, watched, pool)
        self._finalizer = weakref.finalize(self, self._run.control.stop.set)

    # -- commands ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start (or resume) training."""
        run = self._run
        with run.cond:
            if run.results.status == IDLE:
                self._launch(paused=False)
            else:
                run.control.paused = False
                run.cond.notify_all()

    def pause(self) -> None:
        with self._run.cond:
            if self._run.results.status in (STARTING, RUNNING):
                self._run.control.paused = True

    def resume(self) -> None:
        self.start()

    def step(self) -> None:
        """Do one iteration (starting the run paused if needed) and record it."""
        run = self._run
        with run.cond:
            if run.results.status in DONE:
                return
            if run.results.status == IDLE:
                self._launch(paused=True)
            run.control.grant_step()
            run.cond.notify_all()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the thread; the records so far are kept."""
        self._run.control.stop.set()
        with self._run.cond:
            self._run.cond.notify_all()
        self.join(timeout)

    def reset(self, cfg: RunConfig | None = None) -> None:
        """Stop and forget this run; the next start begins from fresh weights (optionally a new config)."""
        self.stop()
        self.cfg = cfg or self.cfg
        self._run = _Run(self._delay, self._abandon_after, self._watched, self._pool)
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, self._run.control.stop.set)
        self._thread = None

    def set_lr(self, lr: float) -> None:
        """Applied before the next iteration; a record of kind 'event' marks the change."""
        self._set_pending("lr", checked_lr(lr))

    def set_momentum(self, momentum: float) -> None:
        self._set_pending("momentum", checked_momentum(momentum))

    def set_delay(self, seconds: float) -> None:
        """Pause between iterations so tiny models train at a watchable pace."""
        self._delay = max(0.0, float(seconds))
        self._run.control.delay = self._delay

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def latest_model(self):
        """A CPU copy of the model as of the last evaluation (None before one), safe to use anywhere."""
        with self._run.cond:
            weights, in_features = self._run.results.model_state, self._run.results.in_features
        if weights is None:
            return None
        model = build_model(self.cfg, in_features=in_features)
        model.load_state_dict(weights)
        return model.eval()

    # -- reading ----------------------------------------------------------------------------
    def state(self) -> RunnerState:
        """A consistent snapshot; also tells the thread someone is still watching."""
        run = self._run
        with run.cond:
            run.watchdog.seen()
            results = run.results
            return RunnerState(results.status, tuple(results.records), results.message, self.cfg.to_dict(),
                               results.last_eval, results.step, run.turn.ahead())

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- internals --------------------------------------------------------------------------
    def _set_pending(self, name: str, value: float) -> None:
        with self._run.cond:
            self._run.control.pending[name] = value
            self._run.cond.notify_all()

    def _launch(self, paused: bool) -> None:
        run, cfg, data = self._run, self.cfg, self._data
        run.results.status = STARTING
        run.control.paused = paused
        run.watchdog.seen()

        def make_training(control: _Run) -> Training:
            return Training(cfg, data=data, control=control)

        self._thread = start_slot_thread(self.name, lambda: _thread_body(run, make_training))
