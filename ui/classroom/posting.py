"""Posting a learner's finished runs to their class board, with a retry queue for posts the store did not take.

sync_runs() runs from the sidebar (every full run of every page) and the live view's fragment: a run that ended
(finished, early-stopped, diverged, or stopped after an epoch) goes on the board once. A post the store cannot
take waits in the session and is tried again on the next call; the learner's own run, charts and compare panel
never depend on it.
"""

import time
import uuid

import streamlit as st

from core import board_runs, classroom, rate_limits
from core.classroom import ClassError
from core.rate_limits import RateLimited
from core.runner import DONE, IDLE
from core.store import StoreError
from ui.classroom import state
from ui.classroom.broadcast import broadcast_tick
from ui.classroom.chapters import CHAPTER_OF_SLOT
from ui.classroom.class_store import class_error_text, store
from ui.compare import history
from ui.i18n import t
from ui.share import current_params

NOT_IN_LINKS = ("lang", "lecture", "class", "name", "key", "tried")  # the viewer's own, or the class's
MARK_EVERY_S = 5.0  # renew the "running" mark this often (it lasts core.classroom.RUNNING_FOR_S)


def sync() -> None:
    """What a session in a class does at each page run and live tick: post runs, renew its broadcast."""
    sync_runs()
    broadcast_tick()


def remember_run(slot: str, runner) -> None:
    """Keep the page's share-link values of a run that may go on the board ("try this one" opens them)."""
    open_tried(slot, runner)
    if slot in CHAPTER_OF_SLOT and runner.state().status not in board_runs.POSTED_STATUSES + ("error",):
        state.keep_links(slot, [(key, value) for key, value in current_params() if key not in NOT_IN_LINKS])


def open_tried(slot: str, runner) -> None:
    """On a page a board run's link opened ("try this one"): the run that ended here is pinned for comparison and the
    panel reset, so that Start trains the picked settings (whatever differs, the learning rate alone included); a
    run still going is told what to press."""
    if state.tried() is None or CHAPTER_OF_SLOT.get(slot, (None,))[0] != state.tried():
        return
    run_state = runner.state()
    if run_state.status in DONE:
        kept = history().observe(slot, run_state.status, run_state.config, run_state.records)
        if kept is not None:
            history().pin(slot, kept.number)
        runner.reset()  # the page's own config takes over when its controls sync (ui.live.sync_config)
        st.info(t("classroom.tried.pinned" if kept is not None else "classroom.tried.ready"), icon="📌")
    elif run_state.status != IDLE:
        st.info(t("classroom.tried.busy"), icon="ℹ️")


def sync_runs() -> None:
    """Post this session's newly ended runs, keep its "running" mark, retry posts the store did not take."""
    member = state.membership()
    if member is None:
        return
    posted, pending = state.posted(), state.pending()
    running = False
    for slot, runner in state.runners().items():
        if slot not in CHAPTER_OF_SLOT:
            continue
        run_state = runner.state()
        running |= run_state.active
        if run_state.status not in board_runs.POSTED_STATUSES or not run_state.records:
            continue
        run = _run_id(slot, run_state.records)
        if posted.get(slot) == run:
            continue
        posted[slot] = run
        chapter, _, path = CHAPTER_OF_SLOT[slot]
        summary = board_runs.run_summary(member["nickname"], chapter, path, state.links().get(slot, []),
                                        run_state.config, run_state.records, run_state.status, run)
        if summary is not None:
            pending.append(summary)
    _flush(member, pending)
    _mark(member, running)


def run_id(slot: str) -> str | None:
    """The board id of the slot's current run (None before it has records): its summary on the board and a model
    saved from it carry the same id, whichever comes first."""
    runner = state.runners().get(slot)
    return _run_id(slot, runner.state().records) if runner is not None else None


def _run_id(slot: str, records) -> str | None:
    if not records:
        return None
    ids = state.run_ids()
    first, found = ids.get(slot, (None, None))
    if first is not records[0]:  # the same run's records start with the same dict object
        found = uuid.uuid4().hex
        ids[slot] = (records[0], found)
    return found


def _flush(member: dict, pending: list) -> None:
    while pending:
        try:
            state.limiter("posts", rate_limits.post_limiter).take()
            classroom.post_run(store(), member["code"], pending[0])
        except RateLimited:
            return  # the next call posts it
        except StoreError:
            if not state.store_notice_shown():
                state.set_store_notice(True)
                st.toast(t("classroom.post_failed"), icon="⚠️")
            return
        except ClassError as error:  # the class was closed or expired: nothing more goes to it
            pending.clear()
            state.drop_membership()
            st.toast(class_error_text(error), icon="⚠️")
            return
        except ValueError:  # a post core refuses (too large) is dropped, not retried forever
            pass
        pending.pop(0)
        state.set_store_notice(False)


def _mark(member: dict, running: bool) -> None:
    """Tell the board this member is running (renewed every MARK_EVERY_S) or no longer running."""
    last = state.marked()
    now = time.monotonic()
    if last is not None and last[0] == running and (not running or now - last[1] < MARK_EVERY_S):
        return
    if last is None and not running:
        return
    try:
        classroom.mark_running(store(), member["code"], member["nickname"], running)
        state.set_marked(running, now)
    except (StoreError, ValueError):
        pass  # a count on the board, not worth a notice
