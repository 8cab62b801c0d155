"""Chapter 10's convolution by hand: input, kernel, padding and stride chosen by the learner; the output cell they
click (or type as row and column) written out as a multiply-and-add; max pooling and channels by hand.

One `st.fragment`: an edit here reruns only this part of /convolution, not the training and feature-map tabs. It
writes nothing outside itself (the sidebar's link catches up at the next full run): its writes into the sidebar's link
slot are the suspected cause of /convolution's white pages ("Bad delta path index" in the front end).
"""

import numpy as np
import streamlit as st

from core.convolution import (COURSE_INPUT, COURSE_POOL_INPUT, KERNEL_PRESETS, KERNEL_SIZES, cell_terms,
                              channels_example, explore, kernel_from_text, kernel_preset, kernel_text, max_pool,
                              output_size)
from ui.draw import state as draw_state
from ui.figures_ch10 import OUTPUT_CELLS, channels_figure, convolution_figure, pooling_figure
from ui.i18n import lang, t
from ui.lecture import is_on, sized
from ui.live import reused_figure
from ui.presets import presets

INPUTS = ("course", "digit", "drawing")  # shown as ch10.input.<name>
KERNEL = "cv-kernel"  # the kernel's text; a preset or a size change writes it
CHART = "cv-conv-chart"
ROW, COL = "cv-row", "cv-col"  # the selected output cell: a click on the chart or the two inputs set it
URL = "query-params"  # every setting is bound to the URL, so a link restores the page as it was


def use_preset() -> None:
    """A preset or kernel size chosen: the kernel's text becomes that preset at that size."""
    st.session_state[KERNEL] = kernel_text(kernel_preset(st.session_state["cv-preset"],
                                                         st.session_state["cv-kernel-size"]))


def clicked_cell(selection) -> tuple[int, int] | None:
    """The (row, column) of the output cell a click selected, or None when the click selected none of them."""
    for point in selection.get("points", []):
        x, y = point.get("x"), point.get("y")
        if point.get("curve_number") == OUTPUT_CELLS and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 and v == int(v) for v in (x, y)):
            return int(y), int(x)
    return None


def pick_cell() -> None:
    """A click on the output map: that cell becomes the row and column inputs' values (a click beside the cells
    keeps the one selected before)."""
    cell = clicked_cell(st.session_state[CHART].selection)
    if cell is not None:
        st.session_state[ROW], st.session_state[COL] = cell


def terms_line(terms, total: float, cell: tuple[int, int]) -> str:
    """out[r, c] = x·w + x·w + ... = total, padding cells shown as 0."""
    shown = lambda v: f"{v + 0.0:.3g}" if v >= 0 else f"({v:.3g})"  # noqa: E731 (+ 0.0: no "-0")
    products = " + ".join(f"{shown(x)}·{shown(w)}" for _, _, x, w in terms)
    return f"{t('ch10.out_cell', r=cell[0], c=cell[1])} = {products} = **{total:.4g}**"


def chosen_image(source: str, index: int, tensors) -> np.ndarray:
    """The input grid the learner chose: the lecture's 5x5, a test digit or their drawing (grey levels 0..1)."""
    drawing = draw_state.reading()  # the digit last drawn on /draw, 28×28 like MNIST's
    if source == "drawing" and drawing is None:
        st.info(t("ch10.no_drawing"), icon="✏️")
    if source == "drawing" and drawing is not None:
        return np.asarray(drawing["image"], dtype=np.float64)
    if source == "digit" and tensors is not None:
        return tensors.images_test[int(index)].numpy() / 255.0  # as ToTensor() gives
    return np.asarray(COURSE_INPUT, dtype=np.float64)


@st.fragment
def explorer(tensors) -> None:
    """The whole "convolution by hand" tab; `tensors` is MNIST or None (then the digit input is off)."""
    presets("convolution-explorer", note="presets.applied_now")
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
    image = chosen_image(source, index, tensors)
    try:
        kernel = kernel_from_text(typed)
        found = explore(image, kernel, padding, stride)
    except ValueError as error:
        st.error(t("ch10.bad", problem=str(error)), icon="⚠️")
        return
    size = found["size"]
    width, k = len(image), kernel.shape[0]
    # Number inputs, not sliders: a slider's range is part of its identity, and a new identity takes its value from
    # the URL again, undoing a preset's cell. A cell left outside a smaller output moves to its last row or column.
    for key in (ROW, COL):
        if st.session_state.get(key, 0) > size - 1:
            st.session_state[key] = size - 1
    row_col, col_col, _ = st.columns([1, 1, 2])
    row = row_col.number_input(t("ch10.cell_row"), 0, size - 1, 0, key=ROW, bind=URL)
    col = col_col.number_input(t("ch10.cell_col"), 0, size - 1, 0, key=COL, bind=URL)
    cell = (int(row), int(col))
    st.caption(t("ch10.click_cell"))
    st.plotly_chart(sized(convolution_figure(image, kernel, found["output"], padding, stride, cell, lang=lang())),
                    key=CHART, on_select=pick_cell, selection_mode="points")
    terms = cell_terms(image, kernel, padding, stride, *cell)
    st.markdown(t("ch10.terms", n=len(terms)))
    st.markdown(terms_line(terms, found["output"][cell], cell))
    # One step a line: on one line a phone showed the result only after a sideways swipe.
    st.latex(rf"\begin{{aligned}} & \left\lfloor \frac{{W - K + 2P}}{{S}} \right\rfloor + 1 \\ = {{}} & "
             rf"\left\lfloor \frac{{{width} - {k} + 2 \cdot {padding}}}{{{stride}}} \right\rfloor + 1 \\ = {{}} & "
             rf"{output_size(width, k, padding, stride)} \end{{aligned}}")
    st.caption(t("ch10.check", shape=found["torch_shape"], diff=found["max_diff"]))

    # Pooling depends on the map only, the channels on the kernel only: a click or a padding change keeps them.
    look = (lang(), is_on())
    st.subheader(t("ch10.pool_title"))
    st.caption(t("ch10.pool_lecture"))
    st.plotly_chart(reused_figure("cv-pool-lecture", (), look, lambda: sized(pooling_figure(
        COURSE_POOL_INPUT, *max_pool(COURSE_POOL_INPUT), lang=lang(), height=260))), key="cv-pool-lecture-chart")
    if found["pool_error"]:
        st.info(t("ch10.pool_too_small", problem=found["pool_error"]))
    else:
        st.caption(t("ch10.pool_yours"))
        st.plotly_chart(reused_figure("cv-pool", (), (found["output"].tobytes(), found["output"].shape, look),
                                      lambda: sized(pooling_figure(found["output"], found["pooled"], found["winners"],
                                                                   lang=lang()))), key="cv-pool-chart")
        if size % 2:
            st.caption(t("ch10.pool_dropped", n=size, used=size - 1, half=size // 2))
        st.caption(t("ch10.pool_check", diff=found["pool_max_diff"]))

    st.subheader(t("ch10.channels_title"))
    st.markdown(t("ch10.channels_intro"))
    example = channels_example(COURSE_INPUT, kernel)
    st.plotly_chart(reused_figure("cv-channels", (), (kernel.tobytes(), kernel.shape, look),
                                  lambda: sized(channels_figure(example, lang=lang()))), key="cv-channels-chart")
    st.caption(t("ch10.channels_check", shape=" × ".join(map(str, example["torch"].shape)),
                 diff=float(abs(example["output"] - example["torch"]).max())))
