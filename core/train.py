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
from dataclasses import dataclass

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from core.config import RunConfig
from core.cuda_graph import CapturedStep, capture_blocker
from core.device import resolve_device
from core.models import build_model, loss_function
from core.softmax import first_of_each_class

CURVE_X = [i / 10 for i in range(101)]  # chapter 6 plots P(pass | hours) over 0-10 h
CURVE_HOURS = torch.tensor(CURVE_X).unsqueeze(1)
EVAL_CHUNK = 2000


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


def load_task_data(cfg: RunConfig) -> TaskData:
    """Load (once-cached) tensors for a config's task and apply its budget subsets."""
    from core import data

    if cfg.task in ("logistic", "linear"):
        x, y = data.hours_pass()
        return TaskData(x, y)
    if cfg.task == "diabetes":
        split = data.load_diabetes(test_fraction=cfg.test_fraction, seed=cfg.seed, standardise=cfg.standardise,
                                   table=cfg.data)
    elif cfg.task == "titanic":
        split = data.load_titanic(test_fraction=cfg.test_fraction, seed=cfg.seed)
    else:
        split = data.load_mnist()
    x_test, y_test = split.x_test, split.y_test
    if x_test is not None and len(x_test) == 0:
        x_test = y_test = None
    return subset(TaskData(split.x_train, split.y_train, x_test, y_test), cfg)


def subset(task_data: TaskData, cfg: RunConfig) -> TaskData:
    """Budget mode: keep only the first train_subset / test_subset samples."""
    n_train = cfg.train_subset or len(task_data.x_train)
    n_test = cfg.test_subset or (len(task_data.x_test) if task_data.x_test is not None else 0)
    has_test = task_data.x_test is not None
    return TaskData(
        task_data.x_train[:n_train], task_data.y_train[:n_train],
        task_data.x_test[:n_test] if has_test else None, task_data.y_test[:n_test] if has_test else None,
    )


class IndexedDataset(Dataset):
    """The chapter-8 Dataset: __getitem__ returns one (x, y) pair, __len__ the sample count."""

    def __init__(self, x: torch.Tensor, y: torch.Tensor):
        self.x_data, self.y_data = x, y
        self.len = len(x)

    def __getitem__(self, index):
        return self.x_data[index], self.y_data[index]

    def __len__(self):
        return self.len


def effective_batch_size(batch_size: int, n: int) -> int:
    """Batch size 0 (or larger than the data) means one full batch."""
    return n if batch_size == 0 else min(batch_size, n)


def iterations_per_epoch(n: int, batch_size: int, drop_last: bool) -> int:
    """The chapter's Iteration = N / Batch-Size, rounded up unless the last short batch is dropped."""
    return n // batch_size if drop_last else math.ceil(n / batch_size)


def epoch_batches(n: int, batch_size: int, shuffle: bool, drop_last: bool,
                  generator: torch.Generator) -> list[torch.Tensor]:
    """The sample indices of each batch of one epoch, reshuffled from the generator when shuffle is on."""
    order = torch.randperm(n, generator=generator) if shuffle else torch.arange(n)
    batches = list(order.split(batch_size))
    if drop_last and len(batches) > 0 and len(batches[-1]) < batch_size:
        batches.pop()
    return batches


def make_optimizer(cfg: RunConfig, params, capturable: bool = False) -> torch.optim.Optimizer:
    """torch's SGD/Adam with default settings; `capturable` (CUDA graphs only) keeps Adam's step count on the GPU.

    SGD on CPU takes torch's multi-tensor (foreach) path: the same weights to the bit as its default per-tensor
    loop (tests/test_core_train.py), in 3 calls instead of ~30 with Python between them, each of which hands
    the GIL to a page's script thread. Not the fused kernel: it rounds momentum * buffer + grad once, and
    drifts from the default (and so from an exported script) for a momentum like 0.9.
    """
    params = list(params)
    if cfg.optimizer == "adam":
        return torch.optim.Adam(params, lr=cfg.lr, capturable=True) if capturable else torch.optim.Adam(params, lr=cfg.lr)
    on_cpu = all(p.device.type == "cpu" for p in params)
    return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum, foreach=True if on_cpu else None)


def graph_blocker(cfg: RunConfig, device: torch.device) -> str | None:
    """Why this run's steps are not captured as a CUDA graph (None: they are); TORCHPLAY_CUDA_GRAPH=0 turns it off."""
    if os.environ.get("TORCHPLAY_CUDA_GRAPH", "1") == "0":
        return "turned off by TORCHPLAY_CUDA_GRAPH=0"
    return capture_blocker(cfg.task, cfg.loader, cfg.augment, device)


class Training:
    """One run: model, optimiser and data on one device; iterate it to train and get records.

    `control` (optional) is asked before every iteration: `control.before_step(self)` returns
    False to stop (it may block while paused), and `control.should_stop()` is polled during
    evaluation so a stop lands within a fraction of a second.
    """

    def __init__(self, cfg: RunConfig, data: TaskData | None = None, control=None):
        self.cfg = cfg
        self.control = control
        self.device = resolve_device(cfg.device)
        torch.manual_seed(cfg.seed)
        data = data if data is not None else load_task_data(cfg)
        self.data = TaskData(*(t.to(self.device) if t is not None else None for t in
                               (data.x_train, data.y_train, data.x_test, data.y_test)))
        # Build the model right after seeding data-free code, so the weights match the course's scripts.
        self.model = build_model(cfg, in_features=self.data.in_features).to(self.device)
        self.loss_fn = loss_function(cfg)
        self.graph_note = graph_blocker(cfg, self.device)
        self.optimizer = make_optimizer(cfg, self.model.parameters(), capturable=self.graph_note is None)
        self.generator = torch.Generator().manual_seed(cfg.seed)  # shuffling, separate from init
        self.aug_generator = torch.Generator(self.device).manual_seed(cfg.seed + 1)
        self.batch_size = effective_batch_size(cfg.batch_size, len(self.data.x_train))
        self.iterations_per_epoch = iterations_per_epoch(len(self.data.x_train), self.batch_size, cfg.drop_last)
        assert self.iterations_per_epoch > 0, "drop_last with a batch larger than the data leaves no batch"
        self.step = 0
        self.epoch = 0
        self.compute_time = 0.0
        self.flush_next = False  # set by a runner's single step so the step shows up as a record
        self.last_eval: dict | None = None  # mnist: full test predictions/probabilities (numpy)
        self.probe_index = self._probe_index()
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
        if not (math.isfinite(lr) and 0 < lr <= 100):
            raise ValueError("learning rate must be above 0 and at most 100")
        for group in self.optimizer.param_groups:
            group["lr"] = float(lr)

    def set_momentum(self, momentum: float) -> None:
        """SGD only (Adam has its own moment estimates); takes effect at the next step."""
        if not 0 <= momentum < 1:
            raise ValueError("momentum must be in [0, 1)")
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
        correct, seen, epoch_loss = 0, 0, 0.0
        for epoch in range(1, cfg.epochs + 1):
            self.epoch = epoch
            self.model.train()
            for iteration, (x, y) in enumerate(self._batches(), start=1):
                if self.control is not None and not self.control.before_step(self):
                    yield self._end("stopped", "Stopped by you.")
                    return
                started = time.perf_counter()
                x, y = x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)
                if cfg.augment and cfg.task == "mnist":
                    from core.augment import augment_batch
                    x = augment_batch(x, self.aug_generator)
                if self.captured_step is not None:
                    loss_value, batch_correct, weights_sum_finite = self.captured_step.step(x, y)
                else:
                    out = self.model(x)
                    loss = self.loss_fn(out, y)
                    self.optimizer.zero_grad()
                    loss.backward()
                    self.optimizer.step()
                    loss_value = loss.item()
                    batch_correct = int((out.argmax(1) == y).sum()) if cfg.task == "mnist" else 0
                    weights_sum_finite = False  # not computed here: the check below decides
                if cfg.task == "mnist":
                    correct += batch_correct
                    seen += len(y)
                    epoch_loss += loss_value * len(y)
                self.step += 1
                elapsed = time.perf_counter() - started
                self.compute_time += elapsed
                last_of_epoch = iteration == self.iterations_per_epoch
                record_due = interval_count + 1 >= cfg.log_every or last_of_epoch or self.flush_next
                # The loss is checked after every step (it is a float already). Weights go non-finite without
                # the loss doing so only when an activation hides them (+inf on a pixel that is always
                # negative, then ReLU), so they are checked before each record and each evaluation: nothing
                # shown is computed from broken weights. Every step, that check cost 115 us of a 1.4 ms MNIST
                # step at two threads (10 small reductions): core/bare went 1.12x -> 1.03x.
                weights_finite = weights_sum_finite or not record_due or self._parameters_finite()
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
            if seen:  # running metrics over the epoch, as it trained
                evaluation["train/loss"] = epoch_loss / seen
                evaluation["train/acc"] = correct / seen
                correct, seen, epoch_loss = 0, 0, 0.0
            yield evaluation
        yield self._end("finished", f"Finished {cfg.epochs} epochs ({self.step} steps).")

    def _batches(self):
        cfg, data = self.cfg, self.data
        if cfg.loader == "dataloader":
            loader = DataLoader(IndexedDataset(data.x_train.cpu(), data.y_train.cpu()), batch_size=self.batch_size,
                                shuffle=cfg.shuffle, drop_last=cfg.drop_last, num_workers=cfg.num_workers,
                                generator=self.generator)
            yield from loader
            return
        batches = epoch_batches(len(data.x_train), self.batch_size, cfg.shuffle, cfg.drop_last, self.generator)
        if self.device.type != "cpu" and batches:  # one host-to-device copy of the epoch's order, not one per batch
            batches = torch.cat(batches).to(self.device).split(self.batch_size)
        for index in batches:
            yield data.x_train[index], data.y_train[index]

    def _record(self, kind: str) -> dict:
        return {"kind": kind, "step": self.step, "epoch": self.epoch, "time": self.compute_time}

    def _train_record(self, iteration: int, mean_loss: float, samples_per_s: float) -> dict:
        record = self._record("train") | {
            "iteration": iteration,
            "iterations_per_epoch": self.iterations_per_epoch,
            "epoch_progress": iteration / self.iterations_per_epoch,
            "train/loss": mean_loss,
            "lr": self.lr,
            "momentum": self.momentum,
            "samples_per_s": samples_per_s,
        }
        if self.cfg.task == "mnist":
            record["probe/probs"] = self.probe_probs()
        return record

    def _end(self, reason: str, message: str) -> dict:
        return self._record("end") | {"reason": reason, "message": message}

    def _parameters_finite(self) -> bool:
        """Exactly `all(isfinite(p).all())`, at a tenth of the cost on CPU.

        A sum is finite only when every term is (inf and NaN propagate), so one sum per tensor settles the
        usual case; only a non-finite total (divergence, or finite values overflowing) pays for the exact
        element-wise check, which was ~1 ms of a ~3 ms MNIST step.
        """
        params = [p.detach() for p in self.model.parameters()]
        if bool(torch.isfinite(torch.stack([p.sum() for p in params]).sum())):
            return True
        return all(bool(torch.isfinite(p).all()) for p in params)

    def _divergence_message(self, loss_value: float) -> str:
        what = "the loss" if not math.isfinite(loss_value) else "the weights"
        return (f"Training diverged: {what} became infinite or NaN at step {self.step} (epoch {self.epoch}). "
                f"The learning rate {self.lr:g} is too large, so each update overshoots and the numbers "
                "blow up. Reset and try a smaller learning rate.")

    # -- evaluation -------------------------------------------------------------------------
    @torch.no_grad()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        """Model outputs (probabilities for sigmoid/softmax tasks) in eval mode, on CPU."""
        was_training = self.model.training
        self.model.eval()
        out = self.model(x.to(self.device))
        self.model.train(was_training)
        if self.cfg.task == "mnist":
            out = out.softmax(dim=1)
        return out.cpu()

    def probe_probs(self) -> list[list[float]]:
        """Softmax outputs for one fixed test digit of each class (the page watches them learn)."""
        return self.predict(self._probe_images()).tolist()

    def _probe_images(self) -> torch.Tensor:
        source = self.data.x_test if self.data.x_test is not None else self.data.x_train
        return source[self.probe_index.to(self.device)]

    def _probe_index(self) -> torch.Tensor:
        if self.cfg.task != "mnist":
            return torch.empty(0, dtype=torch.long)
        labels = self.data.y_test if self.data.y_test is not None else self.data.y_train
        return torch.tensor(first_of_each_class(labels), dtype=torch.long)

    @torch.no_grad()
    def evaluate(self) -> dict | None:
        """An eval record for the current weights, or None when a stop arrived meanwhile."""
        self.model.eval()
        try:
            record = self._record("eval")
            if self.cfg.task in ("logistic", "linear"):
                return record | self._eval_curve()
            if self.cfg.task != "mnist":  # mnist reports the epoch's running train metrics instead
                train = self._score(self.data.x_train, self.data.y_train, keep=False)
                if train is None:
                    return None
                record |= {"train/loss": train["loss"], "train/acc": train["acc"]}
            if self.data.x_test is not None:
                test = self._score(self.data.x_test, self.data.y_test, keep=self.cfg.task == "mnist")
                if test is None:
                    return None
                record |= {"test/loss": test["loss"], "test/acc": test["acc"]}
                record |= {k: v for k, v in test.items() if k in ("confusion", "per_class_acc")}
            if self.cfg.task in ("diabetes", "titanic"):
                record["weights"] = [linear.weight.detach().cpu().tolist() for linear in self.model.linears]
            return record
        finally:
            self.model.train()

    def _eval_curve(self) -> dict:
        x, y = self.data.x_train, self.data.y_train
        out = self.model(x)
        curve = self.model(CURVE_HOURS.to(self.device)).squeeze(1).cpu()
        record = {
            "train/loss": float(self.loss_fn(out, y)),
            "w": float(self.model.linear.weight), "b": float(self.model.linear.bias),
            "curve/x": CURVE_X, "curve/y": curve.tolist(),
        }
        if self.cfg.task == "logistic":
            record["train/acc"] = float(((out >= 0.5).float() == y).float().mean())
        return record

    def _score(self, x: torch.Tensor, y: torch.Tensor, keep: bool) -> dict | None:
        """Mean loss and accuracy over (x, y) in chunks; mnist also gets a confusion matrix."""
        total_loss, outputs = 0.0, []
        for start in range(0, len(x), EVAL_CHUNK):
            if self.control is not None and self.control.should_stop():
                return None
            out = self.model(x[start:start + EVAL_CHUNK])
            total_loss += float(self.loss_fn(out, y[start:start + EVAL_CHUNK])) * len(out)
            outputs.append(out)
        out = torch.cat(outputs)
        result = {"loss": total_loss / len(x)}
        if self.cfg.task != "mnist":
            result["acc"] = float(((out >= 0.5).float() == y).float().mean())
            return result
        pred = out.argmax(1)
        result["acc"] = float((pred == y).float().mean())
        confusion = torch.bincount(y * 10 + pred, minlength=100).reshape(10, 10).cpu()
        result["confusion"] = confusion.tolist()
        per_class = confusion.diag().float() / confusion.sum(1).clamp(min=1).float()
        result["per_class_acc"] = per_class.tolist()
        if keep:
            self.last_eval = {"pred": pred.cpu().numpy(), "probs": out.softmax(1).cpu().numpy().astype(np.float32),
                              "labels": y.cpu().numpy(), "epoch": self.epoch, "step": self.step}
        return result
