"""Chapter 6/7 figure functions against torch's own maths, and the shared training-curve figures."""

import json
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.models import MLP, LogisticRegression, parameter_count
from ui import figures, figures_ch6 as ch6, figures_ch7 as ch7


def z_grid():
    return np.linspace(-30, 30, 241)


# ---------------------------------------------------------------- chapter 6 maths


def test_sigmoid_matches_torch_and_never_overflows():
    z = z_grid()
    np.testing.assert_allclose(ch6.sigmoid(z), torch.sigmoid(torch.tensor(z)).numpy(), atol=1e-12)
    with np.errstate(all="raise"):  # e^-z for z = -1000 would overflow a naive 1 / (1 + exp(-z))
        assert ch6.sigmoid(-1000.0) == 0.0 and ch6.sigmoid(1000.0) == 1.0


def test_sigmoid_slope_matches_autograd():
    z = torch.tensor(z_grid(), requires_grad=True)
    torch.sigmoid(z).sum().backward()
    np.testing.assert_allclose(ch6.sigmoid_slope(z.detach().numpy()), z.grad.numpy(), atol=1e-12)
    assert ch6.sigmoid_slope(0.0) == pytest.approx(0.25)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_matches_torch_including_its_clamp(y):
    y_hat = np.array([0.0, 1e-50, 0.01, 0.2, 0.5, 0.8, 0.99, 1.0])
    target = torch.full((len(y_hat),), y, dtype=torch.float64)
    expected = F.binary_cross_entropy(torch.tensor(y_hat), target, reduction="none").numpy()
    np.testing.assert_allclose(ch6.bce(y, y_hat), expected, rtol=1e-12)
    assert ch6.bce(y, 1.0 - y) == 100.0  # certain and wrong: torch caps log at -100


def test_squared_error_matches_mse():
    y_hat = np.linspace(0, 1, 11)
    expected = F.mse_loss(torch.tensor(y_hat), torch.ones(11, dtype=torch.float64), reduction="none").numpy()
    np.testing.assert_allclose(ch6.squared_error(1, y_hat), expected)


def test_probability_is_the_course_model():
    model = LogisticRegression()
    with torch.no_grad():
        model.linear.weight.fill_(1.7)
        model.linear.bias.fill_(-4.2)
    hours = np.linspace(0, 10, 21)
    expected = model(torch.tensor(hours, dtype=torch.float32).unsqueeze(1)).squeeze(1).detach().numpy()
    np.testing.assert_allclose(ch6.probability(1.7, -4.2, hours), expected, atol=1e-6)


@pytest.mark.parametrize("p, band, answer", [
    (0.5, 0.0, ch6.UNCERTAIN), (0.55, 0.1, ch6.UNCERTAIN), (0.45, 0.1, ch6.UNCERTAIN),
    (0.61, 0.1, "pass"), (0.39, 0.1, "fail"), (0.51, 0.0, "pass"), (0.49, 0.0, "fail"),
])
def test_verdict_says_uncertain_near_one_half(p, band, answer):
    assert ch6.verdict(p, band) == answer


def test_saturated_intervals_are_where_the_sigmoid_is_flat():
    for w, b in [(1.0, 0.0), (2.0, -5.0), (-0.7, 1.0), (0.3, 6.0)]:
        intervals = ch6.saturated_intervals(w, b, -10, 10)
        x = np.linspace(-10, 10, 2001)
        inside = np.zeros_like(x, dtype=bool)
        for a, c in intervals:
            assert -10 <= a < c <= 10
            inside |= (x >= a) & (x <= c)
        flat = np.abs(w * x + b) > ch6.SATURATION_Z
        edge = np.isclose(np.abs(w * x + b), ch6.SATURATION_Z, atol=0.02)
        assert np.array_equal(inside[~edge], flat[~edge]), (w, b)
        assert (ch6.sigmoid_slope(w * x[inside] + b) < 0.018).all()
    assert ch6.saturated_intervals(1.0, 0.0, -10, 10) == [(-10, -4.0), (4.0, 10)]
    assert ch6.saturated_intervals(0.0, 5.0, -10, 10) == [(-10, 10)]
    assert ch6.saturated_intervals(0.0, 1.0, -10, 10) == []


def test_uncertain_hours_brackets_the_crossing():
    x = np.linspace(0, 10, 101)
    span = ch6.uncertain_hours(x, ch6.probability(2.0, -5.0, x), 0.1)  # crosses 0.5 at 2.5 h
    assert span is not None and span[0] < 2.5 < span[1]
    assert ch6.uncertain_hours(x, np.full(101, 0.9), 0.1) is None


# ---------------------------------------------------------------- chapter 6 figures


def test_sigmoid_figure_shades_each_saturated_part():
    fig = ch6.sigmoid_figure(1.0, 0.0)
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 2
    curve = fig.data[0]
    assert curve.name.startswith("σ") and max(curve.y) <= 1.0
    assert max(fig.data[1].y) == pytest.approx(0.25, abs=1e-3)
    assert list(fig.data[2].x) == list(ch6.HOURS) and list(fig.data[2].y) == list(ch6.PASSED)


def test_bce_mse_figure_marks_the_prediction_with_its_loss():
    fig = ch6.bce_mse_figure(0.2)
    markers = [t for t in fig.data if t.mode == "markers+text"]
    values = sorted(float(t.y[0]) for t in markers)
    expected = sorted([ch6.bce(1, 0.2), ch6.bce(0, 0.2), ch6.squared_error(1, 0.2), ch6.squared_error(0, 0.2)])
    np.testing.assert_allclose(values, expected)
    assert all(t.x[0] == 0.2 for t in markers)


def test_probability_figure_draws_threshold_band_and_the_linear_twin():
    x = [i / 10 for i in range(101)]
    fig = ch6.probability_figure(x, list(ch6.probability(2.0, -5.0, x)), band=0.1,
                                 linear_y=[0.3 * v - 0.2 for v in x], readout=(2.5, 0.5))
    names = [t.name for t in fig.data]
    assert any("linear" in n for n in names) and any("logistic" in n for n in names)
    assert "your question" in names
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert any(s.y0 == pytest.approx(0.4) and s.y1 == pytest.approx(0.6) for s in rects)
    assert any(s.type == "line" and s.y0 == 0.5 for s in fig.layout.shapes)
    assert list(fig.layout.yaxis.range) == [-0.3, 1.3]  # fixed: the chart never jumps while training


def test_probability_figure_before_training_shows_only_the_data():
    fig = ch6.probability_figure(band=0.0)
    assert [t.name for t in fig.data] == ["students (0 fail, 1 pass)"]


def test_regression_vs_classification_uses_the_course_data():
    fig = ch6.regression_vs_classification()
    assert [list(t.y) for t in fig.data[1:]] == [list(ch6.SCORES), list(ch6.PASSED)]


# ---------------------------------------------------------------- chapter 7


@pytest.mark.parametrize("hidden", [(), (6, 4), (64, 64, 64, 64), (1,)])
def test_parameter_total_matches_the_torch_model(hidden):
    widths = ch7.layer_widths(8, hidden)
    assert widths[0] == 8 and widths[-1] == 1
    assert ch7.parameter_total(widths) == parameter_count(MLP(8, hidden, "sigmoid"))


def test_network_figure_colours_edges_by_sign_and_thickness_by_size():
    w1 = [[1.0, -0.5], [0.1, -2.0], [0.0, 0.3]]  # 3 out x 2 in
    w2 = [[0.4, -0.4, 2.0]]
    fig = ch7.network_figure([2, 3, 1], [w1, w2], input_names=["a", "b"])
    edges = [t for t in fig.data if t.mode == "lines"]
    positive = sum(len(t.x) // 3 for t in edges if t.line.color == figures.COLORS["positive"])
    negative = sum(len(t.x) // 3 for t in edges if t.line.color == figures.COLORS["negative"])
    assert (positive, negative) == (6, 3)  # 0.0 counts as positive; every edge drawn once
    strongest = max(edges, key=lambda t: t.line.width)
    assert strongest.line.color == figures.COLORS["negative"]  # -2.0 is the largest |w| overall


def test_network_figure_draws_only_the_strongest_edges_of_a_big_layer():
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(64, 8)), rng.normal(size=(64, 64)), rng.normal(size=(1, 64))]
    fig = ch7.network_figure([8, 64, 64, 1], [w.tolist() for w in weights], max_edges=100)
    drawn = sum(len(t.x) // 3 for t in fig.data if t.mode == "lines")
    assert drawn == 100 + 100 + 64
    nodes = [t for t in fig.data if t.mode == "markers"][0]
    assert len(nodes.x) == 8 + 64 + 64 + 1


def test_network_figure_without_weights_shows_the_wiring():
    fig = ch7.network_figure([8, 6, 4, 1], None, input_names=list("abcdefgh"))
    wiring = fig.data[0]
    assert len(wiring.x) // 3 == 8 * 6 + 6 * 4 + 4 and wiring.line.color == "#cccccc"


def test_first_layer_figure_shows_mean_absolute_weight_per_feature():
    w1 = np.array([[1.0, -2.0, 0.0], [-3.0, 2.0, 0.5]])
    fig = ch7.first_layer_figure(w1, ["a", "b", "c"])
    np.testing.assert_allclose(fig.data[0].x, [2.0, 2.0, 0.25])
    assert np.array(fig.data[1].z).shape == (2, 3) and fig.data[1].zmid == 0


def test_feature_histograms_one_pair_per_feature():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(50, 8)), rng.integers(0, 2, 50)
    fig = ch7.feature_histograms(x, y, list("abcdefgh"), standardised=True)
    assert len(fig.data) == 16
    assert sum(len(t.x) for t in fig.data) == 50 * 8
    assert "z-score" in fig.layout.xaxis5.title.text
    raw = ch7.feature_histograms(x, y, list("abcdefgh"), standardised=False)
    assert "raw" in raw.layout.xaxis5.title.text


# ---------------------------------------------------------------- shared curves


def evals(n, test=True):
    rows = []
    for epoch in range(1, n + 1):
        row = {"kind": "eval", "epoch": epoch, "step": epoch, "train/loss": 1 / epoch,
               "train/acc": 0.5 + epoch / (4 * n)}
        if test:
            row |= {"test/loss": 1.2 / epoch, "test/acc": 0.5}
        rows.append(row)
    return rows


LR_EVENT = {"kind": "event", "step": 4, "epoch": 5, "time": 0.0, "name": "lr", "old": 0.1, "new": 0.5,
            "message": "learning rate 0.1 → 0.5 from step 5"}
REFUSED = {"kind": "event", "step": 6, "epoch": 7, "time": 0.0, "message": "momentum applies to SGD"}


def test_series_turns_non_finite_values_into_gaps():
    xs, ys = figures.series([{"step": 1, "l": 1.0}, {"step": 2}, {"step": 3, "l": math.nan}], "l")
    assert xs == [1, 3] and ys == [1.0, None]


def test_loss_accuracy_figure_has_both_splits_events_and_a_ghost():
    fig = figures.loss_accuracy_figure(evals(10), events=[LR_EVENT, REFUSED], x_range=[0, 10],
                                       ghost=evals(10, test=False), ghost_label="before")
    names = [t.name for t in fig.data]
    assert names.count("train") == 2 and names.count("test") == 2  # loss and accuracy panels
    assert names.count("before: train") == 2 and "before: test" not in names
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 2 and all(s.x0 == 4.5 for s in lines)  # one per panel; the refused change is not drawn
    assert [a.text for a in fig.layout.annotations] == ["lr → 0.5"]
    assert list(fig.layout.xaxis2.range) == [0, 10] and list(fig.layout.yaxis2.range) == [0, 1.02]
    assert fig.layout.yaxis.range[1] == pytest.approx(1.2 * 1.08)
    assert fig.layout.uirevision == "keep"


def test_line_chart_marks_an_lr_change_between_steps():
    fig = figures.line_chart([figures.Line("loss", [1, 2, 3], [3.0, 2.0, 1.0])], x_title="step", y_title="loss",
                             events=[LR_EVENT])
    assert fig.layout.shapes[0].x0 == 4.5  # applied from step 5
    empty = figures.line_chart([figures.Line("loss", [], [])], x_title="s", y_title="l", empty_note="nothing yet")
    assert empty.layout.annotations[0].text == "nothing yet"


def test_a_line_of_few_points_shows_them_so_one_epoch_is_not_an_empty_chart():
    one = figures.line_chart([figures.Line("test", [1], [0.9683])], x_title="epoch", y_title="accuracy")
    assert one.data[0].mode == "lines+markers" and list(one.data[0].y) == [0.9683]
    many = figures.line_chart([figures.Line("loss", list(range(100)), [1.0] * 100)], x_title="s", y_title="l")
    assert many.data[0].mode == "lines"
    assert {t.mode for t in figures.loss_accuracy_figure(evals(1)).data} == {"lines+markers"}


def test_long_series_are_packed_short_ones_stay_lists():
    short = figures.line_chart([figures.Line("a", [1, 2], [0.5, None])], x_title="s", y_title="l")
    assert list(short.data[0].y) == [0.5, None]
    n = figures.PACKED_FROM
    long = figures.line_chart([figures.Line("a", list(range(n)), [None] + [1.0] * (n - 1))], x_title="s", y_title="l")
    assert isinstance(long.data[0].y, np.ndarray) and np.isnan(long.data[0].y[0])
    assert '"bdata"' in long.to_json()


def test_figures_serialise_for_the_browser():
    for fig in (ch6.sigmoid_figure(0.0, 5.0), ch6.bce_mse_figure(0.5), ch7.network_figure([8, 1], [[[0.1] * 8]]),
                figures.loss_accuracy_figure([])):
        json.loads(fig.to_json())


@pytest.mark.parametrize("done, total, expected", [
    (0, 1000, [0, 10]), (9, 1000, [0, 20]), (30, 1000, [0, 50]), (450, 1000, [0, 1000]), (990, 1000, [0, 1000]),
    (3, 5, [0, 5]), (150, 2000, [0, 200]),
])
def test_growing_range_widens_in_few_steps(done, total, expected):
    assert figures.growing_range(done, total) == expected
