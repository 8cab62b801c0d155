"""A class: a join code, a secret lecturer key, members with nicknames, and a board of finished runs.

Pure Python over core.store (no streamlit): the page, the sidebar and the posting hook call these functions. What a
posted run holds is core.board_runs'; the per-session limits on joining and posting are core.rate_limits'.
Bad input (a mistyped code, a too-long nickname, an oversized post) is a ValueError whose message names it.
"""

import csv
import hashlib
import hmac
import io
import json
import re
import secrets
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass

from core.board_runs import CURVE_POINTS, applied_settings, live_summary
from core.store import ADDED, FULL, TAKEN, Store

# 31 letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i), 7 of them: 31**7 > 2**34.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 7
TTL_S = 12 * 3600  # a class lives 12 h after its last activity
MAX_MEMBERS = 200
MAX_RUNS = 2000
NICKNAME_MAX = 24
NAME_MAX = 60  # a class's name
POST_MAX_BYTES = 24_000
PARAMS_MAX = 60  # share-link values in one post
RUNNING_FOR_S = 20.0  # a "running" mark lasts this long unless the learner's session renews it


class ClassError(ValueError):
    """A code that names no open class: `reason` is "unknown" (or expired) or "closed"; `code` is the code asked for."""

    def __init__(self, reason: str, code: str):
        self.reason, self.code = reason, code
        why = "was closed by its lecturer" if reason == "closed" else \
            f"is unknown or has expired ({TTL_S // 3600} h without activity)"
        super().__init__(f"class {code!r} {why}")


class NotLecturer(PermissionError):
    """Renaming, clearing, closing and exporting a class need its lecturer key."""


# ---------------------------------------------------------------- codes, keys and nicknames
def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A typed or linked code in its stored form (case, spaces and dashes ignored); ValueError if it cannot be one."""
    code = re.sub(r"[\s-]", "", str(text or "")).lower()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise ValueError(f"{str(text)[:40]!r} is not a class code ({CODE_LENGTH} letters and digits)")
    return code


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def is_lecturer(meta: dict, key: str | None) -> bool:
    """Whether `key` is this class's lecturer key (compared in constant time)."""
    return bool(key) and hmac.compare_digest(_key_hash(key), meta.get("key_hash", ""))


def check_nickname(text: str) -> str:
    """A nickname as shown: trimmed, inner whitespace and control characters made single spaces, cut to 24 chars."""
    cleaned = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in str(text or ""))
    nickname = " ".join(cleaned.split())[:NICKNAME_MAX].rstrip()
    if not nickname:
        raise ValueError("a nickname cannot be empty")
    return nickname


def friendly_nickname(adjectives, animals, form: str = "{adjective} {animal} {n}") -> str:
    """A random default nickname such as "Curious Otter 42", from the words and word order the caller's language
    gives (ui.text: "好奇的水獭 42" in 中文); cut to NICKNAME_MAX characters like any other."""
    return check_nickname(form.format(adjective=secrets.choice(adjectives), animal=secrets.choice(animals),
                                      n=secrets.randbelow(90) + 10))


def _with_suffix(nickname: str, n: int) -> str:
    suffix = f" {n}"
    return nickname[:NICKNAME_MAX - len(suffix)].rstrip() + suffix


# ---------------------------------------------------------------- the class
def create_class(store: Store, name: str = "") -> tuple[str, str]:
    """A new class: (join code, lecturer key). Only a hash of the key is stored."""
    name = " ".join(str(name or "").split())[:NAME_MAX]
    key = secrets.token_urlsafe(18)
    meta = {"name": name, "key_hash": _key_hash(key), "created": time.time(), "closed": False, "dropped": 0,
            "seat_salt": secrets.token_hex(16)}  # signs the members' seat tokens (seat_token)
    for _ in range(20):
        code = new_code()
        if store.create(code, meta, TTL_S):
            return code, key
    raise RuntimeError("could not find a free class code in 20 tries")  # 1 in 10**200 with a sane store


def open_class(store: Store, code: str) -> dict:
    """The class's meta dict, or ClassError naming the code."""
    meta = store.meta(code)
    if meta is None:
        raise ClassError("unknown", code)
    if meta.get("closed"):
        raise ClassError("closed", code)
    return meta


def join(store: Store, code: str, nickname: str) -> str:
    """Join a class; returns the nickname it got (with a suffix " 2", " 3", ... when another member has it)."""
    nickname = check_nickname(nickname)
    open_class(store, code)
    for n in range(1, MAX_MEMBERS + 2):
        wanted = nickname if n == 1 else _with_suffix(nickname, n)
        answer = store.add_member(code, wanted, MAX_MEMBERS, TTL_S)
        if answer == ADDED:
            return wanted
        if answer == FULL:
            raise ValueError(f"class {code!r} is full ({MAX_MEMBERS} members)")
        assert answer == TAKEN, f"unexpected store answer {answer!r}"
    raise ValueError(f"class {code!r} has too many members called {nickname!r}")


def seat_token(meta: dict, nickname: str) -> str | None:
    """The secret a member keeps to take their seat again after a reload or a server restart (None for a class made
    before classes had a seat salt): a keyed hash of the nickname, so the store holds nothing more per member."""
    salt = meta.get("seat_salt")
    return hmac.new(salt.encode(), nickname.encode(), hashlib.sha256).hexdigest()[:32] if salt else None


def has_seat(store: Store, code: str, nickname: str, token: str) -> bool:
    """Whether `token` is the seat of `nickname`, still a member of open class `code` (ClassError when it is not
    open): that member comes back without joining again, so the class keeps one seat for them."""
    expected = seat_token(open_class(store, code), nickname)
    return bool(expected) and hmac.compare_digest(expected, str(token)) and nickname in store.members(code)


def leave(store: Store, code: str, nickname: str) -> None:
    store.remove_member(code, nickname)


def mark_running(store: Store, code: str, nickname: str, running: bool) -> None:
    """Count this member as running for RUNNING_FOR_S seconds (renewed while their run goes on), or not."""
    store.set_running(code, nickname, time.time() + RUNNING_FOR_S if running else 0.0)


def _lecturer_meta(store: Store, code: str, key: str | None) -> dict:
    meta = store.meta(code)
    if meta is None:
        raise ClassError("unknown", code)
    if not is_lecturer(meta, key):
        raise NotLecturer(f"only the lecturer of class {code!r} can do this (the lecturer key is wrong or missing)")
    return meta


def rename(store: Store, code: str, key: str | None, name: str) -> None:
    _lecturer_meta(store, code, key)
    store.update_meta(code, {"name": " ".join(str(name or "").split())[:NAME_MAX]}, TTL_S)


def clear(store: Store, code: str, key: str | None) -> None:
    _lecturer_meta(store, code, key)
    store.clear_runs(code)
    store.update_meta(code, {"dropped": 0}, TTL_S)


def close(store: Store, code: str, key: str | None) -> None:
    """Close the class: nobody can join or post any more; the board stays readable to the lecturer until it expires."""
    _lecturer_meta(store, code, key)
    store.update_meta(code, {"closed": True}, TTL_S)


# ---------------------------------------------------------------- following the lecturer's run
LIVE_TTL_S = 600  # a broadcast its lecturer stops renewing (tab closed, run ended) goes after 10 min


def broadcast(store: Store, code: str, key: str | None, *, chapter: str, page: str, params, config: dict,
              records, status: str, latest: dict | None = None) -> None:
    """Show the lecturer's run, as it trains, on the class's board (lecturer only; renewed while it runs).

    `latest` holds the newest evaluation's fields that the chapter's own figures draw (the ch6 curve, the ch7
    weights, the ch9 confusion matrix); when they would make the broadcast too large they are left out and
    the board shows the curves alone.
    """
    _lecturer_meta(store, code, key)
    body = live_summary(chapter, page, params, config, records, status, latest)
    if body["latest"] is not None and _size(body) > 2 * POST_MAX_BYTES:
        body["latest"] = None
    if _size(body) > 2 * POST_MAX_BYTES:
        raise ValueError(f"a broadcast is at most {2 * POST_MAX_BYTES} bytes")
    store.put_live(code, body, LIVE_TTL_S)


def _size(body: dict) -> int:
    return len(json.dumps(body, allow_nan=False).encode())


def stop_broadcast(store: Store, code: str, key: str | None) -> None:
    _lecturer_meta(store, code, key)
    store.put_live(code, None, LIVE_TTL_S)


def live_run(store: Store, code: str) -> dict | None:
    """The lecturer's broadcast run of an open class, or None."""
    return store.live(code)


# ---------------------------------------------------------------- posting runs
def check_summary(summary: dict) -> str:
    """The post as JSON, or ValueError when it is too large or malformed."""
    nickname = check_nickname(summary.get("nickname", ""))
    if nickname != summary["nickname"]:
        raise ValueError("a posted nickname must be in its shown form")
    if len(summary.get("params", ())) > PARAMS_MAX:
        raise ValueError(f"a posted run has at most {PARAMS_MAX} link values")
    if any(len(points) > CURVE_POINTS for points in summary.get("curve", {}).values()):
        raise ValueError(f"a posted curve has at most {CURVE_POINTS} points")
    body = json.dumps(summary, allow_nan=False)
    if len(body.encode()) > POST_MAX_BYTES:
        raise ValueError(f"a posted run is at most {POST_MAX_BYTES} bytes, this one is {len(body.encode())}")
    return body


def post_run(store: Store, code: str, summary: dict) -> None:
    """Put a run on the board (the class must be open); the oldest runs beyond MAX_RUNS are dropped and counted."""
    check_summary(summary)
    meta = open_class(store, code)
    dropped = store.append_run(code, summary, MAX_RUNS, TTL_S)
    if dropped:
        store.update_meta(code, {"dropped": meta.get("dropped", 0) + dropped}, TTL_S)


# ---------------------------------------------------------------- reading the board


def _chapter_order(chapter: str) -> tuple[int, str]:
    """'ch10' after 'ch9': by the chapter's number first."""
    number = re.match(r"ch(\d+)", chapter)
    return (int(number.group(1)) if number else 0, chapter)


@dataclass(frozen=True)
class Board:
    """What a board shows: the class, its runs (each once, oldest first), members and who is running."""

    code: str
    meta: dict
    runs: tuple
    joined: int
    running: int
    version: int
    stored: int = 0  # runs the store holds (a retried post counts twice there, once in `runs`)
    last: int = 0  # the number of the newest run read

    @property
    def name(self) -> str:
        return self.meta.get("name", "")

    @property
    def dropped(self) -> int:
        return self.meta.get("dropped", 0)

    def chapters(self) -> list[str]:
        """The chapters with runs, in the course's order (ch8-race, ch9, ch10: by number, not as text)."""
        return sorted({run["chapter"] for run in self.runs}, key=_chapter_order)

    def of_chapter(self, chapter: str) -> list[dict]:
        return [run for run in self.runs if run["chapter"] == chapter]


def read_board(store: Store, code: str, lecturer_key: str | None = None, held: Board | None = None) -> Board:
    """The board of an open class (a closed one only for its lecturer); a run posted twice (a retry) shows once.

    With the board read before (`held`), only runs posted since are read, unless some were dropped or cleared.
    """
    version = store.version(code)
    meta = store.meta(code)
    if meta is None:
        raise ClassError("unknown", code)
    if meta.get("closed") and not is_lecturer(meta, lecturer_key):
        raise ClassError("closed", code)
    if held is not None and held.code == code:
        stored, new = store.runs_after(code, held.last)
        if stored != held.stored + len(new):
            held = None  # runs were dropped or cleared meanwhile: read them all
    if held is None or held.code != code:
        stored, new = store.runs_after(code, 0)
        held = Board(code, meta, (), 0, 0, 0)
    seen, runs = {run.get("id") for run in held.runs}, list(held.runs)
    for _, run in new:
        if run.get("id") not in seen:
            seen.add(run.get("id"))
            runs.append(run)
    members = store.members(code)
    now = time.time()
    return Board(code, meta, tuple(runs), len(members), sum(until > now for until in members.values()), version,
                 stored, new[-1][0] if new else held.last)


def ranked(runs: list[dict]) -> list[dict]:
    """Best accuracy first (on the test split, or the training data where a chapter has no test split); runs without
    one (diverged) last. A chapter with no accuracy at all (a regression) ranks by the lowest final training loss."""
    if runs and all(run.get("acc") is None for run in runs):
        return sorted(runs, key=lambda run: (run.get("train_loss") is None, run.get("train_loss") or 0.0))
    return sorted(runs, key=lambda run: (run.get("acc") is None, -(run.get("acc") or 0.0)))


EXPORT_FIELDS = ("nickname", "chapter", "status", "test_acc", "test_loss", "train_acc", "train_loss", "epochs", "time")


def export_csv(store: Store, code: str, key: str | None) -> str:
    """The board as CSV (lecturer only): one row per run, the class's name, results, the settings that apply to the
    run's chapter (a cell left empty where one does not, e.g. the batch size of chapter 7's full-batch runs), then
    its link values."""
    meta = _lecturer_meta(store, code, key)
    runs = read_board(store, code, key).runs
    settings = [applied_settings(run.get("chapter", ""), run.get("settings", {})) for run in runs]
    setting_names = sorted({name for applied in settings for name in applied} - set(EXPORT_FIELDS))  # one epochs
    applied_of = {id(run): applied for run, applied in zip(runs, settings)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["class", *EXPORT_FIELDS, *setting_names, "link"])
    for run in ranked(list(runs)):
        params = urllib.parse.urlencode([(k, v) for k, v in run.get("params", ())])
        writer.writerow([_csv_cell(meta.get("name", "")), *(_csv_cell(run.get(field)) for field in EXPORT_FIELDS),
                         *(_csv_cell(applied_of[id(run)].get(name)) for name in setting_names),
                         f"/{run.get('page', '')}?{params}"])
    return out.getvalue()


def _csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (a nickname could start with = + - @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
