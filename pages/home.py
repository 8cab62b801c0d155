"""Home: what each chapter page teaches, and whether this machine is ready."""

import streamlit as st

from ui.i18n import t
from ui.registry import PAGES
from ui.status import dataset_status, training_device

st.title("torchplay 🔥")
st.markdown(t("home.intro"))

for page in PAGES:
    if page.home:
        with st.container(border=True):
            st.page_link(page.file, label=t(page.title))
            st.caption(t(page.home))

st.subheader(t("home.machine"))
device_col, data_col = st.columns(2)
device_col.metric(t("home.device"), training_device())
status = dataset_status()
with data_col:
    for name, ready in status.items():
        st.markdown(t("home.ready" if ready else "home.missing", name=t(f"shell.dataset.{name}")))
