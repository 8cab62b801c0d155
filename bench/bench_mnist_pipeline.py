"""One MNIST epoch of the course's MLP (batch 64, SGD lr 0.01 momentum 0.5): the course's pipeline vs a bare loop vs core.

Every mode trains one epoch on all 60,000 images and then scores the 10,000 test images; the wall clock covers
both. Modes, each repeated (order rotated, so a busy moment on the shared machine hits every mode):
- course: the chapter-9 script as the course writes it (torchvision MNIST + ToTensor/Normalize, DataLoader with
  shuffle, num_workers 0), in the main thread with torch's default threads;
- bare_page / core_page: the page's conditions, a background thread with one intra-op thread. bare is a plain loop
  written here over core's pre-normalised tensors (same batch order as core); core is a core.runner.Runner, the
  object the page starts (records, probes every 300 iterations, confusion matrix and all);
- bare_cli / core_cli: the headless CLI's conditions, the main thread with torch's default threads; core is
  `list(Training(cfg))`, what `python -m core train mnist` iterates.
Ratios come from medians of the same run. Writes bench/results/mnist_pipeline.json.

Run: `python -m bench.bench_mnist_pipeline [--repeats 5] [--train-subset 60000]`
"""

import argparse
import sys
import threading

import torch
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

from bench.common import machine, median, save, timed
from core.config import default_config
from core.data import DATA_DIR, MNIST_MEAN, MNIST_STD, load_mnist
from core.models import MnistMLP
from core.runner import Runner
from core.loop import epoch_batches
from core.train import Training

BATCH, LR, MOMENTUM = 64, 0.01, 0.5


def course_datasets(train_subset: int):
    """The chapter-9 datasets: every image goes through ToTensor + Normalize when the DataLoader asks for it."""
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MNIST_MEAN,), (MNIST_STD,))])
    train = datasets.MNIST(root=DATA_DIR, train=True, download=False, transform=transform)
    test = datasets.MNIST(root=DATA_DIR, train=False, download=False, transform=transform)
    return (Subset(train, range(train_subset)) if train_subset < len(train) else train), test


def course(train_dataset, test_dataset, seed: int = 0, order: list[int] | None = None) -> float:
    """The course's train(epoch) and test() for one epoch; returns test accuracy.

    `order` replaces the DataLoader's own shuffle with a given sample order (tests use core's, so that only the
    pipeline differs); the benchmark keeps the course's shuffle.
    """
    torch.manual_seed(seed)
    if order is None:
        train_loader = DataLoader(train_dataset, shuffle=True, batch_size=BATCH)
    else:
        train_loader = DataLoader(train_dataset, sampler=order, batch_size=BATCH)
    test_loader = DataLoader(test_dataset, shuffle=False, batch_size=BATCH)
    model = MnistMLP()
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    running_loss = 0.0
    for inputs, target in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), target)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    correct = total = 0
    with torch.no_grad():
        for images, labels in test_loader:
            predicted = model(images).argmax(1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    return correct / total


def bare(train_subset: int, seed: int = 0) -> float:
    """The least a loop can do: index pre-normalised tensors in core's batch order, step, score the test set."""
    tensors = load_mnist()
    x, y = tensors.x_train[:train_subset], tensors.y_train[:train_subset]
    torch.manual_seed(seed)
    model = MnistMLP()
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    generator = torch.Generator().manual_seed(seed)
    for index in epoch_batches(len(x), BATCH, shuffle=True, drop_last=False, generator=generator):
        loss = criterion(model(x[index]), y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss.item()
    with torch.no_grad():
        predicted = torch.cat([model(chunk).argmax(1) for chunk in tensors.x_test.split(2000)])
    return float((predicted == tensors.y_test).float().mean())


def core_config(train_subset: int):
    """The /softmax-mnist page's defaults, for one epoch (it logs every 300 iterations with probe digits)."""
    return default_config("mnist", epochs=1, device="cpu", train_subset=0 if train_subset == 60_000 else train_subset)


def core_page(train_subset: int) -> float:
    runner = Runner(core_config(train_subset))
    runner.start()
    runner.join()
    state = runner.state()
    assert state.status == "finished", state.message
    return state.latest("eval")["test/acc"]


def core_cli(train_subset: int) -> float:
    records = list(Training(core_config(train_subset)))
    assert records[-1]["reason"] == "finished", records[-1]["message"]
    return [r for r in records if r["kind"] == "eval"][-1]["test/acc"]


def in_page_thread(run):
    """Run in a fresh thread with one intra-op thread, as core.runner does for every page run."""
    out = {}

    def body():
        torch.set_num_threads(1)
        out["value"] = run()

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    return out["value"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_mnist_pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--train-subset", type=int, default=60_000, help="training images per epoch (budget runs)")
    args = parser.parse_args(argv)
    started = machine()
    default_threads = torch.get_num_threads()
    n = args.train_subset
    train_dataset, test_dataset = course_datasets(n)

    def main_thread(run):
        torch.set_num_threads(default_threads)  # a Runner's thread must not leave its setting behind
        return run()

    modes = {
        "course": lambda: main_thread(lambda: course(train_dataset, test_dataset)),
        "bare_page": lambda: in_page_thread(lambda: bare(n)),
        "core_page": lambda: core_page(n),
        "bare_cli": lambda: main_thread(lambda: bare(n)),
        "core_cli": lambda: main_thread(lambda: core_cli(n)),
    }
    # Warm-up: data loading and first-call costs stay out of every timing.
    load_mnist()
    in_page_thread(lambda: bare(640))
    core_page(640)
    main_thread(lambda: bare(640))
    seconds = {mode: [] for mode in modes}
    accuracy = {}
    names = list(modes)
    for repeat in range(args.repeats):
        for mode in names[repeat % len(names):] + names[:repeat % len(names)]:
            elapsed, acc = timed(modes[mode])
            seconds[mode].append(elapsed)
            accuracy[mode] = acc
            print(f"  repeat {repeat + 1}/{args.repeats} {mode:<10} {elapsed:6.2f} s  test acc {acc:.4f}", flush=True)
    med = {mode: median(times) for mode, times in seconds.items()}
    result = {
        "config": {"train_images": n, "batch_size": BATCH, "lr": LR, "momentum": MOMENTUM, "repeats": args.repeats,
                   "default_threads": default_threads},
        "median_s": {mode: round(s, 3) for mode, s in med.items()},
        "samples_per_s": {mode: round(n / s) for mode, s in med.items()},
        "seconds": {mode: [round(s, 3) for s in times] for mode, times in seconds.items()},
        "test_acc": {mode: round(acc, 4) for mode, acc in accuracy.items()},
        "ratios": {
            "core_page_over_bare_page": round(med["core_page"] / med["bare_page"], 3),
            "core_cli_over_bare_cli": round(med["core_cli"] / med["bare_cli"], 3),
            "course_over_core_page": round(med["course"] / med["core_page"], 2),
            "course_over_core_cli": round(med["course"] / med["core_cli"], 2),
            "acc_points_core_minus_course": round(100 * (accuracy["core_page"] - accuracy["course"]), 2),
        },
    }
    path = save("mnist_pipeline", result, started)
    print(f"median s: {result['median_s']}\nratios: {result['ratios']}\ntest acc: {result['test_acc']}\n-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
