"""The trace in the store: one row per event, its keys as columns (`trace.TRACE_KEYS`).

`seq` is the row's key; `time` is the event's ISO 8601 text in UTC, as the JSON trace writes
it; `args` is JSON. Events are appended as commands commit, so the table holds the trace of
everything the store holds, and a resumed server's trace goes on from the last `seq`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.storage.cells import from_json, read_text, to_json, write_text
from outbound_core.trace import TraceEvent

__all__ = ["append_trace", "read_trace", "trim_trace"]

_COLUMNS = (
    "seq, time, kind, event, agent_id, interaction_id, record_handle, chain_id, mode, "
    "state_before, state_after, args"
)


def _text(value: Any) -> Any:
    return write_text(value) if isinstance(value, str) else value


def append_trace(connection: sqlite3.Connection, events: Iterable[TraceEvent]) -> None:
    """Append events (a `seq` already held replaces the row)."""
    rows = []
    for event in events:
        if not isinstance(event, TraceEvent):
            raise InvalidValue(
                f"the trace holds TraceEvent values, not {shorten(event)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(event),
            )
        data = event.to_dict()
        rows.append(
            (
                data["seq"], data["time"], _text(data["kind"]), _text(data["event"]),
                _text(data["agent_id"]), _text(data["interaction_id"]), data["record_handle"],
                data["chain_id"], _text(data["mode"]), _text(data["state_before"]),
                _text(data["state_after"]), to_json(data["args"]),
            )
        )  # fmt: skip
    connection.executemany(
        f"INSERT OR REPLACE INTO trace ({_COLUMNS}) VALUES ({', '.join('?' * 12)})", rows
    )


def trim_trace(connection: sqlite3.Connection, last: int) -> None:
    """Forget the events after `seq` `last`."""
    connection.execute("DELETE FROM trace WHERE seq > ?", (last,))


def read_trace(connection: sqlite3.Connection, after: int = 0) -> Iterator[TraceEvent]:
    """The events after `seq` `after`, in order.

    Raises:
        ValueError, TypeError: rows the store did not write.
    """
    for row in connection.execute(
        f"SELECT {_COLUMNS} FROM trace WHERE seq > ? ORDER BY seq", (after,)
    ):
        seq, time, kind, event, agent, interaction, handle, chain, mode, before, after_, args = row
        yield TraceEvent(
            seq,
            datetime.fromisoformat(time),
            read_text(kind),
            read_text(event),
            read_text(agent),
            read_text(interaction),
            handle,
            chain,
            read_text(mode),
            read_text(before),
            read_text(after_),
            from_json(args),
        )
