"""The event trace of a desk and a server: one JSON object per event, in a stable schema.

Every move of the in-memory server and of its desks is one `TraceEvent`. Written as JSON lines
(`TraceEvent.to_json`), each object has these keys, always, in this order:

| key | meaning |
|---|---|
| `seq` | 1, 2, 3, ... in the order the events happened |
| `time` | the simulated clock, ISO 8601 in UTC |
| `kind` | `server`, `campaign`, `agent`, `interaction`, `call`, `web-callback`, `record`, `chain` |
| `event` | for `interaction`, an event of the mode's lifecycle (`outbound_core.machines.interaction`); for `web-callback`, of `WebCallbackMachine`; for `agent`, of `AgentSessionMachine` (or an annotation with equal states); for `record`, of `RecordStatusMachine`; for `chain`, of `ChainMachine` (the chain's number in the server in `args.chain`); otherwise a server event name |
| `agent_id`, `interaction_id`, `record_handle`, `chain_id`, `mode` | who and what, or null |
| `state_before`, `state_after` | the lifecycle states around the event, or null |
| `args` | the event's arguments (an object, possibly empty) |

`mode` is the `DialingMode` value (`Preview`, `PushPreview`, ...). The trace is data: the
library never writes it anywhere; a `Tracer` hands each event to the sinks its owner gives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

__all__ = ["TRACE_KEYS", "TraceEvent", "TraceSink", "Tracer"]

#: The keys of every trace object, in order.
TRACE_KEYS = (
    "seq",
    "time",
    "kind",
    "event",
    "agent_id",
    "interaction_id",
    "record_handle",
    "chain_id",
    "mode",
    "state_before",
    "state_after",
    "args",
)


@attrs.define(frozen=True, slots=True)
class TraceEvent:
    """One event of the trace (see the module docs for the meaning of each attribute)."""

    seq: int
    time: datetime
    kind: str
    event: str
    agent_id: str | None = None
    interaction_id: str | None = None
    record_handle: int | None = None
    chain_id: int | None = None
    mode: str | None = None
    state_before: str | None = None
    state_after: str | None = None
    args: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The event as the trace object, keys in `TRACE_KEYS` order."""
        return {
            "seq": self.seq,
            "time": self.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "kind": self.kind,
            "event": self.event,
            "agent_id": self.agent_id,
            "interaction_id": self.interaction_id,
            "record_handle": self.record_handle,
            "chain_id": self.chain_id,
            "mode": self.mode,
            "state_before": self.state_before,
            "state_after": self.state_after,
            "args": dict(self.args),
        }

    def to_json(self) -> str:
        """One line of JSON (no newline), keys in order, non-ASCII kept."""
        return _LINE.encode(self.to_dict())


# One encoder for every line: `json.dumps` with arguments builds a new one per call.
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

#: Something that takes each event as it happens.
TraceSink = Callable[[TraceEvent], None]


@attrs.define(slots=True, eq=False)
class Tracer:
    """Numbers events, stamps them with the simulated clock and hands them to the sinks."""

    clock: Callable[[], datetime]
    sinks: list[TraceSink] = attrs.field(factory=list)
    seq: int = 0

    def emit(self, kind: str, event: str, **facts: Any) -> None:
        """Record one event; `facts` are `TraceEvent` attributes (`args` included)."""
        if not self.sinks:
            self.seq += 1
            return
        self.seq += 1
        traced = TraceEvent(self.seq, self.clock(), kind, event, **facts)
        for sink in self.sinks:
            sink(traced)
