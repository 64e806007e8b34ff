"""What a simulated day came to: records by status, call result and place, attempts,
treatment actions, each system-dialed campaign's pacing figures, counts, refusals.

The text says what each figure means to someone who has not read the seeds: each final status
and place in a few words, what "none" means as a call result, and that the refused actions are
the scripted agents' deliberate mistakes. `Summary.to_dict` carries every figure the text shows
(schema in `docs/cli.md`, `simulate --json`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from itertools import compress
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.codes import CallResult, RecordStatus
from outbound_core.pacing import CallEvent, pacing_figures
from outbound_core.server import InMemoryOutboundServer
from outbound_core.server.store import FINAL_STATUSES, LIVE_CODES, Place
from outbound_core.simulation.accounts import TraceAccounts

__all__ = ["NO_CALL_RESULT", "PLACE_MEANINGS", "STATUS_MEANINGS", "Summary", "summarize"]

#: What each record status means at the end of a simulated day (reference §2.1, §4;
#: `docs/sources.md`, the record-status lifecycle).
STATUS_MEANINGS: MappingProxyType[RecordStatus, str] = MappingProxyType(
    {
        RecordStatus.NO_RECORD_STATUS: "no status",
        RecordStatus.READY: "waiting to be dialed: queued, or scheduled for a callback",
        RecordStatus.RETRIEVED: "out with an agent or a dial when the day ended",
        RecordStatus.UPDATED: "worked: an agent marked it done",
        RecordStatus.STALE: "held too long and taken back (call result Stale)",
        RecordStatus.CANCELLED: "cancelled or discarded by an agent (call result Cancel Record)",
        RecordStatus.AGENT_ERROR: "marked as an agent error",
        RecordStatus.CHAIN_UPDATED: (
            "not dialed: another record of the same customer's chain finished the chain"
        ),
        RecordStatus.MISSED_CALLBACK: "a callback whose time passed without a call",
        RecordStatus.CHAIN_READY: "waiting behind another record of its chain",
    }
)
#: What each place of a record means at the end of the day.
PLACE_MEANINGS: MappingProxyType[str, str] = MappingProxyType(
    {
        "finalized": "done for this campaign run (a final status)",
        "queued": "in a campaign's or an agent's queue",
        "scheduled": "waiting for its callback time",
        "out": "with an agent or a dial",
    }
)
#: The call result shown for a record that has none.
NO_CALL_RESULT = "none"
#: The server's counts of treatment decisions are named `treatment <action>`.
_TREATMENT = "treatment "
_NO_CALL_RESULT_MEANING = "no call result: never dialed (still waiting, or Chain Updated)"
_REFUSALS = (
    "refused actions by error code (the scripted agents' deliberate mistakes, each refused "
    "with nothing changed)"
)


@attrs.define(frozen=True, slots=True)
class Summary:
    """What the day came to; `problems` lists every accounting check that failed.

    Attributes:
        records: records in the server at the end (those loaded and those added on a new
            number).
        by_status: records by final status label, in status number order.
        by_call_result: records by call result (`"6 Busy"`, `"none"`), in number order,
            `none` last.
        by_place: records by place (`finalized`, `queued`, `scheduled`, `out`).
        stats: callbacks and other counts the server kept.
        refused: the scripted agents' refused actions, by error code.
        lost: records found in no place, or in two.
        double_delivered: deliveries of a record that was already out.
        problems: every accounting check that failed.
        events: trace events.
        attempts_per_record: records by their attempts [`GSW_ATTEMPTS`] (attempts: records).
        by_treatment_action: treatment decisions by the action applied (`no-treatment`,
            `redial`, `retry-in`, `next-in-chain`, ...).
        pacing: each system-dialed campaign's measured pacing figures
            (`pacing.CampaignFigures.to_dict`): dials, live answers, connected, abandoned,
            the abandon rate under each preset (`tsr`, `ofcom`), occupancy, calls per agent
            hour, mean customer wait.
    """

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
    attempts_per_record: dict[int, int] = attrs.field(factory=dict)
    by_treatment_action: dict[str, int] = attrs.field(factory=dict)
    pacing: dict[str, dict[str, Any]] = attrs.field(factory=dict)

    @property
    def consistent(self) -> bool:
        """Whether the accounting holds: no problem, no record lost or delivered twice."""
        return not (self.problems or self.lost or self.double_delivered)

    def lines(self) -> list[str]:
        """The summary as the command prints it."""
        out = [f"records: {self.records}   trace events: {self.events}"]
        out.append("records by final status:")
        out.extend(
            _row(label, count, STATUS_MEANINGS[RecordStatus.parse(label)])
            for label, count in self.by_status.items()
        )
        out.append("records by call result:")
        out.extend(
            _row(name, count, _NO_CALL_RESULT_MEANING if name == NO_CALL_RESULT else "")
            for name, count in self.by_call_result.items()
        )
        out.append("records by place:")
        out.extend(
            _row(name, count, PLACE_MEANINGS.get(name, "")) for name, count in self.by_place.items()
        )
        out.append("records by attempts (GSW_ATTEMPTS):")
        out.extend(
            _row(f"{attempts} attempt{'' if attempts == 1 else 's'}", count, "")
            for attempts, count in self.attempts_per_record.items()
        )
        out.append("treatment decisions by action:")
        out.extend(_row(action, count, "") for action, count in self.by_treatment_action.items())
        for campaign, figures in self.pacing.items():
            out.append(f"pacing of {campaign}:")
            out.extend(_pacing_lines(figures))
        out.append("callbacks and other counts:")
        out.extend(_row(name, count, "") for name, count in self.stats.items())
        out.append(f"{_REFUSALS}:")
        out.extend(_row(code, count, "") for code, count in self.refused.items())
        out.append(f"lost records: {self.lost}   double-delivered records: {self.double_delivered}")
        out.append("accounting: " + ("checked, consistent" if self.consistent else "FAILED"))
        out.extend(f"  problem: {problem}" for problem in self.problems)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Every figure `lines` shows, as plain data (what `simulate --json` prints)."""
        return {
            "records": self.records,
            "events": self.events,
            "by_status": [
                {
                    "status": int(RecordStatus.parse(label)),
                    "label": label,
                    "records": count,
                    "meaning": STATUS_MEANINGS[RecordStatus.parse(label)],
                }
                for label, count in self.by_status.items()
            ],
            "by_call_result": [
                _call_result_row(name, count) for name, count in self.by_call_result.items()
            ],
            "by_place": [
                {"place": name, "records": count, "meaning": PLACE_MEANINGS.get(name, "")}
                for name, count in self.by_place.items()
            ],
            "attempts_per_record": {str(k): v for k, v in self.attempts_per_record.items()},
            "by_treatment_action": dict(self.by_treatment_action),
            "pacing": {name: dict(figures) for name, figures in self.pacing.items()},
            "stats": dict(self.stats),
            "refused": dict(self.refused),
            "lost": self.lost,
            "double_delivered": self.double_delivered,
            "consistent": self.consistent,
            "problems": list(self.problems),
        }


def _pacing_lines(figures: dict[str, Any]) -> list[str]:
    rates = figures["abandon_rate"]

    def percent(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f} %"

    def number(value: float | None, unit: str = "") -> str:
        return "-" if value is None else f"{value:.1f}{unit}"

    return [
        f"  dials {figures['dials']}, live answers {figures['live_answers']}, connected "
        f"{figures['connected']}, abandoned {figures['abandoned']}",
        f"  abandon rate: tsr {percent(rates.get('tsr'))}, ofcom {percent(rates.get('ofcom'))}"
        "   (worst period, abandoned over live answers)",
        f"  occupancy {percent(figures['occupancy'])}, calls per agent hour "
        f"{number(figures['calls_per_agent_hour'])}, mean customer wait "
        f"{number(figures['mean_customer_wait'], ' s')}",
    ]


def _row(name: str, count: int, meaning: str) -> str:
    row = f"  {name:<44} {count:>8}"
    return f"{row}   {meaning}" if meaning else row


def _call_result_row(name: str, count: int) -> dict[str, Any]:
    if name == NO_CALL_RESULT:
        return {"number": None, "name": None, "label": NO_CALL_RESULT, "records": count}
    result = CallResult.parse(name.split(" ", 1)[0])
    return {"number": int(result), "name": result.name, "label": result.label, "records": count}


def _call_result_order(item: tuple[str, int]) -> tuple[bool, int]:
    name = item[0]
    return (name == NO_CALL_RESULT, 0 if name == NO_CALL_RESULT else int(name.split(" ", 1)[0]))


def summarize(
    server: InMemoryOutboundServer, accounts: TraceAccounts, refused: Counter[str], total: int,
    lost: int, problems: list[str], call_events: Sequence[CallEvent] = (),
    end: datetime | None = None,
) -> Summary:  # fmt: skip
    """The summary of the day the server, the trace accounts and the call events (of the
    system-dialed campaigns, until `end`) saw."""
    store = server.store
    # Count the raw values first and name each distinct one after: a million records hold a
    # handful of statuses, call results and attempt counts.
    statuses = Counter({RecordStatus(s): n for s, n in Counter(store.status).items()})
    results: Counter[str] = Counter()
    for result, count in store.records.tally("call_result").items():
        name = NO_CALL_RESULT if result is None else f"{int(result)} {result.label}"
        results[name] += count
    places: Counter[str] = Counter()
    finalized = sum(statuses[status] for status in FINAL_STATUSES)
    if finalized:
        places["finalized"] = finalized
    live_chains = compress(store.chain_of, map(LIVE_CODES.__contains__, store.status))
    for place, count in Counter(map(store.chain_place.__getitem__, live_chains)).items():
        places[Place(place).name.lower()] += count
    attempts: Counter[int] = Counter()
    for tried, count in store.records.tally("attempts").items():
        attempts[tried or 0] += count
    actions = {
        name.removeprefix(_TREATMENT): count
        for name, count in sorted(server.stats.items())
        if name.startswith(_TREATMENT)
    }
    stats: dict[str, Any] = {
        name: count for name, count in sorted(server.stats.items())
        if not name.startswith(_TREATMENT)
    }  # fmt: skip
    stats["do-not-call list numbers"] = len(server.dnc)
    figures = pacing_figures(call_events, end) if call_events else {}
    return Summary(
        records=len(store.records),
        by_status={status.label: statuses[status] for status in sorted(statuses)},
        by_call_result=dict(sorted(results.items(), key=_call_result_order)),
        by_place=dict(sorted(places.items())),
        stats=stats,
        refused=dict(sorted(refused.items())),
        lost=lost,
        double_delivered=accounts.double_deliveries,
        problems=tuple(problems) + (() if total <= len(store.records) else ("records missing",)),
        events=accounts.events,
        attempts_per_record=dict(sorted(attempts.items())),
        by_treatment_action=actions,
        pacing={name: f.to_dict() for name, f in figures.items()},
    )
