"""Readiness facts shown on the home page and sidebar, computed once per process."""

import os

import streamlit as st

from core.device import describe_device, resolve_device
from core.tasks import TASKS
from ui.i18n import TEXT, t


@st.cache_resource
def _training_device():
    return resolve_device("auto")


def training_device() -> str:
    """The device training runs on, in the learner's language ('CPU (2 cores)', 'GPU: NVIDIA H100')."""
    device = _training_device()
    if device.type == "cpu":
        return t("shell.device.cpu", cores=os.cpu_count())
    return describe_device(device)  # "GPU: <model name>" reads the same in both languages


@st.cache_data(ttl=30, show_spinner=False)
def dataset_status() -> dict[str, bool]:
    """Dataset name (shell.dataset.*) -> ready to train on (files present and verified), in chapter order."""
    return {task.dataset: task.data_ready() for task in TASKS.values() if task.dataset}


def build_note(message: str) -> str:
    """core.defaults' progress note (a Note) in the learner's language; any other message as it is."""
    key = f"draw.build.{getattr(message, 'key', '')}"
    return t(key, **message.fields) if key in TEXT else str(message)
