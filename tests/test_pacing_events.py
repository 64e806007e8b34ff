"""Call events: their JSON and trace forms round-trip; the reader refuses only with errors."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import call_stories, instants, junk, story_events

from outbound_core.codes import CallResult
from outbound_core.errors import InvalidValue, OutboundError, WireFormatError
from outbound_core.pacing import (
    EVENT_TYPES,
    PACING_KIND,
    AgentActivity,
    AgentStateChanged,
    DialOutcome,
    DialPlaced,
    DialResult,
    HangUp,
    event_from_dict,
    event_from_trace,
    event_to_dict,
    read_call_events,
    to_trace_event,
    trace_facts,
)
from outbound_core.trace import TRACE_KEYS, Tracer

names = st.text(min_size=1, max_size=12).filter(lambda s: bool(s.strip()))


@st.composite
def call_events(draw: st.DrawFn) -> Any:
    """Any call event, its instant in any fixed offset."""
    cls = draw(st.sampled_from(list(EVENT_TYPES.values())))
    offset = timezone(timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60))))
    values: dict[str, Any] = {"at": draw(instants).astimezone(offset), "campaign": draw(names)}
    for field in cls.__attrs_attrs__[2:]:
        values[field.name] = draw(
            {
                "call_id": names,
                "agent_id": names,
                "phone": st.sampled_from(["+1 555 0100", "0044 20 7946 0001", "555-0101"]),
                "result": st.sampled_from(list(DialResult)),
                "party": st.sampled_from(["customer", "agent", "system"]),
                "state": st.sampled_from(list(AgentActivity)),
            }[field.name]
        )
    return cls(**values)


@given(call_events())
def test_events_round_trip_through_json_the_trace_and_pickle(event: Any) -> None:
    data = json.loads(json.dumps(event_to_dict(event)))
    assert event_from_dict(data) == event
    line = to_trace_event(event, 1).to_json()
    assert list(json.loads(line)) == list(TRACE_KEYS)
    assert list(read_call_events([line])) == [event]
    assert pickle.loads(pickle.dumps(event)) == event


def test_the_trace_line_of_an_event() -> None:
    at = datetime(2026, 6, 15, 8, 0, 4, tzinfo=UTC)
    line = json.loads(to_trace_event(DialOutcome(at, "P", "c-12", "live-answer"), 7).to_json())
    assert line == {
        "seq": 7, "time": "2026-06-15T08:00:04Z", "kind": "pacing", "event": "dial-outcome",
        "agent_id": None, "interaction_id": None, "record_handle": None, "chain_id": None,
        "mode": None, "state_before": None, "state_after": None,
        "args": {"campaign": "P", "call_id": "c-12", "result": "live-answer"},
    }  # fmt: skip
    state = AgentStateChanged(at, "P", "agent-7", "wrap-up")
    assert trace_facts(state) == {
        "agent_id": "agent-7",
        "args": {"campaign": "P", "state": "wrap-up"},
    }


def test_a_tracer_writes_what_the_reader_reads() -> None:
    at = datetime(2026, 6, 15, 8, tzinfo=UTC)
    lines: list[str] = []
    tracer = Tracer(lambda: at, [lambda e: lines.append(e.to_json())])
    event = HangUp(at, "P", "c-1", "customer")
    tracer.emit("server", "dial-started", args={"campaign": "P"})
    tracer.emit(PACING_KIND, event.name, **trace_facts(event))
    assert list(read_call_events(lines)) == [event]


def test_dial_outcomes_say_their_genesys_call_result() -> None:
    assert DialResult.LIVE_ANSWER.call_result is CallResult.ANSWER
    assert DialResult.ANSWERING_MACHINE.call_result is CallResult.ANSWERING_MACHINE
    assert DialResult.NO_ANSWER.call_result is CallResult.NO_ANSWER
    assert DialResult.BUSY.call_result is CallResult.BUSY
    assert DialResult.FAILED.call_result is CallResult.DIAL_ERROR


def test_other_kinds_and_blank_lines_are_skipped_and_extra_args_ignored() -> None:
    line = {
        "seq": 1, "time": "2026-06-15T08:00:00Z", "kind": "pacing", "event": "dial-placed",
        "agent_id": None, "args": {"campaign": "P", "call_id": "c", "phone": "+1 555 0100",
                                   "record_handle": 12},
    }  # fmt: skip
    other = {"seq": 2, "kind": "interaction", "event": "deliver", "interaction_id": "i-1"}
    events = list(read_call_events(["", json.dumps(other), json.dumps(line), "  "]))
    assert [type(e) for e in events] == [DialPlaced]
    assert event_from_trace(other) is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "not JSON"),
        ("[1, 2]", "not a line of the library's trace"),
        ('{"kind": 3}', "not a line of the library's trace"),
        ('{"kind": "pacing", "event": "dial-placed", "args": []}', "args"),
        ('{"kind": "pacing", "event": "dial-place", "args": {}}', "not a call event"),
        (
            '{"kind": "pacing", "event": "hang-up", "time": "2026-06-15T08:00:00", '
            '"args": {"campaign": "P", "call_id": "c", "party": "customer"}}',
            "time zone",
        ),
        (
            '{"kind": "pacing", "event": "hang-up", "time": "2026-06-15T08:00:00Z", '
            '"args": {"campaign": "P", "call_id": "c", "party": "dog"}}',
            "party",
        ),
        (
            '{"kind": "pacing", "event": "dial-placed", "time": "2026-06-15T08:00:00Z", '
            '"args": {"campaign": "P", "call_id": "c", "phone": "call me"}}',
            "phone number",
        ),
        (
            '{"kind": "pacing", "event": "agent-state", "time": "2026-06-15T08:00:00Z", '
            '"args": {"campaign": "P", "state": "ready"}}',
            "agent_id",
        ),
        ('{"kind": "pacing", "event": "hang-up", "time": NaN, "args": {}}', "not JSON"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(text: str, fragment: str) -> None:
    with pytest.raises(WireFormatError) as caught:
        list(read_call_events(["", text]))
    assert caught.value.details["line"] == 2
    assert str(caught.value).startswith("line 2: ")
    assert fragment in str(caught.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@st.composite
def pacing_like_lines(draw: st.DrawFn) -> str:
    """Trace lines of kind pacing with facts that may be wrong in any way."""
    event = draw(call_stories().map(lambda s: story_events(s, "c")).filter(bool))[0]
    line = json.loads(to_trace_event(event, 1).to_json())
    key = draw(
        st.sampled_from(
            ["time", "event", "agent_id", "args", "campaign", "call_id", "phone", "result"]
        )
    )
    value = draw(json_values)
    if key in line:
        line[key] = value
    else:
        line["args"][key] = value
    return json.dumps(line)


@given(st.lists(st.one_of(st.text(), pacing_like_lines(), json_values.map(json.dumps)), max_size=5))
def test_reading_anything_raises_only_wire_format_errors(lines: list[str]) -> None:
    try:
        for event in read_call_events(lines):
            assert type(event) in EVENT_TYPES.values()
    except WireFormatError as error:
        assert "line" in error.details


@given(junk)
def test_events_refuse_junk_with_outbound_errors(value: object) -> None:
    at = datetime(2026, 6, 15, 8, tzinfo=UTC)
    for make in (
        lambda v: DialPlaced(v, "P", "c", "+1 555 0100"),  # type: ignore[arg-type]
        lambda v: DialPlaced(at, v, "c", "+1 555 0100"),  # type: ignore[arg-type]
        lambda v: DialPlaced(at, "P", v, "+1 555 0100"),  # type: ignore[arg-type]
        lambda v: DialPlaced(at, "P", "c", v),  # type: ignore[arg-type]
        lambda v: DialOutcome(at, "P", "c", v),  # type: ignore[arg-type]
        lambda v: AgentStateChanged(at, "P", v, "ready"),  # type: ignore[arg-type]
        lambda v: AgentStateChanged(at, "P", "a", v),  # type: ignore[arg-type]
        event_from_dict,
    ):
        with pytest.raises(OutboundError):
            make(value)


def test_a_naive_instant_and_unknown_keys_are_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        DialPlaced(datetime(2026, 6, 15, 8), "P", "c", "+1 555 0100")
    assert caught.value.code == "naive-date-time"
    data = event_to_dict(HangUp(datetime(2026, 6, 15, 8, tzinfo=UTC), "P", "c", "agent"))
    with pytest.raises(InvalidValue, match="unknown extra"):
        event_from_dict({**data, "extra": 1})
    del data["party"]
    with pytest.raises(InvalidValue, match="missing party"):
        event_from_dict(data)
