"""/draw's session state: every key the page keeps, named once, behind small accessors.

Widget keys that only the widget itself reads stay at the widget; the keys here are read or written elsewhere too
(callbacks, other features, other pages).
"""

import streamlit as st

from ui.flash import Flash

URL = "query-params"  # settings are bound to the URL, so a link restores them

SESSION_MODEL = "session_mnist_model"  # set by /softmax-mnist: {"name", "model", "config", "test_acc"}
ROUND = "draw_round"  # bumping it gives the canvas a new key: an empty canvas
READING = "draw_reading"  # the drawing last read: {"image", "canvas", "main_digit", "digits"}; /convolution shows it
GALLERY = "draw_gallery"  # labelled drawings: {"image", "canvas", "label", "predictions"}
TEACHING = "draw_teaching"  # a teaching run under way: {"job", "base", "config", "images"}
TUNED = "draw_tuned"  # its result, until the session ends: {"model", "taught", "base", "config", "images"}
SAVE_OFFER = "draw_save_offer"  # ("overwrite", name) or ("free", name) after a refused save of the tuned model
WAITED = "draw_waited"  # the page was drawn while the default models were being built

# Widgets whose values callbacks read.
PICKED = "draw_models"
TRUTH = "draw_truth"
UPLOAD = "draw_upload"
TEACH_MIX = "draw_teach_mix"
TUNED_NAME = "draw_tuned_name"
DELETE_PICK = "draw_delete_pick"

UPLOAD_MESSAGE = Flash("draw_upload_message")
TEACH_MESSAGE = Flash("draw_teach_message")
SAVE_MESSAGE = Flash("draw_save_message")
DELETE_MESSAGE = Flash("draw_delete_message")


def canvas_key() -> str:
    return f"draw_canvas_{st.session_state.setdefault(ROUND, 0)}"


def clear_canvas() -> None:
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.session_state.pop(READING, None)


def reading() -> dict | None:
    return st.session_state.get(READING)


def keep_reading(image, canvas, main_digit: int, digits: dict[str, int]) -> None:
    st.session_state[READING] = {"image": image, "canvas": canvas, "main_digit": main_digit, "digits": digits}


def gallery() -> list[dict]:
    """The gallery itself (not a copy): callbacks add to it and empty it."""
    return st.session_state.setdefault(GALLERY, [])


def truth() -> int | None:
    value = st.session_state.get(TRUTH)
    return None if value is None else int(value)


def forget_truth() -> None:
    st.session_state[TRUTH] = None


def upload():
    """The gallery file just uploaded (Streamlit's UploadedFile), or None."""
    return st.session_state.get(UPLOAD)


def mix_mnist() -> bool:
    return st.session_state.get(TEACH_MIX, True)


def delete_pick() -> str | None:
    return st.session_state.get(DELETE_PICK)


def picked() -> list[str] | None:
    """The model ids in the picker, or None before it has been drawn."""
    return st.session_state.get(PICKED)


def pick(model_ids: list[str]) -> None:
    st.session_state[PICKED] = model_ids


def forget_picked() -> None:
    """The picker starts again from its default (every model on offer)."""
    st.session_state.pop(PICKED, None)


def session_model() -> dict | None:
    return st.session_state.get(SESSION_MODEL)


def teaching() -> dict | None:
    return st.session_state.get(TEACHING)


def start_teaching(job, base: str, config, images: list) -> None:
    st.session_state[TEACHING] = {"job": job, "base": base, "config": config, "images": images}


def end_teaching() -> None:
    del st.session_state[TEACHING]


def tuned() -> dict | None:
    return st.session_state.get(TUNED)


def keep_tuned(model, taught, base: str, config, images: list) -> None:
    st.session_state[TUNED] = {"model": model, "taught": taught, "base": base, "config": config, "images": images}


def save_offer() -> tuple[str, str] | None:
    return st.session_state.get(SAVE_OFFER)


def offer_save(offer: tuple[str, str] | None) -> None:
    """Keep what a refused save offers next (None: nothing)."""
    if offer is None:
        st.session_state.pop(SAVE_OFFER, None)
    else:
        st.session_state[SAVE_OFFER] = offer


def tuned_name() -> str:
    return st.session_state.get(TUNED_NAME, "").strip()


def name_tuned(name: str) -> None:
    st.session_state[TUNED_NAME] = name


def mark_waited() -> None:
    st.session_state[WAITED] = True


def took_waited() -> bool:
    """Whether the page was drawn during the build, asked once."""
    return st.session_state.pop(WAITED, False)
