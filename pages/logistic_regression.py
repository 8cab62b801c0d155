"""Chapter 6 · Logistic regression: sigmoid, BCE, and a live fit of P(pass | hours)."""

import streamlit as st

from core.run_group import COMMANDS, RunGroup
from core.runner import IDLE, RunnerState
from ui.export import show_code
from ui.presets import presets
from ui import figures_ch6 as ch6
from ui.figures import COLORS, Line, growing_range, line_chart, loss_range, series
from ui.i18n import lang, t
from ui.lecture import sized
from ui.live import checked_config, controls, full_batch_settings, live_view, session_runner, status_line, sync_config
from ui.phone import later

SLOT, TWIN = "ch6", "ch6-linear"
# Steps per second; "max" trains as fast as the CPU allows (1000 tiny steps take well under a second).

LANG = lang()
VERDICTS = {"pass": "ch6.pass", "fail": "ch6.fail", ch6.UNCERTAIN: "ch6.uncertain"}

st.title(t("ch6.title"))
st.markdown(t("ch6.intro"))
st.plotly_chart(sized(ch6.regression_vs_classification(lang=LANG)), key="ch6-picture")

# On a phone the sigmoid and the loss follow the live fit, so that its Start is on the first screens.
with later("ch6-explain"):
    # ---------------------------------------------------------------- the sigmoid
    st.subheader(t("ch6.sigmoid"))
    left, right = st.columns([1, 2.4])
    with left:
        w = st.slider(t("ch6.w"), -5.0, 5.0, 1.0, 0.1, key="ch6-w", bind="query-params")
        b = st.slider(t("ch6.b"), -10.0, 10.0, 0.0, 0.1, key="ch6-b", bind="query-params")
        hand_fit = ch6.bce(ch6.PASSED, ch6.probability(w, b, ch6.HOURS)).mean()
        st.metric(t("ch6.hand_fit"), f"{hand_fit:.3f}", help=t("ch6.hand_fit_help"))
        st.caption(t("ch6.saturation"))
    right.plotly_chart(sized(ch6.sigmoid_figure(w, b, lang=LANG)), key="ch6-sigmoid")

    # ---------------------------------------------------------------- the loss
    st.subheader(t("ch6.bce"))
    left, right = st.columns([1, 2.4])
    with left:
        y_hat = st.slider(t("ch6.y_hat"), 0.01, 0.99, 0.2, 0.01, key="ch6-yhat", bind="query-params")
        st.caption(t("ch6.bce_caption", bce=f"{float(ch6.bce(1, y_hat)):.2f}",
                     mse=f"{float(ch6.squared_error(1, y_hat)):.2f}"))
    right.plotly_chart(sized(ch6.bce_mse_figure(y_hat, lang=LANG)), key="ch6-bce")

# ---------------------------------------------------------------- live training
st.subheader(t("ch6.train"))
st.caption(t("ch6.train_caption"))
presets("logistic-regression")
lr, epochs, optimizer, seed, delay = full_batch_settings(
    SLOT, lr=0.01, epochs=(20000, 1000, 100), epochs_help=t("ch6.epochs_help"),
    pace_label=t("ch6.pace"), pace=100, pace_help=t("ch6.pace_help"))
c1, c2, c3 = st.columns([1.6, 1.4, 2.4])
band = c1.slider(t("ch6.band"), 0.0, 0.25, 0.1, 0.01, key="ch6-band", help=t("ch6.band_help"),
                 bind="query-params")
hours = c2.number_input(t("ch6.hours"), 0.0, 10.0, 2.5, 0.5, key="ch6-hours", bind="query-params")
compare = c3.toggle(t("ch6.compare"), value=True, key="ch6-compare", bind="query-params")

cfg = checked_config(SLOT, "logistic", lr=lr, epochs=epochs, optimizer=optimizer, seed=seed)
twin_cfg = cfg.replace(task="linear")
runner = session_runner(SLOT, cfg, delay)
twin = session_runner(TWIN, twin_cfg, delay) if compare else None
pair = RunGroup({SLOT: runner, TWIN: twin} if twin is not None else {SLOT: runner})  # the twin follows
configs = {SLOT: cfg, TWIN: twin_cfg}

if twin is not None:
    sync_config(twin, twin_cfg)  # a live learning-rate change reaches both runs
else:
    stale = st.session_state.get("runners", {}).get(TWIN)
    if stale is not None and stale.state().status != IDLE:
        stale.reset()  # compare turned off: stop the twin so it does not use the CPU for nothing
# Which button caused this rerun, read before controls() redraws them (maybe disabled).
clicked = next((name for name in COMMANDS if st.session_state.get(f"{SLOT}-{name}")), None)
controls(SLOT, runner, cfg)
pair.mirror(clicked, configs)  # the main run's buttons drive the twin too


def draw(state: RunnerState) -> None:
    pair.keep_in_step(configs)  # catch the twin up (compare switched on mid-run, the main run ended)
    other = twin.state() if twin is not None else None
    status_line(state)
    if other is not None and other.status in ("diverged", "error"):
        st.warning(t("ch6.linear_problem", message=other.message), icon="📈")
    latest = state.latest("eval")
    twin_eval = other.latest("eval") if other is not None else None
    readout = None
    if latest is not None:
        p = float(ch6.probability(latest["w"], latest["b"], hours))
        readout = (hours, p)
    left, right = st.columns([1.25, 1])
    with left:
        title = t("ch6.before") if latest is None else t(
            "ch6.epoch_title", epoch=latest["epoch"], w=f"{latest['w']:.3f}", b=f"{latest['b']:.3f}")
        fig = ch6.probability_figure(
            latest["curve/x"] if latest else (), latest["curve/y"] if latest else (), band=band, readout=readout,
            linear_y=twin_eval["curve/y"] if twin_eval and len(twin_eval["curve/x"]) else None, title=title,
            lang=LANG)
        st.plotly_chart(sized(fig), key="ch6-curve")
    with right:
        lines = [Line(t("ch6.logistic_bce"), *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])]
        if other is not None:
            lines.append(Line(t("ch6.linear_mse"), *series(other.of_kind("train"), "train/loss"), color=COLORS["test"],
                              dash="dash"))
        st.plotly_chart(sized(line_chart(lines, x_title=t("ch6.step_axis"), y_title=t("figures.loss"),
                                   events=state.of_kind("event"),
                                   x_range=growing_range(max(state.step, other.step if other else 0),
                                                         state.config["epochs"]),
                                   y_range=loss_range(lines[0].y, lines[-1].y), title=t("ch6.loss_title"),
                                   empty_note=t("ch6.loss_empty"))), key="ch6-loss")
        if readout is not None:
            answer = ch6.verdict(readout[1], band)
            color = {"pass": "green", "fail": "red"}.get(answer, "orange")
            st.markdown(t("ch6.readout", hours=f"{hours:g}", p=f"{readout[1]:.3f}") +
                        f" → :{color}-badge[{t(VERDICTS[answer])}]")


live_view(SLOT, runner, draw)
show_code(runner.cfg, SLOT)
