"""Bad input and faults: a clear message, no traceback, and the learner's run and results kept."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from core.runner import RunnerState


def settings_script():
    """A page in miniature: a config from (possibly bad) settings, the slot's runner, its status."""
    import streamlit as st

    from ui import live

    fields = st.session_state.get("fields", {})
    cfg = live.checked_config("slot", "diabetes", n_train=st.session_state.get("n_train"), **fields)
    st.session_state["cfg"] = cfg
    runner = live.session_runner("slot", cfg)
    live.controls("slot", runner, cfg)
    live.status_line(runner.state())


def settings_app(**fields) -> AppTest:
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["fields"] = fields
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def wait_until(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


@pytest.mark.parametrize("fields, words", [
    ({"lr": 0.0}, "learning rate must be above 0 and at most 100 (got 0)"),
    ({"lr": -0.5}, "learning rate must be above 0 and at most 100 (got -0.5)"),
    ({"lr": float("nan")}, "learning rate must be above 0"),
    ({"epochs": 0}, "epochs must be a whole number from 1 to 100000 (got 0)"),
    ({"epochs": -3}, "(got -3)"),
    ({"batch_size": -1}, "batch size must be a positive whole number, or 0 for the full batch (got -1)"),
    ({"hidden": (0,)}, "1 to 64 units, and there are at most 4 layers (got 0)"),
    ({"hidden": (6, 0)}, "(got 6, 0)"),
    ({"momentum": 1.5}, "Momentum must be at least 0 and below 1"),
    ({"lr": "fast"}, "learning rate must be above 0"),
])
def test_a_bad_setting_is_explained_and_the_course_settings_stay(fields, words):
    app = settings_app(**fields)
    (error,) = app.error
    assert words in error.value and "current run and its results are kept" in error.value
    assert app.session_state["cfg"].lr == 0.1 and app.session_state["cfg"].epochs == 100  # the course's


def test_a_bad_setting_mid_run_keeps_the_run_and_its_results():
    app = settings_app(epochs=100_000)
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    wait_until(lambda: runner.state().step > 20)
    app.session_state["fields"] = {"epochs": 100_000, "lr": 0.0}  # e.g. a hand-edited link or a typo
    app.run()
    assert not app.exception
    assert "learning rate must be above 0" in app.error[0].value
    assert app.session_state["runners"]["slot"] is runner and runner.cfg.lr == 0.1
    steps = runner.state().step
    wait_until(lambda: runner.state().step > steps)  # still training, with its old settings
    assert runner.state().status == "running" and runner.state().of_kind("train")[0]["lr"] == 0.1
    app.session_state["fields"] = {"epochs": 100_000, "hidden": (0,)}
    app.run()
    assert "1 to 64 units" in app.error[0].value and runner.state().status == "running"
    runner.stop()


def test_a_batch_larger_than_the_data_is_pointed_out_and_trains_as_one_full_batch():
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["fields"] = {"batch_size": 5000, "epochs": 2}
    app.session_state["n_train"] = 569
    app.run()
    assert not app.error
    assert "batch size 5000 is larger than the 569 training samples" in app.info[0].value
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    wait_until(lambda: runner.state().status == "finished")
    assert [r["iterations_per_epoch"] for r in runner.state().of_kind("train")] == [1, 1]


def test_a_learning_rate_that_overshoots_on_diabetes_is_a_message_and_the_curve_stays():
    """Learning rate 10 with Adam on diabetes: the outputs saturate (BCE clamps, so never NaN); a warning says why."""
    app = settings_app(lr=10.0, optimizer="adam", epochs=30)
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    wait_until(lambda: runner.state().status == "finished", timeout=60)
    app.run()
    assert not app.exception
    (warning,) = app.warning
    assert "far above the 0.693 of a model that just guesses" in warning.value
    assert "learning rate 10 is too large" in warning.value
    assert len(runner.state().of_kind("eval")) == 30  # the whole curve stays to look at


def test_a_learning_rate_that_turns_the_loss_nan_is_a_message():
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["fields"] = {}
    app.run()
    from core.config import default_config
    from core.runner import Runner

    runner = Runner(default_config("linear", lr=100.0, epochs=1000, device="cpu"))
    app.session_state["runners"] = {"slot": runner}
    app.session_state["good-configs"] = {"slot": runner.cfg}
    runner.start()
    wait_until(lambda: runner.state().status == "diverged")
    app.run()
    assert not app.exception
    (error,) = app.error
    assert "Training diverged" in error.value and "learning rate 100 is too large" in error.value
    assert runner.state().of_kind("train")  # the records up to the blow-up are still there to plot


def test_a_good_run_gets_no_overshoot_warning():
    app = settings_app(epochs=30)
    app.button(key="slot-start").click()
    app.run()
    runner = app.session_state["runners"]["slot"]
    wait_until(lambda: runner.state().status == "finished", timeout=60)
    app.run()
    assert not app.warning and "Finished 30 epochs" in app.success[0].value


def test_messages_follow_the_language():
    app = AppTest.from_function(settings_script, default_timeout=60)
    app.session_state["lang"] = "zh"
    app.session_state["fields"] = {"lr": 0.0}
    app.run()
    assert "学习率必须大于 0" in app.error[0].value
    assert [b.label for b in app.button] == ["开始", "暂停", "单步", "停止", "重置"]


def status_script():
    import streamlit as st

    from ui import live

    live.status_line(st.session_state["state"])


def state(**changes) -> RunnerState:
    base = dict(status="starting", records=(), message="", config={"epochs": 3, "lr": 0.1}, last_eval=None,
                step=0, ahead=None)
    return RunnerState(**{**base, **changes})


@pytest.mark.parametrize("given, words", [
    (state(ahead=2), "queued (2 ahead)"),
    (state(status="running", step=40, ahead=0), "queued (0 ahead)**, step 40"),
    (state(status="running", step=4, records=({"kind": "train", "step": 4, "epoch": 2},)),
     "Status: **running** · step 4 · epoch 2"),
])
def test_the_status_line_shows_the_queue(given, words):
    app = AppTest.from_function(status_script, default_timeout=30)
    app.session_state["state"] = given
    app.run()
    assert words in app.caption[0].value


# ---------------------------------------------------------------- server settings
SERVER_SETTINGS = {
    "server.maxUploadSize": 20,
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.headless": True,
    "browser.gatherUsageStats": False,
    "client.showErrorDetails": "type",
    "client.toolbarMode": "viewer",
    "runner.postScriptGC": False,  # a forced full gc per rerun starved training threads of the GIL
}


def test_streamlit_reads_the_classroom_settings_from_the_repository():
    """What a server started in the repository really uses (a fresh interpreter reads .streamlit/config.toml)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    probe = ("import json; from streamlit import config; config.get_config_options(force_reparse=True); "
             f"print(json.dumps({{name: config.get_option(name) for name in {list(SERVER_SETTINGS)!r}}}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == SERVER_SETTINGS


# ---------------------------------------------------------------- drawn digits
def canvas(fill=(0, 0, 0, 255), size=280) -> "np.ndarray":
    import numpy as np

    return np.tile(np.array(fill, np.uint8), (size, size, 1))


def canvas_cases():
    import numpy as np

    dot = canvas()
    dot[140:146, 140:146] = 255  # one tap of the pen
    noise = np.random.default_rng(0).integers(0, 256, (280, 280, 4), dtype=np.uint8)
    noise[..., 3] = 255
    stroke_on_clear = canvas((0, 0, 0, 0))
    stroke_on_clear[60:220, 130:150] = 255  # a "1" in white on a transparent canvas
    return {
        "empty": (canvas(), True),
        "full white": (canvas((255, 255, 255, 255)), True),
        "transparent": (canvas((0, 0, 0, 0)), True),
        "white but transparent": (canvas((255, 255, 255, 0)), True),
        "one dot": (dot, False),
        "noise": (noise, False),
        "stroke on a transparent canvas": (stroke_on_clear, False),
    }


@pytest.fixture(scope="module")
def default_models():
    from core import defaults

    return {name: model.model for name, model in defaults.load_defaults().items()}


@pytest.mark.parametrize("name", list(canvas_cases()))
def test_odd_canvases_give_nothing_or_a_proper_distribution(name, default_models):
    """Nothing to read -> no prediction (the page shows "—"); anything else -> ten probabilities summing to 1."""
    import numpy as np

    from core import defaults
    from core.preprocess import preprocess

    image, empty = canvas_cases()[name]
    reading = preprocess(image)
    assert reading.is_empty == empty
    if empty:
        assert reading.tensor is None
        return
    assert reading.tensor.shape == (1, 28, 28) and bool(reading.tensor.isfinite().all())
    for probs in defaults.read_digit(default_models, reading.tensor).values():
        assert probs.shape == (10,) and np.isfinite(probs).all() and probs.sum() == pytest.approx(1, abs=1e-5)


# ---------------------------------------------------------------- data files and checkpoints
def broken_mnist(tmp_path, damage):
    """A data folder whose MNIST has one damaged file (the others link to the real ones)."""
    from core import data, mnist

    raw = mnist.raw_dir(tmp_path)
    raw.mkdir(parents=True)
    for name in mnist.RAW_MD5:
        (raw / name).symlink_to(mnist.raw_dir(data.DATA_DIR) / name)
    target = raw / "t10k-labels-idx1-ubyte"
    content = bytearray(target.read_bytes())
    target.unlink()
    if damage != "missing":
        target.write_bytes(damage(content))
    return tmp_path


def flip_one_byte(content: bytearray) -> bytes:
    content[5000] ^= 0x01  # a label changed from one digit to another: same size, only the MD5 can tell
    return bytes(content)


@pytest.mark.parametrize("damage", ["missing", lambda c: bytes(c[:1000]), flip_one_byte],
                         ids=["missing", "truncated", "altered"])
def test_a_damaged_mnist_file_is_named_with_the_fix_and_a_run_reports_it(tmp_path, monkeypatch, damage):
    from core import data
    from core.runner import Runner
    from tests.test_runner import wait_for

    root = broken_mnist(tmp_path, damage)
    with pytest.raises(ValueError, match=r"t10k-labels-idx1-ubyte.*python -m core.data fetch"):
        data.load_mnist(root)
    assert data.mnist_status(root)["files"]["t10k-labels-idx1-ubyte"]["ok"] is False
    monkeypatch.setattr(data, "DATA_DIR", root)  # what the app's runs read
    runner = Runner(default_config_mnist())
    runner.start()
    wait_for(lambda: runner.state().status == "error", timeout=30)
    assert "python -m core.data fetch" in runner.state().message


@pytest.mark.parametrize("lang, words", [("en", "MNIST is not ready"), ("zh", "MNIST 数据还没有准备好")])
def test_the_mnist_page_names_the_damaged_file_and_the_fix_in_the_learners_language(tmp_path, monkeypatch, lang, words):
    import streamlit as st

    from core import data
    from tests.test_share import open_link

    monkeypatch.setattr(data, "DATA_DIR", broken_mnist(tmp_path, "missing"))  # what the page loads from
    st.cache_resource.clear()  # the page keeps MNIST per process: a loaded copy would hide the damage
    app = open_link("pages/softmax_mnist.py", {"lang": lang})
    shown = " ".join(error.value for error in app.error)
    assert words in shown and "t10k-labels-idx1-ubyte" in shown and "python -m core.data fetch" in shown, shown


def default_config_mnist():
    from core.config import default_config

    return default_config("mnist", train_subset=64, test_subset=64, epochs=1, device="cpu")


class Payload:
    """What a hostile checkpoint would carry: unpickling it runs code."""

    def __reduce__(self):
        import os

        return (os.makedirs, (str(PWNED),))


PWNED = None


def test_a_hostile_checkpoint_is_refused_unopened_and_rebuilt(tmp_path):
    """torch.load(weights_only=True) never runs a pickle's code; the file counts as corrupt and is rebuilt."""
    import torch

    global PWNED
    from core import defaults
    from core.checkpoints import load_checkpoint

    PWNED = tmp_path / "code-ran"
    path = tmp_path / "mnist_mlp.pt"
    torch.save({"config": {}, "state_dict": Payload()}, path)
    with pytest.raises(ValueError, match="corrupt or incompatible"):
        load_checkpoint(path)
    assert not PWNED.exists()
    assert defaults.check("mnist_mlp", tmp_path).startswith("corrupt")
    assert not PWNED.exists()


# ---------------------------------------------------------------- no user input reaches code execution
SOURCES = ("app.py", "core", "ui", "pages", "deploy", "loadtest")


def python_files():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for source in SOURCES:
        path = root / source
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")) if path.is_dir() else [])


def risky_calls(tree) -> list[str]:
    """pickle, eval/exec, shells, and torch.load without weights_only=True, found in a module's syntax tree."""
    import ast

    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            found += [f"imports {n}" for n in names if n and n.split(".")[0] in ("pickle", "dill", "marshal", "shelve")]
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        keywords = {k.arg: k.value for k in node.keywords}
        if name in ("eval", "exec", "os.system", "os.popen", "__import__"):
            found.append(f"calls {name}")
        if "shell" in keywords and not (isinstance(keywords["shell"], ast.Constant) and not keywords["shell"].value):
            found.append(f"{name} with shell=")
        if name.endswith("torch.load"):
            only = keywords.get("weights_only")
            if not (isinstance(only, ast.Constant) and only.value is True):
                found.append(f"{name} without weights_only=True")
    return found


def test_no_pickle_eval_or_shell_anywhere_in_the_app():
    import ast

    problems = {str(path): risky_calls(ast.parse(path.read_text())) for path in python_files()}
    assert {path: found for path, found in problems.items() if found} == {}


def test_the_scan_finds_what_it_looks_for():
    import ast

    bad = ("import pickle\nfrom shelve import open\neval(x)\nos.system(x)\nsubprocess.run(x, shell=True)\n"
           "torch.load(p)\ntorch.load(p, weights_only=False)\n")
    assert sorted(risky_calls(ast.parse(bad))) == sorted([
        "imports pickle", "imports shelve", "calls eval", "calls os.system", "subprocess.run with shell=",
        "torch.load without weights_only=True", "torch.load without weights_only=True"])
    assert risky_calls(ast.parse("torch.load(p, weights_only=True)\nsubprocess.run([a, b])\n")) == []


def test_ui_live_leaves_pandas_whole_before_any_page_plots():
    """Plotly peeks at sys.modules["pandas"]; the first sessions of a fresh server crashed on a half-imported one."""
    import subprocess
    import sys
    from pathlib import Path

    probe = "import sys, ui.live; print(hasattr(sys.modules.get('pandas'), 'Series'))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "True", done.stderr


def replica_script():
    from ui import live

    live.replica_note()


def test_a_replica_names_itself_and_a_single_server_says_nothing(monkeypatch):
    monkeypatch.delenv("TORCHPLAY_REPLICA", raising=False)
    app = AppTest.from_function(replica_script, default_timeout=30)
    app.run()
    assert not app.caption
    monkeypatch.setenv("TORCHPLAY_REPLICA", "replica-2")
    app.run()
    assert "Served by **replica-2**" in app.caption[0].value


@pytest.mark.parametrize("args, words", [
    (["--lr", "0"], "learning rate must be above 0"),
    (["--lr", "-1"], "learning rate must be above 0"),
    (["--epochs", "0"], "epochs must be between 1 and 100000"),
    (["--hidden", "0"], "hidden layer widths must be whole numbers from 1 to 64"),
    (["--batch-size", "-5"], "batch size must be 0 (full batch) or positive"),
    (["--momentum", "1"], "momentum must be in [0, 1)"),
])
def test_the_command_line_refuses_bad_settings_in_one_line(args, words, capsys):
    from core.__main__ import main

    assert main(["train", "diabetes", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    (line,) = captured.err.strip().splitlines()
    assert words in line
