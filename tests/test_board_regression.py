"""The class board and the regression chapters (lectures 3, 4 and 5: no accuracy): their pages' runs land on their
chapter, are ranked and plotted by final training loss (lowest first, diverged last), never at 0 % accuracy."""

import pytest
import torch

from core import board_runs, classroom
from core.config import default_config
from core.store import open_store
from core.train import Training
from tests.apptest_helpers import open_page
from ui import figures_classroom
from ui.registry import CHAPTER_OF_SLOT

torch.set_num_threads(1)
EPOCHS = 40
# board chapter -> its task, the page's runner slot, and learning rates listed lowest final loss first, where the
# last one diverges: GD on lecture 3's data above 3/14, lecture 4's per-sample update above 1/9, lecture 5's
# summed MSE above about 0.06.
CASES = {
    "ch3": ("gradient-descent", "gd", (0.1, 0.01, 0.5)),  # 0.1 reaches a loss of exactly 0 in float32
    "ch4": ("back-propagation", "bp", (0.02, 0.01, 1.0)),
    "ch5": ("linear-regression", "lreg", (0.03, 0.01, 1.0)),
}


def posted_runs(store, code: str, chapter: str) -> None:
    """Train the chapter's task at each learning rate (shuffled order) and post each run as its page would."""
    task, slot, lrs = CASES[chapter]
    _, page_file, path = CHAPTER_OF_SLOT[slot]
    for n, lr in enumerate(sorted(lrs)):
        cfg = default_config(task, lr=lr, epochs=EPOCHS)
        records = list(Training(cfg))
        status = "diverged" if records[-1]["reason"] == "diverged" else "finished"
        summary = board_runs.run_summary(f"s{n}", chapter, path, [(f"{slot}-lr", str(lr))], cfg.to_dict(), records,
                                         status)
        classroom.post_run(store, code, summary)


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    monkeypatch.setenv("TORCHPLAY_STORE", url)
    return open_store(url)


@pytest.mark.parametrize("chapter", list(CASES))
def test_each_regression_page_posts_to_its_chapter(chapter):
    task, slot, _ = CASES[chapter]
    assert CHAPTER_OF_SLOT[slot][0] == chapter


@pytest.mark.parametrize("chapter", list(CASES))
def test_a_regression_chapter_is_ranked_and_plotted_by_final_loss(store, chapter):
    code, _ = classroom.create_class(store)
    posted_runs(store, code, chapter)
    runs = classroom.ranked(classroom.read_board(store, code).of_chapter(chapter))
    assert all(run["acc"] is None for run in runs)  # nothing to rank by but the loss
    assert [run["settings"]["lr"] for run in runs] == list(CASES[chapter][2])
    assert runs[-1]["status"] == "diverged" and all(run["status"] == "finished" for run in runs[:-1])
    assert runs[0]["train_loss"] <= runs[1]["train_loss"]

    scatter = figures_classroom.scatter(runs, "lr", None)
    assert scatter.layout.yaxis.type == "log" and "loss" in scatter.layout.yaxis.title.text
    heights = {point[0]: y for trace in scatter.data for point, y in zip(trace.customdata, trace.y)}
    assert 0 < heights[0] < heights[1] < heights[2]  # the rank order, none at 0; the diverged run on top
    curves = figures_classroom.curves(runs)
    assert curves.layout.yaxis.type == "log" and list(curves.data[-1].y) == runs[0]["curve"]["train/loss"]


def test_the_board_table_shows_a_regression_chapters_final_loss_in_rank_order(store):
    code, key = classroom.create_class(store)
    posted_runs(store, code, "ch4")
    posted_runs(store, code, "ch5")
    app = open_page("pages/classroom.py")
    app.session_state["class-keys"] = {code: key}
    app.session_state["class-viewing"] = code
    app.run()
    app.segmented_control(key="class-chapter").set_value("ch4").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert "final train loss" in table.columns and "train accuracy" not in table.columns
    losses = list(table["final train loss"])
    assert losses[:2] == sorted(losses[:2]) and list(table["ended"])[-1] == "diverged"
    assert list(table["#"]) == [1, 2, 3]
