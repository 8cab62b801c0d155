"""A session's recent runs per training panel, so runs with different settings can be compared.

Pure bookkeeping (no torch, no UI): the panel hands in its runner's state on every redraw, `observe`
recognises the run by its first record and keeps a compact copy of its metric records. The newest
KEEP runs of a panel stay, plus every pinned one; nothing else is forgotten unless `clear` is called.
"""

from dataclasses import dataclass, field

KEEP = 5
METRIC_KEYS = ("kind", "epoch", "step", "time", "train/loss", "train/acc", "test/loss", "test/acc", "reason",
               "stopped_early", "best_epoch")
FINAL_KEYS = ("train/loss", "train/acc", "test/loss", "test/acc")


@dataclass(eq=False)
class Run:
    """One run as the comparison sees it: its config, compact eval/end records and how it ended so far."""

    number: int  # 1, 2, ... in the order the panel's runs started
    config: dict
    status: str
    records: list[dict] = field(default_factory=list)
    pinned: bool = False
    token: object = field(default=None, repr=False)  # the run's first record: identifies it across redraws
    seen: int = 0  # how many of the run's records have been copied
    last_time: float = 0.0  # the newest record's compute seconds

    @property
    def final(self) -> dict:
        """The last evaluation's loss/accuracy values (empty before the first epoch ends)."""
        for record in reversed(self.records):
            if record["kind"] == "eval":
                return {k: record[k] for k in FINAL_KEYS if k in record}
        return {}

    @property
    def training_time(self) -> float:
        """Seconds spent in training steps so far (pauses excluded), as the records count them."""
        return self.last_time

    @property
    def epochs_done(self) -> int:
        evals = [r["epoch"] for r in self.records if r["kind"] == "eval"]
        return evals[-1] if evals else 0


class RunHistory:
    """Runs per panel (slot), newest last; at most `keep` unpinned runs per panel are kept."""

    def __init__(self, keep: int = KEEP):
        assert keep >= 1, "keep at least the current run"
        self.keep = keep
        self._runs: dict[str, list[Run]] = {}
        self._counter: dict[str, int] = {}

    def observe(self, slot: str, status: str, config: dict, records) -> Run | None:
        """Note a runner's state; returns its Run (None while it has no records yet)."""
        if not records:
            return None
        runs = self._runs.setdefault(slot, [])
        token = records[0]
        run = next((r for r in runs if r.token is token), None)
        if run is None:
            self._counter[slot] = self._counter.get(slot, 0) + 1
            run = Run(number=self._counter[slot], config=dict(config), status=status, token=token)
            runs.append(run)
            self._prune(slot)
        run.status, run.config = status, dict(config)  # the learning rate may change while it runs
        # Records are only ever appended, so copying the new ones keeps a redraw cheap. Only evaluations and the
        # end are kept: a run logging every iteration would otherwise hold ~100k records per kept run.
        new = records[run.seen:]
        run.records.extend({k: r[k] for k in METRIC_KEYS if k in r} for r in new if r["kind"] in ("eval", "end"))
        if new:
            run.last_time = max(run.last_time, max(r.get("time", 0.0) for r in new))
        run.seen = len(records)
        return run

    def runs(self, slot: str) -> list[Run]:
        """The kept runs of a panel, oldest first."""
        return list(self._runs.get(slot, []))

    def pinned(self, slot: str) -> list[Run]:
        return [run for run in self._runs.get(slot, []) if run.pinned]

    def find(self, slot: str, number: int) -> Run | None:
        return next((run for run in self._runs.get(slot, []) if run.number == number), None)

    def pin(self, slot: str, number: int, pinned: bool = True) -> None:
        """Pin (or unpin) a kept run; pinned runs are never dropped to make room."""
        run = self.find(slot, number)
        if run is None:
            raise ValueError(f"run #{number} is no longer kept")
        run.pinned = pinned
        self._prune(slot)

    def unpin_all(self, slot: str) -> None:
        for run in self._runs.get(slot, []):
            run.pinned = False
        self._prune(slot)

    def clear(self, slot: str, keep_number: int | None = None) -> None:
        """Forget a panel's runs, pinned ones included, except run `keep_number` (the current one), unpinned."""
        self._runs[slot] = [run for run in self._runs.get(slot, []) if run.number == keep_number]
        for run in self._runs[slot]:
            run.pinned = False

    def _prune(self, slot: str) -> None:
        runs = self._runs[slot]
        unpinned = [run for run in runs if not run.pinned]
        dropped = {id(run) for run in unpinned[:-self.keep]}
        self._runs[slot] = [run for run in runs if id(run) not in dropped]


def differing_settings(configs: list[dict]) -> list[str]:
    """Config fields whose values are not the same in all `configs`, in config order."""
    if len(configs) < 2:
        return []
    return [name for name in configs[0] if any(config.get(name) != configs[0][name] for config in configs[1:])]
