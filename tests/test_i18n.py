"""中文 / English: every key the code asks for exists in both languages, ?lang= and the switch change the whole
page, and each page rendered in Chinese has no English sentence left (one test per page, so a page that still
has English shows up by name)."""

import importlib
import json
import pkgutil
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import ROOT, stop_runs
from ui.i18n import browser_language
from ui.text import LANGS, TEXT, lookup

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
# core makes some keys too (an UploadError carries "upload.error.<code>" for the UI to translate).
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py")),
           *sorted((ROOT / "core").rglob("*.py"))]
PREFIXES = sorted({key.split(".")[0] for key in TEXT})
# A quoted literal that starts like a translation key, e.g. "ch6.title" (also inside f-strings).
KEY_LITERAL = re.compile(r"""["']((?:%s)\.[\w.-]+)["']""" % "|".join(map(re.escape, PREFIXES)))
F_KEY = re.compile(r"""f["']((?:%s)\.[\w.-]*)\{""" % "|".join(map(re.escape, PREFIXES)))

# Words that stay as they are in the Chinese pages: code, library and course terms, units, names.
ALLOWED = {
    "pytorch", "torch", "torchvision", "torchplay", "mnist", "adam", "sgd", "relu", "tanh", "sigmoid", "softmax",
    "bce", "mse", "nll", "nllloss", "logsoftmax", "crossentropyloss", "bceloss", "cnn", "mlp", "dataset",
    "dataloader", "linear", "epoch", "iteration", "batch", "mini", "batch-size", "shuffle", "cpu", "gpu", "cuda",
    "python", "lr", "w", "b", "x", "y", "p", "z", "mg", "dl", "kg", "mm", "hg", "csv", "gz", "english", "max", "nn",
    "log", "exp", "wx",  # formulas
}
# Words only one page may keep in Chinese, on top of ALLOWED: the names its lecture's code uses. Every other page
# keeps the full check ("the loss appears here" is still English there).
PAGE_TERMS = {
    "pages/back_propagation.py": {"loss", "grad"},  # lecture 4's graph: the node `loss` and `w.grad`, as in its code
    "pages/linear_regression.py": {"adagrad", "adamax", "asgd", "lbfgs", "rmsprop", "rprop"},  # torch.optim's classes
}
WORD = r"[A-Za-z][A-Za-z'’]*"
ENGLISH_RUN = re.compile(rf"{WORD}(?:[ \t]+{WORD}){{2,}}")


def keys_in_code() -> dict[str, list[str]]:
    """Translation keys written literally in the code -> the files using them."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        if path.parent.name == "text":
            continue
        for key in KEY_LITERAL.findall(path.read_text()):
            found.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return found


def key_prefixes_in_code() -> dict[str, list[str]]:
    """Beginnings of keys built at run time (f"ch7.field.{name}") -> the files using them."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        if path.parent.name == "text":  # the tables build their own keys (upload.error.{code}): not a use
            continue
        for prefix in F_KEY.findall(path.read_text()):
            found.setdefault(prefix, []).append(str(path.relative_to(ROOT)))
    return found


def english_runs(text: str, allowed: set[str] = ALLOWED) -> list[str]:
    """Runs of three or more English words in a row that are not code, library or course terms (`allowed`)."""
    text = re.sub(r"`[^`]*`", " ", text)  # code spans
    text = re.sub(r"https?://\S+|/[\w/-]*\?\S*", " ", text)  # links
    runs = []
    for run in ENGLISH_RUN.findall(text):
        words, stretch = run.split(), []
        for word in [*words, ""]:
            if word and word.strip("'’").lower() not in allowed:
                stretch.append(word)
                continue
            if len(stretch) >= 3:
                runs.append(" ".join(stretch))
            stretch = []
    return runs


def texts_of(app: AppTest) -> list[str]:
    """Every piece of text a learner reads on the page: bodies, labels, help, options, chart titles and names."""
    from google.protobuf.json_format import MessageToDict

    out = []

    def walk(node):
        children = getattr(node, "children", None)
        if children is not None:
            for child in children.values():
                yield from walk(child)
        else:
            yield node

    def strings(value, field=""):
        if isinstance(value, str):
            if value.startswith("<style>"):  # a style sheet (ui.phone's, lecture mode's) has no words to translate
                return
            if field in ("body", "label", "help", "options", "content", "placeholder", "text", "caption", "value"):
                out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("id", "formId", "codeText", "language", "spec", "data", "arrowData", "styler"):
                    strings(v, k)
        elif isinstance(value, list):
            for v in value:
                strings(v, field)

    for element in walk(app._tree):
        proto = getattr(element, "proto", None)
        if proto is None:
            continue
        if element.type == "plotly_chart":
            out.extend(chart_texts(json.loads(proto.spec)))
            continue
        strings(MessageToDict(proto))
    return out


def chart_texts(spec: dict) -> list[str]:
    """Titles, axis titles, trace names, annotations and tick labels of a plotly figure."""
    layout, out = spec.get("layout", {}), []
    for name, value in layout.items():
        if name.startswith(("xaxis", "yaxis", "title")) and isinstance(value, dict):
            title = value.get("title", value) if name != "title" else value
            out.append(title.get("text", "") if isinstance(title, dict) else str(title))
            out.extend(str(v) for v in value.get("ticktext", []))
    out.extend(a.get("text", "") for a in layout.get("annotations", []))
    for trace in spec.get("data", []):
        if trace.get("showlegend", True) is not False or trace.get("mode", "").endswith("text"):
            out.append(str(trace.get("name", "")))
        if isinstance(trace.get("text"), list):
            out.extend(str(v) for v in trace["text"])
    return [re.sub(r"<[^>]+>", " ", text) for text in out if text]


def open_in(lang: str, page: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page(page)
    app.run()
    return app


def tables() -> dict[str, dict[str, tuple[str, str]]]:
    """Every ui/text/<name>.py table by module name."""
    import ui.text

    return {info.name: importlib.import_module(f"ui.text.{info.name}").TEXT
            for info in pkgutil.iter_modules(ui.text.__path__)}


def unused_keys(table: dict[str, tuple[str, str]], literal: set[str], built: set[str]) -> list[str]:
    """Keys of `table` written nowhere in the code and not made by any f-string key beginning."""
    return sorted(key for key in table if key not in literal and not any(key.startswith(p) for p in built))


def test_every_key_used_in_the_code_exists_in_both_languages():
    used = keys_in_code()
    assert used, "found no translation keys in the code: the scan is broken"
    missing = {key: files for key, files in used.items() if key not in TEXT}
    assert not missing, f"keys used but not in any ui/text table: {missing}"
    built = key_prefixes_in_code()
    orphans = {p: f for p, f in built.items() if not any(key.startswith(p) for key in TEXT)}
    assert not orphans, f"keys built at run time with no entry starting that way: {orphans}"


def test_every_text_table_is_named_by_what_it_holds_and_every_key_is_used():
    """Each ui/text/<name>.py holds only <name>.* keys, and every key of every table is used somewhere."""
    found = tables()
    assert len(found) >= 10 and sum(map(len, found.values())) == len(TEXT), "a table was not scanned"
    misplaced = {name: [key for key in table if not key.startswith(f"{name}.")] for name, table in found.items()}
    assert not any(misplaced.values()), f"keys in a table of another name: {misplaced}"
    literal, built = set(keys_in_code()), set(key_prefixes_in_code())
    unused = {name: keys for name, table in found.items() if (keys := unused_keys(table, literal, built))}
    assert not unused, f"keys no code uses (delete them or use them): {unused}"


def test_the_unused_key_check_finds_an_unused_key():
    table = {"ch6.title": ("a", "甲"), "ch6.no_such_use": ("b", "乙"), "ch7.field.seed": ("c", "丙")}
    assert unused_keys(table, set(keys_in_code()), set(key_prefixes_in_code())) == ["ch6.no_such_use"]


def test_every_entry_has_both_languages_with_the_same_placeholders():
    fields = lambda text: sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)  # noqa: E731
    for key, entry in TEXT.items():
        assert isinstance(entry, tuple) and len(entry) == len(LANGS), f"{key}: want one text per language {LANGS}"
        assert all(text.strip() for text in entry), f"{key}: an empty translation"
        assert fields(entry[0]) == fields(entry[1]), f"{key}: placeholders differ between languages"


def untranslated(table: dict[str, tuple[str, str]]) -> list[str]:
    """Keys with no 中文 of their own: none given, or a copy of English words (names and terms excepted)."""
    return sorted(key for key, entry in table.items() if entry[0] == entry[-1] and has_english_word(entry[0]))


def test_every_key_has_its_chinese():
    assert not untranslated(TEXT), "no 中文 (the English copied): " + ", ".join(untranslated(TEXT))
    assert untranslated({"ch6.title": ("Logistic regression", "Logistic regression"), "ch6.w": ("Adam", "Adam"),
                         "ch6.b": ("Logistic regression", "逻辑斯蒂回归"), "ch6.pass": ("passes",)}) == ["ch6.pass", "ch6.title"]


def test_lookup_falls_back_to_english_for_an_unknown_language_and_fills_values():
    assert lookup("ch6.nav", "zh") == "6 · 逻辑斯蒂回归"
    assert lookup("ch6.nav", "fr") == "6 · Logistic regression"
    assert lookup("ch7.width", "zh", n=2) == "第 2 层宽度"


@pytest.mark.parametrize("locale, lang", [("zh-CN", "zh"), ("zh_TW", "zh"), ("zh-Hant-HK", "zh"), ("zh", "zh"),
                                          ("en-US", "en"), ("de-DE", "en"), (None, "en"), ("", "en")])
def test_browser_language_picks_chinese_for_any_chinese_locale(locale, lang):
    assert browser_language(locale) == lang


def test_the_english_run_detector_finds_sentences_and_spares_terms():
    assert english_runs("训练 the loss appears here 中文") == ["the loss appears here"]
    assert english_runs("用 PyTorch 训练 MNIST,Adam 或 SGD") == []
    assert english_runs("`python -m core.data fetch` 请运行") == []
    assert english_runs("Linear regression with sigmoid") == []  # terms only


def test_a_pages_own_terms_are_allowed_on_that_page_only():
    assert set(PAGE_TERMS) <= set(PAGES), "PAGE_TERMS names a page that does not exist"
    lecture_4 = ALLOWED | PAGE_TERMS["pages/back_propagation.py"]
    assert english_runs("梯度 grad of the loss") == ["grad of the loss"]  # on every other page
    assert english_runs("梯度 grad of the loss", lecture_4) == []
    assert has_english_word("loss") and not has_english_word("loss", lecture_4)


def test_lang_parameter_and_the_switch_change_the_page():
    app = open_in("zh", "pages/logistic_regression.py")
    assert not app.exception
    assert app.title[0].value == lookup("ch6.title", "zh")
    assert app.session_state["lang"] == "zh"
    app.segmented_control(key="lang-choice").set_value("en").run()
    assert app.title[0].value == lookup("ch6.title", "en")
    stop_runs(app)


def test_an_unknown_lang_parameter_falls_back_and_says_so():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = "fr"
    app.run()
    assert not app.exception
    assert app.session_state["lang"] == "en"  # AppTest has no browser locale
    assert any("lang = fr" in toast.proto.body for toast in app.toast)


@pytest.mark.parametrize("page", PAGES)
def test_page_in_chinese_has_no_english_sentences(page):
    app = open_in("zh", page)
    try:
        assert not app.exception, [e.value for e in app.exception]
        allowed = ALLOWED | PAGE_TERMS.get(page, set())
        found = sorted({run for text in texts_of(app) for run in english_runs(text, allowed)})
        assert not found, f"{page} in 中文 still shows English: {found}"
    finally:
        stop_runs(app)


@pytest.mark.parametrize("page", PAGES)
def test_page_in_english_renders_the_same_elements(page):
    """Both languages draw the same page: only the words differ."""
    en, zh = open_in("en", page), open_in("zh", page)
    try:
        kinds = lambda app: [e.type for e in app.main if hasattr(e, "type")]  # noqa: E731
        assert kinds(en) == kinds(zh)
    finally:
        stop_runs(en)
        stop_runs(zh)


def figures_in(lang: str):
    """Every chapter 6/7 figure and the shared training chart, drawn in `lang` with data in them."""
    import numpy as np

    from ui import figures, figures_ch6 as ch6, figures_ch7 as ch7

    evals = [{"epoch": e, "step": e, "train/loss": 1 / e, "test/loss": 1.2 / e, "train/acc": 0.5, "test/acc": 0.6}
             for e in range(1, 4)]
    rng = np.random.default_rng(0)
    names = [lookup(f"ch7.feature.{n}", lang) for n in ("pregnant", "glucose", "pressure", "triceps")]
    weights = [rng.normal(size=(3, 4)), rng.normal(size=(1, 3))]
    return {
        "regression_vs_classification": ch6.regression_vs_classification(lang=lang),
        "sigmoid": ch6.sigmoid_figure(2.0, -5.0, lang=lang),
        "bce_mse": ch6.bce_mse_figure(0.3, lang=lang),
        "probability": ch6.probability_figure([0, 5, 10], [0.1, 0.5, 0.9], linear_y=[0.2, 0.5, 0.8],
                                              readout=(2.5, 0.4), lang=lang),
        "histograms": ch7.feature_histograms(rng.normal(size=(20, 4)), rng.integers(0, 2, 20), names, False,
                                             lang=lang),
        "network": ch7.network_figure([4, 3, 1], weights, input_names=names, lang=lang),
        "network_untrained": ch7.network_figure([4, 3, 1], None, lang=lang),
        "first_layer": ch7.first_layer_figure(weights[0], names, lang=lang),
        "loss_accuracy": figures.loss_accuracy_figure(evals, ghost=evals, lang=lang),
    }


def figure_texts(fig) -> list[str]:
    """What a figure shows and its hover texts, hover placeholders (%{x}) left out."""
    fig = fig.to_plotly_json()
    texts = chart_texts(fig) + [str(t.get("hovertemplate", "")) for t in fig["data"]]
    texts += [str(h) for t in fig["data"] for h in (t.get("hovertext") or []) if isinstance(h, str)]
    return [re.sub(r"%\{[^}]*\}|<[^>]+>", " ", text) for text in texts]


def has_english_word(text: str, allowed: set[str] = ALLOWED) -> bool:
    """An English word that is not a term, outside formulas (LaTeX) and code (`f(x)`, snake_case names)."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
    if re.search(r"\w\(", text) and len(text.split()) <= 3:  # a call such as NLLLoss()(z, y)
        return False
    text = re.sub(r"\w*_\w*", " ", text)  # parameter names such as batch_size
    return any(len(word) > 1 and word.lower() not in allowed for word in re.findall(WORD, text))


@pytest.mark.parametrize("name", list(figures_in("zh")))
def test_chapter_6_and_7_figures_speak_chinese_when_asked(name):
    zh, en = figure_texts(figures_in("zh")[name]), figure_texts(figures_in("en")[name])
    assert any(re.search(r"[\u4e00-\u9fff]", text) for text in zh), f"{name}: no Chinese at all"
    found = sorted({run for text in zh for run in english_runs(text)})
    assert not found, f"{name} in 中文 still shows English: {found}"
    untranslated = sorted({text for text in set(zh) & set(en) if has_english_word(text)})
    assert not untranslated, f"{name}: the same English text in both languages: {untranslated}"


@pytest.mark.parametrize("page", PAGES)
def test_page_in_chinese_translates_short_labels_too(page):
    """Labels too short to be a sentence ("Start", "test share") still change with the language."""
    en, zh = open_in("en", page), open_in("zh", page)
    try:
        allowed = ALLOWED | PAGE_TERMS.get(page, set())
        same = sorted({text for text in set(texts_of(zh)) & set(texts_of(en)) if has_english_word(text, allowed)})
        assert not same, f"{page}: the same English text in both languages: {same}"
    finally:
        stop_runs(en)
        stop_runs(zh)
