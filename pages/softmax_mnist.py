"""Chapter 9 · Softmax on MNIST: softmax and cross-entropy by hand, the data, live training, its mistakes."""

import re

import numpy as np
import streamlit as st

from core import data
from core.checkpoints import models_dir, save_checkpoint
from core.config import RunConfig, default_config
from core.softmax import cell_mistakes, first_of_each_class, pixel_statistics, softmax_check
from ui.extras import compare_runs, patience_setting, presets, show_code
from ui import live
from ui.figures import COLORS, Line, line_chart, series
from ui.figures_ch9 import (confusion_figure, digit_matrix_figure, digit_mosaic_figure, per_class_figure,
                            pixel_histogram_figure, probability_figure, probe_figure)

SLOT = "sm-train"
SESSION_MODEL = "session_mnist_model"  # contract with the /draw page
TRAIN_SUBSETS = (1000, 3000, 6000, 12000, 30000, 60000)
TEST_SUBSETS = (1000, 2000, 5000, 10000)
BATCH_SIZES = (16, 32, 64, 128, 256)
MODELS = {"mlp": "MLP 784-512-256-128-64-10 (the course's)", "cnn": "CNN: 2 conv layers + 2 linear (going further)"}
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
MISTAKES_SHOWN = 24
CELL = "sm-cell"  # (true, predicted) the learner chose; until then the page follows the most frequent mistake


@st.cache_resource(show_spinner="Loading MNIST …")
def mnist():
    """Both splits once per server process, shared read-only by every session."""
    return data.load_mnist()


@st.cache_resource(show_spinner=False)
def pixel_stats() -> dict:
    return pixel_statistics(mnist().images_train)


def mnist_or_none():
    """The tensors, or None after telling the learner how to fetch MNIST."""
    try:
        return mnist()
    except ValueError as error:
        st.error(f"{error}", icon="📂")
        return None


def user_model_path(name: str):
    """Where a learner's named model goes; the name must be safe as a file name."""
    name = name.strip()
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError("use 1-40 letters, digits, '-' or '_' (starting with a letter or digit), e.g. mlp-10-epochs")
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
                    text=f"Epoch {latest['epoch']}/{cfg.epochs} · iteration {latest['iteration']}"
                         f"/{latest['iterations_per_epoch']}")
    cols = st.columns(4)
    acc = evals[-1]["test/acc"] if evals else None
    delta = f"{100 * (acc - evals[-2]['test/acc']):+.1f} pp" if len(evals) > 1 else None
    cols[0].metric("Test accuracy", "—" if acc is None else f"{acc:.2%}", delta=delta,
                   help="Share of the evaluated test digits classified right, after each epoch.")
    cols[1].metric("Loss", "—" if latest is None else f"{latest['train/loss']:.3f}",
                   help=f"Mean cross-entropy of the last {cfg.log_every} iterations.")
    cols[2].metric("Throughput (samples/s)", "—" if latest is None else f"{latest['samples_per_s']:,.0f}",
                   help="Training images per second of compute, over the last logged stretch.")
    cols[3].metric("Iterations", f"{state.step:,}")
    loss_col, acc_col = st.columns(2)
    loss_col.plotly_chart(line_chart(
        [Line("train loss", *series(state.of_kind("train"), "train/loss"), color=COLORS["train"])],
        x_title="iteration", y_title="cross-entropy", events=state.of_kind("event"),
        title=f"Loss, mean of every {cfg.log_every} iterations", empty_note="starts with the first iterations"),
        key="sm-loss-chart")
    acc_col.plotly_chart(line_chart(
        [Line("test", *series(evals, "test/acc", "epoch"), color=COLORS["test"]),
         Line("train (running)", *series(evals, "train/acc", "epoch"), color=COLORS["train"], dash="dot")],
        x_title="epoch", y_title="accuracy", y_range=(0, 1.02), title="Accuracy after each epoch",
        empty_note="after the first epoch"), key="sm-acc-chart")
    probs = latest.get("probe/probs") if latest is not None else None
    st.plotly_chart(probe_figure(tensors.images_test[probe_index].numpy(),
                                 [int(tensors.y_test[i]) for i in probe_index], probs), key="sm-probe-chart")
    if not evals:
        st.session_state.pop(CELL, None)  # a new run starts on its own most frequent mistake
        st.caption("The confusion matrix appears after the first epoch.")
        return
    draw_evaluation(state, evals[-1], tensors)


def draw_evaluation(state, last: dict, tensors) -> None:
    """The confusion matrix, per-class accuracy and the test digits of one (true, predicted) cell."""
    st.subheader(f"Evaluation after epoch {last['epoch']}")
    cell = st.session_state.get(CELL) or most_frequent_mistake(last["confusion"])
    true, pred = cell
    matrix_col, detail_col = st.columns([1, 1])
    matrix_col.plotly_chart(confusion_figure(last["confusion"], selected=(true, pred)), key="sm-confusion-chart",
                            on_select=pick_cell, selection_mode="points", config={"displayModeBar": False})
    matrix_col.caption(f"Rows: the true digit; columns: what the network said. {int(np.sum(last['confusion']))} "
                       "test digits evaluated; the diagonal is right, everything else is a mistake. "
                       "**Click a cell** to see its digits.")
    with detail_col:
        st.plotly_chart(per_class_figure(last["per_class_acc"]), key="sm-per-class-chart")
        true_col, pred_col = st.columns(2)
        # Keys name the cell, so a new cell (a click, the next epoch) makes fresh selectboxes showing it.
        for which, (col, label) in enumerate(((true_col, "true digit"), (pred_col, "predicted as"))):
            key = f"sm-pick-{which}-{true}-{pred}"
            col.selectbox(label, range(10), index=cell[which], key=key, on_change=pick_digit,
                          args=(which, key, cell))
        found = state.last_eval
        if found is None:
            return
        index = cell_mistakes(found, true, pred, limit=MISTAKES_SHOWN)
        count = int(last["confusion"][true][pred])
        if len(index) == 0:
            st.info(f"No {true} was predicted as {pred}." if true != pred else f"No {true} was classified right yet.")
            return
        probs = found["probs"]
        if true != pred:
            titles = [f"{probs[i, pred]:.0%} / {probs[i, true]:.0%}" for i in index]
            title = f"{count} × a {true} mistaken as {pred} · p({pred}) / p({true})"
        else:
            titles = [f"{probs[i, pred]:.0%}" for i in index]
            title = f"{count} × a {true} classified right · p({pred})"
        st.plotly_chart(digit_mosaic_figure(tensors.images_test[index].numpy(), titles, columns=6, title=title,
                                            cell_px=80), key="sm-mistakes-chart")
        st.caption(f"Most confident first{' (the first 24)' if count > MISTAKES_SHOWN else ''}. Click another cell "
                   "of the matrix, or pick one above.")


def share_model(runner, to_disk: bool) -> None:
    """Make the last evaluated model this session's (for /draw), and optionally everyone's on disk."""
    name, overwrite = st.session_state.get("sm-save-name", ""), st.session_state.get("sm-overwrite", False)
    model = runner.latest_model()
    last = runner.state().latest("eval")
    if model is None or last is None:
        st.session_state["sm-save-message"] = ("warning", "Train at least one epoch first: the model is saved "
                                                          "as it was at the end of its last epoch.")
        return
    try:
        path = user_model_path(name)
    except ValueError as error:
        st.session_state["sm-save-message"] = ("error", f"Model name: {error}.")
        return
    name = path.stem
    st.session_state[SESSION_MODEL] = {"name": name, "model": model, "config": runner.cfg.to_dict(),
                                       "test_acc": float(last["test/acc"])}
    if not to_disk:
        st.session_state["sm-save-message"] = ("success", f"“{name}” ({last['test/acc']:.2%} test accuracy) is "
                                                          "ready on the Draw page for this browser session.")
        return
    if path.exists() and not overwrite:
        st.session_state["sm-save-message"] = ("error", f"A model named “{name}” is already saved; choose another "
                                                        "name or tick “overwrite”.")
        return
    metrics = {"steps": last["step"], "epochs": last["epoch"],
               **{k: v for k, v in last.items() if k.startswith(("train/", "test/"))}}
    try:
        save_checkpoint(path, model, runner.cfg, metrics, in_features=784)
    except OSError as error:
        st.session_state["sm-save-message"] = ("error", f"Could not write {path}: {error}")
        return
    st.session_state["sm-save-message"] = ("success", f"Saved “{name}” to {path}; every session's Draw page can "
                                                      "load it, and this one already has it.")


st.title("9 · Softmax classifier on MNIST")
st.markdown("Ten classes instead of two: the network outputs ten numbers (**logits**), softmax turns them into "
            "ten probabilities that sum to 1, and cross-entropy scores them against the true digit.")
softmax_tab, data_tab, train_tab = st.tabs(["Softmax & cross-entropy", "The MNIST data", "Train live"])

# ---------------------------------------------------------------- softmax explorer
with softmax_tab:
    st.latex(r"p_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=0}^{9} e^{z_j}}, \qquad "
             r"\mathrm{loss}(z, y) = -\log p_y = -z_y + \log \sum_j e^{z_j}")
    st.caption("Move the logits z₀ … z₉ (what the last Linear layer outputs) and pick the true class y.")
    logits = []
    for row in (range(0, 5), range(5, 10)):
        cols = st.columns(5)
        for col, i in zip(cols, row):
            logits.append(col.slider(f"z{i}", -10.0, 10.0, 2.0 if i == 3 else 0.0, step=0.1, key=f"sm-logit-{i}"))
    target = st.selectbox("true class y", range(10), index=3, key="sm-target")
    check = softmax_check(logits, target)
    st.plotly_chart(probability_figure(check["probs"], target), key="sm-probs-chart")
    st.markdown("**The chapter's claim, checked with torch (float64):** "
                "`CrossEntropyLoss` = `LogSoftmax` followed by `NLLLoss`.")
    cols = st.columns(3)
    cols[0].metric("CrossEntropyLoss()(z, y)", f"{check['cross_entropy']:.10f}")
    cols[1].metric("NLLLoss()(LogSoftmax(dim=1)(z), y)", f"{check['log_softmax_nll']:.10f}")
    cols[2].metric("by hand: −z_y + log Σ exp(z_j)", f"{check['by_hand']:.10f}")
    st.caption(f"log p = LogSoftmax(z) = [{', '.join(f'{v:.3f}' for v in check['log_probs'])}]; NLLLoss just "
               f"picks entry y = {target} and flips its sign. So the model's last layer outputs raw logits: "
               "no softmax in the network when the loss is CrossEntropyLoss.")
    st.code("criterion = torch.nn.CrossEntropyLoss()\n"
            f"z = torch.tensor([[{', '.join(f'{v:g}' for v in logits)}]])\n"
            f"y = torch.tensor([{target}])\n"
            f"criterion(z, y)  # {check['cross_entropy']:.4f}", language="python")

# ---------------------------------------------------------------- the data
with data_tab:
    tensors = mnist_or_none()
    if tensors is not None:
        st.markdown(f"{len(tensors.y_train):,} training and {len(tensors.y_test):,} test images of handwritten "
                    "digits, each 28 × 28 grey levels with its label.")
        split_col, start_col = st.columns([1, 3])
        split_name = split_col.radio("split", ("train", "test"), horizontal=True, key="sm-data-split")
        images = tensors.images_train if split_name == "train" else tensors.images_test
        labels = tensors.y_train if split_name == "train" else tensors.y_test
        first = start_col.slider("first image", 0, len(images) - 40, 0, step=40, key="sm-data-first")
        shown = range(first, first + 40)
        st.plotly_chart(digit_mosaic_figure(images[first:first + 40].numpy(),
                                            [f"#{i}: {int(labels[i])}" for i in shown], columns=10,
                                            title=f"{split_name} images {first}–{first + 39} with their labels",
                                            cell_px=85),
                        key="sm-grid-chart")
        index_col, _ = st.columns([1, 3])
        index = index_col.number_input("one digit as numbers: image #", 0, len(images) - 1, first,
                                       key="sm-data-index")
        st.plotly_chart(digit_matrix_figure(images[index].numpy(), int(labels[index])), key="sm-matrix-chart")

        st.subheader("Why Normalize((0.1307,), (0.3081,))?")
        stats = pixel_stats()
        st.markdown(
            f"`ToTensor()` maps grey levels 0…255 to 0…1. Over all training pixels the mean is "
            f"**{stats['mean']:.4f}** and the standard deviation **{stats['std']:.4f}** — the chapter's two "
            f"numbers. `Normalize` subtracts the mean and divides by the std, so the inputs are centred on 0 with "
            f"spread 1, the range where the network's weights and gradients behave best. The shape does not "
            f"change; only the axis moves. ({stats['zero_fraction']:.0%} of all pixels are blank paper.)")
        log_y = st.toggle("log scale for the counts", value=True, key="sm-hist-log",
                          help="Blank pixels outnumber every ink level by far; a log scale shows both.")
        st.plotly_chart(pixel_histogram_figure(stats, data.MNIST_MEAN, data.MNIST_STD, log_y=log_y),
                        key="sm-hist-chart")

# ---------------------------------------------------------------- live training
with train_tab:
    tensors = mnist_or_none()
    if tensors is not None:
        presets("softmax-mnist")
        st.markdown("The chapter's training script, live: `batch_size=64`, `SGD(lr=0.01, momentum=0.5)`, "
                    "loss printed every 300 iterations, test accuracy after each epoch.")
        model_col, epochs_col, every_col = st.columns([2, 1, 1])
        model_name = model_col.radio("model", list(MODELS), format_func=MODELS.get, key="sm-model",
                                     help="The CNN is more accurate and 5-10× slower per epoch on a CPU.")
        epochs = epochs_col.number_input("epochs", 1, 50, 10, key="sm-epochs")
        log_every = every_col.number_input("loss every N iterations", 1, 2000, 300, key="sm-log-every")
        lr_col, momentum_col, batch_col = st.columns(3)
        with lr_col:
            lr = live.lr_slider("learning rate", key="sm-lr", default=0.01)
        momentum = momentum_col.slider("momentum", 0.0, 0.95, 0.5, step=0.05, key="sm-momentum",
                                       help="SGD keeps this share of the previous step's direction.")
        batch_size = batch_col.select_slider("batch size", BATCH_SIZES, value=64, key="sm-batch")
        subset_col, test_col = st.columns(2)
        train_subset = subset_col.select_slider(
            "training subset (budget)", TRAIN_SUBSETS, value=60000, key="sm-train-subset",
            format_func=lambda v: f"{v // 1000}k" + (" (all)" if v == 60000 else ""),
            help="Train on the first N training images only: fewer images, faster epochs, lower accuracy.")
        test_subset = test_col.select_slider(
            "test images evaluated", TEST_SUBSETS, value=10000, key="sm-test-subset",
            format_func=lambda v: f"{v // 1000}k" + (" (all)" if v == 10000 else ""))
        cfg = live.checked_config(SLOT, "mnist", model=model_name, epochs=int(epochs), log_every=int(log_every), lr=lr,
                             momentum=momentum, batch_size=batch_size,
                             train_subset=0 if train_subset == 60000 else train_subset,
                             test_subset=0 if test_subset == 10000 else test_subset)
        cfg = patience_setting(SLOT, cfg)
        runner = live.session_runner(SLOT, cfg)
        live.controls(SLOT, runner, cfg)
        run = runner.cfg
        st.caption(f"This run: {run.model.upper()} · {run.train_subset or 60000:,} training images · "
                   f"{run.epochs} epochs · batch {run.batch_size} · lr {run.lr:g} · momentum {run.momentum:g} · "
                   f"{run.test_subset or 10000:,} test images")
        probe_index = first_of_each_class(tensors.y_test[:runner.cfg.test_subset or None])
        live.live_view(SLOT, runner, lambda state: draw_training(state, tensors, probe_index, runner.cfg))
        show_code(runner.cfg, SLOT)
        compare_runs(SLOT, runner)

        st.subheader("Keep this model")
        name_col, session_col, disk_col, overwrite_col = st.columns([3, 2, 2, 1], vertical_alignment="bottom")
        name_col.text_input("model name", value=f"my-{model_name}", key="sm-save-name", max_chars=40)
        session_col.button("Use on the Draw page", key="sm-use", on_click=share_model,
                           args=(runner, False), width="stretch",
                           help="This browser session only; nothing is written to disk.")
        overwrite_col.checkbox("overwrite", key="sm-overwrite")
        disk_col.button("Save for everyone", key="sm-save", on_click=share_model,
                        args=(runner, True), width="stretch",
                        help=f"Writes {models_dir() / 'user'}/<name>.pt; every session's Draw page lists it.")
        message = st.session_state.pop("sm-save-message", None)
        if message is not None:
            getattr(st, message[0])(message[1])
        elif SESSION_MODEL in st.session_state:
            kept = st.session_state[SESSION_MODEL]
            st.caption(f"The Draw page uses “{kept['name']}” ({kept['test_acc']:.2%} test accuracy) "
                       "in this session.")
