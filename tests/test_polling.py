"""ui/polling.py: one fragment polls per page run; a second asks and is told to wait; a new page run starts afresh."""

from streamlit.testing.v1 import AppTest


def two_pollers():
    import streamlit as st

    from ui import polling

    polling.page_run_starts()
    st.session_state["idle"] = polling.every("idle", None), polling.page_polls()
    st.session_state["first"] = polling.every("live", 0.5)
    st.session_state["second"] = polling.every("watch", 2.0)
    st.session_state["first again"] = polling.every("live", 0.5)  # a fragment's own rerun declares it again
    st.session_state["polls"] = polling.page_polls()


def test_the_first_polling_fragment_polls_and_a_second_waits():
    at = AppTest.from_function(two_pollers, default_timeout=30).run()
    assert not at.exception
    assert at.session_state["idle"] == (None, False)  # a fragment that does not poll claims nothing
    assert at.session_state["first"] == 0.5
    assert at.session_state["second"] is None
    assert at.session_state["first again"] == 0.5
    assert at.session_state["polls"] is True


def test_each_page_run_starts_with_nothing_polling():
    at = AppTest.from_function(two_pollers, default_timeout=30).run()
    at.session_state["page-polling"] = "a fragment of the page shown before"
    at.run()
    assert at.session_state["first"] == 0.5  # not told to wait for what polled in an earlier page run
