"""The lecture-3 page as a learner uses it, through the app's router (streamlit AppTest)."""

import numpy as np
import torch

from core import descent
from tests.apptest_helpers import rerun_until, stop_runs
from tests.test_page_linear_model import chart, metric
from tests.test_share import open_link
from ui import figures_ch3 as ch3

torch.set_num_threads(1)
PAGE = "pages/gradient_descent.py"


def state(at, slot="gd"):
    return at.session_state["runners"][slot].state()


def test_page_renders_every_section_before_training(at):
    assert not at.exception and at.title[0].value.startswith("3 · Gradient descent")
    assert len(at.get("plotly_chart")) == 5  # the descent, its cost, the regimes, EWA, saddle
    assert [b.label for b in at.button][:5] == ["Start", "Pause", "Step", "Stop", "Reset"]
    assert metric(at, "predict(4)") == "4.0" and metric(at, "w (GD)") == "1.0"  # the lecture's "before training"
    assert any("3/14 ≈ 0.2143" in m.value for m in at.markdown)  # the threshold, derived in the text
    tangent = chart(at, "gd-curve")["data"][-1]
    assert tangent["name"].endswith("= -9.33")  # ∂cost/∂w at w = 1: mean 2x(x·1 − 2x) = −2·mean(x²) = −28/3


def test_lecture_run_reaches_w_1_99994_and_predicts_7_99978_with_sgd_beside_it(at):
    at.select_slider(key="gd-pace").set_value("max").run()
    at.button(key="gd-start").click().run()
    rerun_until(at, lambda: state(at).status == "finished" and state(at, "gd-sgd").status == "finished",
                "both runs to finish")
    assert metric(at, "w (GD)") == "1.99994" and metric(at, "predict(4)") == "7.99978"
    sgd = state(at, "gd-sgd")
    assert sgd.config["batch_size"] == 1 and len(sgd.of_kind("train")) == 300  # one update per sample
    assert abs(float(metric(at, "w (SGD)")) - 2) < 1e-4
    names = [trace.get("name") for trace in chart(at, "gd-curve")["data"]]
    assert "GD (all 3 samples)" in names and "SGD (one sample)" in names
    gd_path = next(t for t in chart(at, "gd-curve")["data"] if t.get("name") == "GD (all 3 samples)")
    assert len(gd_path["x"]) == 101  # w = 1 and the w after each of the 100 updates
    steps = [t for t in chart(at, "gd-curve")["data"] if t.get("name") == "GD (all 3 samples)"][1]
    assert steps["mode"] == "markers" and len(steps["x"]) == 101  # the run over: every step marked
    assert len(chart(at, "gd-loss")["data"][0]["x"]) == 100  # the cost chart drawn to the last epoch
    assert any("Finished 100 epochs" in s.value for s in at.success)


def test_learning_rate_above_the_threshold_shows_the_cost_going_up(at):
    at.select_slider(key="gd-lr").set_value(0.25).run()
    at.select_slider(key="gd-pace").set_value("max").run()
    at.toggle(key="gd-with-sgd").set_value(False).run()
    at.button(key="gd-start").click().run()
    rerun_until(at, lambda: state(at).status in ("finished", "diverged"), "the run to end")
    assert any("cost went up" in e.value for e in at.error)
    assert "gd-sgd" not in at.session_state["runners"] or state(at, "gd-sgd").status == "idle"


def test_explorer_sliders_name_the_regime_and_redraw():
    for lr, word in ((0.2, "Oscillating"), (0.215, "Diverging"), (0.01, "Crawling")):
        app = open_link(PAGE, {"gd-explore-lr": str(lr)})
        try:
            assert any(word in m.value for m in app.markdown), (lr, word)
        finally:
            stop_runs(app)


def test_beta_noise_and_seed_change_their_charts(at):
    before = chart(at, "gd-ewa")["data"][1]["y"]
    at.slider(key="gd-beta").set_value(0.5).run()
    assert chart(at, "gd-ewa")["data"][1]["y"] != before
    saddle = chart(at, "gd-saddle")["data"][2]["y"]
    at.number_input(key="gd-saddle-seed").set_value(4).run()
    assert chart(at, "gd-saddle")["data"][2]["y"] != saddle
    at.slider(key="gd-noise").set_value(0.0).run()  # no noise: SGD is GD and stalls at the saddle as well
    gd, sgd = chart(at, "gd-saddle")["data"][1:3]
    assert gd["y"] == sgd["y"] and abs(sgd["y"][-1]) < 1e-9


def test_a_link_restores_the_live_settings():
    app = open_link(PAGE, {"gd-lr": "0.21", "gd-epochs": "300", "gd-with-sgd": "false", "gd-beta": "0.8"})
    try:
        cfg = app.session_state["runners"]["gd"].cfg
        assert (cfg.task, cfg.lr, cfg.epochs) == ("gradient-descent", 0.21, 300)
        assert "gd-sgd" not in app.session_state["runners"] and app.slider(key="gd-beta").value == 0.8
    finally:
        stop_runs(app)


def test_a_live_path_marks_its_latest_steps_and_runs_through_all_of_them():
    ws = descent.gd_path(ch3.cost.X_DATA, ch3.cost.Y_DATA, 0.01, 500)
    fig = ch3.descent_figure([("GD", ws, ch3.GD)], title="live", marked=30)
    line, steps = fig.data[1:3]
    assert line.mode == "lines" and len(line.x) == 501 and steps.mode == "markers"
    assert np.array_equal(steps.x, ws[-30:])  # the newest 30 steps, ending at the current w
    assert fig.data[-1].name.startswith("gradient")  # the tangent stays on top
    assert len(ch3.descent_figure([("GD", ws, ch3.GD)], title="done").data[2].x) == 501  # stopped: every step marked
