"""Draw a digit: MNIST models read it after every stroke, and every preprocessing step is on show."""

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from core import defaults
from core.checkpoints import models_dir
from core.data import MNIST_MEAN, MNIST_STD
from core.preprocess import BOX, FIELD, naive_resize, preprocess
from ui import figures_draw as fd

CANVAS_PX = 280
SESSION_MODEL_KEY = "session_mnist_model"  # set by /softmax-mnist: {"name", "model", "config", "test_acc"}

st.session_state.setdefault("draw_round", 0)  # bumping it gives the canvas a new key: an empty canvas
st.session_state.setdefault("draw_gallery", [])


@st.cache_resource(show_spinner=False)
def load_default_models(directory: str, stamp: tuple) -> dict[str, defaults.DefaultModel]:
    """Shared by every session; `stamp` (file times) makes a rebuilt checkpoint load afresh."""
    return defaults.load_defaults(Path(directory))


@st.cache_resource(show_spinner=False)
def load_user_model(path: str, stamp: int):
    return defaults.load_mnist_checkpoint(Path(path))


@st.cache_resource(show_spinner=False)
def default_builder(directory: str) -> defaults.BackgroundBuild:
    """One background build per server, whichever session opened the page first."""
    return defaults.BackgroundBuild(Path(directory))


def file_stamp(path: Path) -> int | None:
    return path.stat().st_mtime_ns if path.exists() else None


def default_models() -> dict[str, defaults.DefaultModel] | None:
    """The default MLP and CNN, or None while they are missing or unreadable."""
    directory = models_dir()
    stamp = tuple(file_stamp(defaults.checkpoint_path(name, directory)) for name in defaults.NAMES)
    if None in stamp:
        return None
    try:
        return load_default_models(str(directory), stamp)
    except ValueError:
        return None


def building_notice() -> None:
    """Set-up was skipped: train the defaults in the background and show how far it got."""
    build = default_builder(str(models_dir()))
    build.start()

    @st.fragment(run_every=0.5)
    def progress():
        if build.error:
            st.error(f"Building the default models failed: {build.error}. "
                     "Run `python -m core.defaults ensure` in a terminal to see the details.")
            return
        st.progress(min(build.fraction, 1.0), text=f"Training the default models: {build.message}")
        if not build.running:
            st.rerun()

    st.info("First visit: the default MLP and CNN are being trained on MNIST (a few minutes on a laptop CPU). "
            "`make run` or `python -m core.defaults ensure` does this ahead of time.", icon="⏳")
    progress()


def clear_canvas() -> None:
    st.session_state.draw_round += 1
    st.session_state.pop("draw_reading", None)


def add_to_gallery() -> None:
    """Keep the current drawing with its true label (the learner's correction, else the prediction)."""
    reading = st.session_state.get("draw_reading")
    if reading is None:
        return
    truth = st.session_state.get("draw_truth")
    label = reading["main_digit"] if truth is None else int(truth)
    st.session_state.draw_gallery.append({"image": reading["image"], "canvas": reading["canvas"], "label": label,
                                          "predictions": reading["digits"]})
    st.session_state.draw_truth = None
    clear_canvas()


def available_models(defaults_loaded) -> tuple[dict, list[str]]:
    """Display name -> model for every model that can read digits, and the problems to report."""
    models, problems = {}, []
    if defaults_loaded:
        for default in defaults_loaded.values():
            models[default.label] = default.model
    session = st.session_state.get(SESSION_MODEL_KEY)
    if session and session.get("model") is not None:
        accuracy = session.get("test_acc")
        models[f"This session: {session.get('name', 'model')}"
               + (f" ({accuracy:.1%})" if accuracy is not None else "")] = session["model"]
    for path in defaults.user_checkpoints():
        try:
            model, cfg, metrics = load_user_model(str(path), file_stamp(path))
        except ValueError as error:
            problems.append(f"`{path.name}` cannot be used: {error}")
            continue
        models[f"Saved: {path.stem} ({cfg.model.upper()})"] = model
    return models, problems


st.title("✏️ Draw a digit")
st.caption("Draw one digit, 0–9, with the mouse. After every stroke the models read it: the same 28×28 numbers "
           "an MNIST model was trained on, made from your drawing step by step below.")

loaded = default_models()
if loaded is None:
    building_notice()
models, problems = available_models(loaded)
for problem in problems:
    st.warning(problem, icon="⚠️")

left, right = st.columns([5, 7], gap="large")
with left:
    pen = st.slider("Pen width", 6, 40, 20, key="draw_pen", help="Thicker or thinner strokes change what the "
                    "model sees; preprocessing scales the digit, so the pen's width relative to it matters.")
    canvas = st_canvas(stroke_width=pen, stroke_color="#FFFFFF", background_color="#000000", height=CANVAS_PX,
                       width=CANVAS_PX, drawing_mode="freedraw", update_streamlit=True, return_image_data=True,
                       key=f"draw_canvas_{st.session_state.draw_round}")
    st.button("Clear", on_click=clear_canvas, icon=":material/ink_eraser:", key="draw_clear")
    threshold = st.slider("Not-sure threshold", 0.3, 0.95, 0.6, 0.05, key="draw_threshold",
                          help="Below this top probability the page says the model is not sure.")
    pen_adjust = st.toggle("Make the pen width MNIST-like", value=True, key="draw_pen_adjust",
                           help="A mouse pen is thick for a small digit; MNIST strokes are about 1/8 of the digit's "
                                "size. Switch off to see what the models make of your pen as it is.")

image = canvas.image_data
reading = preprocess(image, normalise_thickness=pen_adjust) if image is not None else None
empty = reading is None or reading.is_empty
names = list(models)

with right:
    chosen = st.multiselect("Models (the first one gives the main prediction)", names,
                            default=[n for n in names if not n.startswith("Saved")], key="draw_models",
                            help="The defaults, the model you trained on *9 · Softmax on MNIST* in this session, "
                                 "and checkpoints saved under models/user/.")
    if not chosen:
        st.info("Pick at least one model above.")
    probs = {} if empty else defaults.read_digit({n: models[n] for n in chosen}, reading.tensor)
    main = chosen[0] if chosen else None
    top = None if empty or not chosen else (int(probs[main].argmax()), float(probs[main].max()))
    cols = st.columns([2, 5])
    cols[0].metric("Prediction", "—" if top is None else str(top[0]),
                   help=f"What {main} reads" if main else None)
    with cols[1]:
        if empty:
            st.caption("Draw a digit on the black square.")
        elif top is not None and top[1] < threshold:
            st.warning(f"Not sure: {main} gives its best guess, {top[0]}, only {top[1]:.0%}. "
                       "Try a bigger, centred digit, or look at the bars: what else could it be?", icon="🤔")
        elif top is not None:
            st.success(f"{main} is {top[1]:.0%} sure it is a **{top[0]}**.")
    if len(chosen) > 1 and not empty:
        for col, name in zip(st.columns(len(chosen)), chosen):
            col.metric(name, str(int(probs[name].argmax())), f"{float(probs[name].max()):.0%} sure",
                       delta_color="off", delta_arrow="off")
    st.plotly_chart(fd.probability_bars({n: probs[n] for n in chosen} if probs else {n: [0.0] * 10 for n in chosen},
                                        threshold), key="draw_probs", config={"displayModeBar": False})

if not empty and chosen:
    st.session_state.draw_reading = {
        "image": reading.centred, "canvas": image, "main_digit": top[0],
        "digits": {n: int(probs[n].argmax()) for n in chosen},
    }

st.subheader("What the model sees")
if empty:
    st.caption("Each step of the MNIST procedure appears here once you draw: crop the ink, scale its longer side "
               f"to {BOX} px, centre it by its centre of mass in a {FIELD}×{FIELD} field, normalise.")
else:
    pictures = fd.stages(reading, CANVAS_PX, MNIST_MEAN, MNIST_STD)
    for col, (picture, caption) in zip(st.columns(len(pictures)), pictures):
        col.image(picture, caption=caption)
    naive_on = st.toggle(f"Compare: what if the {CANVAS_PX}×{CANVAS_PX} canvas were just shrunk to {FIELD}×{FIELD}?",
                         key="draw_naive")
    if naive_on:
        naive = naive_resize(image)
        naive_probs = defaults.read_digit({n: models[n] for n in chosen}, naive) if chosen else {}
        col_image, col_text = st.columns([1, 4])
        col_image.image(fd.tensor_picture(naive[0].numpy()), caption="naive resize: the whole canvas at 28×28")
        with col_text:
            for name, p in naive_probs.items():
                digit = int(p.argmax())
                verdict = "same as with preprocessing" if digit == int(probs[name].argmax()) else "**different**"
                st.markdown(f"- {name}: reads **{digit}** ({float(p.max()):.0%} sure), {verdict}")
            st.caption("MNIST digits are about 20 px tall and centred; a small or off-centre drawing shrunk whole "
                       "lands somewhere the model never saw a digit.")
    if st.toggle("Show the 28×28 numbers the model reads", key="draw_numbers"):
        values = reading.tensor[0].numpy()
        st.plotly_chart(fd.pixel_heatmap(values, "normalised input (what the first layer multiplies)"),
                        key="draw_heatmap", config={"displayModeBar": False})
        st.dataframe(pd.DataFrame(values).round(2))

st.subheader("That's wrong? Teach the gallery")
gallery = st.session_state.draw_gallery
col_pick, col_add = st.columns([3, 2], vertical_alignment="bottom")
col_pick.selectbox("That's wrong — it was a …", list(range(10)), index=None, key="draw_truth",
                   placeholder="leave empty if the prediction is right")
col_add.button("Add to gallery", on_click=add_to_gallery, disabled=empty or not chosen, key="draw_add",
               help="Keeps this drawing with its true label and every model's guess; the canvas clears.")
if gallery:
    per_row = 8
    for start in range(0, len(gallery), per_row):
        for col, entry in zip(st.columns(per_row), gallery[start:start + per_row]):
            guesses = " · ".join(f"{name.split()[0]} {digit}" for name, digit in entry["predictions"].items())
            col.image(fd.enlarge(fd.to_rgb(entry["image"]), 84), caption=f"true {entry['label']} · {guesses}")
    right_counts = {}
    for entry in gallery:
        for name, digit in entry["predictions"].items():
            hits, total = right_counts.get(name, (0, 0))
            right_counts[name] = (hits + (digit == entry["label"]), total + 1)
    st.caption("Right so far: " + ", ".join(f"{n} {h}/{t}" for n, (h, t) in right_counts.items()))
    col_npz, col_png, col_empty = st.columns(3)
    col_npz.download_button("Download drawings (NPZ)", lambda: fd.gallery_npz(list(gallery)),
                            "torchplay-drawings.npz", mime="application/octet-stream", key="draw_npz", on_click="ignore",
                            help="images (N,28,28) as the model saw them, raw canvases, labels, predictions")
    col_png.download_button("Download contact sheet (PNG)", lambda: fd.contact_sheet(list(gallery)),
                            "torchplay-drawings.png", mime="image/png", key="draw_png", on_click="ignore")
    col_empty.button("Empty the gallery", on_click=gallery.clear, key="draw_empty_gallery")
else:
    st.caption("Label a drawing to start a gallery of your own handwriting; download it to test models on it later.")

if loaded:
    with st.expander("How well do the default models read drawn digits?"):
        rows = []
        for default in loaded.values():
            metrics = default.metrics
            rows.append({
                "model": default.label,
                "MNIST test accuracy": metrics.get("test/acc"),
                "drawn digits, this page's preprocessing": metrics.get("heldout/acc"),
                "drawn digits, naive resize": metrics.get("heldout/acc_naive"),
            })
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="draw_accuracy",
                     column_config={c: st.column_config.NumberColumn(format="percent") for c in rows[0] if c != "model"})
        n = next(iter(loaded.values())).metrics.get("heldout/n")
        st.caption(f"Drawn digits: {n or 'a set of'} held-out digits that are not MNIST (replayed pen strokes and "
                   "handwriting fonts, bench/handwriting.py). Both models were trained with random slants, sizes and "
                   "pen widths (augmentation). Rebuild them yourself with:")
        st.code("\n".join(defaults.cli_command(d.config, defaults.shown_path(defaults.checkpoint_path(name)))
                          for name, d in loaded.items()), language="bash")
