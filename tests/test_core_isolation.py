"""core/ is computation only: importing any of it must not pull in the UI libraries."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_LIBRARIES = ("streamlit", "plotly")

# A fresh interpreter, so nothing the test session imported counts; reports the first module that pulls one in.
PROBE = f"""
import importlib, json, pkgutil, sys
import core
found = {{}}
for module in pkgutil.walk_packages(core.__path__, "core."):
    importlib.import_module(module.name)
    for library in {UI_LIBRARIES!r}:
        if library in sys.modules:
            found.setdefault(library, module.name)
print(json.dumps({{"found": found, "modules": sorted(m for m in sys.modules if m.startswith("core."))}}))
"""


def test_core_never_imports_ui_libraries():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["found"] == {}, f"first core module that imports each UI library: {result['found']}"
    assert "core.data" in result["modules"] and "core.mnist" in result["modules"]
