"""The board store: what a class board needs from shared state.

A class is a meta dict, a set of members (with "running until" times), an append-only list of run summaries capped
at `most`, and a version number that changes with every write, so a board redraws only on change. Every write
pushes the class's expiry to `ttl_s` from now; an expired class reads as unknown. `code` names a class.
"""

from abc import ABC, abstractmethod

ADDED, TAKEN, FULL = "added", "taken", "full"  # add_member's answers


class BoardStore(ABC):
    """Class boards: meta, members, runs, the live broadcast and a version per class."""

    @abstractmethod
    def create(self, code: str, meta: dict, ttl_s: float) -> bool:
        """Make a class; False if a live class already has this code."""

    @abstractmethod
    def meta(self, code: str) -> dict | None:
        """The class's meta dict, or None when it is unknown or expired."""

    @abstractmethod
    def update_meta(self, code: str, changes: dict, ttl_s: float) -> None:
        """Merge `changes` into the meta dict (a no-op for an unknown class)."""

    @abstractmethod
    def add_member(self, code: str, nickname: str, most: int, ttl_s: float) -> str:
        """ADDED, TAKEN (someone has this nickname) or FULL (`most` members already), atomically."""

    @abstractmethod
    def remove_member(self, code: str, nickname: str) -> None:
        """Forget a member (their runs stay on the board)."""

    @abstractmethod
    def members(self, code: str) -> dict[str, float]:
        """nickname -> running-until time (0 when not running)."""

    @abstractmethod
    def set_running(self, code: str, nickname: str, until: float) -> None:
        """Mark a member as running until `until` (a time.time(); 0 = not running)."""

    @abstractmethod
    def append_run(self, code: str, run: dict, most: int, ttl_s: float) -> int:
        """Add a run summary, dropping the oldest beyond `most`; returns how many were dropped now."""

    @abstractmethod
    def runs_after(self, code: str, after: int) -> tuple[int, list[tuple[int, dict]]]:
        """(how many runs the class holds, [(number, run) for each run numbered above `after`, oldest first]).

        Runs are numbered 1, 2, ... as they are appended, so a board holding runs up to number n reads only the new
        ones; when the count does not match what it holds plus the new ones, runs were dropped or cleared.
        """

    def runs(self, code: str) -> list[dict]:
        """Run summaries, oldest first."""
        return [run for _, run in self.runs_after(code, 0)[1]]

    @abstractmethod
    def clear_runs(self, code: str) -> None:
        """Empty the board (members stay)."""

    @abstractmethod
    def delete(self, code: str) -> None:
        """Remove the class and everything in it (its saved models too)."""

    @abstractmethod
    def put_live(self, code: str, body: dict | None, ttl_s: float) -> None:
        """Set (or with None, remove) the class's live broadcast; it lasts `ttl_s` unless set again. The version
        does not change: a board polls the broadcast on its own."""

    @abstractmethod
    def live(self, code: str) -> dict | None:
        """The class's live broadcast, or None."""

    @abstractmethod
    def version(self, code: str) -> int:
        """A number that changes with every write to the class (0 for an unknown one)."""
