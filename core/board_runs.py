"""A run as a class board holds it: the summary of a finished run, and the lecturer's run as it trains.

Pure Python (no store, no streamlit): numbers become finite floats or None, so every summary is plain JSON.
"""

import math
import time
import uuid

POSTED_STATUSES = ("finished", "stopped", "diverged")
CURVE_POINTS = 200
CURVE_FIELDS = ("train/loss", "test/loss")
LIVE_FIELDS = ("epoch", "step", "train/loss", "train/acc", "test/loss", "test/acc")


def run_summary(nickname: str, chapter: str, page: str, params: list[tuple[str, str]], config: dict,
                records, status: str, run_id: str | None = None) -> dict | None:
    """The board's summary of a finished run (None when it has no epoch to show); "acc" is its test accuracy, or its
    training accuracy without a test split ("acc_on" says which).

    `params` are the run's share-link values (its page opened with them trains it again); `config` its RunConfig as
    a dict; `records` its flat records; the curve keeps at most CURVE_POINTS evaluations, evenly spread. `run_id`
    is the id a model saved from the run carries (a new one when not given).
    """
    evals = [r for r in records if r.get("kind") == "eval" and r.get("epoch", 0) >= 1]
    if status not in POSTED_STATUSES or not evals:
        return None
    last = evals[-1]
    evals = _thinned(evals)
    on = "test" if last.get("test/acc") is not None else "train"  # chapter 6 has no test split
    curve = {"epoch": [r["epoch"] for r in evals], "acc": [_number(r.get(f"{on}/acc")) for r in evals]} | {
        field: [_number(r.get(field)) for r in evals] for field in CURVE_FIELDS}
    end_time = max((r.get("time", 0.0) for r in records), default=0.0)
    return {"id": run_id or uuid.uuid4().hex, "nickname": nickname, "chapter": chapter, "page": page,
            "params": [[str(k), str(v)] for k, v in params], "settings": _settings(config), "status": status,
            "epochs": last["epoch"], "time": round(float(end_time), 3), "posted": time.time(),
            **{field.replace("/", "_"): _number(last.get(field)) for field in
               ("train/loss", "train/acc", "test/loss", "test/acc")},
            "acc": _number(last.get(f"{on}/acc")), "acc_on": on,
            "curve": curve}


def _thinned(evals: list[dict]) -> list[dict]:
    """At most CURVE_POINTS of them, evenly spread, first and last kept."""
    if len(evals) <= CURVE_POINTS:
        return evals
    picks = sorted({round(i * (len(evals) - 1) / (CURVE_POINTS - 1)) for i in range(CURVE_POINTS)})
    return [evals[i] for i in picks]


def _settings(config: dict) -> dict:
    """The settings a board compares runs by, flat (the hidden widths as a layer count and the widest layer)."""
    hidden = tuple(config.get("hidden") or ())
    settings = {name: config.get(name) for name in ("task", "model", "optimizer", "lr", "momentum", "batch_size",
                                                    "epochs", "seed", "activation", "patience", "standardise")}
    return settings | {"layers": len(hidden), "width": max(hidden, default=0)}


# board chapter -> the settings its page lets a learner choose; the others are fixed there (chapter 7 trains full
# batch, chapter 9's MLP has no hidden widths to set), so a CSV or a caption naming them would mislead.
APPLIES = {
    "ch6": ("optimizer", "lr", "epochs", "seed"),
    "ch7": ("layers", "width", "activation", "optimizer", "lr", "epochs", "seed", "standardise", "patience"),
    "ch8-race": ("lr", "batch_size", "epochs"),
    "ch8-titanic": ("layers", "width", "activation", "optimizer", "lr", "batch_size", "epochs"),
    "ch9": ("model", "lr", "momentum", "batch_size", "epochs", "patience"),
    "ch10": ("model", "lr", "momentum", "batch_size", "epochs"),
    "ch11": ("model", "lr", "momentum", "batch_size", "epochs"),
}


def applied_settings(chapter: str, settings: dict) -> dict:
    """A posted run's settings that apply to its chapter (all of them for a chapter not in APPLIES)."""
    names = APPLIES.get(chapter)
    return dict(settings) if names is None else {name: settings[name] for name in names if name in settings}


def live_summary(chapter: str, page: str, params, config: dict, records, status: str,
                 latest: dict | None = None) -> dict:
    """The board's view of the lecturer's run as it trains: its evaluations so far (at most CURVE_POINTS) and
    `latest`, the newest evaluation's fields its chapter's figures draw, rounded."""
    evals = _thinned([r for r in records if r.get("kind") == "eval"])
    return {"chapter": chapter, "page": page, "params": [[str(k), str(v)] for k, v in params],
            "settings": _settings(config), "status": status, "updated": time.time(),
            "evals": [{field: _number(r.get(field)) for field in LIVE_FIELDS if field in r} for r in evals],
            "latest": None if latest is None else {str(name): _numbers(value) for name, value in latest.items()}}


def _numbers(value):
    """A number or nested lists of them as finite floats (rounded to 4 significant digits) or None."""
    if isinstance(value, (list, tuple)):
        return [_numbers(item) for item in value]
    number = _number(value)
    return None if number is None else float(f"{number:.4g}")


def _number(value) -> float | None:
    """A finite float for JSON (a diverged run's NaN/inf losses become None)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None
