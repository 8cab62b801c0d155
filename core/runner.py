"""Run a Training in a background thread so a UI can start, pause, step, stop and retune it live.

Runs compute only while holding a slot of the process-wide pool (core.pool): a run waits in line
for one, gives it back while paused for PAUSE_RELEASE_S or while pacing when others wait, and after
TURN_S of computing lets the next in line have a turn, so no learner's run starves. A paced run
(a tiny model slowed down to be watched) comes back from its sleep to the front of the line, and a
run holding a slot gives way to it at its next step: its few milliseconds never wait a whole round.
"""

import ctypes
import math
import os
import sys
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Callable

import torch

from core.config import RunConfig
from core.models import build_model
from core.pool import WorkerPool, shared_pool
from core.stop_rules import with_stop_rules
from core.train import Training

# A training step hands the GIL back and forth with every torch op; beside a Streamlit thread that
# builds figures in pure Python, each hand-back waited the default 5 ms switch interval, and a
# chapter-6 step took ~150 ms instead of ~1 ms (1,000 paced steps: 150 s instead of 10 s). 0.1 ms rather
# than 0.5 ms: MNIST on the page with Chromium watching went from ~0.79 to 0.87-0.92 of the one-thread
# CLI's rate (bench/bench_ui_throughput.py, three runs each on an idle machine).
SWITCH_INTERVAL_S = 0.0001
sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

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
TURN_S = 2.0  # a run computing this long gives its slot to the next in line, if anyone waits
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


class _Shared:
    """What the thread and the UI share; the thread never holds a reference to the Runner."""

    def __init__(self, delay: float, abandon_after: float, watched: Callable[[], bool] | None = None,
                 pool: WorkerPool | None = None):
        self.cond = threading.Condition()
        self.pool = pool or shared_pool()
        self.ticket = object()  # this run's place in the pool's line
        self.turn_started: float | None = None  # when this run last got a slot; None while it has none
        self.paced_out = False  # gave the slot back only to sleep between paced steps
        self.watched = watched
        self.unwatched_since: float | None = None
        self.last_check = 0.0
        self.status = IDLE
        self.records: list[dict] = []
        self.message = ""
        self.last_eval = None
        self.model_state = None  # CPU copy of the weights at the last evaluation
        self.in_features = None
        self.weights_index = None  # position of the one record still carrying "weights"
        self.step = 0
        self.paused = False
        self.steps_allowed = 0  # single steps granted while paused
        self.stop = threading.Event()
        self.pending: dict[str, float] = {}
        self.delay = delay
        self.abandon_after = abandon_after
        self.last_seen = time.monotonic()

    def abandoned(self) -> bool:
        """Nobody will look again: the UI says the session is gone, or no state() call for a while."""
        now = time.monotonic()
        if self.watched is None:
            return now - self.last_seen > self.abandon_after
        if now - self.last_check >= 1.0:  # the session check is cheap, but not free at every step
            self.last_check = now
            try:
                watched = bool(self.watched())
            except Exception:  # a failing check must not kill a learner's run: fall back to the heartbeat
                watched = now - self.last_seen <= self.abandon_after
            self.unwatched_since = None if watched else (self.unwatched_since or now)
        # A grace period, so a dropped connection that comes back keeps its run.
        return self.unwatched_since is not None and now - self.unwatched_since > ABANDON_GRACE_S

    # The Training asks these between iterations (see core.train.Training).
    def before_step(self, training: Training) -> bool:
        while True:
            with self.cond:
                if not self._wait_while_paused():
                    return False
            if not self._take_turn():
                return False
            with self.cond:
                if self.stop.is_set():
                    return False
                if self.paused and self.steps_allowed == 0:
                    continue  # paused while it waited in line
                if self.paused:  # a single step was granted: make it show up as a record
                    self.steps_allowed -= 1
                    training.flush_next = True
                self.status = PAUSED if self.paused else RUNNING
                self._apply_pending(training)
                break
        if self.delay:
            if self.pool.waiting:  # pacing a tiny model is no work: let a waiting run compute meanwhile
                self.give_back_slot()
                self.paced_out = True
            self.stop.wait(self.delay)  # still stoppable at once
        return not self.stop.is_set()

    def _wait_while_paused(self) -> bool:
        """Block (with the lock held) while paused; False when the run should end instead."""
        if self.abandoned():
            self.stop.set()
        paused_since = time.monotonic()
        while self.paused and self.steps_allowed == 0 and not self.stop.is_set():
            if self.abandoned():
                self.stop.set()
                break
            self.status = PAUSED
            if time.monotonic() - paused_since > PAUSE_RELEASE_S:
                self.give_back_slot()
            self.cond.wait(0.1)
        return not self.stop.is_set()

    def _take_turn(self) -> bool:
        """Hold a pool slot for the next step, waiting in line if needed; False when stopped meanwhile."""
        now = time.monotonic()
        if self.turn_started is not None:
            if not self.pool.waiting or (now - self.turn_started < TURN_S and not self.pool.urgent):
                return True
            self.give_back_slot()  # others wait: back of the line, so every run keeps moving
        # A paced run gave its slot away only to sleep between tiny steps: it goes first, or it would
        # wait a whole round of the line for every step (its compute is a few ms a second).
        if not self.pool.acquire(self.ticket, give_up=self.should_stop, front=self.paced_out):
            return False
        self.turn_started = time.monotonic()
        self.paced_out = False
        return True

    def give_back_slot(self) -> None:
        if self.turn_started is not None:
            self.pool.release(self.ticket)
            self.turn_started = None

    def should_stop(self) -> bool:
        return self.stop.is_set() or self.abandoned()

    def _apply_pending(self, training: Training) -> None:
        for name, value in self.pending.items():
            old = training.lr if name == "lr" else training.momentum
            try:
                (training.set_lr if name == "lr" else training.set_momentum)(value)
            except ValueError as error:
                self.records.append({"kind": "event", "step": training.step, "epoch": training.epoch,
                                     "time": training.compute_time, "message": str(error)})
                continue
            self.records.append({"kind": "event", "step": training.step, "epoch": training.epoch,
                                 "time": training.compute_time, "name": name, "old": old, "new": value,
                                 "message": f"{'learning rate' if name == 'lr' else 'momentum'} "
                                            f"{old:g} → {value:g} from step {training.step + 1}"})
        self.pending.clear()


def _keep_latest_weights_only(shared: _Shared, new_index: int) -> None:
    """A run keeps only the newest weight snapshot; older eval records lose theirs (memory stays flat)."""
    old = shared.weights_index
    if old is not None:
        shared.records[old] = {k: v for k, v in shared.records[old].items() if k != "weights"}
    shared.weights_index = new_index


def _name_os_thread(name: str) -> None:
    """Give the OS thread this name too (Linux), so `top -H`, /proc and a load test can tell training threads apart."""
    try:
        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # 15 = PR_SET_NAME; 15 bytes is the limit
    except (OSError, AttributeError):  # not Linux: the Python name is all there is
        pass


def _run(shared: _Shared, make_training: Callable[[_Shared], Training]) -> None:
    """Thread body: build the Training, iterate it, publish each record."""
    _name_os_thread(threading.current_thread().name)
    try:
        training = make_training(shared)
        for record in with_stop_rules(training):  # early stopping (patience) ends the stream
            with shared.cond:
                if record["kind"] == "eval" and "weights" in record:
                    _keep_latest_weights_only(shared, len(shared.records))
                shared.records.append(record)
                shared.step = record["step"]
                if record["kind"] == "eval":
                    shared.model_state = {k: v.detach().cpu().clone() for k, v in training.model.state_dict().items()}
                    shared.in_features = training.data.in_features
                    if training.last_eval is not None:
                        shared.last_eval = training.last_eval
                if record["kind"] == "end":
                    shared.status = {"finished": FINISHED, "diverged": DIVERGED}.get(record["reason"], STOPPED)
                    shared.message = record["message"]
                    if shared.abandoned():
                        shared.message = ABANDONED_MESSAGE
    except Exception as error:  # surface any failure as state the UI can show, never a dead thread
        with shared.cond:
            shared.status = ERROR
            shared.message = f"{FAILED_PREFIX}{type(error).__name__}: {error}"
    finally:
        shared.pool.release(shared.ticket)
        shared.turn_started = None
        with shared.cond:
            if shared.status not in DONE:
                shared.status = STOPPED
            shared.cond.notify_all()


class Runner:
    """One learner's run. All methods are cheap and thread-safe; training happens in a daemon thread.

    A run left alone stops its thread by itself: when the Runner is garbage collected, when
    `watched()` (e.g. "is this browser session still connected?") has said False for
    ABANDON_GRACE_S seconds, or, without `watched`, when nobody called `state()` for
    `abandon_after` seconds.
    """

    def __init__(self, cfg: RunConfig, data=None, delay: float = 0.0, abandon_after: float = 120.0,
                 watched: Callable[[], bool] | None = None, pool: WorkerPool | None = None):
        self.cfg = cfg
        self._pool = pool
        self._data = data
        self._delay = delay
        self._abandon_after = abandon_after
        self._watched = watched
        self._thread: threading.Thread | None = None
        self._shared = _Shared(delay, abandon_after, watched, pool)
        self._finalizer = weakref.finalize(self, self._shared.stop.set)

    # -- commands ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start (or resume) training."""
        shared = self._shared
        with shared.cond:
            if shared.status == IDLE:
                self._launch(paused=False)
            else:
                shared.paused = False
                shared.cond.notify_all()

    def pause(self) -> None:
        with self._shared.cond:
            if self._shared.status in (STARTING, RUNNING):
                self._shared.paused = True

    def resume(self) -> None:
        self.start()

    def step(self) -> None:
        """Do one iteration (starting the run paused if needed) and record it."""
        shared = self._shared
        with shared.cond:
            if shared.status in DONE:
                return
            if shared.status == IDLE:
                self._launch(paused=True)
            shared.paused = True
            shared.steps_allowed += 1
            shared.cond.notify_all()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the thread; the records so far are kept."""
        self._shared.stop.set()
        with self._shared.cond:
            self._shared.cond.notify_all()
        self.join(timeout)

    def reset(self, cfg: RunConfig | None = None) -> None:
        """Stop and forget this run; the next start begins from fresh weights (optionally a new config)."""
        self.stop()
        self.cfg = cfg or self.cfg
        self._shared = _Shared(self._delay, self._abandon_after, self._watched, self._pool)
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, self._shared.stop.set)
        self._thread = None

    def set_lr(self, lr: float) -> None:
        """Applied before the next iteration; a record of kind 'event' marks the change."""
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and 0 < lr <= 100):
            raise ValueError("learning rate must be a number above 0 and at most 100")
        self._set_pending("lr", float(lr))

    def set_momentum(self, momentum: float) -> None:
        if not (isinstance(momentum, (int, float)) and 0 <= momentum < 1):
            raise ValueError("momentum must be a number in [0, 1)")
        self._set_pending("momentum", float(momentum))

    def set_delay(self, seconds: float) -> None:
        """Pause between iterations so tiny models train at a watchable pace."""
        self._delay = max(0.0, float(seconds))
        self._shared.delay = self._delay

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def latest_model(self):
        """A CPU copy of the model as of the last evaluation (None before one), safe to use anywhere."""
        with self._shared.cond:
            weights, in_features = self._shared.model_state, self._shared.in_features
        if weights is None:
            return None
        model = build_model(self.cfg, in_features=in_features)
        model.load_state_dict(weights)
        return model.eval()

    # -- reading ----------------------------------------------------------------------------
    def state(self) -> RunnerState:
        """A consistent snapshot; also tells the thread someone is still watching."""
        shared = self._shared
        with shared.cond:
            shared.last_seen = time.monotonic()
            return RunnerState(shared.status, tuple(shared.records), shared.message, self.cfg.to_dict(),
                               shared.last_eval, shared.step, shared.pool.ahead(shared.ticket))

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- internals --------------------------------------------------------------------------
    def _set_pending(self, name: str, value: float) -> None:
        with self._shared.cond:
            self._shared.pending[name] = value
            self._shared.cond.notify_all()

    def _launch(self, paused: bool) -> None:
        shared, cfg, data = self._shared, self.cfg, self._data
        shared.status = STARTING
        shared.paused = paused
        shared.last_seen = time.monotonic()

        def make_training(control: _Shared) -> Training:
            # One intra-op thread (a per-thread setting). Measured on 2 cores, in a background thread:
            # a diabetes step took ~90 ms with two threads on a busy machine and 0.6 ms with one; the
            # MNIST MLP ran 18-19k samples/s with one and 12-15k with two; the CNN ~4k either way.
            torch.set_num_threads(1)
            return Training(cfg, data=data, control=control)

        self._thread = threading.Thread(target=_run, args=(shared, make_training), daemon=True,
                                        name=f"torchplay-{cfg.task}")
        self._thread.start()
