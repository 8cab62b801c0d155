"""A learner's class in their session, one module per feature over one module of session state:

state (every session key), class_store (the store this server opens), chapters (the runs that go on a board),
membership (join, leave, lead), arrival (links into a class), seats (membership and lead kept in browser cookies),
posting (finished runs, the retry queue, "try this one"), broadcast (the lecturer's live run), links (join link, QR
code, a run's page), board (the live board) and sidebar (the class box on every page).
The names other modules use are here.
"""

from ui.classroom.arrival import read_link, take_key_link
from ui.classroom.board import BOARD_REFRESH_S, board_view
from ui.classroom.class_store import class_error_text, store
from ui.classroom.links import join_link, link_params, qr_png
from ui.classroom.membership import default_nickname, lecturer_action, start_class, try_join
from ui.classroom.posting import remember_run, run_id, sync
from ui.classroom.sidebar import heartbeat, sidebar_box
from ui.classroom.state import (join_form_defaults, lecturer_key, led, membership, stop_leading, viewing)

__all__ = ["BOARD_REFRESH_S", "board_view", "class_error_text", "store", "join_link", "link_params", "qr_png",
           "default_nickname", "lecturer_action", "read_link", "take_key_link", "start_class", "try_join",
           "remember_run", "run_id",
           "sync", "heartbeat", "sidebar_box", "join_form_defaults", "lecturer_key", "led", "membership", "stop_leading", "viewing"]
