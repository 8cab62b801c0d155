"""The class box in the sidebar of every page: the seat kept in the browser, the lecturer's broadcast switch, the
class's name, code and nickname, leaving."""

import time

import streamlit as st

from core.store import StoreError
from ui import polling
from ui.classroom import seats, state
from ui.classroom.broadcast import broadcast_tick, broadcast_toggle
from ui.classroom.class_store import store
from ui.classroom.membership import leave
from ui.classroom.posting import sync_runs
from ui.i18n import t

NAME_EVERY_S = 20.0  # re-read the class's name (the lecturer may rename it) at most this often
HEARTBEAT_S = 10.0  # a tab in a class with nothing else polling asks the server this often (see heartbeat)


def sidebar_box() -> None:
    """The class and nickname on every page, with a one-click leave; posts runs that ended meanwhile."""
    seats.restore()  # a new session (a reload, a restarted server) takes its seat back first
    broadcast_tick()
    broadcast_toggle()
    if state.membership() is not None:
        sync_runs()
    member = state.membership()  # sync_runs leaves a class that was closed
    seats.keep()
    if member is None:
        return
    st.caption(t("classroom.sidebar.in_class"))
    name = class_name(member["code"])
    if name:
        st.text(name)  # st.text: the lecturer's text is never Markdown or HTML
    st.text(f"{member['code']} · {member['nickname']}")  # and neither is a nickname
    if state.waiting():
        st.caption(t("classroom.sidebar.pending", n=state.waiting()))
    st.button(t("classroom.leave"), key="class-leave", on_click=leave)


def class_name(code: str) -> str:
    """The class's name as last read (the board refreshes it too); "" when it has none or the store is away."""
    held = state.class_name()
    if held is not None and held[0] == code and time.monotonic() - held[2] < NAME_EVERY_S:
        return held[1]
    try:
        meta = store().meta(code)
    except (StoreError, ValueError):
        return held[1] if held is not None and held[0] == code else ""
    name = (meta or {}).get("name", "")
    state.set_class_name(code, name, time.monotonic())
    return name


def heartbeat() -> None:
    """After the page (app.py): a tab in a class asks the server every HEARTBEAT_S while nothing on its page polls.
    Streamlit does not rerun an open tab when the server restarts; this asking does, on the new server, and the rerun
    takes the seat back from its cookie (seats.restore), so an idle phone is back in its class without a touch."""
    if state.viewing() is None or polling.page_polls():
        return

    @st.fragment(run_every=polling.every("class-heartbeat", HEARTBEAT_S))
    def ask():
        pass  # the run itself is the question

    with st.sidebar:
        ask()
