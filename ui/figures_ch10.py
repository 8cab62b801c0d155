"""Chapter 10 figures: input, kernel and output side by side, max pooling, channels, feature maps (data in,
go.Figure out)."""

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.text import lookup

NUMBERS_UP_TO = 12  # grids this wide or narrower show their numbers in the cells
MAPS = "RdBu_r"  # signed values: red positive, blue negative, white zero
HIGHLIGHT = dict(color="#ff7f0e", width=3)


def _grid(fig: go.Figure, values: np.ndarray, col: int, row: int = 1, colorscale: str = MAPS,
          signed: bool = True, numbers: bool | None = None) -> None:
    """One 2-D array as a heatmap cell of a subplot grid, row 0 at the top, numbers written in small grids."""
    values = np.asarray(values, dtype=float)
    numbers = values.shape[1] <= NUMBERS_UP_TO if numbers is None else numbers
    bound = float(np.abs(values).max()) or 1.0
    zmin, zmax = (-bound, bound) if signed else (float(values.min()), float(values.max()) or 1.0)
    fig.add_heatmap(z=values, colorscale=colorscale, zmin=zmin, zmax=zmax, showscale=False, xgap=1, ygap=1,
                    text=np.vectorize(lambda v: f"{v:.3g}")(values) if numbers else None,
                    texttemplate="%{text}" if numbers else None, textfont=dict(size=11),
                    hovertemplate="(%{y}, %{x}): %{z:.4g}<extra></extra>", row=row, col=col)
    fig.update_xaxes(visible=False, constrain="domain", row=row, col=col)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor=_anchor(fig, row, col), constrain="domain",
                     row=row, col=col)


def _anchor(fig: go.Figure, row: int, col: int) -> str:
    """The x axis of subplot (row, col), so its cells are square."""
    return fig.get_subplot(row, col).xaxis.plotly_name.replace("axis", "")


def _box(fig: go.Figure, top: int, left: int, size: int, col: int, row: int = 1) -> None:
    fig.add_shape(type="rect", x0=left - 0.5, x1=left + size - 0.5, y0=top - 0.5, y1=top + size - 0.5,
                  line=HIGHLIGHT, row=row, col=col)


def convolution_figure(image, kernel, output, padding: int, stride: int, cell: tuple[int, int],
                       lang: str = "en") -> go.Figure:
    """The padded input with the window under `cell` outlined, the kernel, and the output with `cell` outlined."""
    padded = np.pad(np.asarray(image, dtype=float), padding)
    k = np.asarray(kernel).shape[0]
    row, col = cell
    fig = make_subplots(rows=1, cols=3, column_widths=[0.42, 0.16, 0.42], horizontal_spacing=0.04, subplot_titles=(
        lookup("figures_ch10.input", lang, n=padded.shape[0], p=padding),
        lookup("figures_ch10.kernel", lang, k=k),
        lookup("figures_ch10.output", lang, n=np.asarray(output).shape[0], s=stride)))
    _grid(fig, padded, 1, colorscale="gray_r", signed=False)
    _grid(fig, kernel, 2)
    _grid(fig, output, 3)
    _box(fig, row * stride, col * stride, k, 1)
    _box(fig, row, col, 1, 3)
    fig.update_annotations(font_size=13)
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=60, b=10), plot_bgcolor="white")
    return fig


def pooling_figure(fmap, pooled, winners, lang: str = "en") -> go.Figure:
    """The feature map with each 2x2 window's winner outlined, and the pooled map."""
    fmap = np.asarray(fmap, dtype=float)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.6, 0.4], horizontal_spacing=0.06, subplot_titles=(
        lookup("figures_ch10.pool.before", lang, n=fmap.shape[0]),
        lookup("figures_ch10.pool.after", lang, n=np.asarray(pooled).shape[0])))
    _grid(fig, fmap, 1)
    _grid(fig, pooled, 2)
    width = fmap.shape[1]
    for flat in np.asarray(winners).ravel():
        _box(fig, int(flat) // width, int(flat) % width, 1, 1)
    fig.update_annotations(font_size=13)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=60, b=10), plot_bgcolor="white")
    return fig


def channels_figure(example: dict, lang: str = "en") -> go.Figure:
    """Three input channels; per output channel its three kernels, the three maps they make, and their sum."""
    x, weight, parts, output = example["input"], example["weight"], example["parts"], example["output"]
    outs, ins = weight.shape[:2]
    titles = [lookup("figures_ch10.channels.in", lang, i=i) for i in range(ins)] + [""]
    for o in range(outs):
        titles += [lookup("figures_ch10.channels.weight", lang, o=o, i=i) for i in range(ins)] + [""]
        titles += [lookup("figures_ch10.channels.part", lang, o=o, i=i) for i in range(ins)]
        titles += [lookup("figures_ch10.channels.sum", lang, o=o)]
    fig = make_subplots(rows=1 + 2 * outs, cols=ins + 1, subplot_titles=titles, vertical_spacing=0.06,
                        horizontal_spacing=0.05)
    for i in range(ins):
        _grid(fig, x[i], i + 1, row=1)
    for o in range(outs):
        for i in range(ins):
            _grid(fig, weight[o, i], i + 1, row=2 + 2 * o)
            _grid(fig, parts[o, i], i + 1, row=3 + 2 * o)
        _grid(fig, output[o], ins + 1, row=3 + 2 * o)
    for row, col in [(1, ins + 1)] + [(2 + 2 * o, ins + 1) for o in range(outs)]:
        fig.update_xaxes(visible=False, row=row, col=col)
        fig.update_yaxes(visible=False, row=row, col=col)
    fig.update_annotations(font_size=11)
    fig.update_layout(title=lookup("figures_ch10.channels.title", lang, shape=" × ".join(map(str, weight.shape))),
                      height=180 * (1 + 2 * outs), margin=dict(l=10, r=10, t=70, b=10), plot_bgcolor="white")
    return fig


def maps_figure(maps, title: str, columns: int = 10, cell_px: int = 70) -> go.Figure:
    """Several 2-D maps (channels, h, w) as small images in a grid, each scaled to its own range (dark = high)."""
    maps = np.asarray(maps, dtype=float)
    count, h, w = maps.shape
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    gap = max(1, h // 8)
    mosaic = np.full((rows * (h + gap) - gap, columns * (w + gap) - gap), np.nan)
    for i, values in enumerate(maps):
        r, c = divmod(i, columns)
        low, high = values.min(), values.max()
        mosaic[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = (
            (values - low) / (high - low) if high > low else 0.0)
    fig = go.Figure(go.Heatmap(z=mosaic, colorscale="gray_r", zmin=0, zmax=1, showscale=False, hoverinfo="skip"))
    fig.update_layout(title=title, height=rows * cell_px + 60, plot_bgcolor="white",
                      margin=dict(l=5, r=5, t=45, b=5))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    return fig
