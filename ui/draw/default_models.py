"""/draw's default models: loaded once per server, trained in the background when set-up skipped them, and how well
they read drawn digits."""

from pathlib import Path

import pandas as pd
import streamlit as st

from core import defaults
from core.checkpoints import models_dir
from ui import polling
from ui.draw import state
from ui.draw.models import Offer
from ui.i18n import t
from ui.status import build_note


@st.cache_resource(show_spinner=False)
def load_default_models(directory: str, stamp: tuple) -> dict[str, defaults.DefaultModel]:
    """Shared by every session; `stamp` (file times) makes a rebuilt checkpoint load afresh."""
    return defaults.load_defaults(Path(directory))


@st.cache_resource(show_spinner=False)
def default_builder(directory: str) -> defaults.BackgroundBuild:
    """One background build per server, whichever session opened the page first."""
    return defaults.BackgroundBuild(Path(directory))


def file_stamp(path: Path) -> int | None:
    return path.stat().st_mtime_ns if path.exists() else None


def default_models() -> dict[str, defaults.DefaultModel] | None:
    """The default MLP and CNN, or None while they are missing or unreadable."""
    directory = models_dir()
    stamp = tuple(file_stamp(defaults.checkpoint_path(name, directory)) for name in defaults.NAMES)
    if None in stamp:
        return None
    try:
        return load_default_models(str(directory), stamp)
    except ValueError:
        return None


def building_notice() -> None:
    """Set-up was skipped: train the defaults in the background and show how far it got."""
    build = default_builder(str(models_dir()))
    build.start()

    @st.fragment(run_every=polling.every("draw-default-build", 0.5))
    def progress():
        if build.error:
            st.error(t("draw.build_failed", error=build.error))
            return
        st.progress(min(build.fraction, 1.0), text=t("draw.building", message=build_note(build.message)))
        if not build.running:
            st.rerun()

    st.info(t("draw.first_visit"), icon="⏳")
    progress()


def loaded_or_building() -> dict[str, defaults.DefaultModel] | None:
    """The default models; while there are none, their background build with its progress."""
    loaded = default_models()
    if loaded is None:
        state.mark_waited()
        building_notice()
    elif state.took_waited():
        state.forget_picked()  # the picker was drawn empty during the build: offer the defaults now
    return loaded


def how_well(loaded: dict[str, defaults.DefaultModel] | None, offer: Offer) -> None:
    """The defaults' accuracy on MNIST and, once bench has scored them, on drawn digits; how to rebuild them."""
    if not loaded:
        return
    with st.expander(t("draw.how_well")):
        # The tuning-set figures are written into the checkpoints by bench (python -m bench.handwriting record).
        scored = all("tuning/acc" in default.metrics for default in loaded.values())
        columns = {"test/acc": "draw.col.mnist"} | ({"tuning/acc": "draw.col.tuning",
                                                      "tuning/acc_naive": "draw.col.naive"} if scored else {})
        rows = [{t("draw.col.model"): offer.name_of(name), **{t(label): default.metrics.get(metric)
                                                               for metric, label in columns.items()}}
                for name, default in loaded.items()]
        percent = st.column_config.NumberColumn(format="percent")
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="draw_accuracy",
                     column_config={t(label): percent for label in columns.values()})
        if scored:
            st.caption(t("draw.tuning", n=next(iter(loaded.values())).metrics["tuning/n"]))
        else:
            st.caption(t("draw.tuning_missing"))
        st.caption(t("draw.rebuild"))
        st.code("\n".join(defaults.cli_command(d.config, defaults.shown_path(defaults.checkpoint_path(name)))
                          for name, d in loaded.items()), language="bash")
