"""Chapter 10: the course's CNN against chapter 9's MLP (one epoch each, same run), and the conv explorer's redraw.

- Epochs: `list(Training(cfg))` at the course's settings (batch 64, SGD lr 0.01, momentum 0.5), all 60,000
  training images then the 10,000 test images, at one intra-op thread (the page runner's setting; on the shared
  2-core machine two threads made the timings swing 10x with the other tenants' load). Each repeat trains every
  model back to back (order rotated); the ratio is the median of each repeat's ratio, by wall clock and by the
  process's CPU time. Test accuracy after that epoch.
- Explorer: the script time of one kernel edit on /convolution, as core.convolution.explore plus the three figures
  (course 5x5 example and an MNIST digit), as the rerun of the explorer's fragment (ui.conv_explorer.explorer, all a
  kernel edit reruns in a browser: timed inside the script, and as AppTest's whole run of a script holding only
  it), and as a whole page rerun in AppTest (what a full rerun of the page would cost).
The 10-epoch accuracy over several seeds is bench/bench_course_cnn.py's.
Writes bench/results/convolution.json.

Run: `python -m bench.bench_convolution [--repeats 2] [--explorer-only]`
"""

import argparse
import sys
import time

import numpy as np
import torch

from bench.common import machine, median, save, timed
from core.config import default_config
from core.convolution import COURSE_INPUT, channels_example, explore, kernel_preset
from core.data import load_mnist
from core.train import Training
from ui.figures_ch10 import channels_figure, convolution_figure, pooling_figure

MODELS = ("mlp", "course-cnn", "course-cnn-exercise")


def one_run(model: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, test accuracy after one epoch) of the course's settings for `model`."""
    cfg = default_config("mnist", model=model, epochs=1, device="cpu")
    cpu = time.process_time()
    seconds, records = timed(lambda: list(Training(cfg)))
    cpu = time.process_time() - cpu
    assert records[-1]["reason"] == "finished", records[-1]["message"]
    return seconds, cpu, [r for r in records if r["kind"] == "eval"][-1]["test/acc"]


def explorer_ms(image, kernels, repeats: int) -> float:
    """Median milliseconds of what a kernel edit computes and draws (core's numbers and the three figures)."""
    times = []
    for i in range(repeats):
        kernel = kernels[i % len(kernels)]
        started = time.perf_counter()
        found = explore(image, kernel, 0, 1)
        convolution_figure(image, kernel, found["output"], 0, 1, (0, 0))
        if found["pooled"] is not None:
            pooling_figure(found["output"], found["pooled"], found["winners"])
        channels_figure(channels_example(COURSE_INPUT, kernel))
        times.append(1000 * (time.perf_counter() - started))
    return median(times)


KERNEL_EDITS = ["1 0 -1\n2 0 -2\n1 0 -1", "0 1 0\n1 -4 1\n0 1 0"]  # a kernel edit alternates between these


def edit_and_run(app, repeats: int) -> list[float]:
    """Milliseconds of each of `repeats` AppTest runs, each after a kernel edit."""
    times = []
    for i in range(repeats):
        app.text_area(key="cv-kernel").set_value(KERNEL_EDITS[i % 2])
        started = time.perf_counter()
        app.run()
        times.append(1000 * (time.perf_counter() - started))
        assert not app.exception and not app.error
    return times


def page_rerun_ms(repeats: int) -> float:
    """Median milliseconds of /convolution's whole script after its kernel text changed (AppTest, no browser)."""
    from tests.apptest_helpers import open_page, stop_runs

    app = open_page("pages/convolution.py")
    try:
        return median(edit_and_run(app, repeats))
    finally:
        stop_runs(app)


def fragment_script():
    """Only the explorer fragment, timed from inside the script (AppTest writes this function to a file)."""
    import time

    import streamlit as st

    from core.data import load_mnist
    from ui.conv_explorer import explorer

    tensors = st.cache_resource(load_mnist)()
    started = time.perf_counter()
    explorer(tensors)
    st.session_state.setdefault("bench-explorer-ms", []).append(1000 * (time.perf_counter() - started))


def fragment_rerun_ms(repeats: int, source: str) -> dict:
    """Median milliseconds of the explorer fragment after a kernel edit: its own script time, and AppTest's run."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(fragment_script, default_timeout=60)
    app.run()
    app.radio(key="cv-input").set_value(source).run()
    whole = edit_and_run(app, repeats)
    return {"script_ms": median(app.session_state["bench-explorer-ms"][-repeats:]), "apptest_run_ms": median(whole)}


def explorer_figures(kernels, digit) -> dict:
    """Every explorer measure, in milliseconds (medians)."""
    return {"course_example": explorer_ms(np.array(COURSE_INPUT, dtype=float), kernels, 30),
            "mnist_digit": explorer_ms(digit, kernels, 30),
            "fragment_course_example": fragment_rerun_ms(20, "course"),
            "fragment_mnist_digit": fragment_rerun_ms(20, "digit"), "page_rerun": page_rerun_ms(20)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_convolution", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--explorer-only", action="store_true",
                        help="only the explorer's script times (bench/results/convolution_explorer.json)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    started = machine()
    load_mnist()  # read once before anything is timed
    kernels = [kernel_preset(name) for name in ("sharpen", "vertical_edge", "blur")]
    digit = load_mnist().images_test[0].numpy() / 255.0
    if args.explorer_only:
        result = {"threads": args.threads, "explorer_ms": explorer_figures(kernels, digit)}
        print(f"explorer {result['explorer_ms']} ms; wrote {save('convolution_explorer', result, started)}")
        return 0
    seconds, cpu, accuracy = {m: [] for m in MODELS}, {m: [] for m in MODELS}, {}
    for repeat in range(args.repeats):
        for model in MODELS[repeat % len(MODELS):] + MODELS[:repeat % len(MODELS)]:
            took, used, accuracy[model] = one_run(model)
            seconds[model].append(took)
            cpu[model].append(used)
            print(f"{model}: {took:.1f} s ({used:.1f} s CPU), test acc {accuracy[model]:.4f}", file=sys.stderr)
    epoch = {m: median(seconds[m]) for m in MODELS}

    def ratio(times, model):  # the median of each repeat's ratio: both sides of a pair saw the same machine
        return median([a / b for a, b in zip(times[model], times["mlp"])])

    result = {
        "threads": args.threads, "epoch_s": epoch, "epoch_s_all": seconds, "epoch_cpu_s_all": cpu,
        "test_acc_1_epoch": accuracy,
        "ratios": {"course_cnn_over_mlp": ratio(seconds, "course-cnn"),
                   "course_cnn_over_mlp_cpu": ratio(cpu, "course-cnn"),
                   "exercise_over_mlp": ratio(seconds, "course-cnn-exercise"),
                   "exercise_over_mlp_cpu": ratio(cpu, "course-cnn-exercise")},
        "explorer_ms": explorer_figures(kernels, digit),
    }
    path = save("convolution", result, started)
    print(f"course CNN / MLP, one epoch: {result['ratios']['course_cnn_over_mlp']:.2f}x "
          f"({epoch['course-cnn']:.1f} s vs {epoch['mlp']:.1f} s); 1-epoch test acc {accuracy['course-cnn']:.4f}; "
          f"explorer {result['explorer_ms']} ms; wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
