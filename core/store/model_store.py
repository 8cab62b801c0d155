"""The model store: saved models in named scopes, and the one rule both backends apply when saving or deleting.

A scope is "shared" (this server's list) or "class:CODE" (a class's models, which go when the class goes). A model is
a record (a JSON dict with its "owner" hash) plus the checkpoint's bytes. `admit` and `delete_answer` are the quota
and ownership rules: each backend reads what they need and writes what they decide inside one transaction (SQLite's
BEGIN IMMEDIATE, Redis's WATCH/MULTI), so the rule is written once, in Python, and tests/test_store_quota.py runs one
table of cases through both backends.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import NamedTuple

# put_model's and delete_model's answers
SAVED, DELETED, ABSENT, NOT_YOURS = "saved", "deleted", "absent", "not-yours"
OVER_OWNER, OVER_SCOPE, OVER_BYTES = "owner-quota", "scope-quota", "bytes-quota"
CLASS_SCOPE = "class:"  # a class's saved models are the scope "class:CODE"; this server's shared list is "shared"


def class_scope(code: str) -> str:
    return CLASS_SCOPE + code


def class_of_scope(scope: str) -> str | None:
    """The class code of a class's scope; None for the shared list."""
    return scope.removeprefix(CLASS_SCOPE) if scope.startswith(CLASS_SCOPE) else None


@dataclass(frozen=True)
class ModelLimits:
    """put_model's quotas: models per owner in a scope, models per scope (beyond it the least recently used goes
    when `evict`, else the save is refused) and bytes of all saved models together."""

    per_owner: int
    per_scope: int
    evict: bool
    total_bytes: int


class Stored(NamedTuple):
    """What the rule reads of a model already in the scope; `used` is when it was last saved or read."""

    name: str
    owner: str
    size: int
    used: float


def admit(stored: list[Stored], total: int, name: str, owner: str, size: int, replaces: str | None,
          limits: ModelLimits) -> tuple[str, list[str]]:
    """Whether `owner` may save `size` bytes as `name` into a scope holding `stored`, with `total` bytes saved in all
    scopes: (SAVED, the names to evict first) or (the refusal, [])."""
    old = next((model for model in stored if model.name == name), None)
    if old is not None and old.owner != replaces:
        return NOT_YOURS, []
    others = sorted((model for model in stored if model.name != name), key=lambda model: model.used)  # LRU first
    if sum(model.owner == owner for model in others) >= limits.per_owner:
        return OVER_OWNER, []
    evicted = []
    if len(others) >= limits.per_scope:
        if not limits.evict:
            return OVER_SCOPE, []
        evicted = others[:len(others) - limits.per_scope + 1]
    freed = (old.size if old else 0) + sum(model.size for model in evicted)
    if total - freed + size > limits.total_bytes:
        return OVER_BYTES, []
    return SAVED, [model.name for model in evicted]


def delete_answer(stored_owner: str | None, owner: str | None) -> str:
    """DELETED, ABSENT (no such model: `stored_owner` is None) or NOT_YOURS (`owner` given and not the model's)."""
    if stored_owner is None:
        return ABSENT
    if owner is not None and stored_owner != owner:
        return NOT_YOURS
    return DELETED


class ModelStore(ABC):
    """Saved models by scope, with ownership and quotas checked in the same step as the write."""

    @abstractmethod
    def put_model(self, scope: str, name: str, record: dict, data: bytes, replaces: str | None,
                  limits: ModelLimits) -> tuple[str, list[str]]:
        """Save `data` as model `name` of `scope`, atomically by `admit`: (answer, names evicted to make room).

        An existing model is replaced only when its "owner" is `replaces` (else NOT_YOURS); OVER_OWNER, OVER_SCOPE,
        OVER_BYTES refuse by `limits` and write nothing. The stored record gains "name", "size" and "saved".
        """

    @abstractmethod
    def model_records(self, scope: str) -> list[dict]:
        """The records of a scope's models, newest first."""

    @abstractmethod
    def model_bytes(self, scope: str, name: str) -> bytes | None:
        """A model's checkpoint bytes (None if there is none), marking it used just now (eviction goes by use)."""

    @abstractmethod
    def delete_model(self, scope: str, name: str, owner: str | None) -> str:
        """delete_answer's answer (None: any owner may delete), the model gone when DELETED."""

    @abstractmethod
    def models_total_bytes(self) -> int:
        """Bytes of every saved model in every scope."""
