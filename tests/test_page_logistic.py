"""The chapter-6 page as a learner uses it, through the app's router (streamlit AppTest)."""

import json

import torch

from tests.apptest_helpers import rerun_until
from ui import figures_ch6 as ch6

torch.set_num_threads(1)  # tiny models on a shared two-core machine: one thread is many times faster
PAGE = "pages/logistic_regression.py"


def runner_state(at, slot="ch6"):
    return at.session_state["runners"][slot].state()


def train_to_end(at, slot: str, epochs: int):
    """Set a short run at full speed, press Start, and rerun until it has finished."""
    at.number_input(key=f"{slot}-epochs").set_value(epochs)
    at.select_slider(key=f"{slot}-pace").set_value("max")
    at.run()
    at.button(key=f"{slot}-start").click()
    rerun_until(at, lambda: runner_state(at, slot).status == "finished", "the run to finish")
    return runner_state(at, slot)


def start_slow(at, slot: str, pace: int, epochs: int | None = None) -> None:
    """Start a run paced slowly enough to change things while it trains."""
    if epochs is not None:
        at.number_input(key=f"{slot}-epochs").set_value(epochs)
    at.select_slider(key=f"{slot}-pace").set_value(pace)
    at.run()
    at.button(key=f"{slot}-start").click()
    at.run()


def change_lr_mid_run(at, slot: str, pace: int, new_lr: float):
    """Start a long run, move the learning-rate slider once it trains, wait for a step at the new rate.

    Returns the runner state and the 'event' record that marks the change.
    """
    start_slow(at, slot, pace, epochs=5000)
    rerun_until(at, lambda: runner_state(at, slot).step >= 2, "the first steps")
    at.select_slider(key=f"{slot}-lr").set_value(new_lr)
    at.run()
    rerun_until(at, lambda: any(r["lr"] == new_lr for r in runner_state(at, slot).of_kind("train")),
                f"a step at lr {new_lr}")
    state = runner_state(at, slot)
    return state, [e for e in state.of_kind("event") if e.get("name") == "lr"][0]


def charts(at) -> list[str]:
    """Each plotly chart's figure JSON, unicode unescaped (titles, trace names, annotations)."""
    return [json.dumps(json.loads(el.proto.spec), ensure_ascii=False) for el in at.get("plotly_chart")]


def test_page_renders_every_section(at):
    assert not at.exception
    assert at.title[0].value.startswith("6 · Logistic regression")
    assert len(at.get("plotly_chart")) == 5  # picture, sigmoid, BCE/MSE, P(pass | hours), loss
    assert [b.label for b in at.button] == ["Start", "Pause", "Step", "Stop", "Reset"]
    assert runner_state(at).status == "idle"
    assert at.metric[0].value == f"{ch6.bce(ch6.PASSED, ch6.probability(1.0, 0.0, ch6.HOURS)).mean():.3f}"


def test_sigmoid_sliders_fit_the_data_by_hand(at):
    before = float(at.metric[0].value)
    at.slider(key="ch6-w").set_value(2.0)
    at.slider(key="ch6-b").set_value(-5.0)
    at.run()
    assert not at.exception
    assert float(at.metric[0].value) < before
    assert "σ(2·x − 5)" in charts(at)[1]


def test_short_run_trains_both_models_to_the_end(at):
    state = train_to_end(at, "ch6", 40)
    rerun_until(at, lambda: runner_state(at, "ch6-linear").status == "finished", "the linear run to finish")
    twin = runner_state(at, "ch6-linear")
    assert len(state.of_kind("train")) == 40 and len(state.of_kind("eval")) == 40
    assert twin.config["task"] == "linear" and len(twin.of_kind("eval")) == 40
    assert any("Finished 40 epochs" in s.value for s in at.success)
    readout = [m.value for m in at.markdown if m.value.startswith("**P(pass | 2.5 h)")]
    latest = state.latest("eval")
    assert readout and f"{ch6.probability(latest['w'], latest['b'], 2.5):.3f}" in readout[0]
    curve = charts(at)[3]
    assert "linear regression" in curve and "epoch 40" in curve


def test_learning_rate_change_mid_run_reaches_the_next_steps(at):
    state, event = change_lr_mid_run(at, "ch6", 50, 0.5)
    assert (event["old"], event["new"]) == (0.01, 0.5)
    after = [r for r in state.of_kind("train") if r["step"] > event["step"]]
    before = [r for r in state.of_kind("train") if r["step"] <= event["step"]]
    assert after and all(r["lr"] == 0.5 for r in after) and all(r["lr"] == 0.01 for r in before)
    assert any(e.get("new") == 0.5 for e in runner_state(at, "ch6-linear").of_kind("event"))  # the twin too
    assert "lr → 0.5" in charts(at)[4]  # marked on the loss chart
    at.button(key="ch6-stop").click()
    at.run()
    assert runner_state(at).status == "stopped"
    assert not any(s.status == "running" for s in (runner_state(at), runner_state(at, "ch6-linear")))


def test_step_moves_both_models_one_iteration(at):
    at.button(key="ch6-step").click()
    rerun_until(at, lambda: runner_state(at).step == 1 and runner_state(at, "ch6-linear").step == 1, "one step each")
    assert runner_state(at).status == "paused"


def test_changing_epochs_mid_run_asks_for_a_reset(at):
    start_slow(at, "ch6", 20, epochs=5000)  # still training when the check comes, however slow the machine
    at.number_input(key="ch6-epochs").set_value(500)
    at.run()
    assert any("press **Reset**" in w.value and "epochs" in w.value for w in at.warning)
    assert runner_state(at).config["epochs"] == 5000  # the run keeps its settings
    at.button(key="ch6-reset").click()
    at.run()
    assert runner_state(at).status == "idle" and runner_state(at).config["epochs"] == 500
    assert runner_state(at, "ch6-linear").status == "idle"


def test_compare_off_leaves_the_linear_model_out(at):
    at.toggle(key="ch6-compare").set_value(False)
    train_to_end(at, "ch6", 5)
    twin = at.session_state["runners"].get("ch6-linear")  # made on the first render, when compare was on
    assert twin is None or (twin.state().status == "idle" and not twin.state().records)
    assert "linear regression" not in charts(at)[3]


def test_linear_twin_diverging_says_why(at):
    at.select_slider(key="ch6-lr").set_value(10.0)
    train_to_end(at, "ch6", 300)
    assert runner_state(at, "ch6-linear").status == "diverged"
    assert any("Linear regression: Training diverged" in w.value and "smaller learning rate" in w.value
               for w in at.warning)
