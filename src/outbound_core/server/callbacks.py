"""Scheduled callbacks and treatment retries: which chain is dialed again when, on which record,
and for whom.

A chain scheduled for a callback (an agent's reschedule) or for a treatment's next attempt (a
retry: Redial, Retry In, Next In Chain, ...) waits here until its instant; a retry is not a
callback (`kind` is None for it), but it is woken the same way. The schedule is a heap of
`(instant, chain key, chain version)` with lazy deletion: an entry counts only while its version
matches the chain's in the record store. Beside it, each chain with a callback pending names the
record to call back (its slot) and, for a personal callback, the agent it belongs to; a campaign
callback that fell due remembers since when it waits in the queue, until it is delivered.

Changes are reported to `journal`: the heap's pushes and pops (queue `CALLBACK_HEAP`), and the
rest chain by chain (items of the part `callbacks`, keyed by the chain key as text; `item`
reads one).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from typing import Any

from outbound_core.codes import CallbackType
from outbound_core.journal import CALLBACK_HEAP, NULL_JOURNAL, ChangeJournal

__all__ = ["CallbackSchedule"]


class CallbackSchedule:
    """The callbacks of one server (see the module docs)."""

    __slots__ = ("_due_since", "_heap", "_owner", "_retries", "_slot", "journal")

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, int]] = []
        self._owner: dict[int, str | None] = {}
        self._slot: dict[int, int] = {}
        self._due_since: dict[int, float] = {}
        self._retries: set[int] = set()
        #: Told of every change (see the module docs).
        self.journal: ChangeJournal = NULL_JOURNAL

    def _changed(self, key: int) -> None:
        self.journal.items_changed("callbacks", (str(key),))

    def set(self, key: int, slot: int, owner: str | None, *, retry: bool = False) -> None:
        """Chain `key` will be called back (or, for a `retry`, dialed again by its treatment)
        on the record in `slot`, for `owner` (None: anyone of the campaign)."""
        self._slot[key] = slot
        self._owner[key] = owner
        if retry:
            self._retries.add(key)
        else:
            self._retries.discard(key)
        self._changed(key)

    def at(self, key: int, stamp: float, version: int) -> None:
        """Wake chain `key` (at its current `version`) at `stamp` (POSIX seconds)."""
        entry = (stamp, key, version)
        heapq.heappush(self._heap, entry)
        self.journal.heap_pushed(CALLBACK_HEAP, entry)

    def pop_due(self, stamp: float) -> Iterator[tuple[float, int, int]]:
        """(instant due, chain key, version) of each entry due at `stamp`, in order, taken off
        the heap."""
        heap = self._heap
        while heap and heap[0][0] <= stamp:
            entry = heapq.heappop(heap)
            self.journal.heap_popped(CALLBACK_HEAP)
            yield entry

    def entries(self) -> Iterator[tuple[float, int, int]]:
        """Every heap entry, valid or not: (instant, chain key, version)."""
        return iter(self._heap)

    def slot(self, key: int) -> int | None:
        """The slot of the record to call back for chain `key`, or None."""
        return self._slot.get(key)

    def owner(self, key: int) -> str | None:
        """The agent a personal callback of chain `key` belongs to, or None."""
        return self._owner.get(key)

    def is_retry(self, key: int) -> bool:
        """Whether chain `key` waits for a treatment's next attempt (not a callback)."""
        return key in self._retries

    def pending(self, key: int) -> bool:
        """Whether chain `key` has a callback pending."""
        return key in self._slot

    def kind(self, key: int) -> CallbackType | None:
        """Personal or Campaign for a chain with a callback pending, else None (a treatment
        retry is no callback)."""
        if key not in self._slot or key in self._retries:
            return None
        personal = self._owner.get(key) is not None
        return CallbackType.PERSONAL if personal else CallbackType.CAMPAIGN

    def reassign(self, key: int, owner: str | None) -> None:
        """A pending callback now belongs to `owner` (None: the campaign)."""
        self._owner[key] = owner
        self._changed(key)

    def forget(self, key: int) -> None:
        """Chain `key` has no callback pending any more."""
        if key in self._slot or key in self._owner or key in self._due_since:
            self._slot.pop(key, None)
            self._owner.pop(key, None)
            self._due_since.pop(key, None)
            self._retries.discard(key)
            self._changed(key)
        elif key in self._retries:
            self._retries.discard(key)
            self._changed(key)

    def waiting(self, key: int, stamp: float) -> None:
        """Chain `key`'s campaign callback fell due at `stamp` and waits in the queue."""
        self._due_since[key] = stamp
        self._changed(key)

    def taken(self, key: int) -> None:
        """Chain `key`'s callback left the queue (delivered or dialed): no longer waiting."""
        if self._due_since.pop(key, None) is not None:
            self._changed(key)

    def overdue(self, stamp: float) -> list[int]:
        """The chains whose campaign callback has waited since `stamp` or longer, in the order
        they fell due; they are no longer counted as waiting."""
        late = sorted((since, key) for key, since in self._due_since.items() if since <= stamp)
        for _, key in late:
            del self._due_since[key]
            self._changed(key)
        return [key for _, key in late]

    def item(self, key: int) -> dict[str, Any] | None:
        """What the schedule holds of chain `key` besides its heap entries (the record's
        `slot`, its `owner` when it has one, even None, `due_since` while it waits, whether it
        is a `retry`), or None when it holds nothing."""
        found: dict[str, Any] = {}
        if key in self._slot:
            found["slot"] = self._slot[key]
        if key in self._owner:
            found["owner"] = self._owner[key]
        if key in self._due_since:
            found["due_since"] = self._due_since[key]
        if not found and key not in self._retries:
            return None
        found["retry"] = key in self._retries
        return found

    def details(self) -> dict[str, Any]:
        """`to_dict` without the heap (what the heap's pushes and pops do not say)."""
        found = self.to_dict()
        del found["heap"]
        return found

    def to_dict(self) -> dict[str, Any]:
        """The schedule as plain data."""
        return {
            "heap": [list(entry) for entry in self._heap],
            "slot": {str(key): slot for key, slot in self._slot.items()},
            "owner": {str(key): owner for key, owner in self._owner.items()},
            "due_since": {str(key): since for key, since in self._due_since.items()},
            "retries": sorted(self._retries),
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take the schedule `to_dict` wrote (into an empty one)."""
        self._heap = [(float(s), int(k), int(v)) for s, k, v in data["heap"]]
        self._slot = {int(key): int(slot) for key, slot in data["slot"].items()}
        self._owner = {int(key): owner for key, owner in data["owner"].items()}
        self._due_since = {int(key): float(since) for key, since in data["due_since"].items()}
        self._retries = {int(key) for key in data["retries"]}
