"""The server's queues in the store: heaps kept as rows plus a log of pushes and pops.

A queue is a binary heap (`heapq`) whose list order depends on every push and pop, and the
snapshot keeps that list exactly. A full save writes each heap's list as rows of
`heap_entries`; a command appends its pushes and pops to `heap_ops` instead of rewriting a queue
of 100,000 entries, and reading replays the log over the rows with `heapq`, which gives the same
list the server has. `heaps` names every queue, in the order they were made (a queue may be
empty). Entries are `(rank, due, chain key, version)` for a campaign's or an agent's queue and
`(due, chain key, version)` for the callback schedule; `rank` is NULL for the latter.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.storage.cells import from_json, read_text, to_json, write_text

__all__ = ["clear_heaps", "declare_heap", "log_heap_ops", "read_heaps", "write_heap"]

_INT = int
_NUMBER = (int, float)


def _checked(entry: Any) -> tuple[Any, ...]:
    """A heap entry as a tuple, checked: 3 or 4 numbers, all whole but the due time."""
    if isinstance(entry, list | tuple) and len(entry) in (3, 4):
        *rank, due, key, version = entry
        if (
            all(type(n) is _INT for n in (*rank, key, version))
            and type(due) in _NUMBER
            and all(-(2**63) <= n < 2**63 for n in (*rank, key, version))
        ):
            return tuple(entry)
    raise InvalidValue(
        f"a queue entry is [rank, due, chain key, version] or [due, chain key, version], not "
        f"{shorten(entry)}",
        code=ErrorCode.INVALID_VALUE,
        value=shorten(entry),
    )


def declare_heap(connection: sqlite3.Connection, name: str) -> None:
    """Make the queue `name` known (empty) if it is not."""
    connection.execute(
        "INSERT OR IGNORE INTO heaps (name, position) "
        "SELECT ?, coalesce(max(position), -1) + 1 FROM heaps",
        (write_text(name),),
    )


def write_heap(connection: sqlite3.Connection, name: str, entries: Iterable[Any]) -> None:
    """The queue `name` now holds exactly `entries`, in this order (its log is folded in)."""
    rows = []
    for position, entry in enumerate(entries):
        checked = _checked(entry)
        rank = checked[0] if len(checked) == 4 else None
        due, key, version = checked[-3:]
        rows.append((write_text(name), position, rank, float(due), key, version))
    declare_heap(connection, name)
    connection.execute("DELETE FROM heap_entries WHERE heap = ?", (write_text(name),))
    connection.execute("DELETE FROM heap_ops WHERE heap = ?", (write_text(name),))
    connection.executemany(
        "INSERT INTO heap_entries (heap, position, rank, due, chain_key, version) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def log_heap_ops(
    connection: sqlite3.Connection, ops: Iterable[tuple[str, Sequence[Any] | None]]
) -> None:
    """Append pushes (`(heap, entry)`) and pops (`(heap, None)`) to the log, in order."""
    rows = []
    names: dict[str, None] = {}
    for name, entry in ops:
        names.setdefault(name, None)
        rows.append((write_text(name), None if entry is None else to_json(list(_checked(entry)))))
    for name in names:
        declare_heap(connection, name)
    connection.executemany("INSERT INTO heap_ops (heap, entry) VALUES (?, ?)", rows)


def clear_heaps(connection: sqlite3.Connection) -> None:
    """Forget every queue."""
    for table in ("heaps", "heap_entries", "heap_ops"):
        connection.execute(f"DELETE FROM {table}")


def read_heaps(
    connection: sqlite3.Connection, wanted: Callable[[str], bool] | None = None
) -> dict[str, list[list[Any]]]:
    """The queues (those whose name `wanted` accepts; all by default) as the server keeps
    them: lists in heap order, in the order the queues were made.

    Raises:
        ValueError, IndexError: rows or a log the store did not write (a pop from an empty
            queue, ...).
    """
    names = [
        read_text(name)
        for (name,) in connection.execute("SELECT name FROM heaps ORDER BY position")
    ]
    heaps: dict[str, list[Any]] = {}
    for name in names:
        if wanted is not None and not wanted(name):
            continue
        heap = heaps[name] = []
        for rank, due, key, version in connection.execute(
            "SELECT rank, due, chain_key, version FROM heap_entries WHERE heap = ? "
            "ORDER BY position",
            (write_text(name),),
        ):
            heap.append((due, key, version) if rank is None else (rank, due, key, version))
        for (entry,) in connection.execute(
            "SELECT entry FROM heap_ops WHERE heap = ? ORDER BY seq", (write_text(name),)
        ):
            if entry is None:
                heapq.heappop(heap)
            else:
                heapq.heappush(heap, tuple(from_json(entry)))
    return {name: [list(entry) for entry in heap] for name, heap in heaps.items()}
