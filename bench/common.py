"""What every benchmark shares: the machine it ran on, medians, and one JSON file per benchmark in bench/results/."""

import contextlib
import json
import os
import platform
import statistics
import time
from pathlib import Path

import torch

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    """The CPU, cores, memory, torch build and threads; the load average says how busy the shared machine was."""
    model = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor() or "unknown CPU")
    mem_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "cuda": torch.cuda.is_available(),
            "load_average": list(os.getloadavg())}


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def median(values) -> float:
    return statistics.median(values)


def timed(run) -> tuple[float, object]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def save(name: str, result: dict, started_machine: dict) -> Path:
    """Write bench/results/<name>.json with the machine before and the load average after the run."""
    RESULTS_DIR.mkdir(exist_ok=True)
    result = {"benchmark": name, "finished_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
              "machine": started_machine, "load_average_after": list(os.getloadavg()), **result}
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=1))
    return path


@contextlib.contextmanager
def store_urls(folder: Path):
    """{"sqlite": a store file in `folder`, "redis": a redis-server started for the benchmark (where installed)}."""
    from deploy.replicas import REDIS_SERVER, start_redis

    urls = {"sqlite": f"sqlite:///{folder}/classroom.sqlite3"}
    server = None
    if Path(REDIS_SERVER).exists():
        server, urls["redis"] = start_redis(Path(folder) / "redis", appendonly=False)
    try:
        yield urls
    finally:
        if server is not None:
            server.terminate()
            server.wait()
