"""Shareable settings (streamlit AppTest): a link's query parameters restore the widgets, the sidebar shows the link
with the current values, refused values get a notice instead of a traceback, and every setting is bound."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import ROOT, stop_runs
from ui import lecture
from ui.share import matches, refused

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
SETTING_TYPES = ("slider", "select_slider", "number_input", "radio", "checkbox", "toggle", "selectbox",
                 "segmented_control", "text_input", "pills", "multiselect", "button_group")
APP_WIDGETS = ("lang-choice", "lecture-toggle")  # mirrored into ?lang= and ?lecture= by app.py itself
# Actions, not settings: a preset sets other widgets, which are bound; binding the preset itself would put
# the preset's name in a link next to the settings that were changed after choosing it.
ACTION_PREFIXES = ("extras-preset-", "class-")  # class-: /class forms (a code, a nickname), not settings to share

# Link parameters -> the values the widgets must show (not the defaults).
LINKS = {
    "pages/logistic_regression.py": {
        "params": {"ch6-w": "2.5", "ch6-b": "-3", "ch6-yhat": "0.7", "ch6-band": "0.2", "ch6-hours": "4",
                   "ch6-compare": "false"},
        "values": {("slider", "ch6-w"): 2.5, ("slider", "ch6-b"): -3.0, ("slider", "ch6-yhat"): 0.7,
                   ("slider", "ch6-band"): 0.2, ("number_input", "ch6-hours"): 4.0, ("toggle", "ch6-compare"): False},
    },
    "pages/multiple_features.py": {
        "params": {"ch7-std": "false", "ch7-test": "0.3", "ch7-layers": "3", "ch7-act": "relu", "ch7-w1": "12",
                   "ch7-w2": "5", "ch7-w3": "7"},
        "values": {("toggle", "ch7-std"): False, ("slider", "ch7-test"): 0.3, ("slider", "ch7-layers"): 3,
                   ("radio", "ch7-act"): "relu", ("slider", "ch7-w1"): 12, ("slider", "ch7-w2"): 5,
                   ("slider", "ch7-w3"): 7},
    },
}


def open_link(page: str, params: dict[str, str]) -> AppTest:
    """The app opened with a link's query parameters, then on `page` (as the router does)."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params.update(params)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown_link(app: AppTest) -> str:
    return app.sidebar.code[0].value


def widget(app: AppTest, kind: str, key: str):
    return getattr(app, kind)(key=key)


@pytest.fixture
def opened():
    apps = []

    def open_(page, params):
        apps.append(open_link(page, params))
        return apps[-1]

    yield open_
    for app in apps:
        stop_runs(app)


@pytest.mark.parametrize("page", sorted(LINKS))
def test_link_restores_every_setting_and_the_shown_link_keeps_them(opened, page):
    link = LINKS[page]
    app = opened(page, link["params"])
    for (kind, key), value in link["values"].items():
        got = widget(app, kind, key).value
        assert got == pytest.approx(value) if isinstance(value, float) else got == value, (key, got, value)
    shown = shown_link(app)
    assert shown.startswith("/" + page.split("/")[1].removesuffix(".py").replace("_", "-"))
    for key, value in link["params"].items():
        assert f"{key}={value}" in shown, (key, shown)
    assert not app.toast  # nothing refused


def test_the_shown_link_follows_widget_changes_made_after_the_link_opened(opened):
    # Streamlit's server-side st.query_params keeps a linked value after the widget moves on (the browser's URL
    # does follow), so a link built from it alone would share the setting the learner had before.
    app = opened("pages/multiple_features.py", {"ch7-w1": "12", "ch7-act": "relu"})
    app.slider(key="ch7-w1").set_value(13).run()
    app.radio(key="ch7-act").set_value("tanh").run()
    app.toggle(key="ch7-std").set_value(False).run()
    shown = shown_link(app)
    assert "ch7-w1=13" in shown and "ch7-act=tanh" in shown and "ch7-std=false" in shown, shown
    assert "ch7-w1=12" not in shown and "relu" not in shown
    app.toggle(key="ch7-std").set_value(True).run()  # back to its default: out of the link, as out of the URL
    assert "ch7-std" not in shown_link(app)


def test_chapter_7_run_is_built_from_the_linked_settings(opened):
    app = opened("pages/multiple_features.py", LINKS["pages/multiple_features.py"]["params"])
    cfg = app.session_state["runners"]["ch7"].cfg
    assert (cfg.hidden, cfg.activation, cfg.standardise, cfg.test_fraction) == ((12, 5, 7), "relu", False, 0.3)


def test_language_and_lecture_mode_travel_in_the_link(opened):
    app = opened("pages/logistic_regression.py", {"lang": "zh", "lecture": "1"})
    assert app.session_state["lang"] == "zh" and app.session_state["lecture"] is True
    assert "lang=zh" in shown_link(app) and "lecture=1" in shown_link(app)
    assert app.sidebar.toggle(key="lecture-toggle").value is True
    app.sidebar.toggle(key="lecture-toggle").set_value(False).run()
    assert app.session_state["lecture"] is False and "lecture" not in shown_link(app)


def test_refused_values_give_a_notice_and_the_defaults(opened):
    app = opened("pages/logistic_regression.py", {"ch6-w": "99", "ch6-hours": "-4", "ch6-b": "oops", "ch6-yhat": "0.5"})
    assert app.slider(key="ch6-w").value == 1.0 and app.number_input(key="ch6-hours").value == 2.5
    assert app.slider(key="ch6-b").value == 0.0 and app.slider(key="ch6-yhat").value == 0.5
    notices = " ".join(toast.proto.body for toast in app.toast)
    for bad in ("ch6-w = 99", "ch6-hours = -4", "ch6-b = oops"):
        assert bad in notices, notices
    assert "ch6-yhat" not in notices  # taken
    app.run()
    assert not app.toast  # said once


def test_a_bad_lecture_value_is_refused_with_a_notice():
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lecture"] = "maybe"
    app.run()
    assert not app.exception and app.session_state["lecture"] is False
    assert any("lecture = maybe" in toast.proto.body for toast in app.toast)


@pytest.mark.parametrize("page", PAGES)
def test_every_setting_on_the_page_is_bound_to_the_url(page):
    """A setting widget without bind="query-params" would be lost from a shared link."""
    app = open_link(page, {})
    try:
        unbound = set()
        for kind in SETTING_TYPES:
            for element in getattr(app.main, kind, []) if hasattr(app.main, kind) else app.main.get(kind):
                key = getattr(element, "key", None)
                if (key and key not in APP_WIDGETS and not key.startswith(ACTION_PREFIXES)
                        and not element.proto.query_param_key):
                    unbound.add(key)
        assert not unbound, f"{page}: settings not in the URL: {sorted(unbound)}"
    finally:
        stop_runs(app)


def test_refused_compares_numbers_by_value_and_labels_ignoring_case():
    assert matches(0.1, "0.10") and matches(3, "3") and matches(True, "true") and matches("adam", "ADAM")
    assert not matches(1.0, "99") and not matches(False, "true") and not matches(2, "two")
    state = {"a": 1.0, "b": "adam", "c": (1, 5), "d": 2}
    opened_with = {"a": ["99"], "b": ["ADAM"], "c": ["1", "5"], "d": ["2"], "lang": ["fr"], "other-page": ["1"]}
    assert refused(opened_with, state, now={"b": ["ADAM"]}) == [("a", "99")]
    assert refused(opened_with, state, now={}) == [("a", "99")]  # "d" = its default, dropped from the URL, fine


def test_lecture_css_hides_secondary_controls_by_key():
    css = lecture.css()
    for part in ("-seed", "-pace", "-workers", "-log-every"):
        assert f'[class*="{part}"]' in css
    assert "display: none" in css and "font-size" in css


CHART_PAGES = ["pages/logistic_regression.py", "pages/multiple_features.py", "pages/mini_batches.py",
               "pages/softmax_mnist.py", "pages/draw.py"]


@pytest.mark.parametrize("page", CHART_PAGES)
def test_lecture_mode_enlarges_figures_once_and_only_when_on(opened, page):
    import json

    app = opened(page, {"lecture": "1"})
    plain = opened(page, {})
    if page == CHART_PAGES[0]:  # the router adds the style sheet (the same for every page)
        sheet = f"html {{ font-size: {lecture.FONT_PX}px; }}"  # lecture mode's, not the phone sheet every page has
        assert any(sheet in el.proto.body for el in app.get("html"))
        assert not any(sheet in el.proto.body for el in plain.get("html"))

    def heights(a):
        return [json.loads(c.proto.spec)["layout"].get("height") or 450 for c in a.get("plotly_chart")]  # 450: plotly's default

    assert heights(plain), f"{page} drew no chart"
    assert [round(h * lecture.CHART_SCALE) for h in heights(plain)] == heights(app)


def test_sized_enlarges_a_figure_once_and_only_in_lecture_mode(monkeypatch):
    import plotly.graph_objects as go

    fig = go.Figure(layout=dict(height=300, title=dict(text="loss", font=dict(size=20))))
    monkeypatch.setattr(lecture, "is_on", lambda: False)
    assert lecture.sized(fig).layout.height == 300 and fig.layout.font.size is None  # left alone
    monkeypatch.setattr(lecture, "is_on", lambda: True)
    big = lecture.sized(fig)
    assert big.layout.height == round(300 * lecture.CHART_SCALE) == 420
    assert big.layout.font.size == lecture.CHART_FONT and big.layout.title.font.size == 26
    assert big.layout.xaxis.tickfont.size == lecture.CHART_FONT
    again = lecture.sized(big)  # a page passing a figure twice does not grow it twice
    assert again.layout.height == 420 and again.layout.title.font.size == 26


def test_chapter_7_takes_the_linked_seed_on_the_first_run(opened):
    """The seed decides the data split drawn above its widget: a link's seed must reach the split at once."""
    app = opened("pages/multiple_features.py", {"ch7-seed": "7"})
    assert app.number_input(key="ch7-seed").value == 7
    assert app.session_state["runners"]["ch7"].cfg.seed == 7  # the run (and the split drawn) use it at once


def test_link_puts_the_settings_after_the_page_address():
    from ui.share import link

    params = [("lang", "zh"), ("range", "1"), ("range", "5")]
    assert link("http://host:8501", params) == "http://host:8501/?lang=zh&range=1&range=5"
    assert link("http://host:8501/logistic-regression", params[:1]) == "http://host:8501/logistic-regression?lang=zh"
    assert link("http://host:8501/draw", []) == "http://host:8501/draw"
