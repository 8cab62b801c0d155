"""Chapter 11's page through the app's router (AppTest): the Inception explorer's numbers, bad widths, the shortcut
race, a budget run of the residual network, the block maps, links and the class board's entry."""

import pytest
import torch

from core.inception_cost import bottleneck_cost, inception_cost
from tests.apptest_helpers import rerun_until, stop_runs
from tests.test_i18n import open_in
from tests.test_page_minibatch import chart, metric
from tests.test_share import open_link
from ui.registry import CHAPTER_OF_SLOT
from ui.text import lookup

torch.set_num_threads(1)  # small models on a shared two-core machine
PAGE = "pages/advanced_cnn.py"
SLOT = "ac-train"


def runner_state(at):
    return at.session_state["runners"][SLOT].state()


def frame(at, first_column: str):
    """The table the page drew whose first column is `first_column`, as a pandas DataFrame (a table without
    selections carries no key in AppTest)."""
    return next(table.value for table in at.dataframe if table.value.columns[0] == first_column)


def errors(at) -> list[str]:
    return [error.value for error in at.error]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_renders_every_tab_in_both_languages(lang):
    at = open_in(lang, PAGE)
    try:
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == lookup("ch11.title", lang)
        tabs = [lookup(f"ch11.tab.{name}", lang) for name in ("inception", "train", "shortcut", "sees")]
        assert [tab.label for tab in at.tabs] == tabs
        for key in ("ac-inception-chart", "ac-maps-conv1-chart", "ac-maps-incep1-chart", "ac-maps-conv2-chart",
                    "ac-maps-incep2-chart"):
            assert chart(at, key)["layout"], key
        assert metric(at, lookup("ch11.out_channels", lang)) == "88"
        assert not at.error
    finally:
        stop_runs(at)


def test_the_inception_explorer_shows_the_lecture_s_module_and_follows_the_widths(at):
    lecture = inception_cost(12, 10)
    assert metric(at, "output channels") == "88"
    assert metric(at, "weights (with biases)") == f"{lecture['parameters']:,}"
    assert metric(at, "multiplications") == f"{lecture['multiplications']:,}"
    texts = [note["text"] for note in chart(at, "ac-inception-chart")["layout"]["annotations"]]
    assert any("16 + 24 + 24 + 24 = 88 channels" in text for text in texts)
    assert any(text.endswith("24×12×12") and text.startswith("5×5 conv") for text in texts)
    shapes = list(frame(at, "branch").iloc[:, 1])
    assert shapes == ["16×12×12", "16×12×12 → 24×12×12", "16×12×12 → 24×12×12 → 24×12×12", "24×12×12"]
    at.text_input(key="ac-w-1x1").set_value("32")
    at.text_input(key="ac-w-3x3").set_value("8 12 40").run()
    mine = inception_cost(12, 10, {"1x1": 32, "3x3": (8, 12, 40)})
    assert mine["out_channels"] == 32 + 24 + 40 + 24
    assert metric(at, "output channels") == str(mine["out_channels"])
    assert metric(at, "multiplications") == f"{mine['multiplications']:,}"
    assert any("32 + 24 + 40 + 24 = 120 channels" in note["text"]
               for note in chart(at, "ac-inception-chart")["layout"]["annotations"])
    at.number_input(key="ac-size").set_value(4)
    at.number_input(key="ac-in").set_value(20).run()  # the lecture's second module's input
    second = inception_cost(4, 20, {"1x1": 32, "3x3": (8, 12, 40)})
    assert metric(at, "multiplications") == f"{second['multiplications']:,}"


def test_the_one_by_one_comparison_gives_the_lecture_s_numbers_then_the_learner_s(at):
    assert metric(at, "straight") == "120,422,400"
    assert metric(at, "1×1 to 16 first") == "12,443,648"
    assert "120{,}422{,}400" in at.latex[0].value and "12{,}443{,}648" in at.latex[1].value
    at.number_input(key="ac-b-reduce").set_value(8)
    at.select_slider(key="ac-b-kernel").set_value(3).run()
    mine = bottleneck_cost(28, 192, 32, 3, 8)
    assert metric(at, "1×1 to 8 first") == f"{mine['bottleneck']:,}"
    assert metric(at, "straight") == f"{mine['direct']:,}" == f"{9 * 28 * 28 * 192 * 32:,}"
    at.number_input(key="ac-b-reduce").set_value(190).run()  # hardly narrower than the input: no saving
    assert any("does not shrink the channels enough" in c.value for c in at.caption)


def test_a_bad_width_is_named_and_the_rest_of_the_page_keeps_working(at):
    at.text_input(key="ac-w-3x3").set_value("16, x, 24").run()
    assert not at.exception
    assert errors(at) == ["This cannot be computed: the 3×3 branch's width 'x' is not a whole number"]
    at.text_input(key="ac-w-3x3").set_value("16, 24").run()
    assert "the 3×3 branch takes 3 width(s), one per conv; 2 given" in errors(at)[0]
    at.text_input(key="ac-w-3x3").set_value("16, 0, 24").run()  # core's range check, in its words
    assert "must be from 1 to 4096, got 0" in errors(at)[0]
    assert metric(at, "straight") == "120,422,400"  # the cost comparison and the training tab still draw
    assert at.button(key="ac-train-start")
    at.text_input(key="ac-w-3x3").set_value("16，24，24").run()  # a Chinese keyboard's commas are fine
    assert not at.error and metric(at, "output channels") == "88"


def test_a_link_restores_the_learner_s_module():
    at = open_link(PAGE, {"ac-w-5x5": "8, 48", "ac-size": "4", "ac-in": "20", "ac-depth": "8"})
    try:
        assert not at.error and not at.exception
        assert metric(at, "output channels") == str(16 + 48 + 24 + 24)
        mine = inception_cost(4, 20, {"5x5": (8, 48)})
        assert metric(at, "weights (with biases)") == f"{mine['parameters']:,}"
        assert at.slider(key="ac-depth").value == 8
    finally:
        stop_runs(at)


def test_the_shortcut_race_draws_each_layer_s_gradient_in_both_networks(at):
    assert any(c.value.startswith("Press Race") for c in at.caption)
    at.slider(key="ac-depth").set_value(12)
    at.select_slider(key="ac-race-steps").set_value(10).run()
    at.button(key="ac-race-run").click().run()
    assert not at.exception and not at.error
    grad = chart(at, "ac-grad-chart")
    assert [trace["name"] for trace in grad["data"]] == ["plain", "residual"]
    assert grad["data"][0]["x"] == ["stem", *(f"conv {i}" for i in range(1, 11)), "fc"]
    assert "step 10" in grad["layout"]["title"]["text"]
    assert [len(trace["x"]) for trace in chart(at, "ac-race-loss-chart")["data"]] == [10, 10]
    plain, residual = (float(metric(at, f"{name}-12: first layer's gradient ÷ last's"))
                       for name in ("plain", "residual"))
    assert plain < residual / 10  # the plain net's gradient fades on its way down; the shortcut carries it
    at.slider(key="ac-depth").set_value(16).run()  # new settings: the last race stays, named as the last
    assert any("the last race (depth 12, 10 steps" in info.value for info in at.info)


def test_a_budget_run_of_the_residual_network_learns_and_every_view_follows(at):
    at.radio(key="ac-model").set_value("course-resnet")
    at.select_slider(key="ac-train-subset").set_value(1000)
    at.number_input(key="ac-epochs").set_value(2).run()
    assert metric(at, "parameters: the lecture's residual network") == "41,514"
    assert list(frame(at, "block").iloc[:, 1]) == ["1 × 28 × 28", "16 × 24 × 24", "16 × 12 × 12", "32 × 8 × 8",
                                                      "32 × 4 × 4", "10"]
    untrained = chart(at, "ac-maps-rblock1-chart")["data"][0]["z"]
    at.button(key="ac-train-step").click().run()
    rerun_until(at, lambda: runner_state(at).step == 1, "the single step")
    stepped = runner_state(at)
    assert stepped.status == "paused" and len(chart(at, "ac-loss-chart")["data"][0]["x"]) == 1
    at.button(key="ac-train-start").click().run()
    rerun_until(at, lambda: runner_state(at).status == "finished", "the budget run to finish", timeout=300)
    state = runner_state(at)
    first, last = state.of_kind("eval")
    assert state.config["model"] == "course-resnet" and state.config["train_subset"] == 1000
    assert last["test/acc"] > 0.5 and last["train/loss"] < first["train/loss"]  # 16 steps an epoch: it learns
    assert metric(at, "Test accuracy") == f"{last['test/acc']:.2%}"
    side = frame(at, "run")
    assert list(side.iloc[0, 1:5]) == ["the lecture's residual network", "41,514", f"{last['test/acc']:.2%}", 2]
    assert float(side.iloc[0, 5]) > 0  # seconds per epoch
    assert any(c.value.startswith("Weights after epoch 2") for c in at.caption)
    assert chart(at, "ac-maps-rblock1-chart")["data"][0]["z"] != untrained  # the maps follow the trained weights
    assert any("--model course-resnet" in c.value for c in at.caption)


def test_the_exercise_s_block_designs_train_through_the_same_runner(at):
    at.radio(key="ac-model").set_value("course-resnet-full-preactivation").run()
    assert metric(at, "parameters: exercise: residual, full pre-activation") == f"{41_514 + 4 * (16 + 32):,}"
    assert at.session_state["runners"][SLOT].cfg.model == "course-resnet-full-preactivation"
    at.radio(key="ac-model").set_value("course-inception").run()
    assert metric(at, "parameters: the lecture's Inception network") == "97,298"
    assert "incep1" in list(frame(at, "block").iloc[:, 0])


def test_the_page_s_runs_go_on_the_class_board_as_chapter_11():
    assert CHAPTER_OF_SLOT[SLOT] == ("ch11", PAGE, "advanced-cnn")
    assert lookup("classroom.chapter.ch11", "zh") == "11 · 卷积神经网络（高级篇）"


def test_an_inception_run_still_guessing_after_an_epoch_is_told_why(at):
    at.radio(key="ac-model").set_value("course-inception")
    at.select_slider(key="ac-train-subset").set_value(1000)
    at.number_input(key="ac-epochs").set_value(1).run()
    assert not any("has not started learning" in info.value for info in at.info)
    at.button(key="ac-train-start").click().run()
    rerun_until(at, lambda: runner_state(at).status == "finished", "the budget run to finish", timeout=300)
    last = runner_state(at).latest("eval")
    assert last["train/loss"] > 0.95 * 2.3026  # 16 updates: the Inception net is still at a guess's loss
    assert any("with 16 updates an epoch this network has not started learning yet" in info.value for info in at.info)
