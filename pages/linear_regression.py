"""Lecture 5 · Linear regression with PyTorch: LinearModel live, the eight-optimizer race, sum vs mean loss."""

import pandas as pd
import streamlit as st

from core import optim_race
from core.runner import RunnerState
from core.tasks.linear_regression import OPTIMIZERS, X_DATA
from ui import figures_ch5 as ch5
from ui.export import show_code
from ui.figures import COLORS, Line, growing_range, line_chart, series
from ui.i18n import lang, t
from ui.lecture import sized
from ui.live import LR_STEPS, PACES, checked_config, controls, live_view, lr_slider, session_runner, status_line

SLOT = "lreg"
LANG = lang()
N = len(X_DATA)

st.title(t("ch5.title"))
st.markdown(t("ch5.intro"))
st.code(t("ch5.code"), language="python")

# ---------------------------------------------------------------- the lecture's model, live
st.subheader(t("ch5.train"))
c1, c2, c3 = st.columns([1.6, 1, 1.4])
with c1:
    lr = lr_slider(t("live.lr"), f"{SLOT}-lr", 0.01)
epochs = c2.number_input(t("live.epochs"), 1, 20000, 1000, 100, key=f"{SLOT}-epochs", help=t("ch5.epochs_help"),
                         bind="query-params")
optimizer = c3.selectbox(t("live.optimizer"), OPTIMIZERS, format_func=ch5.NAMES.get, key=f"{SLOT}-opt",
                         bind="query-params")
c4, c5, c6 = st.columns([1.6, 1, 1.4])
reduction = c4.radio(t("ch5.reduction"), ("sum", "mean"), format_func=lambda r: t(f"ch5.reduction.{r}"),
                     horizontal=True, key=f"{SLOT}-reduction", help=t("ch5.reduction_help"), bind="query-params")
seed = c5.number_input(t("live.seed"), 0, 9999, 0, key=f"{SLOT}-seed", bind="query-params")
pace = c6.select_slider(t("ch5.pace"), PACES, value=100, key=f"{SLOT}-pace", bind="query-params")
cfg = checked_config(SLOT, "linear-regression", lr=lr, epochs=int(epochs), optimizer=optimizer,
                     reduction=reduction, seed=int(seed))
runner = session_runner(SLOT, cfg, 0.0 if pace == "max" else 1.0 / pace)
controls(SLOT, runner, cfg)


def draw(state: RunnerState) -> None:
    status_line(state)
    last = state.latest("eval")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("w", f"{last['w']:.4f}" if last else "–")
    m2.metric("b", f"{last['b']:.4f}" if last else "–")
    m3.metric(t("ch5.predict"), f"{last['predict']:.4f}" if last else "–", help=t("ch5.predict_help"))
    m4.metric(t("ch5.loss"), f"{last['train/loss']:.3g}" if last else "–")
    left, right = st.columns([1, 1.2])
    title = t("ch5.before") if last is None else t("ch5.epoch_title", epoch=last["epoch"], w=f"{last['w']:.4f}",
                                                    b=f"{last['b']:.4f}")
    left.plotly_chart(sized(ch5.fit_figure(last["w"] if last else None, last["b"] if last else None, title=title,
                                           lang=LANG)), key="lreg-fit")
    lines = [Line(ch5.NAMES[state.config["optimizer"]], *series(state.of_kind("train"), "train/loss"),
                  color=COLORS["train"])]
    chart = line_chart(lines, x_title=t("figures.epoch"), y_title=t("ch5.loss_axis"), events=state.of_kind("event"),
                       x_range=growing_range(state.step, state.config["epochs"]), title=t("ch5.loss_title"),
                       empty_note=t("ch5.loss_empty"))
    chart.update_yaxes(type="log", range=None, exponentformat="power")
    right.plotly_chart(sized(chart), key="lreg-loss")


live_view(SLOT, runner, draw)
show_code(runner.cfg, SLOT)

# ---------------------------------------------------------------- the exercise: eight optimizers race
st.subheader(t("ch5.race"))
st.markdown(t("ch5.race_intro"))
r1, r2, r3 = st.columns([1.6, 1, 1.4])
with r1:
    race_lr = st.select_slider(t("live.lr"), options=LR_STEPS, value=0.01, key="lreg-race-lr",
                               format_func=lambda v: f"{v:g}", bind="query-params")
race_epochs = r2.number_input(t("live.epochs"), 10, 2000, 1000, 100, key="lreg-race-epochs", bind="query-params")
race_loss = r3.radio(t("ch5.reduction"), ("sum", "mean"), format_func=lambda r: t(f"ch5.reduction.{r}"),
                     horizontal=True, key="lreg-race-reduction", bind="query-params")
settings = (float(race_lr), int(race_epochs), race_loss)
races = st.session_state.setdefault("lreg-races", {})
if st.button(t("ch5.race_run"), key="lreg-race-run", type="primary"):
    progress = st.progress(0.0, text=t("ch5.race_running"))
    results = {}
    for i, name in enumerate(OPTIMIZERS):  # one at a time, so the bar moves while LBFGS takes its seconds
        results[name] = optim_race.run_one(name, lr=settings[0], epochs=settings[1], reduction=settings[2])
        progress.progress((i + 1) / len(OPTIMIZERS), text=t("ch5.race_running"))
    progress.empty()
    races[settings] = results
results = races.get(settings)
if results is None:
    st.info(t("ch5.race_waiting"))
else:
    tab_loss, tab_w, tab_b = st.tabs([t("ch5.loss"), "w", "b"])
    for tab, key in ((tab_loss, "loss"), (tab_w, "w"), (tab_b, "b")):
        tab.plotly_chart(sized(ch5.race_figure(results, key=key, title=t(f"ch5.race_title.{key}", lr=f"{settings[0]:g}",
                                                                          epochs=settings[1]), lang=LANG)),
                         key=f"lreg-race-{key}")
    st.dataframe(pd.DataFrame([{
        t("ch5.col.optimizer"): ch5.NAMES[name], "w": r["w"][-1], "b": r["b"][-1],
        t("ch5.predict"): 4 * r["w"][-1] + r["b"][-1], t("ch5.loss"): r["loss"][-1],
        t("ch5.col.seconds"): round(r["seconds"], 3)} for name, r in results.items()]),
        hide_index=True, column_config={"w": st.column_config.NumberColumn(format="%.4f"),
                                        "b": st.column_config.NumberColumn(format="%.4f")})
    st.caption(t("ch5.race_finding", seconds=f"{sum(r['seconds'] for r in results.values()):.1f}"))

# ---------------------------------------------------------------- sum vs mean
st.subheader(t("ch5.sum_mean"))
step = optim_race.effective_step(lr, N)
st.markdown(t("ch5.sum_mean_intro", n=N, lr=f"{lr:g}", sum_step=f"{step['sum']:g}"))
steps = 30
lines = [(t("ch5.sum_at", lr=f"{lr:g}"), optim_race.run_one("sgd", lr=lr, epochs=steps, reduction="sum")["w"]),
         (t("ch5.mean_at", lr=f"{step['sum']:g}"),
          optim_race.run_one("sgd", lr=min(step["sum"], 100.0), epochs=steps, reduction="mean")["w"]),
         (t("ch5.mean_at", lr=f"{lr:g}"), optim_race.run_one("sgd", lr=lr, epochs=steps, reduction="mean")["w"])]
st.plotly_chart(sized(ch5.steps_figure(lines, title=t("ch5.sum_mean_title"), lang=LANG)), key="lreg-sum-mean")
