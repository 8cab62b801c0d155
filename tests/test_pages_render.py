"""Every page of the navigation renders in AppTest without an exception (the smoke pattern)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.device import describe_device, resolve_device
from tests.apptest_helpers import open_page
from ui import registry

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_navigation_lists_exactly_the_pages_that_exist():
    """app.py's navigation is ui.registry's list: it names every file in pages/ once, and no other."""
    listed = [entry.file for entry in registry.PAGES]
    assert sorted(listed) == PAGES, "ui/registry.py must list each file of pages/ exactly once"
    assert len({entry.url_path for entry in registry.PAGES}) == len(listed), "two pages share a URL path"
    assert [entry.url_path for entry in registry.PAGES].count("") == 1, "one page is the default, at /"
    assert "registry.PAGES" in (ROOT / "app.py").read_text(), "app.py builds its st.Page list from the registry"


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
    # The device core resolves for "auto" (CPU here, the GPU's name on a CUDA machine), as the page names it.
    assert at.metric[0].label == "Training device"
    assert at.metric[0].value == describe_device(resolve_device("auto"))
    assert "✅ **MNIST** ready" in text


def test_home_names_a_gpu_by_its_model(monkeypatch):
    """What a CUDA machine shows, on any machine: the resolved device as core describes it."""
    import torch

    import ui.status

    monkeypatch.setattr(ui.status, "_training_device", lambda: torch.device("cuda", 0))
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: "NVIDIA H100 80GB HBM3")
    at = app()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.metric[0].value == "GPU: NVIDIA H100 80GB HBM3"
