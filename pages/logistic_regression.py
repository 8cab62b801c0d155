"""Chapter 6 · Logistic regression: sigmoid, BCE, and a live fit of P(pass | hours)."""

import streamlit as st

from core.runner import DONE, IDLE, PAUSED, RUNNING, Runner, RunnerState
from ui.extras import compare_runs, presets, show_code
from ui import figures_ch6 as ch6
from ui.figures import COLORS, Line, growing_range, line_chart, loss_range, series
from ui.live import checked_config, controls, full_batch_settings, live_view, session_runner, status_line, sync_config

SLOT, TWIN = "ch6", "ch6-linear"
# Steps per second; "max" trains as fast as the CPU allows (1000 tiny steps take well under a second).

st.title("6 · Logistic regression 逻辑斯蒂回归")
st.markdown("Regression predicts a **number**; classification predicts a **class**. Logistic regression "
            "answers a yes/no question with a probability: *will I pass after x hours of study?*")
st.plotly_chart(ch6.regression_vs_classification(), key="ch6-picture")

# ---------------------------------------------------------------- the sigmoid
st.subheader("The sigmoid squashes any number into (0, 1)")
left, right = st.columns([1, 2.4])
with left:
    w = st.slider("weight w", -5.0, 5.0, 1.0, 0.1, key="ch6-w")
    b = st.slider("bias b", -10.0, 10.0, 0.0, 0.1, key="ch6-b")
    hand_fit = ch6.bce(ch6.PASSED, ch6.probability(w, b, ch6.HOURS)).mean()
    st.metric("BCE of your curve on the 3 students", f"{hand_fit:.3f}",
              help="Try w ≈ 2, b ≈ −5: the curve crosses 0.5 between 2 and 3 hours.")
    st.caption("Far from its centre the curve is flat (saturated 饱和): its slope, and so the gradient "
               "that training follows, is almost zero.")
right.plotly_chart(ch6.sigmoid_figure(w, b), key="ch6-sigmoid")

# ---------------------------------------------------------------- the loss
st.subheader("BCE, not MSE: a confident wrong answer must cost a lot")
left, right = st.columns([1, 2.4])
with left:
    y_hat = st.slider("prediction ŷ", 0.01, 0.99, 0.2, 0.01, key="ch6-yhat")
    st.caption(f"If the truth is y = 1, BCE charges **{float(ch6.bce(1, y_hat)):.2f}** and MSE "
               f"**{float(ch6.squared_error(1, y_hat)):.2f}**. Near ŷ = 0 BCE shoots up while MSE stays "
               "below 1, so a sigmoid trained with MSE learns slowly from its worst mistakes.")
right.plotly_chart(ch6.bce_mse_figure(y_hat), key="ch6-bce")

# ---------------------------------------------------------------- live training
st.subheader("Train it: P(pass | hours) live")
st.caption("Only two differences from linear regression 与线性回归只有两处不同: a **sigmoid** after the linear "
           "function, and **BCE** instead of MSE. Turn on *compare* to train both on the same data.")
presets("logistic-regression")
lr, epochs, optimizer, seed, delay = full_batch_settings(
    SLOT, lr=0.01, epochs=(20000, 1000, 100), epochs_help="Full batch: one epoch is one step over all 3 students.",
    pace_label="steps per second", pace=100, pace_help="Slows the tiny model down so you can watch each step.")
c1, c2, c3 = st.columns([1.6, 1.4, 2.4])
band = c1.slider("“uncertain” band around 0.5", 0.0, 0.25, 0.1, 0.01, key="ch6-band",
                 help="Within this distance of 0.5 the answer is “uncertain 不确定” (the chapter's 6.2).")
hours = c2.number_input("hours → probability", 0.0, 10.0, 2.5, 0.5, key="ch6-hours")
compare = c3.toggle("compare with linear regression (MSE, no sigmoid)", value=True, key="ch6-compare")

cfg = checked_config(SLOT, "logistic", lr=lr, epochs=epochs, optimizer=optimizer, seed=seed)
twin_cfg = cfg.replace(task="linear")
runner = session_runner(SLOT, cfg, delay)
twin = session_runner(TWIN, twin_cfg, delay) if compare else None


def clicks() -> dict[str, bool]:
    """Which of the main run's buttons caused this rerun (read before they are redrawn, maybe disabled)."""
    return {name: bool(st.session_state.get(f"{SLOT}-{name}")) for name in ("start", "pause", "step", "stop", "reset")}


def mirror_clicks(follower: Runner, clicked: dict[str, bool]) -> None:
    """The main run's buttons drive the twin too."""
    if clicked["reset"]:
        follower.reset(twin_cfg)
    elif clicked["start"]:
        follower.start()
    elif clicked["step"]:
        follower.step()
    elif clicked["pause"]:
        follower.pause()
    elif clicked["stop"]:
        follower.stop()


def follow(leader: Runner, follower: Runner) -> None:
    """Catch the twin up with the main run's state (compare switched on mid-run, the main run ended)."""
    lead, own = leader.state(), follower.state()
    if lead.status == IDLE and own.status != IDLE:
        follower.reset(twin_cfg)
    elif lead.status == RUNNING and own.status in (IDLE, PAUSED):
        follower.start()
    elif lead.status == PAUSED and own.active:
        follower.pause()
    elif lead.status == "finished" and own.active:
        follower.join(2.0)  # a step or two behind: let it finish its epochs
    elif lead.status in DONE and own.active:
        follower.stop()


if twin is not None:
    sync_config(twin, twin_cfg)  # a live learning-rate change reaches both runs
    clicked = clicks()
    controls(SLOT, runner, cfg)
    mirror_clicks(twin, clicked)
else:
    stale = st.session_state.get("runners", {}).get(TWIN)
    if stale is not None and stale.state().status != IDLE:
        stale.reset()  # compare turned off: stop the twin so it does not use the CPU for nothing
    controls(SLOT, runner, cfg)


def draw(state: RunnerState) -> None:
    if twin is not None:
        follow(runner, twin)
    other = twin.state() if twin is not None else None
    status_line(state)
    if other is not None and other.status in ("diverged", "error"):
        st.warning(f"Linear regression: {other.message}", icon="📈")
    latest = state.latest("eval")
    twin_eval = other.latest("eval") if other is not None else None
    readout = None
    if latest is not None:
        p = float(ch6.probability(latest["w"], latest["b"], hours))
        readout = (hours, p)
    left, right = st.columns([1.25, 1])
    with left:
        title = "before training: press Start or Step" if latest is None else (
            f"epoch {latest['epoch']}: w = {latest['w']:.3f}, b = {latest['b']:.3f}")
        fig = ch6.probability_figure(
            latest["curve/x"] if latest else (), latest["curve/y"] if latest else (), band=band, readout=readout,
            linear_y=twin_eval["curve/y"] if twin_eval and len(twin_eval["curve/x"]) else None, title=title)
        st.plotly_chart(fig, key="ch6-curve")
    with right:
        lines = [Line("logistic: BCE", *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])]
        if other is not None:
            lines.append(Line("linear: MSE", *series(other.of_kind("train"), "train/loss"), color=COLORS["test"],
                              dash="dash"))
        st.plotly_chart(line_chart(lines, x_title="step (= epoch, full batch)", y_title="loss",
                                   events=state.of_kind("event"),
                                   x_range=growing_range(max(state.step, other.step if other else 0),
                                                         state.config["epochs"]),
                                   y_range=loss_range(lines[0].y, lines[-1].y), title="Loss",
                                   empty_note="the loss appears here as it trains"), key="ch6-loss")
        if readout is not None:
            answer = ch6.verdict(readout[1], band)
            color = {"pass": "green", "fail": "red"}.get(answer, "orange")
            st.markdown(f"**P(pass | {hours:g} h) = {readout[1]:.3f}** → :{color}-badge[{answer}]")


live_view(SLOT, runner, draw)
show_code(runner.cfg, SLOT)
compare_runs(SLOT, runner)
