"""Chapter 11's training tabs: the lecture's Inception and residual networks (and the exercise's block designs) trained
live beside chapter 10's CNN through the shared runner and live view, and each block's maps for one test digit."""

import math

import streamlit as st
import torch

from core.advanced_cnn import block_maps
from core.config import default_config
from core.convolution import starting_model
from core.models import parameter_count
from core.tasks import build_model
from ui import live, mnist_live
from ui.compare import history
from ui.export import show_code
from ui.figures_ch10 import maps_figure
from ui.i18n import lang, t
from ui.lecture import is_on, sized

SLOT = "ac-train"
# shown as ch11.model.<name>: the lecture's two networks, the exercise's block designs, chapter 10's CNN to compare
MODELS = ("course-inception", "course-resnet", "course-resnet-relu-before-addition",
          "course-resnet-full-preactivation", "course-cnn")
REFRESH_S = 1.0  # as chapters 9 and 10: the charts' redraws compete with the training thread
URL = "query-params"


@st.cache_data(show_spinner=False)
def blocks_and_count(model_name: str) -> tuple[list, int]:
    """(block, output shape, parameters) rows from the input to the classifier, and the parameter count."""
    model = build_model(default_config("mnist", model=model_name))
    shapes = block_maps(model, torch.zeros(28, 28))
    rows = [("input", (1, 28, 28), 0)]
    rows += [(name, maps.shape, parameter_count(model.get_submodule(name))) for name, maps in shapes]
    rows += [("fc", (model.fc.out_features,), parameter_count(model.fc))]
    return rows, parameter_count(model)


def blocks_table(model_name: str) -> None:
    """Each block's output shape and weights, and the network's total."""
    rows, count = blocks_and_count(model_name)
    table_col, count_col = st.columns([2, 1])
    table_col.dataframe([{t("ch11.col.block"): t("ch11.input") if name == "input" else name,
                          t("ch11.col.shape"): " × ".join(map(str, shape)),
                          t("ch11.col.weights"): f"{params:,}"} for name, shape, params in rows],
                        hide_index=True, key="ac-blocks")
    count_col.metric(t("ch11.params", model=t(f"ch11.model.{model_name}")), f"{count:,}")


def side_by_side(state) -> None:
    """This session's runs of the tab, one row each: network, weights, test accuracy, seconds per epoch."""
    history().observe(SLOT, state.status, state.config, state.records)  # as the compare panel does, drawn after
    runs = [run for run in history().runs(SLOT) if run.epochs_done]
    if not runs:
        st.caption(t("ch11.side_empty"))
        return
    rows = [{t("ch11.col.run"): f"#{run.number}", t("ch11.col.model"): t(f"ch11.model.{run.config['model']}"),
             t("ch11.col.weights"): f"{blocks_and_count(run.config['model'])[1]:,}",
             t("ch11.col.acc"): f"{run.final.get('test/acc', math.nan):.2%}",
             t("ch11.col.epochs"): run.epochs_done,
             t("ch11.col.per_epoch"): f"{run.training_time / run.epochs_done:.1f}"} for run in reversed(runs)]
    st.dataframe(rows, hide_index=True, key="ac-side-by-side")


def train_tab(tensors) -> None:
    """The course's settings, the live controls, chapter 9's curves and confusion matrix, the runs side by side."""
    st.markdown(t("ch11.train_intro"))
    cfg = mnist_live.cnn_settings(SLOT, "ac", lambda: st.radio(
        t("ch11.model"), MODELS, format_func=lambda name: t(f"ch11.model.{name}"), key="ac-model", bind=URL,
        help=t("ch11.model.help")), blocks_table)
    runner = live.session_runner(SLOT, cfg)
    live.controls(SLOT, runner, cfg)

    def draw(state):
        mnist_live.progress_and_curves(state, runner.cfg, "ac")
        mnist_live.stuck_note(state, runner.cfg, "ch11.stuck")
        st.subheader(t("ch11.side_title"))
        side_by_side(state)
        mnist_live.evaluation_or_note(state, tensors, "ac")

    live.live_view(SLOT, runner, draw, refresh_s=REFRESH_S, rerun_on_eval=True)  # keeps the maps tab current
    show_code(runner.cfg, SLOT)
    st.caption(t("ch11.cli", model=runner.cfg.model))


def sees_tab(tensors) -> None:
    """For one test digit, each block's output maps, as of the last evaluation (the seeded start before one)."""
    st.markdown(t("ch11.sees_intro"))
    index = st.number_input(t("ch11.digit_index"), 0, len(tensors.y_test) - 1, 0, key="ac-see-index", bind=URL)
    runner = st.session_state["runners"][SLOT]
    state = runner.state()
    evals = state.of_kind("eval")
    model = runner.latest_model() if evals else None
    if model is None:  # before the first evaluation: the seeded starting weights the run begins from
        model = starting_model(runner.cfg)
        st.caption(t("ch11.sees_untrained", seed=runner.cfg.seed))
    else:
        st.caption(t("ch11.sees_epoch", epoch=evals[-1]["epoch"], acc=evals[-1]["test/acc"]))
    look, shown = (int(index), runner.cfg.model, lang(), is_on()), tuple(evals[-1:])
    for name, maps in block_maps(model, tensors.x_test[int(index)]):
        title = t("ch11.maps_title", name=name, shape=" × ".join(map(str, maps.shape)))
        st.plotly_chart(live.reused_figure(f"ac-maps-{name}", shown, look, lambda: sized(maps_figure(
            maps, title, columns=11 if len(maps) > 40 else 10))), key=f"ac-maps-{name}-chart")
