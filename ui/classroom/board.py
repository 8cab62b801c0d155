"""A class's live board (pages/classroom.py): the lecturer's broadcast run, then one chapter's runs at a time."""

import time
from collections.abc import Callable

import pandas as pd
import streamlit as st

from core import classroom, saved_models
from core.board_runs import applied_settings
from core.classroom import ClassError
from core.store import StoreError
from ui import figures_classroom as figures, polling
from ui.classroom import state
from ui.classroom.chapters import FOLLOWED_FIGURES
from ui.classroom.class_store import class_error_text, store
from ui.classroom.links import run_page_link
from ui.classroom.membership import plain
from ui.classroom.posting import sync
from ui.figures import loss_accuracy_figure
from ui.i18n import t
from ui.text import lookup
from ui.lecture import is_on, sized
from ui.phone import later

BOARD_REFRESH_S = 2.0


def chapter_label(chapter: str) -> str:
    return t(f"classroom.chapter.{chapter}")


def board_view(code: str, lang: str, below: Callable[[], None]) -> None:
    """The live board of class `code`, re-read from the store only when its version changed, then `below` (the
    class's saved models): one polling fragment for the page, since two that tick together leave Streamlit's front
    end holding hidden old copies of the live charts, more at every tick."""

    @st.fragment(run_every=polling.every("class-board", BOARD_REFRESH_S))
    def view():
        sync()  # this learner's runs that ended while they watch the board, the lecturer's broadcast
        key = state.lecturer_key(code)
        try:
            version = store().version(code)
            held = state.held_board()
            if held is None or held.code != code or held.version != version:
                held = state.hold_board(classroom.read_board(store(), code, key, held))
        except ClassError as error:
            st.error(class_error_text(error), icon="⚠️")
            return
        except (StoreError, ValueError) as error:
            st.error(t("classroom.store_down", detail=str(error)), icon="⚠️")
            return
        live_view(code, lang)
        draw_board(held, key, lang)
        below()

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
        st.caption(t("classroom.live_caption", status=t(f"live.status.{live['status']}"),
                     settings=caption_settings(live["chapter"], live["settings"]),
                     seconds=max(0, round(time.time() - live["updated"]))))
        memo = state.live_figure()
        if memo is None or memo[0] != (live["updated"], lang, is_on()):
            memo = state.keep_live_figure(((live["updated"], lang, is_on()), sized(
                loss_accuracy_figure(live["evals"], height=380, lang=lang)), followed_figures(live, lang)))
        st.plotly_chart(memo[1], key="class-live-chart")
        for row, figures_in_row in enumerate(memo[2]):
            for n, (column, fig) in enumerate(zip(st.columns(len(figures_in_row)), figures_in_row)):
                column.plotly_chart(fig, key=f"class-live-figure-{row}-{n}")
        run_page_link(live, t("classroom.try_myself"))


def caption_settings(chapter: str, settings: dict) -> str:
    """The broadcast run's main settings that apply to its chapter, e.g. "learning rate 0.1, full batch, epochs 10"."""
    applied = applied_settings(chapter, settings)
    return ", ".join(t("classroom.full_batch") if name == "batch_size" and applied[name] == 0 else
                     f"{t(f'figures_classroom.setting.{name}')} {figures.shown(applied[name])}"
                     for name in ("lr", "optimizer", "batch_size", "width", "epochs") if applied.get(name) is not None)


def followed_figures(live: dict, lang: str) -> list[list]:
    """The followed run's chapter figures (its page's own, in rows), drawn from the broadcast's latest evaluation."""
    drawn = FOLLOWED_FIGURES.get(live["chapter"])
    if drawn is None or not live.get("latest"):
        return []
    return [[sized(fig) for fig in row] for row in drawn.broadcast_figures(live["latest"], live["settings"], lang=lang)]


def draw_board(board: classroom.Board, key: str | None, lang: str) -> None:
    state.set_class_name(board.code, board.name, time.monotonic())  # the sidebar shows it too
    if board.name:
        st.subheader(plain(board.name), anchor=False)  # the lecturer's text: never Markdown
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
    charts = later(f"class-charts-{chapter}")  # a phone shows the ranked table first, the charts after it
    c1, c2 = charts.columns(2)
    label = lambda name: t(f"figures_classroom.setting.{name}")  # noqa: E731
    x = c1.selectbox(t("classroom.x_axis"), options, format_func=label, key=f"class-x-{chapter}")
    colours = [name for name in options if name != x]
    colour = c2.selectbox(t("classroom.colour"), colours, format_func=label, key=f"class-colour-{chapter}",
                          disabled=not colours) if colours else None
    memo = state.figures()
    memo_key = (board.code, board.last, len(board.runs), chapter, x, colour, hide, lang, is_on())  # runs, not members
    if memo.get(chapter, (None,))[0] != memo_key:
        memo[chapter] = (memo_key, sized(figures.scatter(runs, x, colour, hide_names=hide, lang=lang)),
                         sized(figures.curves(runs, hide_names=hide, lang=lang)))
    _, scatter, curves = memo[chapter]
    left, right = charts.columns(2)
    with left:
        picked_point = st.plotly_chart(scatter, key=f"class-scatter-{chapter}", on_select="rerun",
                                       selection_mode="points")
    right.plotly_chart(curves, key=f"class-curves-{chapter}")
    shown_settings = figures.varying(runs)
    # A chapter without accuracy (lectures 3-5) is ranked by its final training loss: show that, not empty columns.
    metrics = ("train_loss",) if figures.by_loss(runs) else ("test_acc", "test_loss", "train_acc")
    # The result beside the name: on a phone the columns after the first three need a sideways swipe.
    table = pd.DataFrame([{
        "#": rank, t("classroom.col.nickname"): f"#{rank}" if hide else run["nickname"],
        **{t(f"classroom.col.{name}"): run.get(name) for name in metrics},
        t("classroom.col.status"): t(f"classroom.status.{run['status']}"), t("classroom.col.epochs"): run["epochs"],
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
        try_this_one(runs[picked], picked + 1, hide, lang)


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


# The part of a link key after its page's prefix ("ch7-lr" -> "lr") -> the setting the board's charts call it.
PARAM_SETTINGS = {"lr": "lr", "epochs": "epochs", "opt": "optimizer", "act": "activation", "std": "standardise",
                  "batch": "batch_size", "batch-size": "batch_size", "momentum": "momentum", "model": "model",
                  "seed": "seed", "patience": "patience", "train-patience": "patience", "layers": "layers"}


def readable_params(params, lang: str) -> str:
    """A run's link values as a learner reads them: "learning rate = 1, epochs = 100", not "ch7-lr=1, ch7-epochs=100"
    (a value no chart names keeps its key without the page's prefix)."""
    words = []
    for key, value in params:
        name = key.split("-", 1)[-1]
        label = lookup(f"figures_classroom.setting.{PARAM_SETTINGS[name]}", lang) if name in PARAM_SETTINGS else name
        words.append(f"{label} = {value}")
    return ", ".join(words)


def try_this_one(run: dict, rank: int, hide: bool, lang: str) -> None:
    """A link to the run's chapter page with its settings, in this browser session."""
    who = f"#{rank}" if hide else run["nickname"]
    with st.container(border=True, key="class-try"):
        st.caption(t("classroom.try_caption"))
        st.text(f"#{rank} · {who} · {readable_params(run['params'], lang)}")
        run_page_link(run, t("classroom.try"))

