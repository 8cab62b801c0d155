"""The chapter-7 page as a learner uses it, through the app's router (streamlit AppTest)."""

import torch

from core.data import read_diabetes
from tests.test_page_logistic import change_lr_mid_run, charts, start_slow, train_to_end
from ui import figures_ch7 as ch7

torch.set_num_threads(1)  # tiny models on a shared two-core machine: one thread is many times faster
PAGE = "pages/multiple_features.py"


def runner_state(at):
    return at.session_state["runners"]["ch7"].state()


def test_page_renders_table_histograms_and_the_course_network(at):
    assert not at.exception
    assert at.title[0].value.startswith("7 · Multiple features")
    table = at.dataframe[0].value
    x, y = read_diabetes()
    assert table.shape == (len(x), 9) and table["diabetes"].sum() == y.sum()
    assert any("[-1, 1]" in c.value for c in at.caption)  # says the course's file was rescaled
    assert at.metric[0].value == "87"  # 8-6-4-1: 8*6+6 + 6*4+4 + 4*1+1
    hist, curves, network = charts(at)
    assert "z-score" in hist and "The network" in network and "Train vs test" in curves
    assert runner_state(at).status == "idle"


def test_standardise_toggle_changes_the_histograms_and_the_run(at):
    at.toggle(key="ch7-std").set_value(False)
    at.run()
    assert "raw units" in charts(at)[0]
    assert at.session_state["runners"]["ch7"].cfg.standardise is False


def test_layers_and_widths_rebuild_the_network(at):
    at.slider(key="ch7-layers").set_value(0)
    at.run()
    assert at.metric[0].value == "9"  # logistic regression on 8 features
    at.slider(key="ch7-layers").set_value(3)
    at.run()
    at.slider(key="ch7-w3").set_value(10)
    at.radio(key="ch7-act").set_value("tanh")
    at.run()
    assert at.metric[0].value == f"{ch7.parameter_total([8, 6, 4, 10, 1]):,}"
    assert at.session_state["runners"]["ch7"].cfg.hidden == (6, 4, 10)


def test_overfit_preset_sets_a_big_network(at):
    presets = at.pills(key="extras-preset-multiple-features")
    presets.set_value("early_stop").run()
    assert not at.exception
    assert at.session_state["runners"]["ch7"].cfg.hidden == (64, 64, 64, 64)
    assert at.metric[0].value == f"{ch7.parameter_total([8, 64, 64, 64, 64, 1]):,}"
    at.pills(key="extras-preset-multiple-features").set_value("course").run()
    assert at.session_state["runners"]["ch7"].cfg.hidden == (6, 4)


def test_short_run_shows_curves_weights_and_first_layer(at):
    evals = train_to_end(at, "ch7", 8).of_kind("eval")
    assert len(evals) == 8 and all("test/acc" in e for e in evals)
    assert [len(w) for w in evals[-1]["weights"]] == [6, 4, 1]
    assert any("Finished 8 epochs" in s.value for s in at.success)
    hist, curves, network, first = charts(at)
    assert "epoch 8: test accuracy" in curves and "8 → 6 → 4 → 1" in network
    assert "mean |w| per input feature" in first


def test_learning_rate_change_mid_run_reaches_the_next_epochs(at):
    state, event = change_lr_mid_run(at, "ch7", 20, 0.5)
    assert (event["old"], event["new"]) == (0.1, 0.5)
    assert all(r["lr"] == 0.5 for r in state.of_kind("train") if r["step"] > event["step"])
    assert "lr → 0.5" in charts(at)[1]


def test_architecture_change_mid_run_asks_for_a_reset(at):
    start_slow(at, "ch7", 10, epochs=5000)  # still training when the check comes, however slow the machine
    at.slider(key="ch7-w1").set_value(12)
    at.run()
    assert any("press **Reset**" in w.value and "hidden" in w.value for w in at.warning)
    assert runner_state(at).config["hidden"] == (6, 4)  # the running network is left alone
    assert runner_state(at).status in ("starting", "running")
    at.button(key="ch7-reset").click()
    at.run()
    assert runner_state(at).status == "idle" and runner_state(at).config["hidden"] == (12, 4)
    assert not any("press **Reset**" in w.value for w in at.warning)


def test_previous_run_stays_as_a_faint_line_to_compare(at):
    train_to_end(at, "ch7", 3)
    at.toggle(key="ch7-std").set_value(False)
    at.run()
    at.button(key="ch7-reset").click()
    at.run()
    curves = charts(at)[1]
    assert "before (standardise True): train" in curves and "before (standardise True): test" in curves
