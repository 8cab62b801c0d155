"""The sidebar every page shares: device and dataset readiness."""

import streamlit as st

from ui.status import dataset_status, training_device


def sidebar() -> None:
    with st.sidebar:
        st.caption(f"Training on **{training_device()}**")
        missing = [name for name, ready in dataset_status().items() if not ready]
        if missing:
            st.warning(f"Missing data: {', '.join(missing)}. Run `make run` (or `python -m core.data fetch`).")
        st.caption("Course: 《PyTorch深度学习实践》 chapters 6–9")
