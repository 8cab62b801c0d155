"""Exported scripts: standalone (no torchplay import) and, run in a subprocess, they print core's own records."""

import ast
import inspect
import itertools
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import torch

from core.config import default_config
from core.data import DATA_DIR
from core.export import export_script, script_name
from core.stop_rules import with_stop_rules
from core.train import Training

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-6
DATA = {"diabetes": DATA_DIR / "diabetes.csv.gz", "titanic": DATA_DIR / "titanic.csv", "mnist": DATA_DIR / "MNIST" / "raw"}
needs_mnist = pytest.mark.usefixtures("mnist_fetched")  # fails, never skips, without MNIST


def run_script(cfg, tmp_path, steps: int = 0) -> list[dict]:
    """Write the exported script outside the repository and run it with a bare environment."""
    path = tmp_path / script_name(cfg)
    path.write_text(export_script(cfg))
    command = [sys.executable, str(path), "--json", "--device", "cpu"]
    if cfg.task in DATA:
        command += ["--data", str(DATA[cfg.task])]
    if steps:
        command += ["--steps", str(steps)]
    # No PYTHONPATH: the script must not need torchplay; its own default of one thread matches the page's runner.
    env = {"PATH": os.environ.get("PATH", "/usr/bin")}
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def core_records(cfg) -> list[dict]:
    torch.set_num_threads(1)
    return [r for r in with_stop_rules(Training(cfg.replace(device="cpu"))) if r["kind"] in ("train", "eval", "end")]


def assert_same(script: list[dict], core: list[dict]) -> None:
    assert script, "the script printed no records"
    assert len(script) <= len(core)
    for ours, theirs in zip(script, core):
        assert (ours["kind"], ours["epoch"], ours["step"]) == (theirs["kind"], theirs["epoch"], theirs["step"])
        for key, value in ours.items():
            if isinstance(value, float):
                assert value == pytest.approx(theirs[key], abs=TOLERANCE, rel=TOLERANCE), (key, ours, theirs)
            elif key not in ("kind", "message"):
                assert value == theirs[key], (key, ours, theirs)


@pytest.mark.parametrize("cfg", [
    default_config("logistic", epochs=25, lr=0.5),
    default_config("linear", epochs=25, optimizer="adam"),
    default_config("diabetes", epochs=20),
    default_config("diabetes", epochs=8, batch_size=32, hidden=(8, 8, 4), activation="relu", optimizer="adam",
                   lr=0.01, standardise=False, seed=3),
    default_config("titanic", epochs=4),
    default_config("diabetes", epochs=3, loader="dataloader", batch_size=64, drop_last=True, log_every=2),
    # Chapter 8's Titanic panel as the page starts it (pages/mini_batches.py's widget defaults).
    default_config("titanic", hidden=(16, 8), activation="relu", optimizer="adam", lr=0.01, epochs=50, batch_size=32,
                   loader="dataloader"),
    default_config("diabetes", epochs=2, loader="dataloader", batch_size=32, num_workers=2),
], ids=["logistic", "linear", "diabetes-course", "diabetes-minibatch-adam", "titanic-dataloader", "diabetes-droplast",
        "titanic-page", "diabetes-workers"])
def test_exported_script_reproduces_core_records(cfg, tmp_path):
    script = run_script(cfg, tmp_path)
    core = core_records(cfg)
    assert_same(script, core)
    assert len(script) == len(core) and script[-1]["reason"] == "finished"


def test_early_stopping_stops_at_the_same_epoch_in_the_script(tmp_path):
    cfg = default_config("diabetes", epochs=60, batch_size=16, hidden=(32, 32), activation="relu", optimizer="adam",
                         lr=0.05, patience=2)
    script, core = run_script(cfg, tmp_path), core_records(cfg)
    assert_same(script, core)
    assert script[-1]["stopped_early"] and script[-1]["epoch"] < cfg.epochs
    assert script[-1]["best_epoch"] == core[-1]["best_epoch"]


@needs_mnist
@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_mnist_script_reproduces_core_records(model, tmp_path):
    cfg = default_config("mnist", model=model, epochs=2, batch_size=32, train_subset=320, test_subset=300,
                         log_every=3)
    script = run_script(cfg, tmp_path)
    assert_same(script, core_records(cfg))
    assert [r["kind"] for r in script].count("eval") == 2


@needs_mnist
def test_steps_budget_stops_after_that_many_iterations(tmp_path):
    cfg = default_config("mnist", log_every=2)  # the course's full settings; the script stops after 6 steps
    *script, end = run_script(cfg, tmp_path, steps=6)
    assert [r["step"] for r in script] == [2, 4, 6]
    assert end["reason"] == "steps" and end["step"] == 6 and "Stopped after 6 steps" in end["message"]
    torch.set_num_threads(1)
    first = itertools.islice(Training(cfg.replace(device="cpu")), 3)  # core's run, stopped after 3 records
    assert_same(script, list(first))


def test_script_imports_only_torch_numpy_and_the_standard_library():
    allowed = {"torch", "numpy"} | set(sys.stdlib_module_names)
    for cfg in (default_config("logistic"), default_config("titanic", loader="dataloader"),
                default_config("mnist", model="cnn"), default_config("diabetes", patience=5)):
        tree = ast.parse(export_script(cfg))
        names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
        names |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert names <= allowed, names - allowed
        assert "if __name__ == '__main__':" in export_script(cfg)


@pytest.mark.parametrize("model, title", [("mlp", "Chapter 9 · Softmax classifier on MNIST."),
                                          ("course-cnn", "Chapter 10 · The course's CNN on MNIST."),
                                          ("course-cnn-exercise", "Chapter 10 · The exercise network")])
def test_an_mnist_script_is_titled_by_the_network_it_trains(model, title):
    first = export_script(default_config("mnist", model=model)).splitlines()[0]
    assert first.startswith(f'"""{title}') and (model == "mlp" or "Chapter 9" not in first)


def test_script_carries_the_settings_it_was_made_from():
    script = export_script(default_config("mnist", lr=0.05, momentum=0.9, batch_size=128, epochs=3))
    assert "    lr=0.05," in script and "    momentum=0.9," in script and "    batch_size=128," in script
    assert "    epochs=3," in script and "    optimizer='sgd'," in script and "    model='mlp'," in script
    adam = export_script(default_config("diabetes", optimizer="adam", hidden=(5,)))
    assert "    optimizer='adam'," in adam and "    hidden=(5,)," in adam


@pytest.mark.parametrize("cfg", [default_config("logistic"), default_config("titanic", loader="dataloader"),
                                 default_config("mnist", model="cnn"), default_config("diabetes", patience=3)],
                         ids=["logistic", "titanic", "mnist", "diabetes"])
def test_script_is_core_s_own_source(cfg):
    """Every loop piece, the task's data and model code and the script's loop are core's functions, verbatim."""
    from core import loop, script
    from core.models import MLP, LogisticRegression, MnistCNN, MnistMLP
    from core.mnist import read_idx
    from core.stop_rules import EarlyStopping
    from core.tabular import read_passengers, split_indices

    text = export_script(cfg)
    expected = [loop.train_step, loop.tensor_batches, loop.epoch_loader, loop.score, loop.make_optimizer,
                EarlyStopping, script.train, script.log]
    expected += {"logistic": [LogisticRegression], "titanic": [read_passengers, split_indices, MLP],
                 "mnist": [read_idx, MnistCNN, MnistMLP], "diabetes": [split_indices, MLP]}[cfg.task]
    for item in expected:
        assert inspect.getsource(item).strip("\n") in text, item.__name__


def test_export_module_holds_no_code_in_strings():
    """core/export.py stitches real functions: none of its string constants is loop or data-loading code."""
    tree = ast.parse((ROOT / "core" / "export.py").read_text())
    strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    code_words = ("for epoch", "for iteration", "def ", "loadtxt", "DataLoader(", "backward()", "optimizer.step",
                  "read_idx(", "csv.DictReader", "np.fromfile")
    assert not [text for text in strings if any(word in text for word in code_words)]


def test_augmented_runs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="augmentation"):
        export_script(default_config("mnist", augment=True))


def test_cli_export_writes_a_script_that_compiles(tmp_path):
    target = tmp_path / "run.py"
    done = subprocess.run([sys.executable, "-m", "core", "export", "diabetes", "--hidden", "3", "--patience", "4",
                           "-o", str(target)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = target.read_text()
    compile(text, str(target), "exec")
    assert "    patience=4," in text and "    hidden=(3,)," in text
    bad = subprocess.run([sys.executable, "-m", "core", "export", "mnist", "--augment"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "augmentation" in bad.stderr and "Traceback" not in bad.stderr


def test_uploaded_table_script_reproduces_a_run_on_that_table(tmp_path):
    """A run on an uploaded table (RunConfig.data) exports a script that takes the table's CSV; given the CSV
    the page offers with it (core.upload.to_csv_bytes), it prints that run's records."""
    import numpy as np

    from core import upload
    from core.data import read_diabetes

    x, y = read_diabetes()
    rows = np.column_stack([y, x[:, :5]])  # label first, five features: the learner picks the label column
    raw = ("outcome;a;b;c;d;e\n" + "\n".join(";".join(f"{v:.9g}" for v in row) for row in rows)).encode()
    table = upload.register(upload.parse_csv(raw, label="outcome"))
    cfg = default_config("diabetes", data=table.id, epochs=4, batch_size=64, shuffle=True, hidden=(4,))
    script = export_script(cfg)
    assert "Your CSV" in script and script_name(cfg) == "torchplay_upload.py"
    csv_path = tmp_path / "mine.csv"
    csv_path.write_bytes(upload.to_csv_bytes(table, header=True))
    path = tmp_path / "torchplay_upload.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path), "--json", "--device", "cpu", "--data", str(csv_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PATH": os.environ.get("PATH", "/usr/bin"), "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    script_records = [json.loads(line) for line in done.stdout.splitlines()]
    assert_same(script_records, core_records(cfg))
    assert len(script_records) == len(core_records(cfg))


def test_sources_are_read_once_so_pages_exporting_at_once_never_parse_together(monkeypatch):
    """CPython 3.11's ast.parse is unsafe in two threads at once (inspect uses it for classes): each source is read
    once per process, and every later export only reuses it."""
    from core import export

    cfg = default_config("mnist", model="course-cnn")
    first = export.export_script(cfg)
    reads = []
    monkeypatch.setattr(inspect, "getsource", lambda item: reads.append(item) or "")
    with ThreadPoolExecutor(8) as pool:
        scripts = list(pool.map(lambda _: export.export_script(cfg), range(16)))
    assert reads == [] and set(scripts) == {first}
