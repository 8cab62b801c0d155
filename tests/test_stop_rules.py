"""Early stopping on the test loss: the rule, the records wrapper, the runner and the CLI."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import RunConfig, default_config
from core.runner import FINISHED, Runner
from core.stop_rules import EarlyStopping, early_stopped, with_stop_rules
from core.train import Training

ROOT = Path(__file__).resolve().parents[1]
OVERFIT = dict(epochs=80, batch_size=16, hidden=(32, 32), activation="relu", optimizer="adam", lr=0.05)


def evals(losses):
    return [{"kind": "eval", "step": i, "epoch": i, "time": 0.0, "test/loss": loss} for i, loss in enumerate(losses, 1)]


def test_rule_counts_epochs_without_a_better_loss():
    rule = EarlyStopping(2)
    assert [rule.update(e, loss) for e, loss in enumerate([1.0, 0.8, 0.9, 0.7, 0.75, 0.75], 1)] == \
        [False, False, False, False, False, True]
    assert (rule.best_epoch, rule.best_loss) == (4, 0.7)
    assert "epoch 6" in rule.message(6) and "best test loss 0.7000 at epoch 4" in rule.message(6)


def test_nan_loss_is_never_an_improvement():
    rule = EarlyStopping(1)
    assert not rule.update(1, 0.5)
    assert rule.update(2, math.nan)


def test_wrapper_ends_with_a_finished_record_naming_the_best_epoch():
    source = evals([0.9, 0.5, 0.6, 0.7, 0.4]) + [{"kind": "end", "reason": "finished"}]
    out = list(early_stopped(source, patience=2))
    assert [r["kind"] for r in out] == ["eval"] * 4 + ["end"]
    end = out[-1]
    assert end["reason"] == "finished" and end["stopped_early"] and end["best_epoch"] == 2 and end["epoch"] == 4


def test_wrapper_passes_through_runs_that_keep_improving_or_have_no_test_split():
    improving = evals([0.9, 0.8, 0.7]) + [{"kind": "end", "reason": "finished"}]
    assert list(early_stopped(improving, patience=1)) == improving
    no_test = [{"kind": "eval", "step": 1, "epoch": 1, "time": 0.0, "train/loss": 0.3}] * 5
    assert list(early_stopped(no_test, patience=1)) == no_test


def test_patience_off_changes_nothing():
    cfg = default_config("diabetes", epochs=5)

    def timeless(records):
        return [{k: v for k, v in r.items() if k not in ("time", "samples_per_s")} for r in records]

    assert timeless(with_stop_rules(Training(cfg))) == timeless(Training(cfg))


def test_overfitting_diabetes_run_stops_early_and_closes_the_training():
    training = Training(default_config("diabetes", patience=3, **OVERFIT))
    records = list(with_stop_rules(training))
    end = records[-1]
    assert end["stopped_early"] and end["epoch"] < OVERFIT["epochs"]
    losses = [r["test/loss"] for r in records if r["kind"] == "eval"]
    best = min(range(len(losses)), key=losses.__getitem__)
    assert end["best_epoch"] == best + 1 and len(losses) == best + 1 + 3  # three worse epochs after the best
    assert training.epoch == end["epoch"]  # the generator was closed: no further epoch started


def test_config_checks_patience():
    assert RunConfig(patience=5).patience == 5
    for bad in (-1, 2.5, 10_000):
        with pytest.raises(ValueError, match="patience"):
            RunConfig(patience=bad)


def test_runner_reports_the_early_stop_in_its_message():
    runner = Runner(default_config("diabetes", patience=2, **OVERFIT))
    runner.start()
    runner.join(120)
    state = runner.state()
    assert state.status == FINISHED and "Stopped early at epoch" in state.message
    assert state.records[-1]["best_epoch"] < state.records[-1]["epoch"]


def test_cli_patience_stops_early():
    done = subprocess.run([sys.executable, "-m", "core", "train", "diabetes", "--patience", "2", "--epochs", "80",
                           "--batch-size", "16", "--hidden", "32,32", "--activation", "relu", "--optimizer", "adam",
                           "--lr", "0.05"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    end = json.loads(done.stdout.splitlines()[-1])
    assert end["stopped_early"] and end["epoch"] < 80
    bad = subprocess.run([sys.executable, "-m", "core", "train", "diabetes", "--patience", "-1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "patience" in bad.stderr
