"""The training pages' settings, checked where they enter: a bad one is explained in the learner's language,
the course settings stay, and a run already going keeps its settings and results."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_runner import run_to_end, wait_for


def settings_script():
    """A page in miniature: a config from (possibly bad) settings, the slot's runner, its status."""
    import streamlit as st

    from ui import live

    fields = st.session_state.get("fields", {})
    cfg = live.checked_config("slot", "diabetes", n_train=st.session_state.get("n_train"), **fields)
    st.session_state["cfg"] = cfg
    runner = live.session_runner("slot", cfg)
    live.controls("slot", runner, cfg)
    live.status_line(runner.state())


def settings_app(**fields) -> AppTest:
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["fields"] = fields
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize("fields, words", [
    ({"lr": 0.0}, "learning rate must be above 0 and at most 100 (got 0)"),
    ({"lr": -0.5}, "learning rate must be above 0 and at most 100 (got -0.5)"),
    ({"lr": float("nan")}, "learning rate must be above 0"),
    ({"epochs": 0}, "epochs must be a whole number from 1 to 100000 (got 0)"),
    ({"epochs": -3}, "(got -3)"),
    ({"batch_size": -1}, "batch size must be a positive whole number, or 0 for the full batch (got -1)"),
    ({"hidden": (0,)}, "1 to 64 units, and there are at most 4 layers (got 0)"),
    ({"hidden": (6, 0)}, "(got 6, 0)"),
    ({"momentum": 1.5}, "Momentum must be at least 0 and below 1"),
    ({"lr": "fast"}, "learning rate must be above 0"),
])
def test_a_bad_setting_is_explained_and_the_course_settings_stay(fields, words):
    app = settings_app(**fields)
    (error,) = app.error
    assert words in error.value and "current run and its results are kept" in error.value
    assert app.session_state["cfg"].lr == 0.1 and app.session_state["cfg"].epochs == 100  # the course's


def test_a_bad_setting_mid_run_keeps_the_run_and_its_results():
    app = settings_app(epochs=100_000)
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    wait_for(lambda: runner.state().step > 20, "the first steps")
    app.session_state["fields"] = {"epochs": 100_000, "lr": 0.0}  # e.g. a hand-edited link or a typo
    app.run()
    assert not app.exception
    assert "learning rate must be above 0" in app.error[0].value
    assert app.session_state["runners"]["slot"] is runner and runner.cfg.lr == 0.1
    steps = runner.state().step
    wait_for(lambda: runner.state().step > steps, "more steps")  # still training, with its old settings
    assert runner.state().status == "running" and runner.state().of_kind("train")[0]["lr"] == 0.1
    app.session_state["fields"] = {"epochs": 100_000, "hidden": (0,)}
    app.run()
    assert "1 to 64 units" in app.error[0].value and runner.state().status == "running"
    runner.stop()


def test_a_batch_larger_than_the_data_is_pointed_out_and_trains_as_one_full_batch():
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["fields"] = {"batch_size": 5000, "epochs": 2}
    app.session_state["n_train"] = 569
    app.run()
    assert not app.error
    assert "batch size 5000 is larger than the 569 training samples" in app.info[0].value
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    state = run_to_end(runner)
    assert state.status == "finished"
    assert [r["iterations_per_epoch"] for r in state.of_kind("train")] == [1, 1]


def test_a_learning_rate_that_overshoots_on_diabetes_is_a_message_and_the_curve_stays():
    """Learning rate 10 with Adam on diabetes: the outputs saturate (BCE clamps, so never NaN); a warning says why."""
    app = settings_app(lr=10.0, optimizer="adam", epochs=30)
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    assert run_to_end(runner).status == "finished"
    app.run()
    assert not app.exception
    (warning,) = app.warning
    assert "far above the 0.693 of a model that just guesses" in warning.value
    assert "learning rate 10 is too large" in warning.value
    assert len(runner.state().of_kind("eval")) == 30  # the whole curve stays to look at


def test_a_learning_rate_that_turns_the_loss_nan_is_a_message():
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["fields"] = {}
    app.run()
    from core.config import default_config
    from core.runner import Runner

    runner = Runner(default_config("linear", lr=100.0, epochs=1000, device="cpu"))
    app.session_state["runners"] = {"slot": runner}
    app.session_state["good-configs"] = {"slot": runner.cfg}
    runner.start()
    assert run_to_end(runner).status == "diverged"
    app.run()
    assert not app.exception
    (error,) = app.error
    assert "Training diverged" in error.value and "learning rate 100 is too large" in error.value
    assert runner.state().of_kind("train")  # the records up to the blow-up are still there to plot


def test_a_good_run_gets_no_overshoot_warning():
    app = settings_app(epochs=30)
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    assert run_to_end(runner).status == "finished"
    app.run()
    assert not app.warning and "Finished 30 epochs" in app.success[0].value


def test_messages_follow_the_language():
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["lang"] = "zh"
    app.session_state["fields"] = {"lr": 0.0}
    app.run()
    assert "学习率必须大于 0" in app.error[0].value
    assert [b.label for b in app.button] == ["开始", "暂停", "单步", "停止", "重置"]
