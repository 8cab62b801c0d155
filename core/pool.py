"""One bounded pool of training slots for the whole process: at most `size` runs compute at once.

Every session's runs take a slot before they compute and wait in one first-come line otherwise,
so thirty students pressing Start together share the cores instead of fighting over them; a
waiting run can ask how many are ahead of it. The size is the number of cores this process may
use (each run trains with one intra-op thread), or $TORCHPLAY_WORKERS. A run holds its slot through
a PoolTurn: after TURN_S of computing it lets the next in line have a turn, so no learner's run starves.
Work that is not a run (teaching /draw a learner's handwriting, building the default models) is a
BackgroundJob: it waits for a slot and takes turns the same way.
"""

import abc
import ctypes
import functools
import os
import sys
import threading
import time
from collections import deque
from typing import Any, Callable, Hashable

WORKERS_ENV = "TORCHPLAY_WORKERS"
TURN_S = 2.0  # a run computing this long gives its slot to the next in line, if anyone waits
# A training step hands the GIL back with every torch op: beside a thread drawing figures in Python, the
# default 5 ms switch interval made tiny steps wait ~100x longer (measurements: bench/README.md).
SWITCH_INTERVAL_S = 0.0001


@functools.cache
def shorten_switch_interval() -> None:
    """Once per process, as its first training thread starts (not on import); a shorter one set before is kept."""
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))


def start_slot_thread(name: str, target: Callable[[], None]) -> threading.Thread:
    """A daemon thread for work that computes in pool slots, named `name` in the OS too (`top -H`, /proc), with one
    intra-op torch thread: a slot is one core, and one beats two for every model here (bench/README.md)."""

    def body():
        try:
            ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # 15 = PR_SET_NAME; 15 bytes is the limit
        except (OSError, AttributeError):  # not Linux: the Python name is all there is
            pass
        import torch  # here, not at the top: deploy's launcher reads the pool's size without loading torch

        torch.set_num_threads(1)  # per thread
        target()

    shorten_switch_interval()
    thread = threading.Thread(target=body, name=name, daemon=True)
    thread.start()
    return thread


def default_size() -> int:
    """$TORCHPLAY_WORKERS if set, else the cores this process may run on."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{WORKERS_ENV} must be a whole number of at least 1, got {value!r}")
        return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))  # honours taskset/cgroup CPU sets, unlike cpu_count
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


class WorkerPool:
    """`size` slots handed out first come, first served; all methods are thread-safe."""

    def __init__(self, size: int):
        assert size >= 1, f"a pool needs at least one slot, got {size}"
        self.size = size
        self._cond = threading.Condition()
        self._line: deque = deque()  # tickets waiting, first in line on the left
        self._busy: set = set()
        self._urgent: set = set()  # waiting at the front of the line (see acquire's `front`)

    def acquire(self, ticket: Hashable, give_up: Callable[[], bool] = lambda: False, poll_s: float = 0.1,
                front: bool = False) -> bool:
        """Wait in line for a slot; False (and out of the line) once `give_up()` says so.

        `front` jumps the line (after others who did): for a run back from the pause it takes between
        paced steps, whose steps are tiny; runs holding a slot see `urgent` and give way at their next step.
        """
        with self._cond:
            if ticket in self._busy:
                return True
            if ticket not in self._line:
                if front:
                    self._line.insert(len(self._urgent), ticket)
                    self._urgent.add(ticket)
                else:
                    self._line.append(ticket)
        while True:
            with self._cond:
                if self._line[0] == ticket and len(self._busy) < self.size:
                    self._line.popleft()
                    self._urgent.discard(ticket)
                    self._busy.add(ticket)
                    self._cond.notify_all()  # the next in line may fit too
                    return True
                self._cond.wait(poll_s)
            # Asked outside the lock: give_up may be slow (it can ask the web server about a session).
            if give_up():
                self.release(ticket)
                return False

    def release(self, ticket: Hashable) -> None:
        """Give the slot back (or leave the line); harmless when the ticket holds nothing."""
        with self._cond:
            self._busy.discard(ticket)
            self._urgent.discard(ticket)
            if ticket in self._line:
                self._line.remove(ticket)
            self._cond.notify_all()

    def ahead(self, ticket: Hashable) -> int | None:
        """How many runs are in line before this one; None when it is not waiting."""
        with self._cond:
            try:
                return self._line.index(ticket)
            except ValueError:
                return None

    def holds(self, ticket: Hashable) -> bool:
        with self._cond:
            return ticket in self._busy

    @property
    def busy(self) -> int:
        with self._cond:
            return len(self._busy)

    @property
    def urgent(self) -> bool:
        """A run waits at the front of the line (a paced run between steps): holders give way soon."""
        with self._cond:
            return bool(self._urgent)

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._line)


class PoolTurn:
    """One run's turns at a pool slot: it waits in line, and hands the slot on when others wait.

    Not thread-safe on its own: only the run's training thread takes and gives back its turns.
    """

    def __init__(self, pool: WorkerPool):
        self.pool = pool
        self.ticket = object()  # this run's place in the pool's line
        self.started: float | None = None  # when this run last got a slot; None while it has none
        self.paced_out = False  # gave the slot back only to sleep between paced steps

    def take(self, give_up: Callable[[], bool]) -> bool:
        """Hold a slot for the next step, waiting in line if needed; False once `give_up()` says so."""
        now = time.monotonic()
        if self.started is not None:
            if not self.pool.waiting or (now - self.started < TURN_S and not self.pool.urgent):
                return True
            self.give_back()  # others wait: back of the line, so every run keeps moving
        # A paced run gave its slot away only to sleep between tiny steps: it goes first, or it would
        # wait a whole round of the line for every step (its compute is a few ms a second).
        if not self.pool.acquire(self.ticket, give_up=give_up, front=self.paced_out):
            return False
        self.started = time.monotonic()
        self.paced_out = False
        return True

    def pace(self) -> None:
        """About to sleep between paced steps: pacing a tiny model is no work, so a waiting run computes meanwhile."""
        if self.pool.waiting:
            self.give_back()
            self.paced_out = True

    def give_back(self) -> None:
        if self.started is not None:
            self.pool.release(self.ticket)
            self.started = None

    def leave(self) -> None:
        """The run has ended: out of the line, slot given back."""
        self.pool.release(self.ticket)
        self.started = None

    def ahead(self) -> int | None:
        return self.pool.ahead(self.ticket)


class BackgroundJob(abc.ABC):
    """Work that is not a run, in a daemon thread that computes only while holding a pool slot, as a run does.

    It waits in line for a slot and, at each progress(fraction, note) it reports, lets the next in line have a turn
    once it has computed for TURN_S. `fraction` and `note` say how far it got (`waiting` until it has a slot);
    `result` or `error` how it ended. A subclass says what the work is (`work`).
    """

    def __init__(self, name: str, waiting: Any, pool: WorkerPool | None = None):
        self.name, self.waiting = name, waiting
        self._pool = pool
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.fraction, self.note, self.result, self.error = 0.0, waiting, None, None

    @abc.abstractmethod
    def work(self, progress: Callable[[float, Any], None]) -> Any:
        """The job; reports progress(fraction done, note) as it goes and returns its result."""

    def start(self) -> None:
        """Start it; nothing while it waits or runs or once it has succeeded, a fresh try after an error."""
        with self._lock:
            if self._thread is not None and (self._thread.is_alive() or self.error is None):
                return
            self.fraction, self.note, self.result, self.error = 0.0, self.waiting, None, None
            self._thread = start_slot_thread(self.name, self._run)

    def _run(self) -> None:
        turn = PoolTurn(self._pool or shared_pool())

        def progress(fraction, note):
            self.fraction, self.note = fraction, note
            turn.take(give_up=lambda: False)  # after TURN_S, and when others wait: their turn, then on

        try:
            turn.take(give_up=lambda: False)
            self.result = self.work(progress)
        except Exception as error:  # shown to the learner, who can try again
            self.error = f"{type(error).__name__}: {error}"
        finally:
            turn.leave()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether it has finished within `timeout` seconds."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running


_shared: WorkerPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process-wide pool every session's runs share (created on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = WorkerPool(default_size())
        return _shared
