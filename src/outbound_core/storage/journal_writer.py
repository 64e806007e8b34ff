"""`SqliteJournal`: a server's change journal that writes each command to a `SqliteStore`.

The server reports what a command changed (`journal.ChangeJournal`); at `commit` the journal
reads the new values from the server and writes them all in one transaction of the store. It
also compares, at each commit, the values that change so often that reporting them would cost
more than looking: the clock (`now`), the trace's last number (`trace_seq`), the counters
(`stats`) and the next free record handle.

Parts kept item by item are written item by item: agents, campaigns, leases, web callback
requests, and each chain's pending callback and treatment state (`ITEM_READERS`); the rest of
such a part, when it changed, by `PART_READERS` (what the items do not hold).

`batch()` groups commands: inside it commits wait, and everything the commands changed is
written once, in one transaction with whatever else the caller writes in the block, when the
block ends (a simulated day's step: its commands and the day's own state). A record several
commands changed is then written once.

A commit inside a `transaction()` the caller opened joins it: it is written when that
transaction commits. A commit that fails leaves the store as it was before the command (and a
joined commit whose transaction rolled back leaves it as it was before that transaction), but
the server has moved on: the journal then refuses every later commit (`store-behind`), since
writing the next command's changes over a missing one would store a server that never was.
Rebuild the server from the store (`InMemoryOutboundServer.from_snapshot(store.load())`),
attach a new journal, and carry on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from outbound_core.errors import ErrorCode, StorageError
from outbound_core.journal import HeapEntry
from outbound_core.server.in_memory import SNAPSHOT_VERSION, InMemoryOutboundServer
from outbound_core.storage.list_tables import ListRow
from outbound_core.storage.record_tables import ChainRow
from outbound_core.storage.sqlite_store import SqliteStore
from outbound_core.trace import TraceEvent

__all__ = ["ITEM_READERS", "PART_READERS", "SqliteJournal"]


#: How to read each part of the snapshot from a server (the keys of `snapshot()` but
#: `store`, whose records, chains and queues are reported one by one), less what its items
#: (`ITEM_READERS`) or its heap hold.
PART_READERS: Final[Mapping[str, Callable[[InMemoryOutboundServer], Any]]] = {
    "version": lambda server: SNAPSHOT_VERSION,
    "now": lambda server: server.now.isoformat(),
    "trace_seq": lambda server: server.trace.seq,
    "settings": lambda server: server.settings.to_dict(),
    "stats": lambda server: dict(sorted(server.stats.items())),
    "campaigns": lambda server: server.campaigns.to_dict(),
    "agents": lambda server: server.agents.to_dict(),
    "leases": lambda server: server.leases.to_dict(),
    "callbacks": lambda server: server.callbacks.details(),
    "dnc": lambda server: server.dnc.to_dict(),
    "web_callbacks": lambda server: server.web_callbacks.details(),
    "treatments": lambda server: server.treating.details(),
    "pacing": lambda server: server.pacer.to_dict(),
}

#: How to read one item of a part kept item by item (as the part's `to_dict` writes it), or
#: None when the server no longer has it.
ITEM_READERS: Final[
    Mapping[str, Callable[[InMemoryOutboundServer, str], dict[str, Any] | None]]
] = {
    "agents": lambda server, key: server.agents.item(key),
    "campaigns": lambda server, key: server.campaigns.item(key),
    "leases": lambda server, key: server.leases.item(key),
    "web_callbacks": lambda server, key: server.web_callbacks.item(key),
    "callbacks": lambda server, key: server.callbacks.item(int(key)),
    "treatments": lambda server, key: server.treating.item(int(key)),
}
#: Parts compared at every commit instead of being reported.
_WATCHED: Final = ("now", "trace_seq", "stats")
_DNC_KINDS: Final = ("numbers", "contacts", "chains")


class SqliteJournal:
    """The `ChangeJournal` of a server whose commands a `SqliteStore` keeps (module docs).

    Args:
        store: the store, holding the server as it is now (saved, or loaded and unchanged).
        server: the server whose changes are reported.
    """

    def __init__(self, store: SqliteStore, server: InMemoryOutboundServer) -> None:
        self.store = store
        self.server = server
        self._slots: set[int] = set()
        self._keys: set[int] = set()
        self._heap_ops: list[tuple[str, str, Any]] = []
        self._parts: dict[str, None] = {}
        self._items: dict[str, dict[str, None]] = {}
        self._events: list[TraceEvent] = []
        self._behind = False
        self._batching = False
        self._joined = 0
        self._written = {name: PART_READERS[name](server) for name in _WATCHED}
        self._next_handle = server.store.next_handle
        self._dnc = {kind: set(values) for kind, values in server.dnc.to_dict().items()}

    # ---- what the server reports ---------------------------------------------------------------

    def records_changed(self, slots: Iterable[int]) -> None:
        """The records in these slots were added or changed."""
        self._slots.update(slots)

    def chains_changed(self, keys: Iterable[int]) -> None:
        """The chains with these keys were added or changed."""
        self._keys.update(keys)

    def heap_created(self, heap: str) -> None:
        """A queue was made (empty)."""
        self._heap_ops.append(("create", heap, None))

    def heap_pushed(self, heap: str, entry: HeapEntry) -> None:
        """`entry` went onto the queue."""
        self._heap_ops.append(("log", heap, tuple(entry)))

    def heap_popped(self, heap: str) -> None:
        """The queue's first entry came off it."""
        self._heap_ops.append(("log", heap, None))

    def heap_replaced(self, heap: str, entries: Iterable[HeapEntry]) -> None:
        """The queue now holds exactly `entries`."""
        self._heap_ops.append(("replace", heap, [tuple(entry) for entry in entries]))

    def part_changed(self, name: str) -> None:
        """The part `name` of the snapshot changed."""
        self._parts[name] = None

    def items_changed(self, part: str, keys: Iterable[str]) -> None:
        """The items of `part` (`agents`, `campaigns`) with these keys were added or changed."""
        self._items.setdefault(part, {}).update(dict.fromkeys(keys))

    def trace_event(self, event: TraceEvent) -> None:
        """An event was traced."""
        self._events.append(event)

    # ---- commit ------------------------------------------------------------------------------

    @property
    def behind(self) -> bool:
        """Whether a commit failed (or a transaction it joined rolled back), so the server is
        ahead of the store."""
        if self._joined and self.store.last_rolled_back == self._joined:
            self._behind = True
        return self._behind

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the commands run inside: their commits wait, and what they changed is written
        when the block ends, in the store transaction the block holds open (the caller may
        write more in it). If the block raises, or the write fails, nothing of it is written
        and the journal is behind (see the module docs). A batch inside a batch is part of it.

        Raises:
            StorageError: the store cannot be written, or the journal is behind already.
        """
        if self._batching:
            yield
            return
        try:
            with self.store.transaction():
                self._batching = True
                try:
                    yield
                finally:
                    self._batching = False
                self.commit()
        except BaseException:
            self._behind = True
            raise

    def commit(self) -> None:
        """Write what the command changed in one transaction, before returning (inside a
        `batch`, when the batch ends).

        Raises:
            StorageError: the store cannot be written (nothing of the command was; the
                journal is then behind), or it is behind already (`store-behind`).
        """
        if self._batching:
            return
        if self.behind:
            raise StorageError(
                f"store {self.store.path}: an earlier commit failed, so the server is ahead of "
                "the store; rebuild the server from the store",
                code=ErrorCode.STORE_BEHIND,
                path=self.store.path,
            )
        server = self.server
        watched = {name: PART_READERS[name](server) for name in _WATCHED}
        changed_watch = {n: v for n, v in watched.items() if v != self._written[n]}
        next_handle = server.store.next_handle
        if not (
            self._slots or self._keys or self._heap_ops or self._parts or self._items
            or self._events
            or changed_watch or next_handle != self._next_handle
        ):  # fmt: skip
            return
        dnc: dict[str, set[Any]] | None = None
        joined = self.store.in_transaction
        try:
            with self.store.transaction():
                self._write_records()
                self._write_heaps()
                for name in self._parts:
                    if name == "dnc":
                        dnc = self._write_dnc()
                    elif name not in changed_watch and name != "store":
                        self.store.put_part(name, PART_READERS[name](server))
                for name, keys in self._items.items():
                    read = ITEM_READERS[name]
                    self.store.upsert_items(name, {key: read(server, key) for key in keys})
                    if name == "leases":
                        self.store.put_part("leases", {"counter": server.leases.counter})
                for name, value in changed_watch.items():
                    self.store.put_part(name, value)
                if next_handle != self._next_handle:
                    self.store.put_part("store", {"next_handle": next_handle})
                if self._events:
                    self.store.append_trace(self._events)
        except BaseException:
            self._behind = True
            raise
        finally:
            self._slots.clear()
            self._keys.clear()
            self._heap_ops.clear()
            self._parts.clear()
            self._items.clear()
            self._events.clear()
        if joined:
            self._joined = self.store.transactions
        self._written.update(changed_watch)
        self._next_handle = next_handle
        if dnc is not None:
            self._dnc = dnc

    def _write_records(self) -> None:
        records = self.server.store
        by_campaign: dict[int, list[ListRow]] = {}
        for slot in sorted(self._slots):
            key = records.chain_of[slot]
            by_campaign.setdefault(records.chain_campaign[key], []).append(
                ListRow(
                    records.records[slot].to_dict(),
                    records.status[slot],
                    records.rtype[slot],
                    records.chains[key].index(slot) + 1,
                    slot,
                    slot,
                    key,
                )
            )
        for campaign, rows in sorted(by_campaign.items()):
            self.store.upsert_records(campaign, rows)
        if self._keys:
            returned = records.returned_by
            self.store.upsert_chains(
                ChainRow(
                    key,
                    records.chain_campaign[key],
                    records.chain_place[key],
                    records.chain_version[key],
                    tuple(sorted(returned[key])) if key in returned else None,
                )
                for key in sorted(self._keys)
            )

    def _write_heaps(self) -> None:
        pending: list[tuple[str, Any]] = []
        for op, heap, value in self._heap_ops:
            if op == "log":
                pending.append((heap, value))
                continue
            if pending:
                self.store.log_heap(pending)
                pending = []
            if op == "create":
                self.store.create_heap(heap)
            else:
                self.store.replace_heap(heap, value)
        if pending:
            self.store.log_heap(pending)

    def _write_dnc(self) -> dict[str, set[Any]]:
        now = {kind: set(values) for kind, values in self.server.dnc.to_dict().items()}
        for kind in _DNC_KINDS:
            before, after = self._dnc.get(kind, set()), now.get(kind, set())
            if after - before:
                self.store.add_dnc(kind, sorted(after - before))
            if before - after:
                self.store.remove_dnc(kind, sorted(before - after))
        return now
