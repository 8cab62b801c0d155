"""Arriving by a link, on any page (app.py calls take_key_link first, read_link before the page runs): ?class=CODE
joins that class (with &name=, else a small form asks for a nickname), &key= opens it as its lecturer, and
&tried=CHAPTER says that the page opened with a board run's settings ("try this one", "try it myself":
posting.open_tried makes Start train them). A mistyped, unknown or closed code is named at once, on the page the
link opened, until the learner moves on.
"""

import streamlit as st

from core import classroom
from core.classroom import ClassError
from core.store import StoreError
from ui.classroom import seats, state
from ui.classroom.class_store import class_error_text, store
from ui.classroom.membership import default_nickname, plain, try_join
from ui.i18n import t

LINK_PARAMS = ("class", "name", "key", "tried")  # what a link into a class may carry; none stays in the URL
CLASS_PAGE = "class"  # /class has its own join form


def take_key_link() -> None:
    """First thing in a browser's run (before the language or anything else rewrites the URL, which would push a
    history entry holding the key): a valid lecturer link is kept in the cookie and its entry replaced (seats)."""
    params = st.query_params
    typed, key = params.get("class"), params.get("key")
    if typed is None or key is None or not st.context.url:
        return  # without a browser (AppTest), read_link takes the key out of the session's URL
    try:
        code = classroom.normalise_code(typed)
    except ValueError:
        return  # read_link says why
    if _is_lecturer(code, key):
        seats.leave_key_link(code, key)


def read_link() -> None:
    """Take ?class= (&name=, &key=, &tried=) into the session and out of the URL: the lecturer key must not reach the
    share link or history, and a student's link must not carry another's nickname on."""
    params = st.query_params
    typed, name, key, tried = (params.get(param) for param in LINK_PARAMS)
    state.set_tried(tried)  # this run's only: the page's training panels read it
    notice = state.link_notice()
    if notice is not None and notice[0] != state.page_path():
        state.set_link_notice(None)  # said where the link opened; gone once the learner moves on
    code = None if typed is None else _code(typed)
    lecturer = code is not None and key is not None and _is_lecturer(code, key)
    if lecturer:
        state.lead(code, key)
    elif code is not None and key is not None:
        _say(t("classroom.error.not_lecturer", code=code))
    for param in LINK_PARAMS:
        if param in params:
            del st.query_params[param]
    member = state.membership()
    if code is not None and not lecturer and (member is None or member["code"] != code) and _open(code):
        state.remember_link_code(code)
        if name is not None:
            state.fill_nickname(name[:classroom.NICKNAME_MAX * 2])
            if member is None and try_join(code, name):
                st.rerun()  # the sidebar, drawn before this page, shows the class from the next run on
    _show_notice()
    if state.page_path() != CLASS_PAGE:
        join_box()


def _code(typed: str) -> str | None:
    try:
        return classroom.normalise_code(typed)
    except ValueError:
        _say(t("classroom.error.bad_code", code=plain(typed[:40])))
        return None


def _is_lecturer(code: str, key: str) -> bool:
    try:
        meta = store().meta(code)
    except (StoreError, ValueError):
        return False
    return meta is not None and classroom.is_lecturer(meta, key)


def _open(code: str) -> bool:
    """Whether `code` names an open class; an unknown or closed one is named now (a store that cannot be reached
    is left to the join, which says so)."""
    try:
        classroom.open_class(store(), code)
    except ClassError as error:
        _say(class_error_text(error))
        return False
    except (StoreError, ValueError):
        pass
    return True


def _say(text: str) -> None:
    state.set_link_notice((state.page_path(), text))


def _show_notice() -> None:
    notice = state.link_notice()
    if notice is not None:
        st.error(notice[1], icon="⚠️")


def join_box() -> None:
    """On a chapter page a link brought without a nickname: join its class here, or not now."""
    code = state.link_code()
    member = state.membership()
    if code is None or (member is not None and member["code"] == code):
        return
    state.join_form_defaults(default_nickname())
    with st.container(border=True, key="class-link-box"):
        st.markdown(t("classroom.link_join", code=code))
        nickname = st.text_input(t("classroom.nickname"), key=state.NICKNAME_INPUT, max_chars=48,
                                 help=t("classroom.nickname_help"))
        join_col, later_col = st.columns(2)
        if join_col.button(t("classroom.join"), key="class-link-join", type="primary", width="stretch") and \
                try_join(code, nickname):
            st.rerun()
        later_col.button(t("classroom.link_later"), key="class-link-later", on_click=state.forget_link_code,
                         width="stretch")
