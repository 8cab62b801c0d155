"""Which runs go on a class board: the chapter, page file and URL path of each runner slot that posts."""

from ui import figures_ch6, figures_ch7, figures_ch9
from ui.registry import CHAPTER_OF_SLOT, PAGE_FILES  # noqa: F401  (the runs that go on a board, and their pages)

# board chapter -> the figure module that draws a followed run as its page does (BROADCAST_FIELDS and
# broadcast_figures); the chapters not here show the followed run's curves alone.
FOLLOWED_FIGURES = {"ch6": figures_ch6, "ch7": figures_ch7, "ch9": figures_ch9, "ch10": figures_ch9,
                    "ch11": figures_ch9}
