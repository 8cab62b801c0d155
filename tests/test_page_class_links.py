"""Links into a class on any page, the class's name, confirmations, "try this one" and the broadcast caption
(streamlit AppTest on an SQLite store in tmp_path; the fixtures are test_page_classroom's)."""

import pytest
import torch

from core import classroom
from tests.apptest_helpers import open_page, stop_runs
from tests.test_page_classroom import CH7, PAGE, class_store, markdown, summary  # noqa: F401 (class_store: autouse)
from tests.test_page_logistic import train_to_end

torch.set_num_threads(1)


def opened(page: str, **params):
    """A new session (the router's first run), then `page` opened with a link's query parameters."""
    app = open_page(page)
    app.query_params.update(params)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_chapter_page_link_with_a_name_joins_and_leaves_the_url_clean(class_store):
    code, _ = classroom.create_class(class_store, "Room 101")
    app = opened(CH7, **{"class": code, "name": "Ann"})
    assert app.session_state["class-member"] == {"code": code, "nickname": "Ann"}
    assert [t.value for t in app.sidebar.text][:2] == ["Room 101", f"{code} · Ann"]  # the class's name too
    assert not {"class", "name"} & set(app.query_params)
    assert app.button(key="ch7-start")  # the chapter page itself is drawn
    assert list(class_store.members(code)) == ["Ann"]


def test_a_chapter_page_link_without_a_name_asks_for_one_there(class_store):
    code, _ = classroom.create_class(class_store)
    app = opened(CH7, **{"class": code})
    assert "class-member" not in app.session_state and class_store.members(code) == {}
    assert f"This link joins class **{code}**" in markdown(app)
    app.text_input(key="class-nickname-input").set_value("Bea")
    app.button(key="class-link-join").click()
    app.run()
    assert app.session_state["class-member"] == {"code": code, "nickname": "Bea"}
    assert "class-link-join" not in [b.key for b in app.button]  # the box has gone
    app.sidebar.button(key="class-leave").click()
    app.run()
    assert "class-link-join" not in [b.key for b in app.button]  # and does not come back after leaving


def test_not_now_puts_the_join_box_away(class_store):
    code, _ = classroom.create_class(class_store)
    app = opened(CH7, **{"class": code})
    app.button(key="class-link-later").click()
    app.run()
    assert "class-link-join" not in [b.key for b in app.button] and "class-member" not in app.session_state


@pytest.mark.parametrize("page", [PAGE, CH7])
def test_an_unknown_mistyped_or_closed_code_is_named_at_once(class_store, page):
    code, key = classroom.create_class(class_store)
    classroom.close(class_store, code, key)
    for typed, said in (("UNKNOWN", "UNKNOWN is not a class code"), ("zzzzzzz", "There is no class with code zzzzzzz"),
                        (code, f"Class {code} was closed by its lecturer")):
        app = opened(page, **{"class": typed})  # no Join pressed
        assert said in markdown(app), (typed, markdown(app))
        assert "class-link-join" not in [b.key for b in app.button]
        app.run()  # a rerun on the same page (a widget touched) still says it
        assert said in markdown(app)
        assert "class-member" not in app.session_state


def test_the_class_name_shows_on_the_board_and_in_the_csv(class_store):
    code, key = classroom.create_class(class_store, "Room 101")
    classroom.post_run(class_store, code, summary("Ann"))
    app = opened(PAGE, **{"class": code, "key": key})
    assert "Room 101" in [h.value for h in app.subheader]
    (export,) = app.get("download_button")
    assert export.proto.label == "Export CSV"
    assert classroom.export_csv(class_store, code, key).splitlines()[1].startswith("Room 101,Ann,ch7,")
    app.text_input(key="class-rename").set_value("Room 102")
    app.button(key="class-rename-go").click()
    app.run()
    assert "Room 102" in [h.value for h in app.subheader]


def test_clear_and_close_each_ask_first(class_store):
    code, key = classroom.create_class(class_store)
    classroom.post_run(class_store, code, summary("Ann"))
    app = opened(PAGE, **{"class": code, "key": key})
    popovers = {block.proto.popover.label: block for block in app.main.children.values() for block in _blocks(block)
                if block.type == "popover"}
    assert set(popovers) >= {"Clear board", "Close class"}
    # What a click on "Clear board" or "Close class" shows: a second button that acts, nothing done yet.
    assert popovers["Clear board"].button[0].label == "Yes, remove every run"
    assert popovers["Close class"].button[0].label == "Yes, close the class"
    assert len(classroom.read_board(class_store, code).runs) == 1 and not class_store.meta(code)["closed"]
    app.button(key="class-clear").click()
    app.run()
    assert classroom.read_board(class_store, code).runs == () and not class_store.meta(code)["closed"]


def _blocks(node):
    """`node` and every block under it."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _blocks(child)


def test_try_this_one_on_a_page_with_a_finished_run_pins_it_and_leaves_start_ready(class_store):
    app = open_page(CH7)
    try:
        train_to_end(app, "ch7", 2)  # learning rate 0.1
        assert app.button(key="ch7-start").disabled  # a finished run: Start is greyed out
        app.switch_page(PAGE)
        app.run()
        # A board run with the same network and epochs and another learning rate, opened by its link.
        app.query_params.update({"ch7-lr": "0.5", "ch7-epochs": "2", "tried": "ch7"})
        app.switch_page(CH7)
        app.run()
        assert not app.exception
        runner = app.session_state["runners"]["ch7"]
        assert runner.state().status == "idle" and runner.cfg.lr == 0.5
        assert not app.button(key="ch7-start").disabled
        assert "press Start to train the picked settings" in markdown(app)
        (pinned,) = app.session_state["extras-history"].pinned("ch7")
        assert pinned.config["lr"] == 0.1 and pinned.status == "finished"
        assert "tried" not in app.query_params
        app.run()  # the note was for the link's run only, and the run stays ready
        assert "press Start" not in markdown(app) and not app.button(key="ch7-start").disabled
    finally:
        stop_runs(app)


def test_the_broadcast_caption_says_full_batch_and_only_the_chapters_settings(class_store):
    code, key = classroom.create_class(class_store)
    config = {"task": "diabetes", "lr": 0.1, "optimizer": "sgd", "batch_size": 0, "epochs": 30, "hidden": (6, 4)}
    records = [{"kind": "eval", "epoch": 1, "step": 1, "train/loss": 0.6}]
    student = open_page(PAGE)
    student.session_state["class-viewing"] = code
    for chapter, page, shown, hidden in (("ch8-race", "mini-batches", "full batch", "widest"),
                                         ("ch7", "multiple-features", "widest hidden layer 6", "batch")):
        classroom.broadcast(class_store, code, key, chapter=chapter, page=page, params=[], config=config,
                            records=records, status="running")
        student.run()
        (caption,) = [c.value for c in student.caption if "updated" in c.value]
        assert shown in caption and hidden not in caption and "batch size 0" not in caption, caption
