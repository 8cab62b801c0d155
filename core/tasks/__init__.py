"""One module per task: its data, model, loss, record fields and its part of the exported script.

`task_of(cfg)` is the one look-up the shared loop (core.train), runner and export make, and TASKS[name] the one
the pages' helpers make (defaults, compare columns, chance loss); a new task is a new module here, registered in
MODULES (core.config.TASKS follows), plus its page (README.md, "Adding a task").
"""

from torch import nn

from core.tasks import (back_propagation, diabetes, gradient_descent, linear, linear_regression, logistic, mnist,
                        titanic, uploaded)
from core.tasks.base import Task, TaskData  # noqa: F401 (re-exported)

MODULES = (gradient_descent, back_propagation, linear_regression, logistic, linear, diabetes, titanic, mnist)
TASKS = {module.NAME: Task(module) for module in MODULES}
UPLOADED = Task(uploaded)


def task_of(cfg) -> Task:
    """The task a run config trains: its own, or a learner's uploaded table (cfg.data) in chapter 7's place."""
    return UPLOADED if cfg.data else TASKS[cfg.task]


def build_model(cfg, in_features: int | None = None) -> nn.Module:
    """The model a config asks for, built by its task module; table tasks need the number of input features."""
    return task_of(cfg).build_model(cfg, in_features)
