"""Chapter 10 in core: the course's CNN and its exercise network, their shapes, CLI and exported script."""

import json
import subprocess
import sys

import pytest
import torch
import torch.nn.functional as F

from core.config import MNIST_MODELS, default_config
from core.convolution import layer_shapes
from core.export import export_script
from core.models import CourseCNN, CourseCNNExercise, MnistMLP, build_model, parameter_count
from tests.test_export import ROOT, assert_same, core_records, needs_mnist, run_script


class CourseNet(torch.nn.Module):
    """The course's own chapter-10 code, as the lecture writes it."""

    def __init__(self):
        super(CourseNet, self).__init__()
        self.conv1 = torch.nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = torch.nn.Conv2d(10, 20, kernel_size=5)
        self.pooling = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(320, 10)

    def forward(self, x):
        batch_size = x.size(0)
        x = F.relu(self.pooling(self.conv1(x)))
        x = F.relu(self.pooling(self.conv2(x)))
        x = x.view(batch_size, -1)
        return self.fc(x)


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
