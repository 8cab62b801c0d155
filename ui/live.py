"""Streamlit glue for live training: a per-session Runner, its controls, and a polling view."""

import os
import re
import time
from typing import Callable

# Imported whole before any page draws: plotly finds pandas in sys.modules without importing it, and could
# see it half-initialised while another session's thread was importing it (an AttributeError on a fresh server).
import pandas  # noqa: F401
import plotly.graph_objects as go
import streamlit as st

from core.config import RunConfig, default_config
from core.pool import shared_pool
from core.runner import ABANDONED_MESSAGE, DONE, FAILED_PREFIX, IDLE, Runner, RunnerState
from core.tasks import TASKS
from ui import classroom, polling
from ui.compare import compare_panel
from ui.i18n import t
from ui.stop_rules import early_stop_message
from ui.streamlit_internals import session_watcher

# Log-spaced steps 1e-4 ... 10 (1, 2, 5 per decade): equal slider travel per factor of ~2.
LR_STEPS = tuple(round(m * 10.0 ** e, 6) for e in range(-4, 2) for m in (1, 2, 5) if m * 10.0 ** e <= 10)
LIVE_FIELDS = ("lr", "momentum")  # changing these retunes a running run instead of asking for a reset
OVERSHOOT_FACTOR = 3.0  # a loss this many times a know-nothing model's (the task's CHANCE_LOSS): overshooting
REFRESH_S = 0.4  # charts refresh at least twice a second while training
PACES = (1, 2, 5, 10, 20, 50, 100, 200, 500, "max")  # full-batch steps per second; "max" = no pause
CONTROLS_DRAWN = "live-controls-drawn"  # slot -> buttons_for(the status) the slot's controls were last drawn with


def lr_slider(label: str, key: str, default: float) -> float:
    """A log-scale learning-rate slider from 1e-4 to 10."""
    default = min(LR_STEPS, key=lambda v: abs(v - default))
    return st.select_slider(label, options=LR_STEPS, value=default, key=key, format_func=lambda v: f"{v:g}",
                            help=t("live.lr_help"), bind="query-params")


def full_batch_settings(slot: str, *, lr: float, epochs: tuple[int, int, int], epochs_help: str,
                        pace_label: str, pace: int, pace_help: str | None = None,
                        seed_help: str | None = None) -> tuple[float, int, str, int, float]:
    """The training row of the full-batch pages: (lr, epochs, optimizer, seed, delay between steps).

    `epochs` is (max, default, step); the pace slider slows tiny models down so each step can be watched.
    """
    c1, c2, c3, c4, c5 = st.columns([1.6, 1, 1, 0.8, 1.4])
    with c1:
        lr = lr_slider(t("live.lr"), f"{slot}-lr", lr)
    most, default, step = epochs
    n_epochs = c2.number_input(t("live.epochs"), 1, most, default, step, key=f"{slot}-epochs", help=epochs_help,
                               bind="query-params")
    optimizer = c3.radio(t("live.optimizer"), ("sgd", "adam"), format_func=str.upper, horizontal=True,
                         key=f"{slot}-opt", bind="query-params")
    seed = c4.number_input(t("live.seed"), 0, 9999, 0, key=f"{slot}-seed", help=seed_help,
                             bind="query-params")
    steps_per_s = c5.select_slider(pace_label, PACES, value=pace, key=f"{slot}-pace", help=pace_help,
                                   bind="query-params")
    delay = 0.0 if steps_per_s == "max" else 1.0 / steps_per_s
    return lr, int(n_epochs), optimizer, int(seed), delay


def session_runner(slot: str, cfg: RunConfig, delay: float = 0.0) -> Runner:
    """This learner's runner for a page slot; other sessions never see it.

    It trains on while the learner visits other pages, and stops once the browser session is gone.
    """
    runners = st.session_state.setdefault("runners", {})
    if slot not in runners:
        runners[slot] = Runner(cfg, delay=delay, watched=session_watcher(), name=f"torchplay-{cfg.task}")
    runner = runners[slot]
    runner.set_delay(delay)
    classroom.remember_run(slot, runner)  # its share-link values, for the class board
    return runner


def checked_config(slot: str, task: str, *, n_train: int | None = None, **fields) -> RunConfig:
    """The page's RunConfig for `slot`; a value that cannot be trained gets a clear message instead.

    Widgets, a shared link or a hand-edited URL can carry a bad value (learning rate 0, epochs 0,
    0 hidden units, ...). Then the learner reads what is wrong and the slot keeps its last good
    config, so the current run and its results stay as they were. With `n_train`, a batch larger
    than the data is pointed out (training then uses one full batch).
    """
    good = st.session_state.setdefault("good-configs", {})
    try:
        cfg = default_config(task, **fields)
    except (ValueError, TypeError) as error:
        st.error(t("live.bad_setting", problem=_problem(task, fields, error)), icon="⚠️")
        runner = st.session_state.get("runners", {}).get(slot)
        return good.get(slot) or (runner.cfg if runner is not None else default_config(task))
    good[slot] = cfg
    if n_train is not None and cfg.batch_size > n_train:
        st.info(t("live.batch_over_data", batch=cfg.batch_size, n=n_train), icon="ℹ️")
    return cfg


def _problem(task: str, fields: dict, error: Exception) -> str:
    """The learner's words for what is wrong: the first field that fails on its own, else core's message."""
    for name, value in fields.items():
        try:
            default_config(task, **{name: value})
        except (ValueError, TypeError):
            key = f"live.bad.{name}"
            shown = ", ".join(map(str, value)) if isinstance(value, (tuple, list)) else (
                f"{value:g}" if isinstance(value, float) else str(value))
            try:
                return t(key, value=shown)
            except AssertionError:  # a field without its own sentence
                return t("live.bad.other", detail=f"{name} = {shown}: {error}")
    return t("live.bad.other", detail=str(error))


def structural_changes(running: RunConfig, wanted: RunConfig) -> list[str]:
    """Config fields that differ and cannot be changed without starting over."""
    a, b = running.to_dict(), wanted.to_dict()
    return [name for name in a if name not in LIVE_FIELDS and a[name] != b[name]]


def sync_config(runner: Runner, cfg: RunConfig) -> list[str]:
    """Apply the widgets' config: fresh runs take it whole, live runs get lr/momentum at the next step.

    Returns the fields that need a reset to take effect (the current run keeps its settings).
    """
    if runner.state().status == IDLE:
        if runner.cfg != cfg:
            runner.reset(cfg)
        return []
    if runner.cfg.lr != cfg.lr and runner.state().status not in DONE:
        runner.set_lr(cfg.lr)
        runner.cfg = runner.cfg.replace(lr=cfg.lr)
    if runner.cfg.momentum != cfg.momentum and runner.state().status not in DONE and cfg.optimizer == "sgd":
        runner.set_momentum(cfg.momentum)
        runner.cfg = runner.cfg.replace(momentum=cfg.momentum)
    return structural_changes(runner.cfg, cfg)


def controls(slot: str, runner: Runner, cfg: RunConfig) -> None:
    """Start/Pause/Step/Stop/Reset, and a reset prompt when the architecture changed mid-run."""
    pending = sync_config(runner, cfg)
    # Start and Step act here, after sync_config, not in on_click callbacks: a callback runs
    # before this script, so a slider moved in the same request would start the old settings.
    if st.session_state.get(f"{slot}-start"):
        runner.start()
    if st.session_state.get(f"{slot}-step"):
        runner.step()
    status = runner.state().status
    st.session_state.setdefault(CONTROLS_DRAWN, {})[slot] = buttons_for(status)
    if pending:
        st.warning(t("live.needs_reset", fields=", ".join(pending)), icon="🔁")
    # One row that wraps, not columns: columns stack on a phone, five buttons deep.
    row = st.container(horizontal=True, gap="small")
    running = status in ("starting", "running")
    row.button(t("live.resume") if status == "paused" else t("live.start"), key=f"{slot}-start",
               type="primary", disabled=running or status in DONE, width="stretch")
    row.button(t("live.pause"), key=f"{slot}-pause", on_click=runner.pause, disabled=not running,
               width="stretch")
    row.button(t("live.step"), key=f"{slot}-step", disabled=running or status in DONE,
               help=t("live.step_help"), width="stretch")
    row.button(t("live.stop"), key=f"{slot}-stop", on_click=runner.stop,
               disabled=status in DONE or status == IDLE, width="stretch")
    row.button(t("live.reset"), key=f"{slot}-reset", on_click=runner.reset, width="stretch",
               help=t("live.reset_help"))


def buttons_for(status: str) -> str:
    """Which buttons a status enables: starting and running enable the same ones, and so do all the endings."""
    return "running" if status in ("starting", "running") else "done" if status in DONE else status


def status_line(state: RunnerState) -> None:
    """One line of status (with the queue while waiting for a training slot); endings in words."""
    if state.status == "diverged":
        st.error(end_message(state), icon="💥")
    elif state.status == "error":
        st.error(end_message(state))
    elif state.status == "finished":
        st.success(end_message(state))
    elif state.status == "stopped":
        st.info(end_message(state))
    elif state.queued:
        if state.step:
            st.caption(t("live.queued_again", ahead=state.ahead, step=state.step))
        else:
            st.caption(t("live.queued", ahead=state.ahead, slots=shared_pool().size))
    else:
        latest = state.latest("train")
        detail = t("live.status_detail", step=latest["step"], epoch=latest["epoch"]) if latest else ""
        st.caption(t("live.status", status=t(f"live.status.{state.status}"), detail=detail))
    if state.status != "diverged" and (overshoot := overshooting(state)):
        st.warning(t("live.overshooting", **overshoot), icon="📈")


def overshooting(state: RunnerState) -> dict | None:
    """The loss far above a know-nothing model's (the outputs stuck at 0 or 1): the learning rate is too large.

    Such a run never turns NaN (the loss functions clamp), so core does not call it diverged.
    """
    task = TASKS.get(state.config.get("task"))
    chance = task.chance_loss if task else None
    last = state.latest("eval")
    if chance is None or last is None or last.get("train/loss") is None:
        return None
    if not last["train/loss"] > OVERSHOOT_FACTOR * chance:
        return None
    latest = state.latest("train")
    lr = latest["lr"] if latest else state.config["lr"]
    return {"loss": f"{last['train/loss']:.3g}", "chance": f"{chance:.3g}", "lr": f"{lr:g}"}


def end_message(state: RunnerState) -> str:
    """How the run ended, in the learner's language (core's message says the same in English)."""
    end = state.latest("end")
    if state.status == "error":
        return t("live.end.error", detail=state.message.removeprefix(FAILED_PREFIX))
    if end is None:
        return state.message
    if state.message == ABANDONED_MESSAGE:
        return t("live.end.abandoned")
    if end.get("stopped_early"):  # early stopping (core.stop_rules) ended it
        return early_stop_message(end)
    if end["reason"] == "finished":
        epochs, steps = state.config["epochs"], end["step"]
        key = "live.end.finished" if epochs != 1 else "live.end.finished_one" if steps != 1 else \
            "live.end.finished_one_step"
        return t(key, epochs=epochs, steps=steps)
    if end["reason"] == "diverged":
        latest = state.latest("train")
        lr = latest["lr"] if latest else state.config["lr"]
        return t("live.end.diverged", step=end["step"], epoch=end["epoch"], lr=f"{lr:g}")
    if end["reason"] == "stopped":
        return t("live.end.stopped")
    return state.message  # another rule ended the run (e.g. a stop rule): its own message


def metric_delta(text: str | None) -> dict:
    """st.metric's delta arguments for a change written as `text` ("+0.4 pp"): grey, arrowless and "±" when every
    digit shown is 0, since a change that rounds to nothing went neither up nor down."""
    if text is None or re.search(r"[1-9]", text):
        return {"delta": text}
    return {"delta": re.sub(r"^[+\-−]", "±", text), "delta_color": "off", "delta_arrow": "off"}


def replica_note() -> None:
    """Which app process serves this browser, when several run behind nginx (`make serve-replicas`)."""
    name = os.environ.get("TORCHPLAY_REPLICA")  # set by deploy.replicas for each process it starts
    if name:
        st.caption(t("live.replica", name=name, workers=shared_pool().size))


def reused_figure(name: str, sources: tuple, key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure `build` made on an earlier tick if its data (`sources`, the same objects) and `key` are unchanged.

    A live view redraws every REFRESH_S seconds, but an evaluation's figures change once per epoch: rebuilding them
    each tick took the GIL from the training thread for nothing.
    """
    memo = st.session_state.setdefault("live-figures", {})
    held = memo.get(name)
    if held is not None and held[1] == key and len(held[0]) == len(sources) and all(
            a is b for a, b in zip(held[0], sources)):
        return held[2]
    fig = build()
    memo[name] = (sources, key, fig)  # holding the sources keeps their ids from being reused
    return fig


def now_and_then(name: str, key: tuple, every_s: float, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure `build` made less than `every_s` seconds ago under the same `key`, else a new one.

    Streamlit gives a chart whose figure changed a new element, which the browser draws from scratch (Plotly's
    newPlot, not an update): a chart that need not move at every frame of an animation is sent unchanged in between,
    so the browser spends the frame on the one that does.
    """
    memo = st.session_state.setdefault("live-figures-timed", {})
    held = memo.get(name)
    if held is not None and held[0] == key and time.monotonic() - held[1] < every_s:
        return held[2]
    fig = build()
    memo[name] = (key, time.monotonic(), fig)
    return fig


def live_view(slot: str, runner: Runner, draw: Callable[[RunnerState], None], refresh_s: float = REFRESH_S, *,
              compare: bool = True, rerun_on_eval: bool = False) -> None:
    """Redraw `draw(state)` and the slot's compare panel every `refresh_s` seconds while the run is active,
    without rerunning the page. It is the page's only polling fragment: two fragments polling beside full
    reruns crash Streamlit's front end ("Bad delta path index"), leaving a white page. A view drawn outside
    it (chapter 10's "what the network sees") is kept current by `rerun_on_eval`: a full rerun at each evaluation."""
    state = runner.state()
    active = state.status in ("starting", "running", "paused")
    evals_drawn = len(state.of_kind("eval"))

    @st.fragment(run_every=polling.every(f"live-{slot}", refresh_s if active else None))
    def view():
        state = runner.state()
        draw(state)
        if compare:
            compare_panel(slot, state)
        classroom.sync()  # in a class: post a run that just ended, keep "running" on the board, broadcast
        drawn = st.session_state.get(CONTROLS_DRAWN, {}).get(slot)
        # Pause and Step take effect at the run's next step, after the click's own rerun drew the buttons: one full
        # rerun when the run has moved on, so Resume and Step are enabled once paused (and polling stops once ended).
        if active and (state.status in DONE or drawn not in (None, buttons_for(state.status))
                       or rerun_on_eval and len(state.of_kind("eval")) != evals_drawn):
            st.rerun()

    view()
