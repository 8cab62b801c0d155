"""Each fact about a task lives in its task module: shared code never keys a dict by a task's name or compares a
task with one (`task == "mnist"`, `kind in ("diabetes", "titanic")`); it asks the task module (core.tasks)."""

import ast
from pathlib import Path

import pytest

from core.tasks import TASKS, UPLOADED

ROOT = Path(__file__).resolve().parents[1]
NAMES = frozenset({"logistic", "linear", "diabetes", "titanic", "mnist", *TASKS, UPLOADED.name})
SHARED = ("core", "ui", "pages", "app.py")
OWN_HOME = ROOT / "core" / "tasks"  # the task modules themselves


def shared_files() -> list[Path]:
    files = []
    for top in SHARED:
        paths = [ROOT / top] if top.endswith(".py") else sorted((ROOT / top).rglob("*.py"))
        files += [path for path in paths if OWN_HOME not in path.parents]
    return files


def task_name(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and node.value in NAMES else None


def spelled_out(source: str) -> list[tuple[int, str]]:
    """(line, what) for each task name used as a dict key or compared with (==, !=, in, not in a literal)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            found += [(key.lineno, f"dict key {name!r}") for key in node.keys if (name := task_name(key))]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            found += [(node.lineno, f"dict key {k.arg!r}") for k in node.keywords if k.arg in NAMES]
        elif isinstance(node, ast.Compare):
            for op, left, right in zip(node.ops, [node.left, *node.comparators], node.comparators):
                if isinstance(op, (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)):
                    names = [name for side in (left, right) if (name := task_name(side))]
                elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)):
                    names = [name for item in right.elts if (name := task_name(item))]
                else:
                    names = []
                found += [(node.lineno, f"compared with {name!r}") for name in names]
    return found


@pytest.mark.parametrize("snippet, what", [
    ('SETTINGS = {"mnist": ("lr",)}', "dict key 'mnist'"),
    ('DEFAULTS = dict(titanic=1)', "dict key 'titanic'"),
    ('if cfg.task == "diabetes":\n    pass', "compared with 'diabetes'"),
    ('ok = "logistic" != task', "compared with 'logistic'"),
    ('ok = kind in ("upload", "other")', "compared with 'upload'"),
    ('ok = a < b == "linear"', "compared with 'linear'"),
])
def test_the_check_finds_each_way_of_spelling_a_task_out(snippet, what):
    assert [what for _, what in spelled_out(snippet)] == [what]


@pytest.mark.parametrize("snippet", [
    'cfg = default_config("mnist")',  # a page naming the task it trains is that page's own fact
    'table["diabetes"] = y',  # a column called diabetes
    'kind = "log" if log_x else "linear"',
    'SETTINGS = {"lr": 1}',
    'ok = task in TAKES_UPLOADS',
])
def test_the_check_leaves_other_uses_alone(snippet):
    assert spelled_out(snippet) == []


def test_no_task_name_is_a_dict_key_or_compared_outside_the_task_modules():
    found = [f"{path.relative_to(ROOT)}:{line}: {what}" for path in shared_files()
             for line, what in spelled_out(path.read_text(encoding="utf-8"))]
    assert found == [], ("a per-task fact belongs in its module in core/tasks/ (see core/tasks/base.py):\n"
                         + "\n".join(found))


def test_the_check_reads_the_shared_code_and_not_the_task_modules():
    names = {str(path.relative_to(ROOT)) for path in shared_files()}
    assert {"app.py", "core/config.py", "ui/compare.py", "pages/home.py"} <= names
    assert not any(name.startswith("core/tasks/") for name in names)
