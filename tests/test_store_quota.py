"""The model store's one quota and ownership rule (core.store.model_store.admit, delete_answer): one table of cases,
each run on both real backends (an SQLite file in tmp_path, the fixture's redis-server)."""

import threading
from dataclasses import dataclass

import pytest

from core.store import (ABSENT, DELETED, NOT_YOURS, OVER_BYTES, OVER_OWNER, OVER_SCOPE, SAVED, ModelLimits,
                        SqliteStore, class_scope, open_store)

SHARED, OTHER = "shared", class_scope("room")  # the scope under test, and a class scope beside it
ROOMY = ModelLimits(per_owner=100, per_scope=100, evict=False, total_bytes=10**9)


def limits(per_owner=100, per_scope=100, evict=False, total_bytes=10**9) -> ModelLimits:
    return ModelLimits(per_owner=per_owner, per_scope=per_scope, evict=evict, total_bytes=total_bytes)


@dataclass(frozen=True)
class Case:
    """Models saved first (name, owner, size[, scope]; in this order, under roomy limits), the names read since (each
    becomes the most recently used), one put (name, owner, size, replaces) or delete (name, owner) under `limits`;
    then the answer, the names evicted, the names SHARED holds (sorted) and the bytes of every model."""

    id: str
    before: tuple
    action: tuple
    answer: str
    after: tuple
    total: int
    evicted: tuple = ()
    limits: ModelLimits = ROOMY
    reads: tuple = ()


CASES = [
    Case("a new name is saved", (), ("put", "m", "ann", 100, "ann"), SAVED, ("m",), 100),
    Case("the owner replaces their own model", (("m", "ann", 100),), ("put", "m", "ann", 300, "ann"), SAVED,
         ("m",), 300),
    Case("another owner's name is taken", (("m", "ann", 100),), ("put", "m", "bob", 300, "bob"), NOT_YOURS,
         ("m",), 100),
    Case("a name is replaced only by saying whose it is", (("m", "ann", 100),), ("put", "m", "ann", 300, None),
         NOT_YOURS, ("m",), 100),
    Case("naming the owner (the lecturer) replaces anyone's model", (("m", "ann", 100),),
         ("put", "m", "bob", 300, "ann"), SAVED, ("m",), 300),
    Case("over the per-owner count", (("a", "ann", 10), ("b", "ann", 10)), ("put", "c", "ann", 10, "ann"),
         OVER_OWNER, ("a", "b"), 20, limits=limits(per_owner=2)),
    Case("the per-owner count is each owner's", (("a", "ann", 10), ("b", "ann", 10)), ("put", "c", "bob", 10, "bob"),
         SAVED, ("a", "b", "c"), 30, limits=limits(per_owner=2)),
    Case("replacing one's own is no new model for the owner count", (("a", "ann", 10), ("b", "ann", 10)),
         ("put", "a", "ann", 20, "ann"), SAVED, ("a", "b"), 30, limits=limits(per_owner=2)),
    Case("over the per-scope count", (("a", "ann", 10), ("b", "bob", 10)), ("put", "c", "cid", 10, "cid"),
         OVER_SCOPE, ("a", "b"), 20, limits=limits(per_scope=2)),
    Case("replacing is no new model for the scope count", (("a", "ann", 10), ("b", "bob", 10)),
         ("put", "b", "bob", 20, "bob"), SAVED, ("a", "b"), 30, limits=limits(per_scope=2)),
    Case("the per-scope count is each scope's", (("a", "ann", 10), ("x", "bob", 10, OTHER), ("y", "bob", 10, OTHER)),
         ("put", "c", "cid", 10, "cid"), SAVED, ("a", "c"), 40, limits=limits(per_scope=2)),
    Case("beyond the count the least recently used goes", (("a", "ann", 10), ("b", "ann", 10), ("c", "ann", 10)),
         ("put", "d", "bob", 10, "bob"), SAVED, ("a", "c", "d"), 30, evicted=("b",),
         limits=limits(per_scope=3, evict=True), reads=("a",)),
    Case("unread, the oldest save goes", (("a", "ann", 10), ("b", "ann", 10), ("c", "ann", 10)),
         ("put", "d", "bob", 10, "bob"), SAVED, ("b", "c", "d"), 30, evicted=("a",),
         limits=limits(per_scope=3, evict=True)),
    Case("a scope over its count is evicted down to it", (("a", "ann", 10), ("b", "ann", 10), ("c", "ann", 10)),
         ("put", "d", "bob", 10, "bob"), SAVED, ("c", "d"), 20, evicted=("a", "b"),
         limits=limits(per_scope=2, evict=True)),
    Case("replacing evicts nothing", (("a", "ann", 10), ("b", "ann", 10)), ("put", "b", "ann", 30, "ann"), SAVED,
         ("a", "b"), 40, limits=limits(per_scope=2, evict=True)),
    Case("over the bytes of all models", (("a", "ann", 1000), ("b", "bob", 1000)), ("put", "c", "cid", 1000, "cid"),
         OVER_BYTES, ("a", "b"), 2000, limits=limits(total_bytes=2500)),
    Case("other scopes' bytes count", (("x", "bob", 2000, OTHER),), ("put", "a", "ann", 1000, "ann"), OVER_BYTES,
         (), 2000, limits=limits(total_bytes=2500)),
    Case("replacing frees the old bytes", (("a", "ann", 1000), ("b", "bob", 1000)), ("put", "a", "ann", 1500, "ann"),
         SAVED, ("a", "b"), 2500, limits=limits(total_bytes=2500)),
    Case("eviction frees bytes", (("a", "ann", 1000), ("b", "bob", 1000)), ("put", "c", "cid", 1500, "cid"), SAVED,
         ("b", "c"), 2500, evicted=("a",), limits=limits(per_scope=2, evict=True, total_bytes=2500)),
    Case("too many bytes even after eviction evicts nothing", (("a", "ann", 1000), ("b", "bob", 1000)),
         ("put", "c", "cid", 2000, "cid"), OVER_BYTES, ("a", "b"), 2000,
         limits=limits(per_scope=2, evict=True, total_bytes=2500)),
    Case("the owner deletes", (("m", "ann", 100),), ("delete", "m", "ann"), DELETED, (), 0),
    Case("a non-owner cannot delete", (("m", "ann", 100),), ("delete", "m", "bob"), NOT_YOURS, ("m",), 100),
    Case("with no owner given (the lecturer) any model is deleted", (("m", "ann", 100),), ("delete", "m", None),
         DELETED, (), 0),
    Case("deleting what is not there", (("m", "ann", 100),), ("delete", "n", "ann"), ABSENT, ("m",), 100),
]


def put(store, scope, name, owner, size, replaces, limits):
    return store.put_model(scope, name, {"owner": owner}, bytes([len(name)]) * size, replaces, limits)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_quota_and_ownership_rule(store_url, case):
    store = open_store(store_url)
    store.create("room", {}, 3600)  # OTHER's class, so its models live
    for name, owner, size, *scope in case.before:
        assert put(store, *(scope or [SHARED]), name, owner, size, owner, ROOMY) == (SAVED, [])
    for name in case.reads:
        assert store.model_bytes(SHARED, name) is not None
    kept = {record["name"]: record for record in store.model_records(SHARED)}
    kind, name, owner, *rest = case.action
    if kind == "put":
        size, replaces = rest
        assert put(store, SHARED, name, owner, size, replaces, case.limits) == (case.answer, list(case.evicted))
    else:
        assert store.delete_model(SHARED, name, owner) == case.answer
    records = {record["name"]: record for record in store.model_records(SHARED)}
    assert sorted(records) == list(case.after) and store.models_total_bytes() == case.total
    changed = name if kind == "put" and case.answer == SAVED else None
    assert all(records[other] == kept[other] for other in records if other != changed)  # the rest untouched
    if changed:
        assert records[name]["owner"] == owner and records[name]["size"] == size
        assert store.model_bytes(SHARED, name) == bytes([len(name)]) * size
    if isinstance(store, SqliteStore):  # one checkpoint file per row, none left over
        assert len(list(store.models_folder.iterdir())) == len(store.model_records(OTHER)) + len(records)


@pytest.mark.parametrize("spread", [False, True], ids=["one scope, count quota", "eight scopes, bytes quota"])
def test_saves_at_the_same_time_never_pass_a_quota_together(store_url, spread):
    """Eight connections (as eight replicas would hold) save at once where only three models fit."""
    scopes = [class_scope(f"r{i}") if spread else SHARED for i in range(8)]
    store = open_store(store_url)
    for i in range(8):
        store.create(f"r{i}", {}, 3600)
        if spread:  # each scope is known to the store already: a save only changes its own scope
            put(store, scopes[i], "seed", "seed", 1, "seed", ROOMY)
    quota = limits(total_bytes=38) if spread else limits(per_scope=3)
    answers, start = [], threading.Barrier(8)

    def save(i):
        mine = open_store(store_url)
        start.wait()
        answers.append(put(mine, scopes[i], f"m{i}", f"owner{i}", 10, f"owner{i}", quota)[0])

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = OVER_BYTES if spread else OVER_SCOPE
    assert sorted(answers) == sorted([refused] * 5 + [SAVED] * 3)
    assert sum(len(store.model_records(scope)) for scope in set(scopes)) == (11 if spread else 3)
    assert store.models_total_bytes() == (38 if spread else 30)
