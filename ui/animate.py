"""A picture that builds itself one piece at a time after a Play click (lecture 2's exhaustive search), redrawn in a
fragment so the rest of the page stays put."""

from typing import Callable

import streamlit as st

from ui import polling

EVERY_S = 0.15  # seconds between two pieces: 41 values of w take about 6 s


def _play(key: str) -> None:
    st.session_state[f"{key}-shown"] = 0
    st.session_state[f"{key}-playing"] = True


def _show_all(key: str, total: int) -> None:
    st.session_state[f"{key}-shown"] = total
    st.session_state[f"{key}-playing"] = False


def play_buttons(key: str, total: int, play: str, show_all: str) -> None:
    """Play (start over from nothing) and Show all (the finished picture at once)."""
    left, right = st.columns(2)
    left.button(play, key=f"{key}-play", on_click=_play, args=(key,), type="primary", width="stretch",
                icon=":material/play_arrow:")
    right.button(show_all, key=f"{key}-all", on_click=_show_all, args=(key, total), width="stretch")


def played(key: str, total: int, draw: Callable[[int], None], every_s: float = EVERY_S) -> None:
    """Call draw(n): n is `total` until Play, then grows by one every `every_s` seconds up to `total`."""
    playing = st.session_state.get(f"{key}-playing", False)

    @st.fragment(run_every=polling.every(key, every_s if playing else None))
    def view():
        shown = min(st.session_state.get(f"{key}-shown", total), total)
        if st.session_state.get(f"{key}-playing"):
            shown = st.session_state[f"{key}-shown"] = min(shown + 1, total)
        draw(shown)
        if st.session_state.get(f"{key}-playing") and shown >= total:
            st.session_state[f"{key}-playing"] = False
            st.rerun()  # the whole page once more, so the fragment stops polling

    view()
