"""The sidebar every page shares: language, lecture mode, the link to these settings, device and data readiness."""

import streamlit as st

from ui.classroom import sidebar_box
from ui.i18n import language_picker, t
from ui.lecture import lecture_toggle
from ui import share
from ui.live import replica_note
from ui.status import dataset_status, training_device


def sidebar():
    """Draw the shared sidebar; returns the empty slot app.py fills with the link once the page has run."""
    with st.sidebar:
        language_picker()
        lecture_toggle(t("shell.lecture.toggle"), help=t("shell.lecture.help"))
        sidebar_box()  # the class and nickname, a leave button; posts runs that ended (ui.classroom)
        link_slot = st.session_state[share.SLOT] = st.empty()
        st.caption(t("shell.sidebar.device", device=training_device()))
        replica_note()  # which app process serves this browser behind `make serve-replicas`
        missing = [name for name, ready in dataset_status().items() if not ready]
        if missing:
            st.warning(t("shell.sidebar.missing", names=", ".join(t(f"shell.dataset.{name}") for name in missing)))
        st.caption(t("shell.sidebar.course"))
    return link_slot
