"""Checkpoint bytes as files in one folder, for a store whose database keeps only their names (SQLite).

A save writes a temporary file first and renames it to a fresh random name inside the transaction that admits the
model, so a failed or interrupted write leaves neither a file nor a row; files no row names are removed later.
"""

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.store.base import StoreError

ORPHAN_AGE_S = 600  # a checkpoint file no row names, this old, was left by a process that died mid-save


class Staged:
    """A checkpoint written to a temporary file; `commit` gives it its final `name`."""

    def __init__(self, tmp: Path, final: Path):
        self.tmp, self.final, self.name = tmp, final, final.name

    def commit(self) -> None:
        os.replace(self.tmp, self.final)


class CheckpointFiles:
    """The folder of checkpoint files; every OSError becomes a StoreError that names the folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @contextmanager
    def staged(self, data: bytes) -> Iterator[Staged]:
        """Write `data` to a temporary file (synced); the caller commits it inside its transaction. On leaving, the
        temporary file is gone, and so is the final one when the block raised (its row was rolled back)."""
        final = self.folder / f"{secrets.token_hex(12)}.pt"
        staged = Staged(final.with_name(final.name + ".tmp"), final)
        try:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                with open(staged.tmp, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError as error:
                raise StoreError(f"model store {self.folder} cannot write: {error}") from error
            try:
                yield staged
            except BaseException:
                final.unlink(missing_ok=True)
                raise
        finally:
            staged.tmp.unlink(missing_ok=True)

    def read(self, name: str) -> bytes | None:
        """A file's bytes, or None when it has gone (replaced or deleted since its row was read)."""
        try:
            return (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"model store {self.folder} cannot read: {error}") from error

    def unlink(self, names: list[str]) -> None:
        """Remove files no row names any more (replaced, evicted, deleted, or of an expired class)."""
        for name in names:
            (self.folder / name).unlink(missing_ok=True)

    def sweep(self, named: set[str]) -> None:
        """Remove files that no row names and that are older than ORPHAN_AGE_S (younger ones may be a save in
        progress in another process)."""
        if not self.folder.is_dir():
            return
        oldest = time.time() - ORPHAN_AGE_S
        for path in self.folder.iterdir():
            try:
                if path.name not in named and path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                pass  # gone meanwhile, or not ours to remove: the next open tries again
