"""Lecture 4 · Back propagation: the computational graph, autograd beside it, why a non-linearity, the loop live."""

import pandas as pd
import streamlit as st
import torch

from core import graph
from core.runner import RunnerState
from ui import figures_ch4 as ch4
from ui.export import show_code
from ui.figures import COLORS, Line, growing_range, line_chart, series
from ui.i18n import lang, t
from ui.lecture import sized
from ui.live import PACES, checked_config, controls, live_view, lr_slider, now_and_then, session_runner, status_line
from ui.live_plot import live_chart
from ui.phone import later

SLOT = "bp"
FRAME_S = 0.07  # the step-by-step animation: asks for ~14 pictures a second to show 10 (bench_step_animation)
SLOW_S = 0.5  # while it runs, the loss chart is redrawn at most this often: the browser's time goes to w's chart
LANG = lang()
MODEL_LABELS = {"xw": "ŷ = x·w", "xwb": "ŷ = x·w + b", "quadratic": "ŷ = w₁x² + w₂x + b"}
START = {"w": 1.0, "b": 0.0, "w1": 1.0, "w2": 1.0}  # the weights' starting values on the graph


def collapsed(first, second):
    return graph.collapse(first.weight.detach(), first.bias.detach(), second.weight.detach(), second.bias.detach())


def matrix(m: torch.Tensor) -> str:
    rows = m.reshape(m.shape[0], -1).tolist()
    return r"\begin{bmatrix}" + r"\\".join(" & ".join(f"{v:.3f}" for v in row) for row in rows) + r"\end{bmatrix}"


st.title(t("ch4.title"))
st.markdown(t("ch4.intro"))

# On a phone the graph and the non-linearity follow the live loop, so that its Start is on the first screens.
with later("bp-explain"):
    # ---------------------------------------------------------------- the graph
    st.subheader(t("ch4.graph"))
    model = st.radio(t("ch4.model"), graph.MODELS, format_func=MODEL_LABELS.get, horizontal=True, key="bp-model",
                     bind="query-params")
    cols = st.columns(2 + len(graph.PARAMS[model]))
    x = cols[0].number_input("x", -100.0, 100.0, graph.LECTURE["x"], 0.5, key="bp-x", bind="query-params")
    y = cols[1].number_input("y", -100.0, 100.0, graph.LECTURE["y"], 0.5, key="bp-y", bind="query-params")
    params = {name: col.number_input(name.replace("1", "₁").replace("2", "₂"), -100.0, 100.0, START[name], 0.5,
                                     key=f"bp-{name}", bind="query-params")
              for col, name in zip(cols[2:], graph.PARAMS[model])}
    st.caption(t("ch4.examples"))
    built = graph.build(model, x, y, params)
    torch_grads = graph.autograd_gradients(model, x, y, params)
    st.plotly_chart(sized(ch4.graph_figure(built, torch_grads, lang=LANG,
                                           title=t("ch4.graph_title", loss=ch4.number(built.loss)))), key="bp-graph")
    st.markdown(t("ch4.chain_rule"))
    st.dataframe(pd.DataFrame([{
        t("ch4.col.node"): name, t("ch4.col.value"): built.node(name).value,
        t("ch4.col.chain"): built.node(name).grad, t("ch4.col.torch"): torch_grads[name],
        t("ch4.col.same"): "✓" if abs(torch_grads[name] - built.node(name).grad)
        <= 1e-9 * max(1.0, abs(torch_grads[name])) else "✗"} for name in graph.PARAMS[model]]), hide_index=True)

    # ---------------------------------------------------------------- why a non-linearity
    st.subheader(t("ch4.collapse"))
    st.markdown(t("ch4.collapse_intro"))
    seed = st.number_input(t("ch4.collapse_seed"), 0, 9999, 0, key="bp-collapse-seed", bind="query-params")
    wide = graph.two_layers(int(seed), (2, 3, 2))  # Linear(2, 3) then Linear(3, 2): their product is 2×2
    w_wide, b_wide = collapsed(*wide)
    # One matrix a line, so that a phone shows them without a sideways swipe.
    st.latex(r"\begin{gathered} W_2 = " + matrix(wide[1].weight.detach()) + r"\\ W_1 = "
             + matrix(wide[0].weight.detach()) + r"\\ W_2 W_1 = " + matrix(w_wide) + r"\\ W_2 b_1 + b_2 = "
             + matrix(b_wide) + r"\end{gathered}")
    first, second = graph.two_layers(int(seed))  # Linear(1, 3) then Linear(3, 1), to draw
    w_one, b_one = collapsed(first, second)
    xs = torch.linspace(-3, 3, 61).unsqueeze(1)
    stacked = graph.two_layer_outputs(first, second, xs, relu=False).squeeze(1)
    one_layer = (xs @ w_one.T + b_one).squeeze(1)
    with_relu = graph.two_layer_outputs(first, second, xs, relu=True).squeeze(1)
    st.plotly_chart(sized(ch4.collapse_figure(xs.squeeze(1).tolist(), stacked.tolist(), one_layer.tolist(),
                                              with_relu.tolist(), lang=LANG)), key="bp-collapse")
    st.caption(t("ch4.collapse_check", gap=f"{float((stacked - one_layer).abs().max()):.1e}"))

# ---------------------------------------------------------------- the lecture's loop, live
st.subheader(t("ch4.train"))
c1, c2, c3, c4 = st.columns([1.6, 1, 1.2, 1.4])
with c1:
    lr = lr_slider(t("live.lr"), f"{SLOT}-lr", 0.01)
epochs = c2.number_input(t("live.epochs"), 1, 5000, 100, 10, key=f"{SLOT}-epochs", help=t("ch4.epochs_help"),
                         bind="query-params")
zero = c3.toggle(t("ch4.zero"), value=True, key=f"{SLOT}-zero", help=t("ch4.zero_help"), bind="query-params")
pace = c4.select_slider(t("ch4.pace"), PACES, value=50, key=f"{SLOT}-pace", bind="query-params")
st.code(t("ch4.code") + t("ch4.code_zero" if zero else "ch4.code_skipped"), language="python")
cfg = checked_config(SLOT, "back-propagation", lr=lr, epochs=int(epochs), zero_grad=bool(zero))
runner = session_runner(SLOT, cfg, 0.0 if pace == "max" else 1.0 / pace)
controls(SLOT, runner, cfg)


def draw(state: RunnerState) -> None:
    status_line(state)
    trained = state.of_kind("train")
    last = trained[-1] if trained else None
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("w", f"{last['w']:.7f}" if last else f"{1.0:.7f}")
    m2.metric("w.grad", f"{last['grad']:.4g}" if last else "–")
    latest_eval = state.latest("eval")
    m3.metric(t("ch4.predict"), f"{latest_eval['predict']:.6f}" if latest_eval else "4.0",
              help=t("ch4.predict_help"))
    m4.metric(t("ch4.epoch"), latest_eval["epoch"] if latest_eval else 0)
    left, right = st.columns([1.3, 1])
    with left:
        live_chart(sized(ch4.weight_figure(trained, epochs=state.config["epochs"], lang=LANG)), "bp-weights",
                   moving=state.active)
    loss = now_and_then("bp-loss", (LANG, state.status, state.config["epochs"]), SLOW_S if state.active else 0.0,
                        lambda: loss_figure(state))
    with right:
        live_chart(loss, "bp-loss", moving=state.active)


def loss_figure(state: RunnerState):
    """The loss of each sample as it was trained on."""
    lines = [Line(t("ch4.sample_loss"), *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])]
    x_range = growing_range(state.step, 3 * state.config["epochs"])
    return sized(line_chart(lines, x_title=t("ch4.sample_axis"), y_title=t("figures.loss"), x_range=x_range,
                            events=state.of_kind("event"), title=t("ch4.loss_title"), empty_note=t("ch4.loss_empty")))


live_view(SLOT, runner, draw, refresh_s=FRAME_S)
show_code(runner.cfg, SLOT)
