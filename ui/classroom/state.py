"""A session's class state: every st.session_state key the class uses is named here, and read or written only
through these functions (widget keys that nothing else reads stay beside their widget)."""

import streamlit as st

MEMBER = "class-member"  # {"code", "nickname"} while this session is in a class
KEYS = "class-keys"  # class code -> lecturer key, for each class this session leads
VIEWING = "class-viewing"  # the class this session leads and shows
LINK_CODE = "class-link-code"  # the code a ?class= link brought, for the join form, until joined or declined
LINK_NOTICE = "class-link-notice"  # (page URL path, text) why a ?class= link did not join, shown on that page
TRIED = "class-tried"  # the board chapter whose run's settings this run's page opened ("try this one")
SEAT = "class-seat"  # (code, nickname, seat token) of this session's membership (core.classroom.seat_token)
COOKIES = "class-cookies"  # seat cookie name -> the value the browser holds (read at the start, or written since)
CLASS_NAME = "class-name"  # (code, the class's name, time.monotonic() when read)
CODE_INPUT = "class-code-input"  # the join form's fields (widget keys a link or a default fills)
NICKNAME_INPUT = "class-nickname-input"
LIMITER = "class-limiter-{}"  # this session's rate limiter of joins, of posts
LINKS = "class-links"  # slot -> the share-link values of its run, for "try this one"
POSTED = "class-posted"  # slot -> board id of the run posted last
RUN_IDS = "class-run-ids"  # slot -> (first record of the run, its board id)
PENDING = "class-pending"  # summaries the store has not taken yet, oldest first
STORE_NOTICE = "class-store-notice"  # set once "could not be posted" was said, until a post goes through
MARKED = "class-marked"  # (running, when) last told to the board
BROADCAST = "class-broadcast"  # the page URL path whose runs this lecturer broadcasts
BROADCAST_SWITCH = "class-broadcast-{}"  # the "Broadcast this run" toggle of a page
BROADCAST_SENT = "class-broadcast-sent"  # (first record, records, status, when) last broadcast
BOARD = "class-board"  # the core.classroom.Board last read
LIVE_FIGURE = "class-live-figure"  # (what it was drawn from, loss figure, chapter figures) of the broadcast
FIGURES = "class-figures"  # chapter -> (what they were drawn from, scatter, curves)
RUNNERS = "runners"  # ui.live's: slot -> this session's Runner
PAGE_PATH = "share-page-path"  # app.py's: the URL path of the page this run draws


# ---------------------------------------------------------------- membership and leading
def membership() -> dict | None:
    """{"code", "nickname"} while this session is in a class."""
    return st.session_state.get(MEMBER)


def set_membership(code: str, nickname: str) -> None:
    st.session_state[MEMBER] = {"code": code, "nickname": nickname}


def drop_membership() -> dict | None:
    """Forget the class this session is in; returns the membership it had."""
    return st.session_state.pop(MEMBER, None)


def lecturer_key(code: str) -> str | None:
    return st.session_state.get(KEYS, {}).get(code)


def lead(code: str, key: str) -> None:
    """Keep the lecturer key of class `code` and show its board."""
    st.session_state.setdefault(KEYS, {})[code] = key
    st.session_state[VIEWING] = code


def led() -> str | None:
    """The class this session leads and shows (its key may still be missing: a wrong key in a link)."""
    return st.session_state.get(VIEWING)


def stop_leading() -> None:
    st.session_state.pop(VIEWING, None)


def viewing() -> str | None:
    """The class whose board this session shows: the one it joined, else the one it leads."""
    member = membership()
    return member["code"] if member else led()


def remember_link_code(code: str) -> None:
    st.session_state[LINK_CODE] = code


def link_code() -> str | None:
    return st.session_state.get(LINK_CODE)


def forget_link_code() -> None:
    st.session_state.pop(LINK_CODE, None)


def link_notice() -> tuple[str, str] | None:
    return st.session_state.get(LINK_NOTICE)


def set_link_notice(notice: tuple[str, str] | None) -> None:
    if notice is None:
        st.session_state.pop(LINK_NOTICE, None)
    else:
        st.session_state[LINK_NOTICE] = notice


def tried() -> str | None:
    return st.session_state.get(TRIED)


def set_tried(chapter: str | None) -> None:
    if chapter is None:
        st.session_state.pop(TRIED, None)
    else:
        st.session_state[TRIED] = chapter


# ---------------------------------------------------------------- seats kept in the browser (ui.classroom.seats)
def seat() -> tuple[str, str, str] | None:
    return st.session_state.get(SEAT)


def set_seat(code: str, nickname: str, token: str | None) -> None:
    st.session_state[SEAT] = (code, nickname, token)


def cookies() -> dict | None:
    """The seat cookies the browser holds, None until they were read in this session."""
    return st.session_state.get(COOKIES)


def set_cookies(values: dict) -> None:
    st.session_state[COOKIES] = values


def class_name() -> tuple[str, str, float] | None:
    return st.session_state.get(CLASS_NAME)


def set_class_name(code: str, name: str, when: float) -> None:
    st.session_state[CLASS_NAME] = (code, name, when)


def fill_nickname(nickname: str) -> None:
    st.session_state[NICKNAME_INPUT] = nickname


def join_form_defaults(nickname: str) -> None:
    """The join form's first values: the code a link brought, and `nickname`."""
    st.session_state.setdefault(CODE_INPUT, st.session_state.get(LINK_CODE, ""))
    st.session_state.setdefault(NICKNAME_INPUT, nickname)


def limiter(name: str, make):
    """This session's rate limiter `name` (join lookups, posts)."""
    return st.session_state.setdefault(LIMITER.format(name), make())


# ---------------------------------------------------------------- runs and posting
def runners() -> dict:
    return st.session_state.get(RUNNERS, {})


def page_path() -> str | None:
    return st.session_state.get(PAGE_PATH)


def links() -> dict[str, list]:
    """slot -> the share-link values of its run (empty until a run was remembered)."""
    return st.session_state.get(LINKS, {})


def keep_links(slot: str, pairs: list) -> None:
    st.session_state.setdefault(LINKS, {})[slot] = pairs


def posted() -> dict[str, str]:
    return st.session_state.setdefault(POSTED, {})


def run_ids() -> dict:
    return st.session_state.setdefault(RUN_IDS, {})


def pending() -> list[dict]:
    return st.session_state.setdefault(PENDING, [])


def waiting() -> int:
    """How many posts wait for the store (without making the list)."""
    return len(st.session_state.get(PENDING) or ())


def drop_pending() -> None:
    st.session_state.pop(PENDING, None)


def store_notice_shown() -> bool:
    return bool(st.session_state.get(STORE_NOTICE))


def set_store_notice(shown: bool) -> None:
    if shown:
        st.session_state[STORE_NOTICE] = True
    else:
        st.session_state.pop(STORE_NOTICE, None)


def marked() -> tuple[bool, float] | None:
    return st.session_state.get(MARKED)


def set_marked(running: bool, when: float) -> None:
    st.session_state[MARKED] = (running, when)


# ---------------------------------------------------------------- the lecturer's broadcast
def broadcast_page() -> str | None:
    return st.session_state.get(BROADCAST)


def broadcast_switch(path: str) -> str:
    """The widget key of page `path`'s broadcast toggle."""
    return BROADCAST_SWITCH.format(path)


def switched_on(path: str) -> bool:
    return bool(st.session_state.get(broadcast_switch(path)))


def start_broadcast(path: str) -> None:
    st.session_state[BROADCAST] = path
    st.session_state.pop(BROADCAST_SENT, None)


def end_broadcast() -> str | None:
    """Stop broadcasting here; returns the page that was broadcast."""
    return st.session_state.pop(BROADCAST, None)


def broadcast_sent() -> tuple | None:
    return st.session_state.get(BROADCAST_SENT)


def set_broadcast_sent(sent: tuple) -> None:
    st.session_state[BROADCAST_SENT] = sent


# ---------------------------------------------------------------- the board
def held_board():
    return st.session_state.get(BOARD)


def hold_board(board):
    st.session_state[BOARD] = board
    return board


def live_figure() -> tuple | None:
    return st.session_state.get(LIVE_FIGURE)


def keep_live_figure(memo: tuple) -> tuple:
    st.session_state[LIVE_FIGURE] = memo
    return memo


def figures() -> dict:
    return st.session_state.setdefault(FIGURES, {})
