"""What every task module gives the shared loop and the exported script, and the defaults where a task needs none."""

from dataclasses import dataclass
from types import ModuleType

import torch

from core import loop

REQUIRED = ("NAME", "TITLE", "DATA_FILE", "load", "build_model", "criterion", "count_correct", "evaluate",
            "load_datasets", "script_sources")


@dataclass(frozen=True)
class TaskData:
    """Tensors for one task; y is (N, 1) float for binary/regression tasks, (N,) long for MNIST."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor | None = None
    y_test: torch.Tensor | None = None

    @property
    def in_features(self) -> int:
        return int(self.x_train[0].numel())


class Task:
    """A task module seen through one interface; the optional hooks default to 'nothing extra'."""

    def __init__(self, module: ModuleType):
        missing = [name for name in REQUIRED if not hasattr(module, name)]
        assert not missing, f"task module {module.__name__} lacks {', '.join(missing)}"
        self.module = module
        self.name: str = module.NAME
        self.title: str = module.TITLE
        self.data_file: str = module.DATA_FILE  # the exported script's --data default; "" when the data is inside
        self.data_note: str = getattr(module, "DATA_NOTE", "")
        self.load = module.load  # (cfg) -> TaskData, read once and cut to the budget
        self.build_model = module.build_model  # (cfg, in_features) -> nn.Module
        self.criterion = module.criterion  # (cfg) -> loss module
        self.count_correct = module.count_correct  # (outputs, labels) -> int
        self.evaluate = module.evaluate  # (model, criterion, train_set, test_set, running, keep_going) -> fields
        self.script_sources = module.script_sources  # (cfg) -> the script's data and model code
        self.seeded: str = getattr(module, "SEEDED", "the starting weights, the batch order and the train/test split")
        self.capturable: bool = getattr(module, "CAPTURABLE", False)  # whole steps as a CUDA graph (core.cuda_graph)
        self.parallel: bool = getattr(module, "PARALLEL", False)  # big enough for several CPU threads to pay off
        self.augmentable: bool = getattr(module, "AUGMENTABLE", False)  # core.augment's distortions apply
        self.script_stem = getattr(module, "script_stem", lambda cfg: module.NAME)  # the download's file name
        self.script_title = getattr(module, "script_title", lambda cfg: module.TITLE)  # the script's first line
        self.script_settings = getattr(module, "script_settings", lambda cfg: [])  # extra (name, value, note) rows
        self.train_fields = getattr(module, "train_fields", lambda training: {})  # extra fields of train records
        self.probe_index = getattr(module, "probe_index", lambda data: torch.empty(0, dtype=torch.long))
        self.softmax_outputs: bool = getattr(module, "SOFTMAX_OUTPUTS", False)  # logits: softmax gives probabilities
        self.last_eval = getattr(module, "last_eval", lambda outputs, labels: None)  # kept test predictions
        self.optimizers: tuple = getattr(module, "OPTIMIZERS", ("sgd", "adam"))  # the optimizers it trains with
        self.own_optimizer = getattr(module, "make_optimizer", loop.make_optimizer)  # (cfg, params, capturable)
        self.train_step = getattr(module, "train_step", loop.train_step)  # one update (LBFGS needs a closure)
        # What the pages, the CLI and /draw need to know about the task, said here and nowhere else.
        self.defaults: dict = {"task": module.NAME, **getattr(module, "DEFAULTS", {})}  # the course's RunConfig
        self.takes_uploads: bool = getattr(module, "TAKES_UPLOADS", False)  # a learner's table may replace its data
        self.compared: tuple[str, ...] = getattr(module, "COMPARED", ())  # settings the compare table shows
        self.chance_loss: float | None = getattr(module, "CHANCE_LOSS", None)  # the loss of a model knowing nothing
        self.script_data_text: str = getattr(module, "SCRIPT_DATA_TEXT", "export.data_inline")  # a ui/text key
        self.reads_digits: bool = getattr(module, "READS_DIGITS", False)  # /draw can load its checkpoints
        self.dataset: str = getattr(module, "DATASET", "")  # the data set-up it needs; "" when the data is inside
        self.data_ready = getattr(module, "data_ready", lambda: True)  # () -> whether that data reads

    def make_optimizer(self, cfg, params, capturable=False):
        """The task's optimizer for cfg; ValueError for one the task does not train with."""
        if cfg.optimizer not in self.optimizers:
            raise ValueError(f"the {self.name} task trains with {', '.join(self.optimizers)}, not {cfg.optimizer!r}")
        return self.own_optimizer(cfg, params, capturable=capturable)

    def __repr__(self) -> str:
        return f"Task({self.name!r})"
