"""The lecturer's broadcast ("follow mode"): a switch on the chapter pages, and the run it sends to the board."""

import time

import streamlit as st

from core import classroom
from core.classroom import ClassError
from core.store import StoreError
from ui.classroom import state
from ui.classroom.chapters import CHAPTER_OF_SLOT, FOLLOWED_FIGURES, PAGE_FILES
from ui.classroom.class_store import store
from ui.i18n import t

BROADCAST_EVERY_S = 1.0


def broadcasting() -> tuple[str, str, str] | None:
    """(class code, lecturer key, page URL path) while this session broadcasts its runs on that page."""
    page, code = state.broadcast_page(), state.led()
    key = state.lecturer_key(code) if code else None
    return (code, key, page) if page and key else None


def _broadcast_switched(path: str) -> None:
    code = state.led()
    if state.switched_on(path):
        state.start_broadcast(path)
    elif state.end_broadcast() and code:
        try:
            classroom.stop_broadcast(store(), code, state.lecturer_key(code))
        except (StoreError, ValueError):
            pass  # it expires by itself (core.classroom.LIVE_TTL_S)


def broadcast_toggle() -> None:
    """The lecturer's "Broadcast this run" switch, on the chapter pages whose runs go on a board."""
    code, path = state.led(), state.page_path()
    if not code or state.lecturer_key(code) is None or path not in PAGE_FILES:
        return
    st.toggle(t("classroom.broadcast"), value=state.broadcast_page() == path,
              key=state.broadcast_switch(path), on_change=_broadcast_switched, args=(path,),
              help=t("classroom.broadcast_help", code=code))


def broadcast_tick() -> None:
    """Send the broadcast page's run (the one training, else the last that ran) at most once a second."""
    live = broadcasting()
    if live is None:
        return
    code, key, page = live
    candidates = [(slot, runner.state()) for slot, runner in state.runners().items()
                  if CHAPTER_OF_SLOT.get(slot, (None, None, None))[2] == page]
    candidates = [(slot, run_state) for slot, run_state in candidates if run_state.records]
    if not candidates:
        return
    slot, run_state = max(candidates, key=lambda pair: (pair[1].active, pair[1].records[-1].get("time", 0.0)))
    sent = state.broadcast_sent()  # (first record, records, status, when)
    now = time.monotonic()
    if sent is not None and sent[0] is run_state.records[0] and sent[2] == run_state.status and (
            sent[1] == len(run_state.records) or now - sent[3] < BROADCAST_EVERY_S):
        return
    chapter = CHAPTER_OF_SLOT[slot][0]
    drawn, last = FOLLOWED_FIGURES.get(chapter), run_state.latest("eval")
    latest = None if drawn is None or last is None else {
        field: last[field] for field in drawn.BROADCAST_FIELDS if field in last}
    try:
        classroom.broadcast(store(), code, key, chapter=chapter, page=page, params=state.links().get(slot, []),
                            config=run_state.config, records=run_state.records, status=run_state.status,
                            latest=latest)
    except (StoreError, ValueError, ClassError, PermissionError):
        return  # the students' board goes quiet; the lecturer's run is untouched
    state.set_broadcast_sent((run_state.records[0], len(run_state.records), run_state.status, now))
