"""Links into and out of a class: the join link and its QR code, and a board run's page with its settings."""

import io
from urllib.parse import urlencode

import segno
import streamlit as st

from ui.classroom.chapters import PAGE_FILES
from ui.i18n import lang


def join_link(code: str, key: str | None = None) -> str:
    """The app's /class address with ?class=CODE (and the lecturer key for the lecturer's own link)."""
    base = st.context.url or "/class"
    query = urlencode({"class": code} | ({"key": key} if key else {}))
    return f"{base.split('?')[0]}?{query}"


def qr_png(text: str, lecture: bool) -> bytes:
    """The QR code of `text` as a PNG, twice as large in lecture mode (to be scanned off a projector)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=14 if lecture else 7, border=2)
    return out.getvalue()


def link_params(pairs) -> dict[str, list[str]]:
    """Share-link pairs as query parameters, repeated keys (range sliders) kept in order."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def run_page_link(run: dict, label: str) -> None:
    """A link to the page a board run (or the broadcast) came from, with its settings, in this browser session."""
    st.page_link(PAGE_FILES[run["page"]], label=label, icon="▶️",
                 query_params=link_params(run["params"]) | {"lang": lang(), "tried": run["chapter"]})

