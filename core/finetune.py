"""Teach a model a learner's handwriting: fine-tune a copy on their labelled drawings mixed with MNIST.

Some drawings of each digit are held back as a check; the report compares the model before and after on
them and on MNIST's test digits, so forgetting shows when the MNIST mix is switched off.
"""

import copy
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import nn

from core.augment import augment_batch
from core.inference import predict
from core.loop import EVAL_CHUNK, BatchLoop, make_optimizer
from core.pool import BackgroundJob, WorkerPool
from core.tasks.mnist import count_correct

BUDGET_ENV = "TORCHPLAY_TEACH_BUDGET"  # tests: tiny step counts; the browser tests' server sets TORCHPLAY_TEST


@dataclass(frozen=True)
class TeachConfig:
    """How a copy is fine-tuned: steps, batch and its MNIST share, optimiser, the check set, the seed."""

    steps: int = 60
    batch_size: int = 32
    mnist_share: float = 0.5  # of each batch; 0 = drawings only (forgetting shows on the MNIST test figure)
    optimizer: str = "adam"  # as the defaults were trained; 1e-3 learned more in 60 steps than their 5e-4
    lr: float = 0.001
    momentum: float = 0.0
    augment: bool = True  # core.augment's distortions: the model learns new drawings, not just these (bench/README.md)
    held_back_share: float = 0.25  # of each digit's drawings, at least one, always leaving one to learn from
    mnist_test: int = 1000  # the first N MNIST test digits, scored before and after; all 10,000 outlast the teaching
    seed: int = 0
    max_seconds: float | None = 10.0  # a safety stop on a slow machine; None: only `steps` bounds the run
    log_every: int = 1  # core.loop's train record, and so a progress report, after every step

    @classmethod
    def budget(cls, **changes) -> "TeachConfig":
        """Seconds on any machine: for tests and the browser test's server."""
        return cls(**{"steps": 10, "batch_size": 16, "mnist_test": 500, **changes})


def budget_mode() -> bool:
    return any(os.environ.get(name, "") not in ("", "0") for name in (BUDGET_ENV, "TORCHPLAY_TEST"))


@dataclass(frozen=True)
class Changed:
    """A held-back drawing whose answer changed: its gallery index, true label, answers before and after."""

    index: int
    label: int
    before: int
    after: int


@dataclass(frozen=True, eq=False)
class Taught:
    """The fine-tuned copy and the before/after report."""

    model: nn.Module
    config: TeachConfig
    held_back: list[int]  # gallery indices of the check drawings
    labels: list[int]
    before: list[int]  # the answers on the check drawings
    after: list[int]
    held_acc_before: float
    held_acc_after: float
    mnist_acc_before: float
    mnist_acc_after: float
    mnist_n: int
    steps: int  # done; fewer than config.steps only when max_seconds stopped the run
    seconds: float
    trained_on: int  # drawings taught (the gallery less the check set)
    changed: list[Changed] = field(default_factory=list)


class TooFewDrawings(ValueError):
    """Some digit of the gallery has a single drawing (`digits`), or the gallery is empty (`digits` == [])."""

    def __init__(self, digits: list[int]):
        self.digits = digits
        listed = ", ".join(str(d) for d in digits)
        super().__init__(f"Each digit in the gallery needs at least 2 drawings (one to learn from, one to check "
                         f"with). Draw one more of: {listed}." if digits else
                         "The gallery is empty: label at least 2 drawings of a digit to teach it.")


def check_gallery(labels) -> None:
    """TooFewDrawings unless every digit in the gallery has at least 2 drawings (one to learn, one to check)."""
    labels = torch.as_tensor(labels, dtype=torch.long).flatten()
    if len(labels) == 0:
        raise TooFewDrawings([])
    short = [digit for digit, count in enumerate(torch.bincount(labels, minlength=10).tolist()) if count == 1]
    if short:
        raise TooFewDrawings(short)


def split_gallery(labels: torch.Tensor, share: float, generator: torch.Generator) -> tuple[list[int], list[int]]:
    """(learn, check) gallery indices: per digit a seeded random `share` (at least one) is held back."""
    learn, check = [], []
    for digit in range(10):
        where = (labels == digit).nonzero().flatten()
        if len(where) == 0:
            continue
        order = where[torch.randperm(len(where), generator=generator)].tolist()
        held = min(len(order) - 1, max(1, round(share * len(order))))
        check += order[:held]
        learn += order[held:]
    return sorted(learn), sorted(check)


def answers(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The model's digit for each input, scored in chunks through core.inference.predict."""
    return torch.cat([predict(model, x[i:i + EVAL_CHUNK]).argmax(1) for i in range(0, len(x), EVAL_CHUNK)])


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return float((answers(model, x) == y).float().mean())


def mixed_batches(x_learn: torch.Tensor, y_learn: torch.Tensor, mnist, cfg: TeachConfig, generator: torch.Generator):
    """cfg.steps batches: drawings drawn at random (augmented), then MNIST training digits for cfg.mnist_share."""
    from_mnist = round(cfg.batch_size * cfg.mnist_share)
    for _ in range(cfg.steps):
        pick = torch.randint(len(x_learn), (cfg.batch_size - from_mnist,), generator=generator)
        inputs, targets = x_learn[pick], y_learn[pick]
        if cfg.augment:
            inputs = augment_batch(inputs, generator, p=1.0)
        if from_mnist:
            pick = torch.randint(len(mnist.x_train), (from_mnist,), generator=generator)
            inputs, targets = torch.cat([inputs, mnist.x_train[pick]]), torch.cat([targets, mnist.y_train[pick]])
        yield inputs, targets


class SafetyStop:
    """core.loop's control for a teaching run: no step after the one that ends past `max_seconds` (None: no limit)."""

    def __init__(self, max_seconds: float | None):
        self.max_seconds, self.started = max_seconds, time.perf_counter()

    def before_step(self, loop: BatchLoop) -> bool:
        return loop.step == 0 or self.max_seconds is None or time.perf_counter() - self.started <= self.max_seconds


def finetune(model: nn.Module, drawings: torch.Tensor, labels, mnist, cfg: TeachConfig = TeachConfig(),
             progress: Callable[[float, str], None] | None = None) -> Taught:
    """Fine-tune a deep copy of `model` on normalised drawings (N, 1, 28, 28) with `labels` mixed with MNIST.

    `mnist` has x_train/y_train/x_test/y_test (core.data.load_mnist()). `model` itself is never changed.
    progress(fraction, what) reports "scoring", "teaching" and "checking".
    """
    report = progress or (lambda fraction, what: None)
    labels = torch.as_tensor(labels, dtype=torch.long).flatten()
    drawings = torch.as_tensor(drawings, dtype=torch.float32).reshape(-1, 1, 28, 28)
    if len(drawings) != len(labels):
        raise ValueError(f"{len(drawings)} drawings but {len(labels)} labels")
    if len(labels) and not bool(((labels >= 0) & (labels <= 9)).all()):
        raise ValueError("every label must be a digit 0-9")
    check_gallery(labels)
    generator = torch.Generator().manual_seed(cfg.seed)
    learn, check = split_gallery(labels, cfg.held_back_share, generator)
    tuned = copy.deepcopy(model)  # the caller's model may be shared by every session: never touch it
    x_check, y_check = drawings[check], labels[check]
    x_test, y_test = mnist.x_test[:cfg.mnist_test or None], mnist.y_test[:cfg.mnist_test or None]

    report(0.0, "scoring")
    before = answers(tuned, x_check)
    mnist_before = accuracy(tuned, x_test, y_test)

    # Eval mode while learning: a few dozen drawings would skew batch norm's running statistics, and dropout
    # would draw from torch's global random stream, which other sessions share (no reproducible result).
    tuned.eval()
    for p in tuned.parameters():
        p.requires_grad_(True)
    safety = SafetyStop(cfg.max_seconds)
    loop = BatchLoop(cfg, tuned, nn.CrossEntropyLoss(), make_optimizer(cfg, tuned.parameters()), count_correct,
                     control=safety)
    for record in loop.run_pass(mixed_batches(drawings[learn], labels[learn], mnist, cfg, generator), cfg.steps):
        if record["kind"] == "train":  # an "end" comes only from the safety stop or broken weights: the check shows
            report(record["step"] / cfg.steps, "teaching")
    seconds = time.perf_counter() - safety.started
    tuned.zero_grad(set_to_none=True)

    report(1.0, "checking")
    after = answers(tuned, x_check)
    mnist_after = accuracy(tuned, x_test, y_test)
    changed = [Changed(index, int(label), int(b), int(a))
               for index, label, b, a in zip(check, y_check, before, after) if b != a]
    return Taught(model=tuned, config=cfg, held_back=check, labels=y_check.tolist(), before=before.tolist(),
                  after=after.tolist(), held_acc_before=float((before == y_check).float().mean()),
                  held_acc_after=float((after == y_check).float().mean()), mnist_acc_before=mnist_before,
                  mnist_acc_after=mnist_after, mnist_n=len(y_test), steps=loop.step, seconds=seconds,
                  trained_on=len(learn), changed=changed)


class Teaching(BackgroundJob):
    """finetune() as a background job for a page, in a pool slot like a run: fraction, what ("waiting" for a slot,
    "loading", then finetune's reports), result and error report on it."""

    def __init__(self, model: nn.Module, drawings: torch.Tensor, labels, cfg: TeachConfig, load_mnist: Callable,
                 pool: WorkerPool | None = None):
        super().__init__("teach-handwriting", "waiting", pool)
        self._inputs = model, drawings, labels, cfg, load_mnist
        self.start()

    def work(self, progress: Callable[[float, str], None]) -> Taught:
        model, drawings, labels, cfg, load_mnist = self._inputs
        progress(0.0, "loading")
        return finetune(model, drawings, labels, load_mnist(), cfg, progress)

    @property
    def what(self) -> str:
        return self.note
