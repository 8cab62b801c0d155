"""Which runs go on a class board: the chapter, page file and URL path of each runner slot that posts."""

from ui import figures_ch6, figures_ch7, figures_ch9

# slot (ui.live.session_runner) -> (board chapter, page file, page URL path): the runs that go on a board.
CHAPTER_OF_SLOT = {
    "ch6": ("ch6", "pages/logistic_regression.py", "logistic-regression"),
    "ch7": ("ch7", "pages/multiple_features.py", "multiple-features"),
    "mb-titanic": ("ch8-titanic", "pages/mini_batches.py", "mini-batches"),
    "mb-race-full": ("ch8-race", "pages/mini_batches.py", "mini-batches"),
    "mb-race-mini": ("ch8-race", "pages/mini_batches.py", "mini-batches"),
    "mb-race-sgd": ("ch8-race", "pages/mini_batches.py", "mini-batches"),
    "sm-train": ("ch9", "pages/softmax_mnist.py", "softmax-mnist"),
    "cv-train": ("ch10", "pages/convolution.py", "convolution"),
}
# board chapter -> the figure module that draws a followed run as its page does (BROADCAST_FIELDS and
# broadcast_figures); the chapters not here show the followed run's curves alone.
FOLLOWED_FIGURES = {"ch6": figures_ch6, "ch7": figures_ch7, "ch9": figures_ch9, "ch10": figures_ch9}
PAGE_FILES = {path: file for _, file, path in CHAPTER_OF_SLOT.values()}
