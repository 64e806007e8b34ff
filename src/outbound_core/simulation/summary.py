"""What a simulated day came to: records by status, call result and place, counts, refusals."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs

from outbound_core.codes import RecordStatus
from outbound_core.server import InMemoryOutboundServer
from outbound_core.server.store import Place
from outbound_core.simulation.accounts import TraceAccounts

__all__ = ["Summary", "summarize"]


@attrs.define(frozen=True, slots=True)
class Summary:
    """What the day came to; `problems` lists every accounting check that failed."""

    records: int
    by_status: dict[str, int]
    by_call_result: dict[str, int]
    by_place: dict[str, int]
    stats: dict[str, int]
    refused: dict[str, int]
    lost: int
    double_delivered: int
    problems: tuple[str, ...]
    events: int

    def lines(self) -> list[str]:
        """The summary as the command prints it."""
        out = [f"records: {self.records}   trace events: {self.events}"]
        for title, counts in (
            ("records by final status", self.by_status),
            ("records by call result", self.by_call_result),
            ("records by place", self.by_place),
            ("callbacks and other counts", self.stats),
            ("refused actions by error code", self.refused),
        ):
            out.append(f"{title}:")
            out.extend(f"  {name:<44} {count:>8}" for name, count in counts.items())
        out.append(f"lost records: {self.lost}   double-delivered records: {self.double_delivered}")
        out.append("accounting: " + ("checked, consistent" if not self.problems else "FAILED"))
        out.extend(f"  problem: {problem}" for problem in self.problems)
        return out


def summarize(
    server: InMemoryOutboundServer, accounts: TraceAccounts, refused: Counter[str], total: int,
    lost: int, problems: list[str],
) -> Summary:  # fmt: skip
    store = server.store
    statuses = Counter(RecordStatus(s).label for s in store.status)
    results = Counter(
        "none" if r.call_result is None else f"{int(r.call_result)} {r.call_result.label}"
        for r in store.records
    )
    places: Counter[str] = Counter()
    for slot in range(len(store.status)):
        if store.is_final(slot):
            places["finalized"] += 1
        else:
            places[Place(store.chain_place[store.chain_of[slot]]).name.lower()] += 1
    stats: dict[str, Any] = dict(sorted(server.stats.items()))
    stats["do-not-call list numbers"] = len(server.dnc)
    return Summary(
        records=len(store.records),
        by_status=dict(sorted(statuses.items())),
        by_call_result=dict(sorted(results.items(), key=lambda kv: (kv[0] == "none", kv[0]))),
        by_place=dict(sorted(places.items())),
        stats=stats,
        refused=dict(sorted(refused.items())),
        lost=lost,
        double_delivered=accounts.double_deliveries,
        problems=tuple(problems) + (() if total <= len(store.records) else ("records missing",)),
        events=accounts.events,
    )
