"""The task registry: one module per task, each giving the shared loop and the export what they ask for."""

import math

import pytest
import torch

from core.config import TASKS, default_config
from core.tasks import MODULES, TASKS as REGISTRY, UPLOADED, task_of
from core.tasks.base import REQUIRED


def test_every_config_task_has_exactly_one_module():
    assert set(REGISTRY) == set(TASKS)
    assert len({module.NAME for module in MODULES}) == len(MODULES)
    for name in TASKS:
        assert task_of(default_config(name)).name == name


@pytest.mark.parametrize("module", [*MODULES, UPLOADED.module], ids=lambda m: m.NAME)
def test_each_task_module_gives_the_whole_interface(module):
    assert all(hasattr(module, name) for name in REQUIRED)


@pytest.mark.parametrize("name", ["logistic", "linear", "diabetes", "titanic"])
def test_count_correct_agrees_with_the_evaluated_accuracy(name):
    """A task's evaluate reports count_correct / N, the figure its records call accuracy."""
    from core.train import Training

    training = Training(default_config(name, epochs=1, device="cpu"))
    record = training.evaluate()
    task = task_of(training.cfg)
    with torch.no_grad():
        out = training.model.eval()(training.data.x_train)
    correct = task.count_correct(out, training.data.y_train)
    if name == "linear":
        assert correct == 0 and "train/acc" not in record
    else:
        assert record["train/acc"] == pytest.approx(correct / len(out))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_each_course_task_says_its_defaults_and_the_settings_a_comparison_shows(module):
    fields = default_config(module.NAME).to_dict()
    assert module.DEFAULTS and "task" not in module.DEFAULTS  # the task is its NAME
    assert module.COMPARED and set(module.COMPARED) <= set(fields)


def test_the_chance_loss_is_a_know_nothing_models_loss():
    """BCE of always answering 0.5 on the binary tasks, cross-entropy of 1 in 10 on MNIST; none for regression."""
    assert {name: task.chance_loss for name, task in REGISTRY.items()} == pytest.approx(
        {"logistic": math.log(2), "linear": None, "diabetes": math.log(2), "titanic": math.log(2),
         "mnist": math.log(10), "gradient-descent": None, "back-propagation": None,
         "linear-regression": None})
    out = torch.full((4, 1), 0.5)
    assert float(torch.nn.BCELoss()(out, torch.tensor([[0.0], [1.0], [1.0], [0.0]]))) == pytest.approx(
        REGISTRY["diabetes"].chance_loss)


def test_each_task_names_text_keys_the_ui_has():
    from ui.text import TEXT

    for task in [*REGISTRY.values(), UPLOADED]:
        assert task.script_data_text in TEXT, task
        assert not task.dataset or f"shell.dataset.{task.dataset}" in TEXT, task


def test_only_the_tasks_that_take_uploads_accept_an_uploaded_tables_id():
    upload_id = "upload:" + "0" * 16
    assert [name for name, task in REGISTRY.items() if task.takes_uploads] == ["diabetes"]
    assert default_config("diabetes", data=upload_id).data == upload_id
    with pytest.raises(ValueError, match="on the diabetes task"):
        default_config("titanic", data=upload_id)


def test_each_data_set_is_ready_when_its_task_can_read_it(monkeypatch):
    """The home page's and sidebar's readiness lines: one per data set a task needs, False when it does not read."""
    from core import data

    assert [task.dataset for task in REGISTRY.values() if task.dataset] == ["diabetes", "Titanic", "MNIST"]
    assert all(task.data_ready() for task in REGISTRY.values())  # the session's tmp copy of set-up's data

    def unreadable(root=None):
        raise ValueError("diabetes.csv.gz is missing")

    monkeypatch.setattr(data, "read_diabetes", unreadable)
    assert not REGISTRY["diabetes"].data_ready() and REGISTRY["titanic"].data_ready()
