"""Chapters 9-11 without MNIST (AppTest): each page says which files are missing and how to fetch them, in the
learner's language, and what of the page still works; nothing raises."""

import pytest

import core.data
from tests.test_i18n import open_in
from ui.text import lookup

PAGES = {"pages/softmax_mnist.py": None, "pages/convolution.py": "ch10.works_without_mnist",
         "pages/advanced_cnn.py": "ch11.works_without_mnist"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_without_mnist_names_the_missing_files_and_the_fix(page, lang, tmp_path, monkeypatch):
    monkeypatch.setattr(core.data, "DATA_DIR", tmp_path)  # an empty data folder: no MNIST file is there
    at = open_in(lang, page)
    assert not at.exception, [e.value for e in at.exception]
    errors = [error.value for error in at.error]
    assert errors, "no message about the missing MNIST files"
    status = core.data.mnist_status(tmp_path)
    expected = lookup("mnist_live.not_ready", lang, dir=status["dir"], files=", ".join(status["files"]))
    if PAGES[page] is not None:
        expected += " " + lookup(PAGES[page], lang)
    assert expected in errors
    assert "python -m core.data fetch" in expected
