"""The store's records by slot: each one held as a value, or made from a grown list when used.

A calling list the library grew itself (`GrownList`) is loaded without making its records: the
column remembers where each grown list starts and makes a record from it the first time the
server reads its slot, then holds it. A day reaches a few thousand of a million-record list, so
the other records never cost a `Record`. Reading the whole column (`__iter__`) makes the records
it does not hold without keeping them; `tally` counts a value over every record, from the
patterns for the records never made.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import Any, final

from outbound_core.records import GrownList, Record

__all__ = ["RecordColumn"]

#: The values in which a grown list's records differ from their patterns.
_OWN_VALUES = frozenset({"record_handle", "chain_id", "phone"})


@final
class RecordColumn:
    """Every record of the store by slot (see the module docs)."""

    __slots__ = ("_grown", "_held", "_starts")

    def __init__(self, records: Iterable[Record] = ()) -> None:
        self._held: list[Record | None] = list(records)
        self._starts: list[int] = []
        self._grown: list[GrownList] = []

    def __len__(self) -> int:
        return len(self._held)

    def __getitem__(self, slot: int) -> Record:
        """The record in `slot` (made from its grown list, and held, on first reading)."""
        record = self._held[slot]
        if record is None:
            if slot < 0:
                slot += len(self._held)
            record = self._made(slot)
            self._held[slot] = record
        return record

    def __setitem__(self, slot: int, record: Record) -> None:
        self._held[slot] = record

    def _made(self, slot: int) -> Record:
        n = bisect_right(self._starts, slot) - 1
        return self._grown[n].record(slot - self._starts[n])

    def append(self, record: Record) -> None:
        """Hold `record` in a new slot at the end."""
        self._held.append(record)

    def add_grown(self, grown: GrownList) -> range:
        """Give the records of `grown` new slots at the end, made when first read; returns the
        slots."""
        start = len(self._held)
        self._held.extend(repeat(None, len(grown)))
        self._starts.append(start)
        self._grown.append(grown)
        return range(start, len(self._held))

    def held(self) -> int:
        """How many records are held as values (loaded as such, or made and read since)."""
        return sum(1 for record in self._held if record is not None)

    def __iter__(self) -> Iterator[Record]:
        """Every record in slot order; the ones not held are made and not kept."""
        for slot, record in enumerate(self._held):
            yield self._made(slot) if record is None else record

    def tally(self, name: str) -> Counter[Any]:
        """How many records hold each value of the `Record` attribute `name`."""
        if name in _OWN_VALUES:
            return Counter(getattr(record, name) for record in self)
        counts: Counter[Any] = Counter(
            getattr(record, name) for record in self._held if record is not None
        )
        for start, grown in zip(self._starts, self._grown, strict=True):
            untouched = grown.pattern_counts()
            segment = self._held[start : start + len(grown)]
            untouched.subtract(
                grown.pattern_of(index)
                for index, record in enumerate(segment)
                if record is not None
            )
            for pattern, count in untouched.items():
                if count:
                    counts[getattr(grown.patterns[pattern], name)] += count
        return counts
