"""A message left by a widget callback: the next run of the page shows it where it belongs, and it is taken away
only once it has been drawn, so a run cut short never loses it."""

import time
from dataclasses import dataclass

import streamlit as st

LEVELS = ("success", "info", "warning", "error")


@dataclass(frozen=True)
class Flash:
    """One message slot, held under `key` in the session until it has been shown. hold_s: how long it stays on a
    page that polls (each tick is a run of its own, so a message shown once would be gone within one tick)."""

    key: str
    hold_s: float = 0.0

    def leave(self, level: str, text: str) -> None:
        assert level in LEVELS, f"a message is one of {LEVELS}, not {level!r}"
        st.session_state[self.key] = (level, text, time.monotonic() + self.hold_s)

    def show(self) -> None:
        """Show the message left since the last run; nothing when none was left. It goes after the first run that
        drew it once its hold is over."""
        if message := st.session_state.get(self.key):
            level, text, until = message
            getattr(st, level)(text)
            if time.monotonic() >= until:
                st.session_state.pop(self.key, None)
