"""No import circle among the project's modules, lazy (function-level) imports included.

A circle works only while nothing takes a name from a half-imported module; this keeps the graph one-way.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("core", "ui", "pages", "deploy", "loadtest", "bench", "app.py")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_files(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the project (a package by its __init__)."""
    files = {}
    for top in PROJECT:
        paths = [root / top] if top.endswith(".py") else sorted((root / top).rglob("*.py"))
        for path in paths:
            files[module_name(path, root)] = path
    return files


def imported_names(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    """Every dotted name an import node anywhere in the module asks for (`from a import b` gives a and a.b)."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            source = ".".join([*base, *([node.module] if node.module else [])])
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules importing it runs: the target and each package above it, except the
    importer's own packages (Python has already started those before the importer runs)."""
    files = project_files(root)
    graph = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1 + is_package)}
        edges = set()
        for dotted in imported_names(ast.parse(path.read_text(encoding="utf-8")), name, is_package):
            parts = dotted.split(".")
            edges.update(target for target in (".".join(parts[:i]) for i in range(1, len(parts) + 1))
                         if target in files and target not in own and target != name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as [a, b, ..., a], or None; depth-first, in name order so the report is stable."""
    state = {}  # name -> "open" while on the current path, "done" once all it reaches is cycle-free
    path = []

    def visit(name):
        state[name] = "open"
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[name] = "done"
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_graph_sees_lazy_and_package_imports(tmp_path):
    (tmp_path / "core" / "tasks").mkdir(parents=True)
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "tasks" / "__init__.py").write_text("from core.tasks import one\n")
    (tmp_path / "core" / "tasks" / "one.py").write_text("from core.tasks import two\n")
    (tmp_path / "core" / "tasks" / "two.py").write_text("import core.models\n")
    (tmp_path / "core" / "models.py").write_text("def build():\n    from core.tasks import one\n")
    for top in PROJECT[1:-1]:
        (tmp_path / top).mkdir()
    (tmp_path / "app.py").write_text("")
    graph = import_graph(tmp_path)
    assert graph["core.tasks"] == {"core.tasks.one"}  # its own package is not an edge
    assert graph["core.tasks.one"] == {"core.tasks.two"}
    assert graph["core.models"] == {"core.tasks", "core.tasks.one"}  # the lazy import counts, package included
    assert find_cycle(graph) == ["core.models", "core.tasks", "core.tasks.one", "core.tasks.two", "core.models"]
    (tmp_path / "core" / "models.py").write_text("def build():\n    return 1\n")
    assert find_cycle(import_graph(tmp_path)) is None
