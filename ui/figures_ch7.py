"""Chapter 7 figures: the diabetes features by label, the network as a drawn graph, the first layer's weights.

Pure numpy + plotly, no streamlit.
"""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import COLORS, style
from ui.text import lookup

LABEL_COLORS = {0: COLORS["train"], 1: COLORS["test"]}
MAX_EDGES_PER_LAYER = 400  # a 64x64 layer has 4096 edges: draw the strongest, the rest is a grey haze anyway
WIDTH_BINS = (0.25, 0.5, 0.75)  # |w| / max|w| thresholds between the four drawn line widths


def layer_widths(in_features: int, hidden: Sequence[int]) -> list[int]:
    """Units per layer, input to output: e.g. 8, 6, 4, 1."""
    return [int(in_features), *map(int, hidden), 1]


def parameter_total(widths: Sequence[int]) -> int:
    """Weights plus biases of the stacked Linear layers."""
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))


def label_names(lang: str = "en", own: bool = False) -> dict[int, str]:
    """The legend names of the two classes: the course's diagnoses, or plain labels for a learner's own table."""
    return {label: lookup(f"figures_ch7.{'own_' if own else ''}label{label}", lang) for label in (0, 1)}


def feature_histograms(x: np.ndarray, y: np.ndarray, names: Sequence[str], standardised: bool,
                       columns: int = 4, lang: str = "en", own: bool = False) -> go.Figure:
    """One histogram per feature, the two labels overlaid, on the scale the model sees (own: a learner's table)."""
    labels, people = label_names(lang, own), lookup(f"figures_ch7.{'rows' if own else 'people'}", lang)
    x, y = np.asarray(x), np.asarray(y).reshape(-1)
    rows = -(-len(names) // columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=list(names),  # an uploaded table may have 199
                        vertical_spacing=min(0.16, 0.6 / max(rows - 1, 1)), horizontal_spacing=0.05)
    for i, name in enumerate(names):
        row, col = divmod(i, columns)
        for label in (0, 1):
            fig.add_trace(go.Histogram(x=x[y == label, i], name=labels[label], legendgroup=labels[label],
                                       showlegend=i == 0, marker_color=LABEL_COLORS[label], opacity=0.6, nbinsx=24,
                                       hovertemplate=f"{name} %{{x}}: %{{y}} {people}<extra>{labels[label]}</extra>"),
                          row=row + 1, col=col + 1)
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig = style(fig, height=230 * rows + 80)
    fig.update_layout(legend=dict(y=1.06, x=0, xanchor="left"), margin=dict(t=70))
    unit = lookup("figures_ch7.zscore" if standardised else "figures_ch7.raw", lang)
    for col in range(1, columns + 1):
        fig.update_xaxes(title_text=unit, title_font=dict(size=11), row=rows, col=col)
    return fig


def _node_positions(widths: Sequence[int], spacing: float = 2 / 7) -> list[np.ndarray]:
    """y of each unit per layer, centred, first unit on top: up to 8 units sit `spacing` apart,
    wider layers are squeezed into [-1, 1]."""
    return [((n - 1) / 2 - np.arange(n)) * min(spacing, 2 / max(n - 1, 1)) for n in widths]


def _segments(layer: int, src_y: np.ndarray, dst_y: np.ndarray, i: np.ndarray, j: np.ndarray):
    """x and y of the edges i -> j between two layers, NaN after each so every edge is its own segment."""
    xs = np.tile([layer, layer + 1, np.nan], len(i))
    ys = np.stack([src_y[i], dst_y[j], np.full(len(i), np.nan)], axis=1).ravel()
    return xs, ys


def _edge_traces(widths: Sequence[int], weights, positions, max_edges: int, lang: str) -> list[go.Scatter]:
    """Edges grouped by sign and strength into a few traces of numpy arrays (one trace per edge, or plain
    lists, would cost plotly far more than the half-second refresh allows)."""
    if weights is None:  # not trained yet: the wiring only
        parts = []
        for layer in range(len(widths) - 1):
            n_in, n_out = widths[layer], widths[layer + 1]
            j, i = np.divmod(np.arange(min(n_in * n_out, max_edges)), n_in)
            parts.append(_segments(layer, positions[layer], positions[layer + 1], i, j))
        xs, ys = (np.concatenate(p) for p in zip(*parts))
        return [go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#cccccc", width=1), hoverinfo="skip",
                           name="connection", showlegend=False)]
    mats = [np.asarray(w, dtype=float) for w in weights]
    top = max((float(np.abs(m).max()) for m in mats if m.size), default=1.0) or 1.0
    groups: dict[tuple[bool, int], list] = {}
    for layer, m in enumerate(mats):
        flat = m.ravel()
        keep = np.argsort(np.abs(flat))[::-1][:max_edges]  # strongest first
        j, i = np.divmod(keep, m.shape[1])  # weight matrices are (out, in)
        positive = flat[keep] >= 0
        strength = np.searchsorted(WIDTH_BINS, np.abs(flat[keep]) / top)
        for key in set(zip(positive.tolist(), strength.tolist())):
            chosen = (positive == key[0]) & (strength == key[1])
            groups.setdefault(key, []).append(
                _segments(layer, positions[layer], positions[layer + 1], i[chosen], j[chosen]))
    traces = []
    for (positive, strength), parts in sorted(groups.items()):
        xs, ys = (np.concatenate(p) for p in zip(*parts))
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, opacity=0.35 + 0.2 * strength,
            line=dict(color=COLORS["positive"] if positive else COLORS["negative"], width=0.6 + 1.6 * strength)))
    for name, color in ((lookup("figures_ch7.positive", lang), COLORS["positive"]),
                        (lookup("figures_ch7.negative", lang), COLORS["negative"])):
        traces.append(go.Scatter(x=[None], y=[None], mode="lines", name=name, line=dict(color=color, width=3)))
    return traces


def network_figure(widths: Sequence[int], weights=None, *, input_names: Sequence[str] = (),
                   activation: str = "sigmoid", output_name: str | None = None,
                   max_edges: int = MAX_EDGES_PER_LAYER, title: str | None = None, lang: str = "en") -> go.Figure:
    """The network drawn as units and weighted connections: colour is the sign, thickness the size of w."""
    output_name = lookup("figures_ch7.output_name", lang) if output_name is None else output_name
    positions = _node_positions(widths)
    fig = go.Figure(_edge_traces(widths, weights, positions, max_edges, lang))
    last = len(widths) - 1
    xs, ys, hover, colors = [], [], [], []
    for layer, ys_layer in enumerate(positions):
        for unit, y in enumerate(ys_layer.tolist()):
            xs.append(layer)
            ys.append(y)
            if layer == 0:
                hover.append(input_names[unit] if unit < len(input_names)
                             else lookup("figures_ch7.input_unit", lang, n=unit + 1))
            elif layer == last:
                hover.append(output_name)
            else:
                hover.append(lookup("figures_ch7.hidden_unit", lang, layer=layer, n=unit + 1,
                                    activation=activation))
            colors.append("#444" if layer in (0, last) else "#8c6bb1")
    size = max(5, min(16, 200 / max(widths)))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", hovertext=hover, hoverinfo="text", showlegend=False,
                             marker=dict(size=size, color=colors, line=dict(color="white", width=1))))
    if len(input_names) == widths[0]:
        fig.add_trace(go.Scatter(x=[-0.16] * widths[0], y=positions[0], mode="text", text=list(input_names),
                                 textposition="middle left", hoverinfo="skip", showlegend=False, cliponaxis=False))
    fig.add_trace(go.Scatter(x=[last + 0.16], y=[0], mode="text", text=[output_name], textposition="middle right",
                             hoverinfo="skip", showlegend=False, cliponaxis=False))
    for layer, n in enumerate(widths):
        kind = (lookup("figures_ch7.input", lang) if layer == 0 else lookup("figures_ch7.output", lang)
                if layer == last else lookup("figures_ch7.hidden", lang, layer=layer))
        fig.add_annotation(x=layer, y=-1.2, text=f"{kind}<br><b>{n}</b>", showarrow=False, font=dict(size=12))
    fig.update_xaxes(visible=False, range=[-1.6, last + 1.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-1.35, 1.15], fixedrange=True)
    fig.update_layout(hovermode="closest")
    return style(fig, height=420, title=title)


def first_layer_figure(w1, feature_names: Sequence[str], lang: str = "en") -> go.Figure:
    """How much the first layer listens to each feature: mean |w| per input (top) and the whole matrix (below).

    One above the other, not side by side: side by side, a phone's width left each plot's feature names running
    into the other plot."""
    w1 = np.asarray(w1, dtype=float)
    names = list(feature_names)
    units = w1.shape[0]
    fig = make_subplots(rows=2, cols=1, row_heights=[len(names), max(units, 3)], vertical_spacing=0.25,
                        subplot_titles=(lookup("figures_ch7.mean_w", lang), lookup("figures_ch7.w1", lang)))
    fig.add_trace(go.Bar(x=np.abs(w1).mean(axis=0), y=names, orientation="h", marker_color=COLORS["train"],
                         showlegend=False, hovertemplate=f"%{{y}}: {lookup('figures_ch7.mean_w_short', lang)} %{{x:.3f}}<extra></extra>"), row=1, col=1)
    limit = float(np.abs(w1).max()) or 1.0
    fig.add_trace(go.Heatmap(z=w1, x=names, y=[lookup("figures_ch7.unit", lang, n=j + 1) for j in range(units)], colorscale="RdBu",
                             zmid=0, zmin=-limit, zmax=limit, colorbar=dict(title="w", thickness=12, len=0.45, y=0,
                                                                            yanchor="bottom"),
                             hovertemplate="%{y} ← %{x}: %{z:.3f}<extra></extra>"), row=2, col=1)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True)
    fig.update_layout(hovermode="closest")
    # Up to 16 features and units get a labelled row each; more share a fixed height (labels then thin out).
    return style(fig, height=min(900, max(480, 200 + 18 * (min(len(names), 16) + min(units, 16)))))


# A followed run on the class board: the fields its broadcast carries, and the page's figures of them.
BROADCAST_FIELDS = ("epoch", "weights")


def broadcast_figures(latest: dict, settings: dict, lang: str = "en") -> list[list[go.Figure]]:
    """The lecturer's run as chapter 7 draws it: the network with its weights, and the first layer's."""
    weights = [np.asarray(w, dtype=float) for w in latest["weights"]]  # a diverged weight arrives as None: NaN
    widths = [weights[0].shape[1], *(w.shape[0] for w in weights)]
    activation = settings.get("activation") or "sigmoid"
    inputs = [lookup("figures_ch7.input_unit", lang, n=n + 1) for n in range(widths[0])]
    title = lookup("ch7.net_title", lang, widths=" → ".join(map(str, widths)), activation=activation)
    return [[network_figure(widths, weights, activation=activation, title=title, lang=lang)],
            [first_layer_figure(weights[0], inputs, lang=lang)]]  # two rows, as the page draws them
