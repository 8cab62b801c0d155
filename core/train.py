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

import math
import os
import time

import torch

from core.config import RunConfig, checked_lr, checked_momentum
from core.cuda_graph import CapturedStep, capture_blocker
from core.device import resolve_device
from core.inference import predict
from core.loop import IndexedDataset, effective_batch_size, epoch_loader, iterations_per_epoch, parameters_finite
from core.tasks import TaskData, task_of


def graph_blocker(cfg: RunConfig, device: torch.device) -> str | None:
    """Why this run's steps are not captured as a CUDA graph (None: they are); TORCHPLAY_CUDA_GRAPH=0 turns it off."""
    if os.environ.get("TORCHPLAY_CUDA_GRAPH", "1") == "0":
        return "turned off by TORCHPLAY_CUDA_GRAPH=0"
    return capture_blocker(task_of(cfg).capturable, cfg.loader, cfg.augment, device)


class Training:
    """One run: model, optimiser and data on one device; iterate it to train and get records.

    `control` (optional) is asked before every iteration: `control.before_step(self)` returns
    False to stop (it may block while paused), and `control.should_stop()` is polled during
    evaluation so a stop lands within a fraction of a second.
    """

    def __init__(self, cfg: RunConfig, data: TaskData | None = None, control=None):
        self.cfg = cfg
        self.control = control
        self.task_module = task_of(cfg)
        self.device = resolve_device(cfg.device)
        torch.manual_seed(cfg.seed)
        data = data if data is not None else self.task_module.load(cfg)
        self.data = TaskData(*(t.to(self.device) if t is not None else None for t in
                               (data.x_train, data.y_train, data.x_test, data.y_test)))
        # Build the model right after seeding data-free code, so the weights match the course's scripts.
        self.model = self.task_module.build_model(cfg, self.data.in_features).to(self.device)
        self.loss_fn = self.task_module.criterion(cfg)
        self.graph_note = graph_blocker(cfg, self.device)
        self.optimizer = self.task_module.make_optimizer(cfg, self.model.parameters(),
                                                        capturable=self.graph_note is None)
        self.generator = torch.Generator().manual_seed(cfg.seed)  # shuffling, separate from init
        self.aug_generator = torch.Generator(self.device).manual_seed(cfg.seed + 1)
        self.train_set = IndexedDataset(self.data.x_train, self.data.y_train)
        self.test_set = None if self.data.x_test is None else IndexedDataset(self.data.x_test, self.data.y_test)
        self.batch_size = effective_batch_size(cfg.batch_size, len(self.data.x_train))
        self.iterations_per_epoch = iterations_per_epoch(len(self.data.x_train), self.batch_size, cfg.drop_last)
        assert self.iterations_per_epoch > 0, "drop_last with a batch larger than the data leaves no batch"
        self.step = 0
        self.epoch = 0
        self.compute_time = 0.0
        self.flush_next = False  # set by a runner's single step so the step shows up as a record
        self.last_eval: dict | None = None  # mnist: full test predictions/probabilities (numpy)
        self.running = {"loss": 0.0, "correct": 0, "seen": 0}  # the epoch so far, as it trained
        self.probe_index = self.task_module.probe_index(self.data)
        self.captured_step = None if self.graph_note is not None else CapturedStep(
            self.model, self.loss_fn, self.optimizer, self.batch_size, self.data.x_train[:1], self.data.y_train[:1])

    # -- live hyperparameters -------------------------------------------------------------
    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

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

    # -- the loop ---------------------------------------------------------------------------
    def __iter__(self):
        return self.records()

    def records(self):
        """Train for cfg.epochs, yielding records; ends with one 'end' record."""
        cfg = self.cfg
        interval_loss, interval_count, interval_samples, interval_time = 0.0, 0, 0, 0.0
        for epoch in range(1, cfg.epochs + 1):
            self.epoch = epoch
            self.running = {"loss": 0.0, "correct": 0, "seen": 0}
            self.model.train()
            for iteration, (x, y) in enumerate(self._batches(), start=1):
                if self.control is not None and not self.control.before_step(self):
                    yield self._end("stopped", "Stopped by you.")
                    return
                started = time.perf_counter()
                x, y = x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)
                if cfg.augment and self.task_module.augmentable:
                    from core.augment import augment_batch
                    x = augment_batch(x, self.aug_generator)
                if self.captured_step is not None:
                    loss_value, batch_correct, weights_sum_finite = self.captured_step.step(x, y)
                else:
                    loss_value, out = self.task_module.train_step(self.model, self.loss_fn, self.optimizer, x, y)
                    batch_correct = self.task_module.count_correct(out, y)
                    weights_sum_finite = False  # not computed here: the check below decides
                self.running["loss"] += loss_value * len(y)
                self.running["correct"] += batch_correct
                self.running["seen"] += len(y)
                self.step += 1
                elapsed = time.perf_counter() - started
                self.compute_time += elapsed
                last_of_epoch = iteration == self.iterations_per_epoch
                record_due = interval_count + 1 >= cfg.log_every or last_of_epoch or self.flush_next
                # The loss is checked every step; the weights (which an activation can hide behind a finite
                # loss) before each record and evaluation, so nothing shown comes from broken weights.
                weights_finite = weights_sum_finite or not record_due or parameters_finite(self.model)
                if not (math.isfinite(loss_value) and weights_finite):
                    yield self._end("diverged", self._divergence_message(loss_value))
                    return
                interval_loss += loss_value
                interval_count += 1
                interval_samples += len(x)
                interval_time += elapsed
                if record_due:
                    yield self._train_record(iteration, interval_loss / interval_count,
                                             interval_samples / max(interval_time, 1e-9))
                    interval_loss, interval_count, interval_samples, interval_time = 0.0, 0, 0, 0.0
                    self.flush_next = False
            evaluation = self.evaluate()
            if evaluation is None:
                yield self._end("stopped", "Stopped by you.")
                return
            yield evaluation
        yield self._end("finished", f"Finished {cfg.epochs} epochs ({self.step} steps).")

    def _batches(self):
        if self.cfg.loader == "dataloader":  # the course's DataLoader hands out CPU batches
            dataset = IndexedDataset(self.data.x_train.cpu(), self.data.y_train.cpu())
        else:
            dataset = self.train_set
        return epoch_loader(dataset, self.batch_size, self.cfg, self.generator)

    def _record(self, kind: str) -> dict:
        return {"kind": kind, "step": self.step, "epoch": self.epoch, "time": self.compute_time}

    def _train_record(self, iteration: int, mean_loss: float, samples_per_s: float) -> dict:
        return self._record("train") | {
            "iteration": iteration,
            "iterations_per_epoch": self.iterations_per_epoch,
            "epoch_progress": iteration / self.iterations_per_epoch,
            "train/loss": mean_loss,
            "lr": self.lr,
            "momentum": self.momentum,
            "samples_per_s": samples_per_s,
        } | self.task_module.train_fields(self)

    def _end(self, reason: str, message: str) -> dict:
        return self._record("end") | {"reason": reason, "message": message}

    def _divergence_message(self, loss_value: float) -> str:
        what = "the loss" if not math.isfinite(loss_value) else "the weights"
        return (f"Training diverged: {what} became infinite or NaN at step {self.step} (epoch {self.epoch}). "
                f"The learning rate {self.lr:g} is too large, so each update overshoots and the numbers "
                "blow up. Reset and try a smaller learning rate.")

    # -- evaluation -------------------------------------------------------------------------
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        """Probabilities in eval mode, on CPU (core.inference.predict, the one predict)."""
        return predict(self.model, x, softmax=self.task_module.softmax_outputs)

    def probe_probs(self) -> list[list[float]]:
        """Softmax outputs for one fixed test digit of each class (the page watches them learn)."""
        source = self.data.x_test if self.data.x_test is not None else self.data.x_train
        return self.predict(source[self.probe_index.to(self.device)]).tolist()

    @torch.no_grad()
    def evaluate(self) -> dict | None:
        """An eval record for the current weights, or None when a stop arrived meanwhile."""
        self.model.eval()
        keep_going = None if self.control is None else lambda: not self.control.should_stop()
        try:
            fields, outputs = self.task_module.evaluate(self.model, self.loss_fn, self.train_set, self.test_set,
                                                        self.running, keep_going)
        finally:
            self.model.train()
        if fields is None:
            return None
        if outputs is not None:
            kept = self.task_module.last_eval(outputs, self.test_set.y_data)
            self.last_eval = None if kept is None else kept | {"epoch": self.epoch, "step": self.step}
        return self._record("eval") | fields
