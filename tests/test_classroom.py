"""core.classroom's rules, each on both real stores (SQLite file, redis-server): codes, keys, nicknames, limits,
posting, the board, lecturer-only actions and CSV export."""

import csv
import io
import json
import math
import re
import urllib.parse

import pytest

from core import classroom
from core.board_runs import CURVE_POINTS, run_summary
from core.classroom import (CODE_ALPHABET, CODE_LENGTH, ClassError, NotLecturer, check_nickname, create_class, join,
                            normalise_code, open_class, post_run, read_board)
from core.rate_limits import RateLimited, RateLimiter
from core.store import open_store
from ui.text import lookup


@pytest.fixture
def store(store_url):
    return open_store(store_url)


def summary(nickname="ann", chapter="ch7", acc=0.7, status="finished", epochs=3, lr=0.1):
    records = [{"kind": "eval", "step": e * 10, "epoch": e, "time": e * 0.5, "train/loss": 1.0 / e,
                "train/acc": acc - 0.01, "test/loss": 1.1 / e, "test/acc": acc} for e in range(1, epochs + 1)]
    config = {"task": "diabetes", "lr": lr, "hidden": (6, 4), "optimizer": "sgd", "batch_size": 0, "epochs": epochs}
    return run_summary(nickname, chapter, "multiple-features", [("ch7-lr", str(lr))], config,
                       [*records, {"kind": "end", "step": 30, "epoch": epochs, "time": 1.75, "reason": status}],
                       status)


def test_codes_are_random_readable_and_at_least_30_bits():
    codes = {classroom.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 30
    assert not set("0o1li") & set(CODE_ALPHABET)


@pytest.mark.parametrize("typed", ["AB2-CD3E", " ab2 cd3e ", "ab2cd3e"])
def test_typed_codes_are_normalised(typed):
    assert normalise_code(typed) == "ab2cd3e"


@pytest.mark.parametrize("typed", ["", "abc", "ab2cd3e9", "ab0cd3e", "<script>"])
def test_a_malformed_code_is_refused_by_name(typed):
    with pytest.raises(ValueError, match="not a class code"):
        normalise_code(typed)


def test_create_and_open_a_class(store):
    code, key = create_class(store, "  Week   6 ")
    meta = open_class(store, code)
    assert meta["name"] == "Week 6"
    assert key not in json.dumps(meta)  # only the key's hash is stored
    assert classroom.is_lecturer(meta, key)
    assert not classroom.is_lecturer(meta, key[:-1] + ("x" if key[-1] != "x" else "y"))
    assert not classroom.is_lecturer(meta, None) and not classroom.is_lecturer(meta, "")


def test_an_unknown_code_is_an_error_naming_it(store):
    with pytest.raises(ClassError, match="'zzzzzzz' is unknown or has expired") as error:
        join(store, "zzzzzzz", "ann")
    assert error.value.reason == "unknown" and error.value.code == "zzzzzzz"


def test_an_expired_class_is_unknown(store, monkeypatch):
    monkeypatch.setattr(classroom, "TTL_S", 1)
    code, _ = create_class(store)
    import time
    time.sleep(2.1)
    with pytest.raises(ClassError, match="unknown or has expired"):
        open_class(store, code)


def test_a_closed_class_refuses_joins_and_posts(store):
    code, key = create_class(store)
    join(store, code, "ann")
    classroom.close(store, code, key)
    with pytest.raises(ClassError, match="closed") as error:
        join(store, code, "bob")
    assert error.value.reason == "closed"
    with pytest.raises(ClassError, match="closed"):
        post_run(store, code, summary())
    with pytest.raises(ClassError, match="closed"):
        read_board(store, code)
    assert read_board(store, code, key).meta["closed"]  # the lecturer still sees it


@pytest.mark.parametrize("typed, shown", [("  ann  ", "ann"), ("a\tb\nc", "a b c"), ("x" * 30, "x" * 24),
                                          ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert"),
                                          ("**bold**", "**bold**"), ("a" * 23 + " b", "a" * 23)])
def test_nicknames_are_trimmed_and_kept_literally(typed, shown):
    assert check_nickname(typed) == shown


@pytest.mark.parametrize("typed", ["", "   ", "\u200b\n"])
def test_empty_nicknames_are_refused(typed):
    with pytest.raises(ValueError, match="empty"):
        check_nickname(typed)


@pytest.mark.parametrize("lang, pattern", [("en", r"[A-Z][a-z]+ [A-Z][a-z]+ \d\d"), ("zh", r"[^\x00-\x7f]+ \d\d")])
def test_friendly_default_nicknames_are_valid_and_in_the_learner_s_language(lang, pattern):
    words = [lookup(f"classroom.nick.{part}", lang).split() for part in ("adjectives", "animals")]
    for _ in range(50):
        name = classroom.friendly_nickname(*words, lookup("classroom.nick.form", lang))
        assert check_nickname(name) == name and re.fullmatch(pattern, name), name


def test_duplicate_nicknames_get_a_suffix(store):
    code, _ = create_class(store)
    long = "y" * 24
    assert [join(store, code, name) for name in ("ann", "ann", " ann ", long, long)] == \
        ["ann", "ann 2", "ann 3", long, "y" * 22 + " 2"]
    assert read_board(store, code).joined == 5


def test_a_class_holds_at_most_max_members(store, monkeypatch):
    monkeypatch.setattr(classroom, "MAX_MEMBERS", 3)
    code, _ = create_class(store)
    for name in ("a", "b", "c"):
        join(store, code, name)
    with pytest.raises(ValueError, match="full"):
        join(store, code, "d")


def test_runs_beyond_the_cap_drop_the_oldest_with_a_notice(store, monkeypatch):
    monkeypatch.setattr(classroom, "MAX_RUNS", 3)
    code, _ = create_class(store)
    for i in range(5):
        post_run(store, code, summary(nickname=f"s{i}"))
    board = read_board(store, code)
    assert [run["nickname"] for run in board.runs] == ["s2", "s3", "s4"]
    assert board.dropped == 2


def test_a_run_summary_holds_settings_results_and_a_short_curve():
    run = summary(epochs=500, acc=0.8, lr=0.5)
    assert run["settings"]["lr"] == 0.5 and run["settings"]["layers"] == 2 and run["settings"]["width"] == 6
    assert run["test_acc"] == run["acc"] == 0.8 and run["acc_on"] == "test"
    assert run["epochs"] == 500 and run["time"] == 250.0
    assert run["params"] == [["ch7-lr", "0.5"]] and run["page"] == "multiple-features"
    assert len(run["curve"]["epoch"]) == CURVE_POINTS
    assert run["curve"]["epoch"][0] == 1 and run["curve"]["epoch"][-1] == 500


def test_diverged_runs_are_posted_with_nan_as_none(store):
    records = [{"kind": "eval", "step": 1, "epoch": 1, "time": 0.1, "train/loss": float("nan"), "train/acc": 0.5,
                "test/loss": float("inf"), "test/acc": 0.5}]
    run = run_summary("ann", "ch7", "p", [], {"hidden": ()}, records, "diverged")
    assert run["status"] == "diverged" and run["train_loss"] is None and run["test_loss"] is None
    code, _ = create_class(store)
    post_run(store, code, run)
    assert read_board(store, code).runs[0]["status"] == "diverged"


def test_runs_without_an_epoch_or_with_an_error_are_not_posted():
    assert run_summary("ann", "ch7", "p", [], {}, [{"kind": "train", "epoch": 0, "time": 0.1}], "stopped") is None
    assert summary(status="error") is None


def test_oversized_or_malformed_posts_are_refused(store):
    code, _ = create_class(store)
    with pytest.raises(ValueError, match="bytes"):
        post_run(store, code, summary() | {"params": [["k", "v" * 600]] * 50})
    with pytest.raises(ValueError, match="link values"):
        post_run(store, code, summary() | {"params": [["k", "v"]] * 61})
    with pytest.raises(ValueError, match="curve"):
        post_run(store, code, summary() | {"curve": {"epoch": list(range(201))}})
    with pytest.raises(ValueError, match="nickname"):
        post_run(store, code, summary() | {"nickname": "x" * 30})
    assert read_board(store, code).runs == ()


def test_a_run_posted_twice_shows_once(store):
    code, _ = create_class(store)
    run = summary()
    post_run(store, code, run)
    post_run(store, code, run)  # a retry after a store timeout that had in fact written
    assert len(read_board(store, code).runs) == 1


def test_the_board_lists_runs_per_chapter_best_first_and_counts_members(store):
    code, _ = create_class(store)
    ann, bob = join(store, code, "ann"), join(store, code, "bob")
    for nickname, chapter, acc in ((ann, "ch7", 0.6), (bob, "ch10", 0.95), (bob, "ch7", 0.8), (ann, "ch9", 0.9)):
        post_run(store, code, summary(nickname=nickname, chapter=chapter, acc=acc))
    post_run(store, code, summary(nickname=bob, chapter="ch7", status="diverged") | {"acc": None})
    classroom.mark_running(store, code, bob, True)
    board = read_board(store, code)
    assert board.chapters() == ["ch7", "ch9", "ch10"]  # the course's order, not the text's
    assert [(r["nickname"], r["acc"]) for r in classroom.ranked(board.of_chapter("ch7"))] == \
        [("bob", 0.8), ("ann", 0.6), ("bob", None)]
    assert (board.joined, board.running) == (2, 1)
    classroom.mark_running(store, code, bob, False)
    assert read_board(store, code).running == 0
    assert read_board(store, code).version != board.version


@pytest.mark.parametrize("action", ["rename", "clear", "close", "export"])
def test_lecturer_actions_need_the_key(store, action):
    code, key = create_class(store)
    post_run(store, code, summary())
    act = {"rename": lambda k: classroom.rename(store, code, k, "new"),
           "clear": lambda k: classroom.clear(store, code, k),
           "close": lambda k: classroom.close(store, code, k),
           "export": lambda k: classroom.export_csv(store, code, k)}[action]
    for wrong in (None, "", "guess", key + "x"):
        with pytest.raises(NotLecturer):
            act(wrong)
    assert open_class(store, code)["name"] == "" and len(read_board(store, code).runs) == 1
    act(key)


def test_lecturer_rename_clear_and_close(store):
    code, key = create_class(store)
    post_run(store, code, summary())
    classroom.rename(store, code, key, "Room 2")
    classroom.clear(store, code, key)
    board = read_board(store, code)
    assert board.name == "Room 2" and board.runs == ()
    classroom.close(store, code, key)
    with pytest.raises(ClassError):
        open_class(store, code)


def test_export_csv_has_one_row_per_run_best_first_and_defuses_formulas(store):
    code, key = create_class(store)
    post_run(store, code, summary(nickname="=HYPERLINK(1)", acc=0.5))
    post_run(store, code, summary(nickname="bob", acc=0.9, lr=0.2))
    rows = list(csv.DictReader(io.StringIO(classroom.export_csv(store, code, key))))
    assert [row["nickname"] for row in rows] == ["bob", "'=HYPERLINK(1)"]
    assert rows[0]["lr"] == "0.2" and rows[0]["test_acc"] == "0.9"
    assert rows[0]["link"] == "/multiple-features?ch7-lr=0.2"


def test_export_csv_names_the_class_has_one_epochs_column_and_only_the_settings_of_each_chapter(store):
    code, key = create_class(store, "Room 101")
    post_run(store, code, summary(acc=0.8))  # chapter 7: full batch, hidden widths 6-4
    mnist = {"task": "mnist", "model": "mlp", "lr": 0.01, "momentum": 0.5, "batch_size": 64, "epochs": 1,
             "hidden": (6, 4)}
    records = [{"kind": "eval", "step": 10, "epoch": 1, "time": 1.0, "train/loss": 0.3, "test/acc": 0.9}]
    post_run(store, code, run_summary("cy", "ch9", "softmax-mnist", [], mnist, records, "finished"))
    text = classroom.export_csv(store, code, key)
    header = next(csv.reader(io.StringIO(text)))
    assert header.count("epochs") == 1 and header[0] == "class"
    ch9, ch7 = csv.DictReader(io.StringIO(text))  # best first
    assert ch7["class"] == ch9["class"] == "Room 101"
    assert (ch7["chapter"], ch7["batch_size"], ch7["width"], ch7["layers"], ch7["epochs"]) == ("ch7", "", "6", "2", "3")
    assert (ch9["chapter"], ch9["batch_size"], ch9["width"], ch9["model"]) == ("ch9", "64", "", "mlp")


def test_a_seat_token_brings_its_member_back_and_nobody_else(store):
    code, key = create_class(store)
    assert join(store, code, "Ann") == "Ann" and join(store, code, "Bob") == "Bob"
    meta = store.meta(code)
    ann, bob = classroom.seat_token(meta, "Ann"), classroom.seat_token(meta, "Bob")
    assert ann and bob and ann != bob and "Ann" not in ann
    assert classroom.has_seat(store, code, "Ann", ann)
    assert not classroom.has_seat(store, code, "Ann", bob)  # a cookie cannot claim another's nickname
    assert not classroom.has_seat(store, code, "Ann", "")
    assert sorted(store.members(code)) == ["Ann", "Bob"]  # coming back adds no member
    classroom.leave(store, code, "Bob")
    assert not classroom.has_seat(store, code, "Bob", bob)  # a member who left has no seat
    other, _ = create_class(store)
    assert classroom.seat_token(store.meta(other), "Ann") != ann  # each class signs its own seats
    classroom.close(store, code, key)
    with pytest.raises(ClassError, match="closed"):
        classroom.has_seat(store, code, "Ann", ann)
    assert classroom.seat_token({"name": "made before seats"}, "Ann") is None


def test_export_links_escape_their_values(store):
    code, key = create_class(store)
    value = "A&B é=1 #x"  # would cut the link short, or add a value, if joined by hand
    post_run(store, code, summary() | {"params": [["ch7-name", value], ["ch7-lr", "0.1"]]})
    link = list(csv.DictReader(io.StringIO(classroom.export_csv(store, code, key))))[0]["link"]
    path, _, query = link.partition("?")
    assert path == "/multiple-features" and query.count("&") == 1 and not set(" #é") & set(query)
    assert urllib.parse.parse_qsl(query) == [("ch7-name", value), ("ch7-lr", "0.1")]


def test_rate_limiter_allows_a_burst_then_one_per_interval():
    now = [0.0]
    limiter = RateLimiter("lookups", burst=3, every_s=2.0, clock=lambda: now[0])
    for _ in range(3):
        limiter.take()
    with pytest.raises(RateLimited, match="too many lookups: try again in 2 s"):
        limiter.take()
    now[0] = 2.0
    limiter.take()
    with pytest.raises(RateLimited):
        limiter.take()


def test_a_held_board_reads_only_new_runs_and_rereads_after_a_clear_or_a_drop(store, monkeypatch):
    monkeypatch.setattr(classroom, "MAX_RUNS", 3)
    code, key = create_class(store)
    post_run(store, code, summary("a"))
    held = read_board(store, code)
    post_run(store, code, summary("b"))
    held = read_board(store, code, held=held)
    assert [run["nickname"] for run in held.runs] == ["a", "b"]
    post_run(store, code, summary("c"))
    post_run(store, code, summary("d"))  # "a" is dropped
    held = read_board(store, code, held=held)
    assert [run["nickname"] for run in held.runs] == ["b", "c", "d"]
    classroom.clear(store, code, key)
    post_run(store, code, summary("e"))
    assert [run["nickname"] for run in read_board(store, code, held=held).runs] == ["e"]
    monkeypatch.setattr(classroom, "MAX_RUNS", 10)
    again = summary("f")
    post_run(store, code, again)
    post_run(store, code, again)  # a retried post: stored twice, shown once, and read incrementally after
    held = read_board(store, code)
    post_run(store, code, summary("g"))
    assert [run["nickname"] for run in read_board(store, code, held=held).runs] == ["e", "f", "g"]


def test_without_a_test_split_runs_are_scored_on_their_training_accuracy():
    """Chapter 6 trains on the course's few points, with no test split."""
    records = [{"kind": "eval", "step": e, "epoch": e, "time": 0.1, "train/loss": 0.7, "train/acc": 0.5 + e / 10}
               for e in (1, 2)]
    run = run_summary("ann", "ch6", "logistic-regression", [], {"hidden": ()}, records, "finished")
    assert (run["acc"], run["acc_on"], run["test_acc"]) == (0.7, "train", None)
    assert run["curve"]["acc"] == [0.6, 0.7]


def test_only_the_lecturer_broadcasts_and_students_read_it(store):
    code, key = create_class(store)
    records = [{"kind": "train", "step": 1, "epoch": 0, "time": 0.1, "train/loss": 0.7},
               *({"kind": "eval", "step": e, "epoch": e, "time": e, "train/loss": 0.7 / e, "train/acc": 0.6,
                  "test/loss": float("nan"), "test/acc": 0.5, "weights": [[1.0]]} for e in range(1, 301))]
    live = dict(chapter="ch7", page="multiple-features", params=[("ch7-lr", "0.5")],
                config={"lr": 0.5, "hidden": (6, 4)}, records=records, status="running")
    for wrong in (None, "guess"):
        with pytest.raises(NotLecturer):
            classroom.broadcast(store, code, wrong, **live)
    assert classroom.live_run(store, code) is None
    classroom.broadcast(store, code, key, **live)
    shown = classroom.live_run(store, code)
    assert shown["status"] == "running" and shown["settings"]["lr"] == 0.5 and shown["params"] == [["ch7-lr", "0.5"]]
    assert len(shown["evals"]) == CURVE_POINTS and shown["evals"][-1]["epoch"] == 300
    assert shown["evals"][0] == {"epoch": 1, "step": 1, "train/loss": 0.7, "train/acc": 0.6, "test/loss": None,
                                 "test/acc": 0.5}  # no weights; NaN as None
    assert shown["latest"] is None  # no chapter figures asked for
    with pytest.raises(NotLecturer):
        classroom.stop_broadcast(store, code, "guess")
    classroom.stop_broadcast(store, code, key)
    assert classroom.live_run(store, code) is None


def test_a_broadcast_carries_the_chapters_figure_fields_finite_and_drops_them_when_too_large(store):
    code, key = create_class(store)
    records = [{"kind": "eval", "step": 1, "epoch": 1, "time": 1.0, "train/loss": 0.6}]
    live = dict(chapter="ch7", page="multiple-features", params=[], config={"lr": 0.5}, records=records,
                status="running")
    classroom.broadcast(store, code, key, **live, latest={"epoch": 1, "weights": [[[0.123456, float("nan")]], [[2.0]]]})
    assert classroom.live_run(store, code)["latest"] == {"epoch": 1, "weights": [[[0.1235, None]], [[2.0]]]}
    huge = [[0.5] * 300] * 300  # 90,000 weights: far over the broadcast's size
    classroom.broadcast(store, code, key, **live, latest={"epoch": 1, "weights": [huge]})
    shown = classroom.live_run(store, code)
    assert shown["latest"] is None and shown["evals"] == [{"epoch": 1, "step": 1, "train/loss": 0.6}]
