"""core.run_group: several real Runners driven together (ch6's twin) or one after another (ch8's race)."""

import pytest

import core.run_group
from core.config import default_config
from core.run_group import RunGroup
from core.runner import DONE, Runner
from tests.test_runner import LIMIT_S, long_run, wait_for

NAMES = ("a", "b", "c")


def short_run(epochs: int, **overrides):
    return default_config("logistic", epochs=epochs, device="cpu", **overrides)


def group_of(cfgs: dict, in_turn: bool = False, delay: float = 0.0) -> RunGroup:
    return RunGroup({name: Runner(cfg, delay=delay) for name, cfg in cfgs.items()}, in_turn=in_turn)


def race_to_the_end(race: RunGroup) -> None:
    """Poll like the page does until no run trains or waits."""
    def over() -> bool:
        race.keep_in_step()
        return not race.busy

    wait_for(over, "every run of the group to end")


def statuses(group: RunGroup) -> dict[str, str]:
    return {name: state.status for name, state in group.states().items()}


@pytest.fixture
def groups():
    """Every group a test makes; their runs are stopped afterwards, so no thread outlives the test."""
    made = []
    yield made
    for group in made:
        group.stop()


# ---------------------------------------------------------------- in turn (chapter 8's race)
def test_in_turn_runs_one_after_another_in_their_order(groups):
    race = group_of({name: short_run(epochs) for name, epochs in zip(NAMES, (30, 10, 20))}, in_turn=True)
    groups.append(race)
    race.start()
    started, most_at_once = [], 0

    def poll() -> bool:
        nonlocal most_at_once
        now = statuses(race)
        most_at_once = max(most_at_once, sum(status not in DONE + ("idle",) for status in now.values()))
        started.extend(name for name, status in now.items() if status != "idle" and name not in started)
        race.keep_in_step()
        return not race.busy

    wait_for(poll, "the race to end")
    assert started == list(NAMES)
    assert most_at_once == 1
    assert not race.queued and set(statuses(race).values()) == {"finished"}
    assert {name: len(state.of_kind("eval")) for name, state in race.states().items()} == {"a": 30, "b": 10, "c": 20}


def test_in_turn_start_begins_a_fresh_race_with_the_configs_given(groups):
    race = group_of({"a": short_run(5), "b": short_run(5)}, in_turn=True)
    groups.append(race)
    race.start()
    race_to_the_end(race)
    race.start({"a": short_run(3, lr=0.2), "b": short_run(4, lr=0.3)})
    now = statuses(race)
    assert now["a"] != "idle" and now["b"] == "idle"  # the first starts at once, the second waits
    race_to_the_end(race)
    evals = {name: state.of_kind("eval") for name, state in race.states().items()}
    assert {name: len(records) for name, records in evals.items()} == {"a": 3, "b": 4}  # the first race is gone
    assert {name: state.config["lr"] for name, state in race.states().items()} == {"a": 0.2, "b": 0.3}


def test_in_turn_stop_ends_the_race_and_the_waiting_runs_never_start(groups):
    race = group_of({name: long_run() for name in NAMES}, in_turn=True, delay=0.001)
    groups.append(race)
    race.start()
    wait_for(lambda: race.states()["a"].step > 3, "the first run's first steps")
    race.stop()
    for _ in range(5):
        race.keep_in_step()  # the page keeps polling
    assert statuses(race) == {"a": "stopped", "b": "idle", "c": "idle"}
    assert not race.queued and not race.busy
    assert not any(runner.alive for runner in race.runners.values())
    assert race.states()["b"].records == () and race.states()["c"].records == ()


def test_in_turn_reset_forgets_the_runs_and_starts_nothing(groups):
    race = group_of({"a": short_run(3), "b": short_run(3)}, in_turn=True)
    groups.append(race)
    race.start()
    race_to_the_end(race)
    race.reset({"a": short_run(7), "b": short_run(8)})
    race.keep_in_step()
    assert statuses(race) == {"a": "idle", "b": "idle"} and not race.busy
    assert all(state.records == () for state in race.states().values())
    assert [runner.cfg.epochs for runner in race.runners.values()] == [7, 8]


def test_in_turn_step_moves_only_the_run_whose_turn_it_is(groups):
    race = group_of({"a": short_run(1), "b": long_run()}, in_turn=True)
    groups.append(race)
    race.step()
    wait_for(lambda: race.states()["a"].status == "finished", "the first run's one step")  # its whole run
    race.step()
    wait_for(lambda: race.states()["b"].step == 1, "the second run's step")
    assert race.states()["b"].status == "paused"
    assert [r["step"] for r in race.states()["a"].of_kind("train")] == [1]


# ---------------------------------------------------------------- together (chapter 6's twin)
def test_together_commands_reach_every_run(groups):
    pair = group_of({"lead": long_run(), "twin": long_run(lr=0.02)}, delay=0.001)
    groups.append(pair)
    pair.step()
    wait_for(lambda: all(state.step == 1 for state in pair.states().values()), "one step of each run")
    assert set(statuses(pair).values()) == {"paused"}
    pair.start()
    wait_for(lambda: all(state.step > 5 for state in pair.states().values()), "steps of both runs")
    pair.pause()
    wait_for(lambda: set(statuses(pair).values()) == {"paused"}, "both runs to pause")
    paused_at = {name: state.step for name, state in pair.states().items()}
    pair.keep_in_step()
    assert {name: state.step for name, state in pair.states().items()} == paused_at  # nothing moves
    pair.stop()
    assert set(statuses(pair).values()) == {"stopped"}
    assert not any(runner.alive for runner in pair.runners.values())
    assert all(state.records[-1]["reason"] == "stopped" for state in pair.states().values())


def test_mirror_passes_the_leads_command_to_the_others_only(groups):
    pair = group_of({"lead": long_run(), "twin": long_run()})
    groups.append(pair)
    pair.mirror("step")
    wait_for(lambda: pair.states()["twin"].step == 1, "the twin's step")
    assert statuses(pair) == {"lead": "idle", "twin": "paused"}
    pair.mirror(None)
    pair.mirror("reset", {"twin": long_run(lr=0.3)})
    assert statuses(pair) == {"lead": "idle", "twin": "idle"} and pair.runners["twin"].cfg.lr == 0.3
    with pytest.raises(AssertionError, match="unknown command"):
        pair.mirror("jump")


def test_the_twin_catches_up_with_the_leads_state(groups):
    pair = group_of({"lead": long_run(), "twin": long_run()}, delay=0.001)
    groups.append(pair)
    lead, twin = pair.runners["lead"], pair.runners["twin"]
    lead.start()  # compare switched on while the lead trains
    wait_for(lambda: lead.state().status == "running", "the lead to train")
    pair.keep_in_step()
    wait_for(lambda: twin.state().step > 3, "the twin to follow")
    lead.pause()
    wait_for(lambda: lead.state().status == "paused", "the lead to pause")
    pair.keep_in_step()
    wait_for(lambda: twin.state().status == "paused", "the twin to pause")
    lead.resume()
    wait_for(lambda: lead.state().status == "running", "the lead to resume")
    paused_at = twin.state().step
    pair.keep_in_step()
    wait_for(lambda: twin.state().step > paused_at, "the twin to resume")
    lead.stop()
    pair.keep_in_step()
    assert twin.state().status == "stopped" and not twin.alive
    lead.reset()
    pair.keep_in_step({"twin": long_run(lr=0.4)})
    assert twin.state().status == "idle" and twin.state().records == () and twin.cfg.lr == 0.4


def test_a_finished_lead_lets_the_twin_finish_its_epochs(groups, monkeypatch):
    monkeypatch.setattr(core.run_group, "FINISH_WAIT_S", LIMIT_S)  # the outcome, not how long 40 steps take
    pair = group_of({"lead": short_run(40), "twin": short_run(40)})
    groups.append(pair)
    pair.runners["lead"].start()
    wait_for(lambda: pair.runners["lead"].state().status == "finished", "the lead to finish")
    pair.runners["twin"].start()  # well behind the lead
    pair.keep_in_step()
    assert statuses(pair) == {"lead": "finished", "twin": "finished"}  # waited for, not stopped
    assert len(pair.states()["twin"].of_kind("eval")) == 40


def test_a_group_needs_a_run():
    with pytest.raises(AssertionError, match="at least one run"):
        RunGroup({})
