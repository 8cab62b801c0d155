"""Lecture 3 figures: gradient descent's steps on the cost curve with the gradient at the newest one, the learning
rate's regimes, the exponentially weighted average of a noisy curve, and a saddle point's GD and SGD paths.

Pure functions of arrays (core.cost and core.descent compute them); no streamlit.
"""

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import cost, descent
from ui.figures import COLORS, style
from ui.text import lookup

GD, SGD = COLORS["train"], COLORS["test"]
TANGENT = "#d62728"
W_VIEW = (0.0, 4.0)  # the part of the curve shown when no step leaves it (the lecture's search range)
W_FAR = 12.0  # a diverging path is drawn up to here, then leaves the chart


def _say(key: str, lang: str, **values) -> str:
    return lookup(f"figures_ch3.{key}", lang, **values)


def _finite(ws) -> np.ndarray:
    ws = np.asarray(ws, dtype=float)
    return ws[np.isfinite(ws) & (np.abs(ws) < 1e6)]


def view_range(*paths) -> tuple[float, float]:
    """w range that holds every path's points (up to ±W_FAR around the lecture's view)."""
    points = np.concatenate([_finite(p) for p in paths] + [np.array(W_VIEW)])
    return max(float(points.min()) - 0.3, W_VIEW[0] - W_FAR), min(float(points.max()) + 0.3, W_VIEW[1] + W_FAR)


def descent_figure(paths: list[tuple[str, np.ndarray, str]], x=cost.X_DATA, y=cost.Y_DATA, *, title: str,
                   height: int = 380, marked: int | None = None, lang: str = "en") -> go.Figure:
    """The cost curve, each path's steps on it ((name, ws, colour), w before the first update first), and the
    tangent at the first path's newest w: its slope is the gradient, the arrow the next step's direction.

    Each path is a line through all its steps with a marker on each of the last `marked` steps (all when None): the
    browser draws every marker anew at each frame of the live animation, and a long run has thousands."""
    lo, hi = view_range(*(ws for _, ws, _ in paths))
    grid = np.linspace(lo, hi, 241)
    fig = go.Figure(go.Scatter(x=grid, y=cost.mse(x, y, grid), mode="lines", name=_say("cost", lang),
                               line=dict(color=COLORS["ghost"], width=3)))
    for name, ws, colour in paths:
        shown = _finite(ws)
        fig.add_trace(go.Scatter(x=shown, y=cost.mse(x, y, shown), mode="lines", name=name, legendgroup=name,
                                 line=dict(color=colour, width=1.5)))
        steps = shown if marked is None else shown[-marked:]
        fig.add_trace(go.Scatter(x=steps, y=cost.mse(x, y, steps), mode="markers", name=name, legendgroup=name,
                                 showlegend=False, marker=dict(size=7, color=colour)))
    if paths and len(_finite(paths[0][1])):
        w = float(_finite(paths[0][1])[-1])
        slope, here = descent.gradient(x, y, w), float(cost.mse(x, y, w))
        reach = 0.6 * (hi - lo) / 6
        if abs(slope) > 1e-9:  # an arrow as a trace: an annotation's arrowhead took ~5 % of each browser redraw
            step = -math.copysign(reach * 0.8, slope)
            fig.add_trace(go.Scatter(x=[w, w + step], y=[here, here], mode="lines+markers", showlegend=False,
                                     hoverinfo="skip", line=dict(color=TANGENT, width=2.5),
                                     marker=dict(symbol="arrow", angleref="previous", size=[0, 14], color=TANGENT)))
        fig.add_trace(go.Scatter(x=[w - reach, w + reach], y=[here - slope * reach, here + slope * reach],
                                 mode="lines", name=_say("tangent", lang, g=f"{slope:.3g}"),
                                 line=dict(color=TANGENT, width=3)))
    top = float(cost.mse(x, y, np.array([lo, hi])).max())
    fig.update_xaxes(title_text="w", range=[lo, hi])
    fig.update_yaxes(title_text=_say("cost_axis", lang), range=[-0.03 * top, top * 1.05])
    fig.update_layout(hovermode="closest")
    return style(fig, height=height, title=title, legend="bottom")


def regimes_figure(x, y, lr: float, steps: int, lang: str = "en") -> go.Figure:
    """GD at one learning rate: its steps on the cost curve (left) and w after each step (right)."""
    ws = descent.gd_path(x, y, lr, steps)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(_say("on_curve", lang), _say("w_by_step", lang)))
    lo, hi = view_range(ws)
    grid = np.linspace(lo, hi, 241)
    fig.add_trace(go.Scatter(x=grid, y=cost.mse(x, y, grid), mode="lines", name=_say("cost", lang),
                             line=dict(color=COLORS["ghost"], width=3)), row=1, col=1)
    shown = _finite(ws)
    fig.add_trace(go.Scatter(x=shown, y=cost.mse(x, y, shown), mode="lines+markers", name=f"lr = {lr:g}",
                             line=dict(color=GD, width=1.5), marker=dict(size=6)), row=1, col=1)
    fig.add_trace(go.Scatter(x=np.arange(len(ws)), y=np.where(np.abs(ws) < 1e6, ws, np.nan), mode="lines+markers",
                             name="w", line=dict(color=GD), marker=dict(size=4), showlegend=False), row=1, col=2)
    target = cost.best_w(x, y)
    fig.add_hline(y=target, line=dict(color=COLORS["event"], dash="dot"), row=1, col=2)
    top = float(cost.mse(x, y, np.array([lo, hi])).max())
    fig.update_xaxes(title_text="w", range=[lo, hi], row=1, col=1)
    fig.update_yaxes(title_text=_say("cost_axis", lang), range=[-0.03 * top, top * 1.05], row=1, col=1)
    fig.update_xaxes(title_text=_say("step", lang), row=1, col=2)
    fig.update_yaxes(title_text="w", range=[min(lo, target - 1), max(hi, target + 1)], row=1, col=2)
    fig.update_layout(showlegend=False, hovermode="closest")
    return style(fig, height=330)


def ewa_figure(values, smoothed, beta: float, lang: str = "en") -> go.Figure:
    """A noisy training curve and its exponentially weighted average."""
    steps = np.arange(1, len(values) + 1)
    fig = go.Figure([
        go.Scatter(x=steps, y=values, mode="lines", name=_say("noisy", lang), line=dict(color=COLORS["ghost"], width=1)),
        go.Scatter(x=steps, y=smoothed, mode="lines", name=_say("smoothed", lang, beta=f"{beta:g}"),
                   line=dict(color=GD, width=3))])
    fig.update_xaxes(title_text=_say("step", lang))
    fig.update_yaxes(title_text=_say("loss_axis", lang), type="log")
    return style(fig, height=340, title=_say("ewa_title", lang), legend="bottom")


def saddle_figure(gd_path: np.ndarray, sgd_path: np.ndarray, lang: str = "en") -> go.Figure:
    """Contours of f(a, b) = a² + b⁴/4 − b²/2, with GD's path (into the saddle) and SGD's (off it)."""
    a = np.linspace(-1.3, 1.3, 121)
    b = np.linspace(-1.6, 1.6, 121)
    fig = go.Figure(go.Contour(x=a, y=b, z=descent.saddle(*np.meshgrid(a, b)), colorscale="Greys", reversescale=True,
                               ncontours=24, showscale=False, opacity=0.6, name="f(a, b)"))
    for name, path, colour in ((_say("gd_path", lang), gd_path, GD), (_say("sgd_path", lang), sgd_path, SGD)):
        fig.add_trace(go.Scatter(x=np.clip(path[:, 0], -1.3, 1.3), y=np.clip(path[:, 1], -1.6, 1.6),
                                 mode="lines+markers", name=name, line=dict(color=colour, width=2),
                                 marker=dict(size=4, color=colour)))
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers+text", text=[_say("saddle", lang)], textposition="top right",
                             name=_say("saddle", lang), marker=dict(size=14, color=TANGENT, symbol="x")))
    fig.add_trace(go.Scatter(x=[0, 0], y=[-1, 1], mode="markers", name=_say("minima", lang),
                             marker=dict(size=14, color="#2ca02c", symbol="star")))
    fig.update_xaxes(title_text="a", range=[-1.3, 1.3])
    fig.update_yaxes(title_text="b", range=[-1.6, 1.6])
    fig.update_layout(hovermode="closest")
    return style(fig, height=440, title=_say("saddle_title", lang), legend="bottom")
