"""How much the live UI costs: MNIST training samples/s under the page's polling vs the headless loop.

Same config in one process (the chapter's MLP, batch 64, SGD lr 0.01 momentum 0.5, a training subset):
- headless: `list(Training(cfg))`, what the CLI does;
- runner: the same in a `Runner`'s background thread, nobody watching (the cost of the thread alone);
- live: a `Runner` trains in its thread while another thread plays the /softmax-mnist page's live view:
  every ui.live.REFRESH_S it reads `runner.state()`, builds that page's figures from it with the same
  ui functions and serialises them as `st.plotly_chart` does (`fig.to_json()`). Timed from start until
  the runner's thread ends.
Modes alternate, each repeated; medians are reported. Prints one JSON object:
wall-clock samples/s of each mode, the samples/s the page's "Throughput" metric shows (records'
samples_per_s, compute time only), the live/headless ratio, and the page's redraw time per poll.

Run: `python -m bench.bench_ui_throughput [--train-subset 12000] [--epochs 2] [--repeats 3] [--model mlp]`
"""

import argparse
import json
import statistics
import threading
import time

import torch

from core import data
from core.config import default_config
from core.runner import Runner
from core.softmax import cell_mistakes, first_of_each_class
from core.train import Training
from ui.figures import COLORS, Line, line_chart, series
from ui.figures_ch9 import confusion_figure, digit_mosaic_figure, per_class_figure, probe_figure
from ui.live import REFRESH_S


def page_figures(state, tensors, probe_index: list[int], log_every: int) -> list:
    """The figures /softmax-mnist's live view draws for one state (see pages/softmax_mnist.py)."""
    evals = state.of_kind("eval")
    latest = state.latest("train")
    figures = [
        line_chart([Line("train loss", *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])],
                   x_title="iteration", y_title="cross-entropy", events=state.of_kind("event"),
                   title=f"Loss, mean of every {log_every} iterations"),
        line_chart([Line("test", *series(evals, "test/acc", "epoch"), color=COLORS["test"]),
                    Line("train (running)", *series(evals, "train/acc", "epoch"), color=COLORS["train"])],
                   x_title="epoch", y_title="accuracy", y_range=(0, 1.02)),
        probe_figure(tensors.images_test[probe_index].numpy(), [int(tensors.y_test[i]) for i in probe_index],
                     latest.get("probe/probs") if latest else None),
    ]
    if evals and state.last_eval is not None:
        last = evals[-1]
        index = cell_mistakes(state.last_eval, 2, 8)
        figures += [confusion_figure(last["confusion"], selected=(2, 8)), per_class_figure(last["per_class_acc"]),
                    digit_mosaic_figure(tensors.images_test[index].numpy(), [""] * len(index), columns=6)]
    return figures


def headless(cfg) -> dict:
    started = time.perf_counter()
    records = list(Training(cfg))
    wall = time.perf_counter() - started
    return summary(records, wall, cfg, polls=[])


def live(cfg, tensors, draw: bool = True) -> dict:
    """A Runner's thread trains; with `draw`, another thread redraws the page every REFRESH_S meanwhile."""
    probe_index = first_of_each_class(tensors.y_test[:cfg.test_subset or None])
    runner = Runner(cfg)
    polls, done = [], threading.Event()

    def poll():  # a second thread, like the Streamlit script thread that runs the page's fragment
        while draw and not done.wait(REFRESH_S):
            drawn = time.perf_counter()
            state = runner.state()
            for figure in page_figures(state, tensors, probe_index, cfg.log_every):
                figure.to_json()  # what st.plotly_chart sends to the browser
            polls.append(time.perf_counter() - drawn)

    poller = threading.Thread(target=poll, daemon=True)
    started = time.perf_counter()
    runner.start()
    poller.start()
    runner.join()
    wall = time.perf_counter() - started
    done.set()
    poller.join()
    state = runner.state()
    assert state.status == "finished", state.message
    return summary(list(state.records), wall, cfg, polls)


def summary(records: list[dict], wall: float, cfg, polls: list[float]) -> dict:
    """Wall-clock samples/s over the whole run, and the mean of what the page's metric shows."""
    train = [r for r in records if r["kind"] == "train"]
    shown = [r["samples_per_s"] for r in train[1:] or train]  # the first interval carries first-call costs
    samples = cfg.epochs * (cfg.train_subset or 60_000)
    return {"wall_samples_per_s": samples / wall, "shown_samples_per_s": statistics.mean(shown),
            "compute_s": records[-1]["time"], "wall_s": wall,
            "redraw_ms": 1000 * statistics.median(polls) if polls else None}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-subset", type=int, default=12_000)
    parser.add_argument("--test-subset", type=int, default=2_000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each mode, order rotated")
    parser.add_argument("--model", choices=("mlp", "cnn"), default="mlp")
    parser.add_argument("--log-every", type=int, default=50, help="iterations per record (the page's N)")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = default_config("mnist", model=args.model, epochs=args.epochs, train_subset=args.train_subset,
                         test_subset=args.test_subset, log_every=args.log_every, device="cpu")
    tensors = data.load_mnist()
    list(Training(cfg.replace(epochs=1, train_subset=640, test_subset=100)))  # warm-up: first-call costs
    modes = {"headless": lambda: headless(cfg), "runner": lambda: live(cfg, tensors, draw=False),
             "live": lambda: live(cfg, tensors)}
    runs = {mode: [] for mode in modes}
    for repeat in range(args.repeats):  # rotate the order, so a busy moment on a shared machine hits every mode
        names = list(modes)
        for mode in names[repeat % 3:] + names[:repeat % 3]:
            runs[mode].append(modes[mode]())

    def median(mode: str, key: str):
        values = [run[key] for run in runs[mode] if run[key] is not None]
        return round(statistics.median(values), 1) if values else None

    result = {
        "config": {k: v for k, v in cfg.to_dict().items() if k in ("model", "batch_size", "lr", "momentum",
                                                                  "epochs", "train_subset", "test_subset",
                                                                  "log_every")},
        "torch_threads": torch.get_num_threads(), "repeats": args.repeats, "refresh_s": REFRESH_S,
        "headless_wall_samples_per_s": median("headless", "wall_samples_per_s"),
        "runner_no_page_wall_samples_per_s": median("runner", "wall_samples_per_s"),
        "live_wall_samples_per_s": median("live", "wall_samples_per_s"),
        "headless_shown_samples_per_s": median("headless", "shown_samples_per_s"),
        "live_shown_samples_per_s": median("live", "shown_samples_per_s"),
        "live_redraw_ms_per_poll": median("live", "redraw_ms"),
    }
    result["live_over_headless_wall"] = round(result["live_wall_samples_per_s"]
                                              / result["headless_wall_samples_per_s"], 3)
    result["live_over_headless_shown"] = round(result["live_shown_samples_per_s"]
                                               / result["headless_shown_samples_per_s"], 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
