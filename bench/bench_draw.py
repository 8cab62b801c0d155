"""/draw with the default models: how well they read drawn digits that are not MNIST, and how fast a stroke is read.

`python -m bench.bench_draw` builds the default checkpoints if they are missing (core.defaults) and records their
seed-0 tuning-set figures in them (bench.handwriting.record, what /draw's panel shows), then prints
- per default model: MNIST test accuracy (from its checkpoint) and accuracy on the drawn-digit tuning set
  (bench/handwriting.py, seeds 0 and 1) with the page's preprocessing, the same without its pen-width step,
  and with a naive 280->28 resize; per-digit accuracy and the commonest mistakes with preprocessing;
- latency on CPU, one canvas at a time as the page gets them: PNG decode -> preprocess -> both models, median
  ms, against the naive path (decode -> naive resize -> both models) measured in the same run;
- in Chromium (unless --no-browser): `make run`'s server, /draw, digits drawn stroke by stroke with the mouse
  (tests/test_browser_draw.py's strokes); per stroke, ms from mouse-up to the updated "Prediction" (for a later
  stroke of a digit, to its new picture of what the model sees), on the browser's clock;
and a JSON summary as the last line (also bench/results/draw.json).
"""

import argparse
import base64
import collections
import io
import json
import statistics
import sys
import time

import numpy as np
import torch
from PIL import Image

from bench.common import machine, save
from bench.handwriting import make_set, record
from core import defaults
from core.data import MNIST_MEAN, MNIST_STD
from core.defaults.cli import TerminalBar
from core.inference import predict, read_digit
from core.preprocess import naive_resize, preprocess
from ui import figures_draw as fd


def readings(model, tensors: torch.Tensor) -> np.ndarray:
    return predict(model, tensors).argmax(1).numpy()


def score(models: dict, images: np.ndarray, labels: np.ndarray) -> dict:
    """Accuracy per model and input pipeline; per-digit accuracy and top confusions with preprocessing."""
    inputs = {
        "preprocessed": torch.stack([preprocess(image).tensor for image in images]),
        "no_pen_adjust": torch.stack([preprocess(image, normalise_thickness=False).tensor for image in images]),
        "naive_resize": torch.stack([naive_resize(image) for image in images]),
    }
    result = {}
    for name, default in models.items():
        entry = {f"acc_{pipeline}": round(float((readings(default.model, x) == labels).mean()), 4)
                 for pipeline, x in inputs.items()}
        guess = readings(default.model, inputs["preprocessed"])
        entry["acc_per_digit"] = {d: round(float((guess[labels == d] == d).mean()), 3) for d in range(10)}
        mistakes = collections.Counter((int(t), int(g)) for t, g in zip(labels, guess) if t != g)
        entry["mistakes"] = [f"{t}->{g} x{n}" for (t, g), n in mistakes.most_common(6)]
        result[name] = entry
    return result


def png_data(image: np.ndarray) -> bytes:
    """The canvas as the browser sends it: a PNG."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def decode(data: bytes) -> np.ndarray:
    """What st_canvas's image_data does with the data URL (base64 round trip included)."""
    encoded = base64.b64encode(data)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))))


def page_compute(data: bytes, models: dict) -> None:
    """Everything the page computes after a stroke, short of Streamlit sending it."""
    image = decode(data)
    reading = preprocess(image)
    probs = read_digit(models, reading.tensor)
    fd.probability_bars(probs, 0.6).to_json()
    for picture, _ in fd.stages(reading, image.shape[1], MNIST_MEAN, MNIST_STD):
        Image.fromarray(picture).save(io.BytesIO(), format="PNG")  # st.image encodes each picture


def median_ms(run, items) -> float:
    run(items[0])  # warm-up: lazy initialisation is not what a stroke costs
    times = []
    for item in items:
        started = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def latency(models: dict, images: np.ndarray) -> dict:
    nets = {d.label: d.model for d in models.values()}
    pngs = [png_data(image) for image in images]
    with torch.no_grad():
        result = {
            "decode_ms": median_ms(decode, pngs),
            "preprocess_ms": median_ms(preprocess, images),
            "predict_both_ms": median_ms(lambda x: read_digit(nets, x),
                                         [preprocess(image).tensor for image in images[:50]]),
            "stroke_to_prediction_ms": median_ms(lambda d: read_digit(nets, preprocess(decode(d)).tensor),
                                                 pngs),
            "naive_stroke_to_prediction_ms": median_ms(lambda d: read_digit(nets, naive_resize(decode(d))),
                                                       pngs),
            "page_compute_ms": median_ms(lambda d: page_compute(d, nets), pngs),
        }
    result["preprocessing_cost_vs_naive"] = round(result["stroke_to_prediction_ms"]
                                                  / result["naive_stroke_to_prediction_ms"], 2)
    return result


def browser_latency(rounds: int) -> list[float]:
    """ms from mouse-up to the page's updated reading, for every stroke of `rounds` passes over the test's digits."""
    from bench.browser import app_server, chromium_page
    from tests.conftest import open_app
    from tests.test_browser_draw import CANVAS, DIGITS, clear, read_strokes

    latencies = []
    with app_server("draw") as (base_url, _), chromium_page() as page:
        open_app(page, base_url, "draw")
        canvas = 0
        for _ in range(rounds):
            for strokes in DIGITS.values():
                if canvas:
                    clear(page, CANVAS.format(canvas))
                latencies += read_strokes(page, CANVAS.format(canvas), strokes)[1]
                canvas += 1
    return latencies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_draw", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1", help="tuning sets to score, comma-separated (default 0,1)")
    parser.add_argument("--canvases", type=int, default=100, help="canvases timed for latency")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch's default)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Chromium latency")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the 5 drawn digits (7 strokes each)")
    args = parser.parse_args(argv)
    started_machine = machine()
    if args.threads:
        torch.set_num_threads(args.threads)
    bar = TerminalBar()
    started = time.perf_counter()
    built = defaults.ensure(progress=bar, log=bar.log)
    bar.close()
    build_s = time.perf_counter() - started if any(v != "ok" for v in built.values()) else None
    record()  # the seed-0 figures /draw's panel shows
    models = defaults.load_defaults()
    summary = {"threads": torch.get_num_threads(), "build_s": build_s, "models": {}, "tuning": {}}
    for name, default in models.items():
        metrics = default.metrics
        summary["models"][name] = {"mnist_test_acc": metrics.get("test/acc"), "build_s": metrics.get("build_s"),
                                   "recipe": defaults.cli_command(default.config,
                                                                    defaults.shown_path(defaults.checkpoint_path(name)))}
    all_images = []
    for seed in (int(s) for s in args.seeds.split(",")):
        images, labels = make_set(seed)
        all_images.append(images)
        summary["tuning"][f"seed{seed}"] = {"n": len(labels), **score(models, images, labels)}
    summary["latency"] = latency(models, np.concatenate(all_images)[:: max(1, sum(map(len, all_images))
                                                                         // args.canvases)][:args.canvases])

    print(f"torch threads: {summary['threads']}")
    for name, info in summary["models"].items():
        print(f"{name}: MNIST test {info['mnist_test_acc']:.2%}, built in {info['build_s'] or 0:.0f} s\n"
              f"  {info['recipe']}")
    for seed, result in summary["tuning"].items():
        print(f"drawn-digit tuning set, {seed} (n={result['n']}):")
        for name in models:
            r = result[name]
            print(f"  {name:<10} preprocessed {r['acc_preprocessed']:.2%}  (without the pen-width step "
                  f"{r['acc_no_pen_adjust']:.2%})  naive resize {r['acc_naive_resize']:.2%}  "
                  f"mistakes: {', '.join(r['mistakes']) or 'none'}")
    print("latency, median ms per canvas: " + ", ".join(f"{k} {v}" for k, v in summary["latency"].items()))
    if args.browser:
        latencies = browser_latency(args.rounds)
        summary["browser"] = {"strokes": len(latencies), "stroke_to_prediction_ms": [round(t) for t in latencies],
                              "median_ms": round(statistics.median(latencies))}
        print(f"Chromium, mouse-up to updated prediction: median {summary['browser']['median_ms']} ms over "
              f"{len(latencies)} strokes ({', '.join(str(round(t)) for t in latencies)})")
    save("draw", summary, started_machine)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
