"""Lecture 11: one epoch each of its Inception and residual networks against chapter 10's CNN, in one run.

`list(Training(cfg))` at the course's settings (batch 64, SGD lr 0.01, momentum 0.5) on all 60,000 training images,
then the 10,000 test images, at one intra-op thread (the page runner's setting), the models back to back (order
rotated per repeat). Reports wall and CPU seconds per epoch, each as a ratio to chapter 10's CNN (medians of each
repeat's ratio: on a shared machine the CPU-time ratio is the steadier), and the test accuracy after that epoch
against the issue's target for one epoch (>= 96.5 %). The 10-epoch, several-seed accuracy is not here.
Writes bench/results/advanced_cnn.json.

Run: `python -m bench.bench_advanced_cnn [--repeats 1] [--models course-cnn course-inception course-resnet]`
(about 45 s on 2 idle cores: the Inception network's epoch is 28 s of it).
"""

import argparse
import json
import sys

import torch

from bench.bench_convolution import one_run
from bench.common import machine, median, save
from core.config import MNIST_MODELS
from core.data import load_mnist

BASELINE = "course-cnn"
MODELS = (BASELINE, "course-inception", "course-resnet")
ONE_EPOCH_TARGET = 0.965


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_advanced_cnn", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MNIST_MODELS,
                        help=f"the MNIST models to time ({BASELINE} is always among them: the ratios' baseline)")
    args = parser.parse_args(argv)
    models = [BASELINE] + [m for m in args.models if m != BASELINE]
    torch.set_num_threads(1)
    started = machine()
    load_mnist()  # read once before anything is timed
    seconds, cpu, accuracy = {m: [] for m in models}, {m: [] for m in models}, {m: [] for m in models}
    for repeat in range(args.repeats):
        for model in models[repeat % len(models):] + models[:repeat % len(models)]:
            took, used, acc = one_run(model)
            seconds[model].append(took)
            cpu[model].append(used)
            accuracy[model].append(acc)
            print(f"repeat {repeat + 1}/{args.repeats} {model}: {took:.1f} s ({used:.1f} s CPU), test accuracy "
                  f"{acc:.2%}", file=sys.stderr, flush=True)
    result = {"threads": 1, "repeats": args.repeats, "one_epoch_target": ONE_EPOCH_TARGET, "models": {
        model: {"seconds": seconds[model], "cpu_seconds": cpu[model], "test_acc": accuracy[model],
                "wall_ratio_to_course_cnn": round(median([s / b for s, b in zip(seconds[model], seconds[BASELINE])]), 2),
                "cpu_ratio_to_course_cnn": round(median([c / b for c, b in zip(cpu[model], cpu[BASELINE])]), 2),
                "min_test_acc": min(accuracy[model])} for model in models}}
    result["wrote"] = str(save("advanced_cnn", result, started))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
