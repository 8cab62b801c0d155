"""The Streamlit internals the app relies on, all here, because no public API does their job (Streamlit 1.67).

- bound_url_forms(): each URL-bound widget's value in the form Streamlit writes into the address bar. The public
  st.query_params can keep a stale value after a few fast changes to one widget (three quick arrow presses leave
  ?w=1.3 in the browser, 1.2 on the server), so the share link is built from the widgets themselves: the session's
  query-parameter bindings, each widget's metadata (its serializer and default) and Streamlit's own formatting.
- session_watcher(): whether a browser session is still connected, asked from a training thread.

tests/test_streamlit_internals.py checks every name and shape used here, so a Streamlit upgrade that changes one
fails that test instead of the app; here each falls back to what the public API gives (the URL, a full run, no
watcher) when its internal is missing.
"""

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

try:
    from streamlit.runtime.state.query_params import _coerce_value_for_query_url
except ImportError:
    _coerce_value_for_query_url = None


def bound_url_forms() -> dict[str, list[str]]:
    """param -> its URL form ([] at the widget's default), for each URL-bound widget drawn in this run; {} outside
    a script run, with no bound widget, or where the internals are not as expected."""
    ctx = get_script_run_ctx()
    state = getattr(getattr(ctx, "session_state", None), "_state", None)
    bindings = getattr(getattr(state, "query_params", None), "_bindings_by_param", None)
    metadata = getattr(getattr(state, "_new_widget_state", None), "widget_metadata", None)
    drawn = getattr(getattr(ctx, "shared", None), "widget_ids_this_run", None)
    if not bindings or metadata is None or drawn is None or _coerce_value_for_query_url is None:
        return {}
    out = {}
    for key, binding in list(bindings.items()):
        meta = metadata.get(binding.widget_id)
        if binding.widget_id not in drawn or meta is None or key not in st.session_state:
            continue  # not drawn in this run: the URL's value stands
        value = st.session_state[key]
        if value == meta.deserializer(None):
            out[key] = []
            continue
        url_form = _coerce_value_for_query_url(meta.serializer(value), binding.value_type)
        out[key] = url_form if isinstance(url_form, list) else [url_form]
    return out


def session_watcher():
    """A thread-safe "is this browser session still connected?" check (None outside a server)."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None
    server, session_id = runtime.get_instance(), ctx.session_id
    return lambda: server.is_active_session(session_id)
