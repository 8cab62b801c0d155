"""The models /draw offers: the defaults, this session's chapter 9 model, the tuned one and the saved ones; the
picker, and the learner's own saved models to delete."""

from dataclasses import dataclass, field

import streamlit as st
from torch import nn

from core import defaults
from core.config import RunConfig
from core.store import StoreError
from ui import saved_models as saved
from ui.draw import state
from ui.draw.state import URL
from ui.i18n import t

SESSION_ID = "session"  # model ids: a default's name, "session", "tuned", or a saved one's (ui.saved_models.PREFIX)
TUNED_ID = "tuned"  # the model taught this learner's handwriting, in this session only until saved


def saved_name(model_id: str) -> str:
    """A saved model's name from its id (saved:NAME, class:NAME); any other id as it is."""
    for prefix in saved.PREFIX.values():
        if model_id.startswith(prefix):
            return model_id.removeprefix(prefix)
    return model_id


@dataclass
class Offer:
    """Models by id. Saved ones are only listed (`where`) until `load` reads the ones picked; widgets and the gallery
    keep ids, so switching the language keeps the learner's choice."""

    models: dict[str, nn.Module] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # id -> display name, every id on offer
    configs: dict[str, RunConfig] = field(default_factory=dict)
    where: dict[str, tuple[str, str]] = field(default_factory=dict)  # a saved model's id -> (scope, name)
    own: list[str] = field(default_factory=list)  # the saved models this session may delete

    def name_of(self, model_id: str) -> str:
        """The display name of a model id; one no longer on offer (named in a gallery from another session) in
        words too, never its raw id."""
        if model_id in self.names:
            return self.names[model_id]
        if model_id in defaults.NAMES:
            return t(f"draw.model.{model_id}")
        if model_id == TUNED_ID:
            return t("draw.model.tuned_elsewhere")
        if model_id == SESSION_ID:
            return t("draw.model.session_elsewhere")
        return t("draw.model.saved_elsewhere", name=saved_name(model_id))

    def short_name(self, model_id: str) -> str:
        """A few characters for a gallery caption: MLP, CNN, the session model's or the saved file's name."""
        if model_id == SESSION_ID:
            return (state.session_model() or {}).get("name") or t("draw.model.session_short")
        if model_id in defaults.NAMES:
            return model_id.removeprefix("mnist_").upper()
        if model_id == TUNED_ID:
            return t("draw.model.tuned_short")
        return self.where[model_id][1] if model_id in self.where else saved_name(model_id)

    def load(self, chosen: list[str]) -> list[str]:
        """Load the picked saved models; the ones that cannot be read are reported and left out."""
        usable = []
        for model_id in chosen:
            if model_id in self.where and model_id not in self.models:
                try:
                    self.models[model_id], self.configs[model_id], _ = saved.load(*self.where[model_id])
                except (ValueError, StoreError) as error:
                    st.warning(t("draw.unusable", file=self.where[model_id][1], error=error), icon="⚠️")
                    continue
            if model_id in self.models:
                usable.append(model_id)
        return usable


def on_offer(loaded: dict[str, defaults.DefaultModel] | None) -> Offer:
    """Every model this session may pick; the page reruns when a saved one changes, and a store that cannot list
    them is reported."""
    offer = Offer()
    for default in (loaded or {}).values():
        offer.models[default.name], offer.configs[default.name] = default.model, default.config
        offer.names[default.name] = t(f"draw.model.{default.name}")
    if tuned := state.tuned():
        offer.models[TUNED_ID], offer.configs[TUNED_ID] = tuned["model"], tuned["config"]
        offer.names[TUNED_ID] = t("draw.model.tuned", base=tuned["base"])
    session = state.session_model()
    if session and session.get("model") is not None:
        accuracy, name = session.get("test_acc"), session.get("name", "model")
        offer.models[SESSION_ID], offer.configs[SESSION_ID] = session["model"], RunConfig.from_dict(session["config"])
        offer.names[SESSION_ID] = (t("draw.model.session", name=name) if accuracy is None
                                   else t("draw.model.session_acc", name=name, acc=accuracy))
    saved_names, offer.where, offer.own, problems = saved.offered()
    offer.names |= saved_names
    if loaded is not None and state.teaching() is None:
        saved.follow_changes()  # one polling fragment per page: a build or teaching polls, then reruns it whole
    for problem in problems:
        st.warning(problem, icon="⚠️")
    return offer


def picker(offer: Offer) -> list[str]:
    """The models chosen to read the drawing, best reader first, each one loaded."""
    # Typing in the box filters by name, so the list stays usable with a hundred saved models.
    chosen = st.multiselect(t("draw.models"), list(offer.names), default=list(offer.models), format_func=offer.name_of,
                            key=state.PICKED, bind=URL, help=t("draw.models.help"))
    chosen = offer.load(chosen)
    if not chosen:
        st.info(t("draw.pick_model"))
    return chosen


def delete_saved(where: dict[str, tuple[str, str]]) -> None:
    """The "Delete" button of "My saved models" (the store checks that this session owns it)."""
    model_id = state.delete_pick()
    if model_id in where:
        state.DELETE_MESSAGE.leave(*saved.delete(*where[model_id]))
        if model_id in (state.picked() or []):
            state.pick([m for m in state.picked() if m != model_id])


def mine(offer: Offer) -> None:
    """"My saved models": this session's own, to delete."""
    if offer.own:
        with st.expander(t("saved_models.mine_title")):
            col_pick, col_delete = st.columns([3, 1], vertical_alignment="bottom")
            col_pick.selectbox(t("saved_models.pick"), offer.own, format_func=offer.name_of, key=state.DELETE_PICK)
            col_delete.button(t("saved_models.delete"), key="draw_delete", on_click=delete_saved, args=(offer.where,),
                              icon=":material/delete:")
    state.DELETE_MESSAGE.show()
