"""Default checkpoints: built when missing, rebuilt when corrupt or stale, loaded with weights_only, reproducible;
their tuning-set figures come from bench, never from core."""

import ast
import importlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from bench import handwriting
from core import defaults
from core.__main__ import build_parser
from core.checkpoints import load_checkpoint
from core.config import default_config
from core.defaults import background, store
from core.defaults.cli import TerminalBar
from core.inference import read_digit

ROOT = Path(__file__).resolve().parent.parent
ONE_THREAD = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # same arithmetic order everywhere


@pytest.fixture(scope="module")
def ensure_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Budget defaults built once through the module's own CLI, as `make` does (one thread: reproducible)."""
    directory = tmp_path_factory.mktemp("models")
    result = subprocess.run([sys.executable, "-m", "core.defaults", "ensure", "--budget", "--dir", str(directory)],
                            cwd=ROOT, env=ONE_THREAD, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return directory, result


@pytest.fixture
def built(ensure_run) -> Path:
    return ensure_run[0]


def test_ensure_builds_missing_checkpoints_with_a_progress_bar_and_the_cli_command(ensure_run):
    built, result = ensure_run
    for name in defaults.NAMES:
        model, cfg, metrics = load_checkpoint(built / f"{name}.pt")
        assert cfg == defaults.recipes(budget=True)[name]
        assert not model.training
        assert 0.1 < metrics["test/acc"] <= 1.0 and metrics["epochs"] == 1
        assert metrics["steps"] == 32  # ceil(2000 / 64): the eval record's step, not a count of its own
        assert metrics["code"] == defaults.code_fingerprint()
        assert not [key for key in metrics if key.startswith(("tuning/", "heldout/"))]  # bench records those
    assert defaults.status(built, budget=True) == {"mnist_mlp": "ok", "mnist_cnn": "ok"}
    # tqdm redraws its line after a carriage return, which text mode reads as a line break
    assert re.search(r"^100%\|.*\| .*default models ready", result.stderr, re.M), result.stderr[-300:]
    assert re.search(r"^ *\d+%\|.*\| .*mnist_cnn: epoch 1/1, loss \d\.\d{3}", result.stderr, re.M)
    assert "python -m core train mnist --model cnn" in result.stderr
    assert "mnist_cnn  built (MNIST test" in result.stdout


def test_the_terminal_bar_shows_each_note_and_prints_logs_above_it():
    stream = io.StringIO()
    bar = TerminalBar(stream, mininterval=0)  # draw every update
    bar.log("mnist_cnn: missing; building it")
    bar(0.25, defaults.Note("epoch", "epoch {epoch}/{epochs}, loss {loss:.3f}", epoch=1, epochs=4, loss=0.5)
        .about("mnist_cnn"))
    bar(1.0, defaults.Note("ready", "default models ready"))
    bar.close()
    lines = stream.getvalue().split("\r")
    assert "mnist_cnn: missing; building it\n" in lines
    assert any(line.startswith(" 25%|") and line.endswith("mnist_cnn: epoch 1/4, loss 0.500") for line in lines), lines
    assert lines[-1].startswith("100%|") and lines[-1].rstrip().endswith("default models ready"), lines


def test_the_terminal_bar_stays_away_when_nothing_is_built():
    stream = io.StringIO()
    bar = TerminalBar(stream, mininterval=0)
    bar(1.0, defaults.Note("ready", "default models ready"))  # what ensure() reports when every model is there
    bar.close()
    assert stream.getvalue() == ""


def test_checkpoints_load_with_weights_only_true(built):
    for name in defaults.NAMES:
        payload = torch.load(built / f"{name}.pt", weights_only=True)  # raises if anything but tensors/plain data
        assert set(payload) >= {"config", "state_dict", "metrics"}
    loaded = defaults.load_defaults(built)
    assert [d.label for d in loaded.values()] == ["CNN", "MLP (course, ch. 9)"]
    probs = read_digit({n: d.model for n, d in loaded.items()}, torch.zeros(1, 28, 28))
    for p in probs.values():
        assert p.shape == (10,) and abs(float(p.sum()) - 1) < 1e-5


def test_the_printed_cli_command_trains_the_same_weights(built, tmp_path):
    cfg = defaults.recipes(budget=True)["mnist_mlp"]
    command = defaults.cli_command(cfg, tmp_path / "cli.pt")
    args = shlex.split(command)
    assert args[:3] == ["python", "-m", "core"]
    result = subprocess.run([sys.executable, *args[1:]], cwd=ROOT, env=ONE_THREAD, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    from_cli = torch.load(tmp_path / "cli.pt", weights_only=True)["state_dict"]
    from_ensure = torch.load(built / "mnist_mlp.pt", weights_only=True)["state_dict"]
    assert from_cli.keys() == from_ensure.keys()
    for key in from_cli:
        assert torch.equal(from_cli[key], from_ensure[key]), key


@pytest.mark.parametrize("name", defaults.NAMES)
def test_the_real_recipes_are_expressible_on_the_cli(name):
    cfg = defaults.RECIPES[name]
    args = build_parser().parse_args(shlex.split(defaults.cli_command(cfg, "x.pt"))[3:])
    fields = ("epochs", "lr", "batch_size", "momentum", "optimizer", "model", "seed", "device", "log_every",
              "train_subset", "test_subset", "augment", "shuffle")
    overrides = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    assert default_config("mnist", **overrides) == cfg
    assert cfg.augment  # the defaults must read drawn digits, not only MNIST


def test_a_corrupt_checkpoint_is_rebuilt_and_says_so(built, tmp_path):
    for name in defaults.NAMES:
        (tmp_path / f"{name}.pt").write_bytes((built / f"{name}.pt").read_bytes())
    (tmp_path / "mnist_mlp.pt").write_bytes(b"\x00 half a file")
    assert defaults.check("mnist_mlp", tmp_path, budget=True).startswith("corrupt")
    messages = []
    torch.set_num_threads(1)
    done = defaults.ensure(tmp_path, budget=True, log=messages.append)
    assert done["mnist_cnn"] == "ok" and done["mnist_mlp"].startswith("built")
    assert any("corrupt" in m and "building it" in m for m in messages)
    load_checkpoint(tmp_path / "mnist_mlp.pt")


def test_a_checkpoint_from_another_recipe_is_stale(built):
    assert defaults.check("mnist_cnn", built, budget=False).startswith("stale")
    assert defaults.check("mnist_cnn", built / "nowhere", budget=False) == "missing"


def test_the_code_fingerprint_follows_each_source_file_and_their_order(tmp_path):
    for name in defaults.SOURCES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    assert defaults.code_fingerprint(tmp_path) == defaults.code_fingerprint()
    seen = {defaults.code_fingerprint()}
    for name in defaults.SOURCES:
        source = (tmp_path / name).read_bytes()
        (tmp_path / name).write_bytes(source + b"\n")  # even a blank line: the build's code is not the same file
        seen.add(defaults.code_fingerprint(tmp_path))
        (tmp_path / name).write_bytes(source)
    assert len(seen) == len(defaults.SOURCES) + 1
    first, second = defaults.SOURCES[:2]  # two files' bytes swapped between them give another fingerprint
    (tmp_path / first).write_bytes((ROOT / second).read_bytes())
    (tmp_path / second).write_bytes((ROOT / first).read_bytes())
    assert defaults.code_fingerprint(tmp_path) not in seen


def test_a_checkpoint_from_other_training_code_is_stale_and_rebuilt(built, tmp_path, monkeypatch):
    for name in defaults.NAMES:
        (tmp_path / f"{name}.pt").write_bytes((built / f"{name}.pt").read_bytes())
    old = defaults.code_fingerprint()
    monkeypatch.setattr(store, "code_fingerprint", lambda: "0123456789abcdef")  # the code changed since
    assert defaults.check("mnist_mlp", tmp_path, budget=True) == (
        f"stale: training code changed (built by code {old}, now 0123456789abcdef)")
    monkeypatch.setattr(importlib.import_module("core.defaults.build"), "code_fingerprint", store.code_fingerprint)
    messages = []
    torch.set_num_threads(1)
    done = defaults.ensure(tmp_path, budget=True, log=messages.append)
    assert all(what.startswith("built") for what in done.values()), done
    assert any("stale: training code changed" in m and "building it" in m for m in messages), messages
    assert defaults.status(tmp_path, budget=True) == {"mnist_cnn": "ok", "mnist_mlp": "ok"}
    assert load_checkpoint(tmp_path / "mnist_mlp.pt")[2]["code"] == "0123456789abcdef"


def test_a_checkpoint_without_a_code_fingerprint_is_stale(built, tmp_path):
    payload = torch.load(built / "mnist_cnn.pt", weights_only=True)
    del payload["metrics"]["code"]  # as built before checkpoints recorded their code
    torch.save(payload, tmp_path / "mnist_cnn.pt")
    assert defaults.check("mnist_cnn", tmp_path, budget=True).startswith(
        "stale: training code changed (built by code older than fingerprints")


def test_the_fingerprint_covers_every_core_module_a_build_imports(tmp_path):
    """A module the build runs is fingerprinted, or named here with the reason its changes leave the weights alone."""
    leave_weights_alone = {
        "core", "core.tasks",  # packages; core.tasks only picks the task module
        "core.checkpoints",  # the file format: a file it cannot load is corrupt, and rebuilt
        "core.pool",  # when training threads get the CPU (the GIL switch interval), not what they compute
        "core.inference", "core.softmax",  # evaluation and the probe digits: the records, not the weights
        "core.tabular",  # the data folder's name; the MNIST files are checked by their MD5s
        "core.defaults", "core.defaults.background", "core.defaults.loading", "core.defaults.notes",
        "core.defaults.store",  # where the files go and when to build, not how
        "core.tasks.back_propagation", "core.tasks.gradient_descent", "core.tasks.linear_regression",
        "core.tasks.diabetes", "core.tasks.linear", "core.tasks.logistic", "core.tasks.table", "core.tasks.titanic",
        "core.tasks.uploaded", "core.upload",  # the other tasks, imported by the task registry
        "core.advanced_cnn",  # lecture 11's networks: the MNIST task imports them, no default model is one
    }
    code = (f"import sys\nfrom pathlib import Path\nfrom core import defaults\n"
            f"for name, cfg in defaults.recipes(budget=True).items():\n"
            f"    defaults.build(name, Path({str(tmp_path)!r}) / f'{{name}}.pt', cfg)\n"
            f"print(' '.join(m for m in sys.modules if m == 'core' or m.startswith('core.')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ONE_THREAD, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    imported = set(done.stdout.split())
    fingerprinted = {name.removesuffix(".py").replace("/", ".") for name in defaults.SOURCES}
    assert imported - fingerprinted - leave_weights_alone == set()
    assert fingerprinted <= imported  # none listed that a build does not run
    assert not (fingerprinted & leave_weights_alone)


def test_budget_mode_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(defaults.BUDGET_ENV, "1")
    assert defaults.recipes()["mnist_cnn"].train_subset == defaults.BUDGET["train_subset"]
    monkeypatch.setenv(defaults.BUDGET_ENV, "0")
    assert defaults.recipes()["mnist_cnn"] == defaults.RECIPES["mnist_cnn"]


def test_background_build_reports_errors_and_can_retry(monkeypatch, tmp_path):
    outcomes = [RuntimeError("disk full"), None]

    def fake_ensure(directory, budget=None, progress=None, log=None):
        progress(0.3, "halfway")
        outcome = outcomes.pop(0)
        if outcome:
            raise outcome

    monkeypatch.setattr(background, "ensure", fake_ensure)
    build = defaults.BackgroundBuild(tmp_path)
    build.start()
    build._thread.join(5)
    assert build.error == "RuntimeError: disk full" and not build.running
    build.start()
    build._thread.join(5)
    assert build.error is None and build.fraction == 0.3


def test_saved_models_that_are_not_digit_readers_are_refused():
    from core.checkpoints import checkpoint_bytes, load_checkpoint_bytes
    from core.models import LogisticRegression

    loaded = load_checkpoint_bytes(checkpoint_bytes(LogisticRegression(), default_config("logistic")), "hours")
    with pytest.raises(ValueError, match="hours is a logistic model, not an MNIST digit reader"):
        defaults.digit_reader(loaded, "hours")


def test_core_never_imports_bench():
    """The tuning set lives in bench; core may name bench scripts in comments, never import them."""
    imports = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            imports += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] == "bench"]
    assert imports == []


def test_bench_records_the_tuning_figures_in_the_checkpoints_once(built, tmp_path, monkeypatch):
    for name in defaults.NAMES:
        (tmp_path / f"{name}.pt").write_bytes((built / f"{name}.pt").read_bytes())
    small = handwriting.make_set(0, per_digit=2, fonts=False)  # 20 digits: seconds, same code path
    monkeypatch.setattr(handwriting, "make_set", lambda seed: small)
    done = handwriting.record(tmp_path)
    for name in defaults.NAMES:
        model, cfg, metrics = load_checkpoint(tmp_path / f"{name}.pt")
        expected = handwriting.tuning_metrics(model, *small)
        assert {k: metrics[k] for k in expected} == expected == {k: done[name][k] for k in expected}
        assert metrics["tuning/n"] == 20 and metrics["tuning/set"] == handwriting.tuning_set_id()
        assert metrics["test/acc"] == load_checkpoint(built / f"{name}.pt")[2]["test/acc"]  # the rest is kept
        before = torch.load(built / f"{name}.pt", weights_only=True)
        after = torch.load(tmp_path / f"{name}.pt", weights_only=True)
        assert after["config"] == before["config"]
        assert all(torch.equal(after["state_dict"][k], v) for k, v in before["state_dict"].items())
    stamps = [(tmp_path / f"{name}.pt").stat().st_mtime_ns for name in defaults.NAMES]
    monkeypatch.setattr(handwriting, "make_set", lambda seed: pytest.fail("an up-to-date checkpoint was rescored"))
    assert handwriting.record(tmp_path) == done
    assert [(tmp_path / f"{name}.pt").stat().st_mtime_ns for name in defaults.NAMES] == stamps


def test_recording_tuning_figures_without_checkpoints_says_how_to_build_them(tmp_path, capsys):
    assert handwriting.main(["record", "--dir", str(tmp_path)]) == 1
    assert "python -m core.defaults ensure" in capsys.readouterr().err


@pytest.mark.slow
def test_the_real_defaults_read_the_drawn_tuning_set(tmp_path):
    """Minutes on a laptop CPU: the recipes as `make` builds them (their MNIST targets: test_model_quality.py)."""
    defaults.ensure(tmp_path, budget=False)
    figures = handwriting.record(tmp_path)
    assert figures["mnist_cnn"]["tuning/acc"] >= 0.95
