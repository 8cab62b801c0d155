"""torchplay router: one st.Page per chapter, the shared sidebar, session defaults (language, lecture mode)."""

import streamlit as st

from ui import classroom, lecture, phone, polling, registry, share
from ui.i18n import choose_language, t
from ui.sidebar import sidebar

share.remember_link()  # before anything rewrites the URL
classroom.take_key_link()  # a lecturer link's key leaves the URL and its history before anything pushes an entry
choose_language()
lecture.choose_mode()
st.set_page_config(page_title="torchplay", page_icon="🔥", layout="wide",
                   initial_sidebar_state="collapsed" if lecture.is_on() else "auto")
st.session_state.setdefault("runners", {})  # slot -> core.runner.Runner, this learner's runs only

PAGES = [st.Page(entry.file, title=t(entry.title), icon=entry.icon, url_path=entry.url_path,
                 default=not entry.url_path) for entry in registry.PAGES]

page = st.navigation(PAGES, expanded=True)  # every lecture in view: past 12 pages Streamlit folds the rest away
st.session_state["share-page-path"] = page.url_path
link_slot = sidebar()
lecture.inject()
phone.inject()
classroom.read_link()  # ?class= (&name=, &key=, &tried=) on any page: join, lead, or say why not
polling.page_run_starts()
page.run()
classroom.heartbeat()  # after the page: only where nothing on it polls
share.after_page(link_slot)
