"""The Redis store (`TORCHPLAY_STORE=redis://HOST:PORT/DB`): any number of processes on any number of machines.

Keys: tp:class:CODE:{meta,members,runs,seq,version}, all expiring together (runs is a sorted set scored by the run's
number, seq counts them), tp:class:CODE:live (the broadcast, with its own short expiry), and per model scope
tp:models:SCOPE:{records,data,used} (hashes of record and bytes by name, and a sorted set of last use), listed in the
set tp:models:scopes. A class's model keys expire with the class.

Saving and deleting a model apply model_store's Python rule (`admit`, `delete_answer`) inside redis-py's
`transaction()`: WATCH what the rule reads (every scope's records, for the bytes of all models), read, decide, then
MULTI/EXEC the writes; a concurrent write to a watched key fails the EXEC and the attempt runs again. So the rule is
not written a second time in Lua, and the quota case table checks one rule on both backends.
"""

import json
import time

from core.store.base import Store, StoreError
from core.store.boards import ADDED
from core.store.model_store import DELETED, SAVED, Stored, admit, class_of_scope, class_scope, delete_answer


class RedisStore(Store):
    """Classes and saved models in Redis."""

    PARTS = ("meta", "members", "runs", "seq", "version")  # expire together; "live" has its own short expiry
    SCOPES = "tp:models:scopes"  # the records keys of every scope that has held a model

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

    def __init__(self, url: str):
        import redis  # only a Redis store needs the client

        self.url = url
        self._errors = (redis.RedisError, OSError)
        self._db = redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0, decode_responses=True)
        # checkpoint bytes are read without decoding (writes pass bytes through either client)
        self._raw = redis.Redis.from_url(url, socket_timeout=5.0, socket_connect_timeout=2.0)
        self._add_member = self._db.register_script(self.ADD_MEMBER)
        self._append_run = self._db.register_script(self.APPEND_RUN)

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

    def _write(self, code: str, ttl_s: float | None, *commands) -> None:
        """Run `commands` (each a function of a pipeline) and _touch, in one MULTI."""
        pipe = self._db.pipeline()
        for command in commands:
            command(pipe)
        self._touch(pipe, code, ttl_s)
        pipe.execute()

    # ------------------------------------------------------------ class boards
    def create(self, code, meta, ttl_s):
        def work():
            if not self._db.set(self._key(code, "meta"), json.dumps(meta), nx=True, ex=max(1, int(ttl_s))):
                return False
            self._write(code, ttl_s, lambda pipe: pipe.delete(
                *(self._key(code, part) for part in (*self.PARTS[1:], "live")), *self._model_keys(class_scope(code))))
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
                self._write(code, ttl_s)
            return answer
        return self._call(work)

    def remove_member(self, code, nickname):
        self._call(lambda: self._write(code, None, lambda pipe: pipe.hdel(self._key(code, "members"), nickname)))

    def members(self, code):
        raw = self._call(lambda: self._db.hgetall(self._key(code, "members")))
        return {name: float(until) for name, until in raw.items()}

    def set_running(self, code, nickname, until):
        def work():
            key = self._key(code, "members")
            if self._db.hexists(key, nickname):
                self._write(code, None, lambda pipe: pipe.hset(key, nickname, repr(float(until))))
        self._call(work)

    def append_run(self, code, run, most, ttl_s):
        def work():
            dropped = self._append_run(keys=[self._key(code, "runs"), self._key(code, "seq")],
                                       args=[json.dumps(run), most])
            self._write(code, ttl_s)
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
        self._call(lambda: self._write(code, None, lambda pipe: pipe.delete(self._key(code, "runs"))))

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

    # ------------------------------------------------------------ saved models
    @staticmethod
    def _model_keys(scope: str) -> list[str]:
        return [f"tp:models:{scope}:{part}" for part in ("records", "data", "used")]

    def _records(self, keys: list[str]) -> dict[str, list[dict]]:
        """The records in each of these records hashes, read in one round trip."""
        pipe = self._db.pipeline(transaction=False)
        for key in keys:
            pipe.hvals(key)
        return {key: [json.loads(record) for record in found] for key, found in zip(keys, pipe.execute())}

    @staticmethod
    def _total(records: dict[str, list[dict]]) -> int:
        return sum(record["size"] for found in records.values() for record in found)

    def _expiry_ms(self, key: str) -> int | None:
        """When `key` expires by the server's clock, in ms (None if it does not); the time is read first, so the
        answer is never later than the key's expiry."""
        pipe = self._db.pipeline(transaction=False)
        pipe.time()
        pipe.pttl(key)
        (seconds, micros), ttl = pipe.execute()
        return seconds * 1000 + micros // 1000 + ttl if ttl > 0 else None

    def put_model(self, scope, name, record, data, replaces, limits):
        now = time.time()
        stored = json.dumps({**record, "name": name, "size": len(data), "saved": now})
        records_key, data_key, used_key = self._model_keys(scope)
        code = class_of_scope(scope)
        meta_key = self._key(code, "meta") if code is not None else None

        def attempt(pipe):  # the SCOPES set and used_key are watched already; every scope's records are added
            scopes = sorted(pipe.smembers(self.SCOPES) | {records_key})
            pipe.watch(*scopes)
            everything = self._records(scopes)  # read after WATCH: any later change fails the EXEC
            used = dict(pipe.zrange(used_key, 0, -1, withscores=True))
            here = [Stored(found["name"], found["owner"], found["size"], used.get(found["name"], 0.0))
                    for found in everything[records_key]]
            answer, evicted = admit(here, self._total(everything), name, record["owner"], len(data), replaces, limits)
            if answer != SAVED:
                return answer, []
            expires = self._expiry_ms(meta_key) if meta_key else None
            pipe.multi()
            if evicted:
                pipe.hdel(records_key, *evicted)
                pipe.hdel(data_key, *evicted)
                pipe.zrem(used_key, *evicted)
            pipe.hset(records_key, name, stored)
            pipe.hset(data_key, name, bytes(data))
            pipe.zadd(used_key, {name: now})
            pipe.sadd(self.SCOPES, records_key)
            if expired := [key for key, found in everything.items() if not found and key != records_key]:
                pipe.srem(self.SCOPES, *expired)
            if expires:  # a class's models expire with it
                for key in (records_key, data_key, used_key):
                    pipe.pexpireat(key, expires)
            return answer, evicted
        return self._call(lambda: self._db.transaction(attempt, self.SCOPES, used_key, value_from_callable=True))

    def model_records(self, scope):
        key = self._model_keys(scope)[0]
        found = self._call(lambda: self._records([key])[key])
        return sorted(found, key=lambda record: record["saved"], reverse=True)

    def model_bytes(self, scope, name):
        records, data, used = self._model_keys(scope)

        def work():
            found = self._raw.hget(data, name)
            if found is not None:
                self._db.zadd(used, {name: time.time()}, xx=True)
            return found
        return self._call(work)

    def delete_model(self, scope, name, owner):
        records_key, data_key, used_key = self._model_keys(scope)

        def attempt(pipe):
            found = pipe.hget(records_key, name)
            answer = delete_answer(json.loads(found)["owner"] if found else None, owner)
            if answer == DELETED:
                pipe.multi()
                pipe.hdel(records_key, name)
                pipe.hdel(data_key, name)
                pipe.zrem(used_key, name)
            return answer
        return self._call(lambda: self._db.transaction(attempt, records_key, value_from_callable=True))

    def models_total_bytes(self):
        return self._call(lambda: self._total(self._records(sorted(self._db.smembers(self.SCOPES)))))
