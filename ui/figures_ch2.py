"""Lecture 2 figures: the data with ŷ = x·w and its squared errors, the exhaustive search's MSE-vs-w curve built point
by point, and the exercise's cost surface over (w, b) in 3-D and as contours.

Pure functions of arrays (core.cost computes them); no streamlit.
"""

import numpy as np
import plotly.graph_objects as go

from ui.figures import COLORS, style
from ui.text import lookup

POINT = "#d62728"  # the learner's (w, b)
BEST = "#2ca02c"  # the lowest cost


def _say(key: str, lang: str, **values) -> str:
    return lookup(f"figures_ch2.{key}", lang, **values)


def fit_figure(x, y, w: float, lang: str = "en") -> go.Figure:
    """The samples, the line ŷ = x·w, and each sample's error drawn from its y to its ŷ."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    top = max(4.0, float(x.max()) + 0.5)
    line_x = np.array([min(0.0, float(x.min())), top])
    fig = go.Figure()
    err_x, err_y = [], []
    for xi, yi in zip(x, y):
        err_x += [xi, xi, None]
        err_y += [yi, xi * w, None]
    fig.add_trace(go.Scatter(x=err_x, y=err_y, mode="lines", name=_say("error", lang),
                             line=dict(color=POINT, width=2, dash="dot")))
    fig.add_trace(go.Scatter(x=line_x, y=line_x * w, mode="lines", name=f"ŷ = x · {w:g}",
                             line=dict(color=COLORS["train"], width=3)))
    fig.add_trace(go.Scatter(x=x, y=y, mode="markers", name=_say("data", lang),
                             marker=dict(size=11, color="#333")))
    fig.update_xaxes(title_text="x")
    fig.update_yaxes(title_text="y, ŷ")
    fig.update_layout(hovermode="closest")
    return style(fig, height=340, title=_say("fit_title", lang, w=f"{w:g}"), legend="bottom")


def search_figure(ws, costs, shown: int, w_now: float | None = None, lang: str = "en") -> go.Figure:
    """The exhaustive search after `shown` of its w values: MSE against w so far, the newest point ringed, the
    lowest marked once the search is complete; the axes are fixed so the curve grows into its place."""
    ws, costs = np.asarray(ws, dtype=float), np.asarray(costs, dtype=float)
    shown = max(0, min(shown, len(ws)))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=ws[:shown], y=costs[:shown], mode="lines+markers", name=_say("searched", lang),
                             line=dict(color=COLORS["train"], width=2), marker=dict(size=6)))
    if 0 < shown < len(ws):
        fig.add_trace(go.Scatter(x=ws[shown - 1:shown], y=costs[shown - 1:shown], mode="markers",
                                 name=_say("now", lang), marker=dict(size=15, color=POINT, symbol="circle-open",
                                                                     line=dict(width=3))))
    if shown == len(ws) and shown:
        i = int(np.argmin(costs))
        fig.add_trace(go.Scatter(x=[ws[i]], y=[costs[i]], mode="markers+text", name=_say("lowest", lang),
                                 text=[_say("lowest_at", lang, w=f"{ws[i]:.1f}", cost=f"{costs[i]:.3g}")],
                                 textposition="top center", marker=dict(size=14, color=BEST, symbol="star")))
    if w_now is not None:
        fig.add_vline(x=w_now, line=dict(color=COLORS["event"], dash="dot", width=1.5))
    top = float(np.nanmax(costs)) if len(costs) else 1.0
    fig.update_xaxes(title_text="w", range=[float(ws.min()) - 0.1, float(ws.max()) + 0.1])
    fig.update_yaxes(title_text="MSE", range=[-0.03 * top, top * 1.08])
    fig.update_layout(hovermode="closest")
    return style(fig, height=340, title=_say("search_title", lang, n=shown, total=len(ws)))


def surface_figure(ws, bs, z, point: tuple[float, float, float], best: tuple[float, float],
                   lang: str = "en") -> go.Figure:
    """The cost over (w, b) as a 3-D surface, the learner's point on it."""
    fig = go.Figure(go.Surface(x=ws, y=bs, z=z, colorscale="Viridis", showscale=False, opacity=0.9,
                               name="MSE(w, b)"))
    fig.add_trace(go.Scatter3d(x=[point[0]], y=[point[1]], z=[point[2]], mode="markers", name=_say("you", lang),
                               marker=dict(size=6, color=POINT)))
    fig.add_trace(go.Scatter3d(x=[best[0]], y=[best[1]], z=[float(np.min(z))], mode="markers",
                               name=_say("lowest", lang), marker=dict(size=5, color=BEST, symbol="diamond")))
    fig.update_layout(scene=dict(xaxis_title="w", yaxis_title="b", zaxis_title="MSE",
                                 camera=dict(eye=dict(x=1.5, y=-1.6, z=0.9))),
                      margin=dict(l=0, r=0, t=40, b=0), hovermode="closest")
    style(fig, height=420, title=_say("surface_title", lang))
    fig.update_layout(margin=dict(l=0, r=0, t=40, b=0))
    return fig


def contour_figure(ws, bs, z, point: tuple[float, float], best: tuple[float, float], lang: str = "en") -> go.Figure:
    """The same cost as contour lines seen from above, the learner's point and the lowest one marked."""
    fig = go.Figure(go.Contour(x=ws, y=bs, z=z, colorscale="Viridis", contours=dict(coloring="heatmap", showlabels=True),
                               ncontours=30, showscale=False, name="MSE(w, b)"))
    fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], mode="markers", name=_say("you", lang),
                             marker=dict(size=13, color=POINT, line=dict(width=2, color="white"))))
    fig.add_trace(go.Scatter(x=[best[0]], y=[best[1]], mode="markers", name=_say("lowest", lang),
                             marker=dict(size=14, color=BEST, symbol="star", line=dict(width=1, color="white"))))
    fig.update_xaxes(title_text="w")
    fig.update_yaxes(title_text="b")
    fig.update_layout(hovermode="closest")
    return style(fig, height=420, title=_say("contour_title", lang))
