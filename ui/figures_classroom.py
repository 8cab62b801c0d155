"""The class board's figures: one point per run (a setting against test accuracy) and every run's curve.

Pure functions of the board's run summaries (core.board_runs.run_summary); no streamlit. Nicknames go into hover
text HTML-escaped, so plotly shows them as typed and never as markup.
"""

import html

import plotly.graph_objects as go

from ui.figures import as_array, style
from ui.text import lookup

NUMERIC = ("lr", "batch_size", "width", "layers", "epochs", "momentum", "seed", "patience")
SETTINGS = ("lr", "batch_size", "width", "layers", "optimizer", "activation", "momentum", "epochs", "model", "seed",
            "patience", "standardise")
LOG_AXES = ("lr",)
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
DIVERGED = "#9e9e9e"
BEST = "#d62728"


def varying(runs: list[dict]) -> list[str]:
    """The settings (in SETTINGS order) that differ between these runs: the ones worth an axis or a column."""
    return [name for name in SETTINGS if len({repr(run["settings"].get(name)) for run in runs}) > 1]


def label(run: dict, rank: int, hide_names: bool) -> str:
    """Hover text naming a run: its nickname (escaped), or only its rank when names are hidden."""
    return f"#{rank}" if hide_names else f"#{rank} {html.escape(run['nickname'])}"


def accuracy_title(runs: list[dict], lang: str) -> str:
    """"test accuracy", "training accuracy" for a chapter without a test split (6), or the final loss of a chapter
    that fits numbers (3)."""
    if by_loss(runs):
        return lookup("figures_classroom.final_loss", lang)
    on = runs[0].get("acc_on", "test") if runs else "test"
    return lookup(f"figures_classroom.{on}_acc", lang)


def by_loss(runs: list[dict]) -> bool:
    """A chapter whose runs report no accuracy (a regression, lecture 3) is compared by its final training loss."""
    return bool(runs) and all(run.get("acc") is None for run in runs)


def _y_values(runs: list[dict], loss: bool) -> list[float]:
    """Each run's accuracy (0 without one), or its final loss on a log axis: a diverged run without a loss goes above
    the rest, a loss of exactly 0 (float32 reached the minimum) below them."""
    if not loss:
        return [run.get("acc") or 0.0 for run in runs]
    losses = [run.get("train_loss") for run in runs]
    positive = [value for value in losses if value is not None and value > 0]
    ceiling, floor = max(positive, default=1.0) * 10, min(positive, default=1.0) / 10
    return [ceiling if value is None else value if value > 0 else floor for value in losses]


def shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def scatter(runs: list[dict], x: str, colour: str | None, *, hide_names: bool = False, lang: str = "en") -> go.Figure:
    """Test accuracy against setting `x`, one point per run (customdata: its index in `runs`), coloured by `colour`;
    diverged runs as grey crosses (at 0 when they have no accuracy). `runs` is in rank order."""
    fig = go.Figure()
    loss = by_loss(runs)
    ys = _y_values(runs, loss)
    groups: dict[str, list[int]] = {}
    for i, run in enumerate(runs):
        key = "diverged" if run["status"] == "diverged" else (
            shown(run["settings"].get(colour)) if colour else "")
        groups.setdefault(key, []).append(i)
    ordered = sorted((k for k in groups if k != "diverged"), key=_natural) + (["diverged"] if "diverged" in groups
                                                                              else [])
    for n, key in enumerate(ordered):
        members = groups[key]
        diverged = key == "diverged"
        name = lookup("figures_classroom.diverged", lang) if diverged else (
            f"{lookup(f'figures_classroom.setting.{colour}', lang)} = {key}" if colour else
            lookup("figures_classroom.runs", lang))
        fig.add_trace(go.Scatter(
            x=[runs[i]["settings"].get(x) for i in members], y=[ys[i] for i in members],
            customdata=[[i] for i in members], hovertext=[label(runs[i], i + 1, hide_names) for i in members],
            hovertemplate="%{hovertext}<br>%{x}: %{y:" + (".3g" if loss else ".1%") + "}<extra></extra>",
            mode="markers", name=name,
            marker=dict(size=12, color=DIVERGED if diverged else PALETTE[n % len(PALETTE)],
                        symbol="x" if diverged else "circle", line=dict(width=1, color="white"))))
    style(fig, height=380, title=lookup("figures_classroom.loss_title" if loss else "figures_classroom.scatter_title",
                                        lang, setting=lookup(f"figures_classroom.setting.{x}", lang)), legend="bottom")
    fig.update_layout(hovermode="closest", clickmode="event+select")
    fig.update_xaxes(title=lookup(f"figures_classroom.setting.{x}", lang), type="log" if x in LOG_AXES else None)
    if x not in NUMERIC:
        fig.update_xaxes(type="category")
    if loss:
        fig.update_yaxes(title=accuracy_title(runs, lang), type="log")
    else:
        fig.update_yaxes(title=accuracy_title(runs, lang), tickformat=".0%", rangemode="tozero")
    return fig


def _natural(text: str):
    """Numbers by value, then words."""
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, text)


def curves(runs: list[dict], *, hide_names: bool = False, lang: str = "en") -> go.Figure:
    """Every run's test accuracy by epoch on one chart: the best (runs[0]) highlighted, diverged ones grey.

    Runs other than the best share one trace per kind (gaps between them), so 300 runs draw about as fast as three.
    """
    fig = go.Figure()
    field = "train/loss" if by_loss(runs) else "acc"
    parts = {"others": ([], []), "diverged": ([], [])}
    best = next((i for i, run in enumerate(runs) if run["status"] != "diverged"), None)
    for i, run in enumerate(runs):
        if i == best:
            continue
        xs, ys = parts["diverged" if run["status"] == "diverged" else "others"]
        xs.extend([*run["curve"]["epoch"], None])
        ys.extend([*run["curve"][field], None])
    for part, colour, width in (("others", "rgba(31,119,180,0.35)", 1.5), ("diverged", DIVERGED, 1.0)):
        xs, ys = parts[part]
        if xs:  # no per-point names here: 30,000 hover strings cost more than the rest of the board
            fig.add_trace(go.Scatter(x=as_array(xs), y=as_array(ys), mode="lines", connectgaps=False,
                                     line=dict(color=colour, width=width),
                                     name=lookup(f"figures_classroom.{part}", lang),
                                     hovertemplate="%{x}: %{y:" + (".3g" if field != "acc" else ".1%") +
                                                   "}<extra></extra>"))
    if best is not None:
        run = runs[best]
        fig.add_trace(go.Scatter(x=run["curve"]["epoch"], y=run["curve"][field], mode="lines+markers",
                                 line=dict(color=BEST, width=4), hovertext=[label(run, best + 1, hide_names)] * len(
                                     run["curve"]["epoch"]), name=lookup("figures_classroom.best", lang),
                                 hovertemplate="%{hovertext}<br>%{x}: %{y:" + (".3g" if field != "acc" else ".1%") +
                                               "}<extra></extra>"))
    style(fig, height=380, title=lookup("figures_classroom.curves_title" if field == "acc" else
                                        "figures_classroom.loss_curves_title", lang), legend="bottom")
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(title=lookup("figures.epoch", lang))
    if field == "acc":
        fig.update_yaxes(title=accuracy_title(runs, lang), tickformat=".0%", range=[0, 1.02])
    else:
        fig.update_yaxes(title=accuracy_title(runs, lang), type="log")
    return fig
