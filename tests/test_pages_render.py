"""Every page of the navigation renders in AppTest without an exception (the smoke pattern)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import open_page

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_navigation_lists_exactly_the_pages_that_exist():
    source = (ROOT / "app.py").read_text()
    for page in PAGES:
        assert f'"{page}"' in source, f"{page} exists but is not in the navigation"
    for listed in [line.split('"')[1] for line in source.splitlines() if "st.Page(" in line]:
        assert (ROOT / listed).is_file(), f"navigation lists {listed}, which does not exist"


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page):
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{page} rendered no title"


def test_home_says_what_each_chapter_teaches_and_what_is_ready():
    at = app()
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    for topic in ("sigmoid", "8-6-4-1", "DataLoader", "softmax", "Draw"):
        assert topic in text
    assert at.metric[0].label == "Training device" and "CPU" in at.metric[0].value
    assert "✅ **MNIST** ready" in text
