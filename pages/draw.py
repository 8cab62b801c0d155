"""Draw a digit: MNIST models read it after every stroke, and every preprocessing step is on show."""

import dataclasses
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from core import defaults, saved_models
from core.checkpoints import models_dir
from core.config import RunConfig
from core.data import MNIST_MEAN, MNIST_STD, load_mnist
from core.finetune import Teaching, TeachConfig, TooFewDrawings, budget_mode, check_gallery
from core.gallery import GalleryError, read_more, training_tensors
from core.inference import read_digit
from core.preprocess import BOX, FIELD, naive_resize, preprocess
from core.store import StoreError
from ui import figures_draw as fd, saved_models as saved
from ui.i18n import lang, t
from ui.lecture import sized
from ui.status import build_note

CANVAS_PX = 280
SESSION_MODEL_KEY = "session_mnist_model"  # set by /softmax-mnist: {"name", "model", "config", "test_acc"}
SESSION_ID = "session"  # model ids: a default's name, "session", "tuned", or a saved one's (ui.saved_models.PREFIX)
TUNED_ID = "tuned"  # the model taught this learner's handwriting, in this session only until saved
URL = "query-params"  # settings are bound to the URL, so a link restores them

st.session_state.setdefault("draw_round", 0)  # bumping it gives the canvas a new key: an empty canvas
st.session_state.setdefault("draw_gallery", [])


@st.cache_resource(show_spinner=False)
def load_default_models(directory: str, stamp: tuple) -> dict[str, defaults.DefaultModel]:
    """Shared by every session; `stamp` (file times) makes a rebuilt checkpoint load afresh."""
    return defaults.load_defaults(Path(directory))


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
            st.error(t("draw.build_failed", error=build.error))
            return
        st.progress(min(build.fraction, 1.0), text=t("draw.building", message=build_note(build.message)))
        if not build.running:
            st.rerun()

    st.info(t("draw.first_visit"), icon="⏳")
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


def available_models(defaults_loaded) -> tuple[dict, dict, dict, dict, list[str], list[str]]:
    """Model id -> model, display name, RunConfig and (scope, name) of a saved one; this session's saved ones;
    problems to report.

    Saved models are only listed here (load_chosen loads the ones picked). Widgets and the gallery keep ids, so
    switching the language keeps the learner's choice.
    """
    models, names, configs = {}, {}, {}
    if defaults_loaded:
        for default in defaults_loaded.values():
            models[default.name], names[default.name] = default.model, t(f"draw.model.{default.name}")
            configs[default.name] = default.config
    tuned = st.session_state.get("draw_tuned")
    if tuned:
        models[TUNED_ID], configs[TUNED_ID] = tuned["model"], tuned["config"]
        names[TUNED_ID] = t("draw.model.tuned", base=tuned["base"])
    session = st.session_state.get(SESSION_MODEL_KEY)
    if session and session.get("model") is not None:
        accuracy, name = session.get("test_acc"), session.get("name", "model")
        models[SESSION_ID], configs[SESSION_ID] = session["model"], RunConfig.from_dict(session["config"])
        names[SESSION_ID] = (t("draw.model.session", name=name) if accuracy is None
                             else t("draw.model.session_acc", name=name, acc=accuracy))
    saved_names, where, own, problems = saved.offered()
    return models, names | saved_names, configs, where, own, problems


def load_chosen(chosen: list[str]) -> list[str]:
    """Load the picked saved models into `models`; the ones that cannot be read are reported and left out."""
    usable = []
    for model_id in chosen:
        if model_id in where and model_id not in models:
            try:
                models[model_id], configs[model_id], _ = saved.load(*where[model_id])
            except (ValueError, StoreError) as error:
                st.warning(t("draw.unusable", file=where[model_id][1], error=error), icon="⚠️")
                continue
        if model_id in models:
            usable.append(model_id)
    return usable


def add_gallery_file() -> None:
    """Read an uploaded gallery file into the gallery; a file that is not one leaves a message and no change."""
    upload = st.session_state.get("draw_upload")
    if upload is None:
        return
    try:
        entries = read_more(st.session_state.draw_gallery, upload.getvalue())
    except GalleryError as error:
        st.session_state.draw_upload_message = ("error", t(f"draw.upload.error.{error.code}", **error.values))
        return
    st.session_state.draw_gallery.extend(entries)
    st.session_state.draw_upload_message = ("success", t("draw.upload.added", n=len(entries), name=upload.name))


def start_teaching(model, base: str, config) -> None:
    """Fine-tune a copy of the chosen model on the gallery in a background thread, or say what is missing."""
    gallery = list(st.session_state.draw_gallery)
    drawings, labels = training_tensors(gallery)
    try:
        check_gallery(labels)
    except TooFewDrawings as error:
        st.session_state.draw_teach_message = ("warning", t("draw.teach.too_few", digits=", ".join(
            str(d) for d in error.digits)) if error.digits else t("draw.teach.empty"))
        return
    cfg = TeachConfig.budget() if budget_mode() else TeachConfig()
    cfg = dataclasses.replace(cfg, mnist_share=cfg.mnist_share if st.session_state.get("draw_teach_mix", True)
                              else 0.0)
    st.session_state.draw_teaching = {"job": Teaching(model, drawings, labels, cfg, load_mnist), "base": base,
                                      "config": config, "images": [entry["image"] for entry in gallery]}


def finish_teaching() -> None:
    """A finished teaching run becomes the tuned model, picked at once; a failed one leaves its error."""
    teaching = st.session_state.get("draw_teaching")
    if teaching is None or teaching["job"].running:
        return
    del st.session_state.draw_teaching
    job = teaching["job"]
    if job.error:
        st.session_state.draw_teach_message = ("error", t("draw.teach.failed", error=job.error))
        return
    st.session_state.draw_tuned = {"model": job.result.model, "taught": job.result, "base": teaching["base"],
                                   "config": teaching["config"], "images": teaching["images"]}
    picked = st.session_state.get("draw_models")
    if picked is not None and TUNED_ID not in picked:
        st.session_state.draw_models = [*picked, TUNED_ID]


def save_tuned(overwrite: bool = False) -> None:
    """Save the tuned model for everyone (ui.saved_models), where /draw offers it as a saved model."""
    tuned, name = st.session_state.get("draw_tuned"), st.session_state.get("draw_tuned_name", "").strip()
    st.session_state.pop("draw_save_offer", None)
    if tuned is None:
        return
    try:
        name = saved_models.check_name(name)
    except ValueError:
        st.session_state.draw_save_message = ("error", t("draw.teach.bad_name"))
        return
    taught = tuned["taught"]
    metrics = {"teach/held_acc": taught.held_acc_after, "teach/mnist_acc": taught.mnist_acc_after,
               "teach/mnist_n": taught.mnist_n, "teach/drawings": taught.trained_on}
    st.session_state.draw_save_message, offer = saved.save(name, tuned["model"], tuned["config"], metrics,
                                                           overwrite=overwrite)
    if offer is not None:
        st.session_state.draw_save_offer = offer


def save_tuned_as(free: str) -> None:
    st.session_state.draw_tuned_name = free
    save_tuned()


def delete_saved() -> None:
    """The "Delete" button of "My saved models" (the store checks that this session owns it)."""
    model_id = st.session_state.get("draw_delete_pick")
    if model_id in where:
        st.session_state.draw_delete_message = saved.delete(*where[model_id])
        if model_id in st.session_state.get("draw_models", []):
            st.session_state.draw_models = [m for m in st.session_state.draw_models if m != model_id]


st.title(t("draw.title"))
st.caption(t("draw.intro"))

loaded = default_models()
if loaded is None:
    st.session_state.draw_waited = True
    building_notice()
elif st.session_state.pop("draw_waited", False):
    st.session_state.pop("draw_models", None)  # the picker was drawn empty during the build: offer the defaults now
finish_teaching()
models, names, configs, where, own, problems = available_models(loaded)
saved.follow_changes()
for problem in problems:
    st.warning(problem, icon="⚠️")


def name_of(model_id: str) -> str:
    """The display name of a model id (the id itself for a model that has gone since)."""
    return names.get(model_id, model_id)


def short_name(model_id: str) -> str:
    """A few characters for a gallery caption: MLP, CNN, the session model's or the saved file's name."""
    if model_id == SESSION_ID:
        return st.session_state.get(SESSION_MODEL_KEY, {}).get("name", model_id)
    if model_id in defaults.NAMES:
        return model_id.removeprefix("mnist_").upper()
    if model_id == TUNED_ID:
        return t("draw.model.tuned_short")
    return where[model_id][1] if model_id in where else model_id


left, right = st.columns([5, 7], gap="large")
with left:
    pen = st.slider(t("draw.pen"), 6, 40, 20, key="draw_pen", bind=URL, help=t("draw.pen.help"))
    canvas = st_canvas(stroke_width=pen, stroke_color="#FFFFFF", background_color="#000000", height=CANVAS_PX,
                       width=CANVAS_PX, drawing_mode="freedraw", update_streamlit=True, return_image_data=True,
                       key=f"draw_canvas_{st.session_state.draw_round}")
    st.button(t("draw.clear"), on_click=clear_canvas, icon=":material/ink_eraser:", key="draw_clear")
    threshold = st.slider(t("draw.threshold"), 0.3, 0.95, 0.6, 0.05, key="draw_threshold", bind=URL,
                          help=t("draw.threshold.help"))
    pen_adjust = st.toggle(t("draw.pen_adjust"), value=True, key="draw_pen_adjust", bind=URL,
                           help=t("draw.pen_adjust.help"))

image = canvas.image_data
reading = preprocess(image, normalise_thickness=pen_adjust) if image is not None else None
empty = reading is None or reading.is_empty

with right:
    # Typing in the box filters by name, so the list stays usable with a hundred saved models.
    chosen = st.multiselect(t("draw.models"), list(names), default=list(models), format_func=name_of,
                            key="draw_models", bind=URL, help=t("draw.models.help"))
    chosen = load_chosen(chosen)
    if not chosen:
        st.info(t("draw.pick_model"))
    probs = {} if empty else read_digit({m: models[m] for m in chosen}, reading.tensor)
    main = name_of(chosen[0]) if chosen else None
    top = None if empty or not chosen else (int(probs[chosen[0]].argmax()), float(probs[chosen[0]].max()))
    cols = st.columns([2, 5])
    cols[0].metric(t("draw.prediction"), "—" if top is None else str(top[0]),
                   help=t("draw.prediction.help", model=main) if main else None)
    with cols[1]:
        if empty:
            st.caption(t("draw.empty"))
        elif top is not None and top[1] < threshold:
            st.warning(t("draw.not_sure", model=main, digit=top[0], p=top[1]), icon="🤔")
        elif top is not None:
            st.success(t("draw.sure", model=main, digit=top[0], p=top[1]))
    if len(chosen) > 1 and not empty:
        for col, model_id in zip(st.columns(len(chosen)), chosen):
            col.metric(name_of(model_id), str(int(probs[model_id].argmax())),
                       t("draw.sure_delta", p=float(probs[model_id].max())), delta_color="off", delta_arrow="off")
    bars = {name_of(m): probs[m] if probs else [0.0] * 10 for m in chosen}
    st.plotly_chart(sized(fd.probability_bars(bars, threshold, lang=lang())), key="draw_probs",
                    config={"displayModeBar": False})

if not empty and chosen:
    st.session_state.draw_reading = {
        "image": reading.centred, "canvas": image, "main_digit": top[0],
        "digits": {m: int(probs[m].argmax()) for m in chosen},
    }

st.subheader(t("draw.sees"))
if empty:
    st.caption(t("draw.sees.empty", box=BOX, field=FIELD))
else:
    pictures = fd.stages(reading, CANVAS_PX, MNIST_MEAN, MNIST_STD, lang=lang())
    for col, (picture, caption) in zip(st.columns(len(pictures)), pictures):
        col.image(picture, caption=caption)
# Both toggles are drawn even on an empty canvas (disabled), so their URL values survive until a digit is drawn.
naive_on = st.toggle(t("draw.naive", canvas=CANVAS_PX, field=FIELD), key="draw_naive", bind=URL, disabled=empty)
if naive_on and not empty:
    naive = naive_resize(image)
    naive_probs = read_digit({m: models[m] for m in chosen}, naive) if chosen else {}
    col_image, col_text = st.columns([1, 4])
    col_image.image(fd.tensor_picture(naive[0].numpy()), caption=t("draw.naive.caption"))
    with col_text:
        for model_id, p in naive_probs.items():
            digit = int(p.argmax())
            verdict = t("draw.naive.same") if digit == int(probs[model_id].argmax()) else t("draw.naive.different")
            st.markdown(t("draw.naive.reads", model=name_of(model_id), digit=digit, p=float(p.max()),
                          verdict=verdict))
        st.caption(t("draw.naive.why"))
if st.toggle(t("draw.numbers"), key="draw_numbers", bind=URL, disabled=empty) and not empty:
    values = reading.tensor[0].numpy()
    st.plotly_chart(sized(fd.pixel_heatmap(values, t("draw.numbers.title"), lang=lang())),
                    key="draw_heatmap", config={"displayModeBar": False})
    st.dataframe(pd.DataFrame(values).round(2))

st.subheader(t("draw.gallery"))
gallery = st.session_state.draw_gallery
col_pick, col_add = st.columns([3, 2], vertical_alignment="bottom")
col_pick.selectbox(t("draw.truth"), list(range(10)), index=None, key="draw_truth", bind=URL,
                   placeholder=t("draw.truth.placeholder"))
col_add.button(t("draw.add"), on_click=add_to_gallery, disabled=empty or not chosen, key="draw_add",
               help=t("draw.add.help"))
if gallery:
    per_row = 8
    for start in range(0, len(gallery), per_row):
        for col, entry in zip(st.columns(per_row), gallery[start:start + per_row]):
            guesses = " · ".join(f"{short_name(model_id)} {digit}"
                                 for model_id, digit in entry["predictions"].items())
            col.image(fd.enlarge(fd.to_rgb(entry["image"]), 84),
                      caption=t("draw.entry", label=entry["label"], guesses=guesses))
    right_counts = {}
    for entry in gallery:
        for model_id, digit in entry["predictions"].items():
            hits, total = right_counts.get(model_id, (0, 0))
            right_counts[model_id] = (hits + (digit == entry["label"]), total + 1)
    st.caption(t("draw.right_so_far", counts=", ".join(f"{name_of(m)} {h}/{n}" for m, (h, n) in right_counts.items())))
    col_npz, col_png, col_empty = st.columns(3)
    col_npz.download_button(t("draw.npz"), lambda: fd.gallery_npz(list(gallery)),
                            "torchplay-drawings.npz", mime="application/octet-stream", key="draw_npz", on_click="ignore",
                            help=t("draw.npz.help"))
    col_png.download_button(t("draw.png"), lambda: fd.contact_sheet(list(gallery)),
                            "torchplay-drawings.png", mime="image/png", key="draw_png", on_click="ignore")
    col_empty.button(t("draw.empty_gallery"), on_click=gallery.clear, key="draw_empty_gallery")
else:
    st.caption(t("draw.no_gallery"))
st.file_uploader(t("draw.upload"), type=["npz"], key="draw_upload", on_change=add_gallery_file,
                 help=t("draw.upload.help"))
if message := st.session_state.pop("draw_upload_message", None):
    getattr(st, message[0])(message[1])

st.subheader(t("draw.teach"))
teaching = st.session_state.get("draw_teaching")
base_id = chosen[0] if chosen else None
st.caption(t("draw.teach.intro", model=name_of(base_id) if base_id else "—"))
col_mix, col_go = st.columns([3, 2], vertical_alignment="bottom")
col_mix.toggle(t("draw.teach.mix"), value=True, key="draw_teach_mix", bind=URL, help=t("draw.teach.mix.help"))
col_go.button(t("draw.teach.go"), key="draw_teach", type="primary", icon=":material/school:",
              disabled=not gallery or base_id is None or teaching is not None, on_click=start_teaching,
              args=(models[base_id], short_name(base_id), configs.get(base_id)) if base_id else None)
if message := st.session_state.pop("draw_teach_message", None):
    getattr(st, message[0])(message[1])
if teaching is not None:
    @st.fragment(run_every=0.3)
    def teaching_progress(job):
        """Polls the teaching thread; when it has finished, the whole page runs again to show the result."""
        if not job.running:
            st.rerun()
        st.progress(min(job.fraction, 1.0), text=t(f"draw.teach.{job.what}"))

    teaching_progress(teaching["job"])
if tuned := st.session_state.get("draw_tuned"):
    taught = tuned["taught"]
    st.markdown(t("draw.teach.done", base=tuned["base"], n=taught.trained_on, steps=taught.steps,
                  seconds=taught.seconds, mix=t("draw.teach.with_mix" if taught.config.mnist_share else
                                                "draw.teach.without_mix")))
    col_held, col_mnist = st.columns(2)
    col_held.metric(t("draw.teach.held", n=len(taught.held_back)),
                    f"{taught.held_acc_before:.0%} → {taught.held_acc_after:.0%}",
                    t("draw.teach.points", points=100 * (taught.held_acc_after - taught.held_acc_before)))
    col_mnist.metric(t("draw.teach.mnist", n=taught.mnist_n),
                     f"{taught.mnist_acc_before:.1%} → {taught.mnist_acc_after:.1%}",
                     t("draw.teach.points", points=100 * (taught.mnist_acc_after - taught.mnist_acc_before)))
    if taught.changed:
        st.markdown(t("draw.teach.changed", n=len(taught.changed)))
        per_row = 8
        for start in range(0, len(taught.changed), per_row):
            for col, change in zip(st.columns(per_row), taught.changed[start:start + per_row]):
                col.image(fd.enlarge(fd.to_rgb(tuned["images"][change.index]), 84),
                          caption=t("draw.teach.change", label=change.label, before=change.before,
                                    after=change.after))
    else:
        st.caption(t("draw.teach.unchanged"))
    st.caption(t("draw.teach.note"))
    col_name, col_save = st.columns([3, 2], vertical_alignment="bottom")
    col_name.text_input(t("draw.teach.name"), value="my-handwriting", key="draw_tuned_name", max_chars=40)
    col_save.button(t("draw.teach.save"), key="draw_tuned_save", on_click=save_tuned, help=t("ch9.save.help"))
    if message := st.session_state.pop("draw_save_message", None):
        getattr(st, message[0])(message[1])
    offer = st.session_state.get("draw_save_offer")
    if offer is not None and offer[0] == "overwrite":
        st.button(t("ch9.overwrite", name=offer[1]), key="draw_tuned_overwrite", on_click=save_tuned, args=(True,),
                  icon=":material/warning:")
    elif offer is not None:
        st.button(t("ch9.save_as", name=offer[1]), key="draw_tuned_save_free", on_click=save_tuned_as,
                  args=(offer[1],))

if own:
    with st.expander(t("saved_models.mine_title")):
        col_pick, col_delete = st.columns([3, 1], vertical_alignment="bottom")
        col_pick.selectbox(t("saved_models.pick"), own, format_func=name_of, key="draw_delete_pick")
        col_delete.button(t("saved_models.delete"), key="draw_delete", on_click=delete_saved,
                          icon=":material/delete:")
if message := st.session_state.pop("draw_delete_message", None):
    getattr(st, message[0])(message[1])

if loaded:
    with st.expander(t("draw.how_well")):
        # The tuning-set figures are written into the checkpoints by bench (python -m bench.handwriting record).
        scored = all("tuning/acc" in default.metrics for default in loaded.values())
        columns = {"test/acc": "draw.col.mnist"} | ({"tuning/acc": "draw.col.tuning",
                                                      "tuning/acc_naive": "draw.col.naive"} if scored else {})
        rows = [{t("draw.col.model"): name_of(name), **{t(label): default.metrics.get(metric)
                                                         for metric, label in columns.items()}}
                for name, default in loaded.items()]
        percent = st.column_config.NumberColumn(format="percent")
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="draw_accuracy",
                     column_config={t(label): percent for label in columns.values()})
        if scored:
            st.caption(t("draw.tuning", n=next(iter(loaded.values())).metrics["tuning/n"]))
        else:
            st.caption(t("draw.tuning_missing"))
        st.caption(t("draw.rebuild"))
        st.code("\n".join(defaults.cli_command(d.config, defaults.shown_path(defaults.checkpoint_path(name)))
                          for name, d in loaded.items()), language="bash")
