"""/mini-batches, /softmax-mnist and /draw in 中文 and English, and links that restore their settings (AppTest).

The text tables themselves (every key used, translated, same placeholders) are checked in tests/test_i18n.py."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from core import defaults
from tests.apptest_helpers import stop_runs

ROOT = Path(__file__).resolve().parents[1]
MINI, SOFTMAX, DRAW = "pages/mini_batches.py", "pages/softmax_mnist.py", "pages/draw.py"
PAGES = (MINI, SOFTMAX, DRAW)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Names a Chinese course uses as they are (the course notes write them in English too).
ALLOWED = ("PyTorch", "MNIST", "DataLoader", "Dataset", "SGD", "Adam", "ReLU", "CNN", "MLP")
ENGLISH_RUN = re.compile(r"\b[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){2,}\b")
# Settings not bound: sm-pick-* exist only once this session's run was evaluated, so a link could not restore them.
UNBOUND = re.compile(r"^sm-pick-.*$")
# Text from ui/live.py (translated by "classroom"), inside these pages' training panels: checked by its owner.
FOREIGN_HELP = {"One training iteration, then pause.",
                "Forget this run and start again from fresh weights with the current settings.",
                "Log scale: each notch roughly doubles the step size."}
WIDGETS = ("slider", "select_slider", "number_input", "radio", "checkbox", "toggle", "selectbox", "multiselect",
           "text_input")


@pytest.fixture(scope="module")
def budget_models(tmp_path_factory) -> Path:
    """Default checkpoints from the budget recipe, so /draw reads digits without the real ones."""
    directory = tmp_path_factory.mktemp("models")
    torch.set_num_threads(1)
    defaults.ensure(directory, budget=True)
    return directory


@pytest.fixture(autouse=True)
def models_env(budget_models, monkeypatch) -> Path:
    monkeypatch.setenv("TORCHPLAY_MODELS", str(budget_models))
    return budget_models


def open_in(page: str, lang: str, params: dict[str, str] | None = None) -> AppTest:
    """A fresh session opening `page` directly, as a link would, in `lang` with `params` in the URL."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def opened():
    sessions = []

    def opener(page: str, lang: str, params: dict[str, str] | None = None) -> AppTest:
        sessions.append(open_in(page, lang, params))
        return sessions[-1]

    yield opener
    for at in sessions:
        if "runners" in at.session_state:
            stop_runs(at)


def chart_texts(spec: dict) -> list[str]:
    """Titles, axis titles, legend names, annotations and hover text of a plotly figure."""
    layout, texts = spec.get("layout", {}), []

    def title(value):
        return value.get("text", "") if isinstance(value, dict) else value or ""

    texts.append(title(layout.get("title")))
    texts += [title(axis.get("title")) for name, axis in layout.items() if name.startswith(("xaxis", "yaxis"))]
    texts += [note.get("text", "") for note in layout.get("annotations", [])]
    for trace in spec.get("data", []):
        texts += [str(trace.get("name") or ""), re.sub(r"%\{[^}]*\}|<[^>]*>", " ", trace.get("hovertemplate", ""))]
    return texts


def visible_texts(at: AppTest) -> list[str]:
    """Everything the page's main area says in words (code blocks and formulas are code, not prose)."""
    main = at.main
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [el.value for el in main.get(kind)]
    for kind in ("tab", "expander"):
        texts += [el.label for el in main.get(kind)]
    for el in main.get("metric"):
        texts += [el.label, el.proto.help]
    for kind in (*WIDGETS, "button", "download_button"):
        for el in main.get(kind):
            texts += [el.label, el.proto.help]
            texts += list(getattr(el, "options", []) or [])
    for el in main.get("plotly_chart"):
        texts += chart_texts(json.loads(el.proto.spec))
    return [text for text in texts if text and text not in FOREIGN_HELP]


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words, ignoring `code` and the names the course keeps in English."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b(" + "|".join(ALLOWED) + r")\b", " ", text)
    return ENGLISH_RUN.findall(text)


# ---------------------------------------------------------------- language
@pytest.mark.parametrize("page", PAGES)
def test_page_in_chinese_has_chinese_text_and_no_english_sentences(opened, page):
    at = opened(page, "zh")
    assert CJK.search(at.title[0].value), at.title[0].value
    texts = visible_texts(at)
    assert len(texts) > 15
    leftovers = {text: runs for text in texts if (runs := english_runs(text))}
    assert not leftovers, leftovers
    labelled = [el for kind in WIDGETS for el in at.main.get(kind) if CJK.search(el.label)]
    assert len(labelled) >= 4, "widget labels are not translated"
    charts = [chart_texts(json.loads(el.proto.spec))[0] for el in at.main.get("plotly_chart")]
    assert charts and all(CJK.search(title) for title in charts if title), charts


def test_english_runs_are_found():
    """The check above can fail: it finds English sentences and lets code and course names through."""
    assert english_runs("Train the classifier first") == ["Train the classifier first"]
    assert english_runs("先用 `torch.nn.CrossEntropyLoss()` 训练 MNIST CNN MLP") == []
    assert english_runs("用 PyTorch Dataset DataLoader 加载") == []


EN_TITLES = {MINI: "8 · Mini-batches: Dataset and DataLoader", SOFTMAX: "9 · Softmax classifier on MNIST",
             DRAW: "✏️ Draw a digit"}
EN_TABS = {MINI: ["One epoch, batch by batch", "Full batch vs mini-batch vs stochastic", "Exercise: Titanic"],
           SOFTMAX: ["Softmax & cross-entropy", "The MNIST data", "Train live"], DRAW: []}


@pytest.mark.parametrize("page", PAGES)
def test_page_in_english_reads_as_before(opened, page):
    at = opened(page, "en")
    assert at.title[0].value == EN_TITLES[page]
    assert [tab.label for tab in at.main.get("tab")] == EN_TABS[page]
    assert not any(CJK.search(text) for text in visible_texts(at))


def test_switching_language_keeps_every_setting(opened):
    at = opened(MINI, "en")
    at.select_slider(key="mb-batch-size").set_value(0)
    at.selectbox(key="mb-titanic-hidden").set_value("none")
    at.radio(key="mb-p-sex").set_value("male")
    at.button(key="FormSubmitter:mb-passenger-Predict").click()  # a form's widgets change on submit
    at.run()
    at.session_state["lang"] = "zh"
    at.run()
    assert at.title[0].value.startswith("8 · 小批量")
    assert at.select_slider(key="mb-batch-size").value == 0
    assert at.selectbox(key="mb-titanic-hidden").value == "none"
    assert at.radio(key="mb-p-sex").value == "male"
    assert next(m.value for m in at.metric if m.label == "每个 Epoch 的迭代次数") == "1"


# ---------------------------------------------------------------- links
@pytest.mark.parametrize("page", PAGES)
def test_every_setting_widget_is_bound_to_the_url(opened, page):
    at = opened(page, "en")
    widgets = [el for kind in WIDGETS for el in at.main.get(kind)]
    unbound = [el.key for el in widgets if not el.proto.query_param_key and not UNBOUND.match(el.key or "")]
    assert not unbound, f"settings a link cannot restore: {unbound}"
    assert all(el.proto.query_param_key == el.key for el in widgets if el.proto.query_param_key)


LINKS = {
    MINI: {"mb-batch-size": ("64", 64), "mb-shuffle": ("false", False), "mb-drop-last": ("true", True),
           "mb-workers": ("2", 2), "mb-race-epochs": ("10", 10), "mb-race-lr": ("0.5", 0.5), "mb-race-logx": ("false", False),
           "mb-titanic-missing": ("true", True), "mb-titanic-hidden": ("32 → 16", "32-16"),
           "mb-titanic-act": ("tanh", "tanh"), "mb-titanic-opt": ("sgd", "sgd"), "mb-titanic-epochs": ("100", 100),
           "mb-titanic-batch": ("full", 0), "mb-p-class": ("1", 1), "mb-p-sex": ("male", "male"),
           "mb-p-title": ("Master", "Master"), "mb-p-age": ("7.0", 7.0), "mb-p-age-unknown": ("true", True),
           "mb-p-sibsp": ("2", 2), "mb-p-parch": ("1", 1)},
    SOFTMAX: {"sm-logit-0": ("4.5", 4.5), "sm-logit-9": ("-3.0", -3.0), "sm-target": ("6", 6),
              "sm-data-split": ("test", "test"), "sm-data-first": ("80", 80), "sm-data-index": ("85", 85),
              "sm-hist-log": ("false", False), "sm-model": ("CNN: 2 conv layers + 2 linear (going further)", "cnn"),
              "sm-epochs": ("2", 2), "sm-lr": ("0.05", 0.05), "sm-log-every": ("50", 50), "sm-momentum": ("0.9", 0.9), "sm-batch": ("128", 128),
              "sm-train-subset": ("3k", 3000), "sm-test-subset": ("1k", 1000), "sm-save-name": ("cnn-2", "cnn-2")},
    DRAW: {"draw_pen": ("12", 12), "draw_threshold": ("0.8", 0.8), "draw_pen_adjust": ("false", False),
           "draw_models": ("MLP (course, ch. 9)", ["mnist_mlp"]), "draw_naive": ("true", True),
           "draw_numbers": ("true", True), "draw_truth": ("3", 3)},
}


def widget(at: AppTest, key: str):
    return next(el for kind in WIDGETS for el in at.main.get(kind) if el.key == key)


@pytest.mark.parametrize("page", PAGES)
def test_a_link_restores_every_setting(opened, page):
    at = opened(page, "en", {name: url for name, (url, _) in LINKS[page].items()})
    assert {key: widget(at, key).value for key in LINKS[page]} == {key: value for key, (_, value) in
                                                                   LINKS[page].items()}


def test_the_settings_change_what_the_page_shows(opened):
    at = opened(MINI, "en", {"mb-batch-size": "128", "mb-drop-last": "true"})
    assert next(m.value for m in at.metric if m.label == "Iterations per epoch") == "4"
    assert "batch_size=128" in at.code[0].value and "drop_last=True" in at.code[0].value
    at = opened(SOFTMAX, "en", {"sm-epochs": "2", "sm-train-subset": "3k", "sm-model": "CNN: 2 conv layers + 2 "
                                "linear (going further)"})
    assert any("CNN · 3,000 training images · 2 epochs" in c.value for c in at.caption)


def test_a_chinese_link_restores_its_translated_choices(opened):
    at = opened(MINI, "zh", {"mb-titanic-hidden": "无（即逻辑斯蒂回归）", "mb-p-sex": "男", "mb-batch-size": "全部（576）"})
    assert at.selectbox(key="mb-titanic-hidden").value == "none"
    assert at.radio(key="mb-p-sex").value == "male"
    assert at.select_slider(key="mb-batch-size").value == 0


def test_bad_or_foreign_values_fall_back_to_the_defaults(opened):
    at = opened(MINI, "en", {"mb-batch-size": "7", "mb-workers": "lots", "mb-race-epochs": "1000", "mb-p-age": "-5",
                             "sm-epochs": "3", "draw_pen": "30"})
    assert at.select_slider(key="mb-batch-size").value == 32
    assert at.selectbox(key="mb-workers").value == 0
    assert at.slider(key="mb-race-epochs").value in (30, 100)  # ignored, or clamped to the slider's range
    assert at.number_input(key="mb-p-age").value in (30.0, 0.0)
    at = opened(SOFTMAX, "en", {"mb-batch-size": "64", "sm-epochs": "3"})  # another page's params are harmless
    assert at.number_input(key="sm-epochs").value == 3


def test_drawing_is_never_said_to_be_with_the_mouse_alone():
    # Students draw on phones: wherever a text names the mouse, it names the finger too, in both languages.
    from ui.text import TEXT

    mouse = {key: pair for key, pair in TEXT.items() if "mouse" in pair[0].lower() or "鼠标" in pair[1]}
    assert {"draw.intro", "home.draw"} <= mouse.keys()
    assert [key for key, (en, zh) in mouse.items() if "finger" not in en or "手指" not in zh] == []


@pytest.mark.parametrize("lang, expected", [
    ("en", ["a tuned model (another session) read 1 of 2 drawings right",
            "a chapter 9 model (another session) read 2 of 2 drawings right",
            "saved model alice-cnn read 0 of 2 drawings right"]),
    ("zh", ["调教过的模型（来自另一个会话） 在 2 幅画中认对 1 幅", "第 9 讲的模型（来自另一个会话） 在 2 幅画中认对 2 幅",
            "保存的模型 alice-cnn 在 2 幅画中认对 0 幅"])])
def test_a_gallery_from_another_session_names_its_models_in_words(lang, expected):
    # Another session's gallery names models this one does not have: no raw "tuned 1/2" for the learner.
    entries = [{"image": np.zeros((28, 28), np.float32), "canvas": np.zeros((280, 280, 4), np.uint8), "label": label,
                "predictions": {"tuned": 3, "session": label, "saved:alice-cnn": 9}} for label in (3, 4)]
    at = AppTest.from_file(str(ROOT / DRAW), default_timeout=120)
    at.session_state["lang"] = lang
    at.session_state["draw_gallery"] = entries
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    right = [c.value for c in at.caption if c.value.startswith(("Right so far", "目前答对"))]
    assert len(right) == 1 and all(words in right[0] for words in expected), right
    captions = [c for image in at.get("image") for c in image.captions if "alice-cnn" in c]
    assert len(captions) == 2 and not any("session" in c or "saved:" in c for c in captions), captions
