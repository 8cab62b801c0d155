"""/draw's "Teach the model my handwriting": fine-tune a copy of the chosen model on the gallery in the background,
show what changed, and save the tuned model for everyone."""

import dataclasses

import streamlit as st

from core import saved_models
from core.data import load_mnist
from core.finetune import Teaching, TeachConfig, TooFewDrawings, budget_mode, check_gallery
from core.gallery import training_tensors
from ui import polling, saved_models as saved
from ui.draw import state
from ui.draw.gallery import image_grid
from ui.draw.models import TUNED_ID, Offer
from ui.draw.state import URL
from ui.i18n import t
from ui.live import metric_delta


def start(model, base: str, config) -> None:
    """Fine-tune a copy of the chosen model on the gallery in a background thread, or say what is missing."""
    gallery = list(state.gallery())
    drawings, labels = training_tensors(gallery)
    try:
        check_gallery(labels)
    except TooFewDrawings as error:
        state.TEACH_MESSAGE.leave("warning", t("draw.teach.too_few", digits=", ".join(str(d) for d in error.digits))
                                  if error.digits else t("draw.teach.empty"))
        return
    cfg = TeachConfig.budget() if budget_mode() else TeachConfig()
    cfg = dataclasses.replace(cfg, mnist_share=cfg.mnist_share if state.mix_mnist() else 0.0)
    state.start_teaching(Teaching(model, drawings, labels, cfg, load_mnist), base, config,
                         [entry["image"] for entry in gallery])


def finish() -> None:
    """A finished teaching run becomes the tuned model, picked at once; a failed one leaves its error."""
    teaching = state.teaching()
    if teaching is None or teaching["job"].running:
        return
    state.end_teaching()
    job = teaching["job"]
    if job.error:
        state.TEACH_MESSAGE.leave("error", t("draw.teach.failed", error=job.error))
        return
    state.keep_tuned(job.result.model, job.result, teaching["base"], teaching["config"], teaching["images"])
    picked = state.picked()
    if picked is not None and TUNED_ID not in picked:
        state.pick([*picked, TUNED_ID])


def save_tuned(overwrite: bool = False) -> None:
    """Save the tuned model for everyone (ui.saved_models), where /draw offers it as a saved model."""
    tuned, name = state.tuned(), state.tuned_name()
    state.offer_save(None)
    if tuned is None:
        return
    try:
        name = saved_models.check_name(name)
    except ValueError:
        state.SAVE_MESSAGE.leave("error", t("draw.teach.bad_name"))
        return
    taught = tuned["taught"]
    metrics = {"teach/held_acc": taught.held_acc_after, "teach/mnist_acc": taught.mnist_acc_after,
               "teach/mnist_n": taught.mnist_n, "teach/drawings": taught.trained_on}
    message, offer = saved.save(name, tuned["model"], tuned["config"], metrics, overwrite=overwrite)
    state.SAVE_MESSAGE.leave(*message)
    state.offer_save(offer)


def save_tuned_as(free: str) -> None:
    state.name_tuned(free)
    save_tuned()


def panel(offer: Offer, chosen: list[str]) -> None:
    """Teach the first chosen model the gallery; its progress, then the tuned model's results."""
    st.subheader(t("draw.teach"))
    teaching = state.teaching()
    base_id = chosen[0] if chosen else None
    st.caption(t("draw.teach.intro", model=offer.name_of(base_id) if base_id else "—"))
    col_mix, col_go = st.columns([3, 2], vertical_alignment="bottom")
    col_mix.toggle(t("draw.teach.mix"), value=True, key=state.TEACH_MIX, bind=URL, help=t("draw.teach.mix.help"))
    col_go.button(t("draw.teach.go"), key="draw_teach", type="primary", icon=":material/school:",
                  disabled=not state.gallery() or base_id is None or teaching is not None, on_click=start,
                  args=(offer.models[base_id], offer.short_name(base_id), offer.configs.get(base_id))
                  if base_id else None)
    state.TEACH_MESSAGE.show()
    if teaching is not None:
        progress(teaching["job"])
    if tuned := state.tuned():
        results(tuned)


def progress(job) -> None:
    """Polls the teaching thread; when it has finished, the whole page runs again to show the result."""

    @st.fragment(run_every=polling.every("draw-teaching", 0.3))
    def view():
        if not job.running:
            st.rerun()
        st.progress(min(job.fraction, 1.0), text=t(f"draw.teach.{job.what}"))

    view()


def results(tuned: dict) -> None:
    """Before and after on held-back drawings and on MNIST, the drawings read differently now, and saving."""
    taught = tuned["taught"]
    st.markdown(t("draw.teach.done", base=tuned["base"], n=taught.trained_on, steps=taught.steps,
                  seconds=taught.seconds, mix=t("draw.teach.with_mix" if taught.config.mnist_share else
                                                "draw.teach.without_mix")))
    col_held, col_mnist = st.columns(2)
    col_held.metric(t("draw.teach.held", n=len(taught.held_back)),
                    f"{taught.held_acc_before:.0%} → {taught.held_acc_after:.0%}",
                    **metric_delta(t("draw.teach.points",
                                     points=100 * (taught.held_acc_after - taught.held_acc_before))))
    col_mnist.metric(t("draw.teach.mnist", n=taught.mnist_n),
                     f"{taught.mnist_acc_before:.1%} → {taught.mnist_acc_after:.1%}",
                     **metric_delta(t("draw.teach.points",
                                      points=100 * (taught.mnist_acc_after - taught.mnist_acc_before))))
    if taught.changed:
        st.markdown(t("draw.teach.changed", n=len(taught.changed)))
        image_grid([(tuned["images"][change.index], t("draw.teach.change", label=change.label, before=change.before,
                                                       after=change.after)) for change in taught.changed])
    else:
        st.caption(t("draw.teach.unchanged"))
    st.caption(t("draw.teach.note"))
    col_name, col_save = st.columns([3, 2], vertical_alignment="bottom")
    col_name.text_input(t("draw.teach.name"), value="my-handwriting", key=state.TUNED_NAME, max_chars=40)
    col_save.button(t("draw.teach.save"), key="draw_tuned_save", on_click=save_tuned, help=t("ch9.save.help"))
    state.SAVE_MESSAGE.show()
    offer = state.save_offer()
    if offer is not None and offer[0] == "overwrite":
        st.button(t("ch9.overwrite", name=offer[1]), key="draw_tuned_overwrite", on_click=save_tuned, args=(True,),
                  icon=":material/warning:")
    elif offer is not None:
        st.button(t("ch9.save_as", name=offer[1]), key="draw_tuned_save_free", on_click=save_tuned_as,
                  args=(offer[1],))
