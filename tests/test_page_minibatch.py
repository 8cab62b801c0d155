"""Chapter 8's page through the app's router (AppTest), and the helpers it shows (core.minibatch)."""

import json

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from core import data
from core.config import default_config
from core.minibatch import comparison_configs, epoch_arithmetic, epoch_layout, survival_probability
from core.tasks import build_model
from core.loop import IndexedDataset, epoch_batches
from tests.apptest_helpers import rerun_until

torch.set_num_threads(1)  # tiny models on a shared two-core machine: one thread is many times faster
PAGE = "pages/mini_batches.py"
RACE = {"Full batch": "mb-race-full", "Mini-batch": "mb-race-mini", "Stochastic (batch 1)": "mb-race-sgd"}


# ---------------------------------------------------------------- core.minibatch
@pytest.mark.parametrize("batch_size, shuffle, drop_last", [(6, True, True), (6, False, False), (0, True, False),
                                                            (1, True, False), (50, True, True)])
def test_epoch_layout_is_the_order_a_training_dataloader_draws(batch_size, shuffle, drop_last):
    n, epochs, seed = 20, 3, 4
    layout = epoch_layout(n, batch_size, shuffle, drop_last, epochs, seed=seed)
    size = n if batch_size == 0 else min(batch_size, n)
    # core.train.Training builds DataLoader(IndexedDataset(...)) with one generator seeded cfg.seed, per epoch
    generator = torch.Generator().manual_seed(seed)
    index = torch.arange(n)
    for epoch in range(epochs):
        loader = DataLoader(IndexedDataset(index, index), batch_size=size, shuffle=shuffle, drop_last=drop_last,
                            generator=generator)
        expected = np.full(n, -1)
        for number, (x, _) in enumerate(loader):
            expected[x.numpy()] = number
        assert layout[epoch].tolist() == expected.tolist()
    assert (layout >= 0).sum(axis=1).tolist() == [n - (n % size if drop_last else 0)] * epochs


def test_epoch_layout_follows_the_tensor_loader_too():
    layout = epoch_layout(10, 3, True, False, 2, seed=1, loader="tensor")
    generator = torch.Generator().manual_seed(1)
    for epoch in range(2):
        for number, index in enumerate(epoch_batches(10, 3, True, False, generator)):
            assert (layout[epoch, index.numpy()] == number).all()


def test_shuffle_draws_a_new_order_every_epoch_and_off_keeps_slices():
    shuffled = epoch_layout(100, 10, True, False, 2)
    assert (shuffled[0] != shuffled[1]).any()
    plain = epoch_layout(100, 10, False, False, 2)
    assert plain[0].tolist() == plain[1].tolist() == [i // 10 for i in range(100)]


def test_epoch_arithmetic_is_the_chapters_iteration_formula():
    assert epoch_arithmetic(10_000, 1000, False) == {"samples": 10_000, "batch_size": 1000, "iterations": 10,
                                                     "exact": 10.0, "last_batch": 1000, "dropped": 0}
    assert epoch_arithmetic(576, 32, False)["iterations"] == 18
    assert epoch_arithmetic(576, 100, False)["last_batch"] == 76
    dropped = epoch_arithmetic(576, 100, True)
    assert dropped["iterations"] == 5 and dropped["dropped"] == 76 and dropped["last_batch"] is None
    assert epoch_arithmetic(576, 0, False)["iterations"] == 1


def test_epoch_layout_refuses_nonsense():
    with pytest.raises(ValueError, match="at least one sample"):
        epoch_layout(0, 4, True, False, 1)
    with pytest.raises(ValueError, match="batch size"):
        epoch_layout(10, -1, True, False, 1)


def test_comparison_configs_differ_only_in_batch_size_and_logging():
    base = default_config("diabetes", batch_size=32, loader="dataloader", epochs=7)
    configs = comparison_configs(base, 576)
    assert {label: c.batch_size for label, c in configs.items()} == {"Full batch": 0, "Mini-batch": 32,
                                                                     "Stochastic (batch 1)": 1}
    assert [c.log_every for c in configs.values()] == [1, 1, 24]  # ~25 records per epoch at most
    for c in configs.values():
        assert c.replace(batch_size=32, log_every=1) == base.replace(log_every=1)


def test_survival_probability_encodes_like_the_training_rows():
    split = data.load_titanic(test_fraction=0.2, seed=0)
    cfg = default_config("titanic")
    torch.manual_seed(0)
    model = build_model(cfg, in_features=split.x_train.shape[1]).eval()
    p = survival_probability(model, split, 1, "female", 29, 0, 0, title="Miss")
    with torch.no_grad():
        expected = float(model(split.encode_passenger(1, "female", 29, 0, 0, title="Miss")))
    assert 0 < p < 1 and p == pytest.approx(expected)
    with pytest.raises(ValueError, match="pclass"):
        survival_probability(model, split, 4, "female", 29, 0, 0)


# ---------------------------------------------------------------- the page
def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def chart(at, key: str) -> dict:
    """The figure JSON of the plotly chart with streamlit key `key`."""
    return next(json.loads(el.proto.spec) for el in at.get("plotly_chart") if el.proto.id.endswith(key))


def states(at, slots) -> dict:
    return {slot: at.session_state["runners"][slot].state() for slot in slots}


def test_page_renders_all_three_tabs(at):
    assert not at.exception
    assert at.title[0].value.startswith("8 · Mini-batches")
    assert [t.label for t in at.tabs] == ["One epoch, batch by batch", "Full batch vs mini-batch vs stochastic",
                                          "Exercise: Titanic"]
    assert metric(at, "Iterations per epoch") == "18"  # ceil(576 / 32), the chapter's defaults
    for key in ("mb-layout-chart", "mb-race-steps", "mb-race-time", "mb-titanic-ages", "mb-titanic-curves"):
        assert chart(at, key)["layout"], key
    assert "num_workers=0" in at.code[0].value and "batch_size=32" in at.code[0].value
    assert "__name__" in at.code[1].value  # the Windows guard


def test_batch_settings_change_the_arithmetic_and_the_picture(at):
    at.select_slider(key="mb-batch-size").set_value(128)
    at.toggle(key="mb-drop-last").set_value(True)
    at.run()
    assert metric(at, "Iterations per epoch") == "4"  # floor(576 / 128) with drop_last
    hover = chart(at, "mb-layout-chart")["data"][0]["text"]
    left_out = sum(text.startswith("left out") for row in hover for text in row)
    assert left_out == 3 * (576 - 4 * 128)  # three epochs, 64 samples sit out each
    at.select_slider(key="mb-batch-size").set_value(0)
    at.run()
    assert metric(at, "Iterations per epoch") == "1"
    assert "batch_size=576" in at.code[0].value


def test_race_runs_full_mini_and_stochastic_one_after_another(at):
    at.slider(key="mb-race-epochs").set_value(5)
    at.run()
    at.button(key="mb-race-start").click()
    at.run()
    running_together = []

    def finished() -> bool:
        now = states(at, RACE.values())
        running_together.append(sum(s.status in ("starting", "running") for s in now.values()))
        return all(s.status == "finished" for s in now.values())

    rerun_until(at, finished, "the three runs to finish")
    assert max(running_together) == 1  # one at a time, so each run has the CPU to itself
    at.run()
    finished = states(at, RACE.values())
    steps = {slot: s.latest("eval")["step"] for slot, s in finished.items()}
    assert steps == {"mb-race-full": 5, "mb-race-mini": 5 * 18, "mb-race-sgd": 5 * 576}
    for state in finished.values():
        assert state.config["loader"] == "dataloader" and state.config["lr"] == 0.1
    assert at.session_state["mb-race"].queued is False  # the race's RunGroup has no run left waiting
    traces = chart(at, "mb-race-steps")["data"]
    assert [t["name"] for t in traces if t.get("showlegend", True)] == list(RACE)
    assert all(len(t["x"]) > 0 for t in traces)
    assert metric(at, "Stochastic (batch 1) · batch 1").replace(".", "").isdigit()


def test_titanic_exercise_shows_the_preprocessing_trains_and_predicts(at):
    shown = at.dataframe[0].value
    assert shown["age"].isna().sum() == 263  # the raw table keeps its missing ages
    at.toggle(key="mb-titanic-missing").set_value(True)
    at.run()
    assert len(at.dataframe[0].value) == 263
    after = at.dataframe[2].value
    assert {"pclass_1", "sex_male", "family_size", "title_Master"} <= set(after.columns)
    assert not after.isna().any().any()

    at.button(key="FormSubmitter:mb-passenger-Predict").click()
    at.run()
    assert "Train the classifier first" in at.info[0].value

    at.slider(key="mb-titanic-epochs").set_value(10)
    at.run()
    at.button(key="mb-titanic-start").click()
    at.run()
    slot = "mb-titanic"
    rerun_until(at, lambda: states(at, [slot])[slot].status == "finished", "the Titanic run to finish")
    last = states(at, [slot])[slot].latest("eval")
    assert last["epoch"] == 10 and last["test/acc"] > 0.7
    assert metric(at, "Test accuracy") == f"{last['test/acc']:.1%}"

    at.selectbox(key="mb-p-class").set_value(1)
    at.radio(key="mb-p-sex").set_value("female")
    at.checkbox(key="mb-p-age-unknown").set_value(True)
    at.button(key="FormSubmitter:mb-passenger-Predict").click()
    at.run()
    first_class_woman = float(metric(at, "P(survived)").rstrip("%"))
    at.selectbox(key="mb-p-class").set_value(3)
    at.radio(key="mb-p-sex").set_value("male")
    at.button(key="FormSubmitter:mb-passenger-Predict").click()
    at.run()
    third_class_man = float(metric(at, "P(survived)").rstrip("%"))
    assert first_class_woman > 50 > third_class_man  # what the data says, learnt in ten epochs
