"""Traces written by `simulate --trace` are judged legal by `check`, and mutated ones (a step
removed, repeated or swapped) are judged as the lifecycles say.

The expected verdict of a mutated trace comes from replaying the touched interaction's events
on its dialing mode's compiled lifecycle here, independently of the checker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from outbound_core.cli import main
from outbound_core.codes import DialingMode
from outbound_core.errors import TransitionNotAllowed
from outbound_core.interaction import MODE_MACHINES

GUARD_EVENTS = {"set_do_not_call", "remove_do_not_call", "reschedule", "cancel_reschedule"}


def simulate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> list[dict[str, Any]]:
    trace = tmp_path / "day.jsonl"
    assert main(["simulate", *args, "--trace", str(trace)]) == 0
    capsys.readouterr()
    return [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]


def check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], steps: list[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    trace = tmp_path / "mutated.jsonl"
    trace.write_text("".join(json.dumps(step) + "\n" for step in steps), encoding="utf-8")
    status = main(["check", str(trace), "--format", "simulate", "--json"])
    return status, json.loads(capsys.readouterr().out)


def simple_preview(steps: list[dict[str, Any]]) -> tuple[str, str, list[int]]:
    """A Preview interaction without guard-setting events: its two ids and its step indexes."""
    for step in steps:
        if step["kind"] == "interaction" and step["mode"] == "Preview" and step["event"] == "call":
            first, call_id = step["interaction_id"], step["args"]["call_id"]
            mine = [
                n
                for n, s in enumerate(steps)
                if s["kind"] == "interaction" and s["interaction_id"] in (first, call_id)
            ]
            events = [steps[n]["event"] for n in mine]
            if "mark_done" in events and "call_ended" in events and not GUARD_EVENTS & set(events):
                return first, call_id, mine
    raise AssertionError("the simulated day has no plain Preview interaction")


def first_refusal(events: list[str]) -> int | None:
    """Index of the first event the Preview lifecycle refuses, replayed here directly."""
    machine = MODE_MACHINES[DialingMode.PREVIEW]
    state = machine.initial
    for n, event in enumerate(events):
        try:
            state = machine.next(state, event, lambda guard: False)
        except TransitionNotAllowed:
            return n
    return None


def illegal_lines(report: dict[str, Any]) -> list[int]:
    return sorted(i["first_illegal"]["line"] for i in report["interactions"] if i["first_illegal"])


@pytest.mark.parametrize("args", [(), ("--seed", "7"), ("--mode", "push-preview", "--seed", "3")])
def test_every_simulated_trace_is_legal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    steps = simulate(tmp_path, capsys, *args)
    status, report = check(tmp_path, capsys, steps)
    assert report["legal"], [i for i in report["interactions"] if i["first_illegal"]]
    assert status == 0
    assert report["steps"] > 100


def test_a_removed_step_is_judged_as_the_lifecycle_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = simulate(tmp_path, capsys)
    _, _, mine = simple_preview(steps)
    removed = next(n for n in mine if steps[n]["event"] == "call_ended")
    mutated = steps[:removed] + steps[removed + 1 :]
    events = [steps[n]["event"] for n in mine if n != removed]
    refused = first_refusal(events)
    assert refused is not None
    expected_index = [n for n in mine if n != removed][refused]
    expected_line = expected_index + 1 - (expected_index > removed)
    status, report = check(tmp_path, capsys, mutated)
    assert status == 1
    assert illegal_lines(report) == [expected_line]


def test_a_repeated_step_is_a_duplicate_not_an_illegal_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = simulate(tmp_path, capsys)
    _, _, mine = simple_preview(steps)
    repeated = next(n for n in mine if steps[n]["event"] == "call_connected")
    mutated = [*steps[: repeated + 1], steps[repeated], *steps[repeated + 1 :]]
    status, report = check(tmp_path, capsys, mutated)
    assert status == 0
    duplicates = [d for i in report["interactions"] for d in i["duplicates"]]
    assert [(d["line"], d["event"]) for d in duplicates] == [(repeated + 2, "call_connected")]


def test_swapped_steps_are_judged_as_the_lifecycle_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = simulate(tmp_path, capsys)
    _, _, mine = simple_preview(steps)
    ended = next(n for n in mine if steps[n]["event"] == "call_ended")
    done = next(n for n in mine if steps[n]["event"] == "mark_done")
    mutated = [dict(step) for step in steps]
    # Swap what happened, keep the order of the sequence numbers and lines.
    for key in ("event", "state_before", "state_after", "args"):
        mutated[ended][key], mutated[done][key] = steps[done][key], steps[ended][key]
    events = [mutated[n]["event"] for n in mine]
    refused = first_refusal(events)
    assert refused is not None
    status, report = check(tmp_path, capsys, mutated)
    assert status == 1
    assert illegal_lines(report) == [mine[refused] + 1]


def test_an_interaction_id_changes_with_the_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = simulate(tmp_path, capsys)
    first, call_id, mine = simple_preview(steps)
    assert first != call_id
    assert {steps[n]["interaction_id"] for n in mine} == {first, call_id}
    status, report = check(tmp_path, capsys, steps)
    assert status == 0
    assert call_id not in {i["interaction_id"] for i in report["interactions"]}


def _seeds(block: int) -> range:
    """Ten seeds per block under the thorough `ci` profile (fifty in all), one otherwise."""
    thorough = settings.default.max_examples >= 400
    return range(10 * block, 10 * block + 10) if thorough else range(block, block + 1)


@pytest.mark.parametrize("block", range(5))
@pytest.mark.parametrize("mode", ["preview", "push-preview", "progressive", "predictive"])
def test_fifty_seeded_days_of_every_mode_check_legal(mode: str, block: int) -> None:
    from outbound_core.replay import TraceFormat, check_steps, read_steps
    from outbound_core.simulation import simulate as run_day

    for seed in _seeds(block):
        lines: list[str] = []
        summary = run_day(
            records=2000, agents=12, mode=mode, seed=seed,
            sinks=[lambda event, lines=lines: lines.append(event.to_json())],
        )  # fmt: skip
        assert summary.problems == (), (mode, seed)
        report = check_steps(read_steps(lines, TraceFormat.SIMULATE))
        bad = [r.to_dict() for r in report.interactions if r.first_illegal is not None]
        assert bad == [], (mode, seed, bad[:2])
