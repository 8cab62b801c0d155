"""Home: what each chapter page teaches, and whether this machine is ready."""

import streamlit as st

from ui.i18n import t
from ui.status import dataset_status, training_device

CHAPTERS = [  # page, its title and what it teaches (translation keys)
    ("pages/back_propagation.py", "shell.nav.ch4", "home.ch4"),
    ("pages/linear_regression.py", "shell.nav.ch5", "home.ch5"),
    ("pages/logistic_regression.py", "shell.nav.ch6", "home.ch6"),
    ("pages/multiple_features.py", "shell.nav.ch7", "home.ch7"),
    ("pages/mini_batches.py", "shell.nav.ch8", "home.ch8"),
    ("pages/softmax_mnist.py", "shell.nav.ch9", "home.ch9"),
    ("pages/draw.py", "shell.nav.draw", "home.draw"),
]

st.title("torchplay 🔥")
st.markdown(t("home.intro"))

for path, title, text in CHAPTERS:
    with st.container(border=True):
        st.page_link(path, label=t(title))
        st.caption(t(text))

st.subheader(t("home.machine"))
device_col, data_col = st.columns(2)
device_col.metric(t("home.device"), training_device())
status = dataset_status()
with data_col:
    for name, ready in status.items():
        st.markdown(t("home.ready" if ready else "home.missing", name=t(f"shell.dataset.{name}")))
