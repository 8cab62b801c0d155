"""Presets on the chapter pages (two panels of /convolution): each sets real widgets of its page and says what to
watch."""

import pytest
import torch

from tests.apptest_helpers import open_page, stop_runs
from ui.presets import PRESETS
from ui.text import lookup

torch.set_num_threads(1)
PAGES = {"logistic-regression": ("pages/logistic_regression.py", "ch6"),
         "multiple-features": ("pages/multiple_features.py", "ch7"),
         "mini-batches": ("pages/mini_batches.py", "mb-race-mini"),
         "softmax-mnist": ("pages/softmax_mnist.py", "sm-train"),
         "convolution": ("pages/convolution.py", "cv-train"),
         "convolution-explorer": ("pages/convolution.py", "cv-train")}


@pytest.fixture(scope="module", params=list(PAGES))
def page(request):
    app = open_page(PAGES[request.param][0])
    yield request.param, app
    stop_runs(app)


def test_every_preset_sets_its_page_widgets_and_shows_what_to_watch(page):
    name, app = page
    assert not app.exception
    pills = app.pills(key=f"extras-preset-{name}")
    assert pills.options == [lookup(f"presets.{name}.{preset}") for preset in PRESETS[name]]
    for preset, values in PRESETS[name].items():
        pills.set_value(preset)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        for key, value in values.items():
            assert app.get_by_key(key).value == value, (preset, key)
        watch = lookup(f"presets.{name}.{preset}.watch")
        assert any(watch in info.value for info in app.info), preset
        pills = app.pills(key=f"extras-preset-{name}")


def test_a_preset_reaches_the_run_config_of_an_idle_panel():
    app = open_page("pages/multiple_features.py")
    try:
        app.pills(key="extras-preset-multiple-features").set_value("early_stop")
        app.run()
        cfg = app.session_state["runners"]["ch7"].cfg
        assert cfg.hidden == (64, 64, 64, 64) and cfg.activation == "relu" and cfg.optimizer == "adam"
        assert cfg.patience == 10 and cfg.epochs == 300
        app.pills(key="extras-preset-multiple-features").set_value(None)  # clicking it again hides the note
        app.run()
        assert not any("Watch:" in info.value for info in app.info)
        assert app.session_state["runners"]["ch7"].cfg.patience == 10  # the settings stay
    finally:
        stop_runs(app)


def test_presets_speak_chinese():
    app = open_page("pages/softmax_mnist.py")
    try:
        app.session_state["lang"] = "zh"
        app.run()
        assert app.pills(key="extras-preset-softmax-mnist").label == "从预设开始"
    finally:
        stop_runs(app)
