"""Chapter 8 · Mini-batches: the course's Dataset/DataLoader for real, the batch-size race, the Titanic exercise."""

import streamlit as st

from core import data
from core.config import default_config
from core.minibatch import comparison_configs, epoch_arithmetic, epoch_layout, survival_probability
from core.runner import IDLE
from core.tabular import TITANIC_TITLES
from ui.extras import compare_runs, presets, show_code
from ui import live
from ui.figures import loss_accuracy_figure
from ui.figures_ch8 import age_fill_figure, batch_layout_figure, race_figure
from ui.upload import own_settings

LAYOUT_EPOCHS = 3
WORKER_CHOICES = (0, 1, 2, 4)
HIDDEN_CHOICES = {"16 → 8 (default)": (16, 8), "8": (8,), "32 → 16": (32, 16), "none (logistic regression)": ()}
RUNNING = ("starting", "running", "paused")
RACE_SLOTS = {"Full batch": "mb-race-full", "Mini-batch": "mb-race-mini", "Stochastic (batch 1)": "mb-race-sgd"}
RACE_QUEUED = "mb-race-queued"  # session key: runs are still waiting for their turn

WINDOWS_GUARD = '''import torch
from torch.utils.data import DataLoader

dataset = DiabetesDataset("diabetes.csv.gz")
train_loader = DataLoader(dataset=dataset, batch_size=32, shuffle=True, num_workers=2)


def train():
    for epoch in range(100):
        for i, (inputs, labels) in enumerate(train_loader, 0):
            ...  # forward, backward, update


if __name__ == "__main__":  # Windows starts worker processes by re-importing this file:
    train()                 # without the guard, each worker would start training again.
'''


@st.cache_resource(show_spinner=False)
def diabetes_train_size(test_fraction: float, seed: int) -> int:
    return len(data.load_diabetes(test_fraction=test_fraction, seed=seed).x_train)


@st.cache_resource(show_spinner="Reading titanic.csv …")
def titanic_split(test_fraction: float, seed: int):
    """Shared, read-only: the same split a Training with this config builds."""
    return data.load_titanic(test_fraction=test_fraction, seed=seed)


def batch_size_options(n: int) -> list[int]:
    """1, 2, 4, ... below n, then 0 meaning the whole set."""
    options, size = [], 1
    while size < n:
        options.append(size)
        size *= 2
    return options + [0]


# ---------------------------------------------------------------- the batch-size race
def start_race(runners: dict, configs: dict) -> None:
    """Fresh weights for all three, then the first one starts (advance_race starts the others)."""
    for label, runner in runners.items():
        runner.reset(configs[label])
    st.session_state[RACE_QUEUED] = True
    advance_race(runners)


def advance_race(runners: dict) -> None:
    """Start the next waiting run once the one before it has ended.

    One at a time, so each run has the CPU to itself and the time axis compares batch sizes, not how
    three threads share two cores.
    """
    if not st.session_state.get(RACE_QUEUED):
        return
    statuses = [runner.state().status for runner in runners.values()]
    if any(status in RUNNING for status in statuses):
        return
    waiting = [runner for runner, status in zip(runners.values(), statuses) if status == IDLE]
    if waiting:
        waiting[0].start()
    else:
        st.session_state[RACE_QUEUED] = False


def stop_race(runners: dict) -> None:
    st.session_state[RACE_QUEUED] = False
    for runner in runners.values():
        runner.stop(timeout=0.5)


def reset_race(runners: dict, configs: dict) -> None:
    st.session_state[RACE_QUEUED] = False
    for label, runner in runners.items():
        runner.reset(configs[label])


def draw_race(runners: dict, log_x: bool) -> None:
    """Each run's latest whole-set loss, then the loss against iterations and against time."""
    states = {label: runner.state() for label, runner in runners.items()}
    cols = st.columns(len(states))
    for col, (label, state) in zip(cols, states.items()):
        last = state.latest("eval")
        config = state.config
        size = "all" if config["batch_size"] == 0 else config["batch_size"]
        col.metric(f"{label} · batch {size}", "—" if last is None else f"{last['train/loss']:.4f}",
                   help="BCE loss over all training samples after the last finished epoch.")
        if last is not None:
            spent = f"{1000 * last['time']:.0f} ms" if last["time"] < 1 else f"{last['time']:.2f} s"
            col.caption(f"epoch {last['epoch']}/{config['epochs']} · {last['step']} iterations · {spent}")
        elif state.status != IDLE:
            col.caption(f"{state.status} …")
        if state.status in ("diverged", "error"):
            col.error(state.message)
    records = {label: state.records for label, state in states.items()}
    by_step, by_time = st.columns(2)
    by_step.plotly_chart(race_figure(records, "step", log_x=log_x), key="mb-race-steps")
    by_time.plotly_chart(race_figure(records, "time", log_x=log_x), key="mb-race-time")


def race_view(runners: dict, log_x: bool) -> None:
    """Like ui.live.live_view, for the three runs: poll (and start the next one) while the race is on."""
    def racing() -> bool:
        return bool(st.session_state.get(RACE_QUEUED)) or any(
            runner.state().status in RUNNING for runner in runners.values())

    active = racing()

    @st.fragment(run_every=live.REFRESH_S if active else None)
    def view():
        advance_race(runners)
        draw_race(runners, log_x)
        if active and not racing():
            st.rerun()  # once, so the buttons match the finished race and polling stops

    view()


# ---------------------------------------------------------------- the Titanic exercise
def draw_titanic(state, split) -> None:
    """Accuracy and loss of the Titanic run after each epoch."""
    live.status_line(state)
    last = state.latest("eval")
    cols = st.columns(3)
    cols[0].metric("Train accuracy", "—" if last is None else f"{last['train/acc']:.1%}")
    cols[1].metric("Test accuracy", "—" if last is None else f"{last['test/acc']:.1%}",
                   help=f"{len(split.x_test)} passengers the model never trains on.")
    cols[2].metric("Test loss (BCE)", "—" if last is None else f"{last['test/loss']:.4f}")
    st.plotly_chart(loss_accuracy_figure(state.of_kind("eval"), events=state.of_kind("event"),
                                         x_range=(0, state.config["epochs"]), height=420,
                                         title="Train and test loss (BCE) and accuracy after each epoch"),
                    key="mb-titanic-curves")


# ---------------------------------------------------------------- settings shared by the first two tabs
st.title("8 · Mini-batches: Dataset and DataLoader")
st.markdown(
    "Chapter 7 fed all the diabetes rows to the network at once. Chapter 8 wraps them in a `Dataset` "
    "and lets a `DataLoader` cut each **epoch** (one pass over all training samples) into **batches**; every "
    "batch is one **iteration**: forward, backward, update. Everything below runs the real `DataLoader`."
)

base = default_config("diabetes", loader="dataloader")
n_train = diabetes_train_size(base.test_fraction, base.seed)
presets("mini-batches")
base, n_train = own_settings("mb", base, n_train)  # a learner's own CSV (ui.upload)
with st.container(border=True):
    st.markdown(f"**DataLoader settings** · diabetes data, {n_train} training samples "
                f"({base.test_fraction:.0%} of the rows held out for testing)")
    size_col, shuffle_col, drop_col, workers_col = st.columns([3, 1, 1, 1])
    batch_size = size_col.select_slider(
        "batch_size", options=batch_size_options(n_train), value=32, key="mb-batch-size",
        format_func=lambda v: f"full ({n_train})" if v == 0 else str(v),
        help="How many samples go through the network before each weight update.")
    shuffle = shuffle_col.toggle("shuffle", value=True, key="mb-shuffle",
                                 help="Draw a new random order every epoch (the course shuffles training data).")
    drop_last = drop_col.toggle("drop_last", value=False, key="mb-drop-last",
                                help="Skip the last batch of an epoch when it is smaller than batch_size.")
    num_workers = workers_col.selectbox("num_workers", WORKER_CHOICES, index=0, key="mb-workers",
                                        help="Extra processes that prepare batches (see the note on Windows).")
settings = base.replace(batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, num_workers=num_workers)

epoch_tab, race_tab, titanic_tab = st.tabs(["One epoch, batch by batch", "Full batch vs mini-batch vs stochastic",
                                            "Exercise: Titanic"])

# ---------------------------------------------------------------- tab 1: the arithmetic and the picture
with epoch_tab:
    numbers = epoch_arithmetic(n_train, batch_size, drop_last)
    cols = st.columns(3)
    cols[0].metric("Samples in one epoch", numbers["samples"])
    cols[1].metric("Batch-Size", numbers["batch_size"])
    cols[2].metric("Iterations per epoch", numbers["iterations"])
    rounding = "⌊ ⌋ rounds down: drop_last" if drop_last else "⌈ ⌉ rounds up: the last batch is smaller"
    bracket = ("\\lfloor", "\\rfloor") if drop_last else ("\\lceil", "\\rceil")
    st.latex(f"\\text{{Iteration}} = {bracket[0]} \\frac{{{numbers['samples']}}}{{{numbers['batch_size']}}} "
             f"{bracket[1]} = {bracket[0]} {numbers['exact']:.4g} {bracket[1]} = {numbers['iterations']}")
    if numbers["dropped"]:
        st.caption(f"{rounding}: {numbers['dropped']} samples sit out each epoch (grey below) — a different "
                   "few each time when shuffle is on.")
    elif numbers["last_batch"] != numbers["batch_size"]:
        st.caption(f"{rounding}: it has {numbers['last_batch']} samples.")
    layout = epoch_layout(n_train, batch_size, shuffle, drop_last, LAYOUT_EPOCHS, seed=settings.seed)
    st.plotly_chart(batch_layout_figure(layout, numbers["iterations"]), key="mb-layout-chart")
    st.caption("Same seed, same order as the training runs on this page. Shuffle on: every epoch draws a new "
               "order, so each batch is a different random handful. Shuffle off: the batches are the same "
               "slices of the file every epoch.")
    st.markdown("The chapter's code with these settings:")
    st.code(f"dataset = DiabetesDataset('diabetes.csv.gz')\n"
            f"train_loader = DataLoader(dataset=dataset, batch_size={numbers['batch_size']}, "
            f"shuffle={shuffle}, drop_last={drop_last}, num_workers={num_workers})\n\n"
            f"for epoch in range(100):\n"
            f"    for i, (inputs, labels) in enumerate(train_loader, 0):  # {numbers['iterations']} times\n"
            f"        ...", language="python")
    with st.expander("num_workers > 0 on Windows: the `if __name__ == '__main__':` guard"):
        st.markdown(
            "With `num_workers=2` the DataLoader starts two worker processes. Linux copies the running "
            "program (fork); Windows (and macOS) start a fresh Python that **imports your script again**. "
            "Any code at the top level of the script then runs once more in every worker, and PyTorch stops "
            "with a `RuntimeError` about the bootstrapping phase. Put the loop that iterates the loader in "
            "a function and call it under the guard:")
        st.code(WINDOWS_GUARD, language="python")
        st.caption("On data this small, workers cost more than they save: starting them every epoch takes "
                   "longer than slicing 32 rows out of a tensor. They pay off when `__getitem__` does real work, "
                   "such as reading and decoding image files.")

# ---------------------------------------------------------------- tab 2: the race
with race_tab:
    st.markdown(
        "The chapter's trade-off: the **full batch** uses all samples per update — one fast, vectorised step "
        "per epoch, but few steps. **Stochastic** gradient descent (batch 1) updates after every sample — "
        "many cheap, noisy steps whose randomness helps escape saddle points, but slow per epoch. A "
        "**mini-batch** sits in between. Same network (8-6-4-1, sigmoid), same learning rate, same epochs:"
    )
    epochs_col, lr_col, scale_col = st.columns([2, 2, 1])
    race_epochs = epochs_col.slider("epochs", 5, 100, 30, step=5, key="mb-race-epochs")
    with lr_col:
        race_lr = live.lr_slider("learning rate (SGD)", key="mb-race-lr", default=0.1)
    log_x = scale_col.toggle("log x axis", value=True, key="mb-race-logx",
                             help="Full batch takes one step per epoch, batch 1 takes hundreds: a log axis "
                                  "shows both.")
    configs = comparison_configs(settings.replace(epochs=race_epochs, lr=race_lr), n_train)
    runners = {label: live.session_runner(slot, configs[label]) for label, slot in RACE_SLOTS.items()}
    for label, runner in runners.items():
        live.sync_config(runner, configs[label])
    advance_race(runners)
    statuses = [runner.state().status for runner in runners.values()]
    race_on = st.session_state.get(RACE_QUEUED) or any(status in RUNNING for status in statuses)
    run_col, stop_col, reset_col = st.columns(3)
    # Clicks are handled here rather than in on_click callbacks: a callback would get the configs of the
    # previous run, so a click arriving together with a changed slider would race with the old settings.
    if run_col.button("Run all three", key="mb-race-start", type="primary", disabled=race_on, width="stretch",
                      help="Runs full batch, then mini-batch, then batch 1, each from the same initial weights."):
        start_race(runners, configs)
        st.rerun()
    if stop_col.button("Stop", key="mb-race-stop", disabled=not race_on, width="stretch"):
        stop_race(runners)
        st.rerun()
    if reset_col.button("Reset", key="mb-race-reset", disabled=race_on, width="stretch"):
        reset_race(runners, configs)
        st.rerun()
    race_view(runners, log_x)
    show_code(runners["Mini-batch"].cfg, "mb-race")
    st.caption("Thin lines: mean loss of the batches in each logged stretch (about 25 per epoch). Thick lines: "
               "loss over all training samples after each epoch. The runs go one after another, so each has the "
               "CPU to itself; time counts the seconds spent in training steps.")
    with st.expander("What to look for"):
        st.markdown(
            "- **Against iterations**, smaller batches descend per step about as well as big ones — and they "
            "take many more steps per epoch, so after the same number of epochs they are much further down.\n"
            "- **Against time**, a full-batch step is cheap (one matrix product over 576 rows), so it runs many "
            "epochs per second; batch 1 pays Python's per-step overhead 576 times an epoch.\n"
            "- The thin batch-1 line is **noisy**: each step follows one sample's gradient. That noise is what "
            "lets SGD wander out of flat regions and saddle points where the full-batch gradient is ~0.\n"
            "- The chapter's answer: mini-batches keep most of the vectorised speed and enough noise.")

# ---------------------------------------------------------------- tab 3: the Titanic exercise
with titanic_tab:
    titanic_cfg = default_config("titanic")
    split = titanic_split(titanic_cfg.test_fraction, titanic_cfg.seed)
    rows = split.rows
    missing = [i for i, row in enumerate(rows) if row["age"] is None]
    st.markdown(
        f"The chapter's exercise: predict who survived the Titanic. `titanic.csv` has {len(rows)} passengers; "
        f"**{len(missing)} have no recorded age**. A network needs numbers in every cell, and numbers that mean "
        "something — so the table is prepared first.")
    only_missing = st.toggle("show only passengers with a missing age", key="mb-titanic-missing")
    shown = [rows[i] for i in missing] if only_missing else list(rows)
    st.dataframe(shown, height=260, key="mb-titanic-raw",
                 column_config={"age": st.column_config.NumberColumn("age", help="empty = not recorded")})

    st.subheader("Preprocessing: before → after")
    fill = split.age_fill
    fill_text = (", ".join(f"{title} {age:g}" for title, age in fill.items()) if isinstance(fill, dict)
                 else f"{fill:g}")
    st.markdown(
        "1. **Class** 1/2/3 → three one-hot columns `pclass_1..3`: a class is a category, not an amount "
        "(3rd class is not three times 1st class).\n"
        "2. **Sex** → `sex_male` 0/1.\n"
        f"3. **Missing age** → the median age of training passengers with the same title in their name "
        f"({fill_text}); a *Master* is a boy, so he should not get a grown man's age.\n"
        "4. **Family size** = siblings/spouses + parents/children + 1, and `is_alone`.\n"
        "5. **Scale** age and family size with the training split's mean and standard deviation "
        "(fitted on the training rows only, so the test rows stay unseen).")
    before, encoded, after = split.preview(n=6, split="train")
    st.caption("Before: the first raw rows of the training split")
    st.dataframe(before, key="mb-titanic-before", hide_index=True)
    st.caption("After: the same passengers as the model sees them (age and family size scaled)")
    st.dataframe([{k: round(v, 3) for k, v in row.items()} for row in after], key="mb-titanic-after",
                 hide_index=True)
    with st.expander("The encoded rows before scaling"):
        st.dataframe(encoded, key="mb-titanic-encoded", hide_index=True)
    age_column = split.feature_names.index("age")
    st.plotly_chart(age_fill_figure([row["age"] for row in rows if row["age"] is not None],
                                    [float(split.encoded[i, age_column]) for i in missing]),
                    key="mb-titanic-ages")

    st.subheader("Train the classifier")
    hidden_col, act_col, opt_col = st.columns(3)
    hidden = HIDDEN_CHOICES[hidden_col.selectbox("hidden layers", list(HIDDEN_CHOICES), key="mb-titanic-hidden")]
    activation = act_col.selectbox("activation", ("relu", "sigmoid", "tanh"), key="mb-titanic-act")
    optimizer = opt_col.selectbox("optimizer", ("adam", "sgd"), key="mb-titanic-opt")
    lr_col, epochs_col, batch_col = st.columns(3)
    with lr_col:
        titanic_lr = live.lr_slider("learning rate", key="mb-titanic-lr", default=titanic_cfg.lr)
    titanic_epochs = epochs_col.slider("epochs", 10, 300, 50, step=10, key="mb-titanic-epochs")
    titanic_batch = batch_col.select_slider("batch size", options=(8, 16, 32, 64, 128, 0), value=32,
                                            key="mb-titanic-batch",
                                            format_func=lambda v: "full" if v == 0 else str(v))
    titanic_cfg = live.checked_config("mb-titanic", "titanic", hidden=hidden, activation=activation,
                                      optimizer=optimizer, lr=titanic_lr, epochs=titanic_epochs,
                                      batch_size=titanic_batch, loader="dataloader", n_train=len(split.x_train))
    titanic_runner = live.session_runner("mb-titanic", titanic_cfg)
    live.controls("mb-titanic", titanic_runner, titanic_cfg)

    live.live_view("mb-titanic", titanic_runner, lambda state: draw_titanic(state, split))
    show_code(titanic_runner.cfg, "mb-titanic")
    compare_runs("mb-titanic", titanic_runner)

    st.subheader("Would this passenger survive?")
    with st.form("mb-passenger"):
        cols = st.columns(3)
        pclass = cols[0].selectbox("ticket class", (1, 2, 3), index=2, key="mb-p-class")
        sex = cols[1].radio("sex", ("female", "male"), horizontal=True, key="mb-p-sex")
        title = cols[2].selectbox("title", ("guess from sex and age", *TITANIC_TITLES), key="mb-p-title")
        cols = st.columns(4)
        age = cols[0].number_input("age (years)", min_value=0.0, max_value=100.0, value=30.0, step=1.0,
                                   key="mb-p-age")
        age_unknown = cols[1].checkbox("age unknown", key="mb-p-age-unknown",
                                       help="Filled in like the training rows: the median age for the title.")
        sibsp = cols[2].number_input("siblings/spouses aboard", 0, 10, 0, key="mb-p-sibsp")
        parch = cols[3].number_input("parents/children aboard", 0, 10, 0, key="mb-p-parch")
        asked = st.form_submit_button("Predict", type="primary")
    if asked:
        model = titanic_runner.latest_model()
        if model is None:
            st.info("Train the classifier first (at least one epoch): the prediction uses its weights.")
        else:
            try:
                probability = survival_probability(
                    model, split, pclass, sex, None if age_unknown else age, sibsp, parch,
                    title=None if title.startswith("guess") else title)
            except ValueError as error:
                st.error(f"Check the passenger: {error}")
            else:
                epoch = (titanic_runner.state().latest("eval") or {}).get("epoch", "?")
                verdict = "survives" if probability >= 0.5 else "does not survive"
                st.metric("P(survived)", f"{probability:.1%}", help=f"Model after epoch {epoch}.")
                st.progress(probability, text=f"The model says this passenger **{verdict}** "
                                              f"(threshold 50%, model after epoch {epoch}).")
