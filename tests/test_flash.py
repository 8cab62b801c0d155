"""A flash message: shown at the next run, taken away only after it has been drawn, held over a polling page's ticks."""

from types import SimpleNamespace

import pytest

import ui.flash
from ui.flash import Flash


@pytest.fixture
def page(monkeypatch):
    """A stand-in for streamlit: the session's state, what each run drew, and a clock the test moves."""
    drawn, clock = [], [100.0]

    def success(text):
        if page.fail_next:
            page.fail_next = False
            raise RuntimeError("the run was cut short here")
        drawn.append(text)

    page = SimpleNamespace(session_state={}, success=success, warning=drawn.append, drawn=drawn, clock=clock,
                           fail_next=False)
    monkeypatch.setattr(ui.flash, "st", page)
    monkeypatch.setattr(ui.flash.time, "monotonic", lambda: clock[0])
    return page


def test_a_message_is_shown_at_the_next_run_and_only_once(page):
    flash = Flash("msg")
    flash.show()
    flash.leave("success", "Deleted “a”.")
    flash.show()
    flash.show()
    assert page.drawn == ["Deleted “a”."]


def test_a_run_cut_short_before_drawing_the_message_leaves_it_for_the_next_run(page):
    flash = Flash("msg")
    flash.leave("success", "Deleted “a”.")
    page.fail_next = True
    with pytest.raises(RuntimeError):
        flash.show()
    flash.show()
    assert page.drawn == ["Deleted “a”."]


def test_a_held_message_stays_for_every_run_of_its_hold_then_goes(page):
    flash = Flash("msg", hold_s=6.0)
    flash.leave("warning", "gone")
    for _ in range(3):  # ticks 2 s apart
        flash.show()
        page.clock[0] += 2.0
    flash.show()  # the hold is over: drawn once more, then taken away
    flash.show()
    assert page.drawn == ["gone"] * 4


def test_only_known_levels_are_left(page):
    with pytest.raises(AssertionError):
        Flash("msg").leave("balloons", "x")
