"""A followed run's chapter figures, drawn from what a real run's broadcast carries through a real store."""

import pytest

from core import classroom
from core.config import default_config
from core.store import open_store
from core.train import Training
from ui import figures_ch6, figures_ch7, figures_ch9

RUNS = {  # board chapter: (the chapter's figure module, a short run of its task)
    "ch6": (figures_ch6, dict(task="logistic", epochs=20)),
    "ch7": (figures_ch7, dict(task="diabetes", epochs=3)),
    "ch9": (figures_ch9, dict(task="mnist", epochs=1, train_subset=640, test_subset=500, device="cpu")),
}


@pytest.mark.parametrize("chapter", list(RUNS))
def test_the_board_draws_a_followed_run_as_its_chapter_page_does(chapter, tmp_path):
    drawn, settings = RUNS[chapter]
    cfg = default_config(settings.pop("task"), **settings)
    training = Training(cfg)
    records = list(training)
    last = [r for r in records if r["kind"] == "eval"][-1]
    assert set(drawn.BROADCAST_FIELDS) <= set(last), "the task's evaluation no longer carries what the board draws"
    store = open_store(f"sqlite:///{tmp_path / 'class.sqlite3'}")
    code, key = classroom.create_class(store)
    classroom.broadcast(store, code, key, chapter=chapter, page="any", params=[], config=cfg.to_dict(),
                        records=records, status="finished",
                        latest={field: last[field] for field in drawn.BROADCAST_FIELDS})
    live = classroom.live_run(store, code)
    figures = [fig for row in drawn.broadcast_figures(live["latest"], live["settings"], lang="zh") for fig in row]
    assert figures and all(fig.data for fig in figures)
    if chapter == "ch6":  # the fitted curve, titled with the run's w and b
        (curve,) = [trace for trace in figures[0].data if len(trace.y) == len(last["curve/y"])]
        assert list(curve.y) == pytest.approx(last["curve/y"], rel=1e-3)
        assert f"{last['w']:.3f}" in figures[0].layout.title.text
    elif chapter == "ch7":  # the network 8 → 6 → 4 → 1 and the first layer's 6 × 8 weights
        assert "8 → 6 → 4 → 1" in figures[0].layout.title.text
        assert figures[1].data[1].z.shape == (6, 8)
    else:  # the confusion matrix counts the 500 test digits; per-class accuracy in percent
        assert "500" in figures[0].layout.title.text
        assert sum(int(n) for trace in figures[0].data for n in trace.text) == 500
        assert list(figures[1].data[0].y) == pytest.approx([100 * a for a in last["per_class_acc"]], rel=1e-3)
