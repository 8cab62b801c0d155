"""Building the default models as a background job (core.pool), for a page to show the progress of."""

from pathlib import Path

from core.defaults.notes import Note
from core.defaults.store import ensure
from core.pool import BackgroundJob, WorkerPool


class BackgroundBuild(BackgroundJob):
    """ensure() in a pool slot like a run: start() is idempotent; fraction, message and error report on it."""

    def __init__(self, directory: Path | None = None, budget: bool | None = None, pool: WorkerPool | None = None):
        super().__init__("default-models", Note("waiting", "waiting to start"), pool)
        self.directory, self.budget = directory, budget

    def work(self, progress) -> None:
        progress(0.0, Note("starting", "starting"))
        ensure(self.directory, self.budget, progress=progress)

    @property
    def message(self) -> Note:
        return self.note
