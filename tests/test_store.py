"""core.store on both real backends (an SQLite file, a redis-server started by the fixture): the same answers."""

import socket
import subprocess
import sys
import threading
import time

import pytest

from core.store import ADDED, FULL, TAKEN, RedisStore, SqliteStore, StoreError, default_url, open_store

TTL = 3600


@pytest.fixture
def store(store_url):
    return open_store(store_url)


def test_create_once_and_read_meta(store):
    assert store.create("abc", {"name": "Room 1"}, TTL)
    assert not store.create("abc", {"name": "other"}, TTL)
    assert store.meta("abc") == {"name": "Room 1"}
    assert store.meta("nope") is None
    assert store.version("nope") == 0


def test_update_meta_merges_and_bumps_the_version(store):
    store.create("abc", {"name": "a", "closed": False}, TTL)
    before = store.version("abc")
    store.update_meta("abc", {"closed": True}, TTL)
    assert store.meta("abc") == {"name": "a", "closed": True}
    assert store.version("abc") > before
    store.update_meta("unknown", {"closed": True}, TTL)
    assert store.meta("unknown") is None


def test_concurrent_meta_updates_all_land(store_url):
    open_store(store_url).create("abc", {}, TTL)

    def update(i):
        mine = open_store(store_url)  # its own connection, as another process would have
        for round_ in range(10):
            mine.update_meta("abc", {f"k{i}": round_}, TTL)

    threads = [threading.Thread(target=update, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert open_store(store_url).meta("abc") == {f"k{i}": 9 for i in range(4)}


def test_members_are_unique_and_capped(store):
    store.create("abc", {}, TTL)
    assert store.add_member("abc", "ann", 2, TTL) == ADDED
    assert store.add_member("abc", "ann", 2, TTL) == TAKEN
    assert store.add_member("abc", "bob", 2, TTL) == ADDED
    assert store.add_member("abc", "cid", 2, TTL) == FULL
    store.set_running("abc", "bob", 123.5)
    store.set_running("abc", "nobody", 9.0)  # not a member: ignored
    assert store.members("abc") == {"ann": 0.0, "bob": 123.5}
    store.remove_member("abc", "ann")
    assert set(store.members("abc")) == {"bob"}


def test_runs_keep_order_and_drop_the_oldest_beyond_the_cap(store):
    store.create("abc", {}, TTL)
    dropped = [store.append_run("abc", {"n": i, "nested": {"x": [1.5, None]}}, 3, TTL) for i in range(5)]
    assert dropped == [0, 0, 0, 1, 1]
    assert [run["n"] for run in store.runs("abc")] == [2, 3, 4]
    assert store.runs("abc")[0]["nested"] == {"x": [1.5, None]}
    store.clear_runs("abc")
    assert store.runs("abc") == []


def test_every_write_changes_the_version(store):
    store.create("abc", {}, TTL)
    seen = {store.version("abc")}
    for write in (lambda: store.add_member("abc", "ann", 10, TTL), lambda: store.set_running("abc", "ann", 5.0),
                  lambda: store.append_run("abc", {}, 10, TTL), lambda: store.clear_runs("abc"),
                  lambda: store.remove_member("abc", "ann")):
        write()
        seen.add(store.version("abc"))
    assert len(seen) == 6


def test_classes_expire_and_can_be_deleted(store):
    store.create("old", {"name": "x"}, 1)
    store.create("new", {"name": "y"}, TTL)
    store.append_run("new", {"n": 1}, 10, TTL)
    time.sleep(2.1)  # both backends count whole seconds at worst
    assert store.meta("old") is None and store.version("old") == 0
    assert store.create("old", {"name": "again"}, TTL)  # an expired code is free again, with nothing left in it
    assert store.meta("old") == {"name": "again"} and store.runs("old") == []
    store.delete("new")
    assert store.meta("new") is None and store.runs("new") == []


def test_a_second_store_object_sees_the_same_classes(store_url):
    """Two processes (here: two store objects) on one file or server share one board."""
    one, two = open_store(store_url), open_store(store_url)
    one.create("abc", {"name": "shared"}, TTL)
    one.append_run("abc", {"n": 1}, 10, TTL)
    assert two.meta("abc") == {"name": "shared"}
    assert two.runs("abc") == [{"n": 1}]


def test_sqlite_file_is_in_wal_mode_and_survives_a_restart(tmp_path):
    path = tmp_path / "sub" / "classroom.sqlite3"
    store = SqliteStore(path)
    store.create("abc", {"name": "kept"}, TTL)
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    code = ("from core.store import SqliteStore; import sys; "
            f"print(SqliteStore(sys.argv[1]).meta('abc')['name'])")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "kept"


def test_default_store_is_a_file_next_to_the_models(monkeypatch, tmp_path):
    monkeypatch.delenv("TORCHPLAY_STORE", raising=False)
    monkeypatch.setenv("TORCHPLAY_MODELS", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    monkeypatch.setenv("TORCHPLAY_STORE", "redis://127.0.0.1:1/0")
    assert isinstance(open_store(), RedisStore)


@pytest.mark.parametrize("url", ["sqlite://", "postgres://x/y", "classroom.sqlite3"])
def test_a_bad_store_address_is_a_clear_error(url):
    with pytest.raises(ValueError, match="TORCHPLAY_STORE"):
        open_store(url)


def test_an_unreachable_redis_is_a_store_error():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = open_store(f"redis://127.0.0.1:{port}/0")
    with pytest.raises(StoreError, match=str(port)):
        store.ping()
    with pytest.raises(StoreError):
        store.append_run("abc", {}, 10, TTL)


def test_an_sqlite_path_that_is_no_file_is_a_store_error(tmp_path):
    (tmp_path / "taken").mkdir()  # a folder where the file should be: sqlite3 cannot open it
    with pytest.raises(StoreError, match="cannot be opened"):
        SqliteStore(tmp_path / "taken")


def test_runs_are_numbered_so_a_board_reads_only_new_ones(store):
    store.create("abc", {}, TTL)
    for i in range(4):
        store.append_run("abc", {"n": i}, 3, TTL)  # the first is dropped
    count, runs = store.runs_after("abc", 0)
    assert count == 3 and [number for number, _ in runs] == [2, 3, 4] and runs[0][1] == {"n": 1}
    assert store.runs_after("abc", 3) == (3, [(4, {"n": 3})])
    assert store.runs_after("abc", 4) == (3, [])
    store.clear_runs("abc")
    store.append_run("abc", {"n": 9}, 3, TTL)
    assert store.runs_after("abc", 4) == (1, [(5, {"n": 9})])  # numbers go on after a clear


def test_the_live_broadcast_is_set_replaced_removed_and_expires(store):
    store.create("abc", {}, TTL)
    version = store.version("abc")
    assert store.live("abc") is None
    store.put_live("abc", {"step": 1}, 60)
    store.put_live("abc", {"step": 2}, 60)
    assert store.live("abc") == {"step": 2}
    assert store.version("abc") == version  # the board is not re-read for a broadcast tick
    store.put_live("abc", None, 60)
    assert store.live("abc") is None
    store.put_live("abc", {"step": 3}, 1)
    store.add_member("abc", "ann", 10, TTL)  # a class write does not stretch the broadcast's life
    time.sleep(2.1)
    assert store.live("abc") is None
    store.put_live("abc", {"step": 4}, 60)
    store.delete("abc")
    assert store.live("abc") is None
