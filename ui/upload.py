"""The "your own data" panel: upload a CSV, pick its label, preview it; the page then trains on it via cfg.data.

One call per page: `own_split` (chapter 7, which draws the split) or `own_settings` (chapter 8, which needs
the training-set size). A bad file shows its message and changes nothing: the learner's previous table and
run stay. The parsed table lives in this session's state (and so in core.upload's weak registry).
"""

import re

import streamlit as st

from core import tabular, upload
from core.config import RunConfig
from core.tabular import TabularSplit
from ui.i18n import t

PREVIEW_ROWS = 8


def _keys(slot: str) -> dict[str, str]:
    return {name: f"{slot}-upload-{name}" for name in ("table", "error", "seen", "generation", "split")}


def handle_upload(state, slot: str, name: str, raw: bytes, label=None, file_id: str = "", accept=None) -> bool:
    """Parse one uploaded file into the slot's table; a bad file stores its error and keeps the previous table.

    accept(table) may turn down a well-formed table the page cannot use: it returns None or (key, values).
    """
    keys = _keys(slot)
    try:
        table = upload.parse_csv(raw, label)
        refusal = accept(table) if accept else None
    except upload.UploadError as error:
        refusal = error.key, dict(error.values)
    if refusal:
        state[keys["error"]] = {"name": name, "key": refusal[0], "values": refusal[1]}
        return False
    previous = current_table(state, slot)
    state[keys["table"]] = {"name": name, "table": upload.register(table), "file_id": file_id}
    state.pop(keys["error"], None)
    if previous is None or previous.id != table.id:
        _start_over(state, slot)
    return True


def use_course_data(state, slot: str) -> None:
    """Back to the chapter's own table; the uploader is emptied by giving it a new key."""
    keys = _keys(slot)
    had_table = current_table(state, slot) is not None
    for key in ("table", "error", "seen", "split"):
        state.pop(keys[key], None)
    state[keys["generation"]] = state.get(keys["generation"], 0) + 1
    if had_table:
        _start_over(state, slot)


def _start_over(state, slot: str) -> None:
    """A run trains on one table: the slot's run (if the page has one by that name) is stopped and cleared,
    so the page never draws a run of one table with another table's columns."""
    runner = state.get("runners", {}).get(slot)
    if runner is not None:
        runner.reset()


def plain(text: str) -> str:
    """Text from the file (its name, a cell) shown literally: markdown characters escaped, no links or markup."""
    return re.sub(r"([\\`*_\[\]<>~$|#:])", r"\\\1", str(text))


def error_text(error: dict) -> str:
    """A stored UploadError in the learner's language (a binary file's kind translated too)."""
    values = dict(error["values"])
    if "kind_code" in values:
        values["kind"] = t(f"upload.kind.{values['kind_code']}")
    return plain(t(error["key"], **values))


def current_table(state, slot: str) -> upload.Table | None:
    entry = state.get(_keys(slot)["table"])
    return entry["table"] if entry else None


def _panel(slot: str, accept=None) -> upload.Table | None:
    """Draw the uploader and return the table to train on (None = the course's data)."""
    state = st.session_state
    keys = _keys(slot)
    entry, error = state.get(keys["table"]), state.get(keys["error"])
    with st.expander(t("upload.title"), expanded=bool(entry or error)):
        st.markdown(t("upload.intro"))
        st.caption(t("upload.limits", **upload.describe_limits()))
        generation = state.get(keys["generation"], 0)
        # The widget refuses bigger files in the browser already, whatever the server's maxUploadSize says.
        file = st.file_uploader(t("upload.file"), type=["csv", "txt"], key=f"{slot}-upload-file-{generation}",
                                max_upload_size=upload.MAX_BYTES // 2**20)
        if file is None:
            state.pop(keys["error"], None)  # the rejected file was removed, so its message goes too
            state.pop(keys["seen"], None)
        else:
            raw = file.getvalue()
            names = upload.header_names(raw)
            label = None
            if names:
                st.caption(t("upload.header_found", count=len(names)))
                label = st.selectbox(t("upload.label"), names, index=len(names) - 1,
                                     key=f"{slot}-upload-label-{file.file_id}")
            if state.get(keys["seen"]) != (file.file_id, label):
                state[keys["seen"]] = (file.file_id, label)
                handle_upload(state, slot, file.name, raw, label, file.file_id, accept)
        entry, error = state.get(keys["table"]), state.get(keys["error"])
        if error:
            st.error(t("upload.rejected", name=plain(error["name"]), message=error_text(error)))
            st.caption(t("upload.kept_own", name=plain(entry["name"])) if entry else t("upload.kept_course"))
        if entry is None:
            st.caption(t("upload.using_course"))
            return None
        table = entry["table"]
        st.success(t("upload.using_own", name=plain(entry["name"]), rows=len(table.y), label=plain(table.label_name),
                     features=len(table.feature_names), positives=table.positives,
                     negatives=len(table.y) - table.positives))
        st.caption(t("upload.preview"))
        preview = {name: table.x[:PREVIEW_ROWS, i] for i, name in enumerate(table.feature_names)}
        preview[table.label_name] = table.y[:PREVIEW_ROWS].astype(int)
        st.dataframe(preview, key=f"{slot}-upload-preview", hide_index=True)
        left, right = st.columns(2)
        left.button(t("upload.course_again"), key=f"{slot}-upload-course", on_click=use_course_data,
                    args=(state, slot), width="stretch")
        right.download_button(t("upload.download"), data=lambda: upload.to_csv_bytes(table),
                              file_name=f"{table.id.removeprefix(upload.ID_PREFIX)}.csv", mime="text/csv",
                              key=f"{slot}-upload-download", width="stretch")
        return table


def _split(slot: str, table: upload.Table, test_fraction: float, seed: int, standardise: bool) -> TabularSplit:
    """The uploaded table's split, kept for this session until a setting or the table changes."""
    key = _keys(slot)["split"]
    wanted = (table.id, float(test_fraction), int(seed), bool(standardise))
    cached = st.session_state.get(key)
    if cached is None or cached[0] != wanted:
        cached = (wanted, tabular.load_uploaded(table, test_fraction, seed, standardise))
        st.session_state[key] = cached
    return cached[1]


def own_split(slot: str, split: TabularSplit, test_fraction: float, seed: int,
              standardise: bool = True) -> tuple[TabularSplit, str]:
    """The panel, then (the split to show, the id for cfg.data): the course's `split` and "" without an upload."""
    table = _panel(slot)
    if table is None:
        return split, ""
    return _split(slot, table, test_fraction, seed, standardise), table.id


def own_settings(slot: str, cfg: RunConfig, n_train: int, min_train: int = 33) -> tuple[RunConfig, int]:
    """The panel, then cfg training on the chosen table and that table's training-set size.

    min_train: the fewest training rows the page's controls work with (chapter 8's batch slider starts at 32).
    """
    def accept(table):
        rows = len(tabular.load_uploaded(table, cfg.test_fraction, cfg.seed, cfg.standardise).x_train)
        return None if rows >= min_train else ("upload.page_min_train", dict(count=rows, limit=min_train))

    table = _panel(slot, accept)
    if table is None:
        return cfg, n_train
    split = _split(slot, table, cfg.test_fraction, cfg.seed, cfg.standardise)
    return cfg.replace(data=table.id), len(split.x_train)
