"""Every page of the app, said once: the router (app.py), the home page and the class board read this list.

It names the pages by file and never imports them, so app.py and ui/ can both import it.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page: its file, URL path and navigation entry, its card on the home page, and its board slots."""

    file: str  # relative to the repository root, as st.Page and st.page_link take it
    url_path: str  # "" for the home page, the default
    title: str  # text key of its navigation title
    icon: str | None = None
    home: str | None = None  # text key of its card on the home page; None: no card
    board: dict[str, str] = field(default_factory=dict)  # runner slot (ui.live) -> class board chapter


PAGES = (
    Page("pages/home.py", "", "shell.nav.home", icon="🏠"),
    Page("pages/linear_model.py", "linear-model", "ch2.nav", home="ch2.home"),
    Page("pages/gradient_descent.py", "gradient-descent", "ch3.nav", home="ch3.home",
         board={"gd": "ch3", "gd-sgd": "ch3"}),
    Page("pages/back_propagation.py", "back-propagation", "ch4.nav", home="ch4.home", board={"bp": "ch4"}),
    Page("pages/linear_regression.py", "linear-regression", "ch5.nav", home="ch5.home", board={"lreg": "ch5"}),
    Page("pages/logistic_regression.py", "logistic-regression", "ch6.nav", home="ch6.home",
         board={"ch6": "ch6"}),
    Page("pages/multiple_features.py", "multiple-features", "ch7.nav", home="ch7.home", board={"ch7": "ch7"}),
    Page("pages/mini_batches.py", "mini-batches", "ch8.nav", home="ch8.home",
         board={"mb-titanic": "ch8-titanic", "mb-race-full": "ch8-race", "mb-race-mini": "ch8-race",
                "mb-race-sgd": "ch8-race"}),
    Page("pages/softmax_mnist.py", "softmax-mnist", "ch9.nav", home="ch9.home", board={"sm-train": "ch9"}),
    Page("pages/convolution.py", "convolution", "ch10.nav", board={"cv-train": "ch10"}),
    Page("pages/advanced_cnn.py", "advanced-cnn", "ch11.nav", board={"ac-train": "ch11"}),
    Page("pages/draw.py", "draw", "shell.nav.draw", icon="✏️", home="home.draw"),
    Page("pages/classroom.py", "class", "shell.nav.class", icon="🏫"),
)

# slot -> (board chapter, page file, page URL path): the runs that go on a class board, and where they came from.
CHAPTER_OF_SLOT = {slot: (chapter, page.file, page.url_path) for page in PAGES for slot, chapter in page.board.items()}
# URL path -> file of the pages whose runs go on a board (a board's "try it myself" links).
PAGE_FILES = {page.url_path: page.file for page in PAGES if page.board}
