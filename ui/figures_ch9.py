"""Chapter 9 figures: softmax bars, MNIST digits and pixels, probes, the confusion matrix (data in, go.Figure out)."""

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import wrapped
from ui.text import lookup

INK = "gray_r"  # dark ink on white paper reads better on a projector than MNIST's white-on-black
MARGIN = dict(l=10, r=10, t=50, b=10)
HALF_FIT = 25  # letters of a 12 px subplot title that fit half a phone's chart
SIDE = 28  # MNIST images are 28 x 28
GAP = 4  # blank pixels between digits in a mosaic (grey level 0 = paper, like the background)
CAPTION = 12  # blank pixels above each mosaic row, where the captions go


def probability_figure(probs: Sequence[float], target: int, lang: str = "en") -> go.Figure:
    """One bar per class; the target class is highlighted, the most likely class outlined."""
    classes = list(range(len(probs)))
    best = int(np.argmax(probs))
    fig = go.Figure(go.Bar(
        x=classes, y=list(probs), text=[f"{p:.3f}" for p in probs], textposition="outside",
        marker=dict(color=["#d62728" if c == target else "#9ecae1" for c in classes],
                    line=dict(color=["black" if c == best else "rgba(0,0,0,0)" for c in classes], width=2)),
        hovertemplate=lookup("figures_ch9.probs.hover", lang) + "<extra></extra>",
    ))
    fig.update_layout(title=lookup("figures_ch9.probs.title", lang, n=len(probs), total=sum(probs), target=target),
                      height=340, margin=MARGIN, yaxis=dict(range=[0, 1.12], title=lookup("figures_ch9.probs.y", lang)),
                      xaxis=dict(tickmode="linear", dtick=1, title=lookup("figures_ch9.class", lang)))
    return fig


def _mosaic(images: np.ndarray, columns: int) -> np.ndarray:
    """Tile (k, 28, 28) uint8 images into one uint8 array (plotly sends uint8 as compact binary)."""
    rows = max(1, math.ceil(len(images) / columns))
    mosaic = np.zeros((rows * (CAPTION + SIDE), columns * (SIDE + GAP) - GAP), dtype=np.uint8)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        top, left = r * (CAPTION + SIDE) + CAPTION, c * (SIDE + GAP)
        mosaic[top:top + SIDE, left:left + SIDE] = image
    return mosaic


def digit_mosaic_figure(images: np.ndarray, titles: Sequence[str], columns: int = 10, title: str = "",
                        cell_px: int = 70) -> go.Figure:
    """Digits (k, 28, 28, grey levels 0-255) in a grid, each with a caption above it."""
    images = np.asarray(images, dtype=np.uint8)
    columns = max(1, min(columns, len(images)))
    rows = max(1, math.ceil(len(images) / columns))
    mosaic = _mosaic(images, columns)
    fig = go.Figure(go.Heatmap(z=mosaic, colorscale=INK, zmin=0, zmax=255, showscale=False, hoverinfo="skip"))
    # One list, not add_annotation per caption: plotly validates the whole layout on each add.
    captions = [dict(x=c * (SIDE + GAP) + SIDE / 2 - 0.5, y=r * (CAPTION + SIDE) + CAPTION - 1, text=text,
                     showarrow=False, yanchor="bottom", font=dict(size=11))
                for (r, c), text in ((divmod(i, columns), text) for i, text in enumerate(titles))]
    fig.update_layout(annotations=captions, title=title or None, height=rows * cell_px + 60, plot_bgcolor="white",
                      margin=dict(l=5, r=5, t=45 if title else 10, b=5))
    fig.update_xaxes(visible=False, range=[-0.5, mosaic.shape[1] - 0.5], constrain="domain")
    fig.update_yaxes(visible=False, range=[mosaic.shape[0] - 0.5, -0.5], scaleanchor="x", constrain="domain")
    return fig


def digit_matrix_figure(image: np.ndarray, label: int, lang: str = "en") -> go.Figure:
    """One digit as the 28 x 28 matrix of grey levels the network actually receives (before ToTensor)."""
    image = np.asarray(image)
    fig = go.Figure(go.Heatmap(
        z=image, colorscale=INK, zmin=0, zmax=255, showscale=False, text=image, texttemplate="%{text}",
        textfont=dict(size=8), hovertemplate=lookup("figures_ch9.matrix.hover", lang) + "<extra></extra>", xgap=1, ygap=1,
    ))
    fig.update_layout(title=lookup("figures_ch9.matrix.title", lang, label=label), height=660,
                      margin=dict(l=10, r=10, t=80, b=10))
    fig.update_xaxes(dtick=4, side="top", showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(autorange="reversed", dtick=4, scaleanchor="x", showgrid=False, zeroline=False,
                     constrain="domain")
    return fig


def pixel_histogram_figure(stats: dict, mean: float, std: float, log_y: bool = True, lang: str = "en") -> go.Figure:
    """Grey-level counts after ToTensor (pixel/255) and after Normalize((mean,), (std,)), side by side."""
    titles = [wrapped(title, HALF_FIT) for title in (
        lookup("figures_ch9.hist.before", lang, mean=stats["mean"], std=stats["std"]),
        lookup("figures_ch9.hist.after", lang, mean=mean, std=std, new_mean=stats["normalised_mean"],
               new_std=stats["normalised_std"]))]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.08, subplot_titles=titles)
    counts = stats["counts"]
    for col, levels, centre, spread in ((1, stats["levels"], stats["mean"], stats["std"]),
                                        (2, stats["normalised_levels"], stats["normalised_mean"],
                                         stats["normalised_std"])):
        fig.add_bar(x=levels, y=counts, row=1, col=col, marker_color="#4c78a8", showlegend=False,
                    hovertemplate=lookup("figures_ch9.hist.hover", lang) + "<extra></extra>")
        for offset, dash in ((0, "solid"), (-1, "dot"), (1, "dot")):
            fig.add_vline(x=centre + offset * spread, line=dict(color="#d62728", dash=dash, width=1.5),
                          row=1, col=col)
    fig.update_yaxes(type="log" if log_y else "linear", title_text=lookup("figures_ch9.hist.y", lang), row=1, col=1)
    fig.update_yaxes(type="log" if log_y else "linear", row=1, col=2)
    fig.update_xaxes(title_text=lookup("figures_ch9.hist.x", lang), row=1, col=1)
    fig.update_xaxes(title_text=lookup("figures_ch9.hist.x", lang), row=1, col=2)
    fig.update_annotations(font_size=12)
    lines = 1 + max(title.count("<br>") for title in titles)
    fig.update_layout(height=330 + 15 * lines, margin=dict(l=10, r=10, t=30 + 15 * lines, b=10), bargap=0)
    return fig


def probe_figure(images: np.ndarray, labels: Sequence[int], probs: Sequence[Sequence[float]] | None,
                 lang: str = "en") -> go.Figure:
    """Fixed test digits (left) and the model's softmax output for each (right), row by row."""
    k = len(images)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.1, 0.9], shared_yaxes=True, horizontal_spacing=0.02)
    column = np.asarray(images, dtype=np.uint8).reshape(k * SIDE, SIDE)
    fig.add_heatmap(z=column, colorscale=INK, zmin=0, zmax=255, showscale=False, hoverinfo="skip", row=1, col=1)
    centres = [i * SIDE + SIDE / 2 - 0.5 for i in range(k)]  # one heatmap row per digit, aligned with its image
    fig.add_heatmap(x=list(range(10)), y=centres, colorscale="Blues", zmin=0, zmax=1,
                    texttemplate="%{text:.2f}", textfont=dict(size=11),
                    customdata=[[int(label)] * 10 for label in labels],
                    colorbar=dict(title="p", len=0.8, thickness=12),
                    hovertemplate=lookup("figures_ch9.probe.hover", lang) + "<extra></extra>", xgap=2, ygap=2,
                    row=1, col=2)
    fig.update_layout(title=lookup("figures_ch9.probe.title", lang),
                      height=90 + 34 * k, margin=MARGIN)
    fig.update_xaxes(visible=False, scaleanchor="y", constrain="domain", row=1, col=1)  # square pixels
    fig.update_xaxes(dtick=1, title_text=lookup("figures_ch9.predicted_class", lang), side="bottom", row=1, col=2)
    fig.update_yaxes(visible=False, autorange="reversed", row=1, col=1)
    return set_probe_probs(fig, probs)


def set_probe_probs(fig: go.Figure, probs: Sequence[Sequence[float]] | None) -> go.Figure:
    """A probe figure showing other softmax outputs (None: all zero), changed in place: a live view's tick sets
    ten rows of numbers instead of building the figure again."""
    heatmap = fig.data[1]
    values = np.zeros((len(heatmap.y), 10)) if probs is None else np.asarray(probs, dtype=float)
    with fig.batch_update():
        heatmap.z = values
        heatmap.text = np.round(values, 2)
    return fig


def confusion_figure(confusion: Sequence[Sequence[int]], selected: tuple[int, int] | None = None,
                     lang: str = "en") -> go.Figure:
    """Counts of (true, predicted) as clickable squares: green on the diagonal, red for mistakes."""
    counts = np.asarray(confusion, dtype=int)
    classes = len(counts)
    true, pred = np.divmod(np.arange(classes * classes), classes)
    values = counts[true, pred]
    diagonal = true == pred
    fig = go.Figure()
    wrong_max = max(1, int(values[~diagonal].max(initial=0)))
    right_max = max(1, int(values[diagonal].max(initial=0)))
    for mask, scale, cmax, name in ((diagonal, "Greens", right_max, lookup("figures_ch9.confusion.right", lang)),
                                    (~diagonal, [[0, "#f7f7f7"], [1e-9, "#fee0d2"], [1, "#a50f15"]], wrong_max,
                                     lookup("figures_ch9.confusion.wrong", lang))):
        fig.add_scatter(
            x=pred[mask], y=true[mask], mode="markers+text", name=name, text=values[mask].astype(str),
            textfont=dict(size=11, color=["white" if v > cmax / 2 else "#333" for v in values[mask]]),
            # plain lists: plotly.js decodes binary-encoded customdata for neither hovers nor selection events
            customdata=np.stack([true[mask], pred[mask], values[mask]], axis=1).tolist(),
            marker=dict(symbol="square", size=34, color=values[mask], colorscale=scale, cmin=0, cmax=cmax,
                        line=dict(width=0)),
            hovertemplate=lookup("figures_ch9.confusion.hover", lang) + "<extra></extra>",
        )
    if selected is not None:
        fig.add_scatter(x=[selected[1]], y=[selected[0]], mode="markers", hoverinfo="skip",
                        name=lookup("figures_ch9.confusion.selected", lang),
                        marker=dict(symbol="square-open", size=38, color="black", line=dict(width=3)))
    fig.update_layout(title=lookup("figures_ch9.confusion.title", lang, n=int(counts.sum())), height=480,
                      margin=MARGIN, showlegend=False, plot_bgcolor="white", clickmode="event+select")
    fig.update_xaxes(title_text=lookup("figures_ch9.predicted_class", lang), dtick=1, range=[-0.5, classes - 0.5],
                     showgrid=False, zeroline=False)
    fig.update_yaxes(title_text=lookup("figures_ch9.true_class", lang), dtick=1, range=[classes - 0.5, -0.5],
                     scaleanchor="x", showgrid=False, zeroline=False)
    return fig


def per_class_figure(per_class_acc: Sequence[float], lang: str = "en") -> go.Figure:
    """Test accuracy of each digit class."""
    values = [100 * a for a in per_class_acc]
    fig = go.Figure(go.Bar(x=list(range(len(values))), y=values, text=[f"{v:.1f}" for v in values],
                           textposition="outside", marker_color="#59a14f",
                           hovertemplate=lookup("figures_ch9.per_class.hover", lang) + "<extra></extra>"))
    fig.update_layout(title=lookup("figures_ch9.per_class.title", lang), height=300, margin=MARGIN,
                      yaxis=dict(range=[0, 110], title=lookup("figures_ch9.per_class.y", lang)),
                      xaxis=dict(dtick=1, title=lookup("figures_ch9.true_class", lang)))
    return fig


# A followed run on the class board (chapters 9 and 10): the fields its broadcast carries, and their figures.
BROADCAST_FIELDS = ("epoch", "confusion", "per_class_acc")


def broadcast_figures(latest: dict, settings: dict, lang: str = "en") -> list[list[go.Figure]]:
    """The lecturer's run as chapters 9 and 10 draw its evaluation: the confusion matrix and per-class accuracy."""
    return [[confusion_figure(latest["confusion"], lang=lang), per_class_figure(latest["per_class_acc"], lang=lang)]]
