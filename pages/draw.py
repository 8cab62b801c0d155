"""Draw a digit: MNIST models read it after every stroke, and every preprocessing step is on show."""

import streamlit as st

from ui.draw import canvas, default_models, gallery, models, teaching
from ui.i18n import t

st.title(t("draw.title"))
st.caption(t("draw.intro"))
loaded = default_models.loaded_or_building()
teaching.finish()
offer = models.on_offer(loaded)

left, right = st.columns([5, 7], gap="large")
with left:
    drawing = canvas.drawing()
with right:
    chosen = models.picker(offer)
    probs = canvas.prediction(drawing, offer, chosen)

canvas.what_it_sees(drawing, offer, chosen, probs)
gallery.panel(drawing.empty, offer, chosen)
teaching.panel(offer, chosen)
models.mine(offer)
default_models.how_well(loaded, offer)
