"""The lecture-2 page as a learner uses it, through the app's router (streamlit AppTest)."""

import base64
import json

import numpy as np
import pytest

from core import cost
from tests.test_share import open_link
from tests.apptest_helpers import stop_runs

PAGE = "pages/linear_model.py"


def chart(at, key: str) -> dict:
    """The figure of the chart with widget key `key`, numpy arrays unpacked into lists."""
    spec = json.loads(next(c.proto.spec for c in at.get("plotly_chart") if key in c.proto.id))
    for trace in spec["data"]:
        for name, value in trace.items():
            if isinstance(value, dict) and "bdata" in value:
                flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
                trace[name] = flat.reshape([int(n) for n in str(value["shape"]).split(",")]).tolist() if "shape" in value else flat.tolist()
    return spec


def metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_page_shows_the_lecture_s_figures(at):
    assert not at.exception and at.title[0].value.startswith("2 · The linear model")
    assert len(at.get("plotly_chart")) == 4  # fit, search, surface, contour
    assert metric(at, "cost MSE at this w") == "4.667"  # w = 1
    table = at.dataframe[0].value
    assert table.iloc[:, 3].tolist() == [1.0, 4.0, 9.0]  # each squared error at w = 1
    search = chart(at, "lm-search-chart")
    assert len(search["data"][0]["x"]) == 41 and min(search["data"][0]["y"]) == pytest.approx(0.0, abs=1e-12)
    assert "w = 2.0" in json.dumps(search, ensure_ascii=False)  # the lowest point, named
    surface = chart(at, "lm-surface")["data"][0]
    assert surface["type"] == "surface" and len(surface["z"]) == 41 and len(surface["z"][0]) == 41


def test_w_slider_moves_the_cost_to_0_at_w_2(at):
    at.slider(key="lm-w").set_value(2.0).run()
    assert not at.exception and metric(at, "cost MSE at this w") == "0.000"
    at.slider(key="lm-w").set_value(3.0).run()
    assert metric(at, "cost MSE at this w") == "4.667"


def test_search_plays_one_w_per_tick_then_shows_the_whole_curve(at):
    at.button(key="lm-search-play").click().run()
    counts = [len(chart(at, "lm-search-chart")["data"][0]["x"])]
    for _ in range(3):
        at.run()  # each script run is one fragment tick here
        counts.append(len(chart(at, "lm-search-chart")["data"][0]["x"]))
    assert counts == [1, 2, 3, 4]
    assert any(c.value.startswith("Trying w = 0.3") for c in at.caption)
    at.button(key="lm-search-all").click().run()
    assert len(chart(at, "lm-search-chart")["data"][0]["x"]) == len(cost.W_SEARCH)


def test_edited_data_moves_curve_and_surface(at):
    at.text_input(key="lm-points").set_value("4, 10; 5, 12").run()
    assert not at.exception and any("5 samples" in c.value for c in at.caption)
    x, y = cost.dataset([(4.0, 10.0), (5.0, 12.0)])
    assert float(metric(at, "cost MSE at this w")) == pytest.approx(float(cost.mse(x, y, 1.0)), abs=5e-4)
    best = cost.best_fit(x, y)
    assert any(f"w = {best[0]:.3f}, b = {best[1]:.3f}" in c.value for c in at.caption)
    at.slider(key="lm-noise").set_value(1.0).run()
    assert not at.exception and float(metric(at, "cost MSE at this w")) != pytest.approx(cost.mse(x, y, 1.0))


@pytest.mark.parametrize("typed", ["4", "4, eight", "1e9, 1"])
def test_points_that_cannot_be_read_get_a_message_and_the_lecture_s_data(at, typed):
    at.text_input(key="lm-points").set_value(typed).run()
    assert not at.exception
    assert at.error and "cannot be used" in at.error[0].value
    assert metric(at, "cost MSE at this w") == "4.667"


def test_a_link_restores_the_settings():
    app = open_link(PAGE, {"lm-w": "2.5", "lm-b": "-1", "lm-points": "4, 8", "lm-noise": "0.5", "lm-seed": "3"})
    try:
        assert app.slider(key="lm-w").value == 2.5 and app.slider(key="lm-b").value == -1.0
        assert app.text_input(key="lm-points").value == "4, 8" and app.slider(key="lm-noise").value == 0.5
        assert app.number_input(key="lm-seed").value == 3
        x, y = cost.dataset([(4.0, 8.0)], 0.5, 3)
        assert metric(app, "cost MSE at this w") == f"{cost.mse(x, y, 2.5):.3f}"
    finally:
        stop_runs(app)
