"""Shared state: class boards and saved models, two small interfaces (boards.py, model_store.py) with two real
backends (sqlite.py, redis.py), chosen by address.

SQLite (the default: a file next to the models) serves the processes of one machine; Redis
(`TORCHPLAY_STORE=redis://HOST:PORT/DB`) any number of processes on any number of machines. One backend object
serves both interfaces, so a class's saved models go when the class is deleted or expires. Any failure of the
backend (disk full, server down) is a StoreError.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from core.store.base import Store, StoreError
from core.store.boards import ADDED, FULL, TAKEN, BoardStore
from core.store.checkpoint_files import ORPHAN_AGE_S
from core.store.model_store import (ABSENT, CLASS_SCOPE, DELETED, NOT_YOURS, OVER_BYTES, OVER_OWNER, OVER_SCOPE,
                                    SAVED, ModelLimits, ModelStore, Stored, admit, class_of_scope, class_scope,
                                    delete_answer)
from core.store.redis import RedisStore
from core.store.sqlite import MODELS_FOLDER, SqliteStore

STORE_NAME = "classroom"  # the default file: <models dir>/classroom.sqlite3

__all__ = ["ABSENT", "ADDED", "CLASS_SCOPE", "DELETED", "FULL", "MODELS_FOLDER", "NOT_YOURS", "ORPHAN_AGE_S",
           "OVER_BYTES", "OVER_OWNER", "OVER_SCOPE", "SAVED", "STORE_NAME", "TAKEN", "BoardStore", "ModelLimits",
           "ModelStore", "RedisStore", "SqliteStore", "Store", "StoreError", "Stored", "admit", "class_of_scope",
           "class_scope", "default_url", "delete_answer", "open_store"]


def default_url() -> str:
    """$TORCHPLAY_STORE, else an SQLite file next to the models (core.checkpoints.models_dir())."""
    url = os.environ.get("TORCHPLAY_STORE", "").strip()
    if url:
        return url
    from core.checkpoints import models_dir
    return f"sqlite:///{models_dir() / f'{STORE_NAME}.sqlite3'}"


def open_store(url: str | None = None) -> Store:
    """The store at `url` (sqlite:///PATH or redis://HOST:PORT/DB); a bad address is a ValueError."""
    url = url or default_url()
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = url.removeprefix("sqlite://")
        if not path or path == "/":
            raise ValueError(f"TORCHPLAY_STORE {url!r} names no file: use sqlite:///path/to/{STORE_NAME}.sqlite3")
        return SqliteStore(Path(path))
    if scheme in ("redis", "rediss", "unix"):
        return RedisStore(url)
    raise ValueError(f"TORCHPLAY_STORE {url!r} is neither sqlite:///PATH nor redis://HOST:PORT/DB")
