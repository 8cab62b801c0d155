"""The suite's own state: it runs on tmp copies, and its guard sees any change to the real models, data or store."""

import json
import os
import subprocess
import sys
from pathlib import Path

from core import tabular
from core.checkpoints import models_dir
from tests import real_state

ROOT = Path(__file__).resolve().parents[1]


def test_this_session_runs_on_tmp_state(tmp_path):
    assert not models_dir().is_relative_to(ROOT) and not tabular.DATA_DIR.is_relative_to(ROOT)
    assert os.environ["TORCHPLAY_STORE"] == f"sqlite:///{tmp_path / 'classroom.sqlite3'}"  # store_in_tmp's
    assert (models_dir() / "mnist_cnn.pt").is_file() and (models_dir() / "mnist_mlp.pt").is_file()  # set-up's, copied


def test_a_snapshot_sees_changed_new_and_gone_files_and_folders_but_not_a_touch(tmp_path):
    (tmp_path / "models" / "user").mkdir(parents=True)
    (tmp_path / "models" / "mnist_cnn.pt").write_bytes(b"weights")
    (tmp_path / "models" / "user" / "keep-me.pt").write_bytes(b"mine")
    (tmp_path / "models" / "touched.pt").write_bytes(b"same")
    (tmp_path / "classroom.sqlite3").write_bytes(b"classes")
    watched = [tmp_path / "models", tmp_path / "classroom.sqlite3", tmp_path / "nowhere"]
    before = real_state.snapshot(watched)
    assert real_state.changes(before, real_state.snapshot(watched)) == []

    (tmp_path / "models" / "mnist_cnn.pt").write_bytes(b"weightz")  # same size, other bytes
    (tmp_path / "models" / "user" / "keep-me.pt").rename(tmp_path / "models" / "user" / "moved.pt")
    (tmp_path / "models" / "user" / "imported").mkdir()
    os.utime(tmp_path / "models" / "touched.pt", (1, 1))  # a new time, the same bytes
    (tmp_path / "classroom.sqlite3").write_bytes(b"classes and more")
    (tmp_path / "nowhere").write_bytes(b"x")  # a watched path that did not exist
    lines = real_state.changes(before, real_state.snapshot(watched))
    assert [line.split()[:2] for line in lines] == [
        ["changed", str(tmp_path / "classroom.sqlite3")],
        ["changed", str(tmp_path / "models" / "mnist_cnn.pt")],
        ["new", str(tmp_path / "models" / "user" / "imported")],
        ["gone", str(tmp_path / "models" / "user" / "keep-me.pt")],
        ["new", str(tmp_path / "models" / "user" / "moved.pt")],
        ["new", str(tmp_path / "nowhere")],
    ]
    assert "(7 bytes, sha256 " in lines[1] and " -> 7 bytes, sha256 " in lines[1]


def test_the_real_state_is_the_repos_models_and_data_and_what_the_shell_names(tmp_path):
    environ = {"TORCHPLAY_MODELS": str(tmp_path / "m"), "TORCHPLAY_STORE": f"sqlite:///{tmp_path}/c.sqlite3"}
    assert real_state.real_state(tmp_path, environ) == [
        tmp_path / "models", tmp_path / "data", tmp_path / "m", tmp_path / "c.sqlite3", tmp_path / "c.sqlite3-wal",
        tmp_path / "c.sqlite3-shm", tmp_path / "c.sqlite3-journal"]
    assert real_state.real_state(tmp_path, {"TORCHPLAY_STORE": "redis://127.0.0.1:6379/0"}) == [
        tmp_path / "models", tmp_path / "data"]
    assert real_state.sqlite_file("sqlite:////srv/class.sqlite3") == Path("/srv/class.sqlite3")


def test_a_run_may_leave_reports_in_test_artifacts_and_nothing_else(tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "core").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=checkout, check=True)
    (checkout / ".gitignore").write_text("test-artifacts/\nmodels/\n__pycache__/\n")
    (checkout / "core" / "m.py").write_text("")
    (checkout / "test-artifacts").mkdir()
    (checkout / "test-artifacts" / "old.log").write_text("")
    before = real_state.untracked(checkout), real_state.reports(checkout / "test-artifacts")

    for name in ("server.log", "FAILED-x.png", "latency.json"):
        (checkout / "test-artifacts" / name).write_text("")
    (checkout / "test-artifacts" / "replicas-8501").mkdir()
    (checkout / "test-artifacts" / "replicas-8501" / "redis.log").write_text("")
    (checkout / "test-artifacts" / "loadtest.sqlite3").write_text("")
    (checkout / "models").mkdir()
    (checkout / "models" / "classroom.sqlite3").write_text("")
    (checkout / "stray.sqlite3").write_text("")
    (checkout / "core" / "__pycache__").mkdir()  # caches are not state
    (checkout / "test-artifacts" / ".pytest_cache").mkdir()  # pytest.ini's cache_dir
    (checkout / "core" / "__pycache__" / "m.cpython-311.pyc").write_text("")
    after = real_state.untracked(checkout), real_state.reports(checkout / "test-artifacts")
    assert real_state.left_behind(before[0], after[0], before[1], after[1]) == [
        "models/", "stray.sqlite3", "test-artifacts/loadtest.sqlite3", "test-artifacts/replicas-8501/"]
    (tmp_path / "plain").mkdir()
    assert real_state.untracked(tmp_path / "plain") == set()  # not a git checkout: nothing to compare


def test_the_tmp_state_copies_what_set_up_made_and_never_a_users_models_or_store(tmp_path):
    """In a fresh process, as pytest_configure runs it: before core.tabular reads $TORCHPLAY_DATA."""
    shell = tmp_path / "shell"
    (shell / "models" / "user").mkdir(parents=True)
    for name in ("mnist_cnn.pt", "mnist_mlp.pt", "user/keep-me.pt", "classroom.sqlite3", ".ensure.lock"):
        (shell / "models" / name).write_bytes(name.encode())
    (shell / "data" / "MNIST" / "raw").mkdir(parents=True)
    for name in ("titanic.csv", "diabetes.csv.gz", "README.md", "MNIST/raw/t10k-labels-idx1-ubyte"):
        (shell / "data" / name).write_bytes(name.encode())
    code = """if True:
        import json, os, sys
        from pathlib import Path
        from tests import real_state
        real_state.use_tmp_state(Path(sys.argv[1]), Path(sys.argv[2]))
        from core import tabular
        files = sorted(str(p.relative_to(sys.argv[1])) for p in Path(sys.argv[1]).rglob("*") if p.is_file())
        print(json.dumps({"files": files, "data_dir": str(tabular.DATA_DIR), "env": {k: os.environ.get(k) for k in
              ("TORCHPLAY_MODELS", "TORCHPLAY_DATA", "TORCHPLAY_STORE")}}))
    """
    session = tmp_path / "session"
    session.mkdir()
    env = {**os.environ, "TORCHPLAY_MODELS": str(shell / "models"), "TORCHPLAY_DATA": str(shell / "data"),
           "TORCHPLAY_STORE": f"sqlite:///{shell / 'models' / 'classroom.sqlite3'}"}
    done = subprocess.run([sys.executable, "-c", code, str(session), str(tmp_path / "repo")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert said["files"] == ["data/MNIST/raw/t10k-labels-idx1-ubyte", "data/diabetes.csv.gz", "data/titanic.csv",
                             "models/mnist_cnn.pt", "models/mnist_mlp.pt"]
    assert (session / "models" / "mnist_cnn.pt").read_bytes() == b"mnist_cnn.pt"
    assert said["env"] == {"TORCHPLAY_MODELS": str(session / "models"), "TORCHPLAY_DATA": str(session / "data"),
                           "TORCHPLAY_STORE": None}
    assert said["data_dir"] == str(session / "data")
