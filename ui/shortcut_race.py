"""Chapter 11's "why a shortcut" tab: a deep plain net and the same depth with residual blocks trained side by side on
the same batches (core.shortcut), each layer's gradient norm drawn as they train."""

import streamlit as st

from core.advanced_cnn import BLOCK_KINDS
from core.shortcut import MAX_DEPTH, MIN_DEPTH, ShortcutConfig, layer_names, shortcut_race, summary
from ui.figures_ch11 import gradient_figure, race_loss_figure
from ui.i18n import lang, t
from ui.lecture import sized

URL = "query-params"
RACE = "ac-race"  # session key: the last race, {"config": ShortcutConfig, "records": [...]}
STEPS = (10, 20, 30, 60, 100)
DIGITS = 6000  # the race's training digits: the first of MNIST's training set
FRAMES = 10  # the charts are redrawn this many times while a race runs


def race_config() -> ShortcutConfig | None:
    """The race's settings from its widgets, or None after saying what is wrong."""
    depth_col, steps_col = st.columns(2)
    depth = depth_col.slider(t("ch11.depth"), MIN_DEPTH, MAX_DEPTH, 20, step=2, key="ac-depth", bind=URL,
                             help=t("ch11.depth.help"))
    steps = steps_col.select_slider(t("ch11.race_steps"), STEPS, value=30, key="ac-race-steps", bind=URL)
    kind = st.radio(t("ch11.block"), BLOCK_KINDS, format_func=lambda kind: t(f"ch11.block.{kind}"),
                    key="ac-race-kind", bind=URL, horizontal=True, help=t("ch11.block.help"))
    try:
        return ShortcutConfig(depth=int(depth), steps=int(steps), kind=kind)
    except ValueError as error:  # a hand-edited link: an odd depth
        st.error(t("ch11.bad", problem=str(error)), icon="⚠️")
        return None


def draw(cfg: ShortcutConfig, records: list[dict], grad_spot, loss_spot, keyed: bool) -> None:
    """The newest step's gradient norms and both losses so far; keyed once the race is over (a key may be drawn
    once a run, and the frames while it trains are drawn into the same places)."""
    keys = ({"key": "ac-grad-chart"}, {"key": "ac-race-loss-chart"}) if keyed else ({}, {})
    grad_spot.plotly_chart(sized(gradient_figure(layer_names(cfg.depth), records[-1], lang=lang())), **keys[0])
    loss_spot.plotly_chart(sized(race_loss_figure(records, lang=lang())), **keys[1])


def findings(cfg: ShortcutConfig, records: list[dict]) -> None:
    """How much gradient reaches the first layer in each net, as a share of the classifier's (mean over the race)."""
    found = summary(cfg, records)
    cols = st.columns(2)
    for col, name in zip(cols, ("plain", "residual")):
        norms = found[f"{name}/mean_grad"]
        col.metric(t(f"ch11.reach.{name}", depth=cfg.depth), f"{norms[0] / norms[-1]:.1e}",
                   help=t("ch11.reach.help"))
    st.caption(t("ch11.race_caption", plain=found["plain/last_loss"], residual=found["residual/last_loss"],
                 steps=cfg.steps))


def race_tab(tensors) -> None:
    """The settings, Race, and the last race's charts (drawn as it trains, then kept for this session)."""
    st.markdown(t("ch11.race_intro"))
    cfg = race_config()
    if cfg is None:
        return
    clicked = st.button(t("ch11.race_run"), key="ac-race-run", type="primary", icon=":material/sprint:")
    grad_spot, loss_spot = st.empty(), st.empty()
    if clicked:
        records, every = [], max(1, cfg.steps // FRAMES)
        for record in shortcut_race(cfg, tensors.x_train[:DIGITS], tensors.y_train[:DIGITS]):
            records.append(record)
            if record["step"] % every == 0 and record["step"] < cfg.steps:
                draw(cfg, records, grad_spot, loss_spot, keyed=False)
        st.session_state[RACE] = {"config": cfg, "records": records}
    held = st.session_state.get(RACE)
    if held is None:
        st.caption(t("ch11.race_empty", run=t("ch11.race_run")))
        return
    if held["config"] != cfg:
        old = held["config"]
        st.info(t("ch11.race_old", depth=old.depth, steps=old.steps, kind=t(f"ch11.block.{old.kind}"),
                  run=t("ch11.race_run")), icon=":material/history:")
    draw(held["config"], held["records"], grad_spot, loss_spot, keyed=True)
    findings(held["config"], held["records"])
