"""The in-memory server's calling lists: records, chains, their places and the queues.

Records are kept compactly for large lists (`docs/performance.md`): one `Record` value per
record in a list, the record status and type in byte arrays, and chains as lists of record
slots. A chain is in exactly one place (`Place`): queued in its campaign's queue (or in an
agent's own queue of personal callbacks), out with an agent (or a dial), scheduled for a
callback, or done. A record is in its chain's place while its status is live, and finalized
once its status is final. The store also remembers which agents returned each chain, so that
it never goes back to them.

Queue order (reference §4.1, choices in `docs/sources.md`): rank first (a rejected record at
the top, then personal and campaign callbacks, treatment reschedules, general records), then
the due time, then chain order (the order the calling list was loaded in). Heaps use lazy
deletion: an entry counts only while its version matches the chain's.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Iterator
from enum import IntEnum

from outbound_core.codes import RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, NotFound
from outbound_core.records import Chain, Record

__all__ = ["FINAL_STATUSES", "Place", "Rank", "RecordStore"]

#: Statuses after which nothing retrieves the record again in this campaign run.
FINAL_STATUSES = frozenset(
    {
        RecordStatus.UPDATED,
        RecordStatus.STALE,
        RecordStatus.CANCELLED,
        RecordStatus.AGENT_ERROR,
        RecordStatus.CHAIN_UPDATED,
    }
)
_FINAL_CODES = bytes(sorted(int(status) for status in FINAL_STATUSES))


class Place(IntEnum):
    """Where a chain is: every live record is in its chain's place."""

    QUEUED = 1
    OUT = 2
    SCHEDULED = 3
    DONE = 4


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
        "chain_campaign",
        "chain_of",
        "chain_place",
        "chain_version",
        "chains",
        "next_handle",
        "personal",
        "queues",
        "records",
        "returned_by",
        "rtype",
        "slot_of",
        "status",
    )

    def __init__(self) -> None:
        self.records: list[Record] = []
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

    # ---- loading -------------------------------------------------------------------------

    def add_queue(self) -> int:
        """A new campaign's (empty) queue; returns its campaign number."""
        self.queues.append([])
        return len(self.queues) - 1

    def add_personal_queue(self, agent_id: str) -> None:
        """A new agent's (empty) queue of due personal callbacks."""
        self.personal[agent_id] = []

    def add_chain(self, campaign: int, records: Iterable[Record]) -> int:
        """Add a chain of records for campaign index `campaign`; returns its chain key.

        Raises:
            InvalidValue: a record handle the server already holds.
        """
        chain = Chain(tuple(records))
        for record in chain.records:
            if record.record_handle in self.slot_of:
                raise InvalidValue(
                    f"record handle {record.record_handle} is already loaded; handles are "
                    "unique in the server",
                    code=ErrorCode.INVALID_VALUE,
                    record_handle=record.record_handle,
                )
        key = len(self.chains)
        slots = [self.add_record(record, key) for record in chain.records]
        self.chains.append(slots)
        self.chain_campaign.append(campaign)
        self.chain_place.append(Place.QUEUED)
        self.chain_version.append(0)
        while len(self.queues) <= campaign:
            self.queues.append([])
        heapq.heappush(self.queues[campaign], (int(Rank.GENERAL), 0.0, key, 0))
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
        return slot

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
            return self.slot_of[handle]
        except (KeyError, TypeError):
            raise NotFound(f"no record with handle {handle!r}", record_handle=handle) from None

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

    def places(self) -> Iterator[tuple[int, Place]]:
        """(chain key, place) of every chain."""
        for key, place in enumerate(self.chain_place):
            yield key, Place(place)

    # ---- moving ----------------------------------------------------------------------------

    def set(self, slot: int, status: RecordStatus, rtype: RecordType | None = None) -> None:
        """Set a record's status (and type)."""
        self.status[slot] = status
        if rtype is not None:
            self.rtype[slot] = rtype

    def move(self, key: int, place: Place) -> None:
        """Put the chain in `place`; any queue or schedule entry of it stops counting."""
        self.chain_place[key] = place
        self.chain_version[key] += 1

    def enqueue(self, key: int, rank: Rank, due: float, queue: list[Entry] | None = None) -> None:
        """Queue the chain in its campaign's queue (or in `queue`, e.g. an agent's own)."""
        self.move(key, Place.QUEUED)
        target = self.queues[self.chain_campaign[key]] if queue is None else queue
        heapq.heappush(target, (int(rank), due, key, self.chain_version[key]))

    def rank_of(self, slot: int) -> Rank:
        """The queue rank a Ready record's type gives it."""
        return _RANK_OF_TYPE.get(RecordType(self.rtype[slot]), Rank.GENERAL)

    def valid(self, entry: Entry) -> bool:
        """Whether a heap entry still stands for a queued chain."""
        key = entry[2]
        return self.chain_version[key] == entry[3] and self.chain_place[key] == Place.QUEUED
