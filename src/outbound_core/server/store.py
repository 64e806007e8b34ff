"""The in-memory server's calling lists: records, chains, their places and the queues.

Records are kept compactly for large lists (`docs/performance.md`): the records in a
`RecordColumn` (a grown list's records made only when the server first reads them), the record
status and type in byte arrays, and chains as lists of record slots. A chain is in exactly one
place (`Place`): queued in its campaign's queue (or in an agent's own queue of personal
callbacks), out with an agent (or a dial), scheduled for a callback, or done. A record is in its chain's place while its status is live, and finalized
once its status is final. The store also remembers which agents returned each chain, so that
it never goes back to them.

The store is the one authority for record and chain state: a record's status (and type)
changes only by an event `RecordStatusMachine` allows (`move_record`), a chain's state only by
an event `ChainMachine` allows (`move`), and each move is traced (kinds `record` and `chain`,
with the states before and after). The records of a calling list arrive Ready and its chains
scheduled, with the list (`list-loaded`).

Queue order (reference §4.1, choices in `docs/sources.md`): rank first (a rejected record at
the top, then personal and campaign callbacks, treatment reschedules, general records), then
the due time, then chain order (the order the calling list was loaded in). Heaps use lazy
deletion: an entry counts only while its version matches the chain's.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum
from itertools import accumulate, repeat
from itertools import chain as concatenated
from typing import Any

from outbound_core.codes import RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, TransitionNotAllowed
from outbound_core.journal import NULL_JOURNAL, ChangeJournal, campaign_heap, personal_heap
from outbound_core.machines import CHAIN, RECORD_STATUS, RECORD_STATUSES, TYPE_EVENTS
from outbound_core.records import Chain, GrownList, Record
from outbound_core.server.record_column import RecordColumn
from outbound_core.trace import Tracer

__all__ = [
    "CHAIN_STATE_OF_PLACE",
    "FINAL_STATUSES",
    "LIVE_CODES",
    "Entry",
    "Place",
    "Rank",
    "RecordStore",
]

#: Statuses after which nothing retrieves the record again in this campaign run.
FINAL_STATUSES = frozenset(RECORD_STATUSES[state] for state in RECORD_STATUS.final_states)
_FINAL_CODES = bytes(sorted(int(status) for status in FINAL_STATUSES))
#: The status codes (bytes of `RecordStore.status`) of records still to be worked.
LIVE_CODES = frozenset(range(256)) - frozenset(_FINAL_CODES)
_STATE_OF_STATUS: tuple[str, ...] = tuple(
    state for _, state in sorted((int(s), k) for k, s in RECORD_STATUSES.items())
)


class Place(IntEnum):
    """Where a chain is: every live record is in its chain's place."""

    QUEUED = 1
    OUT = 2
    SCHEDULED = 3
    DONE = 4


#: The `ChainMachine` state of a chain in each place.
CHAIN_STATE_OF_PLACE: Mapping[Place, str] = {
    Place.QUEUED: "scheduled",
    Place.SCHEDULED: "scheduled",
    Place.OUT: "processing",
    Place.DONE: "processed",
}


class Rank(IntEnum):
    """The first key of queue order: lower is retrieved first."""

    REJECTED = 0
    PERSONAL_CALLBACK = 1
    CAMPAIGN_CALLBACK = 2
    RESCHEDULED = 3
    GENERAL = 4


_RANK_OF_TYPE = {
    RecordType.PERSONAL_CALLBACK: Rank.PERSONAL_CALLBACK,
    RecordType.CAMPAIGN_CALLBACK: Rank.CAMPAIGN_CALLBACK,
    RecordType.PERSONAL_RESCHEDULED: Rank.RESCHEDULED,
    RecordType.CAMPAIGN_RESCHEDULED: Rank.RESCHEDULED,
}

#: A queue entry: rank, due (POSIX seconds), chain key, version.
Entry = tuple[int, float, int, int]


class RecordStore:
    """Every record the server holds, by slot; chains by key; queues by campaign index."""

    __slots__ = (
        "_tracer",
        "chain_campaign",
        "chain_of",
        "chain_place",
        "chain_version",
        "chains",
        "journal",
        "next_handle",
        "personal",
        "queues",
        "records",
        "returned_by",
        "rtype",
        "slot_of",
        "status",
    )

    def __init__(self, tracer: Tracer) -> None:
        self._tracer = tracer
        self.records = RecordColumn()
        self.status = bytearray()
        self.rtype = bytearray()
        self.slot_of: dict[int, int] = {}
        self.chain_of = array("L")
        self.chains: list[list[int]] = []
        self.chain_campaign = array("H")
        self.chain_place = bytearray()
        self.chain_version = array("L")
        self.queues: list[list[Entry]] = []
        self.personal: dict[str, list[Entry]] = {}
        self.returned_by: dict[int, set[str]] = {}
        self.next_handle = 1
        #: Told of every change (see the module docs).
        self.journal: ChangeJournal = NULL_JOURNAL

    # ---- loading -------------------------------------------------------------------------

    def add_queue(self) -> int:
        """A new campaign's (empty) queue; returns its campaign number."""
        self.queues.append([])
        index = len(self.queues) - 1
        self.journal.heap_created(campaign_heap(index))
        return index

    def add_personal_queue(self, agent_id: str) -> None:
        """A new agent's (empty) queue of due personal callbacks."""
        self.personal[agent_id] = []
        self.journal.heap_created(personal_heap(agent_id))

    def check_new_chains(self, chains: Sequence[Chain]) -> None:
        """Refuse chains whose record handles the server (or another of them) already holds.

        Raises:
            InvalidValue: a record handle already loaded, or given twice.
        """
        seen: set[int] = set()
        for chain in chains:
            for record in chain.records:
                handle = record.record_handle
                if handle in self.slot_of or handle in seen:
                    raise InvalidValue(
                        f"record handle {handle} is already loaded; handles are unique in the "
                        "server",
                        code=ErrorCode.INVALID_VALUE,
                        record_handle=handle,
                    )
                seen.add(handle)

    def check_new_grown(self, grown: GrownList) -> None:
        """Refuse a grown list with a record handle the server already holds (its own handles
        are unique by construction).

        Raises:
            InvalidValue: a record handle already loaded.
        """
        slot_of = self.slot_of
        if not slot_of or not any(map(slot_of.__contains__, grown.handles())):
            return
        for handle in grown.handles():
            if handle in slot_of:
                raise InvalidValue(
                    f"record handle {handle} is already loaded; handles are unique in the server",
                    code=ErrorCode.INVALID_VALUE,
                    record_handle=handle,
                )

    def add_grown(self, campaign: int, grown: GrownList) -> int:
        """Add the chains of a grown list (checked by `check_new_grown`) for campaign number
        `campaign`, as `add_chain` adds each, without making their records; returns how many
        chains."""
        slots = self.records.add_grown(grown)
        self.status.extend(repeat(RecordStatus.READY, len(slots)))
        self.rtype.extend(repeat(RecordType.GENERAL, len(slots)))
        # One int object per slot, shared by the handle index and the chains.
        numbers = list(slots)
        self.slot_of.update(zip(grown.handles(), numbers, strict=True))
        if slots:
            self.next_handle = max(self.next_handle, grown.last_handle() + 1)
        lengths = list(grown.chain_lengths())
        first = len(self.chains)
        keys = range(first, first + len(lengths))
        ends = list(accumulate(lengths, initial=0))
        self.chains.extend(map(numbers.__getitem__, map(slice, ends[:-1], ends[1:])))
        self.chain_of.extend(concatenated.from_iterable(map(repeat, keys, lengths)))
        self.chain_campaign.extend(repeat(campaign, len(keys)))
        self.chain_place.extend(repeat(Place.QUEUED, len(keys)))
        self.chain_version.extend(repeat(0, len(keys)))
        queue, rank, heap = self.queues[campaign], int(Rank.GENERAL), campaign_heap(campaign)
        for key in keys:
            entry = (rank, 0.0, key, 0)
            heapq.heappush(queue, entry)
            self.journal.heap_pushed(heap, entry)
        self.journal.records_changed(slots)
        self.journal.chains_changed(keys)
        return len(keys)

    def add_chain(self, campaign: int, chain: Chain) -> int:
        """Add a chain (checked by `check_new_chains`) for campaign number `campaign`, queued at
        the back of its queue, its records Ready; returns its chain key."""
        key = len(self.chains)
        slots = [self.add_record(record, key) for record in chain.records]
        self.chains.append(slots)
        self.chain_campaign.append(campaign)
        self.chain_place.append(Place.QUEUED)
        self.chain_version.append(0)
        entry = (int(Rank.GENERAL), 0.0, key, 0)
        heapq.heappush(self.queues[campaign], entry)
        self.journal.chains_changed((key,))
        self.journal.heap_pushed(campaign_heap(campaign), entry)
        return key

    def add_record(self, record: Record, key: int) -> int:
        """Store one record (Ready, General) of chain `key`; returns its slot."""
        slot = len(self.records)
        self.chain_of.append(key)
        self.records.append(record)
        self.status.append(RecordStatus.READY)
        self.rtype.append(RecordType.GENERAL)
        self.slot_of[record.record_handle] = slot
        self.next_handle = max(self.next_handle, record.record_handle + 1)
        self.journal.records_changed((slot,))
        return slot

    def set_record(self, slot: int, record: Record) -> None:
        """The record in `slot` now holds `record` (its status and type stay)."""
        self.records[slot] = record
        self.journal.records_changed((slot,))

    def returned(self, key: int, agent_id: str) -> None:
        """The agent returned chain `key`: it never goes back to them."""
        self.returned_by.setdefault(key, set()).add(agent_id)
        self.journal.chains_changed((key,))

    def forget_returns(self, key: int) -> None:
        """Chain `key` may go to any agent again."""
        if self.returned_by.pop(key, None) is not None:
            self.journal.chains_changed((key,))

    def free_handle(self) -> int:
        """A record handle no record of the server has."""
        return self.next_handle

    # ---- reading ---------------------------------------------------------------------------

    def slot(self, handle: int) -> int:
        """The slot of a record handle.

        Raises:
            NotFound: no such record.
        """
        try:
            if type(handle) is int:
                return self.slot_of[handle]
        except KeyError:
            pass
        raise NotFound(f"no record with handle {handle!r:.60}", record_handle=repr(handle)[:60])

    def record(self, handle: int) -> Record:
        """The record with this handle as the server holds it now."""
        return self.records[self.slot(handle)]

    def record_status(self, handle: int) -> RecordStatus:
        """The record status of this handle."""
        return RecordStatus(self.status[self.slot(handle)])

    def record_type(self, handle: int) -> RecordType:
        """The record type of this handle."""
        return RecordType(self.rtype[self.slot(handle)])

    def is_final(self, slot: int) -> bool:
        """Whether the record in `slot` is finalized for this campaign run."""
        return self.status[slot] in _FINAL_CODES

    def live_slots(self, key: int) -> list[int]:
        """The chain's records not yet finalized, in chain order."""
        return [slot for slot in self.chains[key] if self.status[slot] not in _FINAL_CODES]

    def chain(self, key: int, selected_slot: int) -> Chain:
        """The chain as a value, with the selected record named."""
        records = tuple(self.records[slot] for slot in self.chains[key])
        return Chain(records, self.records[selected_slot].record_handle)

    def chain_key_of(self, handle: int) -> int:
        """The chain key of a record."""
        return int(self.chain_of[self.slot(handle)])

    def rank_of(self, slot: int) -> Rank:
        """The queue rank a Ready record's type gives it."""
        return _RANK_OF_TYPE.get(RecordType(self.rtype[slot]), Rank.GENERAL)

    def valid(self, entry: Entry) -> bool:
        """Whether a heap entry still stands for a queued chain."""
        key = entry[2]
        return self.chain_version[key] == entry[3] and self.chain_place[key] == Place.QUEUED

    # ---- moving ----------------------------------------------------------------------------

    def move_record(self, slot: int, event: str, rtype: RecordType | None = None) -> None:
        """Move a record's status by `event` of `RecordStatusMachine` (and set its type, where
        the event may give one, `TYPE_EVENTS`); traced as kind `record`.

        Raises:
            TransitionNotAllowed: the machine refuses the event, or the event gives no type.
        """
        before = _STATE_OF_STATUS[self.status[slot]]
        after = RECORD_STATUS.next(before, event)
        args: dict[str, Any] = {}
        if rtype is not None and rtype != self.rtype[slot]:
            if rtype not in TYPE_EVENTS.get(event, ()):
                raise TransitionNotAllowed(
                    f"{RECORD_STATUS.name}: {event} does not make a record {rtype.label}",
                    state=before, event=event, machine=RECORD_STATUS.name, failed_guards=[],
                )  # fmt: skip
            self.rtype[slot] = rtype
            args["type"] = rtype.label
        self.status[slot] = RECORD_STATUSES[after]
        self.journal.records_changed((slot,))
        record = self.records[slot]
        self._tracer.emit(
            "record", event, record_handle=record.record_handle, chain_id=record.chain_id,
            state_before=before, state_after=after, args=args,
        )  # fmt: skip

    def move(self, key: int, place: Place, event: str | None = None) -> None:
        """Put the chain in `place`; any queue or schedule entry of it stops counting. When its
        `ChainMachine` state changes, `event` is the machine's event for it (traced as kind
        `chain`, with the chain's key in `args`).

        Raises:
            TransitionNotAllowed: the chain's state changes without an event the machine allows.
        """
        before = CHAIN_STATE_OF_PLACE[Place(self.chain_place[key])]
        after = CHAIN_STATE_OF_PLACE[place]
        if before != after or event is not None:
            if event is None or CHAIN.next(before, event) != after:
                raise TransitionNotAllowed(
                    f"{CHAIN.name}: {event} does not lead from {before} to {after}",
                    state=before, event=str(event), machine=CHAIN.name, failed_guards=[],
                )  # fmt: skip
            record = self.records[self.chains[key][0]]
            self._tracer.emit(
                "chain", event, chain_id=record.chain_id, state_before=before,
                state_after=after, args={"chain": key},
            )  # fmt: skip
        self.chain_place[key] = place
        self.chain_version[key] += 1
        self.journal.chains_changed((key,))

    def enqueue(
        self,
        key: int,
        rank: Rank,
        due: float,
        agent_id: str | None = None,
        event: str | None = None,
    ) -> None:
        """Queue the chain in its campaign's queue (or in the agent's own queue of personal
        callbacks, for `agent_id`); `event` is the chain's event when it comes back from an
        agent or a dial."""
        self.move(key, Place.QUEUED, event)
        entry = (int(rank), due, key, self.chain_version[key])
        if agent_id is None:
            campaign = self.chain_campaign[key]
            heapq.heappush(self.queues[campaign], entry)
            self.journal.heap_pushed(campaign_heap(campaign), entry)
        else:
            heapq.heappush(self.personal[agent_id], entry)
            self.journal.heap_pushed(personal_heap(agent_id), entry)

    def queue(self, agent_id: str | None, campaign: int) -> tuple[str, list[Entry]]:
        """The name and the heap of the agent's own queue (for an `agent_id`), else of the
        campaign's queue."""
        if agent_id is None:
            return campaign_heap(campaign), self.queues[campaign]
        return personal_heap(agent_id), self.personal[agent_id]

    # ---- snapshot ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything the store holds, as plain data."""
        return {
            "records": [record.to_dict() for record in self.records],
            "status": list(self.status),
            "type": list(self.rtype),
            "chains": [list(slots) for slots in self.chains],
            "chain_campaign": list(self.chain_campaign),
            "chain_place": list(self.chain_place),
            "chain_version": list(self.chain_version),
            "queues": [[list(entry) for entry in queue] for queue in self.queues],
            "personal": {
                agent: [list(entry) for entry in queue] for agent, queue in self.personal.items()
            },
            "returned_by": {str(key): sorted(agents) for key, agents in self.returned_by.items()},
            "next_handle": self.next_handle,
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take the state `to_dict` wrote (into an empty store)."""
        self.records = RecordColumn(Record.from_dict(item) for item in data["records"])
        self.status = bytearray(data["status"])
        self.rtype = bytearray(data["type"])
        self.chains = [list(slots) for slots in data["chains"]]
        self.chain_campaign = array("H", data["chain_campaign"])
        self.chain_place = bytearray(data["chain_place"])
        self.chain_version = array("L", data["chain_version"])
        self.queues = [[_entry(item) for item in queue] for queue in data["queues"]]
        self.personal = {
            agent: [_entry(item) for item in queue] for agent, queue in data["personal"].items()
        }
        self.returned_by = {int(key): set(agents) for key, agents in data["returned_by"].items()}
        self.next_handle = int(data["next_handle"])
        self.slot_of = {record.record_handle: slot for slot, record in enumerate(self.records)}
        chain_of = [0] * len(self.records)
        for key, slots in enumerate(self.chains):
            for slot in slots:
                chain_of[slot] = key
        self.chain_of = array("L", chain_of)


def _entry(item: Iterable[Any]) -> Entry:
    rank, due, key, version = item
    return (int(rank), float(due), int(key), int(version))
