"""Building the default models in a background thread, for a page to show the progress of."""

import threading
from pathlib import Path

from core.defaults.notes import Note
from core.defaults.store import ensure
from core.pool import shorten_switch_interval


class BackgroundBuild:
    """ensure() in a daemon thread for a UI: start() is idempotent; fraction, message and error report on it."""

    def __init__(self, directory: Path | None = None, budget: bool | None = None):
        self.directory, self.budget = directory, budget
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.fraction, self.message, self.error = 0.0, Note("waiting", "waiting to start"), None

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and (self._thread.is_alive() or self.error is None):
                return
            self.fraction, self.message, self.error = 0.0, Note("starting", "starting"), None
            shorten_switch_interval()
            self._thread = threading.Thread(target=self._run, name="default-models", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        def progress(fraction, message):
            self.fraction, self.message = fraction, message

        try:
            ensure(self.directory, self.budget, progress=progress)
        except Exception as error:  # shown to the learner; a retry starts a fresh thread
            self.error = f"{type(error).__name__}: {error}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
