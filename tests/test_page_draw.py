"""/draw in AppTest: empty canvas, a drawn digit (injected as the canvas would send it), models, gallery."""

import base64
import io
import queue
import re
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest

from core import classroom, defaults, saved_models
from core.checkpoints import add_metrics, checkpoint_bytes, load_checkpoint, load_checkpoint_bytes
from core.saved_models import SHARED
from core.store import default_url, open_store
from core.config import default_config
from core.defaults import background
from core.models import MnistMLP
from tests.apptest_helpers import rerun_until
from ui.saved_models import SECRET
from ui.status import build_note
from ui.text import lookup

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "draw.py")


@pytest.fixture(scope="module")
def budget_models(tmp_path_factory) -> Path:
    """Default checkpoints from the budget recipe: seconds to build, real files, real loading."""
    directory = tmp_path_factory.mktemp("models")
    torch.set_num_threads(1)  # the suite shares two cores
    defaults.ensure(directory, budget=True, progress=lambda fraction, note: BUILD_NOTES.append(note))
    return directory


BUILD_NOTES = []  # what the budget build above reported, as the page's progress bar would show it


@pytest.fixture
def models_env(budget_models, monkeypatch) -> Path:
    monkeypatch.setenv("TORCHPLAY_MODELS", str(budget_models))
    return budget_models


def canvas_state(draw) -> dict:
    """What st_canvas holds after a stroke: the drawing as a PNG data URL (RGBA, white on black)."""
    image = Image.new("RGBA", (280, 280), (0, 0, 0, 255))
    draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return {"drawing": {"raw": {"objects": [{"type": "path"}]}, "data": url}, "backgroundFit": None}


def one(draw):
    draw.line((150, 50, 140, 230), fill=(255, 255, 255, 255), width=20)


def seven(draw):
    draw.line((70, 50, 210, 50), fill=(255, 255, 255, 255), width=20)
    draw.line((210, 50, 120, 240), fill=(255, 255, 255, 255), width=20)


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    return at


def prediction(at: AppTest) -> str:
    (metric,) = [m for m in at.metric if m.label == "Prediction"]
    return metric.value


def readings(at: AppTest) -> dict[str, str]:
    """Model label -> the digit it reads, from the side-by-side metrics (and the main prediction)."""
    return {m.label: m.value for m in at.metric}


def test_empty_canvas_shows_a_dash_and_no_exception(models_env):
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert prediction(at) == "—"
    assert at.multiselect(key="draw_models").value == ["mnist_cnn", "mnist_mlp"]  # ids; best reader first
    assert at.multiselect(key="draw_models").options == ["CNN", "MLP (course, ch. 9)"]
    assert at.button(key="draw_add").disabled  # nothing to label yet


@pytest.mark.parametrize(("digit", "draw"), [("1", one), ("7", seven)])
def test_a_drawn_digit_is_read_right_by_both_models(models_env, digit, draw):
    at = page()
    at.session_state["draw_canvas_0"] = canvas_state(draw)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # Even the budget models read these plain digits (1: CNN 89 %, MLP 68 % sure; 7: 97 %, 45 %).
    assert readings(at) == {"Prediction": digit, "CNN": digit, "MLP (course, ch. 9)": digit}


def test_a_drawn_digit_shows_every_stage_the_naive_resize_and_the_numbers(models_env):
    at = page()
    at.session_state["draw_canvas_0"] = canvas_state(one)
    at.run()
    assert len(at.get("image")) >= 5  # canvas, ink box, 20 px, centred, normalised
    at.toggle(key="draw_naive").set_value(True)
    at.toggle(key="draw_numbers").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("naive" in m.value or "reads" in m.value for m in at.markdown)
    assert (28, 28) in [d.value.shape for d in at.dataframe]


def test_clear_empties_the_canvas(models_env):
    at = page()
    at.session_state["draw_canvas_0"] = canvas_state(one)
    at.run()
    assert prediction(at) != "—"
    at.button(key="draw_clear").click().run()
    assert prediction(at) == "—"


def test_labelling_a_drawing_fills_the_gallery_and_offers_downloads(models_env):
    at = page()
    at.session_state["draw_canvas_0"] = canvas_state(one)
    at.run()
    at.selectbox(key="draw_truth").set_value(1)
    at.button(key="draw_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    gallery = at.session_state["draw_gallery"]
    assert len(gallery) == 1 and gallery[0]["label"] == 1
    assert gallery[0]["image"].shape == (28, 28) and gallery[0]["canvas"].shape == (280, 280, 4)
    assert prediction(at) == "—"  # adding clears the canvas for the next digit
    assert any("Right so far" in c.value for c in at.caption)


def model_store():
    """The store the page uses (the test's own: tests/conftest.py's store_in_tmp)."""
    return open_store(default_url())


def test_session_model_and_saved_models_are_offered_in_groups_and_a_corrupt_one_is_reported(models_env):
    store = model_store()
    code, _ = classroom.create_class(store, "Room 1")
    mine, classmate, stranger = (saved_models.new_secret() for _ in range(3))
    cnn, cnn_cfg, _ = load_checkpoint(models_env / "mnist_cnn.pt")  # trained readers, so they must read the 1
    cnn_bytes = checkpoint_bytes(cnn, cnn_cfg, {"test/acc": 0.8}, in_features=784)
    saved_models.save(store, SHARED, "mine", cnn_bytes, {"kind": "cnn"}, mine)
    saved_models.save(store, SHARED, "broken", b"not a checkpoint", {"kind": "cnn"}, stranger)
    saved_models.save(store, SHARED, "theirs", cnn_bytes, {"kind": "cnn"}, stranger)
    saved_models.save(store, saved_models.class_scope(code), "class-cnn", cnn_bytes,
                      {"kind": "cnn", "nickname": "Ann"}, classmate)
    mlp, mlp_cfg, _ = load_checkpoint(models_env / "mnist_mlp.pt")
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["session_mnist_model"] = {"name": "my MLP", "model": mlp, "config": mlp_cfg.to_dict(),
                                               "test_acc": 0.93}
    at.session_state[SECRET] = mine  # this session saved "mine"
    at.session_state["class-member"] = {"code": code, "nickname": "Bob"}
    try:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        options = at.multiselect(key="draw_models").options
        assert options[3:] == ["Mine: mine (CNN)", "My class: class-cnn (CNN, Ann)", "This server: theirs (CNN)",
                               "This server: broken (CNN)"]  # defaults and this session's first, newest first
        assert "This session: my MLP (93.0%)" in options
        at.multiselect(key="draw_models").set_value(["session", "saved:mine", "class:class-cnn", "saved:broken"])
        at.session_state["draw_canvas_0"] = canvas_state(one)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("broken" in w.value and "cannot be used" in w.value for w in at.warning)
        assert readings(at) == {"Prediction": "1", "This session: my MLP (93.0%)": "1", "Mine: mine (CNN)": "1",
                                "My class: class-cnn (CNN, Ann)": "1"}
        # only this session's own models can be deleted here
        assert at.selectbox(key="draw_delete_pick").options == ["Mine: mine (CNN)"]
        at.button(key="draw_delete").click().run()
        assert any("Deleted “mine”" in s.value for s in at.success)
        assert "Mine: mine (CNN)" not in at.multiselect(key="draw_models").options
    finally:
        for scope in (SHARED, saved_models.class_scope(code)):
            for record in store.model_records(scope):
                store.delete_model(scope, record["name"], None)


def test_ownership_never_comes_from_the_url(models_env):
    store = model_store()
    owner = saved_models.new_secret()
    saved_models.save(store, SHARED, "url-owned", b"x" * 100, {"kind": "cnn"}, owner)
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params[SECRET] = owner  # a link carrying the owner's secret (or a value named like it)
    at.query_params["draw_delete_pick"] = "saved:url-owned"
    try:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.session_state[SECRET] != owner
        assert "This server: url-owned (CNN)" in at.multiselect(key="draw_models").options
        assert not [box for box in at.selectbox if box.key == "draw_delete_pick"]  # nothing of its own to delete
    finally:
        store.delete_model(SHARED, "url-owned", None)


def test_a_hundred_saved_models_are_listed_newest_first_without_loading_any(models_env):
    store = model_store()
    code, _ = classroom.create_class(store)
    scope = saved_models.class_scope(code)
    for i in range(100):  # not checkpoints: listing must not read them
        saved_models.save(store, scope, f"m{i:03d}", b"x" * 10, {"kind": "mlp", "nickname": f"S{i % 7}"},
                          saved_models.new_secret())
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["class-member"] = {"code": code, "nickname": "Bob"}
    try:
        at.run()
        assert not at.exception and not at.warning, [w.value for w in at.warning]
        saved = [o for o in at.multiselect(key="draw_models").options if o.startswith("My class:")]
        assert saved[:2] == ["My class: m099 (MLP, S1)", "My class: m098 (MLP, S0)"] and len(saved) == 100
    finally:
        store.delete(code)


def test_missing_defaults_are_built_in_the_background_with_progress(tmp_path, monkeypatch):
    """A real budget build; it pauses after each progress report until the page has been drawn with it."""
    monkeypatch.setenv("TORCHPLAY_MODELS", str(tmp_path))
    monkeypatch.setenv(defaults.BUDGET_ENV, "1")
    torch.set_num_threads(1)
    reports, released, real_ensure = queue.Queue(), threading.Event(), background.ensure

    def paused_ensure(directory, budget=None, progress=None, **options):
        def pause(fraction, note):
            progress(fraction, note)  # the page's builder records it
            shown = threading.Event()
            reports.put((fraction, note, shown))
            while not shown.wait(0.05) and not released.is_set():  # released: the test ended, run on
                pass

        try:
            return real_ensure(directory, budget, progress=pause, **options)
        finally:
            reports.put(None)  # done, or failed

    monkeypatch.setattr(background, "ensure", paused_ensure)
    notes, values, last = [], [], None
    try:
        at = page()
        assert not at.exception, [e.value for e in at.exception]
        assert any("being trained" in i.value for i in at.info)
        assert prediction(at) == "—"
        while (report := reports.get(timeout=300)) is not None:
            fraction, last, shown = report
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            if last.key == "ready":  # both files are written: the page reads with them instead of waiting
                assert not at.info and not at.get("progress"), [i.value for i in at.info]
                assert at.multiselect(key="draw_models").value == ["mnist_cnn", "mnist_mlp"]
            else:
                (bar,) = at.get("progress")
                assert bar.text == f"Training the default models: {last}" and abs(bar.value - 100 * fraction) <= 1
                notes.append(re.sub(r"loss \d\.\d{3}$", "loss …", last))
                values.append(bar.value)
            shown.set()
    finally:
        released.set()  # a failed test must not leave the build (and its lock) waiting
    assert last is not None and last.key == "ready", [e.value for e in at.error]
    assert values == sorted(values) and values[0] == 0 and values[-1] == 100, values
    assert list(dict.fromkeys(notes)) == ["mnist_cnn: loading MNIST", "mnist_cnn: epoch 1/1, loss …",
                                          "mnist_mlp: loading MNIST", "mnist_mlp: epoch 1/1, loss …"], notes
    assert defaults.status(tmp_path) == {"mnist_cnn": "ok", "mnist_mlp": "ok"}


def test_the_panel_shows_tuning_set_figures_only_when_bench_has_recorded_them(budget_models, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHPLAY_MODELS", str(tmp_path))
    for name in defaults.NAMES:
        (tmp_path / f"{name}.pt").write_bytes((budget_models / f"{name}.pt").read_bytes())
    (panel,) = [e for e in page().expander if e.label == "How well do the default models read drawn digits?"]
    table = panel.dataframe[0].value
    assert list(table.columns) == ["model", "MNIST test accuracy"]
    assert table["MNIST test accuracy"].tolist() == [load_checkpoint(tmp_path / f"{name}.pt")[2]["test/acc"]
                                                     for name in defaults.NAMES]
    assert any("python -m bench.handwriting record" in c.value for c in panel.caption)
    figures = {"mnist_cnn": (0.9, 0.3), "mnist_mlp": (0.8, 0.2)}
    for name, (acc, naive) in figures.items():
        add_metrics(tmp_path / f"{name}.pt", {"tuning/acc": acc, "tuning/acc_naive": naive, "tuning/n": 300})
    (panel,) = [e for e in page().expander if e.label == "How well do the default models read drawn digits?"]
    table = panel.dataframe[0].value
    assert list(table.columns) == ["model", "MNIST test accuracy", "drawn tuning set, this page's preprocessing",
                                   "drawn tuning set, naive resize"]
    assert table.iloc[:, 2:].values.tolist() == [[0.9, 0.3], [0.8, 0.2]]
    assert any(c.value.startswith("Drawn tuning set: 300 digits that are not MNIST") for c in panel.caption)


def test_every_build_progress_note_is_said_in_both_languages(budget_models, monkeypatch):
    notes = [*BUILD_NOTES, defaults.BackgroundBuild().message, defaults.Note("starting", "starting")]
    assert {note.key for note in notes} == {"loading", "epoch", "ready", "waiting", "starting"}
    shown = {}
    for language in ("en", "zh"):
        monkeypatch.setattr("ui.status.t", lambda key, **fields: lookup(key, language, **fields))
        shown[language] = [build_note(note) for note in notes]
    assert shown["en"] == [str(note) for note in notes]  # the terminal's text, word for word
    epoch = next(i for i, note in enumerate(notes) if note.key == "epoch")
    assert re.fullmatch(r"mnist_(mlp|cnn)：第 1/1 轮，损失 \d+\.\d{3}", shown["zh"][epoch]), shown["zh"][epoch]
    assert not [text for text in shown["zh"] if re.search(r"loading|epoch|ready|waiting|starting", text)]


def test_gallery_downloads_hold_images_canvases_labels_and_predictions():
    from ui.figures_draw import contact_sheet, gallery_npz

    canvas = np.zeros((280, 280, 4), np.uint8)
    entries = [{"image": np.full((28, 28), i / 10, np.float32), "canvas": canvas, "label": i,
                "predictions": {"MLP": i, "CNN": (i + 1) % 10}} for i in range(3)]
    data = np.load(io.BytesIO(gallery_npz(entries)))
    assert data["images"].shape == (3, 28, 28) and data["canvases"].shape == (3, 280, 280, 4)
    assert data["labels"].tolist() == [0, 1, 2]
    assert data["models"].tolist() == ["CNN", "MLP"] and data["predictions"][:, 1].tolist() == [0, 1, 2]
    sheet = Image.open(io.BytesIO(contact_sheet(entries)))
    assert sheet.format == "PNG" and sheet.width > 3 * 84


# -- teaching the model the learner's handwriting, and the gallery file -----------------------------------

def mnist_entries(per_digit: int, digits=range(10)) -> list[dict]:
    """Gallery entries as "Add to gallery" makes them, from MNIST test digits turned a quarter (unlike MNIST)."""
    from core.data import load_mnist

    mnist = load_mnist()
    entries = []
    for digit in digits:
        for index in (mnist.y_test == digit).nonzero().flatten()[-per_digit:].tolist():
            ink = np.rot90(mnist.images_test[index].numpy() / 255.0).astype(np.float32)
            entries.append({"image": ink, "canvas": np.zeros((280, 280, 4), np.uint8), "label": digit,
                            "predictions": {"mnist_cnn": digit}})
    return entries


def with_gallery(entries) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["draw_gallery"] = entries
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def teach(at: AppTest) -> AppTest:
    """Press Teach and rerun (as the progress fragment does) until the tuned model is in the session."""
    at.button(key="draw_teach").click().run()
    rerun_until(at, lambda: "draw_tuned" in at.session_state or any("failed" in e.value for e in at.error),
                "the teaching to end", timeout=300)
    assert "draw_tuned" in at.session_state, [e.value for e in at.error]
    return at


@pytest.fixture
def teach_env(models_env, monkeypatch):
    monkeypatch.setenv("TORCHPLAY_TEACH_BUDGET", "1")
    torch.set_num_threads(1)
    return models_env


def test_teaching_shows_before_and_after_and_the_tuned_model_reads_at_once(teach_env):
    at = teach(with_gallery(mnist_entries(3)))
    assert not at.get("progress")  # finished: the bar has gone
    metrics = {m.label: m.value for m in at.metric}
    held = metrics["Held-back drawings (10), before → after"]
    mnist = metrics["MNIST test digits (the first 500 of 10,000), before → after"]
    assert re.fullmatch(r"\d+% → \d+%", held) and re.fullmatch(r"\d+\.\d% → \d+\.\d%", mnist), metrics
    taught = at.session_state["draw_tuned"]["taught"]
    assert held == f"{taught.held_acc_before:.0%} → {taught.held_acc_after:.0%}"
    assert any("Taught a copy of CNN on 20 of your drawings" in m.value for m in at.markdown)
    # Each changed answer is shown with its drawing and what it was read as before and after.
    captions = [c for image in at.get("image") for c in image.captions if "→" in c]
    assert captions == [f"true {c.label}: {c.before} → {c.after}" for c in taught.changed]
    picker = at.multiselect(key="draw_models")
    assert picker.value[-1] == "tuned" and "My tuned model (from CNN)" in picker.options
    at.session_state["draw_canvas_0"] = canvas_state(one)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "My tuned model (from CNN)" in readings(at)


def test_teaching_needs_two_drawings_of_each_digit_and_says_which(teach_env):
    at = with_gallery(mnist_entries(2, digits=(0, 1)) + mnist_entries(1, digits=(3, 7)))
    at.button(key="draw_teach").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == ["Each digit in the gallery needs at least 2 drawings (one to learn "
                                             "from, one to check with). Draw one more of: 3, 7."]
    assert "draw_teaching" not in at.session_state and "draw_tuned" not in at.session_state


def test_the_mnist_mix_toggle_and_saving_the_tuned_model(teach_env):
    at = with_gallery(mnist_entries(2, digits=(1, 4, 7)))
    at.toggle(key="draw_teach_mix").set_value(False)
    teach(at)
    assert at.session_state["draw_tuned"]["taught"].config.mnist_share == 0.0
    assert any("your drawings alone" in m.value for m in at.markdown)
    at.text_input(key="draw_tuned_name").set_value("bad name!")
    at.button(key="draw_tuned_save").click().run()
    assert any("1–40 letters" in e.value for e in at.error)
    at.text_input(key="draw_tuned_name").set_value("my-hand")
    at.button(key="draw_tuned_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved “my-hand”" in s.value for s in at.success)
    assert "Mine: my-hand (CNN)" in at.multiselect(key="draw_models").options
    store = model_store()
    model, cfg, metrics = load_checkpoint_bytes(saved_models.read(store, SHARED, "my-hand"), "my-hand")
    assert cfg.model == "cnn" and metrics["teach/mnist_n"] == 500
    at.button(key="draw_tuned_save").click().run()  # again: this session's own name, replaced only by a click
    assert any("already saved" in e.value for e in at.error)
    at.button(key="draw_tuned_overwrite").click().run()
    assert any("Saved “my-hand”" in s.value for s in at.success)
    # a name another learner has: told so, and offered a free variant as a button
    saved_models.save(store, SHARED, "their-hand", b"x" * 10, {"kind": "cnn"}, saved_models.new_secret())
    at.text_input(key="draw_tuned_name").set_value("their-hand")
    at.button(key="draw_tuned_save").click().run()
    assert any("“their-hand” is another learner's model" in e.value for e in at.error)
    at.button(key="draw_tuned_save_free").click().run()
    assert any("Saved “their-hand-2”" in s.value for s in at.success)
    assert at.text_input(key="draw_tuned_name").value == "their-hand-2"
    for name in ("my-hand", "their-hand", "their-hand-2"):
        store.delete_model(SHARED, name, None)


def test_an_uploaded_gallery_joins_the_gallery_and_a_wrong_file_leaves_a_message(models_env):
    from ui.figures_draw import gallery_npz

    at = with_gallery([])
    uploader = at.file_uploader(key="draw_upload")
    uploader.set_value(("notes.npz", b"this is no gallery", "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.value.startswith("This is not a gallery file") for e in at.error)
    assert at.session_state["draw_gallery"] == []
    theirs = [{**entry, "predictions": {"mnist_cnn": entry["label"], "tuned": 7}}
              for entry in mnist_entries(1, digits=(2, 5))]
    at.file_uploader(key="draw_upload").set_value(("mine.npz", gallery_npz(theirs), "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e["label"] for e in at.session_state["draw_gallery"]] == [2, 5]
    # the file's tuned model is its session's: never credited to (or blamed on) a model this session tunes
    assert [sorted(e["predictions"]) for e in at.session_state["draw_gallery"]] == [["mnist_cnn", "tuned@file"]] * 2
    assert any("Added 2 drawings from mine.npz" in s.value for s in at.success)
    assert any(c.value.startswith("Right so far") for c in at.caption)


def session_and_file_names():
    import streamlit as st

    from ui.draw.models import Offer, from_file

    offer = Offer(names={"tuned": "tuned from CNN"})  # this session has tuned a model
    st.session_state["named"] = [offer.name_of(from_file("tuned")), offer.short_name(from_file("tuned")),
                                 offer.name_of("tuned"), offer.name_of(from_file("session")), from_file("mnist_cnn")]


def test_a_gallery_files_session_models_are_named_as_another_sessions():
    at = AppTest.from_function(session_and_file_names, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["named"] == ["a tuned model (another session)", "tuned (file)", "tuned from CNN",
                                         "a chapter 9 model (another session)", "mnist_cnn"]


def test_the_teaching_panel_and_an_upload_error_speak_chinese(teach_env):
    from tests.test_i18n import english_runs

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.session_state["draw_gallery"] = mnist_entries(2, digits=(3, 8))
    at.run()
    teach(at)
    at.file_uploader(key="draw_upload").set_value(("x.npz", b"not a gallery", "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [m.value for m in [*at.markdown, *at.caption, *at.error]] + [m.label for m in at.metric]
    assert any("教之前 → 教之后" in text for text in shown) and any("这不是图集文件" in e.value for e in at.error)
    assert not [run for text in shown for run in english_runs(text)], shown
