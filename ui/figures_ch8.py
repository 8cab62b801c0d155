"""Chapter 8 figures: the batches of an epoch, the batch-size race, the Titanic exercise (data in, go.Figure out)."""

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

from ui.figures import fit_title, style
from ui.text import lookup

BATCH_COLOURS = qualitative.Plotly  # ten colours; batch k gets colour k mod 10
LEFT_OUT = "#d9d9d9"
RACE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c")  # full, mini, stochastic: same colour in every chart
MARGIN = dict(l=10, r=10, t=50, b=10)


def _steps(colours: Sequence[str]) -> list:
    """A colour scale with one flat band per colour, for whole-number values 0..len-1."""
    n = len(colours)
    return [stop for i, c in enumerate(colours) for stop in ((i / n, c), ((i + 1) / n, c))]


def batch_layout_figure(layout: np.ndarray, iterations: int, lang: str = "en") -> go.Figure:
    """One row per epoch, one column per sample: the colour says which batch (iteration) used that sample."""
    epochs, n = layout.shape
    used = layout >= 0
    z = np.where(used, layout % len(BATCH_COLOURS), np.nan)  # NaN cells stay the grey background: left out
    hover = np.where(used, np.char.add(lookup("figures_ch8.layout.batch", lang), (layout + 1).astype(str)),
                     lookup("figures_ch8.layout.left_out", lang))
    fig = go.Figure(go.Heatmap(
        z=z, x=np.arange(n), y=[lookup("figures_ch8.layout.epoch", lang, n=e + 1) for e in range(epochs)], text=hover,
        colorscale=_steps(BATCH_COLOURS), zmin=-0.5, zmax=len(BATCH_COLOURS) - 0.5, showscale=False,
        hovertemplate=lookup("figures_ch8.layout.hover", lang, iterations=iterations) + "<extra></extra>",
        xgap=0, ygap=3,
    ))
    fig.update_layout(
        title=dict(text=lookup("figures_ch8.layout.title", lang, iterations=iterations)),
        height=90 + 55 * epochs, margin=MARGIN, plot_bgcolor=LEFT_OUT,
        xaxis=dict(title=lookup("figures_ch8.layout.x", lang), showgrid=False, zeroline=False),
        yaxis=dict(autorange="reversed", showgrid=False),
    )
    return fit_title(fig)


def race_figure(runs: Mapping[str, Sequence[dict]], x: str, log_x: bool = False, lang: str = "en") -> go.Figure:
    """Loss of each run against x ("step" = iterations or "time" = compute seconds).

    Thin lines: the mean mini-batch loss of each logged interval (noisy for small batches); thick lines
    with markers: the loss over the whole training set at the end of each epoch.
    """
    fig = go.Figure()
    for colour, (label, records) in zip(RACE_COLOURS, runs.items()):
        train = [r for r in records if r["kind"] == "train"]
        evals = [r for r in records if r["kind"] == "eval"]
        fig.add_scatter(x=[r[x] for r in train], y=[r["train/loss"] for r in train], mode="lines",
                        line=dict(color=colour, width=1), opacity=0.45, legendgroup=label, showlegend=False,
                        name=lookup("figures_ch8.race.batch_loss", lang, run=label),
                        hovertemplate=lookup("figures_ch8.race.batch_hover", lang) + f"<extra>{label}</extra>")
        fig.add_scatter(x=[r[x] for r in evals], y=[r["train/loss"] for r in evals], mode="lines+markers",
                        line=dict(color=colour, width=3), marker=dict(size=5), legendgroup=label,
                        name=label,
                        customdata=[r["epoch"] for r in evals],
                        hovertemplate=lookup("figures_ch8.race.epoch_hover", lang) + f"<extra>{label}</extra>")
    fig.update_layout(xaxis=dict(title=lookup(f"figures_ch8.race.x.{x}", lang), type="log" if log_x else "linear"),
                      yaxis=dict(title=lookup("figures_ch8.race.y", lang)))
    return style(fig, height=420, title=lookup(f"figures_ch8.race.title.{x}", lang), legend="bottom")


def age_fill_figure(known_ages: Sequence[float], filled_ages: Sequence[float], lang: str = "en") -> go.Figure:
    """Known ages and the ages given to passengers whose age was missing, stacked, so the fill shows up."""
    fig = go.Figure()
    bins = dict(start=0, end=81, size=2)
    fig.add_histogram(x=list(known_ages), name=lookup("figures_ch8.ages.known", lang, n=len(known_ages)), xbins=bins,
                      marker_color="#4c78a8")
    fig.add_histogram(x=list(filled_ages), name=lookup("figures_ch8.ages.filled", lang, n=len(filled_ages)), xbins=bins,
                      marker_color="#f58518")
    fig.update_layout(barmode="stack", title=lookup("figures_ch8.ages.title", lang), height=320, margin=MARGIN,
                      xaxis_title=lookup("figures_ch8.ages.x", lang), yaxis_title=lookup("figures_ch8.ages.y", lang),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"))
    return fig
