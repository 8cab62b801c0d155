"""Compare runs: pin a run, change a setting, run again; pinned runs stay overlaid with the current one."""

import math

import pandas as pd
import streamlit as st

from core.history import RunHistory, differing_settings
from core.runner import RunnerState
from core.tasks import TASKS
from ui.figures_compare import ComparedRun, compare_figure
from ui.i18n import lang, t
from ui.lecture import sized
from ui.text import TEXT

HISTORY = "extras-history"  # session key: this learner's RunHistory, shared by every page
HIGHLIGHT = "background-color: rgba(255, 196, 0, 0.3)"


def history() -> RunHistory:
    if HISTORY not in st.session_state:
        st.session_state[HISTORY] = RunHistory()
    return st.session_state[HISTORY]


def show_value(value) -> str:
    """A setting as the table shows it: (6, 4) -> 6-4, booleans as ✓/✗, 0 batch size stays 0."""
    if isinstance(value, (tuple, list)):
        return "-".join(map(str, value)) or "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def run_label(run, differing: list[str]) -> str:
    """'#3' plus the settings that tell it apart from the other runs shown, e.g. '#3 · lr 0.5'."""
    parts = [f"{name} {show_value(run.config[name])}" for name in differing[:3]]
    return f"#{run.number}" + (f" · {', '.join(parts)}" if parts else "")


def settings_table(runs, current_number: int | None):
    """One row per run: settings (the ones that differ highlighted), final metrics, training time."""
    task = TASKS.get(runs[0].config["task"])  # its COMPARED settings get a column
    names = [name for name in (task.compared if task else ()) if name in runs[0].config]
    differing = set(differing_settings([run.config for run in runs]))
    rows = []
    for run in reversed(runs):  # newest first
        marks = [t("compare.pinned")] * run.pinned + [t("compare.current")] * (run.number == current_number)
        row = {t("compare.col.run"): " ".join([f"#{run.number}", *marks]),
               t("compare.col.status"): t(f"live.status.{run.status}") if f"live.status.{run.status}" in TEXT
               else run.status}
        row |= {name: show_value(run.config[name]) for name in names}
        final = run.final
        for key in ("train/loss", "test/loss", "train/acc", "test/acc"):
            value = final.get(key)
            text = "—" if value is None else (f"{value:.1%}" if key.endswith("acc") else f"{value:.4f}")
            row[t(f"compare.col.{key.replace('/', '_')}")] = text if value is None or math.isfinite(value) else "nan"
        row[t("compare.col.epochs_done")] = run.epochs_done
        row[t("compare.col.time")] = f"{run.training_time:.2f}"
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame = frame.loc[:, [c for c in frame.columns if frame[c].astype(str).str.strip().ne("—").any()]]
    marked = [name for name in names if name in differing and name in frame.columns]
    return frame.style.map(lambda _: HIGHLIGHT, subset=marked) if marked else frame.style


def _pin(slot: str, number: int) -> None:
    history().pin(slot, number)


def _unpin_all(slot: str) -> None:
    history().unpin_all(slot)


def _clear(slot: str, keep_number: int | None) -> None:
    history().clear(slot, keep_number)


def compare_panel(slot: str, state: RunnerState) -> None:
    """The compare panel of one training panel: pin, unpin, clear, the overlay chart and the runs table. Drawn
    inside the panel's live view (ui.live.live_view), so it refreshes with the panel's charts during a run."""
    runs = history()
    current = runs.observe(slot, state.status, state.config, state.records)
    kept = runs.runs(slot)
    panel = st.expander(t("compare.title", count=len(kept)), expanded=bool(runs.pinned(slot)),
                        icon=":material/compare_arrows:", key=f"extras-compare-{slot}-open", on_change="rerun")
    with panel:
        if not panel.open:
            return  # a closed panel builds nothing: its table is costly to rebuild on every live tick
        st.caption(t("compare.caption", keep=runs.keep))
        if not kept:
            st.caption(t("compare.empty"))
            return
        pin_col, unpin_col, clear_col = st.columns(3)
        pin_col.button(t("compare.pin"), key=f"extras-compare-{slot}-pin", icon=":material/push_pin:",
                       on_click=_pin, args=(slot, current.number if current else 0),
                       disabled=current is None or current.pinned, width="stretch")
        unpin_col.button(t("compare.unpin"), key=f"extras-compare-{slot}-unpin", on_click=_unpin_all,
                         args=(slot,), disabled=not runs.pinned(slot), width="stretch")
        # The current run stays: it is still on the panel's own charts and would come straight back.
        clear_col.button(t("compare.clear"), key=f"extras-compare-{slot}-clear", on_click=_clear,
                         args=(slot, current.number if current else None), width="stretch",
                         help=t("compare.clear.help"))
        shown = [run for run in kept if run.pinned or run is current]
        differing = differing_settings([run.config for run in shown])
        lines = [ComparedRun(run_label(run, differing), [r for r in run.records if r["kind"] == "eval"],
                             current=run is current) for run in shown]
        if len(shown) > 1 or runs.pinned(slot):
            st.plotly_chart(sized(compare_figure(lines, lang=lang())), key=f"extras-compare-{slot}-chart")
        else:
            st.caption(t("compare.pin_hint"))
        st.dataframe(settings_table(kept, current.number if current else None), hide_index=True,
                     key=f"extras-compare-{slot}-table")
        if differing:
            st.caption(t("compare.differ", names=", ".join(differing)))

