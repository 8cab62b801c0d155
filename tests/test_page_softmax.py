"""Chapter 9's page through the app's router (AppTest), and the small maths it shows (core.softmax)."""

import base64

import numpy as np
import pytest
import torch

from core import classroom, data
from core import saved_models
from core.checkpoints import load_checkpoint_bytes
from core.saved_models import SHARED
from core.store import open_store
from core.softmax import cell_mistakes, first_of_each_class, pixel_statistics, softmax_check
from tests.apptest_helpers import open_page, rerun_until, stop_runs
from tests.test_page_minibatch import chart, metric

torch.set_num_threads(1)  # small models on a shared two-core machine: one thread is many times faster
PAGE = "pages/softmax_mnist.py"
SLOT = "sm-train"
TAKEN = "sm-name-taken"


# ---------------------------------------------------------------- core.softmax against torch and by hand
@pytest.mark.parametrize("logits, target", [([1.0, 2.0, 3.0], 2), ([0.0] * 10, 7),
                                            ([9.5, -10, 3.3, 0, 0, 1, 2, -4, 8, 9.9], 1)])
def test_softmax_check_agrees_with_torch_three_ways(logits, target):
    check = softmax_check(logits, target)
    z = torch.tensor([logits], dtype=torch.float64)
    expected = torch.nn.functional.cross_entropy(z, torch.tensor([target])).item()
    for key in ("cross_entropy", "log_softmax_nll", "by_hand"):
        assert check[key] == pytest.approx(expected, abs=1e-12), key
    assert sum(check["probs"]) == pytest.approx(1.0)
    assert check["by_hand"] == pytest.approx(-np.log(check["probs"][target]))


def test_uniform_logits_give_log_of_the_class_count():
    assert softmax_check([3.0] * 10, 0)["cross_entropy"] == pytest.approx(np.log(10))


@pytest.mark.parametrize("logits, target, message", [
    ([1.0], 0, "at least 2"), ([1.0, float("nan")], 0, "finite"), ([1.0, 2.0], 2, "from 0 to 1"),
    ([1.0, 2.0], True, "whole number"), ("ab", 0, "list of numbers"), ([1e6, 0.0], 0, "between"),
])
def test_softmax_check_refuses_bad_input_in_words(logits, target, message):
    with pytest.raises(ValueError, match=message):
        softmax_check(logits, target)


def test_pixel_statistics_are_exact_and_match_the_chapter_constants():
    images = torch.tensor([[[0, 255], [51, 0]]], dtype=torch.uint8)
    stats = pixel_statistics(images, chunk=1)
    values = images.double() / 255
    assert stats["counts"].sum() == 4 and stats["counts"][0] == 2
    assert stats["mean"] == pytest.approx(values.mean().item())
    assert stats["std"] == pytest.approx(values.std(unbiased=False).item())
    full = pixel_statistics(data.load_mnist().images_train)
    assert full["mean"] == pytest.approx(data.MNIST_MEAN, abs=1e-4)
    assert full["std"] == pytest.approx(data.MNIST_STD, abs=1e-4)
    assert full["normalised_mean"] == pytest.approx(0.0, abs=1e-3)
    assert full["normalised_std"] == pytest.approx(1.0, abs=1e-3)


def test_probe_digits_and_cell_mistakes():
    labels = torch.tensor([3, 1, 3, 0, 1])
    assert first_of_each_class(labels) == [3, 1, 0]
    last_eval = {"labels": np.array([3, 3, 3, 1]), "pred": np.array([5, 5, 3, 5]),
                 "probs": np.array([[0.0] * 5 + [0.6] + [0.0] * 4, [0.0] * 5 + [0.9] + [0.0] * 4,
                                    [0.0] * 3 + [1.0] + [0.0] * 6, [0.0] * 5 + [1.0] + [0.0] * 4])}
    assert cell_mistakes(last_eval, 3, 5).tolist() == [1, 0]  # most confident mistake first
    assert cell_mistakes(last_eval, 3, 5, limit=1).tolist() == [1]
    assert cell_mistakes(last_eval, 1, 1).tolist() == []


# ---------------------------------------------------------------- the page
def picker(at, label: str):
    return next(box for box in at.selectbox if box.label == label)


def runner_state(at):
    return at.session_state["runners"][SLOT].state()


def test_page_renders_all_three_tabs(at):
    assert not at.exception
    assert at.title[0].value.startswith("9 · Softmax")
    assert [t.label for t in at.tabs] == ["Softmax & cross-entropy", "The MNIST data", "Train live"]
    for key in ("sm-probs-chart", "sm-grid-chart", "sm-matrix-chart", "sm-hist-chart", "sm-loss-chart",
                "sm-acc-chart", "sm-probe-chart"):
        assert chart(at, key)["data"], key
    assert [b.label for b in at.button][:5] == ["Start", "Pause", "Step", "Stop", "Reset"]
    assert metric(at, "Test accuracy") == "—"
    assert runner_state(at).status == "idle"


def test_cross_entropy_equals_log_softmax_plus_nll_as_displayed(at):
    logits = [1.5, -2.0, 0.3, 4.2, -7.7, 0.0, 2.2, 9.1, -0.4, 3.3]
    for i, value in enumerate(logits):
        at.slider(key=f"sm-logit-{i}").set_value(value)
    at.selectbox(key="sm-target").set_value(6)
    at.run()
    assert not at.exception
    z, y = torch.tensor([logits]), torch.tensor([6])
    reference = torch.nn.CrossEntropyLoss()(z, y).item()  # torch's own float32 answer
    combined = torch.nn.NLLLoss()(torch.nn.LogSoftmax(dim=1)(z), y).item()
    shown = [float(metric(at, label)) for label in ("CrossEntropyLoss()(z, y)", "NLLLoss()(LogSoftmax(dim=1)(z), y)",
                                                    "by hand: −z_y + log Σ exp(z_j)")]
    for value in shown:
        assert value == pytest.approx(reference, abs=1e-6)
        assert value == pytest.approx(combined, abs=1e-6)
    bars = chart(at, "sm-probs-chart")["data"][0]
    assert sum(float(t) for t in bars["text"]) == pytest.approx(1.0, abs=5e-3)


def test_digit_viewer_shows_the_chosen_image_as_numbers(at):
    at.radio(key="sm-data-split").set_value("test")
    at.number_input(key="sm-data-index").set_value(7)
    at.run()
    matrix = chart(at, "sm-matrix-chart")
    assert f"Label {int(data.load_mnist().y_test[7])}" in matrix["layout"]["title"]["text"]
    assert any("mean 0.1307, std 0.3081" in a["text"].replace("<br>", " ")  # wrapped to fit a phone
               for a in chart(at, "sm-hist-chart")["layout"]["annotations"])


def test_budget_run_trains_evaluates_and_saves(at, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHPLAY_MODELS", str(tmp_path))
    train_budget(at, epochs=2, log_every=4)
    at.run()
    state = runner_state(at)
    assert state.config["train_subset"] == 1000 and len(state.of_kind("eval")) == 2
    # the confusion matrix shown counts every evaluated test digit once
    confusion = chart(at, "sm-confusion-chart")
    assert sum(int(_rows(trace["customdata"])[:, 2].sum()) for trace in confusion["data"][:2]) == 1000
    assert "1000 test digits" in confusion["layout"]["title"]["text"]
    assert metric(at, "Test accuracy") == f"{state.latest('eval')['test/acc']:.2%}"
    assert metric(at, "Iterations") == f"{state.step:,}"
    assert float(metric(at, "Throughput (samples/s)").replace(",", "")) > 0
    loss = chart(at, "sm-loss-chart")["data"][0]
    assert len(loss["x"]) == len(state.of_kind("train"))

    # the page opens on the most frequent mistake; the selectboxes choose another cell
    matrix = np.array(state.latest("eval")["confusion"])
    np.fill_diagonal(matrix, -1)
    true, pred = np.unravel_index(matrix.argmax(), matrix.shape)
    assert (picker(at, "true digit").value, picker(at, "predicted as").value) == (true, pred)
    assert chart(at, "sm-mistakes-chart")["layout"]["title"]["text"].startswith(
        f"{matrix.max()} × a {true} mistaken as {pred}")
    picker(at, "true digit").set_value(int(pred))
    at.run()
    picker(at, "predicted as").set_value(int(true))
    at.run()
    assert at.session_state["sm-cell"] == (pred, true)
    count = int(np.array(state.latest("eval")["confusion"])[pred, true])
    if count:
        assert f"{count} × a {pred} mistaken as {true}" in chart(at, "sm-mistakes-chart")["layout"]["title"]["text"]
    else:
        assert f"No {pred} was predicted as {true}" in at.info[0].value

    # keep it for the Draw page (session) and for everyone (the store beside the models), with a validated name
    at.text_input(key="sm-save-name").set_value("bad name!")
    at.button(key="sm-save").click()
    at.run()
    assert "Model name" in at.error[0].value
    at.text_input(key="sm-save-name").set_value("budget-mlp")
    at.button(key="sm-save").click()
    at.run()
    kept = at.session_state["session_mnist_model"]
    assert kept["name"] == "budget-mlp" and kept["test_acc"] == pytest.approx(state.latest("eval")["test/acc"])
    assert not kept["model"].training and next(kept["model"].parameters()).device.type == "cpu"
    store = open_store(f"sqlite:///{tmp_path / 'classroom.sqlite3'}")
    model, cfg, metrics = load_checkpoint_bytes(saved_models.read(store, SHARED, "budget-mlp"), "budget-mlp")
    assert cfg.task == "mnist" and cfg.train_subset == 1000
    assert metrics["test/acc"] == pytest.approx(kept["test_acc"])
    assert not (tmp_path / "user").exists()  # nothing under models/user any more
    at.button(key="sm-save").click()
    at.run()
    assert "already saved" in at.error[0].value
    (before,) = store.model_records(SHARED)
    at.button(key="sm-overwrite").click()  # offered for the taken name only, as a click
    at.run()
    assert any("Saved “budget-mlp” for everyone on this server" in s.value for s in at.success)
    (after,) = store.model_records(SHARED)
    assert after["saved"] > before["saved"]
    assert not [b for b in at.button if b.key == "sm-overwrite"]  # done: the button goes

    # another session (another browser): the same name is another learner's, even with a forged offer or URL
    other = open_page(PAGE)
    try:
        train_budget(other, epochs=1, log_every=300)
        other.text_input(key="sm-save-name").set_value("budget-mlp")
        other.button(key="sm-save").click().run()
        assert any("another learner's model" in e.value and "budget-mlp-2" in e.value for e in other.error)
        other.session_state[TAKEN] = ("overwrite", "budget-mlp")  # as if its own: the store still refuses
        other.run()
        other.button(key="sm-overwrite").click().run()
        assert any("another learner's model" in e.value for e in other.error)
        assert store.model_records(SHARED)[0]["saved"] == after["saved"]
        other.button(key="sm-save-free").click().run()  # "Save as budget-mlp-2"
        assert any("Saved “budget-mlp-2”" in s.value for s in other.success)
        assert [r["name"] for r in store.model_records(SHARED)] == ["budget-mlp-2", "budget-mlp"]
    finally:
        stop_runs(other)


def test_a_model_saved_in_a_class_names_the_board_run_it_came_from(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCHPLAY_MODELS", str(tmp_path))
    store = open_store(f"sqlite:///{tmp_path / 'classroom.sqlite3'}")
    code, _ = classroom.create_class(store)
    app = open_page(PAGE)
    app.session_state["class-member"] = {"code": code, "nickname": classroom.join(store, code, "Ann")}
    try:
        for epochs in (1, 2):  # two runs with the same nickname: only the second is saved
            if epochs > 1:
                app.button(key=f"{SLOT}-reset").click().run()
            train_budget(app, epochs=epochs, log_every=300)
            app.run()  # the sidebar posts the ended run
        app.text_input(key="sm-save-name").set_value("ann-run")
        app.button(key="sm-save").click().run()
        assert any("Saved “ann-run” for your class" in s.value for s in app.success)
        runs = classroom.read_board(store, code).runs
        assert [run["epochs"] for run in runs] == [1, 2]
        (record,) = store.model_records(saved_models.class_scope(code))
        assert record["run"] == runs[1]["id"] != runs[0]["id"]
    finally:
        stop_runs(app)


def train_budget(app, epochs: int, log_every: int) -> None:
    """A run on 1000 digits (tested on 1000) in this AppTest session, to its end."""
    app.select_slider(key="sm-train-subset").set_value(1000)
    app.select_slider(key="sm-test-subset").set_value(1000)
    app.number_input(key="sm-epochs").set_value(epochs)
    app.number_input(key="sm-log-every").set_value(log_every)
    app.run()
    app.button(key="sm-train-start").click()
    app.run()
    rerun_until(app, lambda: app.session_state["runners"][SLOT].state().status == "finished", "a budget run",
                timeout=120)


def _rows(customdata) -> np.ndarray:
    """A trace's customdata as an array: plotly JSON holds a plain list or {"dtype", "bdata" (base64), "shape"}."""
    if isinstance(customdata, list):
        return np.asarray(customdata)
    flat = np.frombuffer(base64.b64decode(customdata["bdata"]), dtype=np.dtype(customdata["dtype"]))
    return flat.reshape(tuple(int(s) for s in str(customdata.get("shape", len(flat))).split(",")))
