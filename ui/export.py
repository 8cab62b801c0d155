"""The "PyTorch code" expander: the current run as a standalone script, to read or download."""

import streamlit as st

from core.config import RunConfig
from core.export import export_script, script_name, source_kind
from ui.i18n import t


def show_code(cfg: RunConfig, key: str) -> None:
    """An expander with the complete script for `cfg` (the config the panel trains with) and a download button."""
    with st.expander(t("extras.code.title"), icon=":material/code:"):
        try:
            script = export_script(cfg)
        except ValueError as error:
            st.info(t("extras.code.unavailable", reason=str(error)))
            return
        kind = source_kind(cfg)
        data = {"upload": t("extras.code.data_upload"), "mnist": t("extras.code.data_mnist")}.get(
            kind, t("extras.code.data_table") if kind in ("diabetes", "titanic") else t("extras.code.data_inline"))
        st.caption(t("extras.code.caption", name=script_name(cfg), data=data))
        st.download_button(t("extras.code.download"), script, file_name=script_name(cfg), mime="text/x-python",
                           key=f"extras-code-{key}-download", icon=":material/download:")
        st.code(script, language="python", line_numbers=True, height=420)
