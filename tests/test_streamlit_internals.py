"""The Streamlit internals ui/streamlit_internals.py reads are still there with the shape it expects: an upgrade
that moves one turns this red, where the app would quietly fall back (a link that lags, no session watcher)."""

import dataclasses
import inspect

from streamlit import runtime
from streamlit.runtime.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
from streamlit.runtime.scriptrunner_utils.shared_run_state import SharedRunState
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.query_params import QueryParams, WidgetBinding, _coerce_value_for_query_url
from streamlit.runtime.state.safe_session_state import SafeSessionState
from streamlit.runtime.state.session_state import SessionState
from streamlit.testing.v1 import AppTest

from ui import streamlit_internals


def field_names(cls) -> set[str]:
    return {field.name for field in dataclasses.fields(cls)}


def test_the_script_run_context_has_the_session_and_its_widgets():
    assert callable(get_script_run_ctx) and get_script_run_ctx() is None  # no script runs in a plain test
    assert {"session_id", "session_state", "shared"} <= field_names(ScriptRunContext)
    drawn = SharedRunState().widget_ids_this_run
    drawn.check_and_add("w1")  # what registering a widget does
    assert "w1" in drawn and "w2" not in drawn


def test_the_session_state_keeps_its_bindings_and_widget_metadata_where_they_are_read():
    state = SessionState()
    assert SafeSessionState(state, lambda: None)._state is state
    assert isinstance(state.query_params, QueryParams)
    state.query_params.bind_widget("w", "id-w", "double_value", "page")
    assert state.query_params._bindings_by_param == {"w": WidgetBinding("id-w", "w", "double_value", "page")}
    assert {"widget_id", "value_type"} <= field_names(WidgetBinding)
    assert state._new_widget_state.widget_metadata == {}
    assert {"serializer", "deserializer"} <= field_names(WidgetMetadata)


def test_streamlit_formats_url_values_as_the_link_expects():
    assert _coerce_value_for_query_url(2.0, "double_value") == "2.0"  # a single float as str(); arrays trim ".0"
    assert _coerce_value_for_query_url([2.0, 0.5], "double_array_value") == ["2", "0.5"]
    assert _coerce_value_for_query_url([3, 7], "int_array_value") == ["3", "7"]
    assert _coerce_value_for_query_url(True, "bool_value") == "true"
    assert _coerce_value_for_query_url("adam", "string_value") == "adam"


def test_the_runtime_answers_whether_a_session_is_still_connected():
    assert inspect.signature(runtime.exists).parameters == {} and runtime.exists() is False
    assert inspect.signature(runtime.get_instance).parameters == {}
    assert list(inspect.signature(Runtime.is_active_session).parameters) == ["self", "session_id"]
    assert streamlit_internals.session_watcher() is None  # outside a server there is nothing to watch


def bound_widgets_script():
    import streamlit as st

    from ui.streamlit_internals import bound_url_forms

    st.slider("w", 0.0, 3.0, 1.0, step=0.1, key="w", bind="query-params")
    st.slider("r", 0, 10, (2, 5), key="r", bind="query-params")
    st.toggle("t", key="t", bind="query-params")
    st.select_slider("s", options=(0.1, 0.2, 0.5), value=0.2, key="s", bind="query-params")
    st.radio("o", ("sgd", "adam"), key="o", bind="query-params")
    st.slider("unbound", 0, 5, 1, key="unbound")
    st.session_state["seen"] = bound_url_forms()


def test_bound_widgets_give_their_url_form_in_a_script_run():
    app = AppTest.from_function(bound_widgets_script)
    app.run()
    assert not app.exception
    assert app.session_state["seen"] == {"w": [], "r": [], "t": [], "s": [], "o": []}  # all at defaults
    app.slider(key="w").set_value(2.5)
    app.slider(key="r").set_value((3, 7))
    app.toggle(key="t").set_value(True)
    app.select_slider(key="s").set_value(0.5)
    app.radio(key="o").set_value("adam")
    app.slider(key="unbound").set_value(4)
    app.run()
    assert app.session_state["seen"] == {"w": ["2.5"], "r": ["3", "7"], "t": ["true"], "s": ["0.5"], "o": ["adam"]}
    assert streamlit_internals.bound_url_forms() == {}
