"""Readiness facts shown on the home page and sidebar, computed once per process."""

import streamlit as st

from core import data
from core.device import describe_device, resolve_device


@st.cache_resource
def training_device() -> str:
    return describe_device(resolve_device("auto"))


@st.cache_data(ttl=30, show_spinner=False)
def dataset_status() -> dict[str, bool]:
    """Dataset name -> ready to train on (files present and verified)."""
    problems = data.table_problems()
    return {
        "MNIST": bool(data.mnist_status()["ready"]),
        "diabetes": "diabetes.csv.gz" not in problems,
        "Titanic": "titanic.csv" not in problems,
    }
