"""What the class page says in the learner's language: the suggested nickname, the picked run's settings."""

import re

import pytest

from core.store import open_store
from tests.test_i18n import open_in
from ui.classroom.board import readable_params


@pytest.fixture(autouse=True)
def class_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    monkeypatch.setenv("TORCHPLAY_STORE", url)
    return open_store(url)


def test_a_picked_run_s_settings_read_as_words_in_the_learner_s_language():
    params = [["ch7-lr", "1"], ["ch7-opt", "adam"], ["ch7-w1", "8"]]
    assert readable_params(params, "en") == "learning rate = 1, optimizer = adam, w1 = 8"
    assert readable_params(params, "zh") == "学习率 (lr) = 1, 优化器 = adam, w1 = 8"
    assert readable_params([["sm-batch", "128"], ["sm-train-patience", "3"]], "en") == "batch size = 128, patience = 3"


def test_the_suggested_nickname_is_in_the_learner_s_language():
    app = open_in("zh", "pages/classroom.py")  # a first visit in 中文
    assert re.fullmatch(r"[^\x00-\x7f]+ \d\d", app.text_input(key="class-nickname-input").value)
