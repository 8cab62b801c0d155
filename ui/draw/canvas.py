"""/draw's canvas and what the models make of it: the prediction with its probabilities, every preprocessing stage,
the naive resize and the 28×28 numbers."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from core.data import MNIST_MEAN, MNIST_STD
from core.inference import read_digit
from core.preprocess import BOX, FIELD, Preprocessed, naive_resize, preprocess
from ui import figures_draw as fd
from ui.draw import state
from ui.draw.models import Offer
from ui.draw.state import URL
from ui.i18n import lang, t
from ui.lecture import sized

CANVAS_PX = 280


@dataclass(frozen=True, eq=False)
class Drawing:
    """The canvas as drawn (RGBA, None before the first stroke), its preprocessing, and the certainty asked for."""

    image: np.ndarray | None
    seen: Preprocessed | None
    threshold: float

    @property
    def empty(self) -> bool:
        return self.seen is None or self.seen.is_empty


def drawing() -> Drawing:
    """The pen, the canvas and the reading settings."""
    pen = st.slider(t("draw.pen"), 6, 40, 20, key="draw_pen", bind=URL, help=t("draw.pen.help"))
    canvas = st_canvas(stroke_width=pen, stroke_color="#FFFFFF", background_color="#000000", height=CANVAS_PX,
                       width=CANVAS_PX, drawing_mode="freedraw", update_streamlit=True, return_image_data=True,
                       key=state.canvas_key())
    st.button(t("draw.clear"), on_click=state.clear_canvas, icon=":material/ink_eraser:", key="draw_clear")
    threshold = st.slider(t("draw.threshold"), 0.3, 0.95, 0.6, 0.05, key="draw_threshold", bind=URL,
                          help=t("draw.threshold.help"))
    pen_adjust = st.toggle(t("draw.pen_adjust"), value=True, key="draw_pen_adjust", bind=URL,
                           help=t("draw.pen_adjust.help"))
    image = canvas.image_data
    return Drawing(image, preprocess(image, normalise_thickness=pen_adjust) if image is not None else None, threshold)


def prediction(drawing: Drawing, offer: Offer, chosen: list[str]) -> dict[str, np.ndarray]:
    """What the chosen models read (the first one's answer up front) and their ten probabilities each; the
    reading is kept for the gallery and /convolution."""
    probs = {} if drawing.empty else read_digit({m: offer.models[m] for m in chosen}, drawing.seen.tensor)
    main = offer.name_of(chosen[0]) if chosen else None
    top = None if drawing.empty or not chosen else (int(probs[chosen[0]].argmax()), float(probs[chosen[0]].max()))
    cols = st.columns([2, 5])
    cols[0].metric(t("draw.prediction"), "—" if top is None else str(top[0]),
                   help=t("draw.prediction.help", model=main) if main else None)
    with cols[1]:
        if drawing.empty:
            st.caption(t("draw.empty"))
        elif top is not None and top[1] < drawing.threshold:
            st.warning(t("draw.not_sure", model=main, digit=top[0], p=top[1]), icon="🤔")
        elif top is not None:
            st.success(t("draw.sure", model=main, digit=top[0], p=top[1]))
    if len(chosen) > 1 and not drawing.empty:
        for col, model_id in zip(st.columns(len(chosen)), chosen):
            col.metric(offer.name_of(model_id), str(int(probs[model_id].argmax())),
                       t("draw.sure_delta", p=float(probs[model_id].max())), delta_color="off", delta_arrow="off")
    bars = {offer.name_of(m): probs[m] if probs else [0.0] * 10 for m in chosen}
    st.plotly_chart(sized(fd.probability_bars(bars, drawing.threshold, lang=lang())), key="draw_probs",
                    config={"displayModeBar": False})
    if top is not None:
        state.keep_reading(drawing.seen.centred, drawing.image, top[0], {m: int(probs[m].argmax()) for m in chosen})
    return probs


def what_it_sees(drawing: Drawing, offer: Offer, chosen: list[str], probs: dict[str, np.ndarray]) -> None:
    """Every preprocessing stage, and on request the naive resize and the numbers a model is given."""
    st.subheader(t("draw.sees"))
    if drawing.empty:
        st.caption(t("draw.sees.empty", box=BOX, field=FIELD))
    else:
        pictures = fd.stages(drawing.seen, CANVAS_PX, MNIST_MEAN, MNIST_STD, lang=lang())
        for col, (picture, caption) in zip(st.columns(len(pictures)), pictures):
            col.image(picture, caption=caption)
    # Both toggles are drawn even on an empty canvas (disabled), so their URL values survive until a digit is drawn.
    naive_on = st.toggle(t("draw.naive", canvas=CANVAS_PX, field=FIELD), key="draw_naive", bind=URL,
                         disabled=drawing.empty)
    if naive_on and not drawing.empty:
        naive = naive_resize(drawing.image)
        naive_probs = read_digit({m: offer.models[m] for m in chosen}, naive) if chosen else {}
        col_image, col_text = st.columns([1, 4])
        col_image.image(fd.tensor_picture(naive[0].numpy()), caption=t("draw.naive.caption"))
        with col_text:
            for model_id, p in naive_probs.items():
                digit = int(p.argmax())
                verdict = t("draw.naive.same") if digit == int(probs[model_id].argmax()) else t("draw.naive.different")
                st.markdown(t("draw.naive.reads", model=offer.name_of(model_id), digit=digit, p=float(p.max()),
                              verdict=verdict))
            st.caption(t("draw.naive.why"))
    if st.toggle(t("draw.numbers"), key="draw_numbers", bind=URL, disabled=drawing.empty) and not drawing.empty:
        values = drawing.seen.tensor[0].numpy()
        st.plotly_chart(sized(fd.pixel_heatmap(values, t("draw.numbers.title"), lang=lang())),
                        key="draw_heatmap", config={"displayModeBar": False})
        st.dataframe(pd.DataFrame(values).round(2))
