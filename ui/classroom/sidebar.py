"""The class box in the sidebar of every page: the lecturer's broadcast switch, the class and nickname, leaving."""

import streamlit as st

from ui.classroom import state
from ui.classroom.broadcast import broadcast_tick, broadcast_toggle
from ui.classroom.membership import leave
from ui.classroom.posting import sync_runs
from ui.i18n import t


def sidebar_box() -> None:
    """The class and nickname on every page, with a one-click leave; posts runs that ended meanwhile."""
    broadcast_tick()
    broadcast_toggle()
    if state.membership() is None:
        return
    sync_runs()
    member = state.membership()  # sync_runs leaves a class that was closed
    if member is None:
        return
    st.caption(t("classroom.sidebar.in_class"))
    st.text(f"{member['code']} · {member['nickname']}")  # st.text: a nickname is never Markdown or HTML
    if state.waiting():
        st.caption(t("classroom.sidebar.pending", n=state.waiting()))
    st.button(t("classroom.leave"), key="class-leave", on_click=leave)
