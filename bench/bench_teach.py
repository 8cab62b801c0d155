"""/draw's "Teach the model my handwriting": how long fine-tuning a 40-drawing gallery takes, and what it changes.

`python -m bench.bench_teach` fine-tunes copies of the default CNN and MLP (core.finetune, the page's settings,
one thread, as the page's teaching thread has) on two 40-drawing galleries, 4 of each digit:
- drawn: bench/handwriting.py's stroke digits (seed 0) through /draw's preprocessing, as a learner's would be.
  The defaults already read these almost perfectly, so this gallery is for the time;
- turned: MNIST test digits turned a quarter, handwriting the defaults cannot read, so teaching shows.
Per model: median seconds of the whole call (MNIST scored before and after included) over 3 runs on the drawn
gallery; on the turned one, held-back and MNIST accuracy before and after, with the MNIST mix and without, and
with and without augmenting the drawings (core.augment), over seeds 0-2. A JSON summary is the last line (bench/results/teach.json).
"""

import dataclasses
import json
import statistics
import time

import torch

from bench.common import machine, save
from bench.handwriting import make_set
from core import data, defaults
from core.finetune import TeachConfig, finetune
from core.preprocess import preprocess

PER_DIGIT = 4
SEEDS = (0, 1, 2)


def drawn_gallery() -> tuple[torch.Tensor, torch.Tensor]:
    canvases, labels = make_set(seed=0, per_digit=PER_DIGIT, font_per_digit=0, fonts=False)
    return torch.stack([preprocess(canvas).tensor for canvas in canvases]), torch.as_tensor(labels)


def turned_gallery(mnist) -> tuple[torch.Tensor, torch.Tensor]:
    drawings, labels = [], []
    for digit in range(10):
        index = (mnist.y_test == digit).nonzero().flatten()[-PER_DIGIT:]
        drawings.append(torch.rot90(mnist.x_test[index], 1, (2, 3)))
        labels += [digit] * PER_DIGIT
    return torch.cat(drawings), torch.tensor(labels)


def run(model, drawings, labels, mnist, cfg) -> dict:
    started = time.perf_counter()
    taught = finetune(model, drawings, labels, mnist, cfg)
    return {"total_s": round(time.perf_counter() - started, 3), "teaching_s": round(taught.seconds, 3),
            "steps": taught.steps, "held_back": len(taught.held_back),
            "held_acc": [round(taught.held_acc_before, 3), round(taught.held_acc_after, 3)],
            "mnist_acc": [round(taught.mnist_acc_before, 4), round(taught.mnist_acc_after, 4)],
            "changed": len(taught.changed)}


def mean_of(runs: list[dict], key: str) -> list[float]:
    return [round(statistics.mean(r[key][i] for r in runs), 4) for i in (0, 1)]


def main() -> int:
    torch.set_num_threads(1)  # as core.finetune.Teaching's thread
    started_machine = machine()
    mnist = data.load_mnist()
    models = defaults.load_defaults()
    drawn, turned = drawn_gallery(), turned_gallery(mnist)
    cfg = TeachConfig()
    result = {"config": dataclasses.asdict(cfg), "gallery": 10 * PER_DIGIT, "models": {}}
    for name, default in models.items():
        timing = [run(default.model, *drawn, mnist, cfg) for _ in range(3)]
        print(f"{name} drawn gallery: {[r['total_s'] for r in timing]} s; held {timing[0]['held_acc']}, "
              f"MNIST {timing[0]['mnist_acc']}", flush=True)
        entry = {"drawn": {"median_total_s": statistics.median(r["total_s"] for r in timing),
                           "median_teaching_s": statistics.median(r["teaching_s"] for r in timing),
                           "held_acc": timing[0]["held_acc"], "mnist_acc": timing[0]["mnist_acc"]}}
        for variant, changes in {"mix": {}, "mix_no_augment": {"augment": False}, "no_mix": {"mnist_share": 0.0}}.items():
            runs = [run(default.model, *turned, mnist, TeachConfig(seed=seed, **changes)) for seed in SEEDS]
            entry[f"turned_{variant}"] = {"held_acc_mean": mean_of(runs, "held_acc"),
                                          "mnist_acc_mean": mean_of(runs, "mnist_acc"), "runs": runs}
            print(f"{name} turned, {variant}: held {mean_of(runs, 'held_acc')}, MNIST {mean_of(runs, 'mnist_acc')}, "
                  f"{[r['total_s'] for r in runs]} s", flush=True)
        result["models"][name] = entry
    save("teach", result, started_machine)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
