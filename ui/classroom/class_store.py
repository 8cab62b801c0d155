"""The class store this server opens (one per process, shared by its sessions) and how its errors read."""

import streamlit as st

from core.classroom import ClassError
from core.store import default_url, open_store
from ui.i18n import t


@st.cache_resource(show_spinner=False)
def _store(url: str):
    return open_store(url)


def store():
    """The class store of this server ($TORCHPLAY_STORE or the SQLite file); StoreError/ValueError if it cannot be."""
    return _store(default_url())


def class_error_text(error: ClassError) -> str:
    return t(f"classroom.error.{error.reason}", code=error.code)
