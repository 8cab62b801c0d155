"""The SQLite store (the default): classes and saved models' rows in one file, checkpoints in files beside it.

WAL mode, so several server processes on one machine share the file (readers never wait for a writer; other
processes see each commit) and it outlives a restart.
"""

import json
import sqlite3
import threading
import time
from pathlib import Path

from core.store.base import Store, StoreError
from core.store.boards import ADDED, FULL, TAKEN
from core.store.checkpoint_files import CheckpointFiles
from core.store.model_store import CLASS_SCOPE, DELETED, SAVED, Stored, admit, class_scope, delete_answer

MODELS_FOLDER = "saved_models"  # the checkpoint files' folder, beside the database


class SqliteStore(Store):
    """Classes and saved models in one SQLite file; every call is one transaction on one shared connection."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS classes (code TEXT PRIMARY KEY, meta TEXT NOT NULL, expires REAL NOT NULL,
                                            version INTEGER NOT NULL DEFAULT 1);
        CREATE TABLE IF NOT EXISTS members (code TEXT NOT NULL, nickname TEXT NOT NULL,
                                            running_until REAL NOT NULL DEFAULT 0, PRIMARY KEY (code, nickname));
        CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS runs_by_class ON runs (code, id);
        CREATE TABLE IF NOT EXISTS live (code TEXT PRIMARY KEY, body TEXT NOT NULL, expires REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS models (scope TEXT NOT NULL, name TEXT NOT NULL, owner TEXT NOT NULL,
                                           record TEXT NOT NULL, size INTEGER NOT NULL, file TEXT NOT NULL,
                                           saved REAL NOT NULL, used REAL NOT NULL, PRIMARY KEY (scope, name));
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self.files = CheckpointFiles(self.path.parent / MODELS_FOLDER)
        self.models_folder = self.files.folder
        self._lock = threading.Lock()  # one connection per store, shared by the sessions' threads
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the file consistent; a crash may lose a post
            self._db.executescript(self.SCHEMA)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"class store {self.url} cannot be opened: {error}") from error
        if self.files.folder.is_dir():
            named = self._do(lambda db: db.execute("SELECT file FROM models").fetchall())
            self.files.sweep({file for (file,) in named})

    def _do(self, work, write: bool = False):
        """Run work(db) in one transaction (BEGIN IMMEDIATE for writes), StoreError on any failure."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    result = work(self._db)
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
                return result
            except (sqlite3.Error, OSError) as error:
                raise StoreError(f"class store {self.url} failed: {error}") from error

    @staticmethod
    def _touch(db, code: str, ttl_s: float | None) -> None:
        if ttl_s is None:
            db.execute("UPDATE classes SET version = version + 1 WHERE code = ?", (code,))
        else:
            db.execute("UPDATE classes SET version = version + 1, expires = ? WHERE code = ?",
                       (time.time() + ttl_s, code))

    # ------------------------------------------------------------ class boards
    def create(self, code, meta, ttl_s):
        gone = []

        def work(db):
            now = time.time()
            gone.extend(self._purge_expired(db))  # expired classes go when a new one is made
            if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone():
                return False
            db.execute("INSERT INTO classes (code, meta, expires) VALUES (?, ?, ?)",
                       (code, json.dumps(meta), now + ttl_s))
            return True
        made = self._do(work, write=True)
        self.files.unlink(gone)
        return made

    def meta(self, code):
        def work(db):
            row = db.execute("SELECT meta, expires FROM classes WHERE code = ?", (code,)).fetchone()
            return json.loads(row[0]) if row and row[1] > time.time() else None
        return self._do(work)

    def update_meta(self, code, changes, ttl_s):
        def work(db):
            row = db.execute("SELECT meta FROM classes WHERE code = ?", (code,)).fetchone()
            if row is None:
                return
            db.execute("UPDATE classes SET meta = ? WHERE code = ?", (json.dumps(json.loads(row[0]) | changes), code))
            self._touch(db, code, ttl_s)
        self._do(work, write=True)

    def add_member(self, code, nickname, most, ttl_s):
        def work(db):
            if db.execute("SELECT 1 FROM members WHERE code = ? AND nickname = ?", (code, nickname)).fetchone():
                return TAKEN
            if db.execute("SELECT COUNT(*) FROM members WHERE code = ?", (code,)).fetchone()[0] >= most:
                return FULL
            db.execute("INSERT INTO members (code, nickname) VALUES (?, ?)", (code, nickname))
            self._touch(db, code, ttl_s)
            return ADDED
        return self._do(work, write=True)

    def remove_member(self, code, nickname):
        def work(db):
            db.execute("DELETE FROM members WHERE code = ? AND nickname = ?", (code, nickname))
            self._touch(db, code, None)
        self._do(work, write=True)

    def members(self, code):
        return self._do(lambda db: dict(db.execute(
            "SELECT nickname, running_until FROM members WHERE code = ?", (code,)).fetchall()))

    def set_running(self, code, nickname, until):
        def work(db):
            db.execute("UPDATE members SET running_until = ? WHERE code = ? AND nickname = ?", (until, code, nickname))
            self._touch(db, code, None)
        self._do(work, write=True)

    def append_run(self, code, run, most, ttl_s):
        body = json.dumps(run)

        def work(db):
            db.execute("INSERT INTO runs (code, body) VALUES (?, ?)", (code, body))
            count = db.execute("SELECT COUNT(*) FROM runs WHERE code = ?", (code,)).fetchone()[0]
            dropped = max(0, count - most)
            if dropped:
                db.execute("DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE code = ? ORDER BY id LIMIT ?)",
                           (code, dropped))
            self._touch(db, code, ttl_s)
            return dropped
        return self._do(work, write=True)

    def runs_after(self, code, after):
        def work(db):
            count = db.execute("SELECT COUNT(*) FROM runs WHERE code = ?", (code,)).fetchone()[0]
            rows = db.execute("SELECT id, body FROM runs WHERE code = ? AND id > ? ORDER BY id", (code, after))
            return count, [(number, json.loads(body)) for number, body in rows.fetchall()]
        return self._do(work)

    def clear_runs(self, code):
        def work(db):
            db.execute("DELETE FROM runs WHERE code = ?", (code,))
            self._touch(db, code, None)
        self._do(work, write=True)

    def delete(self, code):
        self.files.unlink(self._do(lambda db: self._purge(db, code), write=True))

    @staticmethod
    def _purge(db, code: str) -> list[str]:
        """Remove a class and its saved models' rows; returns their files, to unlink once committed."""
        for table in ("runs", "members", "live", "classes"):
            db.execute(f"DELETE FROM {table} WHERE code = ?", (code,))
        scope = class_scope(code)
        files = [file for (file,) in db.execute("SELECT file FROM models WHERE scope = ?", (scope,)).fetchall()]
        db.execute("DELETE FROM models WHERE scope = ?", (scope,))
        return files

    def _purge_expired(self, db) -> list[str]:
        """Remove expired classes, and the models of any class that is not live; returns their files."""
        now = time.time()
        expired = db.execute("SELECT code FROM classes WHERE expires <= ?", (now,)).fetchall()
        files = [file for (old,) in expired for file in self._purge(db, old)]
        orphans = (f"scope LIKE '{CLASS_SCOPE}%' AND substr(scope, {len(CLASS_SCOPE) + 1}) "
                   "NOT IN (SELECT code FROM classes WHERE expires > ?)")
        files += [file for (file,) in db.execute(f"SELECT file FROM models WHERE {orphans}", (now,)).fetchall()]
        db.execute(f"DELETE FROM models WHERE {orphans}", (now,))
        return files

    def put_live(self, code, body, ttl_s):
        def work(db):
            if body is None:
                db.execute("DELETE FROM live WHERE code = ?", (code,))
            else:
                db.execute("INSERT OR REPLACE INTO live (code, body, expires) VALUES (?, ?, ?)",
                           (code, json.dumps(body), time.time() + ttl_s))
        self._do(work, write=True)

    def live(self, code):
        def work(db):
            row = db.execute("SELECT body, expires FROM live WHERE code = ?", (code,)).fetchone()
            return json.loads(row[0]) if row and row[1] > time.time() else None
        return self._do(work)

    def version(self, code):
        def work(db):
            row = db.execute("SELECT version, expires FROM classes WHERE code = ?", (code,)).fetchone()
            return row[0] if row and row[1] > time.time() else 0
        return self._do(work)

    def ping(self):
        self._do(lambda db: db.execute("SELECT 1").fetchone())

    # ------------------------------------------------------------ saved models
    def put_model(self, scope, name, record, data, replaces, limits):
        now = time.time()
        stored = {**record, "name": name, "size": len(data), "saved": now}

        def work(db, staged):
            expired = self._purge_expired(db)  # an expired class's models count no more
            rows = db.execute("SELECT name, owner, size, used FROM models WHERE scope = ?", (scope,)).fetchall()
            total = db.execute("SELECT COALESCE(SUM(size), 0) FROM models").fetchone()[0]
            answer, evicted = admit([Stored(*row) for row in rows], total, name, record["owner"], len(data),
                                    replaces, limits)
            if answer != SAVED:
                return answer, [], expired
            gone = expired + [file for (file,) in db.execute(
                f"SELECT file FROM models WHERE scope = ? AND name IN ({','.join('?' * (len(evicted) + 1))})",
                (scope, name, *evicted)).fetchall()]
            db.executemany("DELETE FROM models WHERE scope = ? AND name = ?", [(scope, n) for n in evicted])
            staged.commit()
            db.execute("INSERT OR REPLACE INTO models (scope, name, owner, record, size, file, saved, used) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (scope, name, record["owner"], json.dumps(stored), len(data), staged.name, now, now))
            return answer, evicted, gone
        with self.files.staged(data) as staged:
            answer, evicted, gone = self._do(lambda db: work(db, staged), write=True)
        self.files.unlink(gone)  # replaced, evicted or expired checkpoints, once no row names them
        return answer, evicted

    def model_records(self, scope):
        rows = self._do(lambda db: db.execute("SELECT record FROM models WHERE scope = ? ORDER BY saved DESC",
                                              (scope,)).fetchall())
        return [json.loads(record) for (record,) in rows]

    def model_bytes(self, scope, name):
        def work(db):
            row = db.execute("SELECT file FROM models WHERE scope = ? AND name = ?", (scope, name)).fetchone()
            if row is not None:
                db.execute("UPDATE models SET used = ? WHERE scope = ? AND name = ?", (time.time(), scope, name))
            return row
        row = self._do(work, write=True)
        return None if row is None else self.files.read(row[0])

    def delete_model(self, scope, name, owner):
        def work(db):
            row = db.execute("SELECT owner, file FROM models WHERE scope = ? AND name = ?", (scope, name)).fetchone()
            answer = delete_answer(row[0] if row else None, owner)
            if answer == DELETED:
                db.execute("DELETE FROM models WHERE scope = ? AND name = ?", (scope, name))
            return answer, [row[1]] if answer == DELETED else []
        answer, files = self._do(work, write=True)
        self.files.unlink(files)
        return answer

    def models_total_bytes(self):
        return self._do(lambda db: db.execute("SELECT COALESCE(SUM(size), 0) FROM models").fetchone()[0])
