"""One frozen config per training run; widgets and the CLI build it, records carry it."""

import dataclasses
import math
from dataclasses import dataclass

from core import tasks, upload

TASKS = tuple(tasks.TASKS)  # the registered task modules (core.tasks.MODULES), in chapter order
UPLOAD_TASKS = tuple(name for name, task in tasks.TASKS.items() if task.takes_uploads)
# Every optimizer a run may name; each task takes some of them (its OPTIMIZERS, Task.optimizers).
OPTIMIZERS = ("sgd", "adam", "adagrad", "adamax", "asgd", "lbfgs", "rmsprop", "rprop")
REDUCTIONS = ("mean", "sum")  # linear-regression: the loss averaged or summed over the samples
ACTIVATIONS = ("sigmoid", "tanh", "relu")
MNIST_MODELS = ("mlp", "cnn", "course-cnn", "course-cnn-exercise", "course-inception", "course-resnet",
                "course-resnet-relu-before-addition", "course-resnet-full-preactivation")  # core.tasks.mnist.build_model
DEVICES = ("auto", "cpu", "cuda", "mps")
LOADERS = ("tensor", "dataloader")


@dataclass(frozen=True)
class RunConfig:
    """Everything that decides a run: same config and seed give the same curve."""

    task: str = "mnist"
    model: str = "mlp"  # mnist only: one of MNIST_MODELS
    hidden: tuple[int, ...] = (6, 4)  # diabetes/titanic hidden widths, 0-4 layers
    activation: str = "sigmoid"
    optimizer: str = "sgd"
    lr: float = 0.01
    momentum: float = 0.0
    batch_size: int = 0  # 0 means the whole training set in one batch
    shuffle: bool = True
    drop_last: bool = False
    epochs: int = 10
    seed: int = 0
    device: str = "auto"
    log_every: int = 1  # iterations averaged into one train/loss record
    test_fraction: float = 0.25  # tabular tasks: held-out share
    standardise: bool = True  # tabular tasks: fitted on the training split only
    train_subset: int = 0  # budget mode: use only the first N training samples (0 = all)
    test_subset: int = 0  # budget mode for evaluation (0 = all)
    loader: str = "tensor"  # "dataloader" uses the course's Dataset/DataLoader (chapter 8)
    num_workers: int = 0
    augment: bool = False  # mnist: random affine/thickness changes for real handwriting
    patience: int = 0  # early stopping: epochs without a better test loss before stopping (0 = off)
    data: str = ""  # UPLOAD_TASKS: "" is the course's table, "upload:<sha256 prefix>" a learner's (core.upload)
    reduction: str = "mean"  # linear-regression: "sum" is the lecture's MSELoss(size_average=False)
    zero_grad: bool = True  # back-propagation: False skips w.grad.data.zero_(), so gradients accumulate

    def __post_init__(self):
        _check(self.task in TASKS, f"task must be one of {', '.join(TASKS)}, got {self.task!r}")
        _check(self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}")
        _check(self.activation in ACTIVATIONS, f"activation must be one of {', '.join(ACTIVATIONS)}")
        _check(self.model in MNIST_MODELS, f"model must be one of {', '.join(MNIST_MODELS)}")
        _check(self.device in DEVICES, f"device must be one of {', '.join(DEVICES)}")
        _check(self.loader in LOADERS, f"loader must be one of {', '.join(LOADERS)}")
        _check(self.reduction in REDUCTIONS, f"reduction must be one of {', '.join(REDUCTIONS)}")
        _check(isinstance(self.zero_grad, bool), "zero_grad must be true or false")
        _check(len(self.hidden) <= 4, "at most 4 hidden layers")
        _check(all(isinstance(w, int) and 1 <= w <= 64 for w in self.hidden),
               "hidden layer widths must be whole numbers from 1 to 64")
        checked_lr(self.lr)
        checked_momentum(self.momentum)
        _check(self.batch_size >= 0, "batch size must be 0 (full batch) or positive")
        _check(1 <= self.epochs <= 100_000, "epochs must be between 1 and 100000")
        _check(self.log_every >= 1, "log interval must be at least 1 iteration")
        _check(0 <= self.test_fraction < 1, "test fraction must be in [0, 1)")
        _check(self.train_subset >= 0 and self.test_subset >= 0, "subset sizes must be 0 (all) or positive")
        _check(0 <= self.num_workers <= 8, "num_workers must be between 0 and 8")
        _check(isinstance(self.patience, int) and 0 <= self.patience <= 1000,
               "patience must be a whole number of epochs from 0 (off) to 1000")
        _check(self.data == "" or (self.task in UPLOAD_TASKS and upload.check_id(self.data)),
               "data must be '' (the course's table) or an uploaded table's id 'upload:<16 hex digits>' "
               f"on the {' or '.join(UPLOAD_TASKS)} task")

    def replace(self, **changes) -> "RunConfig":
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "RunConfig":
        """Rebuild from `to_dict()` output (e.g. a checkpoint), ignoring unknown keys."""
        names = {f.name for f in dataclasses.fields(cls)}
        kept = {k: v for k, v in values.items() if k in names}
        if "hidden" in kept:
            kept["hidden"] = tuple(int(w) for w in kept["hidden"])
        return cls(**kept)


def default_config(task: str, **overrides) -> RunConfig:
    """The course's defaults for a task (its module's DEFAULTS), with overrides applied."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    return RunConfig(**{**tasks.TASKS[task].defaults, **overrides})


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def checked_lr(lr) -> float:
    """A learning rate a run can take, as a float; the one check for configs and for changes mid-run."""
    _check(_number(lr) and math.isfinite(lr) and 0 < lr <= 100, "learning rate must be above 0 and at most 100")
    return float(lr)


def checked_momentum(momentum) -> float:
    """A momentum a run can take, as a float; the one check for configs and for changes mid-run."""
    _check(_number(momentum) and 0 <= momentum < 1, "momentum must be in [0, 1)")
    return float(momentum)


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)
