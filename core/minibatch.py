"""Chapter 8's helpers for the page: which sample lands in which batch, the batch-size race, one Titanic passenger."""

import math

import numpy as np
import torch
from torch.utils.data import DataLoader

from core.config import RunConfig
from core.inference import predict
from core.loop import effective_batch_size, epoch_batches, iterations_per_epoch

COMPARISON = {"Full batch": 0, "Mini-batch": None, "Stochastic (batch 1)": 1}  # None: the learner's batch size
RECORDS_PER_EPOCH = 25  # enough points to see the noise of small batches without flooding the chart


def epoch_layout(n: int, batch_size: int, shuffle: bool, drop_last: bool, epochs: int, seed: int = 0,
                 loader: str = "dataloader") -> np.ndarray:
    """Batch number of every sample in each epoch, shape (epochs, n); -1 where drop_last left a sample out.

    Draws the order exactly as a Training with the same settings and seed does: a real DataLoader over
    the indices with the same seeded generator, created afresh each epoch (or core.train.epoch_batches).
    """
    if n < 1 or epochs < 1:
        raise ValueError("need at least one sample and one epoch")
    if batch_size < 0:
        raise ValueError("batch size must be 0 (full batch) or positive")
    batch_size = effective_batch_size(batch_size, n)
    generator = torch.Generator().manual_seed(seed)
    layout = np.full((epochs, n), -1, dtype=np.int64)
    for epoch in range(epochs):
        if loader == "dataloader":
            batches = DataLoader(range(n), batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                                 generator=generator)
        else:
            batches = epoch_batches(n, batch_size, shuffle, drop_last, generator)
        for number, index in enumerate(batches):
            layout[epoch, np.asarray(index)] = number
    return layout


def epoch_arithmetic(n: int, batch_size: int, drop_last: bool) -> dict:
    """The chapter's Epoch / Batch-Size / Iteration numbers for n samples (batch size 0 = full batch)."""
    size = effective_batch_size(batch_size, n)
    iterations = iterations_per_epoch(n, size, drop_last)
    remainder = n % size
    return {"samples": n, "batch_size": size, "iterations": iterations, "exact": n / size,
            "last_batch": size if remainder == 0 else (None if drop_last else remainder),
            "dropped": remainder if drop_last else 0}


def comparison_configs(base: RunConfig, n_train: int) -> dict[str, RunConfig]:
    """Full batch, the learner's mini-batch and batch 1, otherwise identical; logged ~25 times an epoch each."""
    configs = {}
    for label, batch_size in COMPARISON.items():
        batch_size = base.batch_size if batch_size is None else batch_size
        size = effective_batch_size(batch_size, n_train)
        per_epoch = iterations_per_epoch(n_train, size, base.drop_last)
        configs[label] = base.replace(batch_size=batch_size,
                                      log_every=max(1, math.ceil(per_epoch / RECORDS_PER_EPOCH)))
    return configs


def survival_probability(model: torch.nn.Module, split, pclass, sex, age, sibsp, parch, title=None) -> float:
    """P(survived) for one passenger, encoded exactly like the training rows (ValueError names a bad field)."""
    x = split.encode_passenger(pclass, sex, age, sibsp, parch, title=title)
    return float(predict(model, x, softmax=False).reshape(()))  # the model ends in its own sigmoid
