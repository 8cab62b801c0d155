"""Chapter 8 · Mini-batches: the course's Dataset/DataLoader for real, the batch-size race, the Titanic exercise."""

import streamlit as st

from core import data
from core.config import default_config
from core.minibatch import comparison_configs, epoch_arithmetic, epoch_layout, survival_probability
from core.run_group import RunGroup
from core.runner import IDLE
from core.tabular import TITANIC_TITLES
from ui.export import show_code
from ui.presets import presets
from ui import live, polling
from ui.i18n import lang, t
from ui.lecture import sized
from ui.figures import loss_accuracy_figure
from ui.figures_ch8 import age_fill_figure, batch_layout_figure, race_figure
from ui.upload import own_settings

LAYOUT_EPOCHS = 3
WORKER_CHOICES = (0, 1, 2, 4)
HIDDEN_CHOICES = {"16-8": (16, 8), "8": (8,), "32-16": (32, 16), "none": ()}  # shown as ch8.hidden.<name>
RACE_SLOTS = {"Full batch": "mb-race-full", "Mini-batch": "mb-race-mini", "Stochastic (batch 1)": "mb-race-sgd"}
RACE_NAMES = {"Full batch": "ch8.race.full", "Mini-batch": "ch8.race.mini", "Stochastic (batch 1)": "ch8.race.sgd"}
RACE_GROUP = "mb-race"  # session key of the race's RunGroup

WINDOWS_GUARD = '''import torch
from torch.utils.data import DataLoader

dataset = DiabetesDataset("diabetes.csv.gz")
train_loader = DataLoader(dataset=dataset, batch_size=32, shuffle=True, num_workers=2)


def train():
    for epoch in range(100):
        for i, (inputs, labels) in enumerate(train_loader, 0):
            ...  # forward, backward, update


# {comment}
if __name__ == "__main__":
    train()
'''


@st.cache_resource(show_spinner=False)
def diabetes_train_size(test_fraction: float, seed: int) -> int:
    return len(data.load_diabetes(test_fraction=test_fraction, seed=seed).x_train)


@st.cache_resource(show_spinner=False)
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
def race_group(runners: dict) -> RunGroup:
    """This learner's race, kept in the session like its runs: one run after another (core.run_group)."""
    group = st.session_state.get(RACE_GROUP)
    if group is None or group.runners != runners:
        group = st.session_state[RACE_GROUP] = RunGroup(runners, in_turn=True)
    return group


def draw_race(race: RunGroup, log_x: bool) -> None:
    """Each run's latest whole-set loss, then the loss against iterations and against time."""
    states = {t(RACE_NAMES[label]): state for label, state in race.states().items()}
    cols = st.columns(len(states))
    for col, (name, state) in zip(cols, states.items()):
        last = state.latest("eval")
        config = state.config
        size = t("ch8.race.all") if config["batch_size"] == 0 else config["batch_size"]
        col.metric(t("ch8.race.metric", run=name, size=size), "—" if last is None else f"{last['train/loss']:.4f}",
                   help=t("ch8.race.metric.help"))
        if last is not None:
            spent = t("ch8.time.ms", ms=1000 * last["time"]) if last["time"] < 1 else t("ch8.time.s", s=last["time"])
            col.caption(t("ch8.race.progress", epoch=last["epoch"], epochs=config["epochs"], steps=last["step"],
                          spent=spent))
        elif state.status != IDLE:
            col.caption(t(f"ch8.status.{state.status}"))
        if state.status in ("diverged", "error"):
            col.error(state.message)
    records = {name: state.records for name, state in states.items()}
    by_step, by_time = st.columns(2)
    by_step.plotly_chart(sized(race_figure(records, "step", log_x=log_x, lang=lang())), key="mb-race-steps")
    by_time.plotly_chart(sized(race_figure(records, "time", log_x=log_x, lang=lang())), key="mb-race-time")


def race_view(race: RunGroup, log_x: bool) -> None:
    """Like ui.live.live_view, for the three runs: poll (and start the next one) while the race is on."""
    active = race.busy

    @st.fragment(run_every=polling.every("mb-race", live.REFRESH_S if active else None))
    def view():
        race.keep_in_step()
        draw_race(race, log_x)
        if active and not race.busy:
            st.rerun()  # once, so the buttons match the finished race and polling stops

    view()


# ---------------------------------------------------------------- the Titanic exercise
def draw_titanic(state, split) -> None:
    """Accuracy and loss of the Titanic run after each epoch."""
    live.status_line(state)
    last = state.latest("eval")
    cols = st.columns(3)
    cols[0].metric(t("ch8.train_acc"), "—" if last is None else f"{last['train/acc']:.1%}")
    cols[1].metric(t("ch8.test_acc"), "—" if last is None else f"{last['test/acc']:.1%}",
                   help=t("ch8.test_acc.help", n=len(split.x_test)))
    cols[2].metric(t("ch8.test_loss"), "—" if last is None else f"{last['test/loss']:.4f}")
    st.plotly_chart(sized(loss_accuracy_figure(state.of_kind("eval"), events=state.of_kind("event"),
                                         x_range=(0, state.config["epochs"]), height=420,
                                         title=t("ch8.curves_title"), lang=lang())),
                    key="mb-titanic-curves")


# ---------------------------------------------------------------- settings shared by the first two tabs
# Every setting is bound to the URL (?mb-batch-size=64&...), so a link restores the page as it was.
URL = "query-params"
st.title(t("ch8.title"))
st.markdown(t("ch8.intro"))

base = default_config("diabetes", loader="dataloader")
n_train = diabetes_train_size(base.test_fraction, base.seed)
presets("mini-batches")
base, n_train = own_settings("mb", base, n_train)  # a learner's own CSV (ui.upload)
with st.container(border=True):
    st.markdown(t("ch8.settings", data=t("ch8.data.own" if base.data else "ch8.data.course"), n=n_train,
                  held=base.test_fraction))
    size_col, shuffle_col, drop_col, workers_col = st.columns([3, 1, 1, 1])
    batch_size = size_col.select_slider(
        "batch_size", options=batch_size_options(n_train), value=32, key="mb-batch-size", bind=URL,
        format_func=lambda v: t("ch8.batch_size.full", n=n_train) if v == 0 else str(v),
        help=t("ch8.batch_size.help"))
    shuffle = shuffle_col.toggle("shuffle", value=True, key="mb-shuffle", bind=URL, help=t("ch8.shuffle.help"))
    drop_last = drop_col.toggle("drop_last", value=False, key="mb-drop-last", bind=URL,
                                help=t("ch8.drop_last.help"))
    num_workers = workers_col.selectbox("num_workers", WORKER_CHOICES, index=0, key="mb-workers", bind=URL,
                                        help=t("ch8.workers.help"))
settings = base.replace(batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, num_workers=num_workers)

epoch_tab, race_tab, titanic_tab = st.tabs([t("ch8.tab.epoch"), t("ch8.tab.race"), t("ch8.tab.titanic")])

# ---------------------------------------------------------------- tab 1: the arithmetic and the picture
with epoch_tab:
    numbers = epoch_arithmetic(n_train, batch_size, drop_last)
    cols = st.columns(3)
    cols[0].metric(t("ch8.samples"), numbers["samples"])
    cols[1].metric(t("ch8.batch_metric"), numbers["batch_size"])
    cols[2].metric(t("ch8.iterations"), numbers["iterations"])
    rounding = t("ch8.round.down") if drop_last else t("ch8.round.up")
    bracket = ("\\lfloor", "\\rfloor") if drop_last else ("\\lceil", "\\rceil")
    st.latex(f"\\text{{Iteration}} = {bracket[0]} \\frac{{{numbers['samples']}}}{{{numbers['batch_size']}}} "
             f"{bracket[1]} = {bracket[0]} {numbers['exact']:.4g} {bracket[1]} = {numbers['iterations']}")
    if numbers["dropped"]:
        st.caption(t("ch8.dropped", rounding=rounding, dropped=numbers["dropped"]))
    elif numbers["last_batch"] != numbers["batch_size"]:
        st.caption(t("ch8.last_batch", rounding=rounding, last=numbers["last_batch"]))
    layout = epoch_layout(n_train, batch_size, shuffle, drop_last, LAYOUT_EPOCHS, seed=settings.seed)
    st.plotly_chart(sized(batch_layout_figure(layout, numbers["iterations"], lang=lang())), key="mb-layout-chart")
    st.caption(t("ch8.layout_note"))
    st.markdown(t("ch8.code_intro"))
    st.code(f"dataset = DiabetesDataset('diabetes.csv.gz')\n"
            f"train_loader = DataLoader(dataset=dataset, batch_size={numbers['batch_size']}, "
            f"shuffle={shuffle}, drop_last={drop_last}, num_workers={num_workers})\n\n"
            f"for epoch in range(100):\n"
            f"    for i, (inputs, labels) in enumerate(train_loader, 0):  "
            f"# {t('ch8.code_comment', n=numbers['iterations'])}\n"
            f"        ...", language="python")
    with st.expander(t("ch8.windows.title")):
        st.markdown(t("ch8.windows.body"))
        st.code(WINDOWS_GUARD.format(comment=t("ch8.windows.guard_comment")), language="python")
        st.caption(t("ch8.windows.cost"))

# ---------------------------------------------------------------- tab 2: the race
with race_tab:
    st.markdown(t("ch8.race.intro"))
    epochs_col, lr_col, scale_col = st.columns([2, 2, 1])
    race_epochs = epochs_col.slider(t("ch8.race.epochs"), 5, 100, 30, step=5, key="mb-race-epochs", bind=URL)
    with lr_col:
        race_lr = live.lr_slider(t("ch8.race.lr"), key="mb-race-lr", default=0.1)
    log_x = scale_col.toggle(t("ch8.race.logx"), value=True, key="mb-race-logx", bind=URL,
                             help=t("ch8.race.logx.help"))
    configs = comparison_configs(settings.replace(epochs=race_epochs, lr=race_lr), n_train)
    race = race_group({label: live.session_runner(slot, configs[label]) for label, slot in RACE_SLOTS.items()})
    for label, runner in race.runners.items():
        live.sync_config(runner, configs[label])
    race.keep_in_step()
    race_on = race.busy
    run_col, stop_col, reset_col = st.columns(3)
    # Clicks are handled here rather than in on_click callbacks: a callback would get the configs of the
    # previous run, so a click arriving together with a changed slider would race with the old settings.
    if run_col.button(t("ch8.race.run"), key="mb-race-start", type="primary", disabled=race_on, width="stretch",
                      help=t("ch8.race.run.help")):
        race.start(configs)
        st.rerun()
    if stop_col.button(t("ch8.race.stop"), key="mb-race-stop", disabled=not race_on, width="stretch"):
        race.stop(timeout=0.5)
        st.rerun()
    if reset_col.button(t("ch8.race.reset"), key="mb-race-reset", disabled=race_on, width="stretch"):
        race.reset(configs)
        st.rerun()
    race_view(race, log_x)
    show_code(race.runners["Mini-batch"].cfg, "mb-race")
    st.caption(t("ch8.race.caption"))
    with st.expander(t("ch8.race.look.title")):
        st.markdown(t("ch8.race.look.body"))

# ---------------------------------------------------------------- tab 3: the Titanic exercise
with titanic_tab:
    titanic_cfg = default_config("titanic")
    with st.spinner(t("ch8.reading_titanic")):
        split = titanic_split(titanic_cfg.test_fraction, titanic_cfg.seed)
    rows = split.rows
    missing = [i for i, row in enumerate(rows) if row["age"] is None]
    st.markdown(t("ch8.titanic.intro", rows=len(rows), missing=len(missing)))
    only_missing = st.toggle(t("ch8.titanic.only_missing"), key="mb-titanic-missing", bind=URL)
    shown = [rows[i] for i in missing] if only_missing else list(rows)
    raw_columns = {name: t(f"ch8.col.{name}") for name in rows[0]}
    raw_columns["age"] = st.column_config.NumberColumn(raw_columns["age"], help=t("ch8.titanic.age_help"))
    st.dataframe(shown, height=260, key="mb-titanic-raw", column_config=raw_columns)

    st.subheader(t("ch8.titanic.prep"))
    fill = split.age_fill
    fill_text = (", ".join(f"{title} {age:g}" for title, age in fill.items()) if isinstance(fill, dict)
                 else f"{fill:g}")
    st.markdown(t("ch8.titanic.steps", fill=fill_text))
    before, encoded, after = split.preview(n=6, split="train")
    st.caption(t("ch8.titanic.before"))
    st.dataframe(before, key="mb-titanic-before", hide_index=True, column_config=raw_columns)
    st.caption(t("ch8.titanic.after"))
    st.dataframe([{k: round(v, 3) for k, v in row.items()} for row in after], key="mb-titanic-after",
                 hide_index=True)
    with st.expander(t("ch8.titanic.encoded")):
        st.dataframe(encoded, key="mb-titanic-encoded", hide_index=True)
    age_column = split.feature_names.index("age")
    st.plotly_chart(sized(age_fill_figure([row["age"] for row in rows if row["age"] is not None],
                                    [float(split.encoded[i, age_column]) for i in missing], lang=lang())),
                    key="mb-titanic-ages")

    st.subheader(t("ch8.titanic.train"))
    hidden_col, act_col, opt_col = st.columns(3)
    hidden = HIDDEN_CHOICES[hidden_col.selectbox(t("ch8.hidden"), list(HIDDEN_CHOICES), key="mb-titanic-hidden",
                                                 bind=URL, format_func=lambda name: t(f"ch8.hidden.{name}"))]
    activation = act_col.selectbox(t("ch8.activation"), ("relu", "sigmoid", "tanh"), key="mb-titanic-act",
                                   bind=URL)
    optimizer = opt_col.selectbox(t("ch8.optimizer"), ("adam", "sgd"), key="mb-titanic-opt", bind=URL)
    lr_col, epochs_col, batch_col = st.columns(3)
    with lr_col:
        titanic_lr = live.lr_slider(t("ch8.lr"), key="mb-titanic-lr", default=titanic_cfg.lr)
    titanic_epochs = epochs_col.slider(t("ch8.epochs"), 10, 300, 50, step=10, key="mb-titanic-epochs", bind=URL)
    titanic_batch = batch_col.select_slider(t("ch8.batch"), options=(8, 16, 32, 64, 128, 0), value=32,
                                            key="mb-titanic-batch", bind=URL,
                                            format_func=lambda v: t("ch8.full") if v == 0 else str(v))
    titanic_cfg = live.checked_config("mb-titanic", "titanic", hidden=hidden, activation=activation,
                                      optimizer=optimizer, lr=titanic_lr, epochs=titanic_epochs,
                                      batch_size=titanic_batch, loader="dataloader", n_train=len(split.x_train))
    titanic_runner = live.session_runner("mb-titanic", titanic_cfg)
    live.controls("mb-titanic", titanic_runner, titanic_cfg)

    live.live_view("mb-titanic", titanic_runner, lambda state: draw_titanic(state, split))
    show_code(titanic_runner.cfg, "mb-titanic")

    st.subheader(t("ch8.passenger"))
    with st.form("mb-passenger"):
        cols = st.columns(3)
        pclass = cols[0].selectbox(t("ch8.p.class"), (1, 2, 3), index=2, key="mb-p-class", bind=URL)
        sex = cols[1].radio(t("ch8.p.sex"), ("female", "male"), horizontal=True, key="mb-p-sex", bind=URL,
                            format_func=lambda v: t(f"ch8.p.{v}"))
        title = cols[2].selectbox(t("ch8.p.title"), ("guess", *TITANIC_TITLES), key="mb-p-title", bind=URL,
                                  format_func=lambda v: t(f"ch8.p.title.{v}"))
        cols = st.columns(4)
        age = cols[0].number_input(t("ch8.p.age"), min_value=0.0, max_value=100.0, value=30.0, step=1.0,
                                   key="mb-p-age", bind=URL)
        age_unknown = cols[1].checkbox(t("ch8.p.age_unknown"), key="mb-p-age-unknown", bind=URL,
                                       help=t("ch8.p.age_unknown.help"))
        sibsp = cols[2].number_input(t("ch8.p.sibsp"), 0, 10, 0, key="mb-p-sibsp", bind=URL)
        parch = cols[3].number_input(t("ch8.p.parch"), 0, 10, 0, key="mb-p-parch", bind=URL)
        asked = st.form_submit_button(t("ch8.p.predict"), type="primary")
    if asked:
        model = titanic_runner.latest_model()
        if model is None:
            st.info(t("ch8.p.untrained"))
        else:
            try:
                probability = survival_probability(
                    model, split, pclass, sex, None if age_unknown else age, sibsp, parch,
                    title=None if title == "guess" else title)
            except ValueError as error:
                st.error(t("ch8.p.check", error=error))
            else:
                epoch = (titanic_runner.state().latest("eval") or {}).get("epoch", "?")
                verdict = t("ch8.p.survives") if probability >= 0.5 else t("ch8.p.dies")
                st.metric(t("ch8.p.metric"), f"{probability:.1%}", help=t("ch8.p.model_after", epoch=epoch))
                st.progress(probability, text=t("ch8.p.verdict", verdict=verdict, epoch=epoch))
