"""Lecture 5 figures: the fitted line on the lecture's data, the eight-optimizer race, sum vs mean loss.

Pure plotly; the numbers come from core.train records and core.optim_race.
"""

from collections.abc import Sequence

import plotly.graph_objects as go

from core.tasks.linear_regression import PREDICT_AT, X_DATA, Y_DATA
from ui.figures import COLORS, style
from ui.text import lookup

XS = [row[0] for row in X_DATA]
YS = [row[0] for row in Y_DATA]
NAMES = {"sgd": "SGD", "adagrad": "Adagrad", "adam": "Adam", "adamax": "Adamax", "asgd": "ASGD", "lbfgs": "LBFGS",
         "rmsprop": "RMSprop", "rprop": "Rprop"}  # torch.optim's spelling
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def fit_figure(w: float | None, b: float | None, *, title: str, lang: str = "en") -> go.Figure:
    """The three samples, the line ŷ = w·x + b the model has now, and its prediction at x = 4."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=XS, y=YS, mode="markers", name=lookup("figures_ch5.data", lang),
                             marker=dict(size=12, color=COLORS["train"])))
    if w is not None:
        xs = [0.0, PREDICT_AT + 0.5]
        fig.add_trace(go.Scatter(x=xs, y=[w * x + b for x in xs], mode="lines", name=lookup("figures_ch5.line", lang),
                                 line=dict(color=COLORS["test"], width=2)))
        fig.add_trace(go.Scatter(x=[PREDICT_AT], y=[w * PREDICT_AT + b], mode="markers+text",
                                 text=[f"ŷ(4) = {w * PREDICT_AT + b:.4f}"], textposition="top left",
                                 name=lookup("figures_ch5.predict", lang),
                                 marker=dict(size=12, symbol="star", color=COLORS["negative"])))
    fig.add_trace(go.Scatter(x=[0, PREDICT_AT + 0.5], y=[0, 2 * (PREDICT_AT + 0.5)], mode="lines",
                             name=lookup("figures_ch5.target", lang), line=dict(color=COLORS["ghost"], dash="dot")))
    style(fig, height=360, title=title, legend="bottom")
    fig.update_xaxes(title="x", range=[0, PREDICT_AT + 0.5])
    fig.update_yaxes(title="y", range=[-1, 10.5])
    return fig


def race_figure(results: dict[str, dict], *, key: str = "loss", title: str, lang: str = "en") -> go.Figure:
    """One line per optimizer by epoch: the loss (log scale) or a weight."""
    fig = go.Figure()
    for i, (name, result) in enumerate(results.items()):
        values = result[key]
        fig.add_trace(go.Scatter(x=list(range(1, len(values) + 1)), y=values, mode="lines", name=NAMES[name],
                                 line=dict(color=PALETTE[i % len(PALETTE)], width=2,
                                           dash="dash" if name in ("asgd", "rprop") else None)))
    style(fig, height=420, title=title, legend="bottom")
    fig.update_xaxes(title=lookup("figures.epoch", lang))
    if key == "loss":
        fig.update_yaxes(title=lookup("figures_ch5.loss_log", lang), type="log", exponentformat="power")
    else:
        fig.add_hline(y=2.0 if key == "w" else 0.0, line=dict(color=COLORS["ghost"], dash="dot"))
        fig.update_yaxes(title=key)
    return fig


def steps_figure(lines: Sequence[tuple[str, Sequence[float]]], *, title: str, lang: str = "en") -> go.Figure:
    """w after each SGD step for summed and averaged losses: sum at lr runs on top of mean at n·lr."""
    fig = go.Figure()
    styles = [dict(color=COLORS["ghost"], width=8), dict(color=COLORS["train"], width=2, dash="dash"),
              dict(color=COLORS["test"], width=2)]
    for (name, ws), line in zip(lines, styles):
        fig.add_trace(go.Scatter(x=list(range(1, len(ws) + 1)), y=list(ws), mode="lines", name=name, line=line))
    fig.add_hline(y=2.0, line=dict(color=COLORS["ghost"], dash="dot"))
    style(fig, height=340, title=title, legend="bottom")
    fig.update_xaxes(title=lookup("figures_ch5.step_axis", lang))
    fig.update_yaxes(title="w")
    return fig
