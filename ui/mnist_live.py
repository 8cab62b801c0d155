"""What chapters 9-11's MNIST pages share: loading MNIST or saying how to fetch it, lectures 10-11's settings, a
"not learning yet" note, and a run's live view (progress, metrics, loss and accuracy curves, and each evaluation's
confusion matrix, per-class accuracy and the test digits of one (true, predicted) cell).

Widget and figure keys start with the page's `prefix` ("sm" on chapter 9's page); the live view's text is chapter 9's.
"""

import math

import numpy as np
import streamlit as st

from core import data
from core.config import RunConfig
from core.loop import iterations_per_epoch, log_window
from core.softmax import cell_mistakes
from core.tasks import task_of
from ui import live
from ui.figures import COLORS, Line, line_chart, series
from ui.figures_ch9 import confusion_figure, digit_mosaic_figure, per_class_figure
from ui.i18n import lang, t
from ui.lecture import is_on, sized
from ui.phone import later

TRAIN_SUBSETS = (1000, 3000, 6000, 12000, 30000, 60000)  # the last is the whole training split
BATCH_SIZES = (16, 32, 64, 128, 256)
STUCK = 0.95  # a train loss this close to a guess's (ln 10) after an epoch: the network has not started learning
URL = "query-params"  # every setting is bound to the URL, so a link restores the page as it was
MISTAKES_SHOWN = 24
# "<prefix>-cell" holds the (true, predicted) cell the learner chose; until then the view follows the most
# frequent mistake.


def mnist_or_none(works_without: str | None = None):
    """Both MNIST splits (read once per process by core), or None after naming the missing or damaged files and the
    fix; `works_without` is the text key of what the page still offers without them."""
    try:
        with st.spinner(t("mnist_live.loading")):
            return data.load_mnist()
    except ValueError:
        status = data.mnist_status()
        broken = ", ".join(name for name, file in status["files"].items() if not file["ok"])
        message = t("mnist_live.not_ready", dir=status["dir"], files=broken)
        st.error(message if works_without is None else f"{message} {t(works_without)}", icon="📂")
        return None


def cnn_settings(slot: str, prefix: str, model_radio, model_table) -> RunConfig:
    """Lectures 10-11's settings as the slot's checked config: the network (`model_radio()` draws the chapter's
    choice and returns it), epochs, training digits, learning rate, momentum and batch size, each bound to the URL.
    `model_table(name)` draws the network's layers: on a phone after the run's controls and charts."""
    model_col, epochs_col, subset_col = st.columns([2, 1, 2])
    with model_col:
        model_name = model_radio()
    epochs = epochs_col.number_input(t("mnist_live.epochs"), 1, 50, 10, key=f"{prefix}-epochs", bind=URL)
    train_subset = subset_col.select_slider(
        t("mnist_live.train_subset"), TRAIN_SUBSETS, value=60000, key=f"{prefix}-train-subset", bind=URL,
        format_func=lambda v: f"{v // 1000}k", help=t("mnist_live.train_subset.help"))
    lr_col, momentum_col, batch_col = st.columns(3)
    with lr_col:
        lr = live.lr_slider(t("mnist_live.lr"), key=f"{prefix}-lr", default=0.01)
    momentum = momentum_col.slider(t("mnist_live.momentum"), 0.0, 0.95, 0.5, step=0.05, key=f"{prefix}-momentum",
                                   bind=URL)
    batch_size = batch_col.select_slider(t("mnist_live.batch"), BATCH_SIZES, value=64, key=f"{prefix}-batch",
                                         bind=URL)
    with later(f"{prefix}-layers"):  # on a phone after the run's controls and charts, so that Start is on screen two
        model_table(model_name)
    return live.checked_config(slot, "mnist", model=model_name, epochs=int(epochs), lr=lr, momentum=momentum,
                               batch_size=batch_size, train_subset=0 if train_subset == 60000 else train_subset,
                               log_every=min(300, math.ceil(iterations_per_epoch(train_subset, batch_size, False) / 4)))


def stuck_note(state, cfg: RunConfig, text_key: str) -> None:
    """After an evaluation whose train loss is still a guess's: the chapter's why and what gets the network going
    (`text_key`, filled with the loss, the updates per epoch and the Start and Reset buttons' names)."""
    last = state.latest("eval")
    if last is None or last["train/loss"] < STUCK * task_of(cfg).chance_loss:
        return
    st.info(t(text_key, loss=last["train/loss"], steps=state.latest("train")["iterations_per_epoch"],
              start=t("live.start"), reset=t("live.reset")), icon=":material/hourglass_top:")


def pick_cell(prefix: str) -> None:
    """A click on the confusion matrix chooses that cell."""
    points = st.session_state[f"{prefix}-confusion-chart"].selection.points
    cell = next((p.get("customdata") for p in points if p.get("customdata")), None)
    if cell is not None:
        st.session_state[f"{prefix}-cell"] = (int(cell[0]), int(cell[1]))


def pick_digit(prefix: str, which: int, key: str, cell: tuple[int, int]) -> None:
    """A selectbox changed one half of the cell."""
    value = int(st.session_state[key])
    if value == cell[which]:
        return  # the echo of a selectbox that a newer cell has replaced, not the learner's choice
    chosen = list(cell)
    chosen[which] = value
    st.session_state[f"{prefix}-cell"] = tuple(chosen)


def most_frequent_mistake(confusion) -> tuple[int, int]:
    """The off-diagonal (true, predicted) cell with the largest count."""
    wrong = np.array(confusion)
    np.fill_diagonal(wrong, -1)
    return tuple(int(i) for i in np.unravel_index(wrong.argmax(), wrong.shape))


def progress_and_curves(state, cfg: RunConfig, prefix: str) -> None:
    """Status, progress, the metrics row, and the loss and accuracy curves of an MNIST run."""
    live.status_line(state)
    latest = state.latest("train")
    evals = state.of_kind("eval")
    if latest is not None:
        st.progress(min(1.0, latest["epoch_progress"]),
                    text=t("ch9.progress", epoch=latest["epoch"], epochs=cfg.epochs, iteration=latest["iteration"],
                           per_epoch=latest["iterations_per_epoch"]))
    cols = st.columns(4)
    acc = evals[-1]["test/acc"] if evals else None
    delta = f"{100 * (acc - evals[-2]['test/acc']):+.1f} pp" if len(evals) > 1 else None
    cols[0].metric(t("ch9.test_acc"), "—" if acc is None else f"{acc:.2%}", **live.metric_delta(delta),
                   help=t("ch9.test_acc.help"))
    # Each epoch is cut into equal stretches of at most log_every iterations (core.loop.log_due): this many.
    window = cfg.log_every if latest is None else log_window(latest["iterations_per_epoch"], cfg.log_every)
    cols[1].metric(t("ch9.loss"), "—" if latest is None else f"{latest['train/loss']:.3f}",
                   help=t("ch9.loss.help", n=window))
    cols[2].metric(t("ch9.throughput"), "—" if latest is None else f"{latest['samples_per_s']:,.0f}",
                   help=t("ch9.throughput.help"))
    cols[3].metric(t("ch9.iterations"), f"{state.step:,}")
    loss_col, acc_col = st.columns(2)
    # Between two log records a tick has nothing new to plot: the figures of the last tick are shown again.
    newest = (state.records[-1],) if state.records else ()  # a new record is a new object: no count needed
    look = (cfg, lang(), is_on())
    loss_col.plotly_chart(live.reused_figure(f"{prefix}-loss", newest, look, lambda: sized(line_chart(
        [Line(t("ch9.line.train_loss"), *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])],
        x_title=t("ch9.axis.iteration"), y_title=t("ch9.axis.cross_entropy"), events=state.of_kind("event"),
        title=t("ch9.loss_title", n=window), empty_note=t("ch9.loss_empty")))),
        key=f"{prefix}-loss-chart")
    acc_col.plotly_chart(live.reused_figure(f"{prefix}-acc", newest, look, lambda: sized(line_chart(
        [Line(t("ch9.line.test"), *series(evals, "test/acc", "epoch"), color=COLORS["test"]),
         Line(t("ch9.line.train_running"), *series(evals, "train/acc", "epoch"), color=COLORS["train"], dash="dot")],
        x_title=t("ch9.axis.epoch"), y_title=t("ch9.axis.accuracy"), y_range=(0, 1.02), title=t("ch9.acc_title"),
        empty_note=t("ch9.acc_empty")))), key=f"{prefix}-acc-chart")


def evaluation_or_note(state, tensors, prefix: str) -> None:
    """The last evaluation (confusion matrix, per-class accuracy, one cell's digits), or when it will appear."""
    evals = state.of_kind("eval")
    if not evals:
        st.session_state.pop(f"{prefix}-cell", None)  # a new run starts on its own most frequent mistake
        st.caption(t("ch9.confusion_later"))
        return
    draw_evaluation(state, evals[-1], tensors, prefix)


def mistakes_figure(found: dict, index, count: int, cell: tuple[int, int], tensors):
    """The test digits of one (true, predicted) cell, each captioned with the model's probabilities."""
    true, pred = cell
    probs = found["probs"]
    if true != pred:
        titles = [f"{probs[i, pred]:.0%} / {probs[i, true]:.0%}" for i in index]
        title = t("ch9.mistakes_title", count=count, true=true, pred=pred)
    else:
        titles = [f"{probs[i, pred]:.0%}" for i in index]
        title = t("ch9.right_title", count=count, true=true, pred=pred)
    return digit_mosaic_figure(tensors.images_test[index].numpy(), titles, columns=6, title=title, cell_px=80)


def draw_evaluation(state, last: dict, tensors, prefix: str) -> None:
    """The confusion matrix, per-class accuracy and the test digits of one (true, predicted) cell."""
    st.subheader(t("ch9.evaluation", epoch=last["epoch"]))
    cell = st.session_state.get(f"{prefix}-cell") or most_frequent_mistake(last["confusion"])
    true, pred = cell
    matrix_col, detail_col = st.columns([1, 1])
    look = (lang(), is_on())  # what else a figure shows besides the evaluation (and the cell, for two of them)
    matrix_col.plotly_chart(live.reused_figure(f"{prefix}-confusion", (last,), look + (cell,), lambda: sized(
                                confusion_figure(last["confusion"], selected=(true, pred), lang=lang()))),
                            key=f"{prefix}-confusion-chart", on_select=lambda: pick_cell(prefix),
                            selection_mode="points", config={"displayModeBar": False})
    matrix_col.caption(t("ch9.confusion_caption", n=int(np.sum(last["confusion"]))))
    with detail_col:
        st.plotly_chart(live.reused_figure(f"{prefix}-per-class", (last,), look, lambda: sized(
            per_class_figure(last["per_class_acc"], lang=lang()))), key=f"{prefix}-per-class-chart")
        true_col, pred_col = st.columns(2)
        # Keys name the cell, so a new cell (a click, the next epoch) makes fresh selectboxes showing it.
        # Not bound to the URL: a cell only exists once this session's run has been evaluated.
        for which, (col, label) in enumerate(((true_col, t("ch9.pick.true")), (pred_col, t("ch9.pick.pred")))):
            key = f"{prefix}-pick-{which}-{true}-{pred}"
            col.selectbox(label, range(10), index=cell[which], key=key, on_change=pick_digit,
                          args=(prefix, which, key, cell))
        found = state.last_eval
        if found is None:
            return
        index = cell_mistakes(found, true, pred, limit=MISTAKES_SHOWN)
        count = int(last["confusion"][true][pred])
        if len(index) == 0:
            st.info(t("ch9.none_wrong", true=true, pred=pred) if true != pred else t("ch9.none_right", true=true))
            return
        st.plotly_chart(live.reused_figure(f"{prefix}-mistakes", (found, last), look + (cell,),
                                           lambda: sized(mistakes_figure(found, index, count, cell, tensors))),
                        key=f"{prefix}-mistakes-chart")
        st.caption(t("ch9.mistakes_caption.first", n=MISTAKES_SHOWN) if count > MISTAKES_SHOWN
                   else t("ch9.mistakes_caption"))
