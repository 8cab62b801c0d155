"""core.saved_models over both real stores (an SQLite file with its checkpoint folder, the fixture's redis-server):
ownership, quotas, atomic writes, and one list seen from two store connections (two replicas)."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import classroom, saved_models
from core.checkpoints import checkpoint_bytes, load_checkpoint, load_checkpoint_bytes, models_dir
from core.saved_models import SHARED, AlreadySaved, NameTaken, NotYours, QuotaReached
from core.store import MODELS_FOLDER, ORPHAN_AGE_S, ModelLimits, SqliteStore, open_store

ROOT = Path(__file__).resolve().parents[1]
ANN, BOB = saved_models.new_secret(), saved_models.new_secret()


@pytest.fixture
def store(store_url):
    return open_store(store_url)


def blob(n: int = 1000, fill: bytes = b"x") -> bytes:
    return fill * n


def names(store, scope=SHARED) -> list[str]:
    return [record["name"] for record in saved_models.listing(store, scope)]


def files(store) -> list[str]:
    """The checkpoint files an SQLite store holds (temporary ones too); none for Redis."""
    if not isinstance(store, SqliteStore) or not store.models_folder.is_dir():
        return []
    return sorted(path.name for path in store.models_folder.iterdir())


def test_a_checkpoint_saved_as_bytes_loads_back_with_its_architecture_checks(store, tmp_path):
    model, cfg, metrics = load_checkpoint(models_dir() / "mnist_cnn.pt")
    data = checkpoint_bytes(model, cfg, metrics, in_features=784)
    saved_models.save(store, SHARED, "my-cnn", data, {"kind": "cnn", "test_acc": 0.9}, ANN)
    again, again_cfg, again_metrics = load_checkpoint_bytes(saved_models.read(store, SHARED, "my-cnn"), "my-cnn")
    assert again_cfg == cfg and again_metrics == metrics
    assert all((a == b).all() for a, b in zip(again.state_dict().values(), model.state_dict().values()))
    (record,) = saved_models.listing(store, SHARED)
    assert record["name"] == "my-cnn" and record["size"] == len(data) and record["test_acc"] == 0.9
    assert "owner" not in record  # the hash stays in the store
    assert [r["mine"] for r in (record, *saved_models.listing(store, SHARED, ANN),
                                *saved_models.listing(store, SHARED, BOB))] == [False, True, False]
    with pytest.raises(ValueError, match="corrupt or incompatible"):
        load_checkpoint_bytes(b"not a checkpoint", "junk")


def test_another_session_can_neither_overwrite_nor_delete_and_is_offered_a_free_name(store):
    saved_models.save(store, SHARED, "digits", blob(10), {}, ANN)
    saved_models.save(store, SHARED, "digits-2", blob(10), {}, ANN)
    with pytest.raises(NameTaken) as taken:
        saved_models.save(store, SHARED, "digits", blob(20), {}, BOB, overwrite=True)
    assert taken.value.free == "digits-3"
    with pytest.raises(NotYours):
        saved_models.delete(store, SHARED, "digits", BOB)
    # what the store keeps (the hash) does not work as a secret either
    with pytest.raises(NameTaken):
        saved_models.save(store, SHARED, "digits", blob(20), {}, saved_models.owner_of(ANN), overwrite=True)
    with pytest.raises(NotYours):
        saved_models.delete(store, SHARED, "digits", saved_models.owner_of(ANN))
    assert saved_models.read(store, SHARED, "digits") == blob(10)
    # the owner replaces only with a click (overwrite=True), and deletes
    with pytest.raises(AlreadySaved):
        saved_models.save(store, SHARED, "digits", blob(30), {}, ANN)
    saved_models.save(store, SHARED, "digits", blob(30), {}, ANN, overwrite=True)
    assert saved_models.read(store, SHARED, "digits") == blob(30)
    saved_models.delete(store, SHARED, "digits", ANN)
    assert names(store) == ["digits-2"]
    with pytest.raises(ValueError, match="no saved model"):
        saved_models.delete(store, SHARED, "digits", ANN)


def test_the_lecturer_key_deletes_and_overwrites_any_model_of_its_class_only(store):
    code, key = classroom.create_class(store, "Room 1")
    other_code, other_key = classroom.create_class(store, "Room 2")
    scope = saved_models.class_scope(code)
    saved_models.save(store, scope, "ann-mlp", blob(10), {"nickname": "Ann"}, ANN)
    saved_models.save(store, scope, "ann-cnn", blob(10), {"nickname": "Ann"}, ANN)
    with pytest.raises(NotYours):
        saved_models.delete(store, scope, "ann-mlp", BOB, lecturer_key=other_key)
    with pytest.raises(NameTaken):
        saved_models.save(store, scope, "ann-cnn", blob(5), {}, BOB, overwrite=True, lecturer_key=other_key)
    saved_models.save(store, scope, "ann-cnn", blob(5), {}, BOB, overwrite=True, lecturer_key=key)
    assert saved_models.read(store, scope, "ann-cnn") == blob(5)
    saved_models.delete(store, scope, "ann-mlp", BOB, lecturer_key=key)
    assert names(store, scope) == ["ann-cnn"]
    assert names(store) == [] and names(store, saved_models.class_scope(other_code)) == []


@pytest.mark.parametrize("limits, kind, message", [
    (ModelLimits(per_owner=2, per_scope=10, evict=False, total_bytes=10_000), "session", r"session quota .*\(2\)"),
    (ModelLimits(per_owner=10, per_scope=2, evict=False, total_bytes=10_000), "class", r"class quota .*\(2\)"),
    (ModelLimits(per_owner=10, per_scope=10, evict=False, total_bytes=2500), "bytes", r"bytes quota .*\(2500\)"),
])
def test_quotas_refuse_with_their_message_and_write_nothing(store, limits, kind, message):
    scope = saved_models.class_scope(classroom.create_class(store)[0])
    saved_models.save(store, scope, "one", blob(), {}, ANN, limits=limits)
    saved_models.save(store, scope, "two", blob(), {}, ANN if kind != "class" else BOB, limits=limits)
    before, stored_files, total = names(store, scope), files(store), store.models_total_bytes()
    with pytest.raises(QuotaReached, match=message) as refused:
        saved_models.save(store, scope, "three", blob(), {}, ANN, limits=limits)
    assert refused.value.kind == kind
    assert names(store, scope) == before and files(store) == stored_files and store.models_total_bytes() == total
    # replacing one's own model is no new model: the count quotas let it through
    if kind != "bytes":
        saved_models.save(store, scope, "one", blob(900), {}, ANN, overwrite=True, limits=limits)


def test_an_oversized_checkpoint_is_refused_before_anything_is_written(store):
    with pytest.raises(ValueError, match="at most 16 MB"):
        saved_models.save(store, SHARED, "huge", blob(saved_models.CHECKPOINT_MAX_BYTES + 1), {}, ANN)
    with pytest.raises(ValueError, match="not a model name"):
        saved_models.save(store, SHARED, "../etc/passwd", blob(), {}, ANN)
    assert names(store) == [] and files(store) == [] and store.models_total_bytes() == 0


def test_the_shared_list_drops_the_least_recently_used_model_beyond_its_quota(store):
    limits = ModelLimits(per_owner=10, per_scope=3, evict=True, total_bytes=10_000)
    for name in ("a", "b", "c"):
        saved_models.save(store, SHARED, name, blob(), {}, ANN, limits=limits)
    saved_models.read(store, SHARED, "a")  # used just now: "b" is the least recently used
    assert saved_models.save(store, SHARED, "d", blob(), {}, BOB, limits=limits) == ["b"]
    assert names(store) == ["d", "c", "a"]  # newest first
    assert store.models_total_bytes() == 3000 and len(files(store)) == (3 if isinstance(store, SqliteStore) else 0)
    with pytest.raises(ValueError, match="no longer there"):
        saved_models.read(store, SHARED, "b")


def test_two_replicas_sharing_the_store_see_the_same_models(store_url):
    one, two = open_store(store_url), open_store(store_url)  # two app processes' connections
    saved_models.save(one, SHARED, "from-one", blob(7), {"kind": "mlp"}, ANN)
    assert names(two) == ["from-one"] and saved_models.read(two, SHARED, "from-one") == blob(7)
    with pytest.raises(NameTaken):
        saved_models.save(two, SHARED, "from-one", blob(3), {}, BOB)
    saved_models.delete(two, SHARED, "from-one", ANN)  # the owner's session may have moved to the other replica
    assert names(one) == []


SAVE_ELSEWHERE = """
import sys
from core import saved_models
from core.store import open_store
saved_models.save(open_store(sys.argv[1]), "shared", "from-elsewhere", b"y" * 5000, {"kind": "cnn"}, "other secret")
"""


def test_a_model_saved_by_another_process_on_the_same_redis_is_listed_and_read_here(redis_url):
    import redis
    redis.Redis.from_url(redis_url).flushdb()
    subprocess.run([sys.executable, "-c", SAVE_ELSEWHERE, redis_url], cwd=ROOT, check=True, timeout=120)
    here = open_store(redis_url)
    assert names(here) == ["from-elsewhere"] and saved_models.read(here, SHARED, "from-elsewhere") == b"y" * 5000
    with pytest.raises(NotYours):
        saved_models.delete(here, SHARED, "from-elsewhere", ANN)


def test_a_class_that_is_closed_or_gone_takes_no_models_and_its_models_go_with_it(store):
    code, key = classroom.create_class(store)
    other, _ = classroom.create_class(store)
    scope = saved_models.class_scope(code)
    saved_models.save(store, scope, "a", blob(), {}, ANN)
    saved_models.save(store, saved_models.class_scope(other), "b", blob(), {}, ANN)
    saved_models.save(store, SHARED, "c", blob(), {}, ANN)
    assert store.models_total_bytes() == 3000
    classroom.close(store, code, key)
    with pytest.raises(classroom.ClassError, match="closed"):
        saved_models.save(store, scope, "later", blob(), {}, ANN)
    store.delete(code)
    assert store.model_records(scope) == [] and store.models_total_bytes() == 2000
    assert len(files(store)) == (2 if isinstance(store, SqliteStore) else 0)
    with pytest.raises(classroom.ClassError, match="unknown"):
        saved_models.save(store, scope, "later", blob(), {}, ANN)
    assert names(store, saved_models.class_scope(other)) == ["b"] and names(store) == ["c"]


def test_an_expired_class_takes_its_models_along(tmp_path, redis_url):
    sqlite = SqliteStore(tmp_path / "classroom.sqlite3")
    sqlite.create("oldclas", {}, ttl_s=-1)  # expired already: the next save or new class removes it
    sqlite.put_model("class:oldclas", "a", {"owner": "x"}, blob(), "x", saved_models.limits_for("class:oldclas"))
    saved_models.save(sqlite, SHARED, "c", blob(), {}, ANN)
    assert sqlite.model_records("class:oldclas") == [] and sqlite.models_total_bytes() == 1000
    assert len(files(sqlite)) == 1
    import redis
    redis.Redis.from_url(redis_url).flushdb()
    store = open_store(redis_url)
    code, _ = classroom.create_class(store)
    saved_models.save(store, saved_models.class_scope(code), "a", blob(), {}, ANN)
    raw = redis.Redis.from_url(redis_url)
    class_ttl = raw.pttl(f"tp:class:{code}:meta")
    assert all(0 < raw.pttl(key) <= class_ttl for key in store._model_keys(saved_models.class_scope(code)))


def saving_six_models():
    """An app that saves six untrained MLPs under the same session, showing each answer."""
    import streamlit as st

    from core.config import default_config
    from core.tasks import build_model
    from ui import saved_models as saved

    cfg = default_config("mnist")
    model = build_model(cfg, in_features=784)
    for i in range(6):
        level, text = saved.save(f"m{i}", model, cfg, {"test/acc": 0.5})[0]
        getattr(st, level)(text)


@pytest.mark.parametrize("lang, said", [("en", "You have saved 5 models here already"),
                                        ("zh", "你在这里已经保存了 5 个模型")])
def test_the_session_quota_is_said_in_the_learners_language_and_saves_nothing_more(tmp_path, monkeypatch, lang,
                                                                                     said):
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    monkeypatch.setenv("TORCHPLAY_STORE", url)
    app = AppTest.from_function(saving_six_models, default_timeout=60)
    app.session_state["lang"] = lang
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.success) == 5 and [e.value[:len(said)] for e in app.error] == [said]
    assert names(open_store(url)) == [f"m{i}" for i in reversed(range(5))]


INTERRUPTED = """
import resource, signal, sys
from core.store import SqliteStore, ModelLimits, StoreError
store = SqliteStore(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    store.put_model("shared", "big", {"owner": "x"}, b"x" * 3_000_000, "x", ModelLimits(5, 5, False, 10**9))
except StoreError as error:
    print("refused:", error)
"""


def test_a_write_interrupted_half_way_leaves_no_file_and_no_record(tmp_path):
    db = tmp_path / "classroom.sqlite3"
    SqliteStore(db)  # the database exists before the file size limit
    done = subprocess.run([sys.executable, "-c", INTERRUPTED, str(db)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert "refused:" in done.stdout and "File too large" in done.stdout, done.stdout + done.stderr
    store = SqliteStore(db)
    assert list((tmp_path / MODELS_FOLDER).iterdir()) == []
    assert store.model_records(SHARED) == [] and store.models_total_bytes() == 0


def test_files_left_by_a_process_that_died_mid_save_go_when_the_store_is_next_opened(tmp_path):
    store = SqliteStore(tmp_path / "classroom.sqlite3")
    saved_models.save(store, SHARED, "kept", blob(), {}, ANN)
    (kept,) = files(store)
    old = time.time() - ORPHAN_AGE_S - 60
    for name in ("dead.pt.tmp", "dead.pt", "fresh.pt.tmp"):  # what a killed writer leaves, and a save in progress
        (store.models_folder / name).write_bytes(blob())
    for name in ("dead.pt.tmp", "dead.pt"):
        os.utime(store.models_folder / name, (old, old))
    os.utime(store.models_folder / kept, (old, old))
    SqliteStore(tmp_path / "classroom.sqlite3")
    assert files(store) == sorted([kept, "fresh.pt.tmp"])
    assert saved_models.read(store, SHARED, "kept") == blob()


def test_models_an_earlier_version_saved_as_files_join_the_shared_list_once(store, tmp_path):
    legacy = tmp_path / "user"
    legacy.mkdir()
    model, cfg, metrics = load_checkpoint(models_dir() / "mnist_cnn.pt")
    cnn = (models_dir() / "mnist_cnn.pt").read_bytes()
    for name, data in (("ann-cnn", cnn), ("digits", cnn), ("broken", b"not a checkpoint")):
        (legacy / f"{name}.pt").write_bytes(data)
    saved_models.save(store, SHARED, "digits", blob(10), {}, BOB)  # a name taken since
    saved, left = saved_models.import_legacy(store, legacy)
    assert sorted(saved) == ["ann-cnn", "digits-2"]
    assert len(left) == 1 and left[0].startswith("broken.pt: checkpoint broken.pt is corrupt")
    records = {record["name"]: record for record in saved_models.listing(store, SHARED, ANN)}
    assert sorted(records) == ["ann-cnn", "digits", "digits-2"]
    assert records["ann-cnn"]["kind"] == cfg.model and records["ann-cnn"]["test_acc"] == metrics["test/acc"]
    assert not records["ann-cnn"]["mine"]
    again, _, _ = load_checkpoint_bytes(saved_models.read(store, SHARED, "ann-cnn"), "ann-cnn")
    assert all((a == b).all() for a, b in zip(again.state_dict().values(), model.state_dict().values()))
    with pytest.raises(NotYours):  # no session owns an imported model
        saved_models.delete(store, SHARED, "ann-cnn", ANN)
    with pytest.raises(NameTaken):
        saved_models.save(store, SHARED, "ann-cnn", blob(10), {}, ANN, overwrite=True)
    # the files are kept, moved aside, and a second start imports nothing
    assert [path.name for path in legacy.iterdir()] == ["imported"]
    assert sorted(path.name for path in (legacy / "imported").iterdir()) == ["ann-cnn.pt", "broken.pt", "digits.pt"]
    assert saved_models.import_legacy(store, legacy) == ([], [])
    assert len(names(store)) == 3


def test_two_server_processes_starting_together_import_each_legacy_file_once(store_url, tmp_path):
    legacy = tmp_path / "user"
    legacy.mkdir()
    cnn = (models_dir() / "mnist_cnn.pt").read_bytes()
    for n in range(6):
        (legacy / f"old-{n}.pt").write_bytes(cnn)
    env = {**os.environ, "TORCHPLAY_STORE": store_url}
    command = [sys.executable, "-m", "core.saved_models", "import-legacy", str(legacy)]
    starts = [subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    said = [start.communicate(timeout=120)[1] for start in starts]
    assert [start.returncode for start in starts] == [0, 0], said
    assert sorted(names(open_store(store_url))) == [f"old-{n}" for n in range(6)]
    assert sum(len(re.findall(r"old-\d", line)) for line in said) == 6  # each file named by one process
