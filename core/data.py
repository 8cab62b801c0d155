"""Where the data lives and how to get it: MNIST, the two course tables, the chapter-6 toy data.

CLI: `python -m core.data fetch [--root DIR]` fetches and verifies MNIST and checks the committed tables;
`python -m core.data status [--root DIR]` says what is ready.
"""

import argparse
import collections
import sys
import time
from pathlib import Path


from core import mnist, tabular
from core.mnist import MNIST_MEAN, MNIST_STD, FetchError, FetchReport, MnistTensors  # noqa: F401 (re-exported)
# core.tabular owns the data folder rule ($TORCHPLAY_DATA, else <repo>/data) since it cannot import this module.
from core.tabular import DATA_DIR, load_diabetes, load_titanic, read_diabetes, read_titanic  # noqa: F401


def load_mnist(root=None) -> MnistTensors:
    """Both MNIST splits as normalised tensors, read once per process (root defaults to DATA_DIR)."""
    return mnist.load_mnist(DATA_DIR if root is None else root)


def mnist_status(root=None) -> dict:
    """Per-file presence/MD5 and overall readiness of MNIST under root (default DATA_DIR)."""
    return mnist.mnist_status(DATA_DIR if root is None else root)


def fetch_mnist(root=None, sources=None, progress: bool = True) -> FetchReport:
    """Fetch and verify the MNIST raw files under root (default DATA_DIR); see core.mnist.fetch_mnist."""
    return mnist.fetch_mnist(DATA_DIR if root is None else root, sources=sources, progress=progress)


def table_problems(root=None) -> dict[str, str]:
    """Committed table file name -> why it cannot be read; empty when both tables are fine."""
    problems = {}
    for filename, read in ((tabular.DIABETES_FILE, read_diabetes), (tabular.TITANIC_FILE, read_titanic)):
        try:
            read(DATA_DIR if root is None else root)
        except ValueError as error:
            problems[filename] = str(error)
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.data", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("fetch", "status"))
    parser.add_argument("--root", type=Path, default=DATA_DIR, help=f"data directory (default {DATA_DIR})")
    args = parser.parse_args(argv)
    if args.command == "status":
        status = mnist.mnist_status(args.root)
        for name, f in status["files"].items():
            state = "ok" if f["ok"] else ("corrupt" if f["present"] else "missing")
            print(f"{state:<8} MNIST/raw/{name}  (MD5 {f['md5']})")
        problems = table_problems(args.root)
        for filename in (tabular.DIABETES_FILE, tabular.TITANIC_FILE):
            print(f"{'broken' if filename in problems else 'ok':<8} {problems.get(filename, filename)}")
        ready = status["ready"] and not problems
        print(f"data {'ready' if ready else 'NOT ready'} in {args.root}")
        return 0 if ready else 1
    started = time.perf_counter()
    try:
        report = mnist.fetch_mnist(args.root)
    except (FetchError, OSError) as error:
        print(f"error: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    if problems := table_problems(args.root):
        print(f"error: {' '.join(' '.join(problems.values()).split())}", file=sys.stderr)
        return 1
    counts = collections.Counter(report.fetched.values())
    fetched = ", ".join(f"{count} file(s) from {source}" for source, count in counts.items()) or "nothing"
    print(f"data ready in {args.root} (MNIST fetched: {fetched}; {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
