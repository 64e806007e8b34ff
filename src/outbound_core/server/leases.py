"""Leases: which chain is out, with whom, since when, and under which delivery id.

A chain leaves its queue on a lease: to an agent (a delivery), or to a system dial that an
agent takes once the customer answers. The lease names the record selected, the dialing mode,
when it began, whether it comes back as a scheduled callback, whether an offered Push Preview
record was accepted, and the agent a Progressive call was reserved for. Delivery ids are
`d1`, `d2`, ... and dial ids `dial1`, `dial2`, ..., from one counter. A lease opened, closed or
changed (`changed`, by whoever changes it) is reported to `journal` (its item of the part
`leases`, by delivery id; `item` reads it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from outbound_core.codes import CallbackType, DialingMode
from outbound_core.errors import NotFound, shorten
from outbound_core.journal import NULL_JOURNAL, ChangeJournal

__all__ = ["Lease", "LeaseBook"]


@attrs.define(slots=True, eq=False)
class Lease:
    """One chain out of its queue (see the module docs).

    Attributes:
        delivery_id: the server's name for the hand-over (a dial id while dialing).
        agent_id: the agent holding it, or None while a system dial has no agent yet.
        key: the chain's key in the record store.
        slot: the selected record's slot in the record store.
        mode: the dialing mode it went out in.
        since: when it went to its agent (or out to dial).
        callback: the callback type when it went out as a scheduled callback.
        accepted: whether an offered Push Preview record was accepted.
        reserved: the agent a system dial was started for, if any.
        sharers: other agents with full access to the record, added to its call in a
            conference (reference, Outbound Record Sharing Between Multiple Desktops).
    """

    delivery_id: str
    agent_id: str | None
    key: int
    slot: int
    mode: DialingMode
    since: datetime
    callback: CallbackType | None = None
    accepted: bool = False
    reserved: str | None = None
    sharers: list[str] = attrs.field(factory=list)

    @property
    def holders(self) -> list[str]:
        """Every agent holding the record: the owner first, then those sharing it."""
        return ([] if self.agent_id is None else [self.agent_id]) + self.sharers


class LeaseBook(Mapping[str, Lease]):
    """The open leases of one server, by delivery id (a read-only mapping to its readers)."""

    __slots__ = ("_by_chain", "_counter", "_leases", "journal")

    def __init__(self) -> None:
        self._leases: dict[str, Lease] = {}
        self._by_chain: dict[int, str] = {}
        self._counter = 0
        #: Told of every lease opened, closed or changed.
        self.journal: ChangeJournal = NULL_JOURNAL

    @property
    def counter(self) -> int:
        """The number of the last delivery or dial id given."""
        return self._counter

    def __getitem__(self, delivery_id: str) -> Lease:
        return self._leases[delivery_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._leases)

    def __len__(self) -> int:
        return len(self._leases)

    def open(
        self,
        key: int,
        slot: int,
        mode: DialingMode,
        since: datetime,
        callback: CallbackType | None,
        *,
        dial: bool,
    ) -> Lease:
        """Lease chain `key` out under a new delivery (or dial) id."""
        self._counter += 1
        delivery_id = f"{'dial' if dial else 'd'}{self._counter}"
        lease = Lease(delivery_id, None, key, slot, mode, since, callback)
        self._leases[delivery_id] = lease
        self._by_chain[key] = delivery_id
        self.changed(lease)
        return lease

    def close(self, lease: Lease) -> None:
        """The lease ends: the chain is no longer out."""
        del self._leases[lease.delivery_id]
        self._by_chain.pop(lease.key, None)
        self.changed(lease)

    def changed(self, lease: Lease) -> None:
        """The lease was opened, closed or changed (its agent, sharers, ...): report it."""
        self.journal.items_changed("leases", (lease.delivery_id,))

    def held_by(self, agent_id: str, delivery_id: str) -> Lease:
        """The lease of `delivery_id`, which must be with `agent_id` (its owner, or an agent
        sharing it).

        Raises:
            NotFound: the delivery is not with that agent (done, returned or gone stale).
        """
        lease = self.find(delivery_id)
        if lease is None or (lease.agent_id != agent_id and agent_id not in lease.sharers):
            raise NotFound(
                f"delivery {shorten(delivery_id)} is not with agent {shorten(agent_id)} (done, "
                "returned or gone stale)",
                delivery_id=shorten(delivery_id),
                agent_id=shorten(agent_id),
            )
        return lease

    def find(self, delivery_id: object) -> Lease | None:
        """The lease of `delivery_id`, or None (for any value, even one that is not an id)."""
        try:
            return self._leases.get(delivery_id)  # type: ignore[call-overload, no-any-return]
        except TypeError:
            return None

    def dialing(self, dial_id: str) -> Lease:
        """The lease of a system dial that no agent has taken yet.

        Raises:
            NotFound: no such dial in progress.
        """
        lease = self.find(dial_id)
        if lease is None or lease.agent_id is not None:
            raise NotFound(f"no dial {shorten(dial_id)} in progress", dial_id=shorten(dial_id))
        return lease

    def to_dict(self) -> dict[str, Any]:
        """The open leases (in the order they were opened) and the id counter, as plain data."""
        return {
            "counter": self._counter,
            "leases": [_lease_to_dict(lease) for lease in self._leases.values()],
        }

    def item(self, delivery_id: str) -> dict[str, Any] | None:
        """One open lease as `to_dict` writes it, or None when it is not open."""
        lease = self.find(delivery_id)
        return None if lease is None else _lease_to_dict(lease)

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take the leases `to_dict` wrote (into an empty book)."""
        self._counter = int(data["counter"])
        for item in data["leases"]:
            callback = item["callback"]
            lease = Lease(
                item["delivery_id"],
                item["agent_id"],
                int(item["key"]),
                int(item["slot"]),
                DialingMode.parse(item["mode"]),
                datetime.fromisoformat(item["since"]),
                None if callback is None else CallbackType.parse(callback),
                bool(item["accepted"]),
                item["reserved"],
                list(item.get("sharers", ())),
            )
            self._leases[lease.delivery_id] = lease
            self._by_chain[lease.key] = lease.delivery_id


def _lease_to_dict(lease: Lease) -> dict[str, Any]:
    return {
        "delivery_id": lease.delivery_id,
        "agent_id": lease.agent_id,
        "key": lease.key,
        "slot": lease.slot,
        "mode": lease.mode.value,
        "since": lease.since.isoformat(),
        "callback": None if lease.callback is None else lease.callback.value,
        "accepted": lease.accepted,
        "reserved": lease.reserved,
        "sharers": list(lease.sharers),
    }
