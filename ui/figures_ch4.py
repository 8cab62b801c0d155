"""Lecture 4 figures: the computational graph with forward values and backward gradients, the live w and its
gradient, and two linear layers against one.

Pure plotly; the graph's numbers come from core.graph, the runs' from core.train records.
"""

from collections.abc import Sequence

import plotly.graph_objects as go

from core.graph import Graph
from ui.figures import COLORS, as_array, style
from ui.text import lookup

KIND_COLORS = {"input": "#9e9e9e", "param": COLORS["train"], "op": COLORS["test"]}
GRAD_COLOR = "#c62828"  # backward: gradients in red, as the lecture draws them


def number(value: float) -> str:
    """Short and exact where it can be: 2, −8, 0.333, 1.2e-06."""
    text = f"{value:.4g}"
    return text.replace("-", "−")


def positions(graph: Graph) -> dict[str, tuple[float, float]]:
    """Columns left to right by distance from the inputs (a leaf sits just left of its first use), rows spread."""
    column = {n.name: n.column for n in graph.nodes}
    for node in graph.nodes:
        if node.kind != "op":
            uses = [column[e.target] for e in graph.edges if e.source == node.name]
            column[node.name] = min(uses) - 1
    by_column: dict[int, list[str]] = {}
    for node in graph.nodes:
        by_column.setdefault(column[node.name], []).append(node.name)
    placed = {}
    for col, names in by_column.items():
        for row, name in enumerate(names):
            placed[name] = (float(col), (len(names) - 1) / 2 - row)
    return placed


def graph_figure(graph: Graph, autograd: dict[str, float] | None = None, *, title: str = "",
                 lang: str = "en") -> go.Figure:
    """Nodes with their forward value (and formula), edges labelled with the local derivative, and each node's
    ∂loss/∂node in red beneath it; with `autograd`, torch's value beside each gradient (✓ when they agree)."""
    at = positions(graph)
    fig = go.Figure()
    for edge in graph.edges:
        (x0, y0), (x1, y1) = at[edge.source], at[edge.target]
        fig.add_annotation(x=x1 - 0.12, y=y1, ax=x0 + 0.12, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowwidth=1.5, arrowcolor="#757575", text="")
        fig.add_annotation(x=(x0 + x1) / 2, y=(y0 + y1) / 2, showarrow=False, yshift=10,
                           text=f"∂{edge.target}/∂{edge.source} = {number(edge.local)}",
                           font=dict(size=11, color="#616161"), bgcolor="rgba(255,255,255,0.8)")
    for kind in ("input", "param", "op"):
        nodes = [n for n in graph.nodes if n.kind == kind]
        if not nodes:
            continue
        texts = [f"<b>{n.name}</b> = {number(n.value)}" + (f"<br><i>{n.formula}</i>" if n.formula else "")
                 for n in nodes]
        fig.add_trace(go.Scatter(
            x=[at[n.name][0] for n in nodes], y=[at[n.name][1] for n in nodes], mode="markers+text", text=texts,
            textposition="top center", name=lookup(f"figures_ch4.kind.{kind}", lang),
            marker=dict(size=26, color=KIND_COLORS[kind], line=dict(width=1, color="white")),
            hovertext=[_hover(n, autograd, lang) for n in nodes], hoverinfo="text"))
    for node in graph.nodes:
        x, y = at[node.name]
        check = ""
        if autograd is not None and node.name in autograd:
            torch_grad = autograd[node.name]
            check = " ✓" if abs(torch_grad - node.grad) <= 1e-9 * max(1.0, abs(node.grad)) else " ✗"
        fig.add_annotation(x=x, y=y, yshift=-26, showarrow=False, font=dict(size=12, color=GRAD_COLOR),
                           text=f"∂loss/∂{node.name} = {number(node.grad)}{check}")
    style(fig, height=380, title=title or None, legend="bottom")
    fig.update_layout(hovermode="closest", dragmode=False)
    fig.update_xaxes(visible=False, range=[min(p[0] for p in at.values()) - 0.5, max(p[0] for p in at.values()) + 0.5])
    fig.update_yaxes(visible=False, range=[min(p[1] for p in at.values()) - 0.8, max(p[1] for p in at.values()) + 0.8])
    return fig


def _hover(node, autograd, lang: str) -> str:
    text = lookup("figures_ch4.hover", lang, name=node.name, value=number(node.value), grad=number(node.grad))
    if autograd is not None and node.name in autograd:
        text += "<br>" + lookup("figures_ch4.hover_torch", lang, grad=number(autograd[node.name]))
    return text


def weight_figure(train_records: Sequence[dict], *, epochs: int, lang: str = "en") -> go.Figure:
    """w after every sample (the lecture's target 2 dashed) and the gradient it was updated with."""
    steps = as_array([r["step"] for r in train_records])
    x_range = [0, max(3 * epochs, train_records[-1]["step"] if train_records else 0) + 1]
    traces = [dict(type="scatter", x=steps, y=as_array([r["w"] for r in train_records]), mode="lines", name="w",
                   line=dict(color=COLORS["train"], width=2)),
              dict(type="scatter", x=steps, y=as_array([r["grad"] for r in train_records]), mode="lines",
                   name="w.grad", xaxis="x2", yaxis="y2", line=dict(color=GRAD_COLOR, width=1.5))]
    levels = [dict(type="line", xref=f"{x} domain", x0=0, x1=1, yref=y, y0=level, y1=level, line=line)
              for x, y, level, line in (("x", "y", 2.0, dict(color=COLORS["ghost"], dash="dash")),
                                        ("x2", "y2", 0.0, dict(color=COLORS["ghost"], dash="dot")))]
    layout = dict(  # two stacked panels sharing x, laid out by hand: make_subplots took ~20 ms of every live frame
        xaxis=dict(anchor="y", matches="x2", showticklabels=False, range=x_range),
        yaxis=dict(domain=[0.56, 1], title_text="w"),
        xaxis2=dict(anchor="y2", title_text=lookup("figures_ch4.sample_axis", lang), range=x_range),
        yaxis2=dict(domain=[0, 0.44], title_text="w.grad"),
        shapes=levels)
    return style(go.Figure(data=traces, layout=layout), height=420, title=lookup("figures_ch4.weight_title", lang))


def collapse_figure(xs: Sequence[float], stacked: Sequence[float], single: Sequence[float],
                    with_relu: Sequence[float], *, lang: str = "en") -> go.Figure:
    """Two Linear layers with nothing between them draw the same line as the one layer W₂W₁; a ReLU bends it."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=list(xs), y=list(single), mode="lines", name=lookup("figures_ch4.single", lang),
                             line=dict(color=COLORS["ghost"], width=8)))
    fig.add_trace(go.Scatter(x=list(xs), y=list(stacked), mode="lines", name=lookup("figures_ch4.stacked", lang),
                             line=dict(color=COLORS["train"], width=2, dash="dash")))
    fig.add_trace(go.Scatter(x=list(xs), y=list(with_relu), mode="lines", name=lookup("figures_ch4.relu", lang),
                             line=dict(color=COLORS["test"], width=2)))
    style(fig, height=340, title=lookup("figures_ch4.collapse_title", lang), legend="bottom")
    fig.update_xaxes(title="x")
    fig.update_yaxes(title=lookup("figures_ch4.output", lang))
    return fig
