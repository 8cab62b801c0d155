"""The charts of a step-by-step animation, updated in place while the run moves.

Streamlit gives a plotly chart whose figure changed a new element, and the browser builds that chart from nothing
(Plotly's newPlot) at every frame. This Custom Component (Streamlit's components v2: no iframe, in the page) keeps
one element under each chart's key and hands each new figure to Plotly.react on the same div, which redraws only what
changed. Once the run stops the page draws the usual interactive st.plotly_chart again.
"""

import os
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st
from plotly.io.json import to_json_plotly

ROOT = Path(__file__).resolve().parent.parent
# Served at /app/static/ by Streamlit (server.enableStaticServing in .streamlit/config.toml); set-up (the Makefile)
# copies it from the installed plotly package, so nothing is fetched from the internet.
PLOTLY_JS = ROOT / "static" / "plotly.min.js"
SWITCH = "TORCHPLAY_INPLACE_CHARTS"  # "0": moving charts are new plotly charts each frame (the benchmark's baseline)
# While the run moves: no hover, zoom or mode bar to lay out at each frame; the browser's time goes to the drawing.
MOVING_CHART = {"staticPlot": True}

_live_plot = st.components.v2.component(
    "torchplay_live_plot",
    html='<div class="torchplay-live-plot"></div>',
    css=".torchplay-live-plot { width: 100%; }",
    js=(Path(__file__).with_suffix(".js")).read_text(encoding="utf-8"),
    isolate_styles=False,  # in the page's DOM, where plotly.js puts its own styles (and the benchmark finds the plot)
)


def in_place() -> bool:
    """Whether moving charts are updated in place: plotly.js is there to serve and the switch is not off."""
    return (os.environ.get(SWITCH, "1") != "0" and st.get_option("server.enableStaticServing")
            and PLOTLY_JS.is_file())


def live_chart(fig: go.Figure, key: str, *, moving: bool) -> None:
    """`fig` under `key`: updated in place while `moving`, else (or without plotly.js to serve) a plotly chart."""
    if not moving:
        st.plotly_chart(fig, key=key)
    elif not in_place():
        st.plotly_chart(fig, key=key, config=MOVING_CHART)
    else:
        _live_plot(key=key, data={"figure": _spec(fig, key), "config": {**MOVING_CHART, "responsive": True}})


def _spec(fig: go.Figure, key: str) -> str:
    """The figure as JSON without Streamlit's theme template (the component applies the theme itself); a figure
    sent unchanged (ui.live.now_and_then) is not serialised again, and the browser leaves its chart alone."""
    sent = st.session_state.setdefault("live-plot-sent", {})
    if key in sent and sent[key][0] is fig:
        return sent[key][1]
    spec = fig.to_dict()
    spec["layout"].pop("template", None)
    sent[key] = (fig, to_json_plotly(spec))
    return sent[key][1]
