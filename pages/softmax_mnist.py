"""Chapter 9 · Softmax on MNIST: softmax and cross-entropy by hand, the data, live training, its mistakes."""

import streamlit as st

from core import data
from core import saved_models
from core.checkpoints import checkpoint_metrics
from core.config import RunConfig
from core.softmax import first_of_each_class, pixel_statistics, softmax_check
from ui.export import show_code
from ui.presets import presets
from ui.stop_rules import patience_setting
from ui import live, mnist_live, saved_models as saved
from ui.draw.state import SESSION_MODEL  # the model this page hands /draw
from ui.flash import Flash
from ui.i18n import lang, t
from ui.lecture import is_on, sized
from ui.figures_ch9 import (digit_matrix_figure, digit_mosaic_figure, pixel_histogram_figure, probability_figure,
                            probe_figure, set_probe_probs)

SLOT = "sm-train"
SAVE_MESSAGE = Flash("sm-save-message")
TEST_SUBSETS = (1000, 2000, 5000, 10000)
MODELS = ("mlp", "cnn")  # shown as ch9.model.<name>
# Refresh once a second, not chapter 6's 0.4 s: the charts' redraws compete with training (bench/README.md).
REFRESH_S = 1.0
TAKEN = "sm-name-taken"  # what "Save for everyone" offers for a taken name: ("overwrite", name) or ("free", variant)


@st.cache_resource(show_spinner=False)
def pixel_stats() -> dict:
    return pixel_statistics(data.load_mnist().images_train)


# ---------------------------------------------------------------- live training and evaluation
def draw_training(state, tensors, probe_index: list[int], cfg: RunConfig) -> None:
    """Progress, metrics, loss and accuracy curves, the probe digits' softmax, then the evaluation."""
    mnist_live.progress_and_curves(state, cfg, "sm")
    latest = state.latest("train")
    probs = latest.get("probe/probs") if latest is not None else None
    probe = live.reused_figure("sm-probe", (), (tuple(probe_index), lang(), is_on()), lambda: sized(probe_figure(
        tensors.images_test[probe_index].numpy(), [int(tensors.y_test[i]) for i in probe_index], None, lang=lang())))
    st.plotly_chart(set_probe_probs(probe, probs), key="sm-probe-chart")
    mnist_live.evaluation_or_note(state, tensors, "sm")


def share_model(runner, to_disk: bool, overwrite: bool = False) -> None:
    """Make the last evaluated model this session's (for /draw), and optionally everyone's (ui.saved_models).

    A name this session saved before is overwritten only by the "Overwrite" button this offers: a click, never a
    setting that a link could bring along already ticked. Another learner's name offers a free variant instead.
    """
    name = st.session_state.get("sm-save-name", "")
    st.session_state.pop(TAKEN, None)
    model = runner.latest_model()
    last = runner.state().latest("eval")
    if model is None or last is None:
        SAVE_MESSAGE.leave("warning", t("ch9.msg.untrained"))
        return
    try:
        name = saved_models.check_name(name)
    except ValueError:
        SAVE_MESSAGE.leave("error", t("ch9.msg.bad_name", error=t("ch9.name_rule")))
        return
    st.session_state[SESSION_MODEL] = {"name": name, "model": model, "config": runner.cfg.to_dict(),
                                       "test_acc": float(last["test/acc"])}
    if not to_disk:
        SAVE_MESSAGE.leave("success", t("ch9.msg.session", name=name, acc=last["test/acc"]))
        return
    message, offer = saved.save(name, model, runner.cfg, checkpoint_metrics(last), overwrite=overwrite, slot=SLOT)
    SAVE_MESSAGE.leave(*message)
    if offer is not None:
        st.session_state[TAKEN] = offer


def save_as_free_name(runner, free: str) -> None:
    """The "Save as <free name>" button: take the variant offered for another learner's name, and save."""
    st.session_state["sm-save-name"] = free
    share_model(runner, True)


# Every setting is bound to the URL (?sm-epochs=2&...), so a link restores the page as it was.
URL = "query-params"
st.title(t("ch9.title"))
st.markdown(t("ch9.intro"))
softmax_tab, data_tab, train_tab = st.tabs([t("ch9.tab.softmax"), t("ch9.tab.data"), t("ch9.tab.train")])

# ---------------------------------------------------------------- softmax explorer
with softmax_tab:
    st.latex(r"p_i = \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=0}^{9} e^{z_j}}")  # two, to fit a phone
    st.latex(r"\mathrm{loss}(z, y) = -\log p_y = -z_y + \log \sum_j e^{z_j}")
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
    tensors = mnist_live.mnist_or_none()
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
    tensors = mnist_live.mnist_or_none()
    if tensors is not None:
        presets("softmax-mnist")
        st.markdown(t("ch9.train_intro"))
        model_col, epochs_col, every_col = st.columns([2, 1, 1])
        model_name = model_col.radio(t("ch9.model"), MODELS, format_func=lambda name: t(f"ch9.model.{name}"),
                                     key="sm-model", bind=URL, help=t("ch9.model.help"))
        epochs = epochs_col.number_input(t("ch9.epochs"), 1, 50, 10, key="sm-epochs", bind=URL)
        log_every = every_col.number_input(t("ch9.log_every"), 1, 2000, 300, key="sm-log-every", bind=URL,
                                           help=t("ch9.log_every.help"))
        lr_col, momentum_col, batch_col = st.columns(3)
        with lr_col:
            lr = live.lr_slider(t("ch9.lr"), key="sm-lr", default=0.01)
        momentum = momentum_col.slider(t("ch9.momentum"), 0.0, 0.95, 0.5, step=0.05, key="sm-momentum", bind=URL,
                                       help=t("ch9.momentum.help"))
        batch_size = batch_col.select_slider(t("ch9.batch"), mnist_live.BATCH_SIZES, value=64, key="sm-batch", bind=URL)
        subset_col, test_col = st.columns(2)
        train_subset = subset_col.select_slider(
            t("ch9.train_subset"), mnist_live.TRAIN_SUBSETS, value=60000, key="sm-train-subset", bind=URL,
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

        st.subheader(t("ch9.keep"))
        name_col, session_col, disk_col = st.columns([3, 2, 2], vertical_alignment="bottom")
        name = name_col.text_input(t("ch9.save_name"), value=f"my-{model_name}", key="sm-save-name", max_chars=40,
                                   bind=URL)
        session_col.button(t("ch9.use"), key="sm-use", on_click=share_model,
                           args=(runner, False), width="stretch", help=t("ch9.use.help"))
        disk_col.button(t("ch9.save"), key="sm-save", on_click=share_model,
                        args=(runner, True), width="stretch", help=t("ch9.save.help"))
        SAVE_MESSAGE.show()
        offer = st.session_state.get(TAKEN)
        if offer == ("overwrite", name.strip()):
            st.button(t("ch9.overwrite", name=name.strip()), key="sm-overwrite", on_click=share_model,
                      args=(runner, True, True), icon=":material/warning:")
        elif offer is not None and offer[0] == "free":
            st.button(t("ch9.save_as", name=offer[1]), key="sm-save-free", on_click=save_as_free_name,
                      args=(runner, offer[1]))
        elif SESSION_MODEL in st.session_state:
            kept = st.session_state[SESSION_MODEL]
            st.caption(t("ch9.kept", name=kept["name"], acc=kept["test_acc"]))
