"""Chapter 7 · Multiple features: eight diabetes measurements in, one probability out, trained live."""

import pandas as pd
import streamlit as st

from core import data
from core.config import default_config
from core.runner import DONE, RunnerState
from core.tabular import DIABETES_FEATURES
from ui import figures_ch7 as ch7
from ui.upload import own_split
from ui.figures import growing_range, loss_accuracy_figure
from ui.live import controls, full_batch_settings, live_view, session_runner, status_line

SLOT = "ch7"
WIDTHS = (6, 4, 4, 4)  # the course's 8-6-4-1, then more of the same if layers are added
COMPARED = ("hidden", "activation", "optimizer", "lr", "standardise", "epochs", "seed", "test_fraction")
OVERFIT = {"ch7-layers": 4, "ch7-w1": 64, "ch7-w2": 64, "ch7-w3": 64, "ch7-w4": 64, "ch7-act": "relu",
           "ch7-opt": "adam", "ch7-lr": 0.01, "ch7-epochs": 100}
COURSE = {"ch7-layers": 2, "ch7-w1": 6, "ch7-w2": 4, "ch7-act": "sigmoid", "ch7-opt": "sgd", "ch7-lr": 0.1,
          "ch7-epochs": 100, "ch7-std": True}


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


def preset(values: dict) -> None:
    st.session_state.update(values)


st.title("7 · Multiple features 处理多维输入")
st.markdown("Each **sample** 样本 is one person, each **feature** 特征 one measurement: eight numbers in, "
            "one probability of diabetes out. `Linear(8, 6)` turns 8 features into 6 in one matrix product.")

# ---------------------------------------------------------------- the data
st.subheader("The data: 8 features, 1 label")
st.caption("This table is in raw units (glucose in mg/dL, age in years, …); the course's own "
           "diabetes.csv.gz had every column rescaled to [-1, 1], which its code relies on.")
table = diabetes_table()
st.dataframe(table, height=250, key="ch7-table")
c1, c2, c3 = st.columns([1.2, 1.2, 3])
standardise = c1.toggle("standardise features", value=True, key="ch7-std",
                        help="Subtract each feature's mean and divide by its std, fitted on the training split.")
test_fraction = c2.slider("test share", 0.1, 0.5, 0.25, 0.05, key="ch7-test",
                          help="People held out to measure overfitting; the rest train the model.")
c3.caption(f"{len(table)} people, {int(table['diabetes'].sum())} with diabetes. Histograms show the training "
           "split on the scale the network sees: raw glucose (~120) pushes a sigmoid deep into its flat region.")
seed = int(st.session_state.get("ch7-seed", 0))
split = diabetes_split(test_fraction, seed, standardise)
split, data_id = own_split(SLOT, split, test_fraction, seed, standardise)  # a learner's own CSV (ui.upload)
st.plotly_chart(ch7.feature_histograms(split.x_train.numpy(), split.y_train.numpy(), split.feature_names,
                                       standardise), key="ch7-hist")

# ---------------------------------------------------------------- the network
st.subheader("Build the network, then train it")
c1, c2, c3 = st.columns([1.3, 1.6, 2])
layers = c1.slider("hidden layers", 0, 4, 2, key="ch7-layers", help="0 hidden layers is logistic regression "
                   "on all 8 features.")
activation = c2.radio("activation", ("sigmoid", "tanh", "relu"), horizontal=True, key="ch7-act")
columns = st.columns(4)
hidden = tuple(columns[i].slider(f"layer {i + 1} width", 1, 64, WIDTHS[i], key=f"ch7-w{i + 1}")
               for i in range(layers))
widths = ch7.layer_widths(len(split.feature_names), hidden)
c3.metric("parameters (weights + biases)", f"{ch7.parameter_total(widths):,}",
          help=" · ".join(f"Linear({a}, {b})" for a, b in zip(widths[:-1], widths[1:])))

lr, epochs, optimizer, _, delay = full_batch_settings(  # the seed was read above: the split needs it first
    SLOT, lr=0.1, epochs=(5000, 100, 50),
    epochs_help="Full batch, as in the course: one epoch is one step over all training people.",
    pace_label="epochs per second", pace=20, seed_help="Weight initialisation and the train/test split.")
c1, c2, _ = st.columns([1, 1, 2])
c1.button("Course settings: 8-6-4-1, sigmoid, SGD 0.1", key="ch7-course", on_click=preset, args=(COURSE,),
          width="stretch")
c2.button("Overfit on purpose: 4 × 64 ReLU, Adam", key="ch7-overfit", on_click=preset, args=(OVERFIT,),
          width="stretch", help="Too much capacity learns the noise of the training people (the chapter's 7.3).")

cfg = default_config("diabetes", hidden=hidden, activation=activation, optimizer=optimizer, lr=lr,
                     epochs=epochs, seed=seed, standardise=standardise,
                     test_fraction=test_fraction)
runner = session_runner(SLOT, cfg, delay)
cfg = cfg.replace(data=data_id)  # "" = the course's table; controls() hands it to an idle run
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
    changed = [f"{k} {previous['config'][k]}" for k in COMPARED if previous["config"][k] != state.config[k]]
    return previous["evals"], f"before ({', '.join(changed)})"


def draw(state: RunnerState) -> None:
    status_line(state)
    evals = state.of_kind("eval")
    latest = evals[-1] if evals else None
    run_cfg = state.config
    ghost, ghost_label = previous_run(state)
    left, right = st.columns([1.1, 1])
    with left:
        title = "Train vs test"
        if latest is not None:
            title += f" · epoch {latest['epoch']}: test accuracy {latest['test/acc']:.1%}"
        done = max(latest["epoch"] if latest else 0, len(ghost))
        st.plotly_chart(loss_accuracy_figure(evals, events=state.of_kind("event"), ghost=ghost,
                                             x_range=growing_range(done, run_cfg["epochs"]), ghost_label=ghost_label,
                                             title=title), key="ch7-curves")
    with right:
        run_widths = ch7.layer_widths(len(split.feature_names), run_cfg["hidden"])
        title = (f"{' → '.join(map(str, run_widths))}, {run_cfg['activation']}: blue +, red −, thick = large |w|"
                 if latest else "The network (weights appear once it trains)")
        st.plotly_chart(ch7.network_figure(run_widths, latest["weights"] if latest else None, title=title,
                                           input_names=split.feature_names, activation=run_cfg["activation"]),
                        key="ch7-net")
    if latest is not None:
        st.plotly_chart(ch7.first_layer_figure(latest["weights"][0], split.feature_names), key="ch7-first")
        if not run_cfg["standardise"]:
            st.caption("Raw units: a feature with big numbers (insulin, glucose) needs only small weights, so "
                       "compare these bars with standardisation on.")


live_view(SLOT, runner, draw)
