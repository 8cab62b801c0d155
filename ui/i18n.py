"""中文 / English: every user-visible string goes through t(key); tables live in ui/text/*.py."""

import streamlit as st

from ui.text import DEFAULT_LANG, LANGS, TEXT, lookup

__all__ = ["LANGS", "DEFAULT_LANG", "TEXT", "lang", "t"]


def lang() -> str:
    """The learner's language for this session ("en" or "zh")."""
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **values) -> str:
    """The text for `key` in the current language, with {placeholders} filled from `values`."""
    return lookup(key, lang(), **values)
