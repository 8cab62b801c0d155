"""No user input reaches code execution: no pickle, eval/exec or shell anywhere in the app."""

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
