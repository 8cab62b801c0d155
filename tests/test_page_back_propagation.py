"""The lecture-4 page as a learner uses it, through the app's router (streamlit AppTest)."""

import json

import torch

from tests.test_page_linear_model import chart
from tests.test_page_logistic import train_to_end

torch.set_num_threads(1)
PAGE = "pages/back_propagation.py"


def charts(at) -> list[str]:
    return [json.dumps(json.loads(el.proto.spec), ensure_ascii=False) for el in at.get("plotly_chart")]


def gradients_table(at) -> dict:
    table = at.dataframe[0].value
    return {row["weight"]: row for row in table.to_dict("records")}


def test_page_shows_the_lecture_s_graph_with_torch_beside_it(at):
    assert not at.exception
    assert at.title[0].value.startswith("4 · Back propagation")
    row = gradients_table(at)["w"]
    assert row["∂loss/∂weight, chain rule"] == -2.0 and row["torch autograd"] == -2.0 and row["same?"] == "✓"
    graph = charts(at)[0]
    assert "∂loss/∂w = −2 ✓" in graph and "<b>loss</b> = 1" in graph and "∂ŷ/∂w = 1" in graph
    assert [b.label for b in at.button][:5] == ["Start", "Pause", "Step", "Stop", "Reset"]


def test_the_exercise_and_the_further_models(at):
    at.number_input(key="bp-x").set_value(2.0)
    at.number_input(key="bp-y").set_value(4.0)
    at.run()
    assert gradients_table(at)["w"]["torch autograd"] == -8.0
    at.radio(key="bp-model").set_value("quadratic")
    at.run()
    assert not at.exception
    rows = gradients_table(at)
    assert set(rows) == {"w1", "w2", "b"} and all(row["same?"] == "✓" for row in rows.values())
    # x = 2, y = 4, w₁ = w₂ = 1, b = 0: r = 2, so ∂loss/∂w₁ = 2r·x² = 16
    assert rows["w1"]["torch autograd"] == 16.0 and "w₁·x²" in charts(at)[0]


def test_two_layers_show_their_product(at):
    latex = [el.value for el in at.get("latex")][0]
    assert "W_2 W_1 = " in latex and "W_2 b_1 + b_2" in latex
    product = latex.split("W_2 W_1 = ")[1].split(r"\end{bmatrix}")[0]  # the 2x2 product: two rows of two
    assert product.count(r"\\") == 1 and product.count("&") == 2
    assert any("Largest gap" in c.value for c in at.caption)
    before = latex
    at.number_input(key="bp-collapse-seed").set_value(5)
    at.run()
    assert at.get("latex")[0].value != before


def test_the_lecture_loop_trains_to_the_lecture_s_prediction(at):
    train_to_end(at, "bp", 100)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["w"] == "1.9999996" and metrics["predict(4)"] == "7.999999" and metrics["epoch"] == "100"
    assert "w.grad.data.zero_()     #" in at.code[0].value
    w, grad = chart(at, "bp-weights")["data"]
    assert len(w["x"]) == len(grad["x"]) == 300 and abs(w["y"][-1] - 1.9999996) < 1e-6  # one point a sample
    assert len(chart(at, "bp-loss")["data"][0]["y"]) == 300  # the loss chart drawn to the last sample


def test_skipping_zero_grad_is_a_new_run_that_accumulates(at):
    at.toggle(key="bp-zero").set_value(False)
    at.run()
    assert "# w.grad.data.zero_()   ← skipped" in at.code[0].value
    train_to_end(at, "bp", 5)
    runner = at.session_state["runners"]["bp"]
    assert runner.cfg.zero_grad is False
    grads = [r["grad"] for r in runner.state().of_kind("train")]
    assert abs(grads[2]) > abs(grads[1]) > abs(grads[0]) == 2.0
