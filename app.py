"""torchplay router: one st.Page per chapter, the shared sidebar, session defaults (language, lecture mode)."""

import streamlit as st

from ui import lecture, share
from ui.i18n import choose_language, t
from ui.sidebar import sidebar

share.remember_link()  # before anything rewrites the URL
choose_language()
lecture.choose_mode()
st.set_page_config(page_title="torchplay", page_icon="🔥", layout="wide",
                   initial_sidebar_state="collapsed" if lecture.is_on() else "auto")
st.session_state.setdefault("runners", {})  # slot -> core.runner.Runner, this learner's runs only

PAGES = [
    st.Page("pages/home.py", title=t("shell.nav.home"), icon="🏠", url_path="", default=True),
    st.Page("pages/back_propagation.py", title=t("shell.nav.ch4"), url_path="back-propagation"),
    st.Page("pages/linear_regression.py", title=t("shell.nav.ch5"), url_path="linear-regression"),
    st.Page("pages/logistic_regression.py", title=t("shell.nav.ch6"), url_path="logistic-regression"),
    st.Page("pages/multiple_features.py", title=t("shell.nav.ch7"), url_path="multiple-features"),
    st.Page("pages/mini_batches.py", title=t("shell.nav.ch8"), url_path="mini-batches"),
    st.Page("pages/softmax_mnist.py", title=t("shell.nav.ch9"), url_path="softmax-mnist"),
    st.Page("pages/convolution.py", title=t("shell.nav.ch10"), url_path="convolution"),
    st.Page("pages/draw.py", title=t("shell.nav.draw"), icon="✏️", url_path="draw"),
    st.Page("pages/classroom.py", title=t("shell.nav.class"), icon="🏫", url_path="class"),
]

page = st.navigation(PAGES)
st.session_state["share-page-path"] = page.url_path
link_slot = sidebar()
lecture.inject()
page.run()
share.after_page(link_slot)
