"""Chapter 11 figures: the Inception module's branches with their tensor shapes, and the plain-vs-residual race's
gradient norms and losses (data in, go.Figure out)."""

import math

import plotly.graph_objects as go

from core.inception_cost import BRANCH_KERNELS
from ui.figures import COLORS, Line, line_chart, style
from ui.text import lookup

COLUMNS = (0.125, 0.375, 0.625, 0.875)  # the four branches, left to right
STAGE_Y = (0.72, 0.52, 0.32)  # a branch's first, second and third step
INPUT_Y, CONCAT_Y = 0.92, 0.08
BOX = dict(bordercolor="#444444", borderwidth=1, borderpad=3, bgcolor="#f4f4f4", showarrow=False,
           xref="paper", yref="paper", font=dict(size=10))
ARROW = dict(type="line", xref="paper", yref="paper", line=dict(color="#888888", width=1.5), layer="below")
RACE_COLORS = {"plain": COLORS["negative"], "residual": COLORS["positive"]}


def _shape(channels: int, size: int) -> str:
    return f"{channels}×{size}×{size}"


def inception_figure(cost: dict, lang: str = "en") -> go.Figure:
    """core.inception_cost.inception_cost's module drawn as the lecture does: the input, each branch's steps with
    the shape after each, and the concatenation of the four branches' channels."""
    size, ins = cost["size"], cost["in_channels"]
    notes = [BOX | dict(x=0.5, y=INPUT_Y, text=lookup("figures_ch11.input", lang, shape=_shape(ins, size)))]
    shapes = []
    for x, branch in zip(COLUMNS, cost["branches"]):
        steps = [(lookup("figures_ch11.conv", lang, k=k), shape[0])
                 for k, shape in zip(BRANCH_KERNELS[branch["branch"]], branch["shapes"])]
        if branch["branch"] == "pool":  # the average pooling comes first and keeps the input's channels
            steps.insert(0, (lookup("figures_ch11.avg_pool", lang), ins))
        ys = STAGE_Y[:len(steps)]
        for (name, channels), y in zip(steps, ys):
            notes.append(BOX | dict(x=x, y=y, text=f"{name}<br>{_shape(channels, size)}"))
        points = [INPUT_Y, *ys, CONCAT_Y]
        ends = [x] * len(ys) + [0.5 + (x - 0.5) * 0.6]  # the last line meets the concatenation's box
        shapes += [ARROW | dict(x0=0.5 if top == INPUT_Y else x, y0=top, x1=end, y1=bottom)
                   for top, bottom, end in zip(points, points[1:], ends)]
    widths = " + ".join(str(branch["out_channels"]) for branch in cost["branches"])
    notes.append(BOX | dict(x=0.5, y=CONCAT_Y, bgcolor="#fff3d6", text=lookup(
        "figures_ch11.concat", lang, widths=widths, total=cost["out_channels"],
        shape=_shape(cost["out_channels"], size))))
    fig = go.Figure(layout=dict(annotations=notes, shapes=shapes, plot_bgcolor="white", showlegend=False,
                                xaxis=dict(visible=False, range=[0, 1]), yaxis=dict(visible=False, range=[0, 1])))
    style(fig, height=430, title=lookup("figures_ch11.inception_title", lang, shape=_shape(ins, size),
                                       out=_shape(cost["out_channels"], size)))
    return fig.update_layout(margin=dict(l=4, r=4))  # no axes to label: the four columns get a phone's whole width


def gradient_figure(layers: list[str], record: dict, lang: str = "en") -> go.Figure:
    """Each weight layer's gradient norm in the plain and the residual net at one step (log scale: the plain net's
    first layers can get a thousandth of its last layer's gradient)."""
    traces = [go.Scatter(x=layers, y=[norm if norm > 0 and math.isfinite(norm) else None
                                      for norm in record[f"{name}/grad"]],
                         name=lookup(f"figures_ch11.net.{name}", lang), mode="lines+markers",
                         line=dict(color=RACE_COLORS[name])) for name in ("plain", "residual")]
    fig = go.Figure(traces, layout=dict(
        xaxis=dict(title_text=lookup("figures_ch11.axis.layer", lang), type="category"),
        yaxis=dict(title_text=lookup("figures_ch11.axis.grad", lang), type="log", exponentformat="power")))
    return style(fig, height=340, title=lookup("figures_ch11.grad_title", lang, step=record["step"]))


def race_loss_figure(records: list[dict], lang: str = "en") -> go.Figure:
    """Both nets' training loss at every step of the race."""
    steps = [record["step"] for record in records]
    lines = [Line(lookup(f"figures_ch11.net.{name}", lang), steps, [record[f"{name}/loss"] for record in records],
                  color=RACE_COLORS[name]) for name in ("plain", "residual")]
    return line_chart(lines, x_title=lookup("figures_ch11.axis.step", lang),
                      y_title=lookup("figures_ch11.axis.loss", lang), title=lookup("figures_ch11.loss_title", lang))
