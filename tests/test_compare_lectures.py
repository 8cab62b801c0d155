"""The compare panel on lectures 3-5's pages: a finished run is kept, and the table shows the settings the
chapter's task module names (COMPARED)."""

import pytest
import torch

from core.tasks import TASKS
from tests.apptest_helpers import open_page, stop_runs
from tests.test_page_logistic import train_to_end

torch.set_num_threads(1)
# page -> (runner slot, task)
PAGES = {"pages/gradient_descent.py": ("gd", "gradient-descent"),
         "pages/back_propagation.py": ("bp", "back-propagation"),
         "pages/linear_regression.py": ("lreg", "linear-regression")}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_finished_run_is_kept_with_its_chapters_compared_settings(page):
    slot, task = PAGES[page]
    app = open_page(page)
    try:
        train_to_end(app, slot, epochs=3)
        (panel,) = [e for e in app.expander if e.label.startswith("Compare runs")]
        assert panel.label == "Compare runs (1 kept)"
        app.session_state[f"extras-compare-{slot}-open"] = True  # as a click on the panel would
        app.run()
        assert not app.exception
        (table,) = [frame.value for frame in app.dataframe if "epochs done" in frame.value.columns]
        assert set(TASKS[task].compared) <= set(table.columns)
        assert list(table["epochs done"]) == [3]
    finally:
        stop_runs(app)
