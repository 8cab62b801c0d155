"""The home page and the sidebar name the lectures the playground covers (2-11) and list their pages in order."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import ROOT
from ui.text import lookup


@pytest.mark.parametrize("lang, covered", [("en", "lectures 2–11"), ("zh", "第 2–11 讲")])
def test_home_and_sidebar_name_lectures_2_to_11_and_list_them_in_order(lang, covered):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert covered in at.markdown[0].value  # the intro
    assert any(covered in caption.value for caption in at.sidebar.caption)
    cards = [link.proto.label for link in at.get("page_link")]
    numbered = [int(label.split(" · ")[0]) for label in cards if label[:1].isdigit()]
    assert numbered == [2, 3, 4, 5, 6, 7, 8, 9]  # chapters 10 and 11 have no card; /draw's card comes after
    assert cards[:2] == [lookup("ch2.nav", lang), lookup("ch3.nav", lang)]
