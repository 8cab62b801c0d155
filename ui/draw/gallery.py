"""/draw's gallery: drawings labelled with their true digit, a grid of them with each model's guess, downloads, and
a gallery file to upload."""

import numpy as np
import streamlit as st

from core.gallery import GalleryError, read_more
from ui import figures_draw as fd
from ui.draw import state
from ui.draw.models import Offer
from ui.draw.state import URL
from ui.i18n import t

PER_ROW = 8


def image_grid(pictures: list[tuple[np.ndarray, str]]) -> None:
    """28×28 drawings with their captions, PER_ROW to a row."""
    for start in range(0, len(pictures), PER_ROW):
        for col, (image, caption) in zip(st.columns(PER_ROW), pictures[start:start + PER_ROW]):
            col.image(fd.enlarge(fd.to_rgb(image), 84), caption=caption)


def add_to_gallery() -> None:
    """Keep the current drawing with its true label (the learner's correction, else the prediction)."""
    reading = state.reading()
    if reading is None:
        return
    truth = state.truth()
    label = reading["main_digit"] if truth is None else truth
    state.gallery().append({"image": reading["image"], "canvas": reading["canvas"], "label": label,
                            "predictions": reading["digits"]})
    state.forget_truth()
    state.clear_canvas()


def add_gallery_file() -> None:
    """Read an uploaded gallery file into the gallery; a file that is not one leaves a message and no change."""
    upload = state.upload()
    if upload is None:
        return
    try:
        entries = read_more(state.gallery(), upload.getvalue())
    except GalleryError as error:
        state.UPLOAD_MESSAGE.leave("error", t(f"draw.upload.error.{error.code}", **error.values))
        return
    state.gallery().extend(entries)
    state.UPLOAD_MESSAGE.leave("success", t("draw.upload.added", n=len(entries), name=upload.name))


def right_so_far(gallery: list[dict]) -> dict[str, tuple[int, int]]:
    """Model id -> (drawings it read right, drawings it was asked about)."""
    counts = {}
    for entry in gallery:
        for model_id, digit in entry["predictions"].items():
            hits, total = counts.get(model_id, (0, 0))
            counts[model_id] = (hits + (digit == entry["label"]), total + 1)
    return counts


def panel(empty: bool, offer: Offer, chosen: list[str]) -> None:
    """Label the drawing and add it; the gallery so far with its downloads; a gallery file to upload."""
    st.subheader(t("draw.gallery"))
    gallery = state.gallery()
    col_pick, col_add = st.columns([3, 2], vertical_alignment="bottom")
    col_pick.selectbox(t("draw.truth"), list(range(10)), index=None, key=state.TRUTH, bind=URL,
                       placeholder=t("draw.truth.placeholder"))
    col_add.button(t("draw.add"), on_click=add_to_gallery, disabled=empty or not chosen, key="draw_add",
                   help=t("draw.add.help"))
    if gallery:
        image_grid([(entry["image"], t("draw.entry", label=entry["label"], guesses=" · ".join(
            f"{offer.short_name(model_id)} {digit}" for model_id, digit in entry["predictions"].items())))
            for entry in gallery])
        counts = right_so_far(gallery)
        st.caption(t("draw.right_so_far", counts="; ".join(
            t("draw.right_count", model=offer.name_of(m), hits=h, total=n) for m, (h, n) in counts.items())))
        col_npz, col_png, col_empty = st.columns(3)
        col_npz.download_button(t("draw.npz"), lambda: fd.gallery_npz(list(gallery)), "torchplay-drawings.npz",
                                mime="application/octet-stream", key="draw_npz", on_click="ignore",
                                help=t("draw.npz.help"))
        col_png.download_button(t("draw.png"), lambda: fd.contact_sheet(list(gallery)), "torchplay-drawings.png",
                                mime="image/png", key="draw_png", on_click="ignore")
        col_empty.button(t("draw.empty_gallery"), on_click=gallery.clear, key="draw_empty_gallery")
    else:
        st.caption(t("draw.no_gallery"))
    st.file_uploader(t("draw.upload"), type=["npz"], key=state.UPLOAD, on_change=add_gallery_file,
                     help=t("draw.upload.help"))
    state.UPLOAD_MESSAGE.show()
