"""The simulation's accounting: every record in exactly one place, from two independent views.

`TraceAccounts` follows every record from the trace alone (who holds it now, every delivery of
a record already out, every release of one not out); `check_accounts` compares that with the
server's own state. A simulated day's summary says "checked", not "assumed".
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import compress

import attrs

from outbound_core.server import InMemoryOutboundServer
from outbound_core.server.store import LIVE_CODES, Place
from outbound_core.trace import TraceEvent

__all__ = ["TraceAccounts", "check_accounts"]

_RELEASES = ("record-returned", "record-completed", "record-stale", "dial-failed", "dial-abandoned")


@attrs.define(slots=True, eq=False)
class TraceAccounts:
    """A trace sink that follows every record from the trace alone: who holds it now, and
    every delivery of a record already out (a double delivery) or release of one not out."""

    holder: dict[int, str] = attrs.field(factory=dict)
    double_deliveries: int = 0
    unmatched_releases: int = 0
    completed: int = 0
    desk_done: int = 0
    events: int = 0

    def __call__(self, event: TraceEvent) -> None:
        self.events += 1
        handle = event.record_handle
        if event.kind == "server" and handle is not None:
            if event.event in ("record-delivered", "dial-started"):
                # A record may only go out when it is not out; a dialed call may then be
                # delivered once to an agent.
                held = self.holder.get(handle)
                dialed = held is not None and held.startswith("dial:")
                if held is not None and not (event.event == "record-delivered" and dialed):
                    self.double_deliveries += 1
                prefix = "dial:" if event.event == "dial-started" else "agent:"
                self.holder[handle] = prefix + (event.agent_id or "")
            elif event.event in _RELEASES:
                if self.holder.pop(handle, None) is None:
                    self.unmatched_releases += 1
                self.completed += event.event == "record-completed"
        elif event.kind == "interaction" and event.event in ("mark_done", "get_next"):
            self.desk_done += 1


def check_accounts(server: InMemoryOutboundServer, trace: TraceAccounts) -> tuple[int, list[str]]:
    """Check that every record is in exactly one place, from the server's state and from the
    trace; returns the lost records and every problem found."""
    store, problems = server.store, []
    # Per chain, how many queue entries stand for it (a count array: a million chains).
    queued = array("L", bytes(8 * len(store.chain_place)))
    versions, at = store.chain_version, store.chain_place
    for queue in [*store.queues, *store.personal.values()]:
        for _, _, key, version in queue:
            if versions[key] == version and at[key] == Place.QUEUED:
                queued[key] += 1
    scheduled = Counter(
        key for _, key, version in server.callbacks.entries() if store.chain_version[key] == version
    )
    leased = Counter(lease.key for lease in server.leases.values())
    live = bytearray(len(store.chain_place))
    for key in compress(store.chain_of, map(LIVE_CODES.__contains__, store.status)):
        live[key] = 1
    lost = 0
    for key, place in enumerate(store.chain_place):
        # The common case first: queued once, nowhere else, with records to call.
        if (
            place == Place.QUEUED
            and queued[key] == 1
            and live[key]
            and key not in leased
            and key not in scheduled
        ):
            continue
        where = {Place.QUEUED: queued[key], Place.OUT: leased[key], Place.SCHEDULED: scheduled[key]}
        left = store.live_slots(key)
        if place == Place.DONE:
            if left:
                lost += len(left)
                problems.append(f"chain {key} is done with live records")
        elif where[Place(place)] != 1 or sum(where.values()) != 1 or not left:
            lost += len(left)
            problems.append(f"chain {key} is {Place(place).name} but found {where}")
    out_by_server = {store.records[lease.slot].record_handle for lease in server.leases.values()}
    if set(trace.holder) != out_by_server:
        lost += len(set(trace.holder) ^ out_by_server)
        problems.append("the trace and the server disagree on the records out")
    if trace.double_deliveries or trace.unmatched_releases:
        problems.append(
            f"{trace.double_deliveries} double deliveries, "
            f"{trace.unmatched_releases} releases of records not out"
        )
    if trace.desk_done != trace.completed:
        problems.append(
            f"desks marked {trace.desk_done} done, the server applied {trace.completed}"
        )
    return lost, problems
