"""The class: a lecturer opens one (code, link, QR), students join with a nickname, and everyone's finished runs
meet on one live board per chapter (core.classroom over core.store; what a session does is ui.classroom's)."""

import streamlit as st

from core import classroom
from ui import classroom as room, saved_models
from ui.i18n import lang, t
from ui.lecture import is_on

LANG = lang()
st.title(t("classroom.title"))
st.caption(t("classroom.intro"))  # a ?class= link was read before the page ran (app.py)


def lecturer_panel(code: str, key: str) -> None:
    """The code, the join link and its QR code, the lecturer's own link, and the lecturer-only actions."""
    link = room.join_link(code)
    left, right = st.columns([1.3, 1])
    with left:
        st.subheader(t("classroom.code"))
        st.markdown(f"# `{code}`")  # from core.classroom.CODE_ALPHABET: nothing to escape
        st.caption(t("classroom.join_link"))
        st.code(link, language=None, wrap_lines=True)
        with st.expander(t("classroom.lecturer_link")):
            st.caption(t("classroom.lecturer_link_help"))
            st.code(room.join_link(code, key), language=None, wrap_lines=True)
    right.image(room.qr_png(link, lecture=is_on()), caption=t("classroom.qr_caption"), width="content")
    c1, c2, c3 = st.columns([2, 1, 1])
    name = c1.text_input(t("classroom.name"), key="class-rename", max_chars=classroom.NAME_MAX)
    if c1.button(t("classroom.rename"), key="class-rename-go"):
        room.lecturer_action(classroom.rename, code, key, name, done="classroom.renamed")
    # Clearing and closing cannot be undone: each asks first, in a popover its button opens.
    with c2.popover(t("classroom.clear"), help=t("classroom.clear_help"), width="stretch"):
        if st.button(t("classroom.clear_yes"), key="class-clear", type="primary"):
            room.lecturer_action(classroom.clear, code, key, done="classroom.cleared")
    with c3.popover(t("classroom.close"), help=t("classroom.close_help"), width="stretch"):
        if st.button(t("classroom.close_yes"), key="class-close", type="primary"):
            room.lecturer_action(classroom.close, code, key, done="classroom.closed")


def start_forms() -> None:
    """Join a class (code and nickname), or open a new one."""
    join_col, new_col = st.columns(2)
    with join_col, st.container(border=True):
        st.subheader(t("classroom.join_title"))
        room.join_form_defaults(room.default_nickname())
        code = st.text_input(t("classroom.code_input"), key="class-code-input", max_chars=20)
        nickname = st.text_input(t("classroom.nickname"), key="class-nickname-input", max_chars=48,
                                 help=t("classroom.nickname_help"))
        if st.button(t("classroom.join"), key="class-join", type="primary") and room.try_join(code, nickname):
            st.rerun()
    with new_col, st.container(border=True):
        st.subheader(t("classroom.new_title"))
        st.caption(t("classroom.new_help"))
        name = st.text_input(t("classroom.name"), key="class-new-name", max_chars=classroom.NAME_MAX)
        if st.button(t("classroom.new"), key="class-new", type="primary") and room.start_class(name):
            st.rerun()


code = room.viewing()
member = room.membership()
if code is None:
    start_forms()
else:
    key = room.lecturer_key(code)
    if key is not None:
        lecturer_panel(code, key)
        if st.button(t("classroom.stop_viewing"), key="class-stop-viewing"):
            room.stop_leading()
            st.rerun()
    if member is not None:
        st.caption(t("classroom.you_are"))
        st.text(f"{member['code']} · {member['nickname']}")  # plain text: never Markdown or HTML
    st.divider()
    room.board_view(code, LANG, below=lambda: saved_models.class_panel(code))
