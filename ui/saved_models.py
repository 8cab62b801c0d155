"""Saved models in a session: saving one for everyone, the list /draw offers, deleting (core.saved_models' rules).

The session's ownership secret is made here and lives only in st.session_state (no widget and no URL value sets
it); the store keeps its hash. A learner in a class saves to and sees that class's models, a lecturer those of
the class they lead; everyone sees this server's shared list.
"""

import pandas as pd
import streamlit as st

from core import saved_models
from core.classroom import ClassError
from core.checkpoints import checkpoint_bytes, load_checkpoint_bytes
from core.defaults import digit_reader
from core.saved_models import SHARED, AlreadySaved, NameTaken, NotYours, QuotaReached, TooLarge
from core.store import StoreError, class_of_scope
from ui import classroom as room, polling
from ui.classroom.board import BOARD_REFRESH_S
from ui.flash import Flash
from ui.i18n import t

SECRET = "saved-models-secret"
SEEN = "saved-models-seen"  # what the page last listed: (scope, name, saved) of each saved model
WATCH_EVERY_S = 2.0
BOARD_MESSAGE = Flash("class-model-message", hold_s=3 * BOARD_REFRESH_S)  # what deleting from the board's list did
PREFIX = {SHARED: "saved:", "class": "class:"}  # model ids on /draw: saved:NAME (this server's), class:NAME


def secret() -> str:
    return st.session_state.setdefault(SECRET, saved_models.new_secret())


def class_code() -> str | None:
    """The class whose models this session saves and sees: the one it joined, else the one it leads."""
    member = room.membership()
    if member is not None:
        return member["code"]
    code = room.led()
    return code if code and room.lecturer_key(code) else None


def scope() -> str:
    return saved_models.scope_for(class_code())


def save(name: str, model, cfg, metrics: dict, overwrite: bool = False,
         slot: str | None = None) -> tuple[tuple[str, str], tuple | None]:
    """Save a model for everyone in this session's scope: ((level, message), offer), where offer is
    ("overwrite", name) for this session's own taken name, ("free", variant) for another's, else None. `slot`
    names the runner the model comes from: in a class, the board marks that run "saved as model"."""
    where = scope()
    member = room.membership()
    info = {"kind": cfg.model, "test_acc": metrics.get("test/acc"),
            "nickname": member["nickname"] if member else None,
            "run": room.run_id(slot) if member and slot else None}
    try:
        data = checkpoint_bytes(model, cfg, metrics, in_features=784)
        code = class_code()
        saved_models.save(room.store(), where, name, data, info, secret(), overwrite=overwrite,
                          lecturer_key=room.lecturer_key(code) if code else None)
    except AlreadySaved:
        return ("error", t("saved_models.exists", name=name)), ("overwrite", name)
    except NameTaken as taken:
        return ("error", t("saved_models.taken", name=name, free=taken.free)), ("free", taken.free)
    except ClassError as error:
        return ("error", room.class_error_text(error)), None
    except QuotaReached as error:
        return ("error", t(f"saved_models.quota.{error.kind}", most=_shown_quota(error))), None
    except TooLarge as error:
        return ("error", t("saved_models.too_large", size=error.size / 1024 ** 2, most=error.most // 1024 ** 2)), None
    except (StoreError, ValueError) as error:  # the store is down or misconfigured (pages check names first)
        return ("error", t("saved_models.store_failed", error=error)), None
    kept = t("saved_models.where.class" if where != SHARED else "saved_models.where.shared")
    return ("success", t("saved_models.saved", name=name, where=kept)), None


def _shown_quota(error: QuotaReached) -> str:
    return f"{error.most / 1024 ** 2:.0f} MB" if error.kind == "bytes" else str(error.most)


def offered() -> tuple[dict[str, str], dict[str, tuple[str, str]], list[str], list[str]]:
    """/draw's saved models: (id -> label, id -> (scope, name), this session's ids, problems); mine first, then the
    class's, then this server's, each newest first."""
    labels, where, own = {}, {}, []
    try:
        store = room.store()
        records = {s: saved_models.listing(store, s, secret()) for s in _scopes()}
    except (StoreError, ValueError) as error:
        return {}, {}, [], [t("saved_models.store_failed", error=error)]
    st.session_state[SEEN] = _signature(records)
    groups = {"mine": [], "class": [], "shared": []}
    for s, found in records.items():
        for record in found:
            group = "mine" if record["mine"] else ("class" if s != SHARED else "shared")
            groups[group].append(record)
    for group, found in groups.items():
        for record in sorted(found, key=lambda r: r["saved"], reverse=True):
            model_id = PREFIX[SHARED if record["scope"] == SHARED else "class"] + record["name"]
            labels[model_id] = t(f"saved_models.group.{group}", name=record["name"], kind=str(record.get("kind",
                                 "?")).upper(), who=record.get("nickname") or "—")
            where[model_id] = (record["scope"], record["name"])
            if group == "mine":
                own.append(model_id)
    return labels, where, own, []


def _scopes() -> list[str]:
    code = class_code()
    return [saved_models.class_scope(code), SHARED] if code else [SHARED]


def _signature(records: dict[str, list[dict]]) -> tuple:
    return tuple(sorted((s, record["name"], record["saved"]) for s, found in records.items() for record in found))


def follow_changes() -> None:
    """Rerun the page when a model is saved, replaced or deleted in a scope it lists (checked every 2 s), so a
    classmate's new model shows up without a click."""

    @st.fragment(run_every=polling.every("saved-models-watch", WATCH_EVERY_S))
    def watch():
        try:
            store = room.store()
            now = _signature({s: store.model_records(s) for s in _scopes()})
        except (StoreError, ValueError):
            return  # the picker already says the store is down
        if SEEN in st.session_state and now != st.session_state[SEEN]:
            st.rerun()

    watch()


@st.cache_resource(show_spinner=False, max_entries=32)
def _loaded(url: str, scope_name: str, name: str, saved: float):
    """A saved model, loaded once per server for each save of it (`saved` makes a replaced one load afresh)."""
    return digit_reader(load_checkpoint_bytes(saved_models.read(room.store(), scope_name, name), name), name)


def load(scope_name: str, name: str):
    """(model, config, metrics) of a saved model; ValueError when it is gone or unusable."""
    store = room.store()
    record = next((r for r in store.model_records(scope_name) if r["name"] == name), None)
    if record is None:
        raise ValueError(t("saved_models.gone", name=name))
    return _loaded(store.url, scope_name, name, record["saved"])


def delete(scope_name: str, name: str) -> tuple[str, str]:
    """Delete a saved model (this session's own, or any of the class it leads): (level, message)."""
    code = class_of_scope(scope_name)
    try:
        saved_models.delete(room.store(), scope_name, name, secret(),
                            lecturer_key=room.lecturer_key(code) if code else None)
    except NotYours:
        return "error", t("saved_models.not_yours", name=name)
    except StoreError as error:
        return "error", t("saved_models.store_failed", error=error)
    except ValueError:
        return "warning", t("saved_models.gone", name=name)
    return "success", t("saved_models.deleted", name=name)


def _delete_from_board(code: str) -> None:
    name = st.session_state.get("class-model-pick")
    if name:
        BOARD_MESSAGE.leave(*delete(saved_models.class_scope(code), name))


def class_panel(code: str) -> None:
    """The class's saved models under its board; drawn inside the board's polling fragment (one per page: two that
    tick together leave Streamlit's front end holding old copies of the board's charts)."""
    st.subheader(t("saved_models.class_title"))
    try:
        records = saved_models.listing(room.store(), saved_models.class_scope(code))
    except (StoreError, ValueError) as error:
        st.error(t("saved_models.store_failed", error=error), icon="⚠️")
        return
    if not records:
        st.caption(t("saved_models.none"))
    else:
        st.dataframe(pd.DataFrame([{
            t("saved_models.col.name"): record["name"], t("saved_models.col.kind"): str(record.get("kind", "")),
            t("saved_models.col.who"): record.get("nickname") or "—",
            t("saved_models.col.acc"): record.get("test_acc"),
            t("saved_models.col.size"): round(record["size"] / 1024 ** 2, 2)} for record in records]),
            hide_index=True, key="class-models", column_config={
                t("saved_models.col.acc"): st.column_config.NumberColumn(format="percent")})
    if records and room.lecturer_key(code):
        pick_col, delete_col = st.columns([3, 1], vertical_alignment="bottom")
        pick_col.selectbox(t("saved_models.pick"), [record["name"] for record in records],
                           key="class-model-pick")
        delete_col.button(t("saved_models.delete"), key="class-model-delete", on_click=_delete_from_board,
                          args=(code,), icon=":material/delete:")
    BOARD_MESSAGE.show()
