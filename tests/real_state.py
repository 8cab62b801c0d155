"""A test session on tmp state, and the guard that it left the real models, data and class store as they were.

tests/conftest.py calls use_tmp_state() in pytest_configure, before any test, server or subprocess starts, so all of
them inherit the tmp folders whatever the shell said; it snapshots the real state then and compares it at the end.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

CACHES = {"__pycache__", ".pytest_cache"}  # Python's and pytest's caches are not state
REPORTS = {".log", ".png", ".json", ".txt", ".xml"}  # what a test (or pytest, junit.xml) may leave in test-artifacts/


def sqlite_file(url: str) -> Path | None:
    """The file an sqlite:///PATH store URL names (None for any other URL)."""
    if not url.strip().startswith("sqlite://"):
        return None
    return Path("/" + url.strip().removeprefix("sqlite://").lstrip("/"))


def real_state(root: Path, environ) -> list[Path]:
    """What tests must leave alone: <root>/models, <root>/data, and what the shell's TORCHPLAY_MODELS,
    TORCHPLAY_DATA and sqlite TORCHPLAY_STORE name (with SQLite's -wal, -shm and -journal files)."""
    paths = [root / "models", root / "data"]
    paths += [Path(environ[name]) for name in ("TORCHPLAY_MODELS", "TORCHPLAY_DATA") if environ.get(name)]
    store = sqlite_file(environ.get("TORCHPLAY_STORE", ""))
    if store is not None:
        paths += [store] + [store.with_name(store.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    return list(dict.fromkeys(path.resolve() for path in paths))


def use_tmp_state(session_dir: Path, root: Path) -> None:
    """Point this process's environment, and so every server and subprocess it starts, at tmp state in
    `session_dir`: copies of the default checkpoints and of the data set-up put in place, and the class store
    next to those models. TORCHPLAY_STORE is unset rather than set, so that `Replicas` still starts its own
    redis-server as `make serve-replicas` does."""
    assert "core.tabular" not in sys.modules, "core.tabular reads $TORCHPLAY_DATA at import: set it before"
    models = Path(os.environ.get("TORCHPLAY_MODELS") or root / "models")
    data = Path(os.environ.get("TORCHPLAY_DATA") or root / "data")
    os.environ["TORCHPLAY_MODELS"] = str(session_dir / "models")
    os.environ["TORCHPLAY_DATA"] = str(session_dir / "data")
    os.environ.pop("TORCHPLAY_STORE", None)

    from core import mnist, tabular
    from core.defaults.recipes import NAMES

    # Only what set-up builds or fetches: never a user's saved models (models/user/) or the class store.
    copy_files(models, session_dir / "models", [f"{name}.pt" for name in NAMES])
    copy_files(data, session_dir / "data", [tabular.DIABETES_FILE, tabular.TITANIC_FILE])
    raw = mnist.raw_dir(Path())
    copy_files(data / raw, session_dir / "data" / raw, list(mnist.RAW_MD5))


def copy_files(source: Path, target: Path, names: list[str]) -> None:
    """Copy those of `names` that exist in `source` into `target` (copies: a test may rewrite them in place)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (source / name).is_file():
            shutil.copyfile(source / name, target / name)


def snapshot(paths: list[Path]) -> dict[str, str]:
    """Path -> 'folder' or 'SIZE bytes, sha256 HEX' for every folder and file under `paths` (a file stands for
    itself; a path that does not exist adds nothing)."""
    seen = {}
    for top in paths:
        if top.is_file():
            seen[str(top)] = file_fingerprint(top)
        for folder, _, files in os.walk(top):
            seen[folder] = "folder"
            for name in files:
                path = os.path.join(folder, name)
                try:
                    seen[path] = file_fingerprint(Path(path))
                except FileNotFoundError:  # gone while we looked (an SQLite -shm file, say): absent
                    continue
    return seen


def file_fingerprint(path: Path) -> str:
    with open(path, "rb") as handle:
        return f"{os.fstat(handle.fileno()).st_size} bytes, sha256 {hashlib.file_digest(handle, 'sha256').hexdigest()}"


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per path that changed, appeared or disappeared between two snapshots, in path order."""
    lines = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            lines.append(f"gone     {path}")
        elif path not in before:
            lines.append(f"new      {path}  ({after[path]})")
        elif before[path] != after[path]:
            lines.append(f"changed  {path}  ({before[path]} -> {after[path]})")
    return lines


def untracked(root: Path) -> set[str]:
    """Untracked and ignored entries of the git checkout at `root` (git status --ignored), caches left out; empty
    when `root` is not a git checkout. A new file in test-artifacts/ shows there as that folder: see reports()."""
    done = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain", "--ignored"], cwd=root,
                          capture_output=True, text=True)
    if done.returncode != 0:
        return set()
    entries = {line[3:] for line in done.stdout.splitlines() if line[:2] in ("??", "!!")}
    return {entry for entry in entries if not CACHES & set(entry.rstrip("/").split("/")) and not entry.endswith(".pyc")}


def reports(folder: Path) -> set[str]:
    """The top-level entries of test-artifacts/ (folders with a trailing slash)."""
    if not folder.is_dir():
        return set()
    return {entry.name + "/" if entry.is_dir() else entry.name for entry in folder.iterdir()}


def left_behind(before: set[str], after: set[str], reports_before: set[str], reports_after: set[str],
                artifacts: str = "test-artifacts/") -> list[str]:
    """What a run left in the checkout: new untracked or ignored entries outside `artifacts`, and anything new in
    `artifacts` that is not a report file (a log, screenshot, JSON or text file), such as a run folder or a
    database."""
    outside = [entry for entry in sorted(after - before) if not entry.startswith(artifacts)]
    inside = [artifacts + entry for entry in sorted(reports_after - reports_before)
              if entry.rstrip("/") not in CACHES and (entry.endswith("/") or Path(entry).suffix not in REPORTS)]
    return outside + inside
