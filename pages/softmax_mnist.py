"""Chapter 9 · Softmax on MNIST: softmax and cross-entropy by hand, the data, live training, its mistakes."""

import re

import numpy as np
import streamlit as st

from core import data
from core.checkpoints import checkpoint_metrics, models_dir, save_checkpoint
from core.config import RunConfig
from core.softmax import cell_mistakes, first_of_each_class, pixel_statistics, softmax_check
from ui.compare import compare_runs
from ui.export import show_code
from ui.presets import presets
from ui.stop_rules import patience_setting
from ui import live
from ui.i18n import lang, t
from ui.lecture import is_on, sized
from ui.figures import COLORS, Line, line_chart, series
from ui.figures_ch9 import (confusion_figure, digit_matrix_figure, digit_mosaic_figure, per_class_figure,
                            pixel_histogram_figure, probability_figure, probe_figure,
                            set_probe_probs)

SLOT = "sm-train"
SESSION_MODEL = "session_mnist_model"  # contract with the /draw page
TRAIN_SUBSETS = (1000, 3000, 6000, 12000, 30000, 60000)
TEST_SUBSETS = (1000, 2000, 5000, 10000)
BATCH_SIZES = (16, 32, 64, 128, 256)
MODELS = ("mlp", "cnn")  # shown as ch9.model.<name>
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
MISTAKES_SHOWN = 24
CELL = "sm-cell"  # (true, predicted) the learner chose; until then the page follows the most frequent mistake
# Refresh once a second, not chapter 6's 0.4 s: the browser's redraws of these charts compete with the training
# thread for the CPU (figures in bench/README.md, "Measurements that were code comments").
REFRESH_S = 1.0
TAKEN = "sm-name-taken"  # a name "Save for everyone" found already saved: the Overwrite button is offered for it


@st.cache_resource(show_spinner=False)
def mnist():
    """Both splits once per server process, shared read-only by every session."""
    return data.load_mnist()


@st.cache_resource(show_spinner=False)
def pixel_stats() -> dict:
    return pixel_statistics(mnist().images_train)


def mnist_or_none():
    """The tensors, or None after telling the learner how to fetch MNIST."""
    try:
        with st.spinner(t("ch9.loading")):
            return mnist()
    except ValueError:  # files missing or damaged: name them and the fix, in the learner's language
        status = data.mnist_status()
        broken = ", ".join(name for name, file in status["files"].items() if not file["ok"])
        st.error(t("ch9.not_ready", dir=status["dir"], files=broken), icon="📂")
        return None


def user_model_path(name: str):
    """Where a learner's named model goes; the name must be safe as a file name."""
    name = name.strip()
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError(t("ch9.name_rule"))
    return models_dir() / "user" / f"{name}.pt"


# ---------------------------------------------------------------- live training and evaluation
def pick_cell() -> None:
    """A click on the confusion matrix chooses that cell."""
    points = st.session_state["sm-confusion-chart"].selection.points
    cell = next((p.get("customdata") for p in points if p.get("customdata")), None)
    if cell is not None:
        st.session_state[CELL] = (int(cell[0]), int(cell[1]))


def pick_digit(which: int, key: str, cell: tuple[int, int]) -> None:
    """A selectbox changed one half of the cell."""
    value = int(st.session_state[key])
    if value == cell[which]:
        return  # the echo of a selectbox that a newer cell has replaced, not the learner's choice
    chosen = list(cell)
    chosen[which] = value
    st.session_state[CELL] = tuple(chosen)


def most_frequent_mistake(confusion) -> tuple[int, int]:
    """The off-diagonal (true, predicted) cell with the largest count."""
    wrong = np.array(confusion)
    np.fill_diagonal(wrong, -1)
    return tuple(int(i) for i in np.unravel_index(wrong.argmax(), wrong.shape))


def draw_training(state, tensors, probe_index: list[int], cfg: RunConfig) -> None:
    """Progress, metrics, loss and accuracy curves, the probe digits' softmax, then the evaluation."""
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
    cols[0].metric(t("ch9.test_acc"), "—" if acc is None else f"{acc:.2%}", delta=delta,
                   help=t("ch9.test_acc.help"))
    cols[1].metric(t("ch9.loss"), "—" if latest is None else f"{latest['train/loss']:.3f}",
                   help=t("ch9.loss.help", n=cfg.log_every))
    cols[2].metric(t("ch9.throughput"), "—" if latest is None else f"{latest['samples_per_s']:,.0f}",
                   help=t("ch9.throughput.help"))
    cols[3].metric(t("ch9.iterations"), f"{state.step:,}")
    loss_col, acc_col = st.columns(2)
    # Between two log records a tick has nothing new to plot: the figures of the last tick are shown again.
    newest = (state.records[-1],) if state.records else ()  # a new record is a new object: no count needed
    look = (cfg, lang(), is_on())
    loss_col.plotly_chart(live.reused_figure("sm-loss", newest, look, lambda: sized(line_chart(
        [Line(t("ch9.line.train_loss"), *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])],
        x_title=t("ch9.axis.iteration"), y_title=t("ch9.axis.cross_entropy"), events=state.of_kind("event"),
        title=t("ch9.loss_title", n=cfg.log_every), empty_note=t("ch9.loss_empty")))),
        key="sm-loss-chart")
    acc_col.plotly_chart(live.reused_figure("sm-acc", newest, look, lambda: sized(line_chart(
        [Line(t("ch9.line.test"), *series(evals, "test/acc", "epoch"), color=COLORS["test"]),
         Line(t("ch9.line.train_running"), *series(evals, "train/acc", "epoch"), color=COLORS["train"], dash="dot")],
        x_title=t("ch9.axis.epoch"), y_title=t("ch9.axis.accuracy"), y_range=(0, 1.02), title=t("ch9.acc_title"),
        empty_note=t("ch9.acc_empty")))), key="sm-acc-chart")
    probs = latest.get("probe/probs") if latest is not None else None
    probe = live.reused_figure("sm-probe", (), (tuple(probe_index), lang(), is_on()), lambda: sized(probe_figure(
        tensors.images_test[probe_index].numpy(), [int(tensors.y_test[i]) for i in probe_index], None, lang=lang())))
    st.plotly_chart(set_probe_probs(probe, probs), key="sm-probe-chart")
    if not evals:
        st.session_state.pop(CELL, None)  # a new run starts on its own most frequent mistake
        st.caption(t("ch9.confusion_later"))
        return
    draw_evaluation(state, evals[-1], tensors)


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


def draw_evaluation(state, last: dict, tensors) -> None:
    """The confusion matrix, per-class accuracy and the test digits of one (true, predicted) cell."""
    st.subheader(t("ch9.evaluation", epoch=last["epoch"]))
    cell = st.session_state.get(CELL) or most_frequent_mistake(last["confusion"])
    true, pred = cell
    matrix_col, detail_col = st.columns([1, 1])
    look = (lang(), is_on())  # what else a figure shows besides the evaluation (and the cell, for two of them)
    matrix_col.plotly_chart(live.reused_figure("sm-confusion", (last,), look + (cell,), lambda: sized(
                                confusion_figure(last["confusion"], selected=(true, pred), lang=lang()))),
                            key="sm-confusion-chart", on_select=pick_cell, selection_mode="points",
                            config={"displayModeBar": False})
    matrix_col.caption(t("ch9.confusion_caption", n=int(np.sum(last["confusion"]))))
    with detail_col:
        st.plotly_chart(live.reused_figure("sm-per-class", (last,), look, lambda: sized(
            per_class_figure(last["per_class_acc"], lang=lang()))), key="sm-per-class-chart")
        true_col, pred_col = st.columns(2)
        # Keys name the cell, so a new cell (a click, the next epoch) makes fresh selectboxes showing it.
        # Not bound to the URL: a cell only exists once this session's run has been evaluated.
        for which, (col, label) in enumerate(((true_col, t("ch9.pick.true")), (pred_col, t("ch9.pick.pred")))):
            key = f"sm-pick-{which}-{true}-{pred}"
            col.selectbox(label, range(10), index=cell[which], key=key, on_change=pick_digit,
                          args=(which, key, cell))
        found = state.last_eval
        if found is None:
            return
        index = cell_mistakes(found, true, pred, limit=MISTAKES_SHOWN)
        count = int(last["confusion"][true][pred])
        if len(index) == 0:
            st.info(t("ch9.none_wrong", true=true, pred=pred) if true != pred else t("ch9.none_right", true=true))
            return
        st.plotly_chart(live.reused_figure("sm-mistakes", (found, last), look + (cell,),
                                           lambda: sized(mistakes_figure(found, index, count, cell, tensors))),
                        key="sm-mistakes-chart")
        st.caption(t("ch9.mistakes_caption.first", n=MISTAKES_SHOWN) if count > MISTAKES_SHOWN
                   else t("ch9.mistakes_caption"))


def share_model(runner, to_disk: bool, overwrite: bool = False) -> None:
    """Make the last evaluated model this session's (for /draw), and optionally everyone's on disk.

    A name that is taken is overwritten only by the "Overwrite" button this offers: a click, never a setting
    that a link could bring along already ticked.
    """
    name = st.session_state.get("sm-save-name", "")
    st.session_state.pop(TAKEN, None)
    model = runner.latest_model()
    last = runner.state().latest("eval")
    if model is None or last is None:
        st.session_state["sm-save-message"] = ("warning", t("ch9.msg.untrained"))
        return
    try:
        path = user_model_path(name)
    except ValueError as error:
        st.session_state["sm-save-message"] = ("error", t("ch9.msg.bad_name", error=error))
        return
    name = path.stem
    st.session_state[SESSION_MODEL] = {"name": name, "model": model, "config": runner.cfg.to_dict(),
                                       "test_acc": float(last["test/acc"])}
    if not to_disk:
        st.session_state["sm-save-message"] = ("success", t("ch9.msg.session", name=name, acc=last["test/acc"]))
        return
    if path.exists() and not overwrite:
        st.session_state["sm-save-message"] = ("error", t("ch9.msg.exists", name=name))
        st.session_state[TAKEN] = name
        return
    try:
        save_checkpoint(path, model, runner.cfg, checkpoint_metrics(last), in_features=784)
    except OSError as error:
        st.session_state["sm-save-message"] = ("error", t("ch9.msg.write_failed", path=path, error=error))
        return
    st.session_state["sm-save-message"] = ("success", t("ch9.msg.saved", name=name, path=path))


# Every setting is bound to the URL (?sm-epochs=2&...), so a link restores the page as it was.
URL = "query-params"
st.title(t("ch9.title"))
st.markdown(t("ch9.intro"))
softmax_tab, data_tab, train_tab = st.tabs([t("ch9.tab.softmax"), t("ch9.tab.data"), t("ch9.tab.train")])

# ---------------------------------------------------------------- softmax explorer
with softmax_tab:
    st.latex(r"p_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=0}^{9} e^{z_j}}, \qquad "
             r"\mathrm{loss}(z, y) = -\log p_y = -z_y + \log \sum_j e^{z_j}")
    st.caption(t("ch9.logits_caption"))
    logits = []
    for row in (range(0, 5), range(5, 10)):
        cols = st.columns(5)
        for col, i in zip(cols, row):
            logits.append(col.slider(f"z{i}", -10.0, 10.0, 2.0 if i == 3 else 0.0, step=0.1, key=f"sm-logit-{i}",
                                     bind=URL))
    target = st.selectbox(t("ch9.target"), range(10), index=3, key="sm-target", bind=URL)
    check = softmax_check(logits, target)
    st.plotly_chart(sized(probability_figure(check["probs"], target, lang=lang())), key="sm-probs-chart")
    st.markdown(t("ch9.claim"))
    cols = st.columns(3)
    cols[0].metric("CrossEntropyLoss()(z, y)", f"{check['cross_entropy']:.10f}")
    cols[1].metric("NLLLoss()(LogSoftmax(dim=1)(z), y)", f"{check['log_softmax_nll']:.10f}")
    cols[2].metric(t("ch9.by_hand"), f"{check['by_hand']:.10f}")
    st.caption(t("ch9.log_probs", values=", ".join(f"{v:.3f}" for v in check["log_probs"]), target=target))
    st.code("criterion = torch.nn.CrossEntropyLoss()\n"
            f"z = torch.tensor([[{', '.join(f'{v:g}' for v in logits)}]])\n"
            f"y = torch.tensor([{target}])\n"
            f"criterion(z, y)  # {check['cross_entropy']:.4f}", language="python")

# ---------------------------------------------------------------- the data
with data_tab:
    tensors = mnist_or_none()
    if tensors is not None:
        st.markdown(t("ch9.data_intro", train=len(tensors.y_train), test=len(tensors.y_test)))
        split_col, start_col = st.columns([1, 3])
        split_name = split_col.radio(t("ch9.split"), ("train", "test"), horizontal=True, key="sm-data-split",
                                     bind=URL, format_func=lambda v: t(f"ch9.split.{v}"))
        images = tensors.images_train if split_name == "train" else tensors.images_test
        labels = tensors.y_train if split_name == "train" else tensors.y_test
        first = start_col.slider(t("ch9.first"), 0, len(images) - 40, 0, step=40, key="sm-data-first", bind=URL)
        shown = range(first, first + 40)
        st.plotly_chart(sized(digit_mosaic_figure(images[first:first + 40].numpy(),
                                            [f"#{i}: {int(labels[i])}" for i in shown], columns=10,
                                            title=t("ch9.grid_title", split=t(f"ch9.split.{split_name}"),
                                                    first=first, last=first + 39),
                                            cell_px=85)),
                        key="sm-grid-chart")
        index_col, _ = st.columns([1, 3])
        index = index_col.number_input(t("ch9.one_digit"), 0, len(images) - 1, first, key="sm-data-index",
                                       bind=URL)
        st.plotly_chart(sized(digit_matrix_figure(images[index].numpy(), int(labels[index]), lang=lang())),
                        key="sm-matrix-chart")

        st.subheader(t("ch9.why_normalize"))
        stats = pixel_stats()
        st.markdown(t("ch9.normalize_text", mean=stats["mean"], std=stats["std"], blank=stats["zero_fraction"]))
        log_y = st.toggle(t("ch9.hist_log"), value=True, key="sm-hist-log", bind=URL, help=t("ch9.hist_log.help"))
        st.plotly_chart(sized(pixel_histogram_figure(stats, data.MNIST_MEAN, data.MNIST_STD, log_y=log_y, lang=lang())),
                        key="sm-hist-chart")

# ---------------------------------------------------------------- live training
with train_tab:
    tensors = mnist_or_none()
    if tensors is not None:
        presets("softmax-mnist")
        st.markdown(t("ch9.train_intro"))
        model_col, epochs_col, every_col = st.columns([2, 1, 1])
        model_name = model_col.radio(t("ch9.model"), MODELS, format_func=lambda name: t(f"ch9.model.{name}"),
                                     key="sm-model", bind=URL, help=t("ch9.model.help"))
        epochs = epochs_col.number_input(t("ch9.epochs"), 1, 50, 10, key="sm-epochs", bind=URL)
        log_every = every_col.number_input(t("ch9.log_every"), 1, 2000, 300, key="sm-log-every", bind=URL)
        lr_col, momentum_col, batch_col = st.columns(3)
        with lr_col:
            lr = live.lr_slider(t("ch9.lr"), key="sm-lr", default=0.01)
        momentum = momentum_col.slider(t("ch9.momentum"), 0.0, 0.95, 0.5, step=0.05, key="sm-momentum", bind=URL,
                                       help=t("ch9.momentum.help"))
        batch_size = batch_col.select_slider(t("ch9.batch"), BATCH_SIZES, value=64, key="sm-batch", bind=URL)
        subset_col, test_col = st.columns(2)
        train_subset = subset_col.select_slider(
            t("ch9.train_subset"), TRAIN_SUBSETS, value=60000, key="sm-train-subset", bind=URL,
            format_func=lambda v: t("ch9.subset.all" if v == 60000 else "ch9.subset", k=v // 1000),
            help=t("ch9.train_subset.help"))
        test_subset = test_col.select_slider(
            t("ch9.test_subset"), TEST_SUBSETS, value=10000, key="sm-test-subset", bind=URL,
            format_func=lambda v: t("ch9.subset.all" if v == 10000 else "ch9.subset", k=v // 1000))
        cfg = live.checked_config(SLOT, "mnist", model=model_name, epochs=int(epochs), log_every=int(log_every), lr=lr,
                             momentum=momentum, batch_size=batch_size,
                             train_subset=0 if train_subset == 60000 else train_subset,
                             test_subset=0 if test_subset == 10000 else test_subset)
        cfg = patience_setting(SLOT, cfg)
        runner = live.session_runner(SLOT, cfg)
        live.controls(SLOT, runner, cfg)
        run = runner.cfg
        st.caption(t("ch9.this_run", model=run.model.upper(), train=run.train_subset or 60000, epochs=run.epochs,
                     batch=run.batch_size, lr=run.lr, momentum=run.momentum, test=run.test_subset or 10000))
        probe_index = first_of_each_class(tensors.y_test[:runner.cfg.test_subset or None])
        live.live_view(SLOT, runner, lambda state: draw_training(state, tensors, probe_index, runner.cfg),
                       refresh_s=REFRESH_S)
        show_code(runner.cfg, SLOT)
        compare_runs(SLOT, runner, refresh_s=REFRESH_S)

        st.subheader(t("ch9.keep"))
        name_col, session_col, disk_col = st.columns([3, 2, 2], vertical_alignment="bottom")
        name = name_col.text_input(t("ch9.save_name"), value=f"my-{model_name}", key="sm-save-name", max_chars=40,
                                   bind=URL)
        session_col.button(t("ch9.use"), key="sm-use", on_click=share_model,
                           args=(runner, False), width="stretch", help=t("ch9.use.help"))
        disk_col.button(t("ch9.save"), key="sm-save", on_click=share_model,
                        args=(runner, True), width="stretch", help=t("ch9.save.help", folder=models_dir() / "user"))
        message = st.session_state.pop("sm-save-message", None)
        if message is not None:
            getattr(st, message[0])(message[1])
        if st.session_state.get(TAKEN) == name.strip():
            st.button(t("ch9.overwrite", name=name.strip()), key="sm-overwrite", on_click=share_model,
                      args=(runner, True, True), icon=":material/warning:")
        elif SESSION_MODEL in st.session_state:
            kept = st.session_state[SESSION_MODEL]
            st.caption(t("ch9.kept", name=kept["name"], acc=kept["test_acc"]))
