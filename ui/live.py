"""Streamlit glue for live training: a per-session Runner, its controls, and a polling view."""

from typing import Callable

import streamlit as st

from core.config import RunConfig
from core.runner import DONE, IDLE, Runner, RunnerState

# Log-spaced steps 1e-4 ... 10 (1, 2, 5 per decade): equal slider travel per factor of ~2.
LR_STEPS = tuple(round(m * 10.0 ** e, 6) for e in range(-4, 2) for m in (1, 2, 5) if m * 10.0 ** e <= 10)
LIVE_FIELDS = ("lr", "momentum")  # changing these retunes a running run instead of asking for a reset
REFRESH_S = 0.4  # charts refresh at least twice a second while training
PACES = (1, 2, 5, 10, 20, 50, 100, 200, 500, "max")  # full-batch steps per second; "max" = no pause


def lr_slider(label: str, key: str, default: float) -> float:
    """A log-scale learning-rate slider from 1e-4 to 10."""
    default = min(LR_STEPS, key=lambda v: abs(v - default))
    return st.select_slider(label, options=LR_STEPS, value=default, key=key, format_func=lambda v: f"{v:g}",
                            help="Log scale: each notch roughly doubles the step size.")


def full_batch_settings(slot: str, *, lr: float, epochs: tuple[int, int, int], epochs_help: str,
                        pace_label: str, pace: int, pace_help: str | None = None,
                        seed_help: str | None = None) -> tuple[float, int, str, int, float]:
    """The training row of the full-batch pages: (lr, epochs, optimizer, seed, delay between steps).

    `epochs` is (max, default, step); the pace slider slows tiny models down so each step can be watched.
    """
    c1, c2, c3, c4, c5 = st.columns([1.6, 1, 1, 0.8, 1.4])
    with c1:
        lr = lr_slider("learning rate", f"{slot}-lr", lr)
    most, default, step = epochs
    n_epochs = c2.number_input("epochs", 1, most, default, step, key=f"{slot}-epochs", help=epochs_help)
    optimizer = c3.radio("optimizer", ("sgd", "adam"), format_func=str.upper, horizontal=True, key=f"{slot}-opt")
    seed = c4.number_input("seed", 0, 9999, 0, key=f"{slot}-seed", help=seed_help)
    steps_per_s = c5.select_slider(pace_label, PACES, value=pace, key=f"{slot}-pace", help=pace_help)
    delay = 0.0 if steps_per_s == "max" else 1.0 / steps_per_s
    return lr, int(n_epochs), optimizer, int(seed), delay


def session_watcher():
    """A thread-safe "is this browser session still connected?" check (None outside a server)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None
    server, session_id = runtime.get_instance(), ctx.session_id
    return lambda: server.is_active_session(session_id)


def session_runner(slot: str, cfg: RunConfig, delay: float = 0.0) -> Runner:
    """This learner's runner for a page slot; other sessions never see it.

    It trains on while the learner visits other pages, and stops once the browser session is gone.
    """
    runners = st.session_state.setdefault("runners", {})
    if slot not in runners:
        runners[slot] = Runner(cfg, delay=delay, watched=session_watcher())
    runner = runners[slot]
    runner.set_delay(delay)
    return runner


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
    if pending:
        st.warning(f"You changed {', '.join(pending)}. The current run keeps its old settings: "
                   "press **Reset** to start over with the new ones.", icon="🔁")
    cols = st.columns(5)
    running = status in ("starting", "running")
    cols[0].button("Resume" if status == "paused" else "Start", key=f"{slot}-start", type="primary",
                   disabled=running or status in DONE, width="stretch")
    cols[1].button("Pause", key=f"{slot}-pause", on_click=runner.pause, disabled=not running, width="stretch")
    cols[2].button("Step", key=f"{slot}-step", disabled=running or status in DONE,
                   help="One training iteration, then pause.", width="stretch")
    cols[3].button("Stop", key=f"{slot}-stop", on_click=runner.stop, disabled=status in DONE or status == IDLE,
                   width="stretch")
    cols[4].button("Reset", key=f"{slot}-reset", on_click=runner.reset, width="stretch",
                   help="Forget this run and start again from fresh weights with the current settings.")


def status_line(state: RunnerState) -> None:
    """One line of status; divergence and errors in words."""
    if state.status == "diverged":
        st.error(state.message, icon="💥")
    elif state.status == "error":
        st.error(state.message)
    elif state.status in ("finished", "stopped"):
        st.success(state.message) if state.status == "finished" else st.info(state.message)
    else:
        latest = state.latest("train")
        detail = f" · step {latest['step']} · epoch {latest['epoch']}" if latest else ""
        st.caption(f"Status: **{state.status}**{detail}")


def live_view(slot: str, runner: Runner, draw: Callable[[RunnerState], None]) -> None:
    """Redraw `draw(state)` every REFRESH_S seconds while the run is active, without rerunning the page."""
    active = runner.state().status in ("starting", "running", "paused")

    @st.fragment(run_every=REFRESH_S if active else None)
    def view():
        state = runner.state()
        draw(state)
        if active and state.status in DONE:
            st.rerun()  # one full rerun so the buttons match the finished run and polling stops

    view()
