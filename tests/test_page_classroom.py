"""The /class page and the class box on every page (streamlit AppTest), on an SQLite store in tmp_path:
create, join by code and by link, bad codes, nicknames shown literally, lecturer-only actions, posting runs."""

import json
import socket

import pytest
import torch

from core import board_runs, classroom, rate_limits, saved_models
from core.store import open_store
from tests.apptest_helpers import open_page, rerun_until, stop_runs
from tests.test_page_logistic import start_slow, train_to_end

torch.set_num_threads(1)
PAGE = "pages/classroom.py"
CH7 = "pages/multiple_features.py"
XSS, BOLD = "<img src=x onerror=alert(1)>", "**bold**"


@pytest.fixture(autouse=True)
def class_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'classroom.sqlite3'}"
    monkeypatch.setenv("TORCHPLAY_STORE", url)
    return open_store(url)


def texts(app) -> list[str]:
    return [element.value for element in app.text]


def markdown(app) -> str:
    return "\n".join(str(element.value) for element in [*app.markdown, *app.caption, *app.error, *app.info])


def summary(nickname: str, acc: float = 0.7, lr: float = 0.1) -> dict:
    records = [{"kind": "eval", "step": 1, "epoch": 1, "time": 0.2, "train/loss": 0.5, "train/acc": acc,
                "test/loss": 0.6, "test/acc": acc}]
    return board_runs.run_summary(nickname, "ch7", "multiple-features", [("ch7-lr", str(lr)), ("ch7-epochs", "1")],
                                 {"lr": lr, "hidden": (6, 4), "optimizer": "sgd"}, records, "finished")


def join_by_form(app, code: str, nickname: str) -> None:
    app.text_input(key="class-code-input").set_value(code)
    app.text_input(key="class-nickname-input").set_value(nickname)
    app.button(key="class-join").click()
    app.run()


def member_on(store, nickname: str, page: str):
    """A new class, and an AppTest session that joined it as `nickname` and went to `page`: (code, app)."""
    code, _ = classroom.create_class(store)
    app = open_page(PAGE)
    join_by_form(app, code, nickname)
    app.switch_page(page)
    app.run()
    return code, app


def test_new_class_shows_code_link_qr_and_the_lecturer_controls(at, class_store):
    assert not at.exception
    assert at.title[0].value == "Class"
    assert at.text_input(key="class-nickname-input").value  # a friendly default nickname
    at.button(key="class-new").click()
    at.run()
    assert not at.exception
    code = at.session_state["class-viewing"]
    key = at.session_state["class-keys"][code]
    assert classroom.is_lecturer(class_store.meta(code), key)
    links = [block.value for block in at.code]
    assert f"/class?class={code}" in links  # the join link (relative: no browser here)
    assert any(f"key={key}" in link for link in links)  # the lecturer's own link, inside its expander
    assert len(at.get("image")) == 1  # the QR code
    assert at.button(key="class-clear") and at.button(key="class-close")
    assert "No finished runs yet" in markdown(at)
    share_link = at.sidebar.code[0].value  # the sidebar's share link never carries the key
    assert key not in share_link


def test_join_by_typed_code_shows_class_and_nickname_in_the_sidebar_of_every_page(at, class_store):
    code, _ = classroom.create_class(class_store)
    join_by_form(at, code.upper(), "  Ann  ")
    assert not at.exception
    assert at.session_state["class-member"] == {"code": code, "nickname": "Ann"}
    assert f"{code} · Ann" in [t.value for t in at.sidebar.text]
    keys = [b.key for b in at.button]
    assert "class-clear" not in keys and "class-close" not in keys  # a student gets no lecturer actions
    at.switch_page(CH7)
    at.run()
    assert f"{code} · Ann" in [t.value for t in at.sidebar.text]
    at.sidebar.button(key="class-leave").click()
    at.run()
    assert "class-member" not in at.session_state
    assert class_store.members(code) == {}


def test_join_by_link_with_a_name_and_duplicate_nicknames_get_a_suffix(class_store):
    code, _ = classroom.create_class(class_store)
    apps = []
    for _ in range(2):
        app = open_page(PAGE)
        app.query_params.update({"class": code, "name": "Bea"})
        app.run()
        assert not app.exception
        apps.append(app)
    assert [app.session_state["class-member"]["nickname"] for app in apps] == ["Bea", "Bea 2"]
    assert "class" not in apps[0].query_params and "name" not in apps[0].query_params
    assert f"{code} · Bea" in [t.value for t in apps[0].sidebar.text]
    assert not [toast for toast in apps[0].toast if "not allowed" in toast.value]  # not a refused setting


@pytest.mark.parametrize("typed, message", [("zzzzzzz", "There is no class with code zzzzzzz"),
                                            ("abc", "abc is not a class code")])
def test_a_bad_code_says_so_and_the_page_still_works(at, typed, message):
    join_by_form(at, typed, "Ann")
    assert not at.exception
    assert message in markdown(at)
    assert "class-member" not in at.session_state
    at.switch_page(CH7)
    at.run()
    assert not at.exception


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The session's rate limiters (joins, posts) with the page's own limits, on a clock the test moves: a limit
    resets when the test says, never because the machine was slow."""
    clock = Clock()
    for name in ("join_limiter", "post_limiter"):
        def on_clock(make=getattr(rate_limits, name)):
            limiter = make()
            limiter.clock, limiter.updated = clock, clock()
            return limiter

        monkeypatch.setattr(rate_limits, name, on_clock)
    return clock


def test_a_learner_trying_codes_too_fast_is_told_to_wait_and_joins_once_the_limit_resets(at, class_store, clock):
    code, _ = classroom.create_class(class_store)
    limits = rate_limits.join_limiter()
    for _ in range(limits.burst):
        join_by_form(at, "zzzzzzz", "Ann")
        assert "There is no class with code zzzzzzz" in markdown(at)
    join_by_form(at, code, "Ann")  # the right code, one try too many
    assert not at.exception
    assert "Too many tries: wait 4 s and try again." in markdown(at)  # a full interval (3 s), rounded up
    assert "There is no class" not in markdown(at)  # not looked up at all
    assert "class-member" not in at.session_state and class_store.members(code) == {}
    clock.now += limits.every_s
    join_by_form(at, code, "Ann")
    assert at.session_state["class-member"] == {"code": code, "nickname": "Ann"}
    assert "Too many tries" not in markdown(at) and list(class_store.members(code)) == ["Ann"]


def test_a_run_over_the_post_limit_waits_in_the_sidebar_and_is_posted_once_the_limit_resets(class_store, clock):
    code, app = member_on(class_store, "Hal", CH7)
    posts = rate_limits.post_limiter()
    for _ in range(posts.burst):  # the burst went on runs posted a moment ago
        posts.take()
    app.session_state["class-limiter-posts"] = posts
    try:
        train_to_end(app, "ch7", 2)
        app.run()
        assert not app.exception
        assert "1 run(s) waiting to be posted" in [c.value for c in app.sidebar.caption]
        assert classroom.read_board(class_store, code).runs == ()
        clock.now += posts.every_s
        app.run()
        assert not [c.value for c in app.sidebar.caption if "waiting to be posted" in c.value]
        (run,) = classroom.read_board(class_store, code).runs
        assert (run["nickname"], run["chapter"], run["epochs"]) == ("Hal", "ch7", 2)
    finally:
        stop_runs(app)


def test_a_closed_class_is_named_as_closed(at, class_store):
    code, key = classroom.create_class(class_store)
    classroom.close(class_store, code, key)
    join_by_form(at, code, "Ann")
    assert f"Class {code} was closed by its lecturer" in markdown(at)


def test_nicknames_are_shown_literally_never_as_markup(at, class_store):
    code, key = classroom.create_class(class_store)
    join_by_form(at, code, XSS)
    shown = classroom.check_nickname(XSS)  # cut to 24 characters: "<img src=x onerror=alert"
    assert at.session_state["class-member"]["nickname"] == shown
    for nickname, acc in ((shown, 0.8), (BOLD, 0.6)):
        classroom.post_run(class_store, code, summary(nickname, acc))
    at.run()
    assert f"{code} · {shown}" in texts(at)
    table = at.dataframe[0].value
    assert list(table["nickname"]) == [shown, BOLD]
    assert shown not in markdown(at) and "bold" not in markdown(at)  # never through Markdown
    scatter = at.get("plotly_chart")[0].proto.spec
    assert "&lt;img src=x onerror=alert" in scatter and "<img" not in scatter  # escaped for plotly's hover


def test_hide_nicknames_shows_ranks_only(at, class_store):
    code, key = classroom.create_class(class_store)
    at.session_state["class-keys"] = {code: key}
    at.session_state["class-viewing"] = code
    classroom.post_run(class_store, code, summary("Ann", 0.6))
    classroom.post_run(class_store, code, summary("Bob", 0.9, lr=0.5))
    at.run()
    assert list(at.dataframe[0].value["nickname"]) == ["Bob", "Ann"]
    at.toggle(key="class-hide-names").set_value(True)
    at.run()
    assert list(at.dataframe[0].value["nickname"]) == ["#1", "#2"]
    assert "Bob" not in at.get("plotly_chart")[0].proto.spec


def test_a_wrong_lecturer_key_in_the_url_gets_no_lecturer_actions(class_store):
    code, key = classroom.create_class(class_store)
    classroom.post_run(class_store, code, summary("Ann"))
    app = open_page(PAGE)
    app.query_params.update({"class": code, "key": key[:-2] + "xx"})
    app.run()
    assert not app.exception
    assert f"not the key of class {code}" in markdown(app)
    assert "class-clear" not in [b.key for b in app.button] and "class-close" not in [b.key for b in app.button]
    assert "class-export" not in [getattr(b, "key", None) for b in app.get("download_button")]
    assert len(classroom.read_board(class_store, code).runs) == 1


def test_the_lecturer_link_opens_the_controls_and_clear_and_close_work(class_store):
    code, key = classroom.create_class(class_store)
    classroom.post_run(class_store, code, summary("Ann"))
    app = open_page(PAGE)
    app.query_params.update({"class": code, "key": key})
    app.run()
    assert "key" not in app.query_params
    assert len(app.get("download_button")) == 1  # export CSV
    app.button(key="class-clear").click()
    app.run()
    assert classroom.read_board(class_store, code).runs == ()
    app.button(key="class-close").click()
    app.run()
    assert class_store.meta(code)["closed"]


def test_the_board_lists_the_class_models_and_only_the_lecturer_deletes_them(class_store):
    code, key = classroom.create_class(class_store)
    saved_run, other_run = summary("Ann", acc=0.7), summary("Ann", acc=0.7)  # same nickname and accuracy
    for run in (saved_run, other_run):
        classroom.post_run(class_store, code, run)
    scope = saved_models.class_scope(code)
    saved_models.save(class_store, scope, "ann-best", b"x" * 2000, {"kind": "mlp", "test_acc": 0.7, "nickname": "Ann",
                                                                    "run": saved_run["id"]}, saved_models.new_secret())
    student = open_page(PAGE)
    join_by_form(student, code, "Bob")
    assert not student.exception
    (models,) = [frame for frame in student.dataframe if "Saved by" in frame.value.columns]
    assert models.value.iloc[0].to_dict() | {"Size (MB)": 0} == {
        "Model": "ann-best", "Kind": "mlp", "Saved by": "Ann", "Test accuracy": 0.7, "Size (MB)": 0}
    (runs,) = [frame for frame in student.dataframe if "saved as model" in frame.value.columns]
    assert sorted(runs.value["saved as model"]) == ["", "ann-best"]  # the run it was saved from, not its twin
    assert "class-model-delete" not in [b.key for b in student.button]
    lecturer = open_page(PAGE)
    lecturer.query_params.update({"class": code, "key": key})
    lecturer.run()
    lecturer.button(key="class-model-delete").click().run()
    assert not lecturer.exception
    assert any("Deleted “ann-best”" in s.value for s in lecturer.success)
    assert class_store.model_records(scope) == []


def test_a_picked_row_or_point_names_its_run_and_its_link_keeps_repeated_values():
    from types import SimpleNamespace as NS

    from ui.classroom import link_params
    from ui.classroom.board import _picked
    assert _picked(NS(selection=NS(points=[{"customdata": [3]}])), NS(selection=NS(rows=[]))) == 3
    assert _picked(NS(selection=NS(points=[{"customdata": [3]}])), NS(selection=NS(rows=[1]))) == 1
    assert _picked(NS(selection=NS(points=[])), NS(selection=NS(rows=[]))) is None
    assert link_params([["a", "1"], ["r", "2"], ["r", "5"]]) == {"a": ["1"], "r": ["2", "5"]}


def test_a_finished_chapter_7_run_is_posted_once(class_store):
    code, app = member_on(class_store, "Cy", CH7)
    try:
        app.select_slider(key="ch7-lr").set_value(0.5)
        train_to_end(app, "ch7", 2)
        for _ in range(3):  # reruns (the live view's last one, the learner's clicks) post nothing more
            app.run()
        runs = classroom.read_board(class_store, code).runs
        assert len(runs) == 1
        run = runs[0]
        assert (run["nickname"], run["chapter"], run["page"], run["status"]) == ("Cy", "ch7", "multiple-features",
                                                                                 "finished")
        assert run["epochs"] == 2 and run["settings"]["lr"] == 0.5 and 0 <= run["test_acc"] <= 1
        assert ["ch7-lr", "0.5"] in run["params"] and ["ch7-epochs", "2"] in run["params"]
        assert not any(key in ("lang", "class", "key") for key, _ in run["params"])
        assert len(run["curve"]["epoch"]) == 2
    finally:
        stop_runs(app)


def test_a_post_the_store_cannot_take_waits_and_is_retried(class_store, monkeypatch):
    code, app = member_on(class_store, "Di", CH7)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    try:
        monkeypatch.setenv("TORCHPLAY_STORE", dead)  # the store goes away mid-lesson
        state = train_to_end(app, "ch7", 2)
        assert state.status == "finished" and not app.exception
        assert app.session_state["class-store-notice"]  # the notice was shown (in the run that first failed)
        assert "1 run(s) waiting to be posted" in [c.value for c in app.sidebar.caption]
        assert any(c.proto.id for c in app.get("plotly_chart"))  # the learner's own charts are drawn
        app.run()
        assert not [toast.value for toast in app.toast if "could not be posted" in toast.value]  # said once
        monkeypatch.setenv("TORCHPLAY_STORE", class_store.url)  # back
        app.run()
        assert len(classroom.read_board(class_store, code).runs) == 1
        assert "class-pending" in app.session_state and not app.session_state["class-pending"]
    finally:
        stop_runs(app)


def test_the_board_says_when_its_store_is_unreachable(at, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    at.session_state["class-viewing"] = "abcdefg"
    monkeypatch.setenv("TORCHPLAY_STORE", dead)
    at.run()
    assert not at.exception
    assert "The class store is unreachable" in markdown(at)


def test_the_race_and_the_titanic_exercise_post_their_runs(class_store):
    """Chapter 8: each of the race's three runs, and the Titanic run, goes on its own board."""
    code, app = member_on(class_store, "Eve", "pages/mini_batches.py")
    try:
        app.slider(key="mb-race-epochs").set_value(5)  # the fewest each allows
        app.slider(key="mb-titanic-epochs").set_value(10)
        app.run()
        app.button(key="mb-race-start").click()
        app.run()
        app.button(key="mb-titanic-start").click()
        app.run()
        slots = ("mb-race-full", "mb-race-mini", "mb-race-sgd", "mb-titanic")
        rerun_until(app, lambda: all(app.session_state["runners"][slot].state().status == "finished"
                                     for slot in slots), "the race and the Titanic run to finish")
        app.run()
        runs = classroom.read_board(class_store, code).runs
        assert sorted(run["chapter"] for run in runs) == ["ch8-race"] * 3 + ["ch8-titanic"]
        race = [run for run in runs if run["chapter"] == "ch8-race"]
        assert sorted(run["settings"]["batch_size"] for run in race) == [0, 1, 32]
        assert all(run["page"] == "mini-batches" and run["nickname"] == "Eve" for run in runs)
    finally:
        stop_runs(app)


def test_a_member_training_now_is_counted_on_the_board(class_store):
    code, app = member_on(class_store, "Fay", CH7)
    try:
        start_slow(app, "ch7", pace=5, epochs=5000)
        rerun_until(app, lambda: classroom.read_board(class_store, code).running == 1, "the running mark")
        app.session_state["runners"]["ch7"].stop()
        app.run()
        assert classroom.read_board(class_store, code).running == 0
    finally:
        stop_runs(app)


def test_the_lecturer_broadcasts_a_run_and_a_student_follows_it(class_store):
    code, key = classroom.create_class(class_store)
    lecturer = open_page(PAGE)
    lecturer.query_params.update({"class": code, "key": key})
    lecturer.run()
    student = open_page(PAGE)
    join_by_form(student, code, "Gus")
    assert not student.get("page_link")  # nothing broadcast yet
    lecturer.switch_page(CH7)
    lecturer.run()
    try:
        lecturer.sidebar.toggle(key="class-broadcast-multiple-features").set_value(True)
        lecturer.select_slider(key="ch7-lr").set_value(0.5)
        start_slow(lecturer, "ch7", pace=50, epochs=5000)

        def epochs_shown() -> int:
            live = classroom.live_run(class_store, code)
            return len(live["evals"]) if live else 0

        rerun_until(lecturer, lambda: epochs_shown() >= 2, "the broadcast")
        student.run()
        chart = student.get("plotly_chart")[0].proto.spec
        first = len(json.loads(chart)["data"][0]["x"])
        assert first >= 2
        assert "The lecturer's run · 7 · Multiple features" in markdown(student) + str(
            [h.value for h in student.subheader])
        links = student.get("page_link")
        assert links and links[0].proto.label == "Try it myself" and "ch7-lr=0.5" in links[0].proto.page + str(
            links[0].proto)
        seen = epochs_shown()
        rerun_until(lecturer, lambda: epochs_shown() > seen, "more epochs broadcast")
        student.run()
        charts = student.get("plotly_chart")
        assert len(json.loads(charts[0].proto.spec)["data"][0]["x"]) > first  # it follows
        # The chapter's own figures of the run follow too: its network with the weights of the latest epoch.
        network = json.loads(charts[1].proto.spec)
        assert "8 → 6 → 4 → 1" in network["layout"]["title"]["text"]
        assert len(charts) == 3 and any(trace["type"] == "heatmap" for trace in json.loads(charts[2].proto.spec)["data"])
        assert "class-clear" not in [b.key for b in student.button]
        lecturer.sidebar.toggle(key="class-broadcast-multiple-features").set_value(False)
        lecturer.run()
        assert classroom.live_run(class_store, code) is None
    finally:
        stop_runs(lecturer)
        stop_runs(student)


def test_the_qr_code_is_twice_as_large_in_lecture_mode():
    import io

    from PIL import Image

    from ui.classroom import qr_png
    small, large = (Image.open(io.BytesIO(qr_png("http://10.0.0.5:8501/class?class=vtjycu7", lecture=mode)))
                    for mode in (False, True))
    assert large.size[0] == 2 * small.size[0] and small.size[0] >= 200  # scale 7 -> 14 px per module
