"""A seat that lasts: a member's class and nickname, and a lecturer's rights, kept in two browser cookies, so that a
reload, a dropped connection or a restarted server brings each open tab back to its class by itself.

Why cookies: the browser sends them with the connection each new Streamlit session opens, and st.context.cookies has
them on the session's first run, before anything is drawn, on every page; they never show in an address, the sidebar's
share link, a projected screen or the browser's history. A member token in the URL would travel with every link a
student copies and stay in history (and a lecturer's would be on the projector); browser storage can only be read by
JavaScript sending it back to the server, after the first run has already drawn the join form. Streamlit reads cookies
but has no call to write them, so a short script does (st.html with JavaScript; only our own text and base64 values,
never what someone typed). A cookie is per browser, not per tab: the tabs of one phone are one student, which is also
what keeps a second tab from taking a second seat.

The seat cookie holds the class code, the nickname and its seat token (core.classroom.seat_token, a keyed hash the
store checks, so a cookie cannot claim another member's nickname); the lecturer cookie holds the code and the lecturer
key, checked against its hash as a lecturer link is. The same works on SQLite and Redis: only the class's meta and
member list are read. Both cookies last as long as an idle class does (core.classroom.TTL_S).
"""

import base64
import json

import streamlit as st

from core import classroom
from core.classroom import ClassError
from core.store import StoreError
from ui.classroom import state
from ui.classroom.class_store import class_error_text, store
from ui.classroom.membership import joined

SEAT_COOKIE, LEAD_COOKIE = "torchplay-seat", "torchplay-lead"
SET = "document.cookie = '{name}={value}; path=/; max-age={age}; SameSite=Lax';"
# The lecturer link's key leaves the address bar by replacing this history entry (a new session, led again from
# the cookie set just before): removing it from st.query_params would push a new entry and leave the key one behind.
WITHOUT_KEY = ("const url = new URL(window.location.href);"
               "['class', 'name', 'key'].forEach(name => url.searchParams.delete(name));"
               "window.location.replace(url.toString());")


def _encode(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(text) -> dict | None:
    """A cookie's dict, or None for a missing or damaged one (a browser's cookies are input like any other)."""
    if not isinstance(text, str) or not text or len(text) > 400:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()) else None


def restore() -> None:
    """Once per session, before the sidebar shows the class: take back the seat and the lecturer rights the
    cookies hold. While the store cannot be reached it is tried again on the next run."""
    if state.cookies() is not None:
        return
    held = {name: st.context.cookies.get(name) for name in (SEAT_COOKIE, LEAD_COOKIE)}
    seat, lead = _decode(held[SEAT_COOKIE]), _decode(held[LEAD_COOKIE])
    try:
        if seat and state.membership() is None:
            _take_seat(seat)
        if lead and state.led() is None:
            _take_lead(lead)
    except StoreError:
        return
    state.set_cookies(held)


def _take_seat(seat: dict) -> None:
    try:
        code = classroom.normalise_code(seat.get("code", ""))
        nickname = seat.get("nickname", "")
        if classroom.has_seat(store(), code, nickname, seat.get("token", "")):
            joined(code, nickname)
            state.set_seat(code, nickname, seat["token"])
    except ClassError as error:  # closed or expired meanwhile: said once, and the cookie goes (keep)
        st.toast(class_error_text(error), icon="⚠️")
    except ValueError:
        pass  # not a seat: the cookie goes


def _take_lead(lead: dict) -> None:
    try:
        code = classroom.normalise_code(lead.get("code", ""))
    except ValueError:
        return
    meta = store().meta(code)
    if meta is not None and classroom.is_lecturer(meta, lead.get("key")):
        state.lead(code, lead["key"])


def keep() -> None:
    """Write the cookies when this session's seat or lecturer rights changed (joined, left, opened, stopped)."""
    held = state.cookies()
    if held is None:
        return
    wanted = {SEAT_COOKIE: _seat_value(held.get(SEAT_COOKIE)), LEAD_COOKIE: _lead_value()}
    changed = {name: value for name, value in wanted.items() if held.get(name) != value}
    if changed:
        st.html("<script>" + "".join(_setter(name, value) for name, value in changed.items()) + "</script>",
                unsafe_allow_javascript=True)
        state.set_cookies(held | changed)


def leave_key_link(code: str, key: str) -> None:
    """In a browser: keep the lecturer's rights in the cookie, then open the same page without the key, replacing
    the history entry that holds it (the page stops here; the new session leads from the cookie)."""
    lead = _encode({"code": code, "key": key})
    st.html(f"<script>{_setter(LEAD_COOKIE, lead)}{WITHOUT_KEY}</script>", unsafe_allow_javascript=True)
    st.stop()


def _setter(name: str, value: str | None) -> str:
    return SET.format(name=name, value=value or "", age=classroom.TTL_S if value else 0)


def _seat_value(held: str | None) -> str | None:
    member = state.membership()
    if member is None:
        return None
    code, nickname = member["code"], member["nickname"]
    known = state.seat()
    if known is None or known[:2] != (code, nickname):
        try:
            meta = store().meta(code)
        except (StoreError, ValueError):
            return held  # unchanged until the store answers
        state.set_seat(code, nickname, classroom.seat_token(meta or {}, nickname))
        known = state.seat()
    token = known[2]
    return _encode({"code": code, "nickname": nickname, "token": token}) if token else None


def _lead_value() -> str | None:
    code = state.led()
    key = state.lecturer_key(code) if code else None
    return _encode({"code": code, "key": key}) if key else None
