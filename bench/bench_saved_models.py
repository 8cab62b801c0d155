"""Saved models in the class store: what saving, listing and reading cost with a class of 100 models.

`python -m bench.bench_saved_models` prints, for the SQLite store (a temporary file, checkpoints in files beside
it) and the Redis store (a redis-server it starts on a free port, if /usr/bin/redis-server is there):
- save: median ms of core.saved_models.save of chapter 9's MLP checkpoint (2.3 MB: the default models/mnist_mlp.pt
  as bytes) into a class scope, while it fills up to 100 models (quota checks and the atomic write included);
- list: median ms of listing the 100 records (what /draw's picker and its 2 s poll read);
- read: median ms of reading one checkpoint's bytes, and load: of turning them into a model (weights_only);
and a JSON summary as the last line (also bench/results/saved_models.json).
"""

import json
import tempfile
from pathlib import Path

from bench.common import machine, median, save, store_urls, timed
from core import classroom, saved_models
from core.checkpoints import checkpoint_bytes, load_checkpoint, load_checkpoint_bytes
from core.store import ModelLimits, open_store

MODELS, REPEATS = 100, 15
ROOT = Path(__file__).resolve().parents[1]


def bench(store, data: bytes) -> dict:
    scope = saved_models.class_scope(classroom.create_class(store, "bench")[0])
    limits = ModelLimits(per_owner=MODELS, per_scope=MODELS, evict=False, total_bytes=MODELS * len(data) * 2)
    secret = saved_models.new_secret()
    saves = [timed(lambda: saved_models.save(store, scope, f"model-{i}", data, {"kind": "mlp"}, secret,
                                             limits=limits))[0] * 1000 for i in range(MODELS)]
    lists = [timed(lambda: saved_models.listing(store, scope))[0] * 1000 for _ in range(REPEATS)]
    assert len(saved_models.listing(store, scope)) == MODELS
    reads = [timed(lambda: saved_models.read(store, scope, "model-7"))[0] * 1000 for _ in range(REPEATS)]
    loads = [timed(lambda: load_checkpoint_bytes(data, "model-7"))[0] * 1000 for _ in range(REPEATS)]
    for i in range(MODELS):
        saved_models.delete(store, scope, f"model-{i}", secret)
    return {"save_ms": round(median(saves), 1), "list_100_ms": round(median(lists), 2),
            "read_ms": round(median(reads), 1), "load_ms": round(median(loads), 1)}


def main() -> None:
    started = machine()
    model, cfg, metrics = load_checkpoint(ROOT / "models" / "mnist_mlp.pt")
    data = checkpoint_bytes(model, cfg, metrics, in_features=784)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        with store_urls(Path(folder)) as urls:
            for name, url in urls.items():
                results[name] = bench(open_store(url), data)
                print(name, results[name], flush=True)
    summary = {"models": MODELS, "checkpoint_bytes": len(data), "repeats": REPEATS, **results}
    save("saved_models", summary, started)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
