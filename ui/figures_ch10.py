"""Chapter 10 figures: input, kernel and output side by side, max pooling, channels, feature maps (data in,
go.Figure out)."""

import math

import numpy as np
import plotly.graph_objects as go

from ui.figures import fit_title, wrapped
from ui.text import lookup

NUMBERS_UP_TO = 12  # grids this wide or narrower show their numbers in the cells
MAPS = "RdBu_r"  # signed values: red positive, blue negative, white zero
HIGHLIGHT = dict(color="#ff7f0e", width=3)
PHONE_PX, LETTER_PX = 340, 6.5  # a phone's chart width, a 12 px letter's: panel titles are wrapped to fit
OUTPUT_CELLS = 3  # convolution_figure's trace of clickable output cells (after input, kernel and output)


class Panel:
    """One 2-D array to draw as a heatmap at (row, col) of a grid of panels, with its title."""

    def __init__(self, row: int, col: int, values, title: str = "", ink: bool = False, numbers: bool | None = None):
        self.row, self.col, self.title, self.ink = row, col, title, ink
        self.values = np.asarray(values, dtype=float)
        self.numbers = self.values.shape[1] <= NUMBERS_UP_TO if numbers is None else numbers


def _axis(n: int) -> str:
    """Plotly's name for the n-th axis pair's suffix: '' for the first, then '2', '3', ..."""
    return "" if n == 1 else str(n)


def _heatmap(panel: Panel, n: int) -> dict:
    values = panel.values
    bound = float(np.abs(values).max()) or 1.0
    zmin, zmax = (0.0, max(float(values.max()), 1e-12)) if panel.ink else (-bound, bound)
    trace = dict(type="heatmap", z=values, colorscale="gray_r" if panel.ink else MAPS, zmin=zmin, zmax=zmax,
                 showscale=False, xgap=1, ygap=1, xaxis=f"x{_axis(n)}", yaxis=f"y{_axis(n)}",
                 hovertemplate="(%{y}, %{x}): %{z:.4g}<extra></extra>")
    if panel.numbers:
        trace |= dict(text=[[f"{v + 0.0:.3g}" for v in row] for row in values], texttemplate="%{text}",  # no "-0"
                      textfont=dict(size=11))
    return trace


def _panels(panels: list[Panel], widths: list[float], height: int, title: str = "", shapes=(),
            extra=()) -> go.Figure:
    """Heatmap panels in a grid built in one go (make_subplots and per-axis updates took most of a redraw).

    `shapes` are (panel index, top, left, size) outlines drawn on that panel; `extra` traces go last.
    """
    rows = max(p.row for p in panels) + 1
    gap_x, gap_y = 0.04, 0.08 if rows > 1 else 0.0
    total = sum(widths) + gap_x * (len(widths) - 1)
    lefts = np.cumsum([0.0] + [w + gap_x for w in widths[:-1]]) / total
    row_h = (1 - gap_y * (rows - 1)) / rows
    layout = dict(height=height, margin=dict(l=10, r=10, t=70 if title else 40, b=10), plot_bgcolor="white",
                  showlegend=False, title=title or None, annotations=[], shapes=[])
    for n, panel in enumerate(panels, start=1):
        left, right = lefts[panel.col], lefts[panel.col] + widths[panel.col] / total
        fit = round(((right - left) * PHONE_PX + 16) / LETTER_PX)  # may reach a little past its panel
        top = 1 - panel.row * (row_h + gap_y)
        x, y = f"x{_axis(n)}", f"y{_axis(n)}"
        layout[f"xaxis{_axis(n)}"] = dict(domain=[left, right], visible=False, constrain="domain", anchor=y)
        layout[f"yaxis{_axis(n)}"] = dict(domain=[top - row_h, top], visible=False, autorange="reversed",
                                          scaleanchor=x, constrain="domain", anchor=x)
        if panel.title:
            layout["annotations"].append(dict(text=wrapped(panel.title, fit), showarrow=False, xref=f"{x} domain",
                                              yref=f"{y} domain", x=0.5, y=1.0, yanchor="bottom",
                                              font=dict(size=12)))
    for index, top, left, size in shapes:
        n = _axis(index + 1)
        layout["shapes"].append(dict(type="rect", x0=left - 0.5, x1=left + size - 0.5, y0=top - 0.5,
                                     y1=top + size - 0.5, line=HIGHLIGHT, xref=f"x{n}", yref=f"y{n}"))
    data = [_heatmap(panel, n) for n, panel in enumerate(panels, start=1)]
    return fit_title(go.Figure(data=data + list(extra), layout=layout))


def convolution_figure(image, kernel, output, padding: int, stride: int, cell: tuple[int, int],
                       lang: str = "en") -> go.Figure:
    """The padded input with the window under `cell` outlined, the kernel, and the output with `cell` outlined;
    clicking an output cell selects it (trace OUTPUT_CELLS) where the chart is drawn with on_select."""
    padded = np.pad(np.asarray(image, dtype=float), padding)
    k = np.asarray(kernel).shape[0]
    row, col = cell
    output = np.asarray(output, dtype=float)
    panels = [Panel(0, 0, padded, lookup("figures_ch10.input", lang, n=padded.shape[0], p=padding), ink=True),
              Panel(0, 1, kernel, lookup("figures_ch10.kernel", lang, k=k)),
              Panel(0, 2, output, lookup("figures_ch10.output", lang, n=output.shape[0], s=stride))]
    # Heatmaps emit no click selections: one invisible marker per output cell (trace OUTPUT_CELLS) takes the click.
    rows, cols = np.divmod(np.arange(output.size), output.shape[1])
    cells = dict(type="scatter", x=cols, y=rows, customdata=output.ravel(), mode="markers", xaxis="x3", yaxis="y3",
                 marker=dict(symbol="square", size=max(12, 270 // output.shape[0]), color="rgba(0,0,0,0)"),
                 hovertemplate=f"out[%{{y}}, %{{x}}] = %{{customdata:.4g}}<br>{lookup('figures_ch10.click', lang)}"
                               "<extra></extra>")
    return _panels(panels, [0.42, 0.16, 0.42], 420, shapes=[(0, row * stride, col * stride, k), (2, row, col, 1)],
                   extra=[cells])


def outlines(corners, size: float, inset: float = 0.0) -> tuple[list, list]:
    """x and y of one line trace drawing a size x size square from each (top, left) cell, `inset` inside the cell
    borders (None between squares: one trace, where as many layout shapes would be validated one by one)."""
    xs, ys = [], []
    for top, left in corners:
        x0, x1 = left - 0.5 + inset, left + size - 0.5 - inset
        y0, y1 = top - 0.5 + inset, top + size - 0.5 - inset
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return xs, ys


def pooling_figure(fmap, pooled, winners, lang: str = "en", window: int = 2, height: int = 360) -> go.Figure:
    """The feature map with its 2x2 windows outlined, each window's largest cell ringed inside it (the number stays
    readable), the row and column no window covers shaded, and the pooled map."""
    fmap, pooled = np.asarray(fmap, dtype=float), np.asarray(pooled, dtype=float)
    (tall, wide), (rows, cols) = fmap.shape, pooled.shape
    panels = [Panel(0, 0, fmap, lookup("figures_ch10.pool.before", lang, n=tall)),
              Panel(0, 1, pooled, lookup("figures_ch10.pool.after", lang, n=rows))]
    line = dict(type="scatter", mode="lines", hoverinfo="skip", showlegend=False)
    xs, ys = outlines([(window * r, window * c) for r in range(rows) for c in range(cols)], window)
    windows = line | dict(x=xs, y=ys, line=dict(color="#444444", width=2), name="windows")
    xs, ys = outlines(zip(*np.divmod(np.asarray(winners).ravel(), wide)), 1, inset=0.12)
    winners_trace = line | dict(x=xs, y=ys, line=HIGHLIGHT, name="winners")
    extra = [windows, winners_trace]
    used_r, used_c = window * rows - 0.5, window * cols - 0.5
    if (used_r, used_c) != (tall - 0.5, wide - 0.5):  # an odd size: MaxPool2d rounds down and drops the rest
        extra.append(line | dict(x=[-0.5, used_c, used_c, wide - 0.5, wide - 0.5, -0.5, -0.5],
                                 y=[used_r, used_r, -0.5, -0.5, tall - 0.5, tall - 0.5, used_r], fill="toself",
                                 fillcolor="rgba(120, 120, 120, 0.45)", line=dict(width=0), name="dropped"))
    return _panels(panels, [0.6, 0.4], height, extra=extra)


def channels_figure(example: dict, lang: str = "en") -> go.Figure:
    """Three input channels; per output channel its three kernels, the three maps they make, and their sum."""
    x, weight, parts, output = example["input"], example["weight"], example["parts"], example["output"]
    outs, ins = weight.shape[:2]
    panels = [Panel(0, i, x[i], lookup("figures_ch10.channels.in", lang, i=i)) for i in range(ins)]
    for o in range(outs):
        panels += [Panel(1 + 2 * o, i, weight[o, i], lookup("figures_ch10.channels.weight", lang, o=o, i=i))
                   for i in range(ins)]
        panels += [Panel(2 + 2 * o, i, parts[o, i], lookup("figures_ch10.channels.part", lang, o=o, i=i))
                   for i in range(ins)]
        panels.append(Panel(2 + 2 * o, ins, output[o], lookup("figures_ch10.channels.sum", lang, o=o)))
    return _panels(panels, [1.0] * (ins + 1), 180 * (1 + 2 * outs), shapes=(), title=lookup(
        "figures_ch10.channels.title", lang, shape=" × ".join(map(str, weight.shape))))


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
