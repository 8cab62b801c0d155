"""The /draw pipeline: how fast preprocessing (+ a forward pass) is, and how well models read drawn digits.

`python -m bench.bench_preprocess` prints one JSON summary: median ms per canvas on CPU for
preprocess alone, naive_resize alone, and preprocess + forward for MnistMLP and MnistCNN; then, for
every checkpoint in the models folder (or those given with --checkpoint), accuracy on the held-out
handwriting set (bench/handwriting.py, not MNIST) with the page's preprocessing vs a naive resize.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

from bench.handwriting import make_set
from core.models import MnistCNN, MnistMLP
from core.preprocess import naive_resize, preprocess


def heldout_accuracy(model: torch.nn.Module, images: np.ndarray, labels: np.ndarray,
                     normalise_thickness: bool = True) -> dict:
    """Accuracy on drawn digits with the page's preprocessing and with a naive 28x28 resize, plus per-digit."""
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    pre = torch.stack([preprocess(image, normalise_thickness).tensor for image in images])
    naive = torch.stack([naive_resize(image) for image in images])
    truth = torch.as_tensor(labels)
    with torch.no_grad():
        guess_pre = model(pre.to(device)).argmax(1).cpu()
        guess_naive = model(naive.to(device)).argmax(1).cpu()
    model.train(was_training)
    right = guess_pre == truth
    return {
        "n": len(labels),
        "acc_preprocessed": round(right.float().mean().item(), 4),
        "acc_naive_resize": round((guess_naive == truth).float().mean().item(), 4),
        "acc_per_digit": {d: round(right[truth == d].float().mean().item(), 3) for d in range(10)},
        "confusions": _top_confusions(truth, guess_pre),
    }


def time_pipeline(images: np.ndarray, repeats: int = 1) -> dict:
    """Median ms per canvas for each stage combination, one canvas at a time as the page does it."""
    models = {"mlp": MnistMLP().eval(), "cnn": MnistCNN().eval()}
    runs = {
        "preprocess_ms": lambda image: preprocess(image),
        "preprocess_no_thickness_ms": lambda image: preprocess(image, normalise_thickness=False),
        "naive_resize_ms": lambda image: naive_resize(image),
    }
    for name, model in models.items():
        runs[f"preprocess_forward_{name}_ms"] = lambda image, model=model: _predict(model, image)
    result = {}
    with torch.no_grad():
        for name, run in runs.items():
            run(images[0])  # warm-up: first calls pay for lazy initialisation
            times = []
            for _ in range(repeats):
                for image in images:
                    start = time.perf_counter()
                    run(image)
                    times.append(time.perf_counter() - start)
            result[name] = round(1000 * statistics.median(times), 3)
    return result


def _predict(model: torch.nn.Module, image: np.ndarray) -> torch.Tensor:
    return torch.softmax(model(preprocess(image).tensor.unsqueeze(0)), dim=1)


def _top_confusions(truth: torch.Tensor, guess: torch.Tensor, most: int = 5) -> list[str]:
    pairs = [(int(t), int(g)) for t, g in zip(truth, guess) if t != g]
    counts = {pair: pairs.count(pair) for pair in set(pairs)}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:most]
    return [f"{t}->{g} x{n}" for (t, g), n in ranked]


def _checkpoints(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    from core.checkpoints import models_dir

    return sorted(models_dir().glob("*.pt"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="held-out set seed")
    parser.add_argument("--canvases", type=int, default=200, help="canvases timed")
    parser.add_argument("--checkpoint", action="append", default=[], help="model file to score (repeatable)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # one canvas per request: the page's case, and fair on a shared machine
    images, labels = make_set(args.seed)
    picked = np.random.default_rng(args.seed).permutation(len(images))[:args.canvases]
    summary = {"device": "cpu", "canvases_timed": len(picked), "heldout_n": len(labels),
               **time_pipeline(images[picked])}
    scores = {}
    for path in _checkpoints(args.checkpoint):
        from core.checkpoints import load_checkpoint

        model, cfg, _ = load_checkpoint(path)
        if cfg.task != "mnist":
            continue
        scores[path.name] = {"model": cfg.model, "augment": cfg.augment, **heldout_accuracy(model, images, labels)}
    summary["heldout"] = scores or "no MNIST checkpoints found (train the default models, or pass --checkpoint)"
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
