"""Shared state for class boards: one small interface, two real backends.

SQLite (the default: a file next to the models, WAL mode, so several server processes on one machine share it and
it outlives a restart) and Redis (`TORCHPLAY_STORE=redis://HOST:PORT/DB`: any number of processes on any number of
machines). A class is a meta dict, a set of members (with "running until" times), an append-only list of run
summaries capped at `most`, and a version number that changes with every write, so a board redraws only on change.
Every write pushes the class's expiry to `ttl_s` from now; an expired class reads as unknown. Any failure of the
backend (disk full, server down) is a StoreError.

Saved models live in the same store, in named scopes ("shared", "class:CODE"): a record (a JSON dict with its
"owner" hash) plus the checkpoint's bytes, in Redis itself or in files beside the SQLite database. put_model checks
ownership and the quotas and writes, all in one step.
"""

import json
import os
import secrets
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ADDED, TAKEN, FULL = "added", "taken", "full"  # add_member's answers
STORE_NAME = "classroom"  # the default file: <models dir>/classroom.sqlite3
MODELS_FOLDER = "saved_models"  # an SQLite store keeps checkpoint files in this folder beside its database
ORPHAN_AGE_S = 600  # a checkpoint file no row names, this old, was left by a process that died mid-save
# put_model's and delete_model's answers
SAVED, DELETED, ABSENT, NOT_YOURS = "saved", "deleted", "absent", "not-yours"
OVER_OWNER, OVER_SCOPE, OVER_BYTES = "owner-quota", "scope-quota", "bytes-quota"
CLASS_SCOPE = "class:"  # a class's saved models are the scope "class:CODE"; this server's shared list is "shared"


def class_scope(code: str) -> str:
    return CLASS_SCOPE + code


def class_of_scope(scope: str) -> str | None:
    """The class code of a class's scope; None for the shared list."""
    return scope.removeprefix(CLASS_SCOPE) if scope.startswith(CLASS_SCOPE) else None


@dataclass(frozen=True)
class ModelLimits:
    """put_model's quotas: models per owner in a scope, models per scope (beyond it the least recently used goes
    when `evict`, else the save is refused) and bytes of all saved models together."""

    per_owner: int
    per_scope: int
    evict: bool
    total_bytes: int


class StoreError(RuntimeError):
    """The store cannot be reached or cannot write (the message says which store and why)."""


class Store(ABC):
    """What the classroom needs from a store; `code` names a class."""

    url: str

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
        """Remove the class and everything in it."""

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

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreError when the store cannot be reached."""

    # ------------------------------------------------------------ saved models
    @abstractmethod
    def put_model(self, scope: str, name: str, record: dict, data: bytes, replaces: str | None,
                  limits: ModelLimits) -> tuple[str, list[str]]:
        """Save `data` as model `name` of `scope`, atomically: (answer, names evicted to make room).

        An existing model is replaced only when its "owner" is `replaces` (else NOT_YOURS); OVER_OWNER, OVER_SCOPE,
        OVER_BYTES refuse by `limits` and write nothing. The stored record gains "name", "size" and "saved".
        """

    @abstractmethod
    def model_records(self, scope: str) -> list[dict]:
        """The records of a scope's models, newest first."""

    @abstractmethod
    def model_bytes(self, scope: str, name: str) -> bytes | None:
        """A model's checkpoint bytes (None if there is none), marking it used just now (eviction goes by use)."""

    @abstractmethod
    def delete_model(self, scope: str, name: str, owner: str | None) -> str:
        """DELETED, ABSENT, or NOT_YOURS when `owner` is given and is not the model's owner (None: any owner)."""

    @abstractmethod
    def models_total_bytes(self) -> int:
        """Bytes of every saved model in every scope."""


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


class SqliteStore(Store):
    """Classes in one SQLite file (WAL: readers never wait for a writer; other processes see each commit)."""

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
        self.models_folder = self.path.parent / MODELS_FOLDER
        self._lock = threading.Lock()  # one connection per store, shared by the sessions' threads
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the file consistent; a crash may lose a post
            self._db.executescript(self.SCHEMA)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"class store {self.url} cannot be opened: {error}") from error
        self._sweep_models()

    def _sweep_models(self) -> None:
        """Remove checkpoint files that no row names and that are older than ORPHAN_AGE_S (younger ones may be a
        save in progress in another process)."""
        if not self.models_folder.is_dir():
            return
        named = {file for (file,) in self._do(lambda db: db.execute("SELECT file FROM models").fetchall())}
        oldest = time.time() - ORPHAN_AGE_S
        for path in self.models_folder.iterdir():
            try:
                if path.name not in named and path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                pass  # gone meanwhile, or not ours to remove: the next open tries again

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
    def _live(db, code: str) -> bool:
        row = db.execute("SELECT expires FROM classes WHERE code = ?", (code,)).fetchone()
        return row is not None and row[0] > time.time()

    @staticmethod
    def _touch(db, code: str, ttl_s: float | None) -> None:
        if ttl_s is None:
            db.execute("UPDATE classes SET version = version + 1 WHERE code = ?", (code,))
        else:
            db.execute("UPDATE classes SET version = version + 1, expires = ? WHERE code = ?",
                       (time.time() + ttl_s, code))

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
        self._unlink(gone)
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
        self._unlink(self._do(lambda db: self._purge(db, code), write=True))

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

    def _unlink(self, files: list[str]) -> None:
        for file in files:
            (self.models_folder / file).unlink(missing_ok=True)

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

    def put_model(self, scope, name, record, data, replaces, limits):
        # The bytes go to a temporary file first; inside the transaction that admits the model it is renamed to a
        # fresh name, so a failed or interrupted write leaves neither a file nor a row.
        final = self.models_folder / f"{secrets.token_hex(12)}.pt"
        tmp = final.with_name(final.name + ".tmp")
        try:
            self.models_folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"model store {self.models_folder} cannot write: {error}") from error
        now = time.time()
        stored = {**record, "name": name, "size": len(data), "saved": now}

        def work(db):
            expired = self._purge_expired(db)  # an expired class's models count no more
            rows = db.execute("SELECT name, owner, size, used FROM models WHERE scope = ?", (scope,)).fetchall()
            total = db.execute("SELECT COALESCE(SUM(size), 0) FROM models").fetchone()[0]
            answer, evicted = admit(rows, total, name, record["owner"], len(data), replaces, limits)
            if answer != SAVED:
                return answer, [], expired
            gone = expired + [file for (file,) in db.execute(
                f"SELECT file FROM models WHERE scope = ? AND name IN ({','.join('?' * (len(evicted) + 1))})",
                (scope, name, *evicted)).fetchall()]
            db.executemany("DELETE FROM models WHERE scope = ? AND name = ?", [(scope, n) for n in evicted])
            os.replace(tmp, final)
            db.execute("INSERT OR REPLACE INTO models (scope, name, owner, record, size, file, saved, used) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (scope, name, record["owner"], json.dumps(stored), len(data), final.name, now, now))
            return answer, evicted, gone
        try:
            answer, evicted, gone = self._do(work, write=True)
        except StoreError:
            final.unlink(missing_ok=True)
            raise
        finally:
            tmp.unlink(missing_ok=True)
        self._unlink(gone)  # replaced, evicted or expired checkpoints, once no row names them
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
        try:
            return None if row is None else (self.models_folder / row[0]).read_bytes()
        except FileNotFoundError:  # replaced or deleted between the query and the read
            return None
        except OSError as error:
            raise StoreError(f"model store {self.models_folder} cannot read: {error}") from error

    def delete_model(self, scope, name, owner):
        def work(db):
            row = db.execute("SELECT owner, file FROM models WHERE scope = ? AND name = ?", (scope, name)).fetchone()
            if row is None:
                return ABSENT, None
            if owner is not None and row[0] != owner:
                return NOT_YOURS, None
            db.execute("DELETE FROM models WHERE scope = ? AND name = ?", (scope, name))
            return DELETED, row[1]
        answer, file = self._do(work, write=True)
        self._unlink([file] if file else [])
        return answer

    def models_total_bytes(self):
        return self._do(lambda db: db.execute("SELECT COALESCE(SUM(size), 0) FROM models").fetchone()[0])


def admit(rows, total: int, name: str, owner: str, size: int, replaces: str | None,
          limits: ModelLimits) -> tuple[str, list[str]]:
    """put_model's rule over a scope's rows (name, owner, size, used) and the bytes of all models: (answer, evicted).

    RedisStore.PUT_MODEL is the same rule in Lua.
    """
    old = next((row for row in rows if row[0] == name), None)
    if old is not None and old[1] != replaces:
        return NOT_YOURS, []
    others = sorted((row for row in rows if row[0] != name), key=lambda row: row[3])  # least recently used first
    if sum(row[1] == owner for row in others) >= limits.per_owner:
        return OVER_OWNER, []
    evicted = []
    if len(others) >= limits.per_scope:
        if not limits.evict:
            return OVER_SCOPE, []
        evicted = others[:len(others) - limits.per_scope + 1]
    freed = (old[2] if old else 0) + sum(row[2] for row in evicted)
    if total - freed + size > limits.total_bytes:
        return OVER_BYTES, []
    return SAVED, [row[0] for row in evicted]


class RedisStore(Store):
    """Classes in Redis: keys tp:class:CODE:{meta,members,runs,seq,version}, all expiring together (runs is a sorted
    set scored by the run's number, seq counts them), and tp:class:CODE:live, the broadcast."""

    PARTS = ("meta", "members", "runs", "seq", "version")  # expire together; "live" has its own short expiry

    # Atomic join: the nickname must be new and the class not full.
    ADD_MEMBER = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'taken' end
        if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 'full' end
        redis.call('HSET', KEYS[1], ARGV[1], '0')
        return 'added'
    """
    # Number the run, append it, drop the oldest beyond the cap, report how many went.
    APPEND_RUN = """
        local number = redis.call('INCR', KEYS[2])
        redis.call('ZADD', KEYS[1], number, number .. ':' .. ARGV[1])
        local n = redis.call('ZCARD', KEYS[1])
        local most = tonumber(ARGV[2])
        if n > most then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - most - 1) return n - most end
        return 0
    """

    # The bytes of every saved model: the sizes in each scope's records; scopes whose keys expired leave the set.
    TOTAL_LUA = """
        local function total_bytes(scopes)
            local total = 0
            for _, records in ipairs(redis.call('SMEMBERS', scopes)) do
                local found = redis.call('HVALS', records)
                if #found == 0 then redis.call('SREM', scopes, records) end
                for _, record in ipairs(found) do total = total + cjson.decode(record).size end
            end
            return total
        end
    """
    # core.store.admit in Lua, then the write. KEYS: the scope's records, data, used (hash, hash, zset), the set of
    # scopes, and the class's meta key (its models expire with the class) or "" for the shared list.
    PUT_MODEL = TOTAL_LUA + """
        local name, record, data, replaces = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
        local per_owner, per_scope, most_bytes = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[8])
        local owner, size = cjson.decode(record).owner, string.len(data)
        local freed = 0
        local old = redis.call('HGET', KEYS[1], name)
        if old then
            old = cjson.decode(old)
            if old.owner ~= replaces then return {'not-yours'} end
            freed = old.size
        end
        local all, mine, count, sizes = redis.call('HGETALL', KEYS[1]), 0, 0, {}
        for i = 1, #all, 2 do
            if all[i] ~= name then
                local other = cjson.decode(all[i + 1])
                count = count + 1
                sizes[all[i]] = other.size
                if other.owner == owner then mine = mine + 1 end
            end
        end
        if mine >= per_owner then return {'owner-quota'} end
        local evicted = {}
        if count >= per_scope then
            if ARGV[7] ~= '1' then return {'scope-quota'} end
            for _, other in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
                if #evicted >= count - per_scope + 1 then break end
                if other ~= name then table.insert(evicted, other) freed = freed + sizes[other] end
            end
        end
        if total_bytes(KEYS[4]) - freed + size > most_bytes then return {'bytes-quota'} end
        for _, other in ipairs(evicted) do
            redis.call('HDEL', KEYS[1], other) redis.call('HDEL', KEYS[2], other) redis.call('ZREM', KEYS[3], other)
        end
        redis.call('HSET', KEYS[1], name, record)
        redis.call('HSET', KEYS[2], name, data)
        redis.call('ZADD', KEYS[3], ARGV[9], name)
        redis.call('SADD', KEYS[4], KEYS[1])
        if KEYS[5] ~= '' then
            local ttl = redis.call('PTTL', KEYS[5])
            if ttl > 0 then for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end end
        end
        return {'saved', unpack(evicted)}
    """
    DELETE_MODEL = """
        local record = redis.call('HGET', KEYS[1], ARGV[1])
        if not record then return 'absent' end
        if ARGV[2] ~= '' and cjson.decode(record).owner ~= ARGV[2] then return 'not-yours' end
        redis.call('HDEL', KEYS[1], ARGV[1]) redis.call('HDEL', KEYS[2], ARGV[1]) redis.call('ZREM', KEYS[3], ARGV[1])
        return 'deleted'
    """
    TOTAL_BYTES = TOTAL_LUA + "return total_bytes(KEYS[1])"
    SCOPES = "tp:models:scopes"

    def __init__(self, url: str):
        import redis  # only a Redis store needs the client

        self.url = url
        self._errors = (redis.RedisError, OSError)
        self._db = redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0, decode_responses=True)
        # checkpoint bytes are read without decoding (writes pass bytes through either client)
        self._raw = redis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=2.0)
        self._add_member = self._db.register_script(self.ADD_MEMBER)
        self._append_run = self._db.register_script(self.APPEND_RUN)
        self._put_model = self._db.register_script(self.PUT_MODEL)
        self._delete_model = self._db.register_script(self.DELETE_MODEL)
        self._total_bytes = self._db.register_script(self.TOTAL_BYTES)

    @staticmethod
    def _key(code: str, part: str) -> str:
        return f"tp:class:{code}:{part}"

    def _call(self, work):
        try:
            return work()
        except self._errors as error:
            raise StoreError(f"class store {self.url} failed: {error}") from error

    def _touch(self, pipe, code: str, ttl_s: float | None) -> None:
        """Bump the version; with ttl_s, every key of the class (its saved models too) expires ttl_s from now."""
        pipe.incr(self._key(code, "version"))
        if ttl_s is not None:
            for key in (*(self._key(code, part) for part in self.PARTS), *self._model_keys(class_scope(code))):
                pipe.expire(key, max(1, int(ttl_s)))

    def create(self, code, meta, ttl_s):
        def work():
            if not self._db.set(self._key(code, "meta"), json.dumps(meta), nx=True, ex=max(1, int(ttl_s))):
                return False
            pipe = self._db.pipeline()
            pipe.delete(*(self._key(code, part) for part in (*self.PARTS[1:], "live")),
                        *self._model_keys(class_scope(code)))
            self._touch(pipe, code, ttl_s)
            pipe.execute()
            return True
        return self._call(work)

    def meta(self, code):
        raw = self._call(lambda: self._db.get(self._key(code, "meta")))
        return None if raw is None else json.loads(raw)

    def update_meta(self, code, changes, ttl_s):
        key = self._key(code, "meta")

        def change(pipe):  # redis-py runs this again if someone else changed the meta meanwhile (WATCH)
            raw = pipe.get(key)
            if raw is None:
                return
            pipe.multi()
            pipe.set(key, json.dumps(json.loads(raw) | changes))
            self._touch(pipe, code, ttl_s)
        self._call(lambda: self._db.transaction(change, key))

    def add_member(self, code, nickname, most, ttl_s):
        def work():
            answer = self._add_member(keys=[self._key(code, "members")], args=[nickname, most])
            if answer == ADDED:
                pipe = self._db.pipeline()
                self._touch(pipe, code, ttl_s)
                pipe.execute()
            return answer
        return self._call(work)

    def remove_member(self, code, nickname):
        def work():
            pipe = self._db.pipeline()
            pipe.hdel(self._key(code, "members"), nickname)
            self._touch(pipe, code, None)
            pipe.execute()
        self._call(work)

    def members(self, code):
        raw = self._call(lambda: self._db.hgetall(self._key(code, "members")))
        return {name: float(until) for name, until in raw.items()}

    def set_running(self, code, nickname, until):
        def work():
            key = self._key(code, "members")
            if self._db.hexists(key, nickname):
                pipe = self._db.pipeline()
                pipe.hset(key, nickname, repr(float(until)))
                self._touch(pipe, code, None)
                pipe.execute()
        self._call(work)

    def append_run(self, code, run, most, ttl_s):
        def work():
            dropped = self._append_run(keys=[self._key(code, "runs"), self._key(code, "seq")],
                                       args=[json.dumps(run), most])
            pipe = self._db.pipeline()
            self._touch(pipe, code, ttl_s)
            pipe.execute()
            return int(dropped)
        return self._call(work)

    def runs_after(self, code, after):
        def work():
            pipe = self._db.pipeline()  # MULTI: the count and the runs of one moment
            pipe.zcard(self._key(code, "runs"))
            pipe.zrangebyscore(self._key(code, "runs"), f"({after}", "+inf")
            count, members = pipe.execute()
            return count, [(int(number), json.loads(body)) for number, body in
                           (member.split(":", 1) for member in members)]
        return self._call(work)

    def clear_runs(self, code):
        def work():
            pipe = self._db.pipeline()
            pipe.delete(self._key(code, "runs"))
            self._touch(pipe, code, None)
            pipe.execute()
        self._call(work)

    def delete(self, code):
        self._call(lambda: self._db.delete(*(self._key(code, part) for part in (*self.PARTS, "live")),
                                           *self._model_keys(class_scope(code))))

    def put_live(self, code, body, ttl_s):
        key = self._key(code, "live")
        if body is None:
            self._call(lambda: self._db.delete(key))
        else:
            self._call(lambda: self._db.set(key, json.dumps(body), ex=max(1, int(ttl_s))))

    def live(self, code):
        raw = self._call(lambda: self._db.get(self._key(code, "live")))
        return None if raw is None else json.loads(raw)

    def version(self, code):
        def work():
            meta, version = self._db.mget(self._key(code, "meta"), self._key(code, "version"))
            return int(version or 0) if meta is not None else 0
        return self._call(work)

    def ping(self):
        self._call(self._db.ping)

    @staticmethod
    def _model_keys(scope: str) -> list[str]:
        return [f"tp:models:{scope}:{part}" for part in ("records", "data", "used")]

    def put_model(self, scope, name, record, data, replaces, limits):
        now = time.time()
        stored = json.dumps({**record, "name": name, "size": len(data), "saved": now})

        def work():
            code = class_of_scope(scope)
            meta = self._key(code, "meta") if code is not None else ""
            answer, *evicted = self._put_model(
                keys=[*self._model_keys(scope), self.SCOPES, meta],
                args=[name, stored, bytes(data), replaces or "", limits.per_owner, limits.per_scope,
                      "1" if limits.evict else "0", limits.total_bytes, repr(now)])
            return answer, evicted
        return self._call(work)

    def model_records(self, scope):
        raw = self._call(lambda: self._db.hvals(self._model_keys(scope)[0]))
        return sorted((json.loads(record) for record in raw), key=lambda record: record["saved"], reverse=True)

    def model_bytes(self, scope, name):
        records, data, used = self._model_keys(scope)

        def work():
            found = self._raw.hget(data, name)
            if found is not None:
                self._db.zadd(used, {name: time.time()}, xx=True)
            return found
        return self._call(work)

    def delete_model(self, scope, name, owner):
        return self._call(lambda: self._delete_model(keys=self._model_keys(scope), args=[name, owner or ""]))

    def models_total_bytes(self):
        return int(self._call(lambda: self._total_bytes(keys=[self.SCOPES])))
