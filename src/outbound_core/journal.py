"""The change journal: what an outbound server tells a durable store about each command.

The in-memory server is the source of truth while a process runs. A durable store keeps up by
being told, during each command, *what* changed, and by writing it all in one transaction when
the server calls `commit` at the end of the command, before the command returns. The journal
says which things changed, not their new values: at `commit` the store reads the values from
the server (so several changes to one record within a command are written once, as they ended).
Only the queues are logged as operations (push, pop), since their order depends on every step.

What the server reports:

| call | when |
|---|---|
| `records_changed(slots)` | a record was added, or its value, status or type changed |
| `chains_changed(keys)` | a chain was added, or its place, version or returned-by agents changed |
| `heap_created(heap)` | a queue (a campaign's, an agent's own, the callback schedule) was made |
| `heap_pushed(heap, entry)` / `heap_popped(heap)` | an entry went onto / came off a queue |
| `heap_replaced(heap, entries)` | a queue was rebuilt (e.g. compacted) |
| `part_changed(name)` | a part of the server's snapshot other than the record store changed |
| `items_changed(part, keys)` | items of a part kept item by item (an agent of `agents`, by id) were added or changed |
| `trace_event(event)` | an event was traced (the journal is a `TraceSink`) |
| `commit()` | the command is over: make everything above durable, or raise |

Queues are named by `campaign_heap`, `personal_heap` and `CALLBACK_HEAP`; parts by their key in
`InMemoryOutboundServer.snapshot()`. `NULL_JOURNAL` does nothing: the in-memory server's default.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, Protocol, runtime_checkable

from outbound_core.trace import TraceEvent

__all__ = [
    "CALLBACK_HEAP",
    "NULL_JOURNAL",
    "ChangeJournal",
    "HeapEntry",
    "NullJournal",
    "campaign_heap",
    "heap_owner",
    "personal_heap",
]

#: A queue entry as the server keeps it: `(rank, due, chain key, version)` for a campaign's or
#: an agent's queue, `(due, chain key, version)` for the callback schedule.
HeapEntry = Sequence[int | float]

#: The name of the callback schedule's heap.
CALLBACK_HEAP: Final = "callbacks"
_CAMPAIGN = "campaign/"
_PERSONAL = "personal/"


def campaign_heap(index: int) -> str:
    """The name of the queue of the campaign with this number (its place in the server)."""
    return f"{_CAMPAIGN}{index}"


def personal_heap(agent_id: str) -> str:
    """The name of an agent's own queue of due personal callbacks."""
    return f"{_PERSONAL}{agent_id}"


def heap_owner(heap: str) -> tuple[str, int | str | None]:
    """What a queue name stands for: `("campaign", index)`, `("personal", agent id)`,
    `("callbacks", None)`, or `("other", name)` for a name none of the above makes."""
    if heap == CALLBACK_HEAP:
        return "callbacks", None
    if heap.startswith(_PERSONAL):
        return "personal", heap[len(_PERSONAL) :]
    if heap.startswith(_CAMPAIGN):
        number = heap[len(_CAMPAIGN) :]
        if number.isascii() and number.isdigit() and str(int(number)) == number:
            return "campaign", int(number)
    return "other", heap


@runtime_checkable
class ChangeJournal(Protocol):
    """What a server reports of each command to a durable store (see the module docs)."""

    def records_changed(self, slots: Iterable[int]) -> None:
        """The records in these slots were added or changed."""

    def chains_changed(self, keys: Iterable[int]) -> None:
        """The chains with these keys were added or changed."""

    def heap_created(self, heap: str) -> None:
        """A queue was made (empty)."""

    def heap_pushed(self, heap: str, entry: HeapEntry) -> None:
        """`entry` went onto the queue as `heapq.heappush` puts it."""

    def heap_popped(self, heap: str) -> None:
        """The queue's first entry came off it, as `heapq.heappop` takes it."""

    def heap_replaced(self, heap: str, entries: Iterable[HeapEntry]) -> None:
        """The queue now holds exactly `entries`, in this (heap) order."""

    def part_changed(self, name: str) -> None:
        """The part of the snapshot named `name` changed."""

    def items_changed(self, part: str, keys: Iterable[str]) -> None:
        """The items of `part` with these keys were added or changed (the rest did not)."""

    def trace_event(self, event: TraceEvent) -> None:
        """An event was traced (a `TraceSink`)."""

    def commit(self) -> None:
        """The command is over: make what it changed durable before it returns.

        Raises:
            StorageError: nothing of the command was made durable (see its code).
        """


class NullJournal:
    """A journal that keeps nothing: the in-memory server's own."""

    __slots__ = ()

    def records_changed(self, slots: Iterable[int]) -> None:
        """Nothing to do."""

    def chains_changed(self, keys: Iterable[int]) -> None:
        """Nothing to do."""

    def heap_created(self, heap: str) -> None:
        """Nothing to do."""

    def heap_pushed(self, heap: str, entry: HeapEntry) -> None:
        """Nothing to do."""

    def heap_popped(self, heap: str) -> None:
        """Nothing to do."""

    def heap_replaced(self, heap: str, entries: Iterable[HeapEntry]) -> None:
        """Nothing to do."""

    def part_changed(self, name: str) -> None:
        """Nothing to do."""

    def items_changed(self, part: str, keys: Iterable[str]) -> None:
        """Nothing to do."""

    def trace_event(self, event: TraceEvent) -> None:
        """Nothing to do."""

    def commit(self) -> None:
        """Nothing to do."""


#: The journal that keeps nothing (one is enough: it has no state).
NULL_JOURNAL: Final = NullJournal()
