"""bench/gpu_check.py: its no-CUDA path, and the pure helpers its GPU report is made of, on hand-made inputs."""

import math
import os
import subprocess
import sys

import pytest
import torch

from bench import gpu_check
from bench.gpu_check import Run, compare_losses, run_table, steady_seconds, target_lines, within_points

ROOT = gpu_check.ROOT


def test_without_cuda_it_says_so_in_one_line_and_exits_0():
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}  # hides a GPU too, so this runs the same on a CUDA machine
    done = subprocess.run([sys.executable, "-m", "bench.gpu_check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gpu-check: no CUDA device visible"), done.stdout


def test_steady_seconds_leave_out_the_first_epoch():
    assert steady_seconds([5.0, 0.2, 0.3]) == pytest.approx(0.25)
    assert steady_seconds([5.0, 0.2, 0.9, 0.3]) == 0.3
    assert steady_seconds([1.5]) == 1.5  # one epoch: nothing else to go on
    with pytest.raises(AssertionError):
        steady_seconds([])


def test_the_table_lines_up_each_run_under_its_header():
    runs = [Run("core CUDA graph", [2.5, 0.18, 0.16], 0.9712, note="captured"),
            Run("course pipeline, 4 workers", [4.0, 3.4, 3.38], 0.97)]
    lines = run_table(runs).splitlines()
    assert len(lines) == 4
    header, rule, graph, course = lines
    assert header.split() == ["run", "epoch", "1", "s", "s/epoch", "test", "acc", "note"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert graph.split()[-4:] == ["2.500", "0.170", "97.12%", "captured"]
    assert course.split()[-3:] == ["4.000", "3.390", "97.00%"]
    for column in ("s/epoch", "test acc"):
        start = header.index(column)
        assert graph[start] != " " and course[start] != " " and graph[start - 2:start] == "  "


def test_targets_say_met_or_not_met_with_the_figures():
    met = target_lines(0.2, 3.4)
    assert met == ["graph path <= 0.25 s/epoch: 0.200 s, met",
                   "graph path >= 10x the course pipeline with 4 workers: 17.0x (3.400 s / 0.200 s), met"]
    slow = target_lines(0.3, 2.0)
    assert slow[0].endswith("0.300 s, NOT met") and "6.7x" in slow[1] and slow[1].endswith("NOT met")
    edge = target_lines(0.25, 2.5)  # exactly on both targets counts as met
    assert edge[0].endswith(", met") and "10.0x" in edge[1] and edge[1].endswith(", met")


def test_losses_match_within_float32_rounding_and_not_beyond():
    eager = [(300, 2.1), (600, 1.05), (900, 0.5)]
    assert compare_losses(eager, list(eager)) == (True, "3 records, max |diff| 0.00e+00 (rtol 0.0001, atol 1e-06)")
    ok, why = compare_losses(eager, [(300, 2.1 * (1 + 5e-5)), (600, 1.05), (900, 0.5)])
    assert ok and "max |diff| 1.05e-04" in why
    ok, why = compare_losses(eager, [(300, 2.1), (600, 1.06), (900, 0.5)])
    assert not ok and "first off at record 1 (step 600): eager 1.050000, graph 1.060000" in why


def test_losses_that_are_nan_missing_or_at_other_steps_do_not_match():
    eager = [(300, 2.1), (600, 1.05)]
    assert not compare_losses(eager, [(300, 2.1), (600, math.nan)])[0]
    ok, why = compare_losses(eager, [(300, 2.1)])
    assert not ok and "different steps" in why
    assert not compare_losses(eager, [(300, 2.1), (601, 1.05)])[0]
    assert not compare_losses([], [])[0]


def test_accuracies_within_points():
    assert within_points(0.9712, 0.9700, 0.3)
    assert within_points(0.9730, 0.9700, 0.3)  # 0.3 points exactly
    assert not within_points(0.9750, 0.9710, 0.3)
    assert within_points(0.9922, 0.9922, 0.1) and not within_points(0.9922, 0.9910, 0.1)


class FakeItem:
    def __init__(self, *marks):
        self.marks = [mark.mark for mark in marks]

    def iter_markers(self, name):
        return (mark for mark in self.marks if mark.name == name)


def test_the_pytest_plugin_keeps_only_tests_skipped_without_cuda():
    cuda = FakeItem(pytest.mark.skipif(True, reason="needs CUDA"))
    other_skip = FakeItem(pytest.mark.skipif(True, reason="needs Chromium"))
    plain, slow = FakeItem(), FakeItem(pytest.mark.slow)
    deselected = []

    class Config:
        class hook:
            @staticmethod
            def pytest_deselected(items):
                deselected.extend(items)

    items = [plain, cuda, other_skip, slow]
    gpu_check.pytest_collection_modifyitems(Config, items)
    assert items == [cuda] and deselected == [plain, other_skip, slow]


def test_the_repository_cuda_marked_tests_are_found():
    assert "tests/test_augment.py" in gpu_check.cuda_test_files()


@pytest.mark.parametrize("before", [None, "1"])
def test_the_graph_switch_is_put_back(monkeypatch, before):
    if before is None:
        monkeypatch.delenv(gpu_check.GRAPH_ENV, raising=False)
    else:
        monkeypatch.setenv(gpu_check.GRAPH_ENV, before)
    with gpu_check.graph_switch(False):
        assert os.environ[gpu_check.GRAPH_ENV] == "0"
    assert os.environ.get(gpu_check.GRAPH_ENV) == before


def test_the_home_page_reader_finds_the_device_the_app_trains_on():
    shown = gpu_check.home_page_device()
    assert shown.startswith("GPU: " if torch.cuda.is_available() else "CPU ("), shown


def test_capture_state_says_captured_only_when_a_graph_was_replayed():
    from types import SimpleNamespace as Namespace

    state = gpu_check.capture_state
    assert state(Namespace(captured_step=Namespace(captured=True, fallback_reason=None))) == "captured"
    fell_back = Namespace(captured=False, fallback_reason="capture failed, eager steps instead: RuntimeError: x")
    assert state(Namespace(captured_step=fell_back)) == f"NOT captured: {fell_back.fallback_reason}"
    blocked = Namespace(captured_step=None, graph_note="turned off by TORCHPLAY_CUDA_GRAPH=0")
    assert state(blocked) == "no graph: turned off by TORCHPLAY_CUDA_GRAPH=0"
    assert state(Namespace()).startswith("capture state unknown")
