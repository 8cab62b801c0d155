"""Joining and leaving a class (from a form or a ?class= link: ui.classroom.arrival), and opening and running one as
its lecturer."""

import re

import streamlit as st

from core import classroom, rate_limits
from core.classroom import ClassError, NotLecturer
from core.rate_limits import RateLimited
from core.store import StoreError
from ui.classroom import state
from ui.classroom.class_store import class_error_text, store
from ui.i18n import t


def plain(text: str) -> str:
    """Text a learner typed, made literal inside Markdown (st.error, st.caption): every markup character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def default_nickname() -> str:
    """A random nickname in the learner's language ("Curious Otter 42", "好奇的水獭 42")."""
    return classroom.friendly_nickname(t("classroom.nick.adjectives").split(), t("classroom.nick.animals").split(),
                                       t("classroom.nick.form"))


def joined(code: str, nickname: str) -> None:
    state.set_membership(code, nickname)
    state.set_store_notice(False)
    state.forget_link_code()
    state.set_link_notice(None)


def leave() -> None:
    """Leave the class (a click in the sidebar); this session's runs stay on the board."""
    member = state.drop_membership()
    state.drop_pending()
    if member:
        try:
            classroom.leave(store(), member["code"], member["nickname"])
        except (StoreError, ValueError):
            pass  # the member is forgotten here; the store's list drops them when the class expires


def try_join(typed_code: str, nickname: str) -> bool:
    """Join from the form or a link; a clear message (and no exception) for every way it can fail."""
    try:
        code = classroom.normalise_code(typed_code)
    except ValueError:
        st.error(t("classroom.error.bad_code", code=plain(str(typed_code)[:40])), icon="⚠️")
        return False
    try:
        state.limiter("joins", rate_limits.join_limiter).take()
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
    previous = state.membership()
    if previous is not None and previous["code"] != code:
        leave()
    joined(code, got)
    return True


def start_class(name: str) -> bool:
    """Open a new class led by this session; False (with the store's message shown) if the store cannot."""
    try:
        code, key = classroom.create_class(store(), name)
    except (StoreError, ValueError) as error:
        st.error(t("classroom.store_down", detail=str(error)), icon="⚠️")
        return False
    state.lead(code, key)
    return True


def lecturer_action(action, code: str, key: str, *args, done: str) -> None:
    """Run a lecturer-only core.classroom action (rename, clear, close) and say it is done, or why it was not."""
    try:
        action(store(), code, key, *args)
    except NotLecturer:
        st.error(t("classroom.error.not_lecturer", code=code), icon="🔒")
    except ClassError as error:
        st.error(class_error_text(error), icon="⚠️")
    except StoreError as error:
        st.error(t("classroom.store_down", detail=str(error)), icon="⚠️")
    else:
        st.toast(t(done))
