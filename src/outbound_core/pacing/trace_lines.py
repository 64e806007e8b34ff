"""Call events as lines of the library's trace (`outbound_core.trace`), written and read back.

A call event is one `TraceEvent` of kind `pacing` (`PACING_KIND`): its `time` is the event's
instant, its `event` the event's name (`dial-placed`, `agent-state`, ...), its `agent_id` the
agent for `agent-connected` and `agent-state`, and its `args` the other facts:

```json
{"seq":7,"time":"2026-06-15T08:00:04Z","kind":"pacing","event":"dial-outcome",
 "agent_id":null,"interaction_id":null,"record_handle":null,"chain_id":null,"mode":null,
 "state_before":null,"state_after":null,
 "args":{"campaign":"Predictive campaign","call_id":"c-12","result":"live-answer"}}
```

A server emits them through its `Tracer` (`tracer.emit(PACING_KIND, event.name,
**trace_facts(event))` at the event's instant), so `simulate --trace` and the offline tools
(`outbound-core abandon`) share one file; `outbound-core check` skips the `pacing` lines.
`read_call_events` reads a trace back, skipping lines of other kinds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, WireFormatError, shorten
from outbound_core.pacing.events import (
    EVENT_TYPES,
    AgentConnected,
    AgentStateChanged,
    CallEvent,
    event_from_dict,
    event_to_dict,
)
from outbound_core.trace import TraceEvent

__all__ = [
    "PACING_KIND",
    "event_from_trace",
    "read_call_events",
    "to_trace_event",
    "trace_facts",
]

#: The trace `kind` of every call event.
PACING_KIND: Final = "pacing"


def trace_facts(event: CallEvent) -> dict[str, Any]:
    """The `TraceEvent` attributes of `event` other than seq, time, kind and name:
    `agent_id` for agent events, and `args` with the remaining facts."""
    data = event_to_dict(event)
    del data["event"], data["at"]
    agent_id = data.pop("agent_id", None)
    return {"agent_id": agent_id, "args": data}


def to_trace_event(event: CallEvent, seq: int) -> TraceEvent:
    """`event` as the `seq`-th line of a trace."""
    return TraceEvent(seq, event.at, PACING_KIND, event.name, **trace_facts(event))


def event_from_trace(line: Mapping[str, Any]) -> CallEvent | None:
    """The call event a parsed trace line holds, or None for a line of another kind.

    Raises:
        InvalidValue: a `pacing` line whose event, time, agent or args cannot be read.
    """
    if line.get("kind") != PACING_KIND:
        return None
    name = line.get("event")
    args = line.get("args")
    if type(args) is not dict:
        raise InvalidValue(
            f"args of a {PACING_KIND} line is an object, not {type(args).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field="args",
            value=shorten(args),
        )
    cls = EVENT_TYPES.get(name) if type(name) is str else None
    if cls is None:
        return event_from_dict({"event": name})  # refused, naming the known events
    # Facts only: a writer may add arguments of its own (a record handle, ...).
    data: dict[str, Any] = {f.name: args[f.name] for f in attrs.fields(cls) if f.name in args}
    data["event"], data["at"] = name, line.get("time")
    if cls in (AgentConnected, AgentStateChanged):
        data["agent_id"] = line.get("agent_id")
    return event_from_dict(data)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


_DECODER: Final = json.JSONDecoder(parse_constant=_reject_constant)


def read_call_events(lines: Iterable[str]) -> Iterator[CallEvent]:
    """The call events of a trace read line by line (lazily); blank lines and lines of other
    kinds are skipped.

    Raises:
        WireFormatError: a line that is not a JSON object with a `kind`, or a `pacing` line
            that cannot be read; `details["line"]` is its number.
    """
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = _DECODER.decode(text)
        except (ValueError, RecursionError) as error:
            raise WireFormatError(
                f"line {number}: not JSON ({shorten(str(error), 80)})",
                line=number,
                value=shorten(text),
            ) from None
        if type(value) is not dict or type(value.get("kind")) is not str:
            raise WireFormatError(
                f"line {number}: not a line of the library's trace (an object with a kind)",
                line=number,
                value=shorten(text),
            )
        try:
            event = event_from_trace(value)
        except InvalidValue as error:
            raise WireFormatError(
                f"line {number}: {error.message}", line=number, **error.details
            ) from None
        if event is not None:
            yield event
