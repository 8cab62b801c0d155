"""Lectures 2 and 3 in numbers: core.cost and core.descent against the lectures' figures, torch and hand computation."""

import numpy as np
import pytest
import torch

from core import cost, descent

X, Y = cost.X_DATA, cost.Y_DATA


def test_mse_reproduces_the_lecture_2_figures():
    assert cost.mse(X, Y, 1.0) == pytest.approx(14 / 3) and f"{cost.mse(X, Y, 1.0):.3f}" == "4.667"
    assert cost.mse(X, Y, 3.0) == pytest.approx(14 / 3)
    assert cost.mse(X, Y, 0.0) == pytest.approx(56 / 3)  # 18.667
    assert list(cost.squared_errors(X, Y, 1.0)) == [1.0, 4.0, 9.0]


def test_exhaustive_search_curve_is_the_parabola_with_minimum_0_at_w_2():
    curve = cost.mse_curve(X, Y)
    assert len(cost.W_SEARCH) == 41 and cost.W_SEARCH[0] == 0.0 and cost.W_SEARCH[-1] == pytest.approx(4.0)
    assert cost.W_SEARCH[np.argmin(curve)] == pytest.approx(2.0) and curve.min() == pytest.approx(0.0, abs=1e-12)
    assert curve == pytest.approx(14 / 3 * (cost.W_SEARCH - 2) ** 2)
    assert cost.predictions(X, 2.0).tolist() == [2.0, 4.0, 6.0]


def test_surface_matches_the_direct_mean_on_every_grid_point():
    x, y = cost.dataset(cost.parse_points("4, 8.5; -1, 0.3"), noise=0.7, seed=3)
    ws, bs = np.linspace(-1, 4, 41), np.linspace(-3, 3, 37)
    z = cost.surface(x, y, ws, bs)
    direct = np.array([[((x * w + b - y) ** 2).mean() for w in ws] for b in bs])
    assert z.shape == (37, 41) and z == pytest.approx(direct)
    assert cost.surface(X, Y, [2.0], [0.0])[0, 0] == pytest.approx(0.0)


def test_best_fit_is_least_squares_and_the_lecture_s_minimum():
    assert cost.best_fit(X, Y) == pytest.approx((2.0, 0.0))
    assert cost.best_w(X, Y) == pytest.approx(2.0)
    x, y = cost.dataset(cost.parse_points("4, 9; 5, 12"), noise=0.3, seed=1)
    w, b = np.polyfit(x, y, 1)
    assert cost.best_fit(x, y) == pytest.approx((w, b))
    assert cost.best_fit([2.0, 2.0], [1.0, 3.0]) == (0.0, 2.0)  # one x only: no slope to fit


def test_grid_centres_on_the_fit_and_widens_to_hold_the_learner_s_point():
    ws, bs = cost.grid_around((2.0, 0.0), (1.0, 0.0))
    assert len(ws) == len(bs) == 41 and (ws[0], ws[-1], bs[0], bs[-1]) == (0.0, 4.0, -4.0, 4.0)
    ws, bs = cost.grid_around((2.0, 0.0), (7.0, -6.0))
    assert ws[-1] >= 7.0 and bs[0] <= -6.0


@pytest.mark.parametrize("typed, problem", [("4", "two numbers"), ("4, x", "not a point"), ("1, 2, 3", "two numbers"),
                                            ("1e9, 2", "between"), ("nan, 2", "between"),
                                            (";".join(["1, 1"] * 51), "at most 50")])
def test_typed_points_that_cannot_be_read_are_refused_with_the_reason(typed, problem):
    with pytest.raises(ValueError, match=problem):
        cost.parse_points(typed)


def test_typed_points_and_noise_extend_the_lecture_s_data():
    assert cost.parse_points("4, 8; (5, 10.5)\n6 12") == [(4.0, 8.0), (5.0, 10.5), (6.0, 12.0)]
    assert cost.parse_points("  ") == []
    x, y = cost.dataset([(4.0, 8.0)])
    assert x.tolist() == [1.0, 2.0, 3.0, 4.0] and y.tolist() == [2.0, 4.0, 6.0, 8.0]
    noisy = cost.dataset(noise=0.5, seed=7)[1]
    assert not np.allclose(noisy, Y) and np.array_equal(noisy, cost.dataset(noise=0.5, seed=7)[1])
    with pytest.raises(ValueError, match="noise"):
        cost.dataset(noise=-1)


def test_gradient_is_torch_autograd_s():
    for w in (1.0, -0.5, 3.3):
        weight = torch.tensor(w, dtype=torch.float64, requires_grad=True)
        x, y = torch.tensor(X, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64)
        ((x * weight - y) ** 2).mean().backward()
        assert descent.gradient(X, Y, w) == pytest.approx(float(weight.grad))


def test_lecture_3_run_ends_at_w_1_99994_and_predicts_7_99978():
    path = descent.gd_path(X, Y, lr=0.01, epochs=100)
    assert path[0] == 1.0 and len(path) == 101
    assert f"{path[-1]:.5f}" == "1.99994" and f"{4 * path[-1]:.5f}" == "7.99978"
    assert (path[1:] - 2) / (path[:-1] - 2) == pytest.approx(1 - 0.01 * 2 * 14 / 3)  # 0.90667 per epoch


def test_divergence_threshold_is_3_over_14_on_this_data():
    threshold = descent.divergence_threshold(X)
    assert threshold == pytest.approx(3 / 14) and f"{threshold:.4f}" == "0.2143"
    assert descent.oscillation_threshold(X) == pytest.approx(3 / 28)
    below = descent.gd_path(X, Y, threshold - 0.002, 300)
    above = descent.gd_path(X, Y, threshold + 0.002, 300)
    at = descent.gd_path(X, Y, threshold, 300)
    assert abs(below[-1] - 2) < 0.1 < abs(above[-1] - 2)  # closes in below, moves away above
    assert at[-2:] == pytest.approx([1.0, 3.0]) or at[-2:] == pytest.approx([3.0, 1.0])  # bounces for ever
    costs = cost.mse(X, Y, above)
    assert np.all(np.diff(costs) > 0)  # the lecture's sign of divergence: the cost goes up every epoch


@pytest.mark.parametrize("lr, name", [(0.005, "creeping"), (0.05, "converging"), (0.15, "oscillating"),
                                      (3 / 14, "bouncing"), (0.22, "diverging")])
def test_each_learning_rate_regime_is_named(lr, name):
    assert descent.regime(X, lr) == name


def test_sgd_path_is_one_update_per_sample_in_order():
    path = descent.sgd_path(X, Y, lr=0.01, epochs=2)
    assert len(path) == 7
    w = 1.0
    for x, y in [*zip(X, Y)] * 2:
        w -= 0.01 * 2 * x * (x * w - y)
    assert path[-1] == pytest.approx(w)


def test_exponentially_weighted_average():
    values = np.array([4.0, 2.0, 6.0, 1.0])
    assert descent.ewa(values, 0.0) == pytest.approx(values)
    assert descent.ewa(np.full(20, 3.0), 0.9) == pytest.approx(np.full(20, 3.0))  # corrected: no pull towards 0
    raw = descent.ewa(values, 0.5, bias_correction=False)
    assert raw == pytest.approx([2.0, 2.0, 4.0, 2.5])
    noisy = descent.noisy_curve(200, seed=0)
    smooth = descent.ewa(noisy, 0.9)
    assert np.abs(np.diff(smooth)).mean() < 0.3 * np.abs(np.diff(noisy)).mean()
    with pytest.raises(ValueError):
        descent.ewa(values, 1.0)


def test_gd_stalls_at_the_saddle_and_sgd_noise_escapes_to_a_minimum():
    gd = descent.saddle_path(0.1, 150)
    a, b = gd[-1]
    assert abs(a) < 1e-6 and b == 0.0 and np.hypot(*descent.saddle_gradient(a, b)) < 1e-6
    assert descent.saddle(a, b) == pytest.approx(0.0, abs=1e-9)  # the saddle's value, not the minimum's −1/4
    for seed in range(5):
        a, b = descent.saddle_path(0.1, 150, noise=0.5, seed=seed)[-1]
        assert abs(abs(b) - 1) < 0.5 and descent.saddle(a, b) < -0.1
