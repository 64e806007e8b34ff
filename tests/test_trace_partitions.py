"""Checking a trace in one pass, and in parts merged back: always the report on the whole.

`check_lines` reads a `simulate` trace and judges it in one pass; `partition_lines` cuts any
trace into parts that `check_line_part` checks apart and `merge_parts` merges. Both must give
exactly what `check_steps(read_steps(...))` gives on the whole trace: the same report (every
verdict, first illegal step, line and count, the instances in the same order), or the same
error for the same first bad line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import ocs_trace_lines, simulate_trace_lines, webex_trace_lines

from outbound_core.errors import WireFormatError
from outbound_core.replay.check import TracePart, check_steps_part, merge_parts
from outbound_core.replay.lines import check_line_part, check_lines
from outbound_core.replay.partitions import (
    assign_parts,
    line_keys,
    partition_lines,
    route_chunk,
    split_chunk,
)
from outbound_core.replay.readers import read_numbered_steps

TRACES = {
    "simulate": simulate_trace_lines(),
    "ocs": ocs_trace_lines(),
    "webex": webex_trace_lines(),
}


def outcome(check: Callable[[], Any]) -> tuple[Any, ...]:
    """What a check came to: its result, or its error's message and details."""
    try:
        return ("report", check())
    except WireFormatError as error:
        return ("error", error.message, dict(error.details))


def reference(lines: list[str], trace_format: str) -> tuple[Any, ...]:
    """The reader and the checker, step by step: what the others must give."""
    return outcome(lambda: check_steps_part(read_numbered_steps(enumerate(lines, 1), trace_format)))


@given(simulate_trace_lines(), st.sampled_from(["simulate", "auto"]))
def test_the_one_pass_check_is_the_reader_and_the_checker(lines: list[str], how: str) -> None:
    expected = reference(lines, how)
    assert outcome(lambda: check_line_part(enumerate(lines, 1), how)) == expected
    if expected[0] == "report":
        assert check_lines(lines, how) == expected[1].report


def merged(parts: list[list[tuple[int, str]]], trace_format: str) -> tuple[Any, ...]:
    """Each part checked apart; their reports merged, or the error with the smallest line."""
    results = [outcome(lambda part=part: check_line_part(part, trace_format)) for part in parts]
    errors = [r for r in results if r[0] == "error"]
    if errors:
        return min(errors, key=lambda r: r[2]["line"])
    return ("report", merge_parts(r[1] for r in results))


@pytest.mark.parametrize("trace_format", sorted(TRACES))
@given(data=st.data())
def test_parts_merge_into_the_report_on_the_whole(trace_format: str, data: st.DataObject) -> None:
    lines = data.draw(TRACES[trace_format])
    parts = data.draw(st.integers(1, 4))
    chunk = data.draw(st.integers(1, 7))
    cut = partition_lines(enumerate(lines, 1), trace_format, parts, chunk_lines=chunk)
    assert sorted(line for part in cut for line in part) == list(enumerate(lines, 1))
    assert all(part == sorted(part) for part in cut)
    expected = reference(lines, trace_format)
    found = merged(cut, trace_format)
    if expected[0] == "report":
        assert found == ("report", expected[1].report)
    else:
        assert found == expected


def test_lines_that_name_one_instance_stay_together() -> None:
    steps = [
        {"seq": 1, "interaction_id": "i-1", "mode": "Preview", "event": "deliver"},
        {"seq": 2, "interaction_id": "i-2", "mode": "Preview", "event": "deliver"},
        {"seq": 3, "interaction_id": "i-1", "mode": "Preview", "event": "call"},
        {"seq": 4, "kind": "interaction", "interaction_id": "i-1", "mode": "Preview",
         "event": "call", "args": {"call_id": "c-1"}},
        {"seq": 5, "interaction_id": "c-1", "mode": "Preview", "event": "call_connected"},
        {"seq": 6, "kind": "server", "event": "tick"},
    ]  # fmt: skip
    lines = [json.dumps(step) for step in steps]
    assert line_keys(steps[3], "simulate") == ("i-1", "c-1")
    assert line_keys(steps[5], "simulate") == ()
    cut = partition_lines(enumerate(lines, 1), "simulate", 2, chunk_lines=2)
    homes = {n: p for p, part in enumerate(cut) for n, _ in part}
    assert homes[1] == homes[3] == homes[4] == homes[5]
    assert homes[2] != homes[1]  # balanced: the other group goes to the other part


def test_the_stages_of_a_cut() -> None:
    lines = list(enumerate(['{"seq": 1, "interaction_id": "a", "mode": "Preview", "event": "x"}',
                            "not json",
                            '{"seq": 2, "interaction_id": "b", "mode": "Preview", "event": "x"}',
                            '{"seq": 3, "interaction_id": "a", "mode": "Preview", "event": "y"}'],
                           start=1))  # fmt: skip
    routes = route_chunk(lines, "simulate")
    assert routes.groups == (("a",), ("b",))
    assert routes.sizes == (2, 1)
    assert routes.line_groups == (0, -1, 1, 0)
    (assignment,) = assign_parts([routes], 2)
    assert assignment == (0, 1, 0)  # a -> 0, b -> 1, the keyless line with chunk 0's number
    assert split_chunk(lines, routes, assignment, 2) == (
        [lines[0], lines[1], lines[3]],
        [lines[2]],
    )
    with pytest.raises(ValueError, match="at least one part"):
        assign_parts([routes], 0)
    with pytest.raises(ValueError, match="not auto"):
        line_keys({}, "auto")


def test_no_lines_no_parts_to_speak_of() -> None:
    assert partition_lines([], "ocs", 3) == [[], [], []]
    assert merge_parts([]).steps == 0
    assert check_line_part([], "auto") == TracePart(merge_parts([]), ())
