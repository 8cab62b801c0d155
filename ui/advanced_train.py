"""Chapter 11's training tabs: the lecture's Inception and residual networks (and the exercise's block designs) trained
live beside chapter 10's CNN through the shared runner and live view, and each block's maps for one test digit."""

import math

import streamlit as st
import torch

from core.advanced_cnn import block_maps
from core.config import default_config
from core.convolution import starting_model
from core.loop import iterations_per_epoch
from core.models import parameter_count
from core.tasks import build_model, task_of
from ui import live, mnist_live
from ui.compare import history
from ui.export import show_code
from ui.figures_ch10 import maps_figure
from ui.i18n import lang, t
from ui.lecture import is_on, sized
from ui.phone import later

SLOT = "ac-train"
# shown as ch11.model.<name>: the lecture's two networks, the exercise's block designs, chapter 10's CNN to compare
MODELS = ("course-inception", "course-resnet", "course-resnet-relu-before-addition",
          "course-resnet-full-preactivation", "course-cnn")
TRAIN_SUBSETS = (1000, 3000, 6000, 12000, 30000, 60000)
BATCH_SIZES = (16, 32, 64, 128, 256)
REFRESH_S = 1.0  # as chapters 9 and 10: the charts' redraws compete with the training thread
URL = "query-params"
STUCK = 0.95  # a train loss this close to a guess's (ln 10) after an epoch: the network has not started learning


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


def stuck_note(state, cfg) -> None:
    """A run still at a guess's loss after an epoch (the Inception net on a quick look): why, and what gets it going."""
    last = state.latest("eval")
    if last is None or last["train/loss"] < STUCK * task_of(cfg).chance_loss:
        return
    st.info(t("ch11.stuck", loss=last["train/loss"], steps=state.latest("train")["iterations_per_epoch"],
              start=t("live.start"), reset=t("live.reset")), icon=":material/hourglass_top:")


def train_tab(tensors) -> None:
    """The course's settings, the live controls, chapter 9's curves and confusion matrix, the runs side by side."""
    st.markdown(t("ch11.train_intro"))
    model_col, epochs_col, subset_col = st.columns([2, 1, 2])
    model_name = model_col.radio(t("ch11.model"), MODELS, format_func=lambda name: t(f"ch11.model.{name}"),
                                 key="ac-model", bind=URL, help=t("ch11.model.help"))
    epochs = epochs_col.number_input(t("ch11.epochs"), 1, 50, 10, key="ac-epochs", bind=URL)
    train_subset = subset_col.select_slider(
        t("ch11.train_subset"), TRAIN_SUBSETS, value=60000, key="ac-train-subset", bind=URL,
        format_func=lambda v: f"{v // 1000}k", help=t("ch11.train_subset.help"))
    lr_col, momentum_col, batch_col = st.columns(3)
    with lr_col:
        lr = live.lr_slider(t("ch11.lr"), key="ac-lr", default=0.01)
    momentum = momentum_col.slider(t("ch11.momentum"), 0.0, 0.95, 0.5, step=0.05, key="ac-momentum", bind=URL)
    batch_size = batch_col.select_slider(t("ch11.batch"), BATCH_SIZES, value=64, key="ac-batch", bind=URL)
    with later("ac-blocks"):  # on a phone after the run's controls and charts, so that Start is on screen two
        blocks_table(model_name)
    cfg = live.checked_config(SLOT, "mnist", model=model_name, epochs=int(epochs), lr=lr, momentum=momentum,
                              batch_size=batch_size, train_subset=0 if train_subset == 60000 else train_subset,
                              log_every=min(300, math.ceil(iterations_per_epoch(train_subset, batch_size, False) / 4)))
    runner = live.session_runner(SLOT, cfg)
    live.controls(SLOT, runner, cfg)

    def draw(state):
        mnist_live.progress_and_curves(state, runner.cfg, "ac")
        stuck_note(state, runner.cfg)
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
