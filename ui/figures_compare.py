"""The compare-runs figure: several runs' loss and accuracy per epoch on one pair of axes (pure, no streamlit)."""

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from ui.figures import as_array, line_mode, loss_range, series, style
from ui.text import lookup

# One colour per run, in the order the runs are given (the current run comes last and is drawn thickest).
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


@dataclass(frozen=True)
class ComparedRun:
    """One run on the comparison chart: its legend label and its eval records (epoch, train/test loss and acc)."""

    label: str
    evals: Sequence[dict]
    current: bool = False


def compare_figure(runs: Sequence[ComparedRun], *, lang: str = "en", height: int = 500) -> go.Figure:
    """Loss (top) and accuracy (bottom) against epochs: one colour per run, train solid, test dashed."""
    traces, losses = [], []
    for index, run in enumerate(runs):
        color = PALETTE[index % len(PALETTE)]
        width = 3.0 if run.current else 1.8
        for split, dash in (("train", None), ("test", "dash")):
            for axis, metric in (("", "loss"), ("2", "acc")):
                xs, ys = series(run.evals, f"{split}/{metric}", "epoch")
                if not xs:
                    continue
                if metric == "loss":
                    losses.append(ys)
                name = f"{run.label} · {lookup(f'figures_compare.{split}', lang)}"
                traces.append(dict(type="scatter", x=as_array(xs), y=as_array(ys), name=name, legendgroup=name,
                                   showlegend=not axis, mode=line_mode(len(xs)),
                                   xaxis=f"x{axis}", yaxis=f"y{axis}", marker=dict(size=5),
                                   line=dict(color=color, dash=dash, width=width)))
    notes = []
    if not traces:
        notes.append(dict(text=lookup("figures_compare.empty", lang), x=0.5, y=0.5, xref="paper", yref="paper",
                          showarrow=False, font=dict(size=14)))
    layout = dict(
        xaxis=dict(anchor="y", matches="x2", showticklabels=False),
        yaxis=dict(domain=[0.48, 1], title_text=lookup("figures_compare.loss", lang), range=loss_range(*losses)),
        xaxis2=dict(anchor="y2", title_text=lookup("figures_compare.epoch", lang)),
        yaxis2=dict(domain=[0, 0.42], title_text=lookup("figures_compare.accuracy", lang), range=[0, 1.02],
                    tickformat=".0%"),
        annotations=notes,
    )
    return style(go.Figure(data=traces, layout=layout), height=height, title=lookup("figures_compare.title", lang),
                 legend="bottom")
