"""Lecture 3's task: the headless CLI, torch's SGD against the lecture's formula, the exported script, the board."""

import json
import subprocess
import sys

import pytest
import torch

from core import board_runs, classroom, descent
from core.config import default_config
from core.train import Training
from tests.test_export import assert_same, core_records, run_script
from tests.test_tasks import REGISTRY
from ui import figures_classroom

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
X, Y = (1.0, 2.0, 3.0), (2.0, 4.0, 6.0)


def cli(*args: str) -> tuple[int, list[dict], str]:
    done = subprocess.run([sys.executable, "-m", "core", "train", "gradient-descent", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()], done.stderr


def test_cli_prints_w_and_the_loss_and_ends_at_the_lecture_s_w():
    code, records, _ = cli("--epochs", "100", "--lr", "0.01")
    assert code == 0
    trains = [r for r in records if r["kind"] == "train"]
    evals = [r for r in records if r["kind"] == "eval"]
    assert len(trains) == len(evals) == 100 and all("w" in r and "train/loss" in r for r in trains + evals)
    assert trains[0]["train/loss"] == pytest.approx(14 / 3)  # the cost at w = 1, before the first update
    last = evals[-1]
    assert f"{last['w']:.5f}" == "1.99994" and f"{last['predict_4']:.5f}" == "7.99978"
    assert records[-1]["reason"] == "finished"


def test_cli_run_above_the_threshold_diverges_with_a_reason():
    code, records, stderr = cli("--lr", "0.5")
    assert code == 1 and records[-1]["reason"] == "diverged" and "too large" in stderr
    _, records, _ = cli("--lr", "0.22")  # just above 3/14: finite after 100 epochs, but the cost climbs
    losses = [r["train/loss"] for r in records if r["kind"] == "eval"]
    assert all(b > a for a, b in zip(losses, losses[1:]))
    _, records, _ = cli("--lr", "0.21")  # just below: it closes in
    losses = [r["train/loss"] for r in records if r["kind"] == "eval"]
    assert losses[-1] < losses[0] * 1e-3


@pytest.mark.parametrize("lr", [0.01, 0.2])
def test_torch_gd_and_sgd_follow_the_lecture_s_formulas(lr):
    torch.set_num_threads(1)
    full = [r["w"] for r in Training(default_config("gradient-descent", lr=lr, epochs=20)) if r["kind"] == "train"]
    assert full == pytest.approx(descent.gd_path(X, Y, lr, 20)[1:], rel=1e-5)
    one = [r["w"] for r in Training(default_config("gradient-descent", lr=lr, epochs=20, batch_size=1))
           if r["kind"] == "train"]
    assert one == pytest.approx(descent.sgd_path(X, Y, lr, 20)[1:], rel=1e-5)


def test_the_task_is_registered_and_evaluates_without_accuracy():
    assert "gradient-descent" in REGISTRY
    record = Training(default_config("gradient-descent", epochs=1)).evaluate()
    assert record["w"] == 1.0 and record["predict_4"] == 4.0 and "train/acc" not in record  # before training


@pytest.mark.parametrize("batch_size", [0, 1])
def test_exported_script_reproduces_core_records(tmp_path, batch_size):
    cfg = default_config("gradient-descent", epochs=30, batch_size=batch_size)
    script, core = run_script(cfg, tmp_path), core_records(cfg)
    assert_same(script, core)
    assert len(script) == len(core) and script[-1]["reason"] == "finished"
    assert f"{script[-2]['w']:.4f}" == f"{core[-2]['w']:.4f}"


def test_board_ranks_and_plots_lecture_3_runs_by_their_final_loss():
    runs = []
    for n, lr in enumerate((0.01, 0.1, 0.5)):
        cfg = default_config("gradient-descent", lr=lr, epochs=40)
        records = list(Training(cfg))
        status = "diverged" if records[-1]["reason"] == "diverged" else "finished"
        runs.append(board_runs.run_summary(f"s{n}", "ch3", "gradient-descent", [("gd-lr", str(lr))], cfg.to_dict(),
                                           records, status))
    ranked = classroom.ranked(runs)
    assert [r["settings"]["lr"] for r in ranked] == [0.1, 0.01, 0.5]  # lowest loss first, diverged last
    scatter = figures_classroom.scatter(ranked, "lr", None)
    ys = [y for trace in scatter.data for y in trace.y]
    # lr 0.1 reaches a loss of exactly 0 in float32: drawn below the rest on the log axis; the diverged run on top
    assert ranked[0]["train_loss"] == 0.0 and scatter.layout.yaxis.type == "log" and 0 < ys[0] < ys[1] < ys[2]
    assert "loss" in scatter.layout.yaxis.title.text
    curves = figures_classroom.curves(ranked)
    assert curves.layout.yaxis.type == "log" and list(curves.data[-1].y) == ranked[0]["curve"]["train/loss"]
