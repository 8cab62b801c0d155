"""Models saved "for everyone": who sees them (a scope), who may change them (the owner), and how many fit (quotas).

A model saved inside a class belongs to the scope "class:CODE" (its members and lecturer see it); outside a class, to
"shared", this server's list. A session owns what it saved through a secret that only it holds; the store keeps
the secret's hash. The default models (models/*.pt) are files, never in the store, so no quota or eviction reaches
them. Pure Python over core.store; refusals are ValueErrors (or PermissionError) whose message says why.
"""

import hashlib
import re
import secrets
from pathlib import Path

from core import classroom
from core.store import (DELETED, NOT_YOURS, OVER_BYTES, OVER_OWNER, OVER_SCOPE, SAVED, ModelLimits, Store,
                        StoreError, class_of_scope, class_scope)

SHARED = "shared"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")  # also a safe file name, as before
NAME_MAX = 40
PER_SESSION = 5
PER_CLASS = 100
PER_MACHINE = 200  # the shared list: beyond it the least recently used model goes
TOTAL_BYTES = 2 * 1024 ** 3  # every saved model in every scope together
CHECKPOINT_MAX_BYTES = 16 * 1024 ** 2  # chapter 9's MLP is 2.3 MB, its CNN 0.9 MB
LEGACY_FOLDER = "user"  # <models dir>/user/NAME.pt: where "Save for everyone" wrote before the class store
IMPORTED_FOLDER = "imported"  # <models dir>/user/imported/: legacy files once taken into the store
INFO_FIELDS = ("kind", "test_acc", "nickname", "run")  # what a record may carry besides its owner; "run" is the
# board id of the run the model was saved from


class NameTaken(ValueError):
    """Another session's model has this name; `free` is a variant nobody has taken."""

    def __init__(self, name: str, free: str):
        self.name, self.free = name, free
        super().__init__(f"the name {name!r} belongs to another learner's model; {free!r} is free")


class AlreadySaved(ValueError):
    """This session already saved a model with this name: replacing it needs overwrite=True (a click)."""


class QuotaReached(ValueError):
    """A quota refused the save: `kind` is "session", "class", "machine" or "bytes"; `most` the limit."""

    def __init__(self, kind: str, most: int):
        self.kind, self.most = kind, most
        super().__init__(f"the {kind} quota is reached ({most})")


class TooLarge(ValueError):
    """A checkpoint over CHECKPOINT_MAX_BYTES: `size` and `most` in bytes."""

    def __init__(self, size: int, most: int):
        self.size, self.most = size, most
        super().__init__(f"a saved model is at most {most // 1024 ** 2} MB, this one is {size / 1024 ** 2:.1f} MB")


class NotYours(PermissionError):
    """Only the session that saved a model, or its class's lecturer, can overwrite or delete it."""


def new_secret() -> str:
    """A session's ownership secret: kept in that session only."""
    return secrets.token_urlsafe(24)


def owner_of(secret: str) -> str:
    """What the store keeps of a session's secret."""
    assert secret, "an owner needs a secret"
    return hashlib.sha256(secret.encode()).hexdigest()


def scope_for(class_code: str | None) -> str:
    """A learner's scope: their class's, or this machine's shared list."""
    return class_scope(class_code) if class_code else SHARED


def limits_for(scope: str) -> ModelLimits:
    if scope == SHARED:
        return ModelLimits(PER_SESSION, PER_MACHINE, evict=True, total_bytes=TOTAL_BYTES)
    return ModelLimits(PER_SESSION, PER_CLASS, evict=False, total_bytes=TOTAL_BYTES)


def check_name(text: str) -> str:
    """A model name as stored, or ValueError: 1–40 letters, digits, - and _, starting with a letter or digit."""
    name = str(text or "").strip()
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError(f"{name[:NAME_MAX]!r} is not a model name (1–40 letters, digits, - and _)")
    return name


def free_name(taken: set[str], name: str) -> str:
    """`name` with the smallest suffix -2, -3, ... that is not in `taken`."""
    for n in range(2, 10_000):
        suffix = f"-{n}"
        variant = name[:NAME_MAX - len(suffix)] + suffix
        if variant not in taken:
            return variant
    raise ValueError(f"no free variant of {name!r}")


def _lecturer(store: Store, scope: str, lecturer_key: str | None) -> bool:
    """Whether `lecturer_key` is the lecturer key of the class this scope belongs to."""
    code = class_of_scope(scope)
    if not lecturer_key or code is None:
        return False
    meta = store.meta(code)
    return meta is not None and classroom.is_lecturer(meta, lecturer_key)


def save(store: Store, scope: str, name: str, data: bytes, info: dict, secret: str, *, overwrite: bool = False,
         lecturer_key: str | None = None, limits: ModelLimits | None = None) -> list[str]:
    """Save checkpoint bytes as `name` in `scope`; returns the names evicted to make room (shared list only).

    Refuses, writing nothing: a class that is closed or gone (ClassError), a bad name (ValueError), an oversized
    checkpoint (TooLarge), another session's name (NameTaken, with a free variant; the class's lecturer may
    overwrite it with overwrite=True), this session's own name without `overwrite` (AlreadySaved), a full quota
    (QuotaReached).
    """
    name = check_name(name)
    if scope != SHARED:
        classroom.open_class(store, class_of_scope(scope))  # ClassError when it is closed or has expired
    if not data:
        raise ValueError("an empty checkpoint cannot be saved")
    if len(data) > CHECKPOINT_MAX_BYTES:
        raise TooLarge(len(data), CHECKPOINT_MAX_BYTES)
    owner = owner_of(secret)
    limits = limits or limits_for(scope)
    records = {record["name"]: record for record in store.model_records(scope)}
    replaces = owner
    if name in records:
        theirs = records[name]["owner"]
        if theirs != owner and not (overwrite and _lecturer(store, scope, lecturer_key)):
            raise NameTaken(name, free_name(set(records), name))
        if not overwrite:
            raise AlreadySaved(f"you already saved a model called {name!r}")
        replaces = theirs
    record = {key: info[key] for key in INFO_FIELDS if key in info} | {"owner": owner}
    answer, evicted = store.put_model(scope, name, record, data, replaces, limits)
    if answer == NOT_YOURS:  # someone took the name between the look and the write
        raise NameTaken(name, free_name(set(records) | {name}, name))
    if answer == OVER_OWNER:
        raise QuotaReached("session", limits.per_owner)
    if answer == OVER_SCOPE:
        raise QuotaReached("class" if scope != SHARED else "machine", limits.per_scope)
    if answer == OVER_BYTES:
        raise QuotaReached("bytes", limits.total_bytes)
    assert answer == SAVED, f"unexpected store answer {answer!r}"
    return evicted


def listing(store: Store, scope: str, secret: str | None = None) -> list[dict]:
    """The scope's model records, newest first, each with "scope" and "mine" (saved by the session holding
    `secret`) instead of its owner hash."""
    owner = owner_of(secret) if secret else None
    return [{k: v for k, v in record.items() if k != "owner"} | {"scope": scope, "mine": record["owner"] == owner}
            for record in store.model_records(scope)]


def read(store: Store, scope: str, name: str) -> bytes:
    """A saved model's checkpoint bytes, or ValueError when it has gone (deleted, evicted)."""
    data = store.model_bytes(scope, name)
    if data is None:
        raise ValueError(f"the saved model {name!r} is no longer there")
    return data


def delete(store: Store, scope: str, name: str, secret: str, lecturer_key: str | None = None) -> None:
    """Delete a saved model: its owner's session or, in a class, the lecturer; NotYours for anyone else."""
    owner = None if _lecturer(store, scope, lecturer_key) else owner_of(secret)
    answer = store.delete_model(scope, name, owner)
    if answer == NOT_YOURS:
        raise NotYours(f"the model {name!r} was saved by another learner: only they or the lecturer can delete it")
    if answer != DELETED:
        raise ValueError(f"there is no saved model called {name!r}")


def import_legacy(store: Store, folder: Path) -> tuple[list[str], list[str]]:
    """Take the checkpoints an earlier version saved "for everyone" (folder/NAME.pt) into the shared list, once.

    Each file is claimed by renaming it into folder/imported/ (two server processes never take one file twice),
    read as a checkpoint (weights_only, its architecture checked) and saved with an owner no session holds: nobody
    can overwrite or delete it, and the shared list's eviction still reaches it. A taken name gets a free variant.
    Returns (the names saved, "FILE: why" for each file left in imported/ unsaved). A store failure puts the file
    back for the next start and stops.
    """
    paths = sorted(Path(folder).glob("*.pt"))
    if not paths:
        return [], []
    from core.checkpoints import load_checkpoint_bytes  # torch, only when there is something to read

    claimed_dir = Path(folder) / IMPORTED_FOLDER
    claimed_dir.mkdir(exist_ok=True)
    saved, left = [], []
    for path in paths:
        claimed = claimed_dir / path.name
        if claimed.exists():  # a file of this name was taken before: keep both copies
            claimed = claimed_dir / f"{path.stem}-{secrets.token_hex(4)}.pt"
        try:
            path.rename(claimed)
        except FileNotFoundError:
            continue  # another server process claimed it
        try:
            name = check_name(path.stem)
            data = claimed.read_bytes()
            _, cfg, metrics = load_checkpoint_bytes(data, path.name)
            info, owner = {"kind": cfg.model, "test_acc": metrics.get("test/acc")}, new_secret()
            try:
                save(store, SHARED, name, data, info, owner)
            except NameTaken as taken:  # saved by someone since: the variant save() offers
                name = taken.free
                save(store, SHARED, name, data, info, owner)
        except StoreError:
            claimed.rename(path)
            raise
        except ValueError as error:  # not a checkpoint, a bad name, too large, a quota
            left.append(f"{path.name}: {error}")
            continue
        saved.append(name)
    return saved, left


def main(argv=None) -> int:
    """`python -m core.saved_models import-legacy [FOLDER]`: import_legacy into this server's store
    ($TORCHPLAY_STORE, else the SQLite file next to the models); `make run` and `make serve-replicas` run it."""
    import argparse
    import sys

    from core.checkpoints import models_dir
    from core.store import open_store

    parser = argparse.ArgumentParser(prog="python -m core.saved_models", description=main.__doc__.splitlines()[0])
    parser.add_argument("command", choices=("import-legacy",))
    parser.add_argument("folder", nargs="?", type=Path, help="default: <models dir>/user")
    args = parser.parse_args(argv)
    folder = args.folder or models_dir() / LEGACY_FOLDER
    if not any(folder.glob("*.pt")):
        return 0
    try:
        saved, left = import_legacy(open_store(), folder)
    except (StoreError, ValueError) as error:  # the store is down or misconfigured: the files stay for next time
        print(f"torchplay: the models in {folder} stay there for the next start: {error}", file=sys.stderr)
        return 1
    if saved:
        print(f"torchplay: {len(saved)} models from {folder} are now on this server's shared list: "
              f"{', '.join(saved)}", file=sys.stderr)
    for why in left:
        print(f"torchplay: left out (kept in {folder / IMPORTED_FOLDER}): {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
