"""Lecture 2 · The linear model ŷ = x·w: guess w, search every w, and the cost surface over (w, b)."""

import pandas as pd
import streamlit as st

from core import cost
from ui import figures_ch2 as ch2
from ui.animate import play_buttons, played
from ui.i18n import lang, t
from ui.lecture import sized

LANG = lang()

st.title(t("ch2.title"))
st.markdown(t("ch2.intro"))

# ---------------------------------------------------------------- the data, as the learner edits it
st.subheader(t("ch2.data"))
left, mid, right = st.columns([2.2, 1.4, 0.8])
typed = left.text_input(t("ch2.points"), "", key="lm-points", placeholder="4, 8; 5, 10.5", help=t("ch2.points_help"),
                        bind="query-params")
noise = mid.slider(t("ch2.noise"), 0.0, cost.NOISE_MAX, 0.0, 0.1, key="lm-noise", help=t("ch2.noise_help"),
                   bind="query-params")
seed = right.number_input(t("ch2.seed"), 0, 9999, 0, key="lm-seed", bind="query-params")
try:
    extra = cost.parse_points(typed)
except ValueError as error:
    st.error(t("ch2.bad_points", problem=str(error)), icon="⚠️")
    extra = []
x, y = cost.dataset(extra, noise, int(seed))
if extra or noise:
    st.caption(t("ch2.edited", n=len(x)))

# ---------------------------------------------------------------- one guess of w
st.subheader(t("ch2.guess"))
left, right = st.columns([1, 1.6])
with left:
    w = st.slider(t("ch2.w"), 0.0, 4.0, 1.0, 0.1, key="lm-w", bind="query-params")
    table = pd.DataFrame({"x": x, "y": y, "ŷ = x·w": x * w, t("ch2.col_loss"): cost.squared_errors(x, y, w)})
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        name: st.column_config.NumberColumn(format="%.3f") for name in table.columns})
    st.metric(t("ch2.mse"), f"{cost.mse(x, y, w):.3f}", help=t("ch2.mse_help"))
right.plotly_chart(sized(ch2.fit_figure(x, y, w, lang=LANG)), key="lm-fit")

# ---------------------------------------------------------------- the exhaustive search
st.subheader(t("ch2.search"))
st.markdown(t("ch2.search_text"))
costs = cost.mse_curve(x, y)
play_buttons("lm-search", len(cost.W_SEARCH), t("ch2.play"), t("ch2.show_all"))


def draw_search(shown: int) -> None:
    st.plotly_chart(sized(ch2.search_figure(cost.W_SEARCH, costs, shown, w, lang=LANG)), key="lm-search-chart")
    if 0 < shown < len(cost.W_SEARCH):
        st.caption(t("ch2.search_now", w=f"{cost.W_SEARCH[shown - 1]:.1f}", cost=f"{costs[shown - 1]:.3f}"))


played("lm-search", len(cost.W_SEARCH), draw_search)
st.caption(t("ch2.search_after", w=f"{cost.best_w(x, y):.3f}"))
with st.expander(t("ch2.search_table")):
    st.dataframe(pd.DataFrame({"w": cost.W_SEARCH.round(1), "MSE": costs.round(4)}), hide_index=True, height=300)

# ---------------------------------------------------------------- the exercise: ŷ = x·w + b
st.subheader(t("ch2.surface"))
st.markdown(t("ch2.surface_text"))
left, right = st.columns(2)
b = left.slider(t("ch2.b"), -4.0, 4.0, 0.0, 0.1, key="lm-b", bind="query-params")
best = cost.best_fit(x, y)
ws, bs = cost.grid_around(best, (w, b))
z = cost.surface(x, y, ws, bs)
here = float(cost.mse(x, y, w, b))
right.metric(t("ch2.mse_wb"), f"{here:.3f}",
             help=t("ch2.best_fit", w=f"{best[0]:.3f}", b=f"{best[1]:.3f}", cost=f"{cost.mse(x, y, *best):.3f}"))
left, right = st.columns(2)
left.plotly_chart(sized(ch2.surface_figure(ws, bs, z, (w, b, here), best, lang=LANG)), key="lm-surface")
right.plotly_chart(sized(ch2.contour_figure(ws, bs, z, (w, b), best, lang=LANG)), key="lm-contour")
st.caption(t("ch2.best_fit", w=f"{best[0]:.3f}", b=f"{best[1]:.3f}", cost=f"{cost.mse(x, y, *best):.3f}"))
st.info(t("ch2.practice"), icon="💡")
