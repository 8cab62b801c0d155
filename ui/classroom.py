"""A learner's class in their session: the store, joining and leaving, the sidebar box, and posting finished runs.

Runs are posted from sync_runs(), which the sidebar (every full run of every page) and the live view's fragment
call: a run that ended (finished, early-stopped, diverged, or stopped after an epoch) goes on the board once. A
post the store cannot take waits in the session and is tried again on the next call; the learner's own run,
charts and compare panel never depend on it.
"""

import io
import re
import time
import uuid

import pandas as pd
import segno
import streamlit as st

from core import classroom, saved_models
from core.classroom import ClassError, RateLimited
from core.store import StoreError, default_url, open_store
from ui import figures_ch6, figures_ch7, figures_ch9
from ui import figures_classroom as figures
from ui.figures import loss_accuracy_figure
from ui.i18n import t
from ui.lecture import is_on, sized
from ui.share import current_params

# slot (ui.live.session_runner) -> (board chapter, page file, page URL path): the runs that go on a board.
CHAPTER_OF_SLOT = {
    "bp": ("ch4", "pages/back_propagation.py", "back-propagation"),
    "lreg": ("ch5", "pages/linear_regression.py", "linear-regression"),
    "ch6": ("ch6", "pages/logistic_regression.py", "logistic-regression"),
    "ch7": ("ch7", "pages/multiple_features.py", "multiple-features"),
    "mb-titanic": ("ch8-titanic", "pages/mini_batches.py", "mini-batches"),
    "mb-race-full": ("ch8-race", "pages/mini_batches.py", "mini-batches"),
    "mb-race-mini": ("ch8-race", "pages/mini_batches.py", "mini-batches"),
    "mb-race-sgd": ("ch8-race", "pages/mini_batches.py", "mini-batches"),
    "sm-train": ("ch9", "pages/softmax_mnist.py", "softmax-mnist"),
    "cv-train": ("ch10", "pages/convolution.py", "convolution"),
}
# board chapter -> the figure module that draws a followed run as its page does (BROADCAST_FIELDS and
# broadcast_figures); the chapters not here show the followed run's curves alone.
FOLLOWED_FIGURES = {"ch6": figures_ch6, "ch7": figures_ch7, "ch9": figures_ch9, "ch10": figures_ch9}
PAGE_FILES = {path: file for _, file, path in CHAPTER_OF_SLOT.values()}
NOT_IN_LINKS = ("lang", "lecture", "class", "name", "key")  # the viewer's own, or the class's
MARK_EVERY_S = 5.0  # renew the "running" mark this often (it lasts core.classroom.RUNNING_FOR_S)


@st.cache_resource(show_spinner=False)
def _store(url: str):
    return open_store(url)


def store():
    """The class store of this server ($TORCHPLAY_STORE or the SQLite file); StoreError/ValueError if it cannot be."""
    return _store(default_url())


def membership() -> dict | None:
    """{"code", "nickname"} while this session is in a class."""
    return st.session_state.get("class-member")


def lecturer_key(code: str) -> str | None:
    return st.session_state.get("class-keys", {}).get(code)


def limiter(name: str, make) -> classroom.RateLimiter:
    """This session's rate limiter `name` (join lookups, posts)."""
    return st.session_state.setdefault(f"class-limiter-{name}", make())


def joined(code: str, nickname: str) -> None:
    st.session_state["class-member"] = {"code": code, "nickname": nickname}
    st.session_state.pop("class-store-notice", None)


def leave() -> None:
    """Leave the class (a click in the sidebar); this session's runs stay on the board."""
    member = st.session_state.pop("class-member", None)
    st.session_state.pop("class-pending", None)
    if member:
        try:
            classroom.leave(store(), member["code"], member["nickname"])
        except (StoreError, ValueError):
            pass  # the member is forgotten here; the store's list drops them when the class expires


def remember_run(slot: str, runner) -> None:
    """Keep the page's share-link values of a run that may go on the board ("try this one" opens them)."""
    if slot in CHAPTER_OF_SLOT and runner.state().status not in classroom.POSTED_STATUSES + ("error",):
        st.session_state.setdefault("class-links", {})[slot] = [
            (key, value) for key, value in current_params() if key not in NOT_IN_LINKS]


def sync_runs() -> None:
    """Post this session's newly ended runs, keep its "running" mark, retry posts the store did not take."""
    member = membership()
    if member is None:
        return
    runners = st.session_state.get("runners", {})
    posted = st.session_state.setdefault("class-posted", {})  # slot -> board id of the run posted last
    pending = st.session_state.setdefault("class-pending", [])
    running = False
    for slot, runner in runners.items():
        if slot not in CHAPTER_OF_SLOT:
            continue
        state = runner.state()
        running |= state.active
        if state.status not in classroom.POSTED_STATUSES or not state.records:
            continue
        run = _run_id(slot, state.records)
        if posted.get(slot) == run:
            continue
        posted[slot] = run
        chapter, _, path = CHAPTER_OF_SLOT[slot]
        summary = classroom.run_summary(member["nickname"], chapter, path,
                                        st.session_state.get("class-links", {}).get(slot, []),
                                        state.config, state.records, state.status, run)
        if summary is not None:
            pending.append(summary)
    _flush(member, pending)
    _mark(member, running)


def run_id(slot: str) -> str | None:
    """The board id of the slot's current run (None before it has records): its summary on the board and a model
    saved from it carry the same id, whichever comes first."""
    runner = st.session_state.get("runners", {}).get(slot)
    return _run_id(slot, runner.state().records) if runner is not None else None


def _run_id(slot: str, records) -> str | None:
    if not records:
        return None
    ids = st.session_state.setdefault("class-run-ids", {})  # slot -> (first record of the run, its id)
    first, found = ids.get(slot, (None, None))
    if first is not records[0]:  # the same run's records start with the same dict object
        found = uuid.uuid4().hex
        ids[slot] = (records[0], found)
    return found


def _flush(member: dict, pending: list) -> None:
    while pending:
        try:
            limiter("posts", classroom.post_limiter).take()
            classroom.post_run(store(), member["code"], pending[0])
        except RateLimited:
            return  # the next call posts it
        except StoreError:
            if not st.session_state.get("class-store-notice"):
                st.session_state["class-store-notice"] = True
                st.toast(t("classroom.post_failed"), icon="⚠️")
            return
        except ClassError as error:  # the class was closed or expired: nothing more goes to it
            pending.clear()
            st.session_state.pop("class-member", None)
            st.toast(class_error_text(error), icon="⚠️")
            return
        except ValueError:  # a post core refuses (too large) is dropped, not retried forever
            pass
        pending.pop(0)
        st.session_state.pop("class-store-notice", None)


def _mark(member: dict, running: bool) -> None:
    """Tell the board this member is running (renewed every MARK_EVERY_S) or no longer running."""
    last = st.session_state.get("class-marked")  # (running, when)
    now = time.monotonic()
    if last is not None and last[0] == running and (not running or now - last[1] < MARK_EVERY_S):
        return
    if last is None and not running:
        return
    try:
        classroom.mark_running(store(), member["code"], member["nickname"], running)
        st.session_state["class-marked"] = (running, now)
    except (StoreError, ValueError):
        pass  # a count on the board, not worth a notice


def plain(text: str) -> str:
    """Text a learner typed, made literal inside Markdown (st.error, st.caption): every markup character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def class_error_text(error: ClassError) -> str:
    return t(f"classroom.error.{error.reason}", code=error.code)


def sync() -> None:
    """What a session in a class does at each page run and live tick: post runs, renew its broadcast."""
    sync_runs()
    broadcast_tick()


# ---------------------------------------------------------------- the lecturer's broadcast ("follow mode")
BROADCAST_EVERY_S = 1.0


def broadcasting() -> tuple[str, str, str] | None:
    """(class code, lecturer key, page URL path) while this session broadcasts its runs on that page."""
    page, code = st.session_state.get("class-broadcast"), st.session_state.get("class-viewing")
    key = lecturer_key(code) if code else None
    return (code, key, page) if page and key else None


def _broadcast_switched(path: str) -> None:
    on = st.session_state.get(f"class-broadcast-{path}")
    code = st.session_state.get("class-viewing")
    if on:
        st.session_state["class-broadcast"] = path
        st.session_state.pop("class-broadcast-sent", None)
    elif st.session_state.pop("class-broadcast", None) and code:
        try:
            classroom.stop_broadcast(store(), code, lecturer_key(code))
        except (StoreError, ValueError):
            pass  # it expires by itself (core.classroom.LIVE_TTL_S)


def broadcast_toggle() -> None:
    """The lecturer's "Broadcast this run" switch, on the chapter pages whose runs go on a board."""
    code = st.session_state.get("class-viewing")
    path = st.session_state.get("share-page-path")
    if not code or lecturer_key(code) is None or path not in PAGE_FILES:
        return
    st.toggle(t("classroom.broadcast"), value=st.session_state.get("class-broadcast") == path,
              key=f"class-broadcast-{path}", on_change=_broadcast_switched, args=(path,),
              help=t("classroom.broadcast_help", code=code))


def broadcast_tick() -> None:
    """Send the broadcast page's run (the one training, else the last that ran) at most once a second."""
    live = broadcasting()
    if live is None:
        return
    code, key, page = live
    candidates = [(slot, runner.state()) for slot, runner in st.session_state.get("runners", {}).items()
                  if CHAPTER_OF_SLOT.get(slot, (None, None, None))[2] == page]
    candidates = [(slot, state) for slot, state in candidates if state.records]
    if not candidates:
        return
    slot, state = max(candidates, key=lambda pair: (pair[1].active, pair[1].records[-1].get("time", 0.0)))
    sent = st.session_state.get("class-broadcast-sent")  # (first record, records, status, when)
    now = time.monotonic()
    if sent is not None and sent[0] is state.records[0] and sent[2] == state.status and (
            sent[1] == len(state.records) or now - sent[3] < BROADCAST_EVERY_S):
        return
    chapter = CHAPTER_OF_SLOT[slot][0]
    drawn, last = FOLLOWED_FIGURES.get(chapter), state.latest("eval")
    latest = None if drawn is None or last is None else {
        field: last[field] for field in drawn.BROADCAST_FIELDS if field in last}
    try:
        classroom.broadcast(store(), code, key, chapter=chapter, page=page,
                            params=st.session_state.get("class-links", {}).get(slot, []), config=state.config,
                            records=state.records, status=state.status, latest=latest)
    except (StoreError, ValueError, ClassError, PermissionError):
        return  # the students' board goes quiet; the lecturer's run is untouched
    st.session_state["class-broadcast-sent"] = (state.records[0], len(state.records), state.status, now)


def sidebar_box() -> None:
    """The class and nickname on every page, with a one-click leave; posts runs that ended meanwhile."""
    broadcast_tick()
    broadcast_toggle()
    member = membership()
    if member is None:
        return
    sync_runs()
    member = membership()  # sync_runs leaves a class that was closed
    if member is None:
        return
    st.caption(t("classroom.sidebar.in_class"))
    st.text(f"{member['code']} · {member['nickname']}")  # st.text: a nickname is never Markdown or HTML
    if st.session_state.get("class-pending"):
        st.caption(t("classroom.sidebar.pending", n=len(st.session_state["class-pending"])))
    st.button(t("classroom.leave"), key="class-leave", on_click=leave)


# ---------------------------------------------------------------- the board (pages/classroom.py)
BOARD_REFRESH_S = 2.0


def read_link() -> None:
    """Take ?class=CODE (&name=, &key=) from the URL into the session, then drop them from the URL: the lecturer
    key must not reach the sidebar's share link, and a student's link must not carry another's nickname on."""
    params = st.query_params
    typed, name, key = params.get("class"), params.get("name"), params.get("key")
    for param in ("class", "name", "key"):
        if param in params:
            del st.query_params[param]
    if typed is None:
        return
    try:
        code = classroom.normalise_code(typed)
    except ValueError:
        st.error(t("classroom.error.bad_code", code=plain(typed[:40])), icon="⚠️")
        return
    if key is not None:
        try:
            meta = store().meta(code)
        except (StoreError, ValueError):
            meta = None
        if meta is not None and classroom.is_lecturer(meta, key):
            st.session_state.setdefault("class-keys", {})[code] = key
            st.session_state["class-viewing"] = code
            return
        st.error(t("classroom.error.not_lecturer", code=code), icon="🔒")
    st.session_state["class-link-code"] = code
    if name is not None:
        st.session_state["class-nickname-input"] = name[:classroom.NICKNAME_MAX * 2]
        if membership() is None and try_join(code, name):
            st.rerun()  # the sidebar, drawn before this page, shows the class from the next run on


def try_join(typed_code: str, nickname: str) -> bool:
    """Join from the form or a link; a clear message (and no exception) for every way it can fail."""
    try:
        code = classroom.normalise_code(typed_code)
    except ValueError:
        st.error(t("classroom.error.bad_code", code=plain(str(typed_code)[:40])), icon="⚠️")
        return False
    try:
        limiter("joins", classroom.join_limiter).take()
        got = classroom.join(store(), code, nickname)
    except ClassError as error:
        st.error(class_error_text(error), icon="⚠️")
        return False
    except RateLimited as error:
        st.error(t("classroom.error.rate", seconds=int(error.wait_s) + 1), icon="⏳")
        return False
    except StoreError as error:
        st.error(t("classroom.store_down", detail=str(error)), icon="⚠️")
        return False
    except ValueError as error:
        st.error(t("classroom.error.join", detail=plain(str(error))), icon="⚠️")
        return False
    previous = membership()
    if previous is not None and previous["code"] != code:
        leave()
    joined(code, got)
    return True


def qr_png(text: str, lecture: bool) -> bytes:
    """The QR code of `text` as a PNG, twice as large in lecture mode (to be scanned off a projector)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=14 if lecture else 7, border=2)
    return out.getvalue()


def viewing() -> str | None:
    """The class whose board this session shows: the one it joined, else the one it leads."""
    member = membership()
    return member["code"] if member else st.session_state.get("class-viewing")


def chapter_label(chapter: str) -> str:
    return t(f"classroom.chapter.{chapter}")


def board_view(code: str, lang: str) -> None:
    """The live board of class `code`: re-read from the store only when its version changed."""

    @st.fragment(run_every=BOARD_REFRESH_S)
    def view():
        sync()  # this learner's runs that ended while they watch the board, the lecturer's broadcast
        key = lecturer_key(code)
        try:
            version = store().version(code)
            held = st.session_state.get("class-board")
            if held is None or held.code != code or held.version != version:
                held = st.session_state["class-board"] = classroom.read_board(store(), code, key, held)
        except ClassError as error:
            st.error(class_error_text(error), icon="⚠️")
            return
        except (StoreError, ValueError) as error:
            st.error(t("classroom.store_down", detail=str(error)), icon="⚠️")
            return
        live_view(code, lang)
        draw_board(held, key, lang)

    view()


def live_view(code: str, lang: str) -> None:
    """The lecturer's broadcast run, if any: its loss and accuracy as it trains, and "Try it myself"."""
    try:
        live = classroom.live_run(store(), code)
    except (StoreError, ValueError):
        return  # the board below says the store is down
    if live is None:
        return
    with st.container(border=True, key="class-live"):
        st.subheader(t("classroom.live_title", chapter=chapter_label(live["chapter"])))
        settings = ", ".join(f"{t(f'figures_classroom.setting.{name}')} {figures.shown(live['settings'][name])}"
                             for name in ("lr", "optimizer", "batch_size", "width", "epochs")
                             if live["settings"].get(name) is not None)
        st.caption(t("classroom.live_caption", status=t(f"live.status.{live['status']}"), settings=settings,
                     seconds=max(0, round(time.time() - live["updated"]))))
        memo = st.session_state.get("class-live-figure")
        if memo is None or memo[0] != (live["updated"], lang, is_on()):
            memo = st.session_state["class-live-figure"] = ((live["updated"], lang, is_on()), sized(
                loss_accuracy_figure(live["evals"], height=380, lang=lang)), followed_figures(live, lang))
        st.plotly_chart(memo[1], key="class-live-chart")
        for row, figures_in_row in enumerate(memo[2]):
            for n, (column, fig) in enumerate(zip(st.columns(len(figures_in_row)), figures_in_row)):
                column.plotly_chart(fig, key=f"class-live-figure-{row}-{n}")
        st.page_link(PAGE_FILES[live["page"]], label=t("classroom.try_myself"), icon="▶️",
                     query_params=link_params(live["params"]) | {"lang": st.session_state.get("lang", "en")})


def followed_figures(live: dict, lang: str) -> list[list]:
    """The followed run's chapter figures (its page's own, in rows), drawn from the broadcast's latest evaluation."""
    drawn = FOLLOWED_FIGURES.get(live["chapter"])
    if drawn is None or not live.get("latest"):
        return []
    return [[sized(fig) for fig in row] for row in drawn.broadcast_figures(live["latest"], live["settings"], lang=lang)]


def draw_board(board: classroom.Board, key: str | None, lang: str) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("classroom.joined"), board.joined)
    c2.metric(t("classroom.running"), board.running)
    c3.metric(t("classroom.runs"), len(board.runs))
    if board.dropped:
        st.info(t("classroom.dropped", n=board.dropped, most=classroom.MAX_RUNS), icon="ℹ️")
    hide = st.toggle(t("classroom.hide_names"), key="class-hide-names", help=t("classroom.hide_names_help"))
    if key is not None:
        try:
            class_store = store()
        except (StoreError, ValueError):
            class_store = None  # the board says the store is down
        if class_store is not None:  # the CSV is made on the click (in its own thread), not at every redraw
            st.download_button(t("classroom.export"), lambda: classroom.export_csv(class_store, board.code, key),
                               file_name=f"class-{board.code}.csv", mime="text/csv", key="class-export")
    chapters = board.chapters()
    if not chapters:
        st.caption(t("classroom.empty"))
        return
    # One chapter at a time (not tabs, which would build and send every chapter's charts at each redraw).
    chapter = st.segmented_control(t("classroom.chapter"), chapters, format_func=chapter_label, key="class-chapter",
                                   default=chapters[-1]) or chapters[-1]
    chapter_board(board, chapter if chapter in chapters else chapters[-1], hide, lang, saved_as(board.code))


def saved_as(code: str) -> dict[str, str]:
    """Board run id -> the names its run was saved under as a model of this class."""
    try:
        records = saved_models.listing(store(), saved_models.class_scope(code))
    except (StoreError, ValueError):
        return {}
    names: dict[str, str] = {}
    for record in reversed(records):  # oldest first
        if record.get("run"):
            names[record["run"]] = ", ".join(filter(None, (names.get(record["run"]), record["name"])))
    return names


def chapter_board(board: classroom.Board, chapter: str, hide: bool, lang: str,
                  saved: dict[str, str]) -> None:
    """Scatter, curves and table of one chapter's runs; a picked point or row offers its settings to try."""
    runs = classroom.ranked(board.of_chapter(chapter))
    options = figures.varying(runs) or ["lr"]
    c1, c2 = st.columns(2)
    label = lambda name: t(f"figures_classroom.setting.{name}")  # noqa: E731
    x = c1.selectbox(t("classroom.x_axis"), options, format_func=label, key=f"class-x-{chapter}")
    colours = [name for name in options if name != x]
    colour = c2.selectbox(t("classroom.colour"), colours, format_func=label, key=f"class-colour-{chapter}",
                          disabled=not colours) if colours else None
    memo = st.session_state.setdefault("class-figures", {})
    memo_key = (board.code, board.last, len(board.runs), chapter, x, colour, hide, lang, is_on())  # runs, not members
    if memo.get(chapter, (None,))[0] != memo_key:
        memo[chapter] = (memo_key, sized(figures.scatter(runs, x, colour, hide_names=hide, lang=lang)),
                         sized(figures.curves(runs, hide_names=hide, lang=lang)))
    _, scatter, curves = memo[chapter]
    left, right = st.columns(2)
    with left:
        picked_point = st.plotly_chart(scatter, key=f"class-scatter-{chapter}", on_select="rerun",
                                       selection_mode="points")
    right.plotly_chart(curves, key=f"class-curves-{chapter}")
    shown_settings = figures.varying(runs)
    table = pd.DataFrame([{
        "#": rank, t("classroom.col.nickname"): f"#{rank}" if hide else run["nickname"],
        t("classroom.col.status"): t(f"classroom.status.{run['status']}"),
        t("classroom.col.test_acc"): run.get("test_acc"), t("classroom.col.test_loss"): run.get("test_loss"),
        t("classroom.col.train_acc"): run.get("train_acc"), t("classroom.col.epochs"): run["epochs"],
        t("classroom.col.time"): run["time"],
        t("classroom.col.saved"): saved.get(run.get("id"), ""),
        **{label(name): figures.shown(run["settings"].get(name)) for name in shown_settings}}
        for rank, run in enumerate(runs, start=1)])
    picked_row = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row",
                              key=f"class-table-{chapter}", column_config={
                                  t("classroom.col.test_acc"): st.column_config.NumberColumn(format="percent"),
                                  t("classroom.col.train_acc"): st.column_config.NumberColumn(format="percent")})
    picked = _picked(picked_point, picked_row)
    if picked is not None and picked < len(runs):
        try_this_one(runs[picked], picked + 1, hide)


def _picked(point_state, row_state) -> int | None:
    """The run index a click chose: a row of the table, else a point of the scatter (its customdata)."""
    rows = getattr(getattr(row_state, "selection", None), "rows", None) or []
    if rows:
        return rows[0]
    points = getattr(getattr(point_state, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata")
        if data:
            return int(data[0])
    return None


def try_this_one(run: dict, rank: int, hide: bool) -> None:
    """A link to the run's chapter page with its settings, in this browser session."""
    who = f"#{rank}" if hide else run["nickname"]
    with st.container(border=True, key="class-try"):
        st.caption(t("classroom.try_caption"))
        st.text(f"#{rank} · {who} · " + ", ".join(f"{k}={v}" for k, v in run["params"]))
        st.page_link(PAGE_FILES[run["page"]], label=t("classroom.try"), icon="▶️",
                     query_params=link_params(run["params"]) | {"lang": st.session_state.get("lang", "en")})


def link_params(pairs) -> dict[str, list[str]]:
    """Share-link pairs as query parameters, repeated keys (range sliders) kept in order."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out
