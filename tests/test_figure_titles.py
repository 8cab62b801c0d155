"""Chart titles fit a phone's chart: ui.figures.wrapped breaks them into lines, fit_title makes room for them."""

import plotly.graph_objects as go
import pytest

from ui.figures import LINE_PX, TITLE_FIT, _width, fit_title, style, wrapped
from ui.text import lookup

TITLES = [lookup("ch4.graph_title", lang, loss="1") for lang in ("en", "zh")] + [
    lookup("figures_ch10.channels.title", lang, shape="2 × 3 × 3 × 3") for lang in ("en", "zh")]


@pytest.mark.parametrize("title", TITLES)
def test_a_long_title_is_broken_into_lines_that_fit_with_every_word_kept(title):
    lines = wrapped(title).split("<br>")
    assert len(lines) > 1 and all(_width(line) <= TITLE_FIT for line in lines), lines
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")  # nothing lost, nothing reordered
    assert not any(line[0] in "),，、：）·" or line[-1] in "(（" for line in lines), lines


def test_a_short_title_a_given_break_and_a_word_wider_than_a_line_stay_as_they_are():
    assert wrapped("Loss by epoch") == "Loss by epoch"
    assert wrapped("first<br>second") == "first<br>second"
    assert wrapped("Normalize((0.1307,),(0.3081,)) then more", 10) == "Normalize((0.1307,),(0.3081,))<br>then more"


def test_fit_title_makes_room_for_each_added_line_once():
    title = "w after every sample, and the gradient it was updated with"
    fig = style(go.Figure(), height=400, title=title)
    assert fig.layout.title.text == wrapped(title) and fig.layout.title.text.count("<br>") == 1
    assert fig.layout.height == 400 + LINE_PX and fig.layout.margin.t == 60 + LINE_PX
    again = fit_title(fig)
    assert again.layout.height == 400 + LINE_PX and again.layout.margin.t == 60 + LINE_PX
    assert style(go.Figure(), height=400, title="short").layout.height == 400
