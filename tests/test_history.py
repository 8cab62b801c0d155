"""core.history (the runs a panel keeps) and the compare figure, on hand-made and real records."""

import json

import pytest

from core.config import default_config
from core.history import RunHistory, differing_settings
from core.train import Training
from ui.figures_compare import ComparedRun, compare_figure


def records(n_epochs: int, loss: float = 1.0) -> list[dict]:
    out = []
    for epoch in range(1, n_epochs + 1):
        out.append({"kind": "train", "step": epoch, "epoch": epoch, "time": 0.1 * epoch, "train/loss": loss / epoch,
                    "probe/probs": [[0.1] * 10]})
        out.append({"kind": "eval", "step": epoch, "epoch": epoch, "time": 0.1 * epoch, "train/loss": loss / epoch,
                    "train/acc": 0.5, "test/loss": 2 * loss / epoch, "test/acc": 0.4, "weights": [[[1.0]]]})
    return out


def config(**changes) -> dict:
    return default_config("diabetes", **changes).to_dict()


def test_a_run_is_recognised_across_redraws_and_copied_incrementally():
    history = RunHistory()
    live = records(2)
    first = history.observe("ch7", "running", config(), tuple(live))
    live += records(3)[4:]  # epoch 3 arrives
    again = history.observe("ch7", "finished", config(), tuple(live))
    assert again is first and len(history.runs("ch7")) == 1
    assert [r["epoch"] for r in first.records if r["kind"] == "eval"] == [1, 2, 3]
    assert [r["kind"] for r in first.records] == ["eval"] * 3  # train records are not kept
    assert "weights" not in first.records[0]  # compact copies
    assert first.status == "finished" and first.final == {"train/loss": 1 / 3, "train/acc": 0.5,
                                                          "test/loss": 2 / 3, "test/acc": 0.4}
    assert first.training_time == pytest.approx(0.3) and first.epochs_done == 3


def test_no_records_means_no_run_yet():
    history = RunHistory()
    assert history.observe("ch7", "idle", config(), ()) is None and history.runs("ch7") == []


def test_keeps_the_newest_five_plus_pinned_ones_per_panel():
    history = RunHistory(keep=5)
    runs = [history.observe("ch7", "finished", config(lr=0.1 * (i + 1)), tuple(records(1))) for i in range(3)]
    history.pin("ch7", runs[0].number)
    for i in range(6):
        history.observe("ch7", "finished", config(seed=i), tuple(records(1)))
    kept = history.runs("ch7")
    assert [run.number for run in kept] == [1, 5, 6, 7, 8, 9]  # run 1 pinned, then the newest 5
    assert history.pinned("ch7") == [runs[0]]
    history.observe("ch9", "finished", config(), tuple(records(1)))
    assert len(history.runs("ch9")) == 1 and history.runs("ch9")[0].number == 1  # panels are separate


def test_unpinning_lets_old_runs_go_and_clear_keeps_only_the_running_one():
    history = RunHistory(keep=2)
    old = history.observe("s", "finished", config(), tuple(records(1)))
    history.pin("s", old.number)
    for _ in range(2):
        history.observe("s", "finished", config(), tuple(records(1)))
    running = history.observe("s", "running", config(), tuple(records(1)))
    assert old in history.runs("s")
    history.unpin_all("s")
    assert old not in history.runs("s") and len(history.runs("s")) == 2
    history.pin("s", running.number)
    history.clear("s", keep_number=running.number)
    assert history.runs("s") == [running] and not running.pinned
    history.clear("s")
    assert history.runs("s") == []
    with pytest.raises(ValueError, match="no longer kept"):
        history.pin("s", running.number)


def test_differing_settings_names_only_what_changed():
    assert differing_settings([config()]) == []
    assert differing_settings([config(), config(lr=0.5), config(hidden=(3,))]) == ["hidden", "lr"]


def test_real_training_records_give_the_final_metrics_of_the_last_epoch():
    training_records = tuple(Training(default_config("diabetes", epochs=3)))
    history = RunHistory()
    run = history.observe("ch7", "finished", default_config("diabetes", epochs=3).to_dict(), training_records)
    last = [r for r in training_records if r["kind"] == "eval"][-1]
    assert run.final == {k: last[k] for k in ("train/loss", "train/acc", "test/loss", "test/acc")}
    assert run.records[-1]["kind"] == "end" and run.training_time == training_records[-1]["time"]


def test_compare_figure_draws_each_run_in_its_own_colour_train_solid_test_dashed():
    evals = [r for r in records(4) if r["kind"] == "eval"]
    figure = compare_figure([ComparedRun("#1 · lr 0.1", evals), ComparedRun("#2 · lr 0.5", evals[:2], current=True)],
                            lang="en")
    traces = figure.data
    assert len(traces) == 8  # 2 runs x (train, test) x (loss, accuracy)
    by_name = {(t.name, t.yaxis): t for t in traces}
    assert by_name[("#1 · lr 0.1 · test", "y")].line.dash == "dash"
    assert by_name[("#1 · lr 0.1 · train", "y")].line.color != by_name[("#2 · lr 0.5 · train", "y")].line.color
    assert by_name[("#2 · lr 0.5 · train", "y")].line.width > by_name[("#1 · lr 0.1 · train", "y")].line.width
    assert list(by_name[("#2 · lr 0.5 · test", "y2")].y) == [0.4, 0.4]
    assert by_name[("#2 · lr 0.5 · test", "y2")].mode == "lines+markers"  # one epoch would otherwise be invisible


def test_compare_figure_speaks_chinese_and_says_when_it_is_empty():
    empty = json.loads(compare_figure([], lang="zh").to_json())
    assert empty["layout"]["annotations"][0]["text"] == "第一轮结束后显示曲线"
    assert empty["layout"]["yaxis"]["title"]["text"] == "损失"
