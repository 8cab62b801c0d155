"""A training run as an iterable of flat metric records.

Record kinds (every record has "kind", "step", "epoch", "time"):
  train: "iteration", "iterations_per_epoch", "epoch_progress", "train/loss" (mean over the log
         interval), "lr", "momentum", "samples_per_s"; mnist adds "probe/probs" (10x10).
  eval:  "train/loss", "train/acc", "test/loss", "test/acc" (test keys only with a test split);
         logistic/linear add "w", "b", "curve/x", "curve/y"; tabular adds "weights" (per layer);
         mnist adds "confusion" (10x10 counts) and "per_class_acc".
  end:   "reason" (finished, stopped, diverged) and "message" in plain words.
"time" counts compute seconds only (pauses excluded), so curves against time are fair.
"""

import os
import time

import torch

from core.config import RunConfig, checked_lr, checked_momentum
from core.cuda_graph import CapturedStep, capture_blocker
from core.device import resolve_device
from core.inference import predict
from core.loop import EpochLoop, IndexedDataset, epoch_loader
from core.tasks import TaskData, task_of


def graph_blocker(cfg: RunConfig, device: torch.device) -> str | None:
    """Why this run's steps are not captured as a CUDA graph (None: they are); TORCHPLAY_CUDA_GRAPH=0 turns it off."""
    if os.environ.get("TORCHPLAY_CUDA_GRAPH", "1") == "0":
        return "turned off by TORCHPLAY_CUDA_GRAPH=0"
    return capture_blocker(task_of(cfg).capturable, cfg.loader, cfg.augment, device)


class Training(EpochLoop):
    """One run: core.loop's EpochLoop with the task's model, optimiser and data on one device; iterate it to train
    and get records. On top of the loop: compute time, live lr and momentum, augmentation, CUDA graphs and the
    task's extra record fields.

    `control` (optional) is asked before every iteration: `control.before_step(self)` returns
    False to stop (it may block while paused), and `control.should_stop()` is polled during
    evaluation so a stop lands within a fraction of a second.
    """

    def __init__(self, cfg: RunConfig, data: TaskData | None = None, control=None):
        self.task_module = task_of(cfg)
        device = resolve_device(cfg.device)
        torch.manual_seed(cfg.seed)
        data = data if data is not None else self.task_module.load(cfg)
        self.data = TaskData(*(t.to(device) if t is not None else None for t in
                               (data.x_train, data.y_train, data.x_test, data.y_test)))
        # Build the model right after seeding data-free code, so the weights match the course's scripts.
        model = self.task_module.build_model(cfg, self.data.in_features).to(device)
        self.graph_note = graph_blocker(cfg, device)
        super().__init__(cfg, model, self.task_module.criterion(cfg),
                         self.task_module.make_optimizer(cfg, model.parameters(), capturable=self.graph_note is None),
                         self.task_module.count_correct, self.task_module.evaluate,
                         IndexedDataset(self.data.x_train, self.data.y_train),
                         None if self.data.x_test is None else IndexedDataset(self.data.x_test, self.data.y_test),
                         control)
        self.aug_generator = torch.Generator(device).manual_seed(cfg.seed + 1)
        self.augmenting = cfg.augment and self.task_module.augmentable
        self.compute_time = 0.0
        self.interval_samples, self.interval_time = 0, 0.0  # since the last train record, for samples_per_s
        self.last_eval: dict | None = None  # mnist: full test predictions/probabilities (numpy)
        self.probe_index = self.task_module.probe_index(self.data)
        self.captured_step = None if self.graph_note is not None else CapturedStep(
            self.model, self.loss_fn, self.optimizer, self.batch_size, self.data.x_train[:1], self.data.y_train[:1])

    # -- live hyperparameters -------------------------------------------------------------
    @property
    def momentum(self) -> float:
        return float(self.optimizer.param_groups[0].get("momentum", 0.0))

    def set_lr(self, lr: float) -> None:
        """Takes effect at the next optimiser step."""
        lr = checked_lr(lr)
        for group in self.optimizer.param_groups:
            group["lr"] = lr

    def set_momentum(self, momentum: float) -> None:
        """SGD only (Adam has its own moment estimates); takes effect at the next step."""
        momentum = checked_momentum(momentum)
        if self.cfg.optimizer != "sgd":
            raise ValueError("momentum applies to SGD; Adam keeps its own running averages")
        for group in self.optimizer.param_groups:
            group["momentum"] = float(momentum)

    # -- the loop's steps and records ---------------------------------------------------------
    def batches(self):
        if self.cfg.loader == "dataloader":  # the course's DataLoader hands out CPU batches
            dataset = IndexedDataset(self.data.x_train.cpu(), self.data.y_train.cpu())
            return epoch_loader(dataset, self.batch_size, self.cfg, self.generator)
        return super().batches()

    def train_batch(self, inputs: torch.Tensor, labels: torch.Tensor) -> tuple[float, int, bool]:
        """The loop's step, timed, on augmented inputs where the task has them, or replayed as one CUDA graph."""
        started = time.perf_counter()
        inputs, labels = inputs.to(self.device, non_blocking=True), labels.to(self.device, non_blocking=True)
        if self.augmenting:
            from core.augment import augment_batch
            inputs = augment_batch(inputs, self.aug_generator)
        if self.captured_step is not None:
            result = self.captured_step.step(inputs, labels)
        else:
            loss, outputs = self.task_module.train_step(self.model, self.loss_fn, self.optimizer, inputs, labels)
            result = loss, self.count_correct(outputs, labels), False  # the loop checks the weights before a record
        elapsed = time.perf_counter() - started
        self.compute_time += elapsed
        self.interval_time += elapsed
        self.interval_samples += len(labels)
        return result

    def record(self, kind: str) -> dict:
        return super().record(kind) | {"time": self.compute_time}

    def train_record(self, iteration: int, iterations: int, mean_loss: float) -> dict:
        record = super().train_record(iteration, iterations, mean_loss) | {
            "iterations_per_epoch": iterations,
            "epoch_progress": iteration / iterations,
            "lr": self.lr,
            "momentum": self.momentum,
            "samples_per_s": self.interval_samples / max(self.interval_time, 1e-9),
        } | self.task_module.train_fields(self)
        self.interval_samples, self.interval_time = 0, 0.0
        return record

    def divergence_message(self, loss: float) -> str:
        return super().divergence_message(loss) + " Reset and try a smaller learning rate."

    # -- evaluation -------------------------------------------------------------------------
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        """Probabilities in eval mode, on CPU (core.inference.predict, the one predict)."""
        return predict(self.model, x, softmax=self.task_module.softmax_outputs)

    def probe_probs(self) -> list[list[float]]:
        """Softmax outputs for one fixed test digit of each class (the page watches them learn)."""
        source = self.data.x_test if self.data.x_test is not None else self.data.x_train
        return self.predict(source[self.probe_index.to(self.device)]).tolist()

    def keep(self, outputs: torch.Tensor | None) -> None:
        """The task's kept test predictions of this evaluation (mnist: for the mistakes and confusion views)."""
        if outputs is not None:
            kept = self.task_module.last_eval(outputs, self.test_set.y_data)
            self.last_eval = None if kept is None else kept | {"epoch": self.epoch, "step": self.step}
