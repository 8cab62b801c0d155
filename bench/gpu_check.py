"""`make gpu-check`: the CUDA path on a real GPU, in one run of a few minutes (issue 20).

On a CUDA machine it prints the GPU and torch, then
- runs the CUDA-marked tests (those skipped without CUDA; pytest loads this module as a plugin to pick them);
- trains the course's MNIST MLP (batch 64, SGD lr 0.01 momentum 0.5) for 3 epochs four ways: core eager
  (TORCHPLAY_CUDA_GRAPH=0), core's whole-step CUDA graph (the default on CUDA), and the course's own pipeline
  (torchvision MNIST + ToTensor/Normalize + DataLoader, batches moved to the GPU) with 0 and 4 workers; a table of
  seconds per epoch and test accuracy;
- checks the graph run's per-record losses against eager's (float32 rounding) and its accuracy (within 0.3 points);
- scores the /draw default models on the MNIST test set on the GPU and on the CPU (within 0.1 points);
- starts the app as `make run` does, on a free port, and reads the home page's device (AppTest): it must be the GPU;
- prints the issue's speed targets as met / not met (figures, not pass/fail).
Exit status 1 when any check FAILs. Without CUDA it says so in one line and exits 0.

Run: `make gpu-check`, or `python -m bench.gpu_check` from the repository root.
"""

import contextlib
import copy
import math
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
GRAPH_ENV = "TORCHPLAY_CUDA_GRAPH"
EPOCHS = 3
# Float32 rounding differences between a replayed graph and eager kernels grow over ~2,800 steps; a real mismatch
# (a wrong step, a stale learning rate) moves the loss by far more than this.
LOSS_RTOL, LOSS_ATOL = 1e-4, 1e-6
ACC_POINTS_GRAPH, ACC_POINTS_DRAW = 0.3, 0.1
# Issue 20's targets: the graph path's steady epoch, and its speed-up over the course pipeline with 4 workers.
TARGET_GRAPH_S, TARGET_SPEEDUP = 0.25, 10.0
CUDA_SKIP = re.compile(r"skipif\(\s*not\s+torch\.cuda\.is_available\(\)")


@dataclass
class Run:
    """One way of training: wall seconds of each epoch (training + test pass), final test accuracy, train losses."""

    name: str
    epoch_seconds: list[float]
    test_acc: float
    losses: list[tuple[int, float]] = field(default_factory=list)  # (step, train/loss) of each train record
    note: str = ""


# -- pure helpers (tests/test_gpu_check.py) --------------------------------------------------------------------

def steady_seconds(epoch_seconds: list[float]) -> float:
    """Seconds per epoch once warmed up: the median of every epoch after the first (CUDA start-up, graph capture)."""
    assert epoch_seconds, "no epoch was timed"
    return statistics.median(epoch_seconds[1:] or epoch_seconds)


def run_table(runs: list[Run]) -> str:
    """A plain-text table: first epoch, steady seconds per epoch and test accuracy of each run."""
    header = ("run", "epoch 1 s", "s/epoch", "test acc", "note")
    rows = [(r.name, f"{r.epoch_seconds[0]:.3f}", f"{steady_seconds(r.epoch_seconds):.3f}", f"{r.test_acc:.2%}",
             r.note) for r in runs]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def target_lines(graph_s: float, course_workers_s: float) -> list[str]:
    """Issue 20's speed targets against the measured steady epochs, each met or not met."""
    speedup = course_workers_s / graph_s if graph_s > 0 else math.inf
    return [
        f"graph path <= {TARGET_GRAPH_S} s/epoch: {graph_s:.3f} s, "
        f"{'met' if graph_s <= TARGET_GRAPH_S else 'NOT met'}",
        f"graph path >= {TARGET_SPEEDUP:g}x the course pipeline with 4 workers: {speedup:.1f}x "
        f"({course_workers_s:.3f} s / {graph_s:.3f} s), {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}",
    ]


def compare_losses(eager: list[tuple[int, float]], graph: list[tuple[int, float]],
                   rtol: float = LOSS_RTOL, atol: float = LOSS_ATOL) -> tuple[bool, str]:
    """Whether two runs' per-record train losses match (same steps, |a - b| <= atol + rtol |a|), and a line why."""
    if not eager:
        return False, "eager run gave no train records"
    if [step for step, _ in eager] != [step for step, _ in graph]:
        return False, f"records at different steps: eager {len(eager)} records, graph {len(graph)}"
    worst, first_bad = 0.0, None
    for index, ((step, a), (_, b)) in enumerate(zip(eager, graph)):
        diff = abs(a - b)
        worst = max(worst, diff)
        if first_bad is None and not diff <= atol + rtol * abs(a):  # `not <=` also catches NaN
            first_bad = (index, step, a, b)
    summary = f"{len(eager)} records, max |diff| {worst:.2e} (rtol {rtol:g}, atol {atol:g})"
    if first_bad is not None:
        index, step, a, b = first_bad
        return False, f"{summary}; first off at record {index} (step {step}): eager {a:.6f}, graph {b:.6f}"
    return True, summary


def within_points(a: float, b: float, points: float) -> bool:
    """Two accuracies (fractions) differ by at most `points` percentage points."""
    return abs(a - b) * 100 <= points + 1e-9


def is_cuda_marked(item) -> bool:
    """A test that is skipped without CUDA: a skipif mark whose reason names CUDA."""
    return any("cuda" in str(mark.kwargs.get("reason", "")).lower() for mark in item.iter_markers("skipif"))


def pytest_collection_modifyitems(config, items):
    """pytest hook, active only when pytest loads this module (`-p bench.gpu_check`): keep the CUDA-marked tests."""
    kept = [item for item in items if is_cuda_marked(item)]
    config.hook.pytest_deselected(items=[item for item in items if not is_cuda_marked(item)])
    items[:] = kept


# -- the checks --------------------------------------------------------------------------------------------------

class Report:
    """PASS/FAIL lines as they happen; the exit status is 1 once anything failed."""

    def __init__(self):
        self.failed = 0

    def check(self, ok: bool, what: str) -> bool:
        print(f"{'PASS' if ok else 'FAIL'} {what}", flush=True)
        self.failed += not ok
        return ok


def cuda_test_files() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").glob("test_*.py")
                  if CUDA_SKIP.search(path.read_text(encoding="utf-8")))


def run_cuda_tests(report: Report) -> None:
    files = cuda_test_files()
    if not report.check(bool(files), f"CUDA-marked tests found: {', '.join(files) or 'none'}"):
        return
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "bench.gpu_check", "-q", "-rs",
                           "-p", "no:cacheprovider", *files], cwd=ROOT, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines() or ["(no output)"]
    summary = lines[-1]
    ok = done.returncode == 0 and "passed" in summary and "skipped" not in summary
    if not ok:
        print("\n".join(lines[-30:]), done.stderr[-2000:], sep="\n")
    report.check(ok, f"CUDA-marked tests: {summary}")


@contextlib.contextmanager
def graph_switch(on: bool):
    """TORCHPLAY_CUDA_GRAPH set for one run, then put back."""
    before = os.environ.get(GRAPH_ENV)
    os.environ[GRAPH_ENV] = "1" if on else "0"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(GRAPH_ENV)
        else:
            os.environ[GRAPH_ENV] = before


def run_core(name: str, cfg, graph: bool) -> Run:
    """core.train.Training, iterated for its records; an epoch's wall time ends at its eval record."""
    from core.train import Training

    with graph_switch(graph):
        training = Training(cfg)
        records, epoch_seconds = [], []
        mark = time.perf_counter()
        for record in training.records():
            records.append(record)
            if record["kind"] == "eval":
                now = time.perf_counter()
                epoch_seconds.append(now - mark)
                mark = now
    end = records[-1]
    note = "" if end["reason"] == "finished" else f"ended {end['reason']}: {end['message']}"
    if graph and not note:
        note = capture_state(training)
    evals = [r for r in records if r["kind"] == "eval"]
    return Run(name, epoch_seconds or [math.nan], evals[-1]["test/acc"] if evals else math.nan,
               [(r["step"], r["train/loss"]) for r in records if r["kind"] == "train"], note)


def capture_state(training) -> str:
    """'captured', or why not. Reads Training's graph attributes, which are internals: a refactor that renames
    them reads as 'unknown', never as a pass."""
    if not hasattr(training, "captured_step"):
        return "capture state unknown: Training has no captured_step (core changed; update bench/gpu_check.py)"
    step = training.captured_step
    if step is None:
        return f"no graph: {getattr(training, 'graph_note', None) or 'no reason given'}"
    if getattr(step, "captured", False):
        return "captured"
    return f"NOT captured: {getattr(step, 'fallback_reason', None) or 'no capture happened'}"


def course_datasets():
    """The chapter-9 datasets as the course writes them: ToTensor + Normalize on every image as it is read."""
    from torchvision import datasets, transforms

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    root = os.environ.get("TORCHPLAY_DATA", str(ROOT / "data"))
    return (datasets.MNIST(root=root, train=True, download=False, transform=transform),
            datasets.MNIST(root=root, train=False, download=False, transform=transform))


def run_course(cfg, num_workers: int) -> Run:
    """The course's train(epoch) + test() loop and DataLoaders, each batch moved to cfg's device."""
    from torch.utils.data import DataLoader

    from core.train import Training

    train_dataset, test_dataset = course_datasets()
    with graph_switch(False):
        model = Training(cfg).model  # core's MLP on the device, seeded as core seeds it: only the pipeline differs
    device = next(model.parameters()).device
    torch.manual_seed(cfg.seed)
    train_loader = DataLoader(train_dataset, shuffle=True, batch_size=cfg.batch_size, num_workers=num_workers)
    test_loader = DataLoader(test_dataset, shuffle=False, batch_size=cfg.batch_size, num_workers=num_workers)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)
    epoch_seconds, accuracy = [], math.nan
    for _ in range(cfg.epochs):
        started = time.perf_counter()
        model.train()
        for inputs, target in train_loader:
            inputs, target = inputs.to(device), target.to(device)
            optimizer.zero_grad()
            loss = criterion(model(inputs), target)
            loss.backward()
            optimizer.step()
            loss.item()  # the course adds every loss to its running total
        model.eval()
        correct = total = 0
        with torch.no_grad():
            for images, labels in test_loader:
                predicted = model(images.to(device)).argmax(1)
                total += labels.size(0)
                correct += (predicted == labels.to(device)).sum().item()
        accuracy = correct / total
        epoch_seconds.append(time.perf_counter() - started)
    return Run(f"course pipeline, {num_workers} workers", epoch_seconds, accuracy)


def check_training(report: Report, device: str) -> None:
    from core.config import default_config

    cfg = default_config("mnist", epochs=EPOCHS, device=device, seed=0)
    print(f"MNIST MLP, {cfg.epochs} epochs, batch {cfg.batch_size}, SGD lr {cfg.lr} momentum {cfg.momentum}, "
          f"seed {cfg.seed}; s/epoch is the median after epoch 1, each epoch timed with its test pass", flush=True)
    eager = run_core(f"core eager ({GRAPH_ENV}=0)", cfg, graph=False)
    graph = run_core("core CUDA graph", cfg, graph=True)
    courses = [run_course(cfg, workers) for workers in (0, 4)]
    print(run_table([eager, graph, *courses]))
    report.check(graph.note == "captured", f"graph run replayed a captured graph ({graph.note})")
    ok, why = compare_losses(eager.losses, graph.losses)
    report.check(ok, f"graph train/loss matches eager per record: {why}")
    report.check(within_points(graph.test_acc, eager.test_acc, ACC_POINTS_GRAPH),
                 f"graph test accuracy {graph.test_acc:.2%} vs eager {eager.test_acc:.2%} "
                 f"(within {ACC_POINTS_GRAPH} points)")
    print("targets (issue 20):")
    for line in target_lines(steady_seconds(graph.epoch_seconds), steady_seconds(courses[1].epoch_seconds)):
        print(f"  {line}")


def check_draw_models(report: Report, device: str) -> None:
    """The /draw default checkpoints score the same on the GPU as on the CPU."""
    from torch.utils.data import DataLoader

    from core.defaults import load_defaults
    from core.finetune import accuracy

    _, test_dataset = course_datasets()
    x, labels = map(torch.cat, zip(*DataLoader(test_dataset, batch_size=2000)))
    for name, default in load_defaults().items():
        cpu = accuracy(default.model, x, labels)
        gpu = accuracy(copy.deepcopy(default.model).to(device), x, labels)
        report.check(within_points(gpu, cpu, ACC_POINTS_DRAW),
                     f"/draw {name}: {gpu:.2%} on {device} vs {cpu:.2%} on CPU (within {ACC_POINTS_DRAW} points)")


def home_page_device() -> str:
    """The device the home page says it trains on, read through AppTest (app.py's router, default page)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return " | ".join(str(metric.value) for metric in app.metric)


def check_app(report: Report, gpu_name: str) -> None:
    """`make run`'s server starts with CUDA visible, and the home page names the GPU."""
    from bench.browser import app_server

    try:
        with app_server("gpu_check") as (base_url, launched):
            report.check(True, f"app server up at {base_url} in {time.perf_counter() - launched:.1f} s "
                               f"(ran app.py once)")
            shown = home_page_device()
    except Exception as error:  # a server that does not start, a page that raises: the check fails, the run goes on
        report.check(False, f"app: {type(error).__name__}: {str(error)[:1500]}")
        return
    report.check(f"GPU: {gpu_name}" in shown, f"home page device: {shown!r} (want 'GPU: {gpu_name}')")


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def main() -> int:
    if not torch.cuda.is_available():
        print(f"gpu-check: no CUDA device visible (torch {torch.__version__}); nothing to check on this machine")
        return 0
    started = time.perf_counter()
    gpu_name = torch.cuda.get_device_name(0)
    print(f"gpu-check: {gpu_name}, torch {torch.__version__} (CUDA {torch.version.cuda}), "
          f"{os.cpu_count()} CPU cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", flush=True)
    report = Report()
    section("CUDA-marked tests")
    run_cuda_tests(report)
    section("training")
    check_training(report, "cuda")
    section("/draw default models")
    check_draw_models(report, "cuda")
    section("app")
    check_app(report, gpu_name)
    verdict = f"{report.failed} FAIL" if report.failed else "all PASS"
    print(f"\ngpu-check: {verdict} in {time.perf_counter() - started:.0f} s")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
