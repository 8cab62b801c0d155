"""torchplay router: one st.Page per chapter, the shared sidebar, session defaults."""

import streamlit as st

from ui.sidebar import sidebar

st.set_page_config(page_title="torchplay", page_icon="🔥", layout="wide")
st.session_state.setdefault("runners", {})  # slot -> core.runner.Runner, this learner's runs only

PAGES = [
    st.Page("pages/home.py", title="Home", icon="🏠", url_path="", default=True),
    st.Page("pages/logistic_regression.py", title="6 · Logistic regression", url_path="logistic-regression"),
    st.Page("pages/multiple_features.py", title="7 · Multiple features", url_path="multiple-features"),
    st.Page("pages/mini_batches.py", title="8 · Mini-batches", url_path="mini-batches"),
    st.Page("pages/softmax_mnist.py", title="9 · Softmax on MNIST", url_path="softmax-mnist"),
    st.Page("pages/draw.py", title="Draw a digit", icon="✏️", url_path="draw"),
]

page = st.navigation(PAGES)
sidebar()
page.run()
