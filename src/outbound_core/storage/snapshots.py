"""A whole server snapshot in the store's tables, and back.

`write_snapshot` replaces everything the store holds of a server with one snapshot
(`InMemoryOutboundServer.snapshot()`): each part goes to its tables (`parts`,
`record_tables`), the record store last, since its calling lists are named after the
campaigns; events of the trace after the snapshot's `trace_seq` are dropped, so the trace ends
where the snapshot does. `read_snapshot` gives back an equal mapping: JSON's shapes (lists for
tuples, text keys) and the part's own key order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.storage.cells import read_text
from outbound_core.storage.heaps import clear_heaps
from outbound_core.storage.parts import clear_parts, read_part, write_part
from outbound_core.storage.record_tables import ALL_PARTS
from outbound_core.storage.trace_table import trim_trace

__all__ = ["has_snapshot", "read_snapshot", "write_snapshot"]

#: The part written last: its lists are named after the campaigns written before it.
_LAST = "store"
#: What every snapshot of a server holds.
_REQUIRED = ("version", "campaigns", "store")


def write_snapshot(connection: sqlite3.Connection, snapshot: Mapping[str, Any]) -> None:
    """Replace the server the store holds with `snapshot` (inside the caller's transaction).

    Raises:
        InvalidValue: not a snapshot (a part its tables cannot hold).
    """
    if not isinstance(snapshot, Mapping) or not all(isinstance(k, str) for k in snapshot):
        raise InvalidValue(
            f"a server snapshot is a mapping of part names, not {shorten(snapshot)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(snapshot),
        )
    missing = [name for name in _REQUIRED if name not in snapshot]
    if missing:
        raise InvalidValue(
            f"not a server snapshot: it has no {', '.join(missing)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(snapshot),
        )
    clear_parts(connection, ("chains",))
    clear_heaps(connection)
    connection.execute("UPDATE calling_lists SET campaign_index = NULL")
    ordered = sorted(enumerate(snapshot), key=lambda item: item[1] == _LAST)
    for position, name in ordered:
        write_part(connection, name, snapshot[name], position, layouts=ALL_PARTS)
    seq = snapshot.get("trace_seq")
    if type(seq) is int:
        trim_trace(connection, seq)


def has_snapshot(connection: sqlite3.Connection) -> bool:
    """Whether the store holds a server."""
    return connection.execute("SELECT 1 FROM parts LIMIT 1").fetchone() is not None


def read_snapshot(connection: sqlite3.Connection) -> dict[str, Any]:
    """The snapshot `write_snapshot` wrote, with what commits changed since (inside the
    caller's read transaction).

    Raises:
        ValueError, KeyError, TypeError, IndexError: rows the store did not write.
    """
    rows = connection.execute("SELECT name, data FROM parts ORDER BY position").fetchall()
    return {
        read_text(name): read_part(connection, read_text(name), data, ALL_PARTS)
        for name, data in rows
    }
