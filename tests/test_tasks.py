"""The task registry: one module per task, each giving the shared loop and the export what they ask for."""

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
