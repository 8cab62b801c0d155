"""Chapter 10's page through the app's router (AppTest): the explorer, bad input, a budget run of the course's CNN."""

import numpy as np
import pytest
import torch

from core.convolution import COURSE_INPUT, COURSE_POOL_INPUT, convolve, kernel_preset, max_pool
from tests.apptest_helpers import open_page, rerun_until, stop_runs
from tests.test_i18n import open_in
from tests.test_page_minibatch import chart, metric
from tests.test_page_softmax import _rows
from tests.test_share import open_link
from ui.conv_explorer import clicked_cell
from ui.figures_ch10 import OUTPUT_CELLS, convolution_figure, pooling_figure
from ui.text import lookup

torch.set_num_threads(1)  # small models on a shared two-core machine
PAGE = "pages/convolution.py"
SLOT = "cv-train"


def output_map(at) -> np.ndarray:
    """The output heatmap of the explorer (the third of input, kernel, output)."""
    return _rows(chart(at, "cv-conv-chart")["data"][2]["z"]).astype(float)


def runner_state(at):
    return at.session_state["runners"][SLOT].state()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_renders_every_tab_in_both_languages(lang):
    at = open_in(lang, PAGE)
    try:
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == lookup("ch10.title", lang)
        tabs = [lookup(f"ch10.tab.{name}", lang) for name in ("hand", "train", "sees")]
        assert [tab.label for tab in at.tabs] == tabs
        for key in ("cv-conv-chart", "cv-pool-chart", "cv-channels-chart", "cv-filters-chart", "cv-maps-conv1-chart",
                    "cv-maps-conv2-chart"):
            assert chart(at, key)["data"], key
        assert not at.error
    finally:
        stop_runs(at)


def test_the_course_example_shows_the_lecture_s_numbers(at):
    np.testing.assert_array_equal(output_map(at), [[211, 295, 262], [259, 282, 214], [251, 253, 169]])
    at.slider(key="cv-padding").set_value(1).run()
    at.number_input(key="cv-row").set_value(1)
    at.number_input(key="cv-col").set_value(1).run()
    assert output_map(at).shape == (5, 5)
    assert any(m.value.endswith("= **211**") and m.value.startswith("out[1, 1] = 3·1 + 4·2") for m in at.markdown)
    assert any("shape (1, 1, 5, 5), largest difference 0" in c.value for c in at.caption)
    assert "(W - K + 2P)" not in at.latex[0].value and "5 - 3 + 2 \\cdot 1" in at.latex[0].value


def test_every_output_cell_has_a_click_target_over_the_output_map():
    output = convolve(COURSE_INPUT, kernel_preset("course"), 1, 2)  # 3x3
    fig = convolution_figure(COURSE_INPUT, kernel_preset("course"), output, 1, 2, (2, 1))
    cells = fig.data[OUTPUT_CELLS]
    assert (cells.type, cells.xaxis, cells.yaxis) == ("scatter", "x3", "y3")  # the output panel's axes
    assert sorted(zip(cells.y, cells.x)) == [(r, c) for r in range(3) for c in range(3)]
    np.testing.assert_array_equal(cells.customdata, output.ravel())  # the hover shows each cell's value
    rects = [(shape.x0, shape.y0) for shape in fig.layout.shapes]
    assert rects == [(2 * 1 - 0.5, 2 * 2 - 0.5), (1 - 0.5, 2 - 0.5)]  # the window on the input, the cell on the output


def test_a_click_selects_only_an_output_cell():
    cell = {"curve_number": OUTPUT_CELLS, "x": 4, "y": 1.0}
    assert clicked_cell({"points": [cell]}) == (1, 4)
    assert clicked_cell({"points": [{**cell, "curve_number": 0}]}) is None  # a heatmap point, not a cell
    assert clicked_cell({"points": []}) is None  # a click beside the cells keeps the selected one
    for bad in (-1, 1.5, None, True, "2"):
        assert clicked_cell({"points": [{**cell, "x": bad}]}) is None, bad


def test_a_smaller_output_keeps_the_selected_cell_inside_it(at):
    at.number_input(key="cv-row").set_value(2)
    at.number_input(key="cv-col").set_value(2).run()
    assert any(m.value.startswith("out[2, 2] = ") and m.value.endswith("= **169**") for m in at.markdown)
    at.slider(key="cv-stride").set_value(2).run()  # 3x3 -> 2x2: the last row and column
    assert not at.exception and output_map(at).shape == (2, 2)
    assert (at.number_input(key="cv-row").value, at.number_input(key="cv-col").value) == (1, 1)
    assert any(m.value.startswith("out[1, 1] = ") and m.value.endswith("= **169**") for m in at.markdown)


def test_a_kernel_preset_changes_the_output(at):
    before = output_map(at)
    at.selectbox(key="cv-preset").set_value("vertical_edge").run()
    after = output_map(at)
    assert not np.array_equal(before, after)
    np.testing.assert_allclose(after, convolve(COURSE_INPUT, kernel_preset("vertical_edge")))
    at.radio(key="cv-kernel-size").set_value(5).run()  # the same preset, centred in a 5x5 grid
    assert at.text_area(key="cv-kernel").value.splitlines()[0].split() == ["0"] * 5
    assert output_map(at).shape == (1, 1)
    assert "smaller than the 2x2 pooling window" in at.info[0].value  # a 1x1 map has nothing to pool


def test_a_bad_kernel_cell_is_named_and_the_page_keeps_working(at):
    at.text_area(key="cv-kernel").set_value("1 2 3\n4 x 6\n7 8 9").run()
    assert not at.exception
    assert "kernel cell (row 2, column 2) is not a number: 'x'" in at.error[0].value
    assert chart(at, "cv-filters-chart")["data"]  # the other tabs still draw
    assert metric(at, "parameters: chapter 9's MLP") == "575,050"
    at.text_area(key="cv-kernel").set_value("1 2\n3 4").run()
    assert "square 3x3 or 5x5" in at.error[0].value
    at.text_area(key="cv-kernel").set_value("0 0 0\n0 1/2 0\n0 0 0").run()
    assert not at.error
    np.testing.assert_allclose(output_map(at), np.array(COURSE_INPUT)[1:4, 1:4] / 2)


def test_a_stride_past_the_input_gives_conv2d_s_one_cell(at):
    at.slider(key="cv-stride").set_value(8).run()
    assert not at.exception and not at.error
    np.testing.assert_array_equal(output_map(at), [[211]])  # (5 - 3) // 8 + 1 = 1: the first window only
    assert any("shape (1, 1, 1, 1), largest difference 0" in c.value for c in at.caption)
    assert "smaller than the 2x2 pooling window" in at.info[0].value
    at.slider(key="cv-stride").set_value(2).run()
    assert not at.error and output_map(at).shape == (2, 2)


def test_pooling_shows_the_lecture_s_example_and_says_an_odd_map_loses_a_row_and_column(at):
    lecture = chart(at, "cv-pool-lecture-chart")["data"]
    assert _rows(lecture[0]["z"]).tolist() == [[3, 4, 6, 5], [2, 4, 6, 8], [1, 6, 7, 8], [9, 7, 4, 6]]
    assert _rows(lecture[1]["z"]).tolist() == [[4, 8], [9, 8]]
    # The course's 3x3 output: one window; its last row and column are shaded and named below the chart.
    assert [trace.get("name") for trace in chart(at, "cv-pool-chart")["data"][2:]] == ["windows", "winners", "dropped"]
    assert any(c.value.startswith("The map is 3×3, an odd size") and "first 2 rows" in c.value for c in at.caption)
    at.slider(key="cv-padding").set_value(1).run()  # 5x5 -> still odd; padding 2 makes it 7x7, stride 2 ... 4x4
    at.slider(key="cv-padding").set_value(2)
    at.slider(key="cv-stride").set_value(2).run()
    assert output_map(at).shape == (4, 4)
    assert [trace.get("name") for trace in chart(at, "cv-pool-chart")["data"][2:]] == ["windows", "winners"]
    assert not any("an odd size" in c.value for c in at.caption)


def test_the_pooling_figure_rings_each_winner_inside_its_window_without_hiding_its_number():
    fmap = np.array(COURSE_POOL_INPUT, dtype=float)
    pooled, winners = max_pool(fmap)
    fig = pooling_figure(fmap, pooled, winners)
    windows, ringed = fig.data[2], fig.data[3]
    assert (windows.mode, ringed.mode) == ("lines", "lines")  # outlines, no marker drawn over a cell's number
    assert fig.data[0].texttemplate == "%{text}" and fig.data[0].text[3][0] == "9"
    corners = lambda trace: [(x, y) for x, y in zip(trace.x, trace.y) if x is not None][::5]  # noqa: E731
    assert corners(windows) == [(-0.5, -0.5), (1.5, -0.5), (-0.5, 1.5), (1.5, 1.5)]  # four 2x2 windows
    # Each ring sits just inside its winner's cell: 4 at (0, 1), 8 at (1, 3), 9 at (3, 0), 8 at (2, 3).
    np.testing.assert_allclose(corners(ringed), [(0.62, -0.38), (2.62, 0.62), (-0.38, 2.62), (2.62, 1.62)])


def test_an_mnist_digit_is_convolved_too(at):
    at.radio(key="cv-input").set_value("digit").run()
    at.number_input(key="cv-index").set_value(3).run()
    assert not at.exception
    assert output_map(at).shape == (26, 26) and _rows(chart(at, "cv-pool-chart")["data"][1]["z"]).shape == (13, 13)


def test_the_layer_rows_speak_chinese():
    at = open_in("zh", PAGE)
    try:
        layers = list(at.dataframe[0].value.iloc[:, 0])
        assert layers[0] == "输入" and "池化（pooling）" in layers and "展平（flatten）" in layers and "conv1" in layers
        assert "input" not in layers and "pooling" not in layers and "flatten" not in layers
    finally:
        stop_runs(at)


def test_models_show_their_shapes_and_parameters_beside_the_mlp(at):
    shapes = at.dataframe[0].value
    assert list(shapes.iloc[:, 1]) == ["1 × 28 × 28", "10 × 24 × 24", "10 × 12 × 12", "20 × 8 × 8", "20 × 4 × 4",
                                       "320", "10"]
    assert metric(at, "parameters: the course's CNN (2 conv + 1 linear)") == "8,490"
    assert metric(at, "parameters: chapter 9's MLP") == "575,050"
    at.radio(key="cv-model").set_value("course-cnn-exercise").run()
    assert "conv3" in list(at.dataframe[0].value.iloc[:, 0])
    assert metric(at, "parameters: the exercise: 3 conv, 3 pooling, 3 linear") == "20,864"
    assert chart(at, "cv-maps-conv3-chart")["data"]  # what the network sees follows the chosen model


def test_start_trains_a_budget_run_and_every_view_follows(at):
    at.select_slider(key="cv-train-subset").set_value(1000)
    at.number_input(key="cv-epochs").set_value(2).run()
    untrained = chart(at, "cv-filters-chart")["data"][0]["z"]
    assert any("Not trained yet" in c.value for c in at.caption)
    # One step first: the run waits there (paused) while the views are read, so it cannot have finished meanwhile.
    at.button(key="cv-train-step").click().run()
    rerun_until(at, lambda: runner_state(at).step == 1, "the single step")
    stepped = runner_state(at)
    assert stepped.status == "paused" and len(chart(at, "cv-loss-chart")["data"][0]["x"]) == 1
    at.button(key="cv-train-start").click().run()
    rerun_until(at, lambda: runner_state(at).status == "finished", "the budget run to finish", timeout=300)
    state = runner_state(at)
    assert len(state.records) > len(stepped.records) and state.config["model"] == "course-cnn"
    assert state.config["train_subset"] == 1000 and len(state.of_kind("eval")) == 2
    assert len(chart(at, "cv-loss-chart")["data"][0]["x"]) == len(state.of_kind("train"))
    assert chart(at, "cv-confusion-chart")["data"]
    assert metric(at, "Test accuracy") == f"{state.latest('eval')['test/acc']:.2%}"
    assert any(c.value.startswith("Weights after epoch 2") for c in at.caption)
    assert chart(at, "cv-filters-chart")["data"][0]["z"] != untrained  # the filters learned something


def test_a_link_restores_the_explorer():
    at = open_link(PAGE, {"cv-input": "an MNIST test digit", "cv-index": "5", "cv-kernel-size": "5×5",
                          "cv-kernel": "0 0 0 0 0\n0 0 0 0 0\n0 0 2 0 0\n0 0 0 0 0\n0 0 0 0 0", "cv-padding": "2",
                          "cv-stride": "3", "cv-row": "4", "cv-col": "5"})
    try:
        assert not at.error and not at.exception
        assert output_map(at).shape == (10, 10)  # (28 - 5 + 2 * 2) // 3 + 1
        assert at.text_area(key="cv-kernel").value.split() == ["0"] * 12 + ["2"] + ["0"] * 12
        assert any(m.value.startswith("out[4, 5] = ") for m in at.markdown)
    finally:
        stop_runs(at)


def test_the_learner_s_drawing_on_draw_is_an_input(at):
    at.radio(key="cv-input").set_value("drawing").run()
    assert not at.exception and at.info  # nothing drawn yet: says so and shows the course's example
    np.testing.assert_array_equal(output_map(at), [[211, 295, 262], [259, 282, 214], [251, 253, 169]])
    drawn = np.zeros((28, 28), np.float32)
    drawn[4:24, 13:15] = 1.0  # a drawn 1, as /draw keeps it (core.preprocess's centred 28×28 image)
    at.session_state["draw_reading"] = {"image": drawn, "canvas": None, "main_digit": 1, "digits": {}}
    at.run()
    kernel = kernel_preset(at.session_state["cv-preset"], at.session_state["cv-kernel-size"])
    np.testing.assert_allclose(output_map(at), convolve(drawn, kernel), rtol=1e-5, atol=1e-5)


def test_a_training_preset_reaches_the_course_cnn_s_run_config(at):
    at.pills(key="extras-preset-convolution").set_value("exercise").run()
    cfg = at.session_state["runners"][SLOT].cfg
    assert (cfg.model, cfg.epochs, cfg.train_subset) == ("course-cnn-exercise", 3, 0)  # 0: all 60000
    assert (cfg.batch_size, cfg.lr, cfg.momentum, cfg.optimizer) == (64, 0.01, 0.5, "sgd")


def test_an_explorer_preset_writes_out_the_cell_its_note_names(at):
    at.pills(key="extras-preset-convolution-explorer").set_value("edge_stride_2").run()
    assert not at.exception and not at.error
    assert any(m.value.startswith("out[6, 8] = ") and m.value.endswith("= **3.671**") for m in at.markdown)
    at.pills(key="extras-preset-convolution-explorer").set_value("lecture_padding").run()
    assert any(m.value.startswith("out[0, 0] = 0·1 + 0·2") and m.value.endswith("= **91**") for m in at.markdown)


def notes(at) -> list[str]:
    return [info.value for info in at.info if "Watch:" in info.value or "观察：" in info.value]


def test_a_preset_s_note_goes_once_a_setting_it_made_changes(at):
    pills = "extras-preset-convolution-explorer"
    at.pills(key=pills).set_value("lecture_stride").run()
    assert len(notes(at)) == 1 and "out[1, 1] = 169" in notes(at)[0]
    at.number_input(key="cv-row").set_value(0).run()  # another cell: the learner looks elsewhere, the preset holds
    assert len(notes(at)) == 1
    at.slider(key="cv-padding").set_value(1).run()  # no longer the preset's convolution: its numbers would be wrong
    assert not notes(at) and at.pills(key=pills).value is None
    at.pills(key=pills).set_value("lecture_stride").run()  # one click applies it again
    assert len(notes(at)) == 1 and at.slider(key="cv-padding").value == 0
    at.selectbox(key="cv-preset").set_value("blur").run()  # a new kernel
    assert not notes(at)
    at.pills(key="extras-preset-convolution").set_value("quick").run()
    assert len(notes(at)) == 1
    at.select_slider(key="cv-lr").set_value(0.1).run()  # a training preset's note goes the same way
    assert not notes(at) and at.pills(key="extras-preset-convolution").value is None


def test_a_training_preset_s_note_names_the_buttons_as_they_are_labelled(at):
    at.pills(key="extras-preset-convolution").set_value("quick").run()
    (note,) = notes(at)
    assert "press **Start** (**Reset** first" in note
    at.session_state["lang"] = "zh"  # AppTest reads a translated radio's label in English: switch after the clicks
    at.run()
    (note,) = notes(at)
    assert "按「**开始**」" in note and "「**重置**」" in note and "Start" not in note and "Reset" not in note


def test_a_one_epoch_exercise_run_shows_its_point_and_says_why_it_is_still_guessing(at):
    at.pills(key="extras-preset-convolution").set_value("exercise").run()
    at.select_slider(key="cv-train-subset").set_value(1000)
    at.number_input(key="cv-epochs").set_value(1).run()
    assert not at.exception and not any("exercise network has not started" in i.value for i in at.info)
    at.button(key="cv-train-start").click().run()
    rerun_until(at, lambda: runner_state(at).status == "finished", "the budget run to finish", timeout=300)
    state = runner_state(at)
    assert state.config["log_every"] == 4  # 16 iterations an epoch: 4 points of 4
    assert [r["iteration"] for r in state.of_kind("train")] == [4, 8, 12, 16]
    assert at.success[0].value == "Finished 1 epoch (16 steps)."
    accuracy = chart(at, "cv-acc-chart")["data"]
    assert all(trace["mode"] == "lines+markers" and len(trace["x"]) == 1 for trace in accuracy)  # one visible point
    assert metric(at, "Test accuracy") == f"{state.latest('eval')['test/acc']:.2%}"
    (stuck,) = [i.value for i in at.info if "exercise network has not started" in i.value]
    assert "16 updates an epoch" in stuck and "learning rate 0.1" in stuck
