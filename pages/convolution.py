"""Chapter 10 · Convolutional networks: a convolution by hand, the course's CNN trained live, what it sees."""

import streamlit as st

from core.config import default_config
from core.convolution import feature_maps, first_filters, layer_shapes, starting_model
from core.models import parameter_count
from core.tasks import build_model
from ui import live, mnist_live
from ui.conv_explorer import explorer
from ui.export import show_code
from ui.figures_ch10 import maps_figure
from ui.i18n import lang, t
from ui.lecture import is_on, sized
from ui.presets import presets

SLOT = "cv-train"
MODELS = ("course-cnn", "course-cnn-exercise")  # shown as ch10.model.<name>
REFRESH_S = 1.0  # as chapter 9's page: the charts' redraws compete with the training thread
URL = "query-params"  # every setting is bound to the URL, so a link restores the page as it was
LAYER_WORDS = ("input", "pooling", "flatten")  # layer_shapes' rows that are words, not the model's code names


@st.cache_data(show_spinner=False)
def shapes_and_count(model_name: str) -> tuple[list, int]:
    """layer_shapes and the parameter count of an MNIST model, once per server (building the MLP takes a while)."""
    model = build_model(default_config("mnist", model=model_name))
    return layer_shapes(model), parameter_count(model)


def shapes_table(model_name: str) -> None:
    """The shape after every layer and each layer's parameters, beside chapter 9's MLP."""
    shapes, count = shapes_and_count(model_name)
    rows = [{t("ch10.col.layer"): t(f"ch10.layer.{name}") if name in LAYER_WORDS else name,
             t("ch10.col.shape"): " × ".join(map(str, shape)),
             t("ch10.col.params"): f"{params:,}"} for name, shape, params in shapes]
    table_col, count_col = st.columns([2, 1])
    table_col.dataframe(rows, hide_index=True, key="cv-shapes")
    count_col.metric(t("ch10.params", model=t(f"ch10.model.{model_name}")), f"{count:,}")
    count_col.metric(t("ch10.params_mlp"), f"{shapes_and_count('mlp')[1]:,}")


def train_tab(tensors) -> None:
    """The course's settings, the live controls, chapter 9's curves and confusion matrix, the compare panel."""
    presets("convolution")
    st.markdown(t("ch10.train_intro"))
    cfg = mnist_live.cnn_settings(SLOT, "cv", lambda: st.radio(
        t("ch10.model"), MODELS, format_func=lambda name: t(f"ch10.model.{name}"), key="cv-model", bind=URL,
        help=t("ch10.model.help")), shapes_table)
    runner = live.session_runner(SLOT, cfg)
    live.controls(SLOT, runner, cfg)

    def draw(state):
        mnist_live.progress_and_curves(state, runner.cfg, "cv")
        if runner.cfg.model == "course-cnn-exercise":  # the course's CNN leaves a guess's loss within an epoch
            mnist_live.stuck_note(state, runner.cfg, "ch10.exercise_stuck")
        mnist_live.evaluation_or_note(state, tensors, "cv")

    live.live_view(SLOT, runner, draw, refresh_s=REFRESH_S, rerun_on_eval=True)  # keeps the sees tab current
    show_code(runner.cfg, SLOT)


def sees_tab(tensors) -> None:
    """For one test digit, the first layer's filters and every conv layer's maps, as of the last evaluation."""
    st.markdown(t("ch10.sees_intro"))
    index = st.number_input(t("ch10.digit_index"), 0, len(tensors.y_test) - 1, 0, key="cv-see-index", bind=URL)
    runner = st.session_state["runners"][SLOT]

    def draw(state):
        evals = state.of_kind("eval")
        model = runner.latest_model() if evals else None
        if model is None:  # before the first evaluation: the seeded starting weights the run begins from
            cfg = runner.cfg
            model = starting_model(cfg)
            st.caption(t("ch10.sees_untrained", seed=cfg.seed))
        else:
            st.caption(t("ch10.sees_epoch", epoch=evals[-1]["epoch"], acc=evals[-1]["test/acc"]))
        look = (int(index), runner.cfg.model, lang(), is_on())
        shown = tuple(evals[-1:])
        digit = tensors.x_test[int(index)]
        st.plotly_chart(live.reused_figure("cv-filters", shown, look, lambda: sized(maps_figure(
            first_filters(model), t("ch10.filters_title")))), key="cv-filters-chart")
        for name, maps in feature_maps(model, digit):
            st.plotly_chart(live.reused_figure(f"cv-maps-{name}", shown, look, lambda: sized(maps_figure(
                maps, t("ch10.maps_title", name=name, shape=" × ".join(map(str, maps.shape)))))),
                key=f"cv-maps-{name}-chart")

    draw(runner.state())  # redrawn by the full rerun the training view asks for at each evaluation


st.title(t("ch10.title"))
st.markdown(t("ch10.intro"))
hand, train, sees = st.tabs([t("ch10.tab.hand"), t("ch10.tab.train"), t("ch10.tab.sees")])
tensors = mnist_live.mnist_or_none("ch10.works_without_mnist")
with hand:
    explorer(tensors)
if tensors is not None:
    with train:
        train_tab(tensors)
    with sees:
        sees_tab(tensors)
