"""A message shown once: a widget callback leaves it, and the next run of the page shows it where it belongs."""

from dataclasses import dataclass

import streamlit as st

LEVELS = ("success", "info", "warning", "error")


@dataclass(frozen=True)
class Flash:
    """One message slot, held under `key` in the session until it has been shown."""

    key: str

    def leave(self, level: str, text: str) -> None:
        assert level in LEVELS, f"a message is one of {LEVELS}, not {level!r}"
        st.session_state[self.key] = (level, text)

    def show(self) -> None:
        """Show the message left since the last run, once; nothing when none was left."""
        if message := st.session_state.pop(self.key, None):
            level, text = message
            getattr(st, level)(text)
