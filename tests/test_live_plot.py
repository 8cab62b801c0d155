"""ui.live_plot: what the server sends for a chart that moves (a figure for the in-place component) and for one that
stands still or cannot move in place (a plotly chart); the browser side is tests/test_browser_live_plot.py."""

import json

from streamlit.testing.v1 import AppTest

from ui import live_plot


def chart_script():
    import plotly.graph_objects as go
    import streamlit as st

    from ui.live_plot import live_chart

    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[4.0, 5.0, 6.0], name="w"), layout=dict(height=300, title="a run"))
    live_chart(fig, "moving-chart", moving=st.session_state.get("moving", True))


def rendered(moving: bool = True) -> AppTest:
    app = AppTest.from_function(chart_script, default_timeout=60)
    app.session_state["moving"] = moving
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_plotly_js_is_served_from_the_installed_package():
    assert live_plot.PLOTLY_JS.is_file(), "set-up (make setup) copies plotly.min.js into static/"
    assert live_plot.PLOTLY_JS.stat().st_size > 1_000_000  # the whole library, not a stub


def test_a_moving_chart_goes_to_the_in_place_component_as_its_figure():
    app = rendered()
    assert not app.get("plotly_chart")
    (component,) = app.get("bidi_component")
    assert component.proto.component_name == "torchplay_live_plot" and component.proto.id.endswith("moving-chart")
    sent = json.loads(component.proto.mixed.json or component.proto.json)
    figure = json.loads(sent["figure"])
    assert figure["data"][0]["x"] == [1, 2, 3] and figure["layout"]["title"]["text"] == "a run"
    assert "template" not in figure["layout"]  # the component themes the chart itself
    assert sent["config"]["staticPlot"] is True


def test_a_chart_at_rest_is_an_interactive_plotly_chart():
    app = rendered(moving=False)
    assert not app.get("bidi_component")
    (chart,) = app.get("plotly_chart")
    assert "moving-chart" in chart.proto.id and json.loads(chart.proto.config) == {}


def test_switched_off_a_moving_chart_is_a_static_plotly_chart(monkeypatch):
    monkeypatch.setenv(live_plot.SWITCH, "0")
    app = rendered()
    assert not app.get("bidi_component")
    (chart,) = app.get("plotly_chart")
    assert json.loads(chart.proto.config) == live_plot.MOVING_CHART
