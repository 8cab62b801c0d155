"""Chapter 10 in core: a convolution by hand against torch, the course's CNNs, their shapes, CLI and exported script."""

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.config import MNIST_MODELS, default_config
from core import convolution
from core.convolution import (COURSE_INPUT, COURSE_KERNEL, COURSE_POOL_INPUT, KERNEL_PRESETS, cell_terms,
                              channels_example, checked_kernel, convolve, kernel_preset, layer_shapes, max_pool,
                              output_size, torch_conv)
from bench.bench_course_cnn import CourseNet  # the course's own chapter-10 code, as the lecture writes it
from core.export import export_script
from core.models import CourseCNN, CourseCNNExercise, MnistMLP, parameter_count
from core.tasks import build_model
from tests.test_export import ROOT, assert_same, core_records, needs_mnist, run_script


def test_course_cnn_has_the_course_s_8490_parameters_against_the_mlp_s_575050():
    assert parameter_count(CourseCNN()) == 8490
    assert parameter_count(MnistMLP()) == 575_050
    assert parameter_count(CourseCNNExercise()) < parameter_count(MnistMLP())


def test_same_seed_gives_the_course_s_weights_and_outputs():
    torch.manual_seed(7)
    ours = CourseCNN()
    torch.manual_seed(7)
    theirs = CourseNet()
    for (name, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items(), strict=True):
        assert torch.equal(a, b), name
    x = torch.randn(3, 1, 28, 28)
    assert torch.equal(ours(x), theirs(x))


def test_shape_after_every_layer_of_the_course_cnn():
    rows = layer_shapes(CourseCNN())
    assert [shape for _, shape, _ in rows] == [(1, 28, 28), (10, 24, 24), (10, 12, 12), (20, 8, 8), (20, 4, 4),
                                                (320,), (10,)]
    assert [name for name, _, _ in rows] == ["input", "conv1", "pooling", "conv2", "pooling", "flatten", "fc"]
    assert sum(params for _, _, params in rows) == 8490
    assert [params for name, _, params in rows if name.startswith("conv")] == [10 * 25 + 10, 20 * 10 * 25 + 20]


def test_exercise_network_has_three_conv_three_pooling_three_linear_layers():
    model = CourseCNNExercise()
    rows = layer_shapes(model)
    names = [name for name, _, _ in rows]
    assert sum(name.startswith("conv") for name in names) == 3 and names.count("pooling") == 3
    assert sum(name.startswith("fc") for name in names) == 3
    assert rows[-1][1] == (10,) and sum(params for _, _, params in rows) == parameter_count(model)


def test_layer_shapes_leave_the_model_as_it_was():
    model = build_model(default_config("mnist", model="cnn"))  # dropout and batch norm
    before = {k: v.clone() for k, v in model.state_dict().items()}
    rows = layer_shapes(model)
    assert model.training and rows[-1][1] == (10,)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # batch norm's statistics too
    assert not model._forward_hooks and not model.conv1._forward_hooks


@pytest.mark.parametrize("name, cls", [("course-cnn", CourseCNN), ("course-cnn-exercise", CourseCNNExercise)])
def test_config_and_task_build_the_named_network(name, cls):
    assert name in MNIST_MODELS
    assert type(build_model(default_config("mnist", model=name))) is cls
    script = export_script(default_config("mnist", model=name))
    assert f"class {cls.__name__}(nn.Module):" in script and f"    model='{name}'," in script


def test_cli_offers_the_chapter_10_models_and_refuses_others():
    bad = subprocess.run([sys.executable, "-m", "core", "train", "mnist", "--model", "lenet"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "course-cnn-exercise" in bad.stderr and "Traceback" not in bad.stderr


@needs_mnist
@pytest.mark.parametrize("model", ["course-cnn", "course-cnn-exercise"])
def test_exported_course_cnn_script_reproduces_core_records(model, tmp_path):
    cfg = default_config("mnist", model=model, epochs=2, train_subset=320, test_subset=300, log_every=2)
    script = run_script(cfg, tmp_path)
    assert_same(script, core_records(cfg))
    assert [r["kind"] for r in script].count("eval") == 2 and script[-1]["reason"] == "finished"


@needs_mnist
def test_cli_course_cnn_one_full_epoch_reaches_95_5_percent():
    """The course's settings (batch 64, SGD lr 0.01, momentum 0.5), all 60000 training digits, one epoch."""
    done = subprocess.run([sys.executable, "-m", "core", "train", "mnist", "--model", "course-cnn", "--epochs", "1",
                           "--device", "cpu"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records[-1]["kind"] == "end" and records[-1]["reason"] == "finished"
    (last,) = [r for r in records if r["kind"] == "eval"]
    assert last["test/acc"] >= 0.955 and last["step"] == 938  # ceil(60000 / 64) iterations
    assert {(r["lr"], r["momentum"]) for r in records if r["kind"] == "train"} == {(0.01, 0.5)}


# ---------------------------------------------------------------- a convolution by hand
def test_the_lecture_s_example_gives_the_lecture_s_numbers():
    assert convolve(COURSE_INPUT, COURSE_KERNEL).tolist() == [[211, 295, 262], [259, 282, 214], [251, 253, 169]]
    assert convolve(COURSE_INPUT, COURSE_KERNEL, padding=1)[0].tolist() == [91, 168, 224, 215, 127]
    assert convolve(COURSE_INPUT, COURSE_KERNEL, stride=2).tolist() == [[211, 262], [251, 169]]
    assert max_pool(COURSE_POOL_INPUT)[0].tolist() == [[4, 8], [9, 8]]


@pytest.mark.parametrize("size, kernel, padding, stride", [(5, 3, 0, 1), (5, 3, 1, 1), (5, 3, 0, 2), (28, 5, 0, 1),
                                                          (28, 5, 2, 3), (28, 3, 1, 2), (7, 5, 3, 4), (6, 5, 0, 6),
                                                          (5, 3, 0, 8), (5, 3, 1, 8), (28, 5, 1, 31), (5, 5, 0, 3)])
def test_hand_convolution_matches_conv2d(size, kernel, padding, stride):
    rng = np.random.default_rng(size * 100 + kernel * 10 + padding + stride)
    image, weights = rng.normal(size=(size, size)), rng.normal(size=(kernel, kernel))
    ours, theirs = convolve(image, weights, padding, stride), torch_conv(image, weights, padding, stride)
    assert ours.shape == theirs.shape == (output_size(size, kernel, padding, stride),) * 2
    np.testing.assert_allclose(ours, theirs, atol=1e-10)
    expected = F.conv2d(torch.as_tensor(image)[None, None], torch.as_tensor(weights)[None, None], padding=padding,
                        stride=stride)
    assert tuple(expected.shape[-2:]) == ours.shape


def test_a_stride_past_the_input_s_end_leaves_the_first_window_as_conv2d_does():
    assert output_size(5, 3, 0, 8) == 1 and output_size(5, 3, 0, 9) == 1
    assert convolve(COURSE_INPUT, COURSE_KERNEL, stride=8).tolist() == [[211]]


def test_one_cell_s_terms_add_up_to_that_cell_and_padding_reads_zero():
    ours = convolve(COURSE_INPUT, COURSE_KERNEL, padding=1, stride=2)
    terms = cell_terms(COURSE_INPUT, COURSE_KERNEL, 1, 2, 0, 0)
    assert len(terms) == 9 and sum(x * w for _, _, x, w in terms) == ours[0, 0]
    assert terms[0] == (-1, -1, 0.0, 1.0) and terms[4] == (0, 0, 3.0, 5.0)  # the corner is padding, the centre is 3
    assert all(x == 0 for i, j, x, _ in terms if min(i, j) < 0)
    with pytest.raises(ValueError, match="outside the 3x3 output"):
        cell_terms(COURSE_INPUT, COURSE_KERNEL, 1, 2, 3, 0)


@pytest.mark.parametrize("shape", [(4, 4), (24, 24), (8, 8), (5, 7)])
def test_max_pool_and_its_winners_match_max_pool2d(shape):
    fmap = np.random.default_rng(sum(shape)).normal(size=shape)
    pooled, winners = max_pool(fmap)
    values, indices = F.max_pool2d(torch.as_tensor(fmap)[None, None], 2, return_indices=True)
    np.testing.assert_array_equal(pooled, values[0, 0].numpy())
    np.testing.assert_array_equal(winners, indices[0, 0].numpy())
    assert np.array_equal(fmap.flat[winners.ravel()].reshape(pooled.shape), pooled)


def test_three_channels_need_a_four_d_weight_and_match_conv2d():
    example = channels_example(COURSE_INPUT, COURSE_KERNEL, out_channels=2)
    assert example["input"].shape == (3, 5, 5) and example["weight"].shape == (2, 3, 3, 3)
    assert example["output"].shape == (2, 3, 3) and example["parts"].shape == (2, 3, 3, 3)
    np.testing.assert_allclose(example["output"], example["torch"], atol=1e-10)
    np.testing.assert_allclose(example["parts"][0, 0], convolve(COURSE_INPUT, example["weight"][0, 0]))


@pytest.mark.parametrize("name", list(KERNEL_PRESETS))
def test_presets_in_a_five_by_five_grid_act_as_their_three_by_three(name):
    image = np.random.default_rng(1).normal(size=(9, 9))
    three, five = kernel_preset(name, 3), kernel_preset(name, 5)
    assert three.shape == (3, 3) and five.shape == (5, 5)
    np.testing.assert_allclose(convolve(image, five, padding=2), convolve(image, three, padding=1), atol=1e-12)


def test_presets_do_what_their_names_say():
    image = np.random.default_rng(2).normal(size=(6, 6))
    np.testing.assert_allclose(convolve(image, kernel_preset("identity"), padding=1), image)
    assert np.allclose(convolve(np.ones((5, 5)), kernel_preset("blur")), 1)
    ramp = np.tile(np.arange(6.0), (6, 1))  # brighter to the right
    assert np.all(convolve(ramp, kernel_preset("vertical_edge")) > 0)
    assert np.allclose(convolve(ramp, kernel_preset("horizontal_edge")), 0)


@pytest.mark.parametrize("size, kernel, padding, stride, message", [
    (3, 5, 0, 1, "output would be empty"), (5, 3, 0, 0, "stride must be at least 1"),
    (5, 3, -1, 1, "padding at least 0")])
def test_settings_that_leave_no_output_are_refused(size, kernel, padding, stride, message):
    with pytest.raises(ValueError, match=message):
        output_size(size, kernel, padding, stride)
    with pytest.raises(ValueError, match=message):
        convolve(np.zeros((size, size)), np.zeros((kernel, kernel)), padding, stride)


@pytest.mark.parametrize("cells, message", [
    ([[1, 2, 3], [4, "x", 6], [7, 8, 9]], r"row 2, column 2\) is not a number: 'x'"),
    ([[1, 2, 3], [4, None, 6], [7, 8, 9]], "is not a number: empty"),
    ([[1, 2, 3], [4, float("nan"), 6], [7, 8, 9]], "not a finite number"),
    ([[1, 2], [3, 4]], "square 3x3 or 5x5"), ([[1, 2, 3], [4, 5, 6]], "square 3x3 or 5x5"),
    ([[1, 2, 3], [4, 5], [7, 8, 9]], "square 3x3 or 5x5"), ([[True, 0, 0], [0, 1, 0], [0, 0, 1]], "not a number")])
def test_a_kernel_cell_that_is_not_a_number_is_named(cells, message):
    with pytest.raises(ValueError, match=message):
        checked_kernel(cells)


def test_kernel_cells_typed_as_text_are_read_as_numbers():
    assert checked_kernel([["1", " -2.5 ", 3], [0, 0, 0], [0, 0, 0]])[0].tolist() == [1, -2.5, 3]
    with pytest.raises(ValueError, match="unknown kernel"):
        convolution.kernel_preset("emboss")
    with pytest.raises(ValueError, match="3x3 or 5x5"):
        convolution.kernel_preset("blur", 4)
