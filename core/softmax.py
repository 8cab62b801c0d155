"""Chapter 9's small maths for the page: softmax and cross-entropy three ways, MNIST pixel statistics, mistakes."""

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from core.mnist import MNIST_MEAN, MNIST_STD

LOGIT_LIMIT = 100.0  # far beyond what a slider offers; keeps exp() and the displayed digits meaningful


def softmax_check(logits: Sequence[float], target: int) -> dict:
    """Softmax of one sample's logits and its loss for class `target`, computed three ways that must agree.

    "cross_entropy" is nn.CrossEntropyLoss, "log_softmax_nll" is nn.LogSoftmax then nn.NLLLoss (what the
    chapter says CrossEntropyLoss combines), "by_hand" is -z_target + log(sum_j exp(z_j)).
    """
    values = _check_logits(logits)
    target = _check_target(target, len(values))
    z = torch.tensor([values], dtype=torch.float64)  # one sample, float64 so the digits shown are all real
    y = torch.tensor([target])
    log_probs = nn.LogSoftmax(dim=1)(z)
    shifted = z - z.max()  # subtracting the max changes nothing mathematically and keeps exp() finite
    by_hand = -float(shifted[0, target]) + math.log(float(torch.exp(shifted).sum()))
    return {
        "probs": torch.softmax(z, dim=1)[0].tolist(),
        "log_probs": log_probs[0].tolist(),
        "cross_entropy": float(nn.CrossEntropyLoss()(z, y)),
        "log_softmax_nll": float(nn.NLLLoss()(log_probs, y)),
        "by_hand": by_hand,
    }


def _check_logits(logits) -> list[float]:
    try:
        values = [float(v) for v in logits]
    except (TypeError, ValueError):
        raise ValueError(f"logits must be a list of numbers, got {logits!r}") from None
    if len(values) < 2:
        raise ValueError("softmax needs at least 2 logits (one per class)")
    if not all(math.isfinite(v) and abs(v) <= LOGIT_LIMIT for v in values):
        raise ValueError(f"every logit must be a finite number between -{LOGIT_LIMIT:g} and {LOGIT_LIMIT:g}")
    return values


def _check_target(target, classes: int) -> int:
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)) or not 0 <= target < classes:
        raise ValueError(f"the target class must be a whole number from 0 to {classes - 1}, got {target!r}")
    return int(target)


def pixel_statistics(images: torch.Tensor, chunk: int = 5000) -> dict:
    """How often each grey level 0-255 occurs in uint8 images, and the mean/std of pixel/255 they imply.

    Also the same levels after the chapter's Normalize((MNIST_MEAN,), (MNIST_STD,)), so a page can draw
    the histogram before and after; the counts are exact, not sampled.
    """
    assert images.dtype == torch.uint8, "pixel_statistics expects raw uint8 images"
    counts = np.zeros(256, dtype=np.int64)
    for part in images.split(chunk):  # chunks: bincount widens to int64, 60k images at once would need 376 MB
        counts += np.bincount(part.numpy().ravel(), minlength=256)
    levels = np.arange(256) / 255.0  # what ToTensor() turns each grey level into
    total = counts.sum()
    mean = float((counts * levels).sum() / total)
    std = float(math.sqrt((counts * (levels - mean) ** 2).sum() / total))
    return {
        "counts": counts, "levels": levels, "normalised_levels": (levels - MNIST_MEAN) / MNIST_STD,
        "mean": mean, "std": std,
        "normalised_mean": (mean - MNIST_MEAN) / MNIST_STD, "normalised_std": std / MNIST_STD,
        "zero_fraction": float(counts[0] / total),
    }


def first_of_each_class(labels: torch.Tensor, classes: int = 10) -> list[int]:
    """Index of the first sample of every class present (the fixed probe digits a training run reports on)."""
    labels = torch.as_tensor(labels).cpu()
    return [int((labels == c).nonzero()[0]) for c in range(classes) if (labels == c).any()]


def cell_mistakes(last_eval: dict, true: int, pred: int, limit: int = 24) -> np.ndarray:
    """Test-set indices whose label is `true` and prediction `pred`, most confident first (at most `limit`)."""
    labels, preds, probs = last_eval["labels"], last_eval["pred"], last_eval["probs"]
    index = np.flatnonzero((labels == true) & (preds == pred))
    order = np.argsort(-probs[index, pred], kind="stable")
    return index[order][:limit]
