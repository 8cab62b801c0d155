"""Chapter 11's Inception tab: the module's four branches with the learner's widths, and why a 1x1 conv first saves
multiplications (core.inception_cost's arithmetic; nothing trains here)."""

import re

import streamlit as st

from core.inception_cost import LECTURE_WIDTHS, MAX_CHANNELS, MAX_SIZE, bottleneck_cost, inception_cost
from ui.figures_ch11 import inception_figure
from ui.i18n import lang, t
from ui.lecture import sized

URL = "query-params"
KERNELS = (1, 3, 5, 7)  # the square kernels the cost comparison offers


def parse_widths(branch: str, text: str) -> tuple[int, ...]:
    """A branch's widths typed as '16, 24' (commas or spaces); ValueError in the learner's words otherwise."""
    parts = [part for part in re.split(r"[,，\s]+", text.strip()) if part]
    wanted = len(LECTURE_WIDTHS[branch])
    if len(parts) != wanted:
        raise ValueError(t("ch11.bad_count", branch=t(f"ch11.branch.{branch}"), n=wanted, got=len(parts)))
    for part in parts:
        if not part.isdigit():
            raise ValueError(t("ch11.bad_width", branch=t(f"ch11.branch.{branch}"), value=part))
    return tuple(int(part) for part in parts)


def module_rows(cost: dict) -> list[dict]:
    """One table row per branch: its steps' output shapes, weights and multiplications."""
    return [{t("ch11.col.branch"): t(f"ch11.branch.{branch['branch']}"),
             t("ch11.col.shapes"): " → ".join(f"{c}×{h}×{w}" for c, h, w in branch["shapes"]),
             t("ch11.col.weights"): f"{branch['parameters']:,}",
             t("ch11.col.mults"): f"{branch['multiplications']:,}"} for branch in cost["branches"]]


def module_section() -> None:
    """Branch widths in, the module's drawing, output channels, weights and multiplications out."""
    st.markdown(t("ch11.inception_intro"))
    size_col, in_col = st.columns(2)
    size = size_col.number_input(t("ch11.size"), 1, MAX_SIZE, 12, key="ac-size", bind=URL, help=t("ch11.size.help"))
    ins = in_col.number_input(t("ch11.in_channels"), 1, MAX_CHANNELS, 10, key="ac-in", bind=URL)
    columns = st.columns(4)
    texts = {branch: column.text_input(t(f"ch11.branch.{branch}"), ", ".join(map(str, widths)), key=f"ac-w-{branch}",
                                       bind=URL, help=t(f"ch11.branch.{branch}.help"))
             for column, (branch, widths) in zip(columns, LECTURE_WIDTHS.items())}
    try:
        widths = {branch: parse_widths(branch, text) for branch, text in texts.items()}
        cost = inception_cost(int(size), int(ins), widths)
    except ValueError as error:
        st.error(t("ch11.bad", problem=str(error)), icon="⚠️")
        return
    lecture = inception_cost(int(size), int(ins))
    out_col, weights_col, mults_col = st.columns(3)
    out_col.metric(t("ch11.out_channels"), cost["out_channels"],
                   delta=_versus(cost["out_channels"], lecture["out_channels"]))
    weights_col.metric(t("ch11.weights"), f"{cost['parameters']:,}",
                       delta=_versus(cost["parameters"], lecture["parameters"]), delta_color="inverse")
    mults_col.metric(t("ch11.mults"), f"{cost['multiplications']:,}",
                     delta=_versus(cost["multiplications"], lecture["multiplications"]), delta_color="inverse")
    st.plotly_chart(sized(inception_figure(cost, lang=lang())), key="ac-inception-chart",
                    config={"displayModeBar": False})
    st.dataframe(module_rows(cost), hide_index=True, key="ac-inception-table")
    st.caption(t("ch11.inception_caption", out=lecture["out_channels"], weights=lecture["parameters"],
                 mults=lecture["multiplications"]))


def _versus(mine: int, lecture: int) -> str | None:
    """The change from the lecture's widths, None when they are the lecture's."""
    return None if mine == lecture else f"{mine - lecture:+,}"


def bottleneck_section() -> None:
    """The lecture's 5x5 conv from 192 to 32 channels, straight or after a 1x1 conv to 16: the learner's sizes."""
    st.subheader(t("ch11.bottleneck_title"))
    st.markdown(t("ch11.bottleneck_intro"))
    cols = st.columns(5)
    size = cols[0].number_input(t("ch11.size"), 1, MAX_SIZE, 28, key="ac-b-size", bind=URL)
    ins = cols[1].number_input(t("ch11.in_channels"), 1, MAX_CHANNELS, 192, key="ac-b-in", bind=URL)
    outs = cols[2].number_input(t("ch11.out_channels"), 1, MAX_CHANNELS, 32, key="ac-b-out", bind=URL)
    kernel = cols[3].select_slider(t("ch11.kernel"), KERNELS, value=5, key="ac-b-kernel", bind=URL)
    reduce_to = cols[4].number_input(t("ch11.reduce_to"), 1, MAX_CHANNELS, 16, key="ac-b-reduce", bind=URL)
    try:
        cost = bottleneck_cost(int(size), int(ins), int(outs), int(kernel), int(reduce_to))
    except ValueError as error:
        st.error(t("ch11.bad", problem=str(error)), icon="⚠️")
        return
    k, n = int(kernel), int(size)
    st.latex(rf"{k}^2 \cdot {n}^2 \cdot {ins} \cdot {outs} = {cost['direct']:,}".replace(",", "{,}"))
    # The two convs on lines of their own: in one line the sum is wider than a phone
    st.latex(rf"\begin{{aligned}} & 1^2 \cdot {n}^2 \cdot {ins} \cdot {reduce_to} \\ + \; & {k}^2 \cdot {n}^2 \cdot "
             rf"{reduce_to} \cdot {outs} \\ = \; & {cost['bottleneck']:,} \end{{aligned}}".replace(",", "{,}"))
    direct_col, bottleneck_col, ratio_col = st.columns(3)
    direct_col.metric(t("ch11.direct"), f"{cost['direct']:,}")
    bottleneck_col.metric(t("ch11.with_1x1", c=int(reduce_to)), f"{cost['bottleneck']:,}")
    ratio_col.metric(t("ch11.ratio"), f"{cost['ratio']:.2f}×")
    st.caption(t("ch11.bottleneck_caption" if cost["ratio"] > 1 else "ch11.bottleneck_worse",
                 direct=cost["direct_weights"], bottleneck=cost["bottleneck_weights"]))


@st.fragment
def explorer() -> None:
    """The whole tab, rerun on its own when a width changes: pure arithmetic, it never waits for the training."""
    module_section()
    bottleneck_section()
