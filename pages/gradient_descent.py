"""Lecture 3 · Gradient descent: the lecture's run live (GD beside SGD), the learning rate's regimes and the threshold
where it diverges, an exponentially weighted average, and a saddle point."""

import streamlit as st

from core import cost, descent
from core.run_group import COMMANDS, RunGroup
from core.runner import IDLE, RunnerState
from core.tasks import gradient_descent as task
from ui import figures_ch3 as ch3
from ui.export import show_code
from ui.figures import Line, growing_range, line_chart
from ui.i18n import lang, t
from ui.lecture import sized
from ui.live import PACES, checked_config, controls, live_view, now_and_then, session_runner, status_line, sync_config
from ui.live_plot import live_chart

SLOT, TWIN = "gd", "gd-sgd"
# The learning rates the live run offers: fine steps around the divergence threshold 3/14 ≈ 0.2143.
LR_OPTIONS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.21, 0.22, 0.25, 0.3, 0.5, 1.0)
SADDLE_LR, SADDLE_STEPS = 0.1, 150
FRAME_S = 0.07  # the step-by-step animation: asks for ~14 pictures a second to show 10 (bench_step_animation)
SLOW_S = 0.5  # while it runs, the cost chart is redrawn at most this often: the browser's time goes to the descent
MARKED = 30  # while it runs, each path marks its last steps; all of them once it stops
X, Y = cost.X_DATA, cost.Y_DATA
LANG = lang()

st.title(t("ch3.title"))
st.markdown(t("ch3.intro"))

# ---------------------------------------------------------------- the lecture's run, live
st.subheader(t("ch3.live"))
c1, c2, c3, c4 = st.columns([1.8, 1, 1.4, 1.3])
lr = c1.select_slider(t("live.lr"), LR_OPTIONS, value=0.01, key=f"{SLOT}-lr", format_func=lambda v: f"{v:g}",
                      help=t("ch3.lr_help"), bind="query-params")
epochs = c2.number_input(t("live.epochs"), 1, 2000, 100, 10, key=f"{SLOT}-epochs", bind="query-params")
steps_per_s = c3.select_slider(t("ch3.pace"), PACES, value=10, key=f"{SLOT}-pace", help=t("ch3.pace_help"),
                               bind="query-params")
with_sgd = c4.toggle(t("ch3.with_sgd"), value=True, key=f"{SLOT}-with-sgd", help=t("ch3.with_sgd_help"),
                     bind="query-params")
delay = 0.0 if steps_per_s == "max" else 1.0 / steps_per_s

cfg = checked_config(SLOT, task.NAME, lr=lr, epochs=int(epochs))
twin_cfg = cfg.replace(batch_size=1)  # one sample per update, in the lecture's order
runner = session_runner(SLOT, cfg, delay)
twin = session_runner(TWIN, twin_cfg, delay / len(X)) if with_sgd else None  # the same epochs per second
pair = RunGroup({SLOT: runner, TWIN: twin} if twin is not None else {SLOT: runner})
configs = {SLOT: cfg, TWIN: twin_cfg}
if twin is not None:
    sync_config(twin, twin_cfg)
else:
    stale = st.session_state.get("runners", {}).get(TWIN)
    if stale is not None and stale.state().status != IDLE:
        stale.reset()  # SGD switched off: stop it so it does not use the CPU for nothing
clicked = next((name for name in COMMANDS if st.session_state.get(f"{SLOT}-{name}")), None)
controls(SLOT, runner, cfg)
pair.mirror(clicked, configs)


def path_of(state: RunnerState | None):
    """w before the first update and after each update so far."""
    return [task.W_START] + ([r["w"] for r in state.of_kind("train")] if state is not None else [])


def draw(state: RunnerState) -> None:
    pair.keep_in_step(configs)
    other = twin.state() if twin is not None else None
    status_line(state)
    evals = state.of_kind("eval")
    latest = evals[-1] if evals else None
    if len(evals) >= 2 and evals[-1]["train/loss"] > evals[-2]["train/loss"]:
        st.error(t("ch3.going_up", lr=f"{state.config['lr']:g}"), icon="📈")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("ch3.epoch"), latest["epoch"] if latest else 0)
    m2.metric(t("ch3.w_gd"), f"{latest['w']:.5f}" if latest else f"{task.W_START:.1f}")
    m3.metric(t("ch3.predict"), f"{latest['predict_4']:.5f}" if latest else f"{task.W_START * task.X_ASKED:.1f}",
              help=t("ch3.predict_help"))
    sgd_eval = other.latest("eval") if other is not None else None
    m4.metric(t("ch3.w_sgd"), f"{sgd_eval['w']:.5f}" if sgd_eval else "—")
    paths = [(t("ch3.gd_name"), path_of(state), ch3.GD)]
    if other is not None:
        paths.append((t("ch3.sgd_name"), path_of(other), ch3.SGD))
    title = t("ch3.before") if latest is None else t("ch3.epoch_title", epoch=latest["epoch"], w=f"{latest['w']:.5f}")
    moving = state.active or other is not None and other.active
    left, right = st.columns([1.3, 1])
    with left:
        live_chart(sized(ch3.descent_figure(paths, title=title, marked=MARKED if moving else None, lang=LANG)),
                   "gd-curve", moving=moving)
        st.caption(t("ch3.curve_caption"))
    loss = now_and_then("gd-loss", (LANG, state.status, state.config["epochs"], other and other.status),
                        SLOW_S if moving else 0.0, lambda: loss_figure(state, other))
    with right:
        live_chart(loss, "gd-loss", moving=moving)


def loss_figure(state: RunnerState, other: RunnerState | None):
    """GD's cost (and SGD's) after each epoch, on a log scale."""
    evals = state.of_kind("eval")
    lines = [Line(t("ch3.gd_name"), *_by_epoch(evals), color=ch3.GD)]
    if other is not None:
        lines.append(Line(t("ch3.sgd_name"), *_by_epoch(other.of_kind("eval")), color=ch3.SGD, dash="dash"))
    fig = line_chart(lines, x_title=t("ch3.epoch"), y_title=t("ch3.cost_log"), title=t("ch3.loss_title"),
                     x_range=growing_range(len(evals), state.config["epochs"]), empty_note=t("ch3.loss_empty"),
                     events=state.of_kind("event"))  # full batch: step = epoch
    fig.update_yaxes(type="log", range=None)
    return sized(fig)


def _by_epoch(evals):
    return [r["epoch"] for r in evals], [r["train/loss"] if r["train/loss"] > 0 else None for r in evals]


live_view(SLOT, runner, draw, refresh_s=FRAME_S)
show_code(runner.cfg, SLOT)

# ---------------------------------------------------------------- the learning rate's regimes
st.subheader(t("ch3.regimes"))
threshold, wobble = descent.divergence_threshold(X), descent.oscillation_threshold(X)
st.markdown(t("ch3.threshold_text", curvature=f"{descent.curvature(X):.4g}", threshold=f"{threshold:.4f}",
              wobble=f"{wobble:.4f}"))
left, right = st.columns([1, 2.4])
with left:
    explore_lr = st.slider(t("ch3.explore_lr"), 0.005, 0.3, 0.1, 0.005, key="gd-explore-lr", format="%.3f",
                           bind="query-params")
    steps = st.slider(t("ch3.explore_steps"), 5, 60, 20, 1, key="gd-explore-steps", bind="query-params")
    factor = descent.step_factor(X, explore_lr)
    st.metric(t("ch3.factor"), f"{factor:+.4f}", help=t("ch3.factor_help"))
    st.markdown(t(f"ch3.regime.{descent.regime(X, explore_lr)}"))
right.plotly_chart(sized(ch3.regimes_figure(X, Y, explore_lr, int(steps), lang=LANG)), key="gd-regimes")

# ---------------------------------------------------------------- smoothing a noisy curve
st.subheader(t("ch3.ewa"))
st.markdown(t("ch3.ewa_text"))
left, right = st.columns([1, 2.4])
with left:
    beta = st.slider("β", 0.0, 0.99, 0.9, 0.01, key="gd-beta", help=t("ch3.beta_help"), bind="query-params")
    corrected = st.toggle(t("ch3.bias"), value=True, key="gd-bias", help=t("ch3.bias_help"), bind="query-params")
    st.caption(t("ch3.window", n=f"{1 / (1 - beta):.0f}"))
noisy = descent.noisy_curve()
right.plotly_chart(sized(ch3.ewa_figure(noisy, descent.ewa(noisy, beta, corrected), beta, lang=LANG)), key="gd-ewa")

# ---------------------------------------------------------------- a saddle point
st.subheader(t("ch3.saddle"))
st.markdown(t("ch3.saddle_text"))
left, right = st.columns([1, 2.4])
with left:
    noise = st.slider(t("ch3.noise"), 0.0, 2.0, 0.5, 0.1, key="gd-noise", help=t("ch3.noise_help"), bind="query-params")
    seed = st.number_input(t("ch3.noise_seed"), 0, 9999, 0, key="gd-saddle-seed", bind="query-params")
    gd_path = descent.saddle_path(SADDLE_LR, SADDLE_STEPS)
    sgd_path = descent.saddle_path(SADDLE_LR, SADDLE_STEPS, noise=noise, seed=int(seed))
    for name, path in ((t("ch3.gd_name"), gd_path), (t("ch3.sgd_name"), sgd_path)):
        a, b = path[-1]
        st.metric(name, f"({a:.2f}, {b:.2f})", help=t("ch3.saddle_metric", f=f"{descent.saddle(a, b):.3f}",
                                                       g=f"{abs(complex(*descent.saddle_gradient(a, b))):.2g}"))
right.plotly_chart(sized(ch3.saddle_figure(gd_path, sgd_path, lang=LANG)), key="gd-saddle")
st.caption(t("ch3.saddle_after", steps=SADDLE_STEPS, lr=SADDLE_LR))
