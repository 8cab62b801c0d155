"""Shareable settings: every setting widget is bound to the URL (bind="query-params"); this module shows the
link and says which settings a link asked for that the page refused (out of range, not an option)."""

import math
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ui.i18n import t
from ui.streamlit_internals import bound_url_forms

APP_PARAMS = ("lang", "lecture")  # read by app.py itself, not by widgets
SLOT = "share-link-slot"  # the sidebar's place for the link, this run's (ui.sidebar puts it here)


def remember_link() -> None:
    """Keep the query parameters the session was opened with, to check them once the page has drawn."""
    if "share-opened-with" not in st.session_state:
        params = st.query_params
        st.session_state["share-opened-with"] = {key: params.get_all(key) for key in params}


def current_params() -> list[tuple[str, str]]:
    """This page's settings as the URL holds them once this run is drawn, repeated keys (range sliders) in order.

    A widget drawn in this run gives its own value (st.query_params can lag behind it: ui.streamlit_internals).
    """
    params = st.query_params
    bound = bound_url_forms()
    pairs = [(key, value) for key in params for value in bound.get(key, params.get_all(key))]
    pairs += [(key, value) for key, values in bound.items() if key not in params for value in values]
    return pairs


def link(base_url: str | None = None, params: list[tuple[str, str]] | None = None) -> str:
    """The address of this page with all its settings (st.context.url drops the query string)."""
    base = base_url if base_url is not None else st.context.url
    if not base:  # no browser (AppTest): a path relative to the server
        base = "/" + st.session_state.get("share-page-path", "")
    elif not urlsplit(base).path:
        base += "/"  # the home page's address comes without its slash
    query = urlencode(current_params() if params is None else params)
    return f"{base}?{query}" if query else base


def early_value(key: str, default, parse=int, valid=lambda value: True):
    """A widget's value before the widget is drawn: what the learner set, else the link's value, else `default`.

    For a page that needs a setting above the widget that sets it (e.g. the seed decides the data split drawn
    first): on a link's first run the widget has not yet read the URL.
    """
    if key in st.session_state:
        return st.session_state[key]
    raw = st.query_params.get(key)
    if raw is None:
        return default
    try:
        value = parse(raw)
    except ValueError:
        return default  # the widget refuses it too, and app.py says so
    return value if valid(value) else default


def matches(value, text: str) -> bool:
    """Whether a widget's value is what a URL parameter asked for (numbers by value, labels ignoring case)."""
    if isinstance(value, bool):
        return text.lower() == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return str(value).lower() == text.lower()


def refused(opened_with: dict[str, list[str]], state, now: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(key, value asked for) of each link parameter a widget on this page did not take.

    Streamlit drops a bound parameter from the URL when the value is invalid, and also when it equals
    the widget's default; only the first changes the widget's value from what the link said.
    """
    out = []
    for key, values in opened_with.items():
        if key in APP_PARAMS or key in now or key not in state:
            continue
        value = state[key]
        asked = values if isinstance(value, (list, tuple)) else values[:1]
        got = list(value) if isinstance(value, (list, tuple)) else [value]
        if len(asked) != len(got) or not all(matches(v, a) for v, a in zip(got, asked)):
            out.append((key, ", ".join(values)))
    return out


def notices() -> list[tuple[str, str]]:
    """Link settings refused since the last run: each parameter is checked once, on the first run that draws
    its widget (the linked page, or a later one if the link names another page's settings)."""
    found = list(st.session_state.pop("share-notices", []))
    opened_with = st.session_state.get("share-opened-with") or {}
    if opened_with:
        params = st.query_params
        now = {key: params.get_all(key) for key in params}
        found += refused(opened_with, st.session_state, now)
        # Checked parameters are done with: from now on the URL follows the learner's changes.
        st.session_state["share-opened-with"] = {key: values for key, values in opened_with.items()
                                                 if key not in st.session_state and key not in APP_PARAMS}
    return found


def after_page(slot) -> None:
    """Fill the sidebar's link box (after the page, so the link holds this run's values) and warn about refusals."""
    for key, value in notices():
        st.toast(t("shell.share.refused", setting=key, value=value), icon="⚠️", duration="long")
    show_link(slot)


def show_link(slot) -> None:
    with slot.container():
        st.caption(t("shell.share.link"))
        st.code(link(), language=None, wrap_lines=True)
