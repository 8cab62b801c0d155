"""中文 / English: every user-visible string goes through t(key); tables live in ui/text/*.py."""

import streamlit as st

from ui.text import DEFAULT_LANG, LANGS, TEXT, lookup

__all__ = ["LANGS", "DEFAULT_LANG", "TEXT", "lang", "t", "choose_language", "browser_language", "language_picker"]

NAMES = {"en": "English", "zh": "中文"}


def lang() -> str:
    """The learner's language for this session ("en" or "zh")."""
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **values) -> str:
    """The text for `key` in the current language, with {placeholders} filled from `values`."""
    return lookup(key, lang(), **values)


def browser_language(locale: str | None) -> str:
    """"zh" for any Chinese browser locale (zh, zh-CN, zh-Hant-TW, ...), else English."""
    return "zh" if (locale or "").lower().replace("_", "-").split("-")[0] == "zh" else "en"


def choose_language() -> str:
    """Settle the session's language before anything is drawn, and keep it in the URL as ?lang=.

    The first run takes ?lang= from the link, else the browser's language; later runs keep the
    learner's choice (the URL only changes through this app once the page is open).
    """
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang")
        if wanted in LANGS:
            st.session_state["lang"] = wanted
        else:
            st.session_state["lang"] = browser_language(st.context.locale)
            if wanted is not None:
                st.session_state["share-notices"] = [*st.session_state.get("share-notices", []), ("lang", wanted)]
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()
    return lang()


def _picked() -> None:
    choice = st.session_state.get("lang-choice")
    if choice in LANGS:  # a second click on the selected button deselects it: keep the language then
        st.session_state["lang"] = choice


def language_picker() -> None:
    """The 中文 / English switch (always shown in both scripts, so anyone can find it)."""
    st.session_state["lang-choice"] = lang()
    st.segmented_control(t("shell.language"), LANGS, format_func=NAMES.get, key="lang-choice", on_change=_picked,
                         width="stretch")
