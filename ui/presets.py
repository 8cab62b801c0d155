"""Presets: one-click starting points per chapter page, each with a line on what to watch.

A preset writes the page's own widget values into st.session_state (in an on_click callback, so the
widgets draw with them); the learner then presses Reset and Start (a training panel) or simply looks (the
convolution explorer). Its note shows while those values do. The numbers quoted in the texts were measured with
seed 0 (`python -m core train ...` with the same settings).
"""

import streamlit as st

from core.convolution import kernel_preset, kernel_text
from ui.i18n import t

COURSE_CH7 = {"ch7-layers": 2, "ch7-w1": 6, "ch7-w2": 4, "ch7-act": "sigmoid", "ch7-opt": "sgd", "ch7-lr": 0.1,
              "ch7-epochs": 100, "ch7-std": True, "ch7-patience": 0}
COURSE_CH8 = {"mb-batch-size": 32, "mb-shuffle": True, "mb-drop-last": False, "mb-workers": 0, "mb-race-epochs": 30,
              "mb-race-lr": 0.1}
QUICK_CH9 = {"sm-model": "mlp", "sm-epochs": 3, "sm-log-every": 30, "sm-lr": 0.01, "sm-momentum": 0.5, "sm-batch": 64,
             "sm-train-subset": 6000, "sm-test-subset": 2000, "sm-train-patience": 0}
COURSE_CH10 = {"cv-model": "course-cnn", "cv-epochs": 10, "cv-train-subset": 60000, "cv-lr": 0.01, "cv-momentum": 0.5,
               "cv-batch": 64}
QUICK_CH10 = COURSE_CH10 | {"cv-epochs": 3, "cv-train-subset": 6000}
# The lecture's 5x5 example and kernel 1..9, output cell (0, 0) written out.
LECTURE_CH10 = {"cv-input": "course", "cv-kernel-size": 3, "cv-preset": "course",
                "cv-kernel": kernel_text(kernel_preset("course")), "cv-padding": 0, "cv-stride": 1, "cv-row": 0,
                "cv-col": 0}

# page -> preset name -> the widget values it sets (keys are the page's widget keys).
PRESETS = {
    "logistic-regression": {
        "course": {"ch6-lr": 0.01, "ch6-epochs": 1000, "ch6-opt": "sgd", "ch6-compare": True},
        "faster": {"ch6-lr": 0.1, "ch6-epochs": 1000, "ch6-opt": "sgd", "ch6-compare": True},
        "too_high": {"ch6-lr": 0.5, "ch6-epochs": 300, "ch6-opt": "sgd", "ch6-compare": True},
        "adam": {"ch6-lr": 0.1, "ch6-epochs": 1000, "ch6-opt": "adam", "ch6-compare": True},
    },
    "multiple-features": {
        "course": COURSE_CH7,
        "longer": COURSE_CH7 | {"ch7-epochs": 1000},
        "raw": COURSE_CH7 | {"ch7-std": False, "ch7-epochs": 1000},
        "too_high": COURSE_CH7 | {"ch7-lr": 10.0},
        "too_deep": COURSE_CH7 | {"ch7-layers": 4, "ch7-w3": 4, "ch7-w4": 4, "ch7-epochs": 500},
        "early_stop": {"ch7-layers": 4, "ch7-w1": 64, "ch7-w2": 64, "ch7-w3": 64, "ch7-w4": 64, "ch7-act": "relu",
                       "ch7-opt": "adam", "ch7-lr": 0.01, "ch7-epochs": 300, "ch7-std": True, "ch7-patience": 10},
    },
    "mini-batches": {
        "course": COURSE_CH8,
        "batch_1": COURSE_CH8 | {"mb-batch-size": 1, "mb-race-epochs": 10},
        "full_batch": COURSE_CH8 | {"mb-batch-size": 0},
        "no_shuffle": COURSE_CH8 | {"mb-shuffle": False},
        "drop_last": COURSE_CH8 | {"mb-batch-size": 256, "mb-drop-last": True},
    },
    "softmax-mnist": {
        "course": QUICK_CH9 | {"sm-epochs": 10, "sm-log-every": 300, "sm-train-subset": 60000, "sm-test-subset": 10000},
        "quick": QUICK_CH9,
        "faster": QUICK_CH9 | {"sm-lr": 0.2},
        "too_high": QUICK_CH9 | {"sm-lr": 1.0},
        "no_momentum": QUICK_CH9 | {"sm-momentum": 0.0},
        "big_batch": QUICK_CH9 | {"sm-batch": 256},
        "cnn": QUICK_CH9 | {"sm-model": "cnn"},
        "early_stop": QUICK_CH9 | {"sm-train-subset": 1000, "sm-epochs": 30, "sm-lr": 0.1, "sm-momentum": 0.9,
                                   "sm-train-patience": 3},
    },
    "convolution": {
        "course": COURSE_CH10,
        "quick": QUICK_CH10,
        "faster": QUICK_CH10 | {"cv-lr": 0.1},
        "too_high": QUICK_CH10 | {"cv-lr": 0.5},
        "no_momentum": QUICK_CH10 | {"cv-momentum": 0.0},
        "exercise": COURSE_CH10 | {"cv-model": "course-cnn-exercise", "cv-epochs": 3},
    },
    # /convolution's explorer tab: no run to start, the figures change at once.
    "convolution-explorer": {
        "lecture": LECTURE_CH10,
        "lecture_padding": LECTURE_CH10 | {"cv-padding": 1},
        "lecture_stride": LECTURE_CH10 | {"cv-stride": 2, "cv-row": 1, "cv-col": 1},
        "edge_stride_2": LECTURE_CH10 | {"cv-input": "digit", "cv-index": 0, "cv-preset": "vertical_edge",
                                         "cv-kernel": kernel_text(kernel_preset("vertical_edge")), "cv-stride": 2,
                                         "cv-row": 6, "cv-col": 8},
    },
}


# Where the learner looks, not what a preset set: clicking another output cell keeps the explorer preset's note.
SELECTIONS = ("cv-row", "cv-col")


def _key(page: str) -> str:
    return f"extras-preset-{page}"


def _apply(page: str) -> None:
    name = st.session_state.get(_key(page))
    if name in PRESETS[page]:
        st.session_state.update(PRESETS[page][name])


def still_shown(values: dict) -> bool:
    """Whether every widget a preset set still holds its value (one not drawn yet, as on a link's first run, counts
    as holding it: it will take the link's value)."""
    return all(key in SELECTIONS or key not in st.session_state or st.session_state[key] == value
               for key, value in values.items())


def presets(page: str, note: str = "presets.applied") -> None:
    """One-click presets for `page` (its URL path without the slash, or that and a panel's name), and what to watch
    in the chosen one; `note` is the text key that says what to do next.

    Once the learner changes a setting the preset made, the preset is no longer what the page shows: its pill is
    unselected and its note goes (it would describe other settings), and one click applies it again.
    """
    chosen = PRESETS[page]
    if st.session_state.get(_key(page)) in chosen and not still_shown(chosen[st.session_state[_key(page)]]):
        st.session_state[_key(page)] = None
    name = st.pills(t("presets.label"), list(chosen), format_func=lambda n: t(f"presets.{page}.{n}"),
                    key=_key(page), on_change=_apply, args=(page,), help=t("presets.help"),
                    bind="query-params")  # a shared link shows the same preset note (its values travel as their own)
    if name in chosen:
        st.info(t(note, name=t(f"presets.{page}.{name}"), watch=t(f"presets.{page}.{name}.watch"),
                  start=t("live.start"), reset=t("live.reset")), icon=":material/visibility:")
