"""The headless CLI: JSON lines on stdout, checkpoints that load back, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from core.checkpoints import load_checkpoint, save_checkpoint
from core.config import default_config
from core.models import MnistMLP

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_mnist_one_epoch_emits_json_lines_ending_with_test_accuracy():
    result = cli("train", "mnist", "--epochs", "1", "--device", "cpu")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[-1]["kind"] == "end" and records[-1]["reason"] == "finished"
    (evaluation,) = [r for r in records if "test/acc" in r]
    assert 0.5 < evaluation["test/acc"] <= 1.0  # one course epoch lands well above chance (0.1)
    # 938 batches of 64, a record at most every 300: four equal stretches, the last ending the epoch
    assert [r["iteration"] for r in records if r["kind"] == "train"] == [235, 469, 704, 938]


def test_save_writes_a_checkpoint_that_loads_with_weights_only(tmp_path):
    path = tmp_path / "diabetes.pt"
    result = cli("train", "diabetes", "--epochs", "5", "--hidden", "3", "--activation", "relu", "--save", str(path))
    assert result.returncode == 0, result.stderr
    model, cfg, metrics = load_checkpoint(path)
    assert cfg.hidden == (3,) and cfg.activation == "relu" and cfg.epochs == 5
    assert [l.out_features for l in model.linears] == [3, 1]
    assert "test/acc" in metrics


@pytest.mark.parametrize("args, message", [
    (("train", "mnist", "--lr", "-1"), "learning rate"),
    (("train", "cifar",), "invalid choice"),
    (("train", "diabetes", "--hidden", "6,x"), "--hidden"),
    (("train", "diabetes", "--hidden", "6,100"), "widths"),
    (("train", "mnist", "--epochs", "many"), "invalid int"),
])
def test_bad_arguments_exit_non_zero_with_one_line(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_corrupt_or_missing_checkpoint_is_a_clear_error(tmp_path):
    path = save_checkpoint(tmp_path / "mlp.pt", MnistMLP(), default_config("mnist"))
    model, cfg, _ = load_checkpoint(path)
    assert cfg.model == "mlp" and isinstance(model, MnistMLP)
    path.write_bytes(path.read_bytes()[:1000])  # truncated download / half-written file
    with pytest.raises(ValueError, match="corrupt"):
        load_checkpoint(path)
    with pytest.raises(ValueError, match="no checkpoint"):
        load_checkpoint(tmp_path / "missing.pt")
