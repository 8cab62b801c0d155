"""The "PyTorch code" expander: the current run as a standalone script, to read or download."""

import streamlit as st

from core.config import RunConfig
from core import upload
from core.export import export_script, script_name
from core.tasks import task_of
from ui.i18n import t


def show_code(cfg: RunConfig, key: str) -> None:
    """An expander with the complete script for `cfg` (the config the panel trains with) and a download button."""
    with st.expander(t("export.title"), icon=":material/code:"):
        try:
            script = export_script(cfg)
        except ValueError as error:
            st.info(t("export.unavailable", reason=str(error)))
            return
        st.caption(t("export.caption", name=script_name(cfg), data=t(task_of(cfg).script_data_text)))
        script_col, table_col = st.columns(2)
        script_col.download_button(t("export.download"), script, file_name=script_name(cfg),
                                   mime="text/x-python", key=f"extras-code-{key}-download",
                                   icon=":material/download:", width="stretch")
        if cfg.data:  # the script reads the learner's table: offer it beside the script
            _table_download(table_col, cfg.data, key)
        st.code(script, language="python", line_numbers=True, height=420)


def _table_download(column, data_id: str, key: str) -> None:
    """The uploaded table as the script reads it (features, then the 0/1 label), whatever layout it came in."""
    try:
        table = upload.get_table(data_id)
    except ValueError as error:
        column.caption(str(error))
        return
    column.download_button(t("export.download_table"), upload.to_csv_bytes(table, header=True),
                           file_name="my_table.csv", mime="text/csv", key=f"extras-code-{key}-table",
                           icon=":material/table:", width="stretch")
