"""Chapter 11 · Advanced CNNs: the Inception module by hand, the lecture's networks trained live, why a shortcut,
what each block sees."""

import streamlit as st

from ui import mnist_live
from ui.advanced_train import sees_tab, train_tab
from ui.i18n import t
from ui.inception_explorer import explorer
from ui.shortcut_race import race_tab


st.title(t("ch11.title"))
st.markdown(t("ch11.intro"))
inception, train, shortcut, sees = st.tabs([t(f"ch11.tab.{name}") for name in ("inception", "train", "shortcut",
                                                                                "sees")])
with inception:
    explorer()
tensors = mnist_live.mnist_or_none("ch11.works_without_mnist")
if tensors is not None:
    with train:
        train_tab(tensors)
    with shortcut:
        race_tab(tensors)
    with sees:
        sees_tab(tensors)
