"""Chapter 7 · Multiple features: eight diabetes measurements in, one probability out, trained live."""

import pandas as pd
import streamlit as st

from core import data
from core.runner import DONE, RunnerState
from core.tabular import DIABETES_FEATURES
from ui.export import show_code
from ui.presets import presets
from ui.stop_rules import patience_setting
from ui import figures_ch7 as ch7
from ui.figures import growing_range, loss_accuracy_figure
from ui.i18n import TEXT, lang, t
from ui.lecture import is_on, sized
from ui.share import early_value
from ui.live import checked_config, controls, full_batch_settings, live_view, session_runner, status_line
from ui.upload import own_split

SLOT = "ch7"
WIDTHS = (6, 4, 4, 4)  # the course's 8-6-4-1, then more of the same if layers are added
COMPARED = ("hidden", "activation", "optimizer", "lr", "standardise", "epochs", "seed", "test_fraction", "data")


@st.cache_data(show_spinner=False)
def diabetes_table() -> pd.DataFrame:
    x, y = data.read_diabetes()
    table = pd.DataFrame(x, columns=list(DIABETES_FEATURES))
    table["diabetes"] = y.astype(int)
    return table


@st.cache_resource(show_spinner=False)
def diabetes_split(test_fraction: float, seed: int, standardise: bool):
    """The split the model trains on (read-only tensors shared by every session)."""
    return data.load_diabetes(test_fraction=test_fraction, seed=seed, standardise=standardise)


def feature_label(name: str) -> str:
    """A column's name in the learner's language (names without a translation, e.g. uploaded ones, as they are)."""
    key = f"ch7.feature.{name}"
    return t(key) if key in TEXT else name


LANG = lang()
st.title(t("ch7.title"))
st.markdown(t("ch7.intro"))

# ---------------------------------------------------------------- the data
st.subheader(t("ch7.data"))
table = diabetes_table()
c1, c2 = st.columns(2)
standardise = c1.toggle(t("ch7.standardise"), value=True, key="ch7-std", help=t("ch7.standardise_help"),
                        bind="query-params")
test_fraction = c2.slider(t("ch7.test_share"), 0.1, 0.5, 0.25, 0.05, key="ch7-test",
                          help=t("ch7.test_share_help"), bind="query-params")
seed = int(early_value("ch7-seed", 0, int, lambda v: 0 <= v <= 9999))  # the seed widget is drawn further down
split = diabetes_split(test_fraction, seed, standardise)
split, data_id = own_split(SLOT, split, test_fraction, seed, standardise)  # a learner's own CSV (ui.upload)
feature_names = [feature_label(name) for name in split.feature_names]
# Folded away outside lecture mode: on a phone the table and histograms would push Start three screens down.
with st.expander(t("ch7.data_look"), expanded=is_on()):
    st.caption(t("ch7.counts", people=len(table), sick=int(table["diabetes"].sum())))
    st.caption(t("ch7.data_caption"))
    st.dataframe(table.rename(columns=feature_label), height=250, key="ch7-table")
    st.plotly_chart(sized(ch7.feature_histograms(split.x_train.numpy(), split.y_train.numpy(), feature_names,
                                                 standardise, lang=LANG, own=bool(data_id))), key="ch7-hist")

# ---------------------------------------------------------------- the network
st.subheader(t("ch7.build"))
c1, c2, c3 = st.columns([1.3, 1.6, 2])
layers = c1.slider(t("ch7.layers"), 0, 4, 2, key="ch7-layers", help=t("ch7.layers_help"),
                   bind="query-params")
activation = c2.radio(t("ch7.activation"), ("sigmoid", "tanh", "relu"), horizontal=True, key="ch7-act",
                      bind="query-params")
columns = st.columns(4)
hidden = tuple(columns[i].slider(t("ch7.width", n=i + 1), 1, 64, WIDTHS[i], key=f"ch7-w{i + 1}",
                                 bind="query-params")
               for i in range(layers))
widths = ch7.layer_widths(len(split.feature_names), hidden)
c3.metric(t("ch7.parameters"), f"{ch7.parameter_total(widths):,}",
          help=" · ".join(f"Linear({a}, {b})" for a, b in zip(widths[:-1], widths[1:])))

presets("multiple-features")
lr, epochs, optimizer, seed_widget, delay = full_batch_settings(  # the seed was read above: the split needs it
    SLOT, lr=0.1, epochs=(5000, 100, 50),
    epochs_help=t("ch7.epochs_help"), pace_label=t("ch7.pace"), pace=20,
    seed_help=t("ch7.seed_help"))
if seed_widget != seed:
    st.rerun()  # the widget did not take the link's seed: draw the split again with the seed it shows

cfg = checked_config(SLOT, "diabetes", hidden=hidden, activation=activation, optimizer=optimizer, lr=lr,
                     epochs=epochs, seed=seed, standardise=standardise,
                     test_fraction=test_fraction)
cfg = patience_setting(SLOT, cfg)
cfg = cfg.replace(data=data_id)  # "" = the course's table
runner = session_runner(SLOT, cfg, delay)
controls(SLOT, runner, cfg)


def previous_run(state: RunnerState) -> tuple[list[dict], str]:
    """The last finished run's curves, to draw faintly under a run with other settings (and what differed)."""
    previous = st.session_state.get("ch7-previous")
    if state.status in DONE and state.of_kind("eval"):
        st.session_state["ch7-previous"] = {"config": state.config, "evals": [
            {k: r[k] for k in ("epoch", "train/loss", "train/acc", "test/loss", "test/acc") if k in r}
            for r in state.of_kind("eval")]}
    if not previous or previous["config"] == state.config:
        return [], ""
    changed = [f"{t(f'ch7.field.{k}')} {_shown(k, previous['config'].get(k, ''))}" for k in COMPARED
               if previous["config"].get(k, "") != state.config.get(k, "")]
    return previous["evals"], t("ch7.before", changed=", ".join(changed))


def _shown(field: str, value) -> str:
    """A config value as the 'before' label shows it: the data as whose table it was, not its id."""
    if field == "data":
        return t("ch7.data.own" if value else "ch7.data.course")
    return str(value)


def draw(state: RunnerState) -> None:
    status_line(state)
    evals = state.of_kind("eval")
    latest = evals[-1] if evals else None
    run_cfg = state.config
    ghost, ghost_label = previous_run(state)
    left, right = st.columns([1.1, 1])
    with left:
        title = t("ch7.curves")
        if latest is not None:
            title += t("ch7.curves_epoch", epoch=latest["epoch"], acc=f"{latest['test/acc']:.1%}")
        done = max(latest["epoch"] if latest else 0, len(ghost))
        st.plotly_chart(sized(loss_accuracy_figure(
            evals, events=state.of_kind("event"), ghost=ghost, x_range=growing_range(done, run_cfg["epochs"]),
            ghost_label=ghost_label or None, title=title, lang=LANG)), key="ch7-curves")
    with right:
        run_widths = ch7.layer_widths(len(split.feature_names), run_cfg["hidden"])
        title = (t("ch7.net_title", widths=" → ".join(map(str, run_widths)), activation=run_cfg["activation"])
                 if latest else t("ch7.net_empty"))
        st.plotly_chart(sized(ch7.network_figure(run_widths, latest["weights"] if latest else None, title=title,
                                                 input_names=feature_names, activation=run_cfg["activation"],
                                                 output_name=t("figures_ch7.own_output_name") if run_cfg.get("data")
                                                 else None, lang=LANG)), key="ch7-net")
    if latest is not None:
        st.plotly_chart(sized(ch7.first_layer_figure(latest["weights"][0], feature_names, lang=LANG)),
                        key="ch7-first")
        if not run_cfg["standardise"]:
            st.caption(t("ch7.raw_caption"))


live_view(SLOT, runner, draw)
show_code(runner.cfg, SLOT)
