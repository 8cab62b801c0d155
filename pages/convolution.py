"""Chapter 10 · Convolutional networks: a convolution by hand, the course's CNN trained live, what it sees."""

import numpy as np
import streamlit as st

from core import data
from core.config import default_config
from core.convolution import (COURSE_INPUT, KERNEL_PRESETS, KERNEL_SIZES, cell_terms, channels_example, explore,
                              feature_maps, first_filters, kernel_from_text, kernel_preset, kernel_text,
                              layer_shapes, output_size, starting_model)
from core.models import build_model, parameter_count
from ui import live, mnist_live
from ui.compare import compare_runs
from ui.export import show_code
from ui.figures_ch10 import channels_figure, convolution_figure, maps_figure, pooling_figure
from ui.i18n import lang, t
from ui.lecture import is_on, sized

SLOT = "cv-train"
MODELS = ("course-cnn", "course-cnn-exercise")  # shown as ch10.model.<name>
INPUTS = ("course", "digit", "drawing")  # shown as ch10.input.<name>
TRAIN_SUBSETS = (1000, 3000, 6000, 12000, 30000, 60000)
BATCH_SIZES = (16, 32, 64, 128, 256)
REFRESH_S = 1.0  # as chapter 9's page: the charts' redraws compete with the training thread
KERNEL = "cv-kernel"  # the kernel's text; a preset or a size change writes it
URL = "query-params"  # every setting is bound to the URL, so a link restores the page as it was


@st.cache_resource(show_spinner=False)
def mnist():
    """Both splits once per server process, shared read-only by every session."""
    return data.load_mnist()


def mnist_or_none():
    """The tensors, or None after saying how to fetch MNIST."""
    try:
        return mnist()
    except ValueError:
        st.error(t("ch10.no_mnist", dir=data.mnist_status()["dir"]), icon="📂")
        return None


def use_preset() -> None:
    """A preset or kernel size chosen: the kernel's text becomes that preset at that size."""
    st.session_state[KERNEL] = kernel_text(kernel_preset(st.session_state["cv-preset"],
                                                         st.session_state["cv-kernel-size"]))


def terms_line(terms, total: float, cell: tuple[int, int]) -> str:
    """out[r, c] = x·w + x·w + ... = total, padding cells shown as 0."""
    shown = lambda v: f"{v + 0.0:.3g}" if v >= 0 else f"({v:.3g})"  # noqa: E731 (+ 0.0: no "-0")
    products = " + ".join(f"{shown(x)}·{shown(w)}" for _, _, x, w in terms)
    return f"{t('ch10.out_cell', r=cell[0], c=cell[1])} = {products} = **{total:.4g}**"


def hand_tab(tensors) -> None:
    """Input, kernel, padding and stride chosen by the learner; output, one cell's sum and pooling by hand."""
    st.markdown(t("ch10.hand_intro"))
    source_col, index_col, size_col, preset_col = st.columns([2, 1, 1, 2])
    source = source_col.radio(t("ch10.input"), INPUTS, format_func=lambda name: t(f"ch10.input.{name}"),
                              horizontal=True, key="cv-input", bind=URL)
    index = index_col.number_input(t("ch10.digit_index"), 0, 9999, 0, key="cv-index", bind=URL,
                                   disabled=source != "digit" or tensors is None)
    size_col.radio(t("ch10.kernel_size"), KERNEL_SIZES, format_func=lambda k: f"{k}×{k}", horizontal=True,
                   key="cv-kernel-size", bind=URL, on_change=use_preset)
    preset_col.selectbox(t("ch10.preset"), list(KERNEL_PRESETS), format_func=lambda name: t(f"ch10.preset.{name}"),
                         key="cv-preset", bind=URL, on_change=use_preset, help=t("ch10.preset.help"))
    st.session_state.setdefault(KERNEL, kernel_text(kernel_preset(st.session_state["cv-preset"],
                                                                  st.session_state["cv-kernel-size"])))
    text_col, padding_col, stride_col = st.columns([2, 1, 1])
    typed = text_col.text_area(t("ch10.kernel_cells"), key=KERNEL, height=140, bind=URL, help=t("ch10.kernel.help"))
    padding = padding_col.slider(t("ch10.padding"), 0, 4, 0, key="cv-padding", bind=URL, help=t("ch10.padding.help"))
    stride = stride_col.slider(t("ch10.stride"), 1, 8, 1, key="cv-stride", bind=URL, help=t("ch10.stride.help"))
    drawing = st.session_state.get("draw_reading")  # the digit last drawn on /draw, 28×28 like MNIST's
    if source == "drawing" and drawing is None:
        st.info(t("ch10.no_drawing"), icon="✏️")
    if source == "drawing" and drawing is not None:
        image = np.asarray(drawing["image"], dtype=np.float32)
    elif source == "digit" and tensors is not None:
        image = tensors.images_test[int(index)].numpy() / 255.0  # grey levels 0..1, as ToTensor() gives
    else:
        image = COURSE_INPUT
    try:
        kernel = kernel_from_text(typed)
        found = explore(image, kernel, padding, stride)
    except ValueError as error:
        st.error(t("ch10.bad", problem=str(error)), icon="⚠️")
        return
    size = found["size"]
    width, k = len(image), kernel.shape[0]
    row_col, col_col = st.columns(2)
    row = row_col.slider(t("ch10.cell_row"), 0, max(size - 1, 1), 0, key="cv-row", bind=URL, disabled=size == 1)
    col = col_col.slider(t("ch10.cell_col"), 0, max(size - 1, 1), 0, key="cv-col", bind=URL, disabled=size == 1)
    cell = (min(row, size - 1), min(col, size - 1))
    st.plotly_chart(sized(convolution_figure(image, kernel, found["output"], padding, stride, cell, lang=lang())),
                    key="cv-conv-chart")
    terms = cell_terms(image, kernel, padding, stride, *cell)
    st.markdown(t("ch10.terms", n=len(terms)))
    st.markdown(terms_line(terms, found["output"][cell], cell))
    st.latex(rf"\left\lfloor \frac{{W - K + 2P}}{{S}} \right\rfloor + 1 = \left\lfloor \frac{{{width} - {k} + "
             rf"2 \cdot {padding}}}{{{stride}}} \right\rfloor + 1 = {output_size(width, k, padding, stride)}")
    st.caption(t("ch10.check", shape=found["torch_shape"], diff=found["max_diff"]))

    st.subheader(t("ch10.pool_title"))
    if found["pool_error"]:
        st.info(t("ch10.pool_too_small", problem=found["pool_error"]))
    else:
        st.plotly_chart(sized(pooling_figure(found["output"], found["pooled"], found["winners"], lang=lang())),
                        key="cv-pool-chart")
        st.caption(t("ch10.pool_check", diff=found["pool_max_diff"]))

    st.subheader(t("ch10.channels_title"))
    st.markdown(t("ch10.channels_intro"))
    example = channels_example(COURSE_INPUT, kernel)
    st.plotly_chart(sized(channels_figure(example, lang=lang())), key="cv-channels-chart")
    st.caption(t("ch10.channels_check", shape=" × ".join(map(str, example["torch"].shape)),
                 diff=float(abs(example["output"] - example["torch"]).max())))


@st.cache_data(show_spinner=False)
def shapes_and_count(model_name: str) -> tuple[list, int]:
    """layer_shapes and the parameter count of an MNIST model, once per server (building the MLP takes a while)."""
    model = build_model(default_config("mnist", model=model_name))
    return layer_shapes(model), parameter_count(model)


def shapes_table(model_name: str) -> None:
    """The shape after every layer and each layer's parameters, beside chapter 9's MLP."""
    shapes, count = shapes_and_count(model_name)
    rows = [{t("ch10.col.layer"): name, t("ch10.col.shape"): " × ".join(map(str, shape)),
             t("ch10.col.params"): f"{params:,}"} for name, shape, params in shapes]
    table_col, count_col = st.columns([2, 1])
    table_col.dataframe(rows, hide_index=True, key="cv-shapes")
    count_col.metric(t("ch10.params", model=t(f"ch10.model.{model_name}")), f"{count:,}")
    count_col.metric(t("ch10.params_mlp"), f"{shapes_and_count('mlp')[1]:,}")


def train_tab(tensors) -> None:
    """The course's settings, the live controls, chapter 9's curves and confusion matrix, the compare panel."""
    st.markdown(t("ch10.train_intro"))
    model_col, epochs_col, subset_col = st.columns([2, 1, 2])
    model_name = model_col.radio(t("ch10.model"), MODELS, format_func=lambda name: t(f"ch10.model.{name}"),
                                 key="cv-model", bind=URL, help=t("ch10.model.help"))
    epochs = epochs_col.number_input(t("ch10.epochs"), 1, 50, 10, key="cv-epochs", bind=URL)
    train_subset = subset_col.select_slider(
        t("ch10.train_subset"), TRAIN_SUBSETS, value=60000, key="cv-train-subset", bind=URL,
        format_func=lambda v: f"{v // 1000}k", help=t("ch10.train_subset.help"))
    lr_col, momentum_col, batch_col = st.columns(3)
    with lr_col:
        lr = live.lr_slider(t("ch10.lr"), key="cv-lr", default=0.01)
    momentum = momentum_col.slider(t("ch10.momentum"), 0.0, 0.95, 0.5, step=0.05, key="cv-momentum", bind=URL)
    batch_size = batch_col.select_slider(t("ch10.batch"), BATCH_SIZES, value=64, key="cv-batch", bind=URL)
    shapes_table(model_name)
    cfg = live.checked_config(SLOT, "mnist", model=model_name, epochs=int(epochs), lr=lr, momentum=momentum,
                              batch_size=batch_size, train_subset=0 if train_subset == 60000 else train_subset,
                              log_every=max(1, min(300, (train_subset // batch_size) // 4)))
    runner = live.session_runner(SLOT, cfg)
    live.controls(SLOT, runner, cfg)

    def draw(state):
        mnist_live.progress_and_curves(state, runner.cfg, "cv")
        mnist_live.evaluation_or_note(state, tensors, "cv")

    live.live_view(SLOT, runner, draw, refresh_s=REFRESH_S)
    show_code(runner.cfg, SLOT)
    compare_runs(SLOT, runner, refresh_s=REFRESH_S)


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

    live.live_view(f"{SLOT}-sees", runner, draw, refresh_s=REFRESH_S)


st.title(t("ch10.title"))
st.markdown(t("ch10.intro"))
hand, train, sees = st.tabs([t("ch10.tab.hand"), t("ch10.tab.train"), t("ch10.tab.sees")])
tensors = mnist_or_none()
with hand:
    hand_tab(tensors)
if tensors is not None:
    with train:
        train_tab(tensors)
    with sees:
        sees_tab(tensors)
