"""Print one table of the benchmarks' ratios and figures, read from bench/results/*.json, each against its target.

Run: `python -m bench.results` (make bench does, after the benchmarks).
"""

import json
import sys

from bench.common import RESULTS_DIR

# (result file, label, path into the JSON, target as (comparison, bound), how to show the value)
ROWS = [
    ("mnist_pipeline", "MNIST epoch: core (page's runner) / bare loop, time", ("ratios", "core_page_over_bare_page"),
     ("<=", 1.10), "{:.3f}x"),
    ("mnist_pipeline", "MNIST epoch: core (CLI) / bare loop, time", ("ratios", "core_cli_over_bare_cli"),
     ("<=", 1.10), "{:.3f}x"),
    ("mnist_pipeline", "MNIST epoch: course pipeline / core (page's runner), time",
     ("ratios", "course_over_core_page"), (">=", 4.0), "{:.2f}x"),
    ("mnist_pipeline", "MNIST epoch: course pipeline / core (CLI), time", ("ratios", "course_over_core_cli"),
     (">=", 4.0), "{:.2f}x"),
    ("mnist_pipeline", "MNIST epoch: test accuracy, core - course (points)",
     ("ratios", "acc_points_core_minus_course"), ("abs<=", 1.0), "{:+.2f}"),
    ("ui_throughput", "Live UI: page in Chromium / CLI as shipped, samples/s", ("ratios", "page_over_cli"),
     (">=", 0.90), "{:.3f}"),
    ("ui_throughput", "Live UI: page in Chromium / CLI at 1 thread, samples/s", ("ratios", "page_over_cli_1_thread"),
     (">=", 0.90), "{:.3f}"),
    ("course_cnn", "Course CNN, 10 epochs: mean test accuracy of 10 seeds", ("mean_final_test_acc",), (">=", 0.987),
     "{:.2%}"),
    ("course_resnet", "Residual net (lecture 11), 10 epochs: mean test accuracy",
     ("mean_final_test_acc",), (">=", 0.989), "{:.2%}"),
    ("course_inception", "Inception (lecture 11), 10 epochs: mean test accuracy",
     ("mean_final_test_acc",), (">=", 0.988), "{:.2%}"),
    *[("advanced_cnn", f"{model} (lecture 11): 1 epoch, lowest test acc.", ("models", model, "min_test_acc"),
       (">=", 0.965), "{:.2%}") for model in ("course-inception", "course-resnet")],
    ("convolution", "/convolution: kernel edit, explorer fragment's script, ms",
     ("explorer_ms", "fragment_mnist_digit", "script_ms"), ("<=", 50.0), "{:.1f} ms"),
    ("cost_surface", "/linear-model: 41x41 surface + curve after a slider move, ms", ("compute_ms", "41x41"),
     ("<=", 50.0), "{:.2f} ms"),
    ("cost_surface", "/linear-model: the same + its 4 figures, CPU ms", ("compute_and_figures_cpu_ms_41x41",),
     ("<=", 50.0), "{:.1f} ms"),
    ("draw", "/draw: decode + preprocess + both models, median ms", ("latency", "stroke_to_prediction_ms"),
     ("<=", 20.0), "{:.1f} ms"),
    ("draw", "/draw: mouse-up -> Prediction in Chromium, median ms", ("browser", "median_ms"),
     ("<=", 1000.0), "{:.0f} ms"),
    ("startup", "Start-up: streamlit run -> home interactive, median s", ("median_s", "home_interactive_s"),
     ("<=", 5.0), "{:.2f} s"),
    ("startup", "Start-up: first page switch, median s", ("median_s", "first_switch_s"), ("<=", 5.0), "{:.2f} s"),
    ("teach", "/draw: teach the CNN a 40-drawing gallery, median s", ("models", "mnist_cnn", "drawn", "median_total_s"),
     ("<=", 10.0), "{:.1f} s"),
    *[("step_animation", f"/{path}: step-by-step animation in Chromium, median fps", ("pages", path, "median_fps"),
       (">=", 10.0), "{:.1f} fps") for path in ("gradient-descent", "back-propagation")],
    ("optim_race", "Lecture 5: eight optimizers x 1,000 epochs, median CPU s", ("median_cpu_s",), ("<=", 5.0),
     "{:.2f} s"),
    *[("classroom", f"Class ({store}): post a finished run, median ms", (store, "post_ms"), ("<=", 20.0),
       "{:.2f} ms") for store in ("sqlite", "redis")],
    *[("classroom", f"Class ({store}): /class, 60 students 300 runs, {what} ms", (store, f"board_{what}_ms"),
       ("<=", 150.0), "{:.0f} ms") for store in ("sqlite", "redis") for what in ("unchanged", "changed")],
]


def meets(value: float, target: tuple[str, float]) -> bool:
    comparison, bound = target
    return {"<=": value <= bound, ">=": value >= bound, "abs<=": abs(value) <= bound}[comparison]


def main() -> int:
    loaded = {}
    for path in sorted(RESULTS_DIR.glob("*.json")):
        loaded[path.stem] = json.loads(path.read_text())
    print(f"{'measure':<58} {'value':>10}  {'target':>8}  met  load avg (1 min, start/end)")
    for name, label, path, target, shown in ROWS:
        result = value = loaded.get(name, {})
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            print(f"{label:<58} {'not run':>10}")
            continue
        load = f"{result['machine']['load_average'][0]:.1f} / {result['load_average_after'][0]:.1f}"
        bound = f"{target[0].replace('abs', '|x|')}{target[1]:g}"
        print(f"{label:<58} {shown.format(value):>10}  {bound:>8}  {'yes' if meets(value, target) else 'NO ':<3}  {load}")
    if loaded:
        any_result = next(iter(loaded.values()))["machine"]
        print(f"machine: {any_result['cpu']}, {any_result['cores']} cores, {any_result['memory_gib']} GiB, "
              f"torch {any_result['torch']}, CUDA {'yes' if any_result['cuda'] else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
