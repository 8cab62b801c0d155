"""/draw in AppTest: empty canvas, a drawn digit (injected as the canvas would send it), models, gallery."""

import base64
import io
import re
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest

from core import defaults
from core.checkpoints import save_checkpoint
from core.config import default_config
from core.models import MnistMLP
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


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    return at


def prediction(at: AppTest) -> str:
    (metric,) = [m for m in at.metric if m.label == "Prediction"]
    return metric.value


def test_empty_canvas_shows_a_dash_and_no_exception(models_env):
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert prediction(at) == "—"
    assert at.multiselect(key="draw_models").value == ["mnist_cnn", "mnist_mlp"]  # ids; best reader first
    assert at.multiselect(key="draw_models").options == ["CNN", "MLP (course, ch. 9)"]
    assert at.button(key="draw_add").disabled  # nothing to label yet


def test_a_drawn_digit_is_read_by_both_models_with_every_stage(models_env):
    at = page()
    at.session_state["draw_canvas_0"] = canvas_state(one)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert prediction(at) in [str(d) for d in range(10)]
    labels = [m.label for m in at.metric]
    assert "MLP (course, ch. 9)" in labels and "CNN" in labels  # side by side
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


def test_session_model_and_saved_models_are_offered_and_a_corrupt_file_is_reported(models_env):
    user = models_env / "user"
    user.mkdir(exist_ok=True)
    save_checkpoint(user / "mine.pt", MnistMLP(), default_config("mnist"), {"test/acc": 0.5})
    (user / "broken.pt").write_bytes(b"not a checkpoint")
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["session_mnist_model"] = {"name": "my MLP", "model": MnistMLP().eval(),
                                               "config": default_config("mnist"), "test_acc": 0.93}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    options = at.multiselect(key="draw_models").options
    assert "This session: my MLP (93.0%)" in options
    assert "Saved: mine (MLP)" in options
    assert any("broken.pt" in w.value for w in at.warning)
    at.multiselect(key="draw_models").set_value(["session", "saved:mine"])
    at.session_state["draw_canvas_0"] = canvas_state(one)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert prediction(at) in [str(d) for d in range(10)]
    for name in ("broken.pt", "mine.pt"):
        (user / name).unlink()


def test_missing_defaults_are_built_in_the_background_with_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHPLAY_MODELS", str(tmp_path))
    calls = []

    def fake_ensure(directory, budget=None, progress=None, log=None):
        calls.append(directory)
        progress(0.5, "mnist_mlp: epoch 1/1")
        time.sleep(0.5)
        return {}

    monkeypatch.setattr(defaults, "ensure", fake_ensure)
    at = page()
    assert not at.exception, [e.value for e in at.exception]
    assert any("being trained" in i.value for i in at.info)
    assert prediction(at) == "—"
    deadline = time.monotonic() + 10
    while not calls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert calls == [tmp_path]


def test_every_build_progress_note_is_said_in_both_languages(budget_models, monkeypatch):
    notes = [*BUILD_NOTES, defaults.BackgroundBuild().message, defaults.Note("starting", "starting")]
    assert {note.key for note in notes} == {"loading", "epoch", "scoring", "ready", "waiting", "starting"}
    shown = {}
    for language in ("en", "zh"):
        monkeypatch.setattr("ui.status.t", lambda key, **fields: lookup(key, language, **fields))
        shown[language] = [build_note(note) for note in notes]
    assert shown["en"] == [str(note) for note in notes]  # the terminal's text, word for word
    epoch = next(i for i, note in enumerate(notes) if note.key == "epoch")
    assert re.fullmatch(r"mnist_(mlp|cnn)：第 1/1 轮，损失 \d+\.\d{3}", shown["zh"][epoch]), shown["zh"][epoch]
    assert not [text for text in shown["zh"] if re.search(r"loading|epoch|scoring|ready|waiting|starting", text)]


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
