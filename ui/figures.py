"""Figures every chapter page can use: training curves with live-change markers, one common look.

Pure functions: records (core.train dicts) in, plotly figures out; no streamlit here.
"""

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui.text import lookup

COLORS = {
    "train": "#1f77b4",
    "test": "#ff7f0e",
    "event": "#7f7f7f",
    "ghost": "#b0b0b0",
    "positive": "#2166ac",
    "negative": "#d6604d",
    "band": "#f2c14e",
}


@dataclass(frozen=True)
class Line:
    """One named line of a chart."""

    name: str
    x: Sequence[float]
    y: Sequence[float]
    color: str | None = None
    dash: str | None = None  # "dash", "dot", ...
    width: float = 2.0


LEGENDS = {
    "top": dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    "bottom": dict(orientation="h", yanchor="top", y=-0.2, x=0, xanchor="left"),
}


# A title's width in Latin letters that still fits a phone's chart (about 350 px at 15 px; a CJK character is two).
TITLE_FIT = 40
LINE_PX = 20  # one more title line: this much more room above the plot
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # CJK characters and full-width forms: a line may break at each
CLOSING, OPENING = ("Pe", "Pf", "Po"), ("Ps", "Pi")  # no line starts with ) ， 、 · nor ends with ( （
_WORDS = re.compile(rf"<br>|<[^>]*>|[{CJK}]|[^\s<{CJK}]+|\s+")  # a break, a tag, a CJK character, a word, spaces


def _width(token: str) -> int:
    """How many Latin letters wide a token shows: tags take no room, a CJK character two."""
    if token.startswith("<"):
        return 0
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)


def wrapped(text: str, fit: int = TITLE_FIT) -> str:
    """Chart text broken with <br> into lines at most `fit` Latin letters wide (plotly never wraps a title), at
    spaces or between CJK characters; a word wider than a line has a line of its own."""
    lines, line = [], ""
    for token in _WORDS.findall(text):
        if token == "<br>" or (line.strip() and not token.isspace() and _width(line + token) > fit
                               and unicodedata.category(token[0]) not in CLOSING
                               and unicodedata.category(line[-1]) not in OPENING):
            lines.append(line.rstrip())
            line = "" if token == "<br>" else token
        elif line or not token.isspace():
            line += token
    return "<br>".join([*lines, line.rstrip()])


def fit_title(fig: go.Figure) -> go.Figure:
    """The figure with its title wrapped to fit a phone's chart, and room above the plot for each added line."""
    title = fig.layout.title.text if fig.layout.title else None
    if not title:
        return fig
    fitted = wrapped(title)
    extra = LINE_PX * (fitted.count("<br>") - title.count("<br>"))
    if extra:
        fig.update_layout(title_text=fitted)
        if fig.layout.margin.t is not None:  # plotly's default (100 px) has room for more lines
            fig.update_layout(margin_t=fig.layout.margin.t + extra, height=(fig.layout.height or 450) + extra)
    return fig


def style(fig: go.Figure, *, height: int = 320, title: str | None = None, uirevision: str = "keep",
          legend: str = "top") -> go.Figure:
    """The common look; a constant uirevision keeps the learner's zoom while the data updates. A long title is
    wrapped to fit a phone's chart."""
    fig.update_layout(
        height=height, title=dict(text=title, x=0, font=dict(size=15)) if title else None,
        margin=dict(l=55, r=20, t=60 if title else 30, b=110 if legend == "bottom" else 45), uirevision=uirevision,
        legend=LEGENDS[legend], hovermode="x unified",
    )
    return fit_title(fig)


PACKED_FROM = 300  # points; shorter series stay plain lists


def as_array(values: Sequence[float | None]) -> list | np.ndarray:
    """Long series as float arrays (None -> NaN, drawn as a gap): plotly ships numpy as one binary block,
    while it checks list items one by one, too slow for a long run redrawn twice a second. Short series
    stay lists, which cost little and read back as plain arrays in the browser's plot.data."""
    if len(values) < PACKED_FROM:
        return list(values)
    return np.asarray(values, dtype=float)


def series(records: Sequence[dict], key: str, x_key: str = "step") -> tuple[list[float], list[float]]:
    """x and y of every record that carries `key` (non-finite values become gaps)."""
    xs, ys = [], []
    for record in records:
        if key in record:
            value = record[key]
            xs.append(record[x_key])
            ys.append(value if math.isfinite(value) else None)
    return xs, ys


def event_x(event: dict, x_key: str = "step") -> float:
    """Where a live change lands on an axis: it applies from the next step, so between two points."""
    return event["step"] + 0.5 if x_key == "step" else event[x_key] - 0.5


def setting_changes(events: Sequence[dict]) -> list[dict]:
    """The event records that changed a setting (lr, momentum), not the refused ones."""
    return [e for e in events if e.get("kind", "event") == "event" and "name" in e]


def event_marks(events: Sequence[dict], x_key: str = "step", yrefs: Sequence[str] = ("y",)) -> tuple[list, list]:
    """Shapes and annotations for the dotted lines where a setting changed mid-run (labelled once, on top)."""
    shapes, notes = [], []
    for event in setting_changes(events):
        x = event_x(event, x_key)
        for yref in yrefs:
            shapes.append(dict(type="line", x0=x, x1=x, xref=yref.replace("y", "x"), y0=0, y1=1,
                               yref=f"{yref} domain", line=dict(color=COLORS["event"], dash="dot", width=1.5)))
        notes.append(dict(x=x, xref=yrefs[0].replace("y", "x"), y=1, yref=f"{yrefs[0]} domain", showarrow=False,
                          yanchor="bottom", text=f"{'lr' if event['name'] == 'lr' else event['name']} → "
                          f"{event['new']:g}", font=dict(size=11, color=COLORS["event"]),
                          hovertext=event.get("message")))
    return shapes, notes


def add_events(fig: go.Figure, events: Sequence[dict], x_key: str = "step") -> go.Figure:
    """Mark live setting changes on a single-axis figure."""
    shapes, notes = event_marks(events, x_key)
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *notes])
    return fig


FEW_POINTS = 30  # a line with this many points or fewer shows them as markers too: one point alone is visible


def line_mode(points: int) -> str:
    return "lines+markers" if points <= FEW_POINTS else "lines"


def line_chart(lines: Sequence[Line], *, x_title: str, y_title: str, events: Sequence[dict] = (),
               event_key: str = "step", x_range: Sequence[float] | None = None,
               y_range: Sequence[float] | None = None, height: int = 320, title: str | None = None,
               empty_note: str | None = None) -> go.Figure:
    """Lines against a shared x axis, with markers where the learning rate changed."""
    traces = [dict(type="scatter", x=as_array(line.x), y=as_array(line.y), name=line.name, mode=line_mode(len(line.x)),
                   line=dict(color=line.color, dash=line.dash, width=line.width)) for line in lines]
    shapes, notes = event_marks(events, event_key)
    if empty_note and not any(len(line.x) for line in lines):
        notes.append(dict(text=empty_note, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                          font=dict(size=14, color=COLORS["event"])))
    layout = dict(xaxis=dict(title_text=x_title, range=list(x_range) if x_range else None),
                  yaxis=dict(title_text=y_title, range=list(y_range) if y_range else None),
                  shapes=shapes, annotations=notes)
    return style(go.Figure(data=traces, layout=layout), height=height, title=title)


NICE_STEPS = tuple(m * 10 ** e for e in range(7) for m in (1, 2, 5))  # 1, 2, 5, 10, 20, 50, ...


def growing_range(done: float, total: float, floor: float = 10.0) -> list[float]:
    """An x range that widens in 1-2-5 steps as a run advances, up to its total: the curve fills the chart,
    and the axis moves a handful of times per run instead of on every redraw."""
    target = max(done * 1.15, floor)
    bound = next((n for n in NICE_STEPS if n >= target), target)
    return [0, min(bound, total)]


def loss_range(*ys: Sequence[float | None], floor: float = 0.0) -> list[float]:
    """A y range from `floor` to just above the largest finite loss, so early spikes stay in view."""
    finite = [v for y in ys for v in y if v is not None and math.isfinite(v)]
    top = max(finite) if finite else 1.0
    return [floor, top * 1.08 if top > 0 else 1.0]


def loss_accuracy_figure(evals: Sequence[dict], *, x_key: str = "epoch", x_title: str | None = None,
                         events: Sequence[dict] = (), x_range: Sequence[float] | None = None,
                         ghost: Sequence[dict] = (), ghost_label: str | None = None,
                         height: int = 480, title: str | None = None, lang: str = "en") -> go.Figure:
    """Train and test loss (top) and accuracy (bottom) from eval records; a faint earlier run to compare."""
    x_title = lookup("figures.epoch", lang) if x_title is None else x_title
    ghost_label = lookup("figures.previous_run", lang) if ghost_label is None else ghost_label
    traces, losses = [], []
    for split, dash in (("train", None), ("test", "dash")):
        label = lookup(f"figures.{split}", lang)
        for axis, metric in (("", "loss"), ("2", "acc")):
            for records, color, name, width in ((ghost, COLORS["ghost"], f"{ghost_label}: {label}", 1.5),
                                                (evals, COLORS[split], label, 2.2)):
                xs, ys = series(records, f"{split}/{metric}", x_key)
                if not xs:
                    continue
                if metric == "loss":
                    losses.append(ys)
                traces.append(dict(type="scatter", x=as_array(xs), y=as_array(ys), name=name, legendgroup=name,
                                   showlegend=not axis, mode=line_mode(len(xs)), xaxis=f"x{axis}", yaxis=f"y{axis}",
                                   line=dict(color=color, dash=dash, width=width)))
    shapes, notes = event_marks(events, x_key, yrefs=("y", "y2"))
    x_range = list(x_range) if x_range else None
    layout = dict(
        # Two stacked panels sharing x, laid out by hand: make_subplots costs more than the whole redraw budget.
        xaxis=dict(anchor="y", matches="x2", showticklabels=False, range=x_range),
        yaxis=dict(domain=[0.48, 1], title_text=lookup("figures.loss", lang), range=loss_range(*losses)),
        xaxis2=dict(anchor="y2", title_text=x_title, range=x_range),
        yaxis2=dict(domain=[0, 0.42], title_text=lookup("figures.accuracy", lang), range=[0, 1.02], tickformat=".0%"),
        shapes=shapes, annotations=notes,
    )
    return style(go.Figure(data=traces, layout=layout), height=height, title=title)
