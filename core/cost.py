"""Lecture 2's linear model ŷ = x·w: its predictions, squared errors, the MSE-vs-w curve of the exhaustive search,
the cost surface over (w, b) of the exercise, and the learner's edits to the data (extra points, noise).

Pure numpy: pictures of formulas, computed in microseconds so the page can redraw on every slider move.
"""

import math
import re

import numpy as np

X_DATA = (1.0, 2.0, 3.0)  # the lecture's three samples
Y_DATA = (2.0, 4.0, 6.0)
W_SEARCH = np.arange(0.0, 4.1, 0.1)  # the lecture's exhaustive search: 0.0, 0.1, ..., 4.0 (41 values)
MAX_POINTS = 50  # extra points a learner may add (the tables stay readable, the surface quick)
POINT_LIMIT = 100.0  # |x| and |y| of an added point
NOISE_MAX = 5.0  # the noise slider's top: standard deviation added to every y


def predictions(x, w):
    """ŷ = x·w for every sample (rows) and every w (columns when w is an array)."""
    return np.multiply.outer(np.asarray(x, dtype=float), np.asarray(w, dtype=float))


def squared_errors(x, y, w, b=0.0):
    """(ŷ − y)² of each sample for one (w, b)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return (x * w + b - y) ** 2


def mse(x, y, w, b=0.0):
    """The cost: the mean over the samples of (x·w + b − y)², for a number or an array of w."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    return ((np.multiply.outer(w, x) + np.expand_dims(b, -1) - y) ** 2).mean(axis=-1)


def mse_curve(x, y, ws=W_SEARCH):
    """MSE at each w of the search (b = 0): the lecture's parabola."""
    return mse(x, y, np.asarray(ws, dtype=float))


def moments(x, y) -> dict[str, float]:
    """The means the cost is a quadratic in: MSE(w, b) = xx·w² + b² + yy + 2·x·w·b − 2·xy·w − 2·y·b."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return {"xx": float((x * x).mean()), "x": float(x.mean()), "xy": float((x * y).mean()), "y": float(y.mean()),
            "yy": float((y * y).mean())}


def surface(x, y, ws, bs):
    """MSE over a grid: rows follow b, columns follow w (plotly's z layout). One quadratic from five means,
    so a 41×41 grid costs a few array operations whatever the number of samples."""
    m = moments(x, y)
    w, b = np.meshgrid(np.asarray(ws, dtype=float), np.asarray(bs, dtype=float))
    return m["xx"] * w * w + b * b + m["yy"] + 2 * m["x"] * w * b - 2 * m["xy"] * w - 2 * m["y"] * b


def best_w(x, y) -> float:
    """The w of the lowest MSE for ŷ = x·w (no b): mean(x·y) / mean(x²)."""
    m = moments(x, y)
    return m["xy"] / m["xx"]


def best_fit(x, y) -> tuple[float, float]:
    """(w, b) of the lowest MSE for ŷ = x·w + b (least squares); b = mean(y) when every x is the same."""
    m = moments(x, y)
    spread = m["xx"] - m["x"] ** 2
    if spread <= 1e-12:
        return 0.0, m["y"]
    w = (m["xy"] - m["x"] * m["y"]) / spread
    return w, m["y"] - w * m["x"]


def grid_around(centre: tuple[float, float], point: tuple[float, float], n: int = 41,
                half: tuple[float, float] = (2.0, 4.0)) -> tuple[np.ndarray, np.ndarray]:
    """w and b axes of n values each, centred on the best fit and widened to hold the learner's point."""
    axes = []
    for c, p, h in zip(centre, point, half):
        lo, hi = min(c - h, p - 0.5), max(c + h, p + 0.5)
        axes.append(np.linspace(lo, hi, n))
    return axes[0], axes[1]


def parse_points(text: str) -> list[tuple[float, float]]:
    """Points typed as "x, y; x, y" (or one per line); ValueError naming the part that cannot be read."""
    points = []
    for part in (p.strip() for p in re.split(r"[;\n]", text or "")):
        if not part:
            continue
        fields = [f for f in re.split(r"[,\s]+", part.strip("() ")) if f]
        try:
            values = [float(f) for f in fields]
        except ValueError:
            raise ValueError(f"“{part}” is not a point: write x, y with numbers, e.g. 4, 8") from None
        if len(values) != 2:
            raise ValueError(f"“{part}” is not a point: write two numbers x, y, e.g. 4, 8")
        if not all(math.isfinite(v) and abs(v) <= POINT_LIMIT for v in values):
            raise ValueError(f"“{part}”: x and y must be between −{POINT_LIMIT:g} and {POINT_LIMIT:g}")
        points.append((values[0], values[1]))
    if len(points) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} extra points (got {len(points)})")
    return points


def dataset(extra: list[tuple[float, float]] = (), noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's samples plus `extra` ones, with Gaussian noise of standard deviation `noise` on every y
    (the same seed gives the same noise)."""
    if not (math.isfinite(noise) and 0.0 <= noise <= NOISE_MAX):
        raise ValueError(f"noise must be between 0 and {NOISE_MAX:g}")
    x = np.array([*X_DATA, *(p[0] for p in extra)], dtype=float)
    y = np.array([*Y_DATA, *(p[1] for p in extra)], dtype=float)
    if noise > 0:
        y = y + np.random.default_rng(seed).normal(0.0, noise, size=len(y))
    return x, y
