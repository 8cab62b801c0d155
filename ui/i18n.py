"""中文 / English: every user-visible string goes through t(key); tables live in ui/text/*.py."""

import importlib
import pkgutil

import streamlit as st

import ui.text

LANGS = ("en", "zh")
DEFAULT_LANG = "en"


def _load_tables() -> dict[str, tuple[str, str]]:
    """Merge every ui/text/<area>.py TEXT table; a key defined twice is a bug."""
    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(ui.text.__path__):
        table = importlib.import_module(f"ui.text.{info.name}").TEXT
        clash = merged.keys() & table.keys()
        assert not clash, f"translation keys defined twice: {sorted(clash)}"
        merged.update(table)
    return merged


TEXT = _load_tables()


def lang() -> str:
    """The learner's language for this session ("en" or "zh")."""
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **values) -> str:
    """The text for `key` in the current language, with {placeholders} filled from `values`."""
    assert key in TEXT, f"missing translation key: {key}"
    text = TEXT[key][LANGS.index(lang())]
    return text.format(**values) if values else text
