"""The stop-rule setting of a training panel: early stopping on the test loss (patience)."""

import streamlit as st

from core.config import RunConfig
from ui.i18n import t


def patience_setting(slot: str, cfg: RunConfig) -> RunConfig:
    """A patience input (0 = off, bound to the URL) beside the epochs the config already has; returns cfg with it."""
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    patience = left.number_input(t("stop_rules.patience"), min_value=0, max_value=100, value=0, step=1,
                                 key=f"{slot}-patience", bind="query-params", help=t("stop_rules.patience.help"))
    patience = int(patience)
    right.caption(t("stop_rules.patience.on", epochs=cfg.epochs, patience=patience) if patience
                  else t("stop_rules.patience.off", epochs=cfg.epochs))
    return cfg.replace(patience=patience)


def early_stop_message(end: dict) -> str:
    """The end of a run that core.stop_rules stopped, in the learner's language."""
    return t("stop_rules.end.early", epoch=end["epoch"], patience=end["patience"], best=end["best_test_loss"],
             best_epoch=end["best_epoch"])
