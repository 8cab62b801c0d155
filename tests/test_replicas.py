"""`make serve-replicas`: two app processes behind nginx, sticky per browser, websockets proxied."""

import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from core import saved_models
from core.checkpoints import models_dir
from core.defaults import NAMES
from core.store import open_store
from deploy.replicas import COOKIE, ROOT, STORE_ENV, UPSTREAM_HEADER, Replicas


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """Two replicas with their run folder and their models folder in tmp; the models folder holds the default
    checkpoints and one model an earlier version saved as a file (models/user/old-mlp.pt)."""
    models = tmp_path_factory.mktemp("models")
    for name in NAMES:
        shutil.copyfile(models_dir() / f"{name}.pt", models / f"{name}.pt")
    (models / "user").mkdir()
    shutil.copyfile(models_dir() / "mnist_mlp.pt", models / "user" / "old-mlp.pt")
    with Replicas(2, env={"TORCHPLAY_TEST": "1", "TORCHPLAY_MODELS": str(models)},
                  run_dir=tmp_path_factory.mktemp("replicas")) as running:
        yield running


def test_models_saved_as_files_join_the_store_from_the_models_folder_the_replicas_were_given(replicas):
    legacy = Path(replicas.env["TORCHPLAY_MODELS"]) / saved_models.LEGACY_FOLDER
    assert [path.name for path in legacy.iterdir()] == [saved_models.IMPORTED_FOLDER]
    assert [path.name for path in (legacy / saved_models.IMPORTED_FOLDER).iterdir()] == ["old-mlp.pt"]
    store = open_store(replicas.env[STORE_ENV])
    assert [record["name"] for record in saved_models.listing(store, saved_models.SHARED)] == ["old-mlp"]


def test_the_run_folder_is_outside_the_checkout_unless_one_is_given(tmp_path):
    assert Replicas(1, port=8501).run == Path(tempfile.gettempdir()) / "torchplay-replicas-8501"  # make serve-replicas
    assert not Replicas(1).run.is_relative_to(ROOT)
    assert Replicas(1, run_dir=tmp_path / "run").run == tmp_path / "run"


def get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers[UPSTREAM_HEADER], response.headers.get_all("Set-Cookie") or []


def test_new_browsers_spread_over_the_replicas_and_each_stays_on_its_own(replicas):
    upstreams = set(replicas.upstream_names())
    first_visits = [get(replicas.url + "/") for _ in range(16)]
    assert {upstream for upstream, _ in first_visits} == upstreams  # 2 in 65536 that 16 all land on one
    for upstream, cookies in first_visits[:4]:
        (sticky,) = [c.split(";")[0] for c in cookies if c.startswith(COOKIE + "=")]
        for path in ("/", "/_stcore/health", "/multiple-features"):
            again, cookies_again = get(replicas.url + path, cookie=sticky)
            assert again == upstream
            assert not [c for c in cookies_again if c.startswith(COOKIE)]  # the key is set once


def test_an_upload_over_the_limit_is_refused_at_the_proxy(replicas):
    request = urllib.request.Request(replicas.url + "/_stcore/upload_file/x/y", data=b"0" * (22 * 1024 * 1024),
                                     method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 413


@pytest.mark.browser
def test_browser_sessions_run_over_the_proxied_websocket_on_their_replica(replicas, browser):
    from playwright.sync_api import expect

    from tests.conftest import PAGE_TIMEOUT_MS, VIEWPORT, wait_for_app

    for _ in range(2):
        context = browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            response = page.goto(replicas.url + "/multiple-features")
            upstream = response.headers[UPSTREAM_HEADER.lower()]
            wait_for_app(page)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.locator(".st-key-ch7-start button")).to_be_enabled()
            sticky = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
        finally:
            context.close()
        # The websocket upgrade (101) of this browser went to the replica that served its page
        # (nginx writes the line when the websocket closes).
        pattern = rf'"GET /_stcore/stream[^"]*" 101 upstream=(\S+) sticky={sticky}'
        deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
        while not (streams := re.findall(pattern, (replicas.run / "access.log").read_text())):
            assert time.monotonic() < deadline, "no websocket went through nginx"
            time.sleep(0.2)
        assert set(streams) == {upstream}


def test_the_replicas_share_the_cores_training_slots(monkeypatch):
    from core.pool import default_size

    monkeypatch.delenv("TORCHPLAY_WORKERS", raising=False)
    assert Replicas(2).env["TORCHPLAY_WORKERS"] == str(max(1, default_size() // 2))
    assert Replicas(64).env["TORCHPLAY_WORKERS"] == "1"
    monkeypatch.setenv("TORCHPLAY_WORKERS", "3")
    assert Replicas(2).env["TORCHPLAY_WORKERS"] == "3"  # an explicit choice wins
