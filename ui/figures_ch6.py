"""Chapter 6 figures: regression vs classification, the sigmoid and its saturation, BCE vs MSE, P(pass | hours).

Pure numpy + plotly; the curves are computed here because they are pictures of formulas, not training.
"""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.tasks import logistic
from ui.figures import COLORS, style, wrapped
from ui.text import lookup

HOURS = tuple(row[0] for row in logistic.HOURS)  # the course's chapter-6 data, as plotted points
PASSED = tuple(row[0] for row in logistic.PASSED)
SCORES = (2.0, 4.0, 6.0)  # chapter 5's regression data on the same hours, for the side-by-side picture
SATURATION_Z = 4.0  # beyond |z| = 4 the slope σ'(z) is under 0.018, 7 % of its peak: learning nearly stops
LOG_FLOOR = -100.0  # torch.nn.BCELoss clamps log() at -100 so a wrong certain guess costs 100, not infinity
UNCERTAIN = "uncertain 不确定"


def sigmoid(z):
    """σ(z) = 1 / (1 + e^-z), written with tanh so large |z| never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_slope(z):
    """dσ/dz = σ(z)(1 - σ(z)): bell-shaped, 0.25 at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


def bce(y, y_hat):
    """Binary cross-entropy -[y log ŷ + (1 - y) log(1 - ŷ)], clamped like torch's BCELoss."""
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(y_hat), LOG_FLOOR)
        log_q = np.maximum(np.log1p(-y_hat), LOG_FLOOR)
    return -(y * log_p + (1.0 - y) * log_q)


def squared_error(y, y_hat):
    """(ŷ - y)², the MSE of one sample."""
    return (np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float)) ** 2


def probability(w: float, b: float, hours):
    """P(pass | hours) = σ(w·hours + b), the chapter's logistic regression model."""
    return sigmoid(w * np.asarray(hours, dtype=float) + b)


def verdict(p: float, band: float) -> str:
    """'pass' / 'fail', or 'uncertain' when p is within `band` of 0.5 (the chapter's 6.2)."""
    if abs(p - 0.5) <= band:
        return UNCERTAIN
    return "pass" if p > 0.5 else "fail"


def saturated_intervals(w: float, b: float, lo: float, hi: float,
                        z_limit: float = SATURATION_Z) -> list[tuple[float, float]]:
    """The x ranges within [lo, hi] where |w x + b| > z_limit, i.e. where σ is flat."""
    if w == 0:
        return [(lo, hi)] if abs(b) > z_limit else []
    edges = sorted(((-z_limit - b) / w, (z_limit - b) / w))
    parts = [(lo, min(edges[0], hi)), (max(edges[1], lo), hi)]
    return [(a, c) for a, c in parts if c > a]


def uncertain_hours(curve_x: Sequence[float], curve_y: Sequence[float], band: float) -> tuple[float, float] | None:
    """The span of x where the curve is within `band` of 0.5 (None when it never is)."""
    x, y = np.asarray(curve_x, dtype=float), np.asarray(curve_y, dtype=float)
    inside = np.abs(y - 0.5) <= band
    if not inside.any():
        return None
    return float(x[inside].min()), float(x[inside].max())


def regression_vs_classification(lang: str = "en") -> go.Figure:
    """Same hours, two questions: a number (regression, chapter 5) or a class (classification, chapter 6)."""
    def say(key):
        return lookup(f"figures_ch6.{key}", lang)
    fail, passed = say("fail"), say("pass")
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=(wrapped(say("regression"), 22), wrapped(say("classification"), 22)))
    line = np.linspace(0, 4, 2)
    fig.add_trace(go.Scatter(x=line, y=2 * line, mode="lines", name="y = 2x", line=dict(color=COLORS["train"])),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=HOURS, y=SCORES, mode="markers", name=say("score"), marker=dict(size=11, color="#333")),
                  row=1, col=1)
    colors = [COLORS["positive"] if p else COLORS["negative"] for p in PASSED]
    fig.add_trace(go.Scatter(x=HOURS, y=PASSED, mode="markers+text", name=say("passed"),
                             text=[fail, fail, passed], textposition="top center",
                             marker=dict(size=13, color=colors)), row=1, col=2)
    fig.update_xaxes(title_text=say("hours"), range=[0, 4])
    fig.update_yaxes(title_text=say("score"), range=[0, 8.5], row=1, col=1)
    fig.update_yaxes(title_text=say("passed"), tickvals=[0, 1], ticktext=[f"0 {fail}", f"1 {passed}"], range=[-0.4, 1.5],
                     row=1, col=2)
    fig.update_layout(showlegend=False, hovermode="closest")
    return style(fig, height=280).update_layout(margin_t=50)  # room for a subplot title on two lines


def sigmoid_figure(w: float, b: float, x_range: tuple[float, float] = (-10.0, 10.0),
                   z_limit: float = SATURATION_Z, lang: str = "en") -> go.Figure:
    """σ(wx + b) and its slope σ'(wx + b), the flat (saturated) parts shaded, the chapter's data on top."""
    x = np.linspace(*x_range, 401)
    z = w * x + b
    fig = go.Figure()
    for a, c in saturated_intervals(w, b, *x_range, z_limit):
        fig.add_vrect(x0=a, x1=c, fillcolor="#999999", opacity=0.15, line_width=0)
    fig.add_trace(go.Scatter(x=x, y=sigmoid(z), name="σ(wx + b)", line=dict(color=COLORS["train"], width=3)))
    fig.add_trace(go.Scatter(x=x, y=sigmoid_slope(z), name=lookup("figures_ch6.slope", lang),
                             line=dict(color=COLORS["test"], width=2, dash="dash")))
    fig.add_trace(go.Scatter(x=HOURS, y=PASSED, mode="markers", name=lookup("figures_ch6.data", lang),
                             marker=dict(size=11, color="#333", symbol="circle-open", line=dict(width=2.5))))
    fig.add_annotation(x=0.01, y=0.97, xref="paper", yref="paper", showarrow=False, xanchor="left",
                       text=lookup("figures_ch6.saturated", lang, z=f"{z_limit:g}"),
                       font=dict(size=12, color="#555"))
    fig.update_xaxes(title_text="x", range=list(x_range))
    fig.update_yaxes(range=[-0.05, 1.08])
    return style(fig, height=340, title=f"σ({w:g}·x {'+' if b >= 0 else '−'} {abs(b):g})")


def bce_mse_figure(y_hat: float, lang: str = "en") -> go.Figure:
    """Loss against the prediction ŷ for y = 1 and y = 0: BCE (left) punishes a confident miss, MSE (right) barely."""
    p = np.linspace(0.001, 0.999, 400)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("BCE  −[y log ŷ + (1−y) log(1−ŷ)]", "MSE  (ŷ − y)²"))
    for y, color in ((1, COLORS["positive"]), (0, COLORS["negative"])):
        for col, loss in ((1, bce), (2, squared_error)):
            fig.add_trace(go.Scatter(x=p, y=loss(y, p), name=f"y = {y}", legendgroup=f"y{y}", showlegend=col == 1,
                                     line=dict(color=color, width=2.5)), row=1, col=col)
            value = float(loss(y, y_hat))
            fig.add_trace(go.Scatter(x=[y_hat], y=[value], mode="markers+text", showlegend=False,
                                     text=[f"{value:.2f}"], textposition="top right" if y else "top left",
                                     marker=dict(size=12, color=color, line=dict(width=1.5, color="white")),
                                     hovertemplate=f"y = {y}, ŷ = {y_hat:.2f}: {lookup('figures.loss', lang)} {value:.3f}<extra></extra>"),
                          row=1, col=col)
    for col in (1, 2):
        fig.add_vline(x=y_hat, line=dict(color="#555", dash="dot", width=1), row=1, col=col)
    fig.update_xaxes(title_text=lookup("figures_ch6.prediction", lang), range=[0, 1])
    fig.update_yaxes(title_text=lookup("figures.loss", lang), range=[0, 7], row=1, col=1)
    fig.update_yaxes(range=[0, 1.1], row=1, col=2)
    fig.update_layout(hovermode="closest")
    return style(fig, height=360, legend="bottom")


def probability_figure(curve_x: Sequence[float] = (), curve_y: Sequence[float] = (), *, band: float = 0.1,
                       linear_y: Sequence[float] | None = None, readout: tuple[float, float] | None = None,
                       title: str | None = None, lang: str = "en") -> go.Figure:
    """P(pass | hours) over 0-10 h, the 0.5 threshold and the 'uncertain' band; a linear fit to compare."""
    fig = go.Figure()
    if band > 0:
        fig.add_hrect(y0=0.5 - band, y1=0.5 + band, fillcolor=COLORS["band"], opacity=0.25, line_width=0)
        span = uncertain_hours(curve_x, curve_y, band) if len(curve_x) else None
        if span is not None:
            fig.add_vrect(x0=span[0], x1=span[1], fillcolor=COLORS["band"], opacity=0.15, line_width=0)
    fig.add_hline(y=0.5, line=dict(color="#555", dash="dash", width=1.2),
                  annotation=dict(text=lookup("figures_ch6.threshold", lang), font=dict(size=11, color="#555")),
                  annotation_position="bottom right")
    if linear_y is not None and len(linear_y):
        fig.add_trace(go.Scatter(x=list(curve_x), y=list(linear_y), name=lookup("figures_ch6.linear", lang),
                                 line=dict(color=COLORS["test"], width=2.5, dash="dash")))
    if len(curve_x):
        fig.add_trace(go.Scatter(x=list(curve_x), y=list(curve_y), name=lookup("figures_ch6.logistic", lang),
                                 line=dict(color=COLORS["train"], width=3.5)))
    colors = [COLORS["positive"] if p else COLORS["negative"] for p in PASSED]
    fig.add_trace(go.Scatter(x=HOURS, y=PASSED, mode="markers", name=lookup("figures_ch6.students", lang),
                             marker=dict(size=13, color=colors, line=dict(width=1.5, color="white"))))
    if readout is not None:
        hours, p = readout
        fig.add_trace(go.Scatter(x=[hours], y=[p], mode="markers+text", name=lookup("figures_ch6.question", lang),
                                 text=[f"{p:.2f}"], textposition="middle right",
                                 marker=dict(size=15, symbol="diamond", color="#222")))
    fig.update_xaxes(title_text=lookup("figures_ch6.hours", lang), range=[0, 10])
    fig.update_yaxes(title_text=lookup("figures_ch6.p_axis", lang), range=[-0.3, 1.3], tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_layout(hovermode="closest")
    return style(fig, height=440, title=title, legend="bottom")


# A followed run on the class board: the fields its broadcast carries, and the page's figure of them.
BROADCAST_FIELDS = ("epoch", "w", "b", "curve/x", "curve/y")


def broadcast_figures(latest: dict, settings: dict, lang: str = "en") -> list[list[go.Figure]]:
    """The lecturer's run as chapter 6 draws it (rows of figures): P(pass) over 0-10 hours with the fitted w, b."""
    w, b = latest.get("w"), latest.get("b")
    title = None if w is None or b is None else lookup("ch6.epoch_title", lang, epoch=latest["epoch"],
                                                       w=f"{w:.3f}", b=f"{b:.3f}")
    return [[probability_figure(latest.get("curve/x", ()), latest.get("curve/y", ()), title=title, lang=lang)]]
