"""Lecture 3's gradient descent on ŷ = x·w: the gradient, full-batch GD and per-sample SGD paths, the learning rate
at which GD diverges, the exponentially weighted average of a noisy curve, and a saddle point.

Pure numpy, the lecture's formulas in float64; the page's live run trains the same model with torch
(core.tasks.gradient_descent).
"""

import math

import numpy as np

W_START = 1.0  # the lecture's starting guess
SADDLE_START = (1.0, 0.0)  # on the saddle's ridge line b = 0: plain GD never leaves it


def gradient(x, y, w):
    """∂cost/∂w = mean over the samples of 2·x·(x·w − y)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float((2 * x * (x * w - y)).mean())


def curvature(x) -> float:
    """The cost's second derivative 2·mean(x²): the same at every w, since the cost is a parabola."""
    return 2.0 * float((np.asarray(x, dtype=float) ** 2).mean())


def divergence_threshold(x) -> float:
    """The learning rate above which GD diverges: each step multiplies w − w* by (1 − lr·curvature), which grows
    in size once lr > 2 / curvature (= 3/14 ≈ 0.2143 on the lecture's data)."""
    return 2.0 / curvature(x)


def oscillation_threshold(x) -> float:
    """The learning rate above which GD overshoots the minimum every step: 1 / curvature (3/28 on the lecture's)."""
    return 1.0 / curvature(x)


def step_factor(x, lr: float) -> float:
    """What one GD step multiplies the distance w − w* by."""
    return 1.0 - lr * curvature(x)


def regime(x, lr: float) -> str:
    """'creeping' (factor ≥ 0.9), 'converging', 'oscillating' (overshoots, shrinking), 'bouncing' (stays the same
    size) or 'diverging'."""
    factor = step_factor(x, lr)
    if math.isclose(factor, -1.0, abs_tol=1e-9):
        return "bouncing"
    if factor < -1.0:
        return "diverging"
    if factor < 0.0:
        return "oscillating"
    return "creeping" if factor >= 0.9 else "converging"


def gd_path(x, y, lr: float, epochs: int, w: float = W_START) -> np.ndarray:
    """w before the first update and after each of `epochs` full-batch updates (the lecture's loop).
    Values past float range become inf/NaN, as a diverging run does."""
    path = [w]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            w = w - lr * gradient(x, y, w)
            path.append(w)
    return np.array(path)


def sgd_path(x, y, lr: float, epochs: int, w: float = W_START) -> np.ndarray:
    """w before the first update and after every per-sample update (the lecture's SGD: samples in order,
    grad = 2·x·(x·w − y) of one sample), epochs × samples updates in all."""
    path = [w]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            for xi, yi in zip(np.asarray(x, dtype=float), np.asarray(y, dtype=float)):
                w = w - lr * 2 * xi * (xi * w - yi)
                path.append(w)
    return np.array(path)


def ewa(values, beta: float, bias_correction: bool = True) -> np.ndarray:
    """Exponentially weighted average v_t = β·v_{t−1} + (1 − β)·θ_t from v_0 = 0; with bias correction
    each v_t is divided by 1 − β^t, so the start is not pulled towards 0."""
    if not (math.isfinite(beta) and 0.0 <= beta < 1.0):
        raise ValueError("β must be at least 0 and below 1")
    out, v = [], 0.0
    for t, value in enumerate(np.asarray(values, dtype=float), start=1):
        v = beta * v + (1.0 - beta) * value
        out.append(v / (1.0 - beta ** t) if bias_correction else v)
    return np.array(out)


def noisy_curve(steps: int = 200, seed: int = 0) -> np.ndarray:
    """A real noisy training curve: the loss of each one-sample SGD step fitting ŷ = x·w to 30 noisy points
    around y = 2x (samples drawn at random), from w = 0."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 3.0, 30)
    y = 2.0 * x + rng.normal(0.0, 0.6, 30)
    w, losses = 0.0, []
    for i in rng.integers(0, 30, steps):
        losses.append((x[i] * w - y[i]) ** 2)
        w -= 0.01 * 2 * x[i] * (x[i] * w - y[i])
    return np.array(losses)


def saddle(a, b):
    """f(a, b) = a² + b⁴/4 − b²/2: a saddle at (0, 0) (gradient 0, not a minimum), minima −1/4 at (0, ±1)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a * a + b ** 4 / 4 - b * b / 2


def saddle_gradient(a: float, b: float) -> tuple[float, float]:
    return 2.0 * a, b ** 3 - b


def saddle_path(lr: float, steps: int, noise: float = 0.0, seed: int = 0,
                start: tuple[float, float] = SADDLE_START) -> np.ndarray:
    """(a, b) after each step of w ← w − lr·(∇f + noise): noise 0 is GD, which slides along b = 0 into the saddle
    and stalls there; SGD's gradient noise (standard deviation `noise`) tips it off towards a minimum."""
    if not (math.isfinite(noise) and noise >= 0):
        raise ValueError("noise must be 0 or more")
    rng = np.random.default_rng(seed)
    a, b = start
    path = [(a, b)]
    for _ in range(steps):
        ga, gb = saddle_gradient(a, b)
        if noise:
            ga, gb = ga + rng.normal(0.0, noise), gb + rng.normal(0.0, noise)
        a, b = a - lr * ga, b - lr * gb
        path.append((a, b))
    return np.array(path)
