"""The page's polling fragment (an st.fragment with run_every): one per page run at most. Two that tick together
leave Streamlit's front end holding hidden old copies of the charts one of them draws, more at every tick, and beside
a full rerun can crash it ("Bad delta path index"): a white page."""

import logging

import streamlit as st

POLLING = "page-polling"  # session key: what polls in this page run (a name), None when nothing does


def page_run_starts() -> None:
    """app.py, before the page: nothing polls yet."""
    st.session_state[POLLING] = None


def every(name: str, every_s: float | None) -> float | None:
    """The run_every for fragment `name`: every_s, or None (it does not poll) when `every_s` is None or another
    fragment polls this page run already. Then `name` shows what the page's last full run drew, until the one that
    polls reruns the page (each does when its work ends)."""
    if every_s is None:
        return None
    polling = st.session_state.get(POLLING)
    if polling is not None and polling != name:
        logging.getLogger(__name__).warning("%s waits: %s polls this page already", name, polling)
        return None
    st.session_state[POLLING] = name
    return every_s


def page_polls() -> bool:
    """Whether a fragment of this page run polls."""
    return st.session_state.get(POLLING) is not None
