"""Lecture 5's exercise: the eight torch.optim optimizers race on the lecture's data, and sum vs mean loss.

Each racer is the lecture's LinearModel trained by the linear-regression task's own pieces (build_model,
criterion, make_optimizer, train_step: LBFGS with its closure), from the same seed, so its last w and b are the
ones `python -m core train linear-regression --optimizer NAME` prints.
"""

import time

import torch

from core.config import default_config
from core.tasks import linear_regression as task

RACERS = task.OPTIMIZERS


def run_one(optimizer: str, *, lr: float = 0.01, epochs: int = 1000, reduction: str = "sum", seed: int = 0) -> dict:
    """One optimizer's race: the loss before each epoch's step and w, b after it, plus its compute seconds."""
    cfg = default_config(task.NAME, optimizer=optimizer, lr=lr, epochs=epochs, reduction=reduction, seed=seed)
    x, y = task.lecture_data()
    torch.manual_seed(cfg.seed)
    model = task.build_model(cfg, 1)
    loss_fn = task.criterion(cfg)
    opt = task.make_optimizer(cfg, model.parameters())
    losses, ws, bs = [], [], []
    started = time.perf_counter()
    for _ in range(cfg.epochs):
        loss, _ = task.train_step(model, loss_fn, opt, x, y)
        losses.append(loss)
        ws.append(model.linear.weight.item())
        bs.append(model.linear.bias.item())
    return {"optimizer": optimizer, "loss": losses, "w": ws, "b": bs, "seconds": time.perf_counter() - started}


def race(*, lr: float = 0.01, epochs: int = 1000, reduction: str = "sum", seed: int = 0,
         racers=RACERS) -> dict[str, dict]:
    """Every optimizer from the same starting weights, one after the other (each is tiny: threads would cost more)."""
    unknown = [name for name in racers if name not in RACERS]
    if unknown:
        raise ValueError(f"unknown optimizer {unknown[0]!r}; choose from {', '.join(RACERS)}")
    return {name: run_one(name, lr=lr, epochs=epochs, reduction=reduction, seed=seed) for name in racers}


def sgd_steps(reduction: str, lr: float, steps: int = 1, seed: int = 0) -> tuple[float, float]:
    """w and b after `steps` full-batch SGD steps with the loss summed or averaged."""
    result = run_one("sgd", lr=lr, epochs=steps, reduction=reduction, seed=seed)
    return result["w"][-1], result["b"][-1]


def effective_step(lr: float, n: int = len(task.X_DATA)) -> dict[str, float]:
    """A summed loss's gradient is n times the mean's, so SGD at lr on the sum steps like lr·n on the mean."""
    return {"sum": lr * n, "mean": lr}
