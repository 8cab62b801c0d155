"""Several Runners driven as one group: started, paused, stepped, stopped and reset together.

Two ways to keep them in step: `together` (chapter 6's logistic run and its linear twin: the runs
after the first follow the first one's state) or `in_turn` (chapter 8's race: one run after another,
in their order, so each has the CPU to itself and the time axis compares the runs, not how threads
share cores). Not thread-safe: one UI session drives a group.
"""

from typing import Mapping

from core.config import RunConfig
from core.runner import DONE, FINISHED, IDLE, PAUSED, RUNNING, STARTING, Runner, RunnerState

COMMANDS = ("reset", "start", "step", "pause", "stop")  # what mirror() passes on, in this order of precedence
BUSY = (STARTING, RUNNING, PAUSED)
FINISH_WAIT_S = 2.0  # a follower a step or two behind a finished lead gets this long to finish its epochs


class RunGroup:
    """Runs keyed by name; the first is the lead. `in_turn` runs them one after another."""

    def __init__(self, runners: Mapping[str, Runner], in_turn: bool = False):
        assert runners, "a group needs at least one run"
        self.runners = dict(runners)
        self.in_turn = in_turn
        self.queued = False  # in turn: runs still wait for theirs

    @property
    def lead(self) -> Runner:
        return next(iter(self.runners.values()))

    def states(self) -> dict[str, RunnerState]:
        return {name: runner.state() for name, runner in self.runners.items()}

    @property
    def busy(self) -> bool:
        """A run trains or is paused, or (in turn) one still waits for its turn."""
        return self.queued or any(state.status in BUSY for state in self.states().values())

    # -- commands to every run --------------------------------------------------------------
    def start(self, configs: Mapping[str, RunConfig] | None = None) -> None:
        """Together: start (or resume) every run. In turn: fresh weights for all, then the first starts."""
        if not self.in_turn:
            for runner in self.runners.values():
                runner.start()
            return
        self.reset(configs)
        self.queued = True
        self.keep_in_step()

    def pause(self) -> None:
        for runner in self.runners.values():
            runner.pause()

    def step(self) -> None:
        """One iteration of every run (in turn: of the run whose turn it is)."""
        if not self.in_turn:
            for runner in self.runners.values():
                runner.step()
            return
        for runner in self.runners.values():
            if runner.state().status not in DONE:
                runner.step()
                return

    def stop(self, timeout: float = 2.0) -> None:
        """Stop every run (and the line of those waiting for their turn); records are kept."""
        self.queued = False
        for runner in self.runners.values():
            runner.stop(timeout=timeout)

    def reset(self, configs: Mapping[str, RunConfig] | None = None) -> None:
        """Forget every run; each takes its config from `configs` when given."""
        self.queued = False
        for name, runner in self.runners.items():
            runner.reset((configs or {}).get(name))

    # -- keeping in step --------------------------------------------------------------------
    def mirror(self, command: str | None, configs: Mapping[str, RunConfig] | None = None) -> None:
        """The lead just took `command` through its own controls: the other runs do the same."""
        if command is None:
            return
        assert command in COMMANDS, f"unknown command {command!r}"
        for name, runner in self._followers():
            if command == "reset":
                runner.reset((configs or {}).get(name))
            else:
                getattr(runner, command)()

    def keep_in_step(self, configs: Mapping[str, RunConfig] | None = None) -> None:
        """Call on every poll. In turn: start the next run once the one before it has ended.
        Together: the other runs catch up with the lead (switched on mid-run, the lead ended, ...)."""
        if self.in_turn:
            self._next_in_turn()
            return
        lead = self.lead.state()
        for name, runner in self._followers():
            own = runner.state()
            if lead.status == IDLE and own.status != IDLE:
                runner.reset((configs or {}).get(name))
            elif lead.status == RUNNING and own.status in (IDLE, PAUSED):
                runner.start()
            elif lead.status == PAUSED and own.active:
                runner.pause()
            elif lead.status == FINISHED and own.active:
                runner.join(FINISH_WAIT_S)  # a step or two behind: let it finish its epochs
            elif lead.status in DONE and own.active:
                runner.stop()

    def _followers(self) -> list[tuple[str, Runner]]:
        return list(self.runners.items())[1:]

    def _next_in_turn(self) -> None:
        if not self.queued:
            return
        statuses = [runner.state().status for runner in self.runners.values()]
        if any(status in BUSY for status in statuses):
            return
        waiting = [runner for runner, status in zip(self.runners.values(), statuses) if status == IDLE]
        if waiting:
            waiting[0].start()
        else:
            self.queued = False
