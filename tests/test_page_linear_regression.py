"""The lecture-5 page as a learner uses it, through the app's router (streamlit AppTest)."""

import torch

from tests.test_page_logistic import train_to_end

torch.set_num_threads(1)
PAGE = "pages/linear_regression.py"


def test_page_renders_with_the_lecture_s_settings(at):
    assert not at.exception
    assert at.title[0].value.startswith("5 · Linear regression with PyTorch")
    assert at.selectbox(key="lreg-opt").value == "sgd" and at.radio(key="lreg-reduction").value == "sum"
    assert "LinearModel(torch.nn.Module)" in at.code[0].value
    assert at.session_state["runners"]["lreg"].cfg.reduction == "sum"


def test_the_lecture_s_run_reaches_w_2_and_b_0(at):
    train_to_end(at, "lreg", 1000)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["w"], metrics["b"], metrics["predict(4)"]) == ("1.9996", "0.0009", "7.9994")


def test_another_optimizer_and_mean_loss_make_a_new_config(at):
    at.selectbox(key="lreg-opt").set_value("lbfgs")
    at.radio(key="lreg-reduction").set_value("mean")
    train_to_end(at, "lreg", 20)
    runner = at.session_state["runners"]["lreg"]
    assert (runner.cfg.optimizer, runner.cfg.reduction) == ("lbfgs", "mean")
    assert float(at.metric[0].value) == float(f"{runner.state().latest('eval')['w']:.4f}")


def test_the_race_draws_all_eight_and_the_table(at):
    at.number_input(key="lreg-race-epochs").set_value(50)
    at.run()
    assert any("Race them" in el.value for el in at.info)
    at.button(key="lreg-race-run").click()
    at.run(timeout=300)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == ["SGD", "Adagrad", "Adam", "Adamax", "ASGD", "LBFGS", "RMSprop", "Rprop"]
    race = [c for c in at.get("plotly_chart") if "Loss by epoch, lr 0.01, 50 epochs" in c.proto.spec]
    assert race and race[0].proto.spec.count('"type":"scatter"') >= 8 or '"name":"Rprop"' in race[0].proto.spec


def test_sum_vs_mean_states_the_effective_step(at):
    text = " ".join(m.value for m in at.markdown)
    assert "SGD at lr 0.01 on the sum therefore takes exactly the steps of lr 0.03 on the mean" in text
    at.select_slider(key="lreg-lr").set_value(0.02)
    at.run()
    assert "lr 0.06 on the mean" in " ".join(m.value for m in at.markdown)
