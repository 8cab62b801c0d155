"""Home: what each chapter page teaches, and whether this machine is ready."""

import streamlit as st

from ui.i18n import t
from ui.status import dataset_status, training_device

CHAPTERS = [  # page, its title and what it teaches (translation keys)
    ("pages/logistic_regression.py", "i18n-a.nav.ch6", "i18n-a.home.ch6"),
    ("pages/multiple_features.py", "i18n-a.nav.ch7", "i18n-a.home.ch7"),
    ("pages/mini_batches.py", "i18n-a.nav.ch8", "i18n-a.home.ch8"),
    ("pages/softmax_mnist.py", "i18n-a.nav.ch9", "i18n-a.home.ch9"),
    ("pages/draw.py", "i18n-a.nav.draw", "i18n-a.home.draw"),
]

st.title("torchplay 🔥")
st.markdown(t("i18n-a.home.intro"))

for path, title, text in CHAPTERS:
    with st.container(border=True):
        st.page_link(path, label=t(title))
        st.caption(t(text))

st.subheader(t("i18n-a.home.machine"))
device_col, data_col = st.columns(2)
device_col.metric(t("i18n-a.home.device"), training_device())
status = dataset_status()
with data_col:
    for name, ready in status.items():
        st.markdown(t("i18n-a.home.ready" if ready else "i18n-a.home.missing", name=t(f"i18n-a.dataset.{name}")))
