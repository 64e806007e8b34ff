"""The simulated working day behind `outbound-core simulate`.

`simulate` loads a calling list into an in-memory server, runs a day of each campaign type
(Preview, Push Preview, Direct Push Preview, Progressive, Predictive) and of web callbacks with
scripted agents (`scripted_agents`), and returns a `Summary`. All randomness comes from one
`random.Random(seed)` here, so a seed gives the same day, the same summary and the same trace.
The summary's accounting is checked, not assumed (`check_accounts`): an independent pass over
the server's state and over the trace.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from outbound_core.codes import CallResult, DialingMode, RecordStatus
from outbound_core.desk.service import OutboundService
from outbound_core.errors import OutboundError
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.store import Place
from outbound_core.server.web_callbacks import WebCallbackRequest
from outbound_core.simulation.calling_list import calling_list, field_list, shipped_list
from outbound_core.simulation.scripted_agents import ScriptedAgent
from outbound_core.timing.window import CallingWindow
from outbound_core.trace import TraceEvent, TraceSink

__all__ = ["MODES", "Summary", "TraceAccounts", "check_accounts", "simulate"]

#: `--mode` names and the campaigns each runs.
MODES: dict[str, tuple[DialingMode, ...]] = {
    "preview": (DialingMode.PREVIEW,),
    "push-preview": (DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW),
    "progressive": (DialingMode.PROGRESSIVE,),
    "predictive": (DialingMode.PREDICTIVE,),
}
MODES["all"] = tuple(mode for modes in MODES.values() for mode in modes)

_DAY = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
_STEP = timedelta(seconds=20)
_DAY_LENGTH = timedelta(hours=12)
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
        elif event.kind == "interaction" and event.event == "mark_done":
            self.desk_done += 1


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


def check_accounts(server: InMemoryOutboundServer, trace: TraceAccounts) -> tuple[int, list[str]]:
    """Check that every record is in exactly one place, from the server's state and from the
    trace; returns the lost records and every problem found."""
    store, problems = server.store, []
    queued: Counter[int] = Counter()
    for queue in [*store.queues, *(agent.personal for agent in server.agents.values())]:
        queued.update(entry[2] for entry in queue if store.valid(entry))
    scheduled = Counter(
        key for _, key, version in server._schedule if store.chain_version[key] == version
    )
    leased = Counter(lease.key for lease in server.leases.values())
    lost = 0
    for key, place in store.places():
        where = {Place.QUEUED: queued[key], Place.OUT: leased[key], Place.SCHEDULED: scheduled[key]}
        live = store.live_slots(key)
        if place is Place.DONE:
            if live:
                lost += len(live)
                problems.append(f"chain {key} is done with live records")
        elif where[place] != 1 or sum(where.values()) != 1 or not live:
            lost += len(live)
            problems.append(f"chain {key} is {place.name} but found {where}")
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


def simulate(
    records: int | None = None,
    agents: int = 10,
    mode: str = "all",
    seed: int = 0,
    sinks: list[TraceSink] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Summary:
    """Run a simulated day (see the module docs) and return its checked summary."""
    modes = MODES[mode]
    rng = random.Random(seed)
    accounts = TraceAccounts()
    server = InMemoryOutboundServer(_DAY)
    server.trace.sinks.extend([accounts, *(sinks or [])])
    data = shipped_list()
    fields = field_list(data)
    chains = list(calling_list(records, data))
    total = sum(len(chain) for chain in chains)
    per_agent = max(1, agents // len(modes))
    scripted: list[ScriptedAgent] = []
    refused: Counter[str] = Counter()
    for n, dialing in enumerate(modes):
        name = f"{dialing.label} campaign"
        server.add_campaign(name, dialing, fields)
        server.load_chains(name, chains[n :: len(modes)])
        server.campaign_event(name, "load")
        for k in range(per_agent):
            agent_id = f"agent-{n + 1}{k + 1:02d}"
            server.add_agent(agent_id, campaigns=[name])
            shift = _DAY_LENGTH - timedelta(minutes=rng.randrange(0, 180))
            desk = OutboundService(server, agent_id, id_prefix=f"{agent_id}/")
            scripted.append(
                ScriptedAgent(desk, name, dialing, random.Random(rng.random()), _DAY + shift,
                              refused, web_callbacks=k == 0)
            )  # fmt: skip
    late = scripted[-1] if len(scripted) > 1 else None
    for dialing in modes:
        server.campaign_event(f"{dialing.label} campaign", "start")
    _submit_web_callbacks(server, rng, min(200, max(5, total // 25)))
    steps = int(_DAY_LENGTH / _STEP)
    dials: list[tuple[int, str]] = []
    for step in range(steps + 1):
        now = _DAY + step * _STEP
        server.advance(now)
        for agent in scripted:
            if agent is late and step < steps // 8:
                continue  # logs in late: told of the running campaign at login (seed 001)
            agent.step(now)
        _dial(server, rng, modes, dials, step)
        if progress is not None and step % 60 == 0:
            progress(step / steps)
    for dialing in modes:
        server.campaign_event(f"{dialing.label} campaign", "stop")
    lost, problems = check_accounts(server, accounts)
    return _summary(server, accounts, refused, total, lost, problems)


def _dial(
    server: InMemoryOutboundServer, rng: random.Random, modes: tuple[DialingMode, ...],
    dials: list[tuple[int, str]], step: int,
) -> None:  # fmt: skip
    """Progressive / Predictive: start dials, and end those started two steps ago."""
    while dials and dials[0][0] <= step:
        _, dial_id = heapq.heappop(dials)
        if rng.random() < 0.6:
            server.dial_answered(dial_id)
        else:
            server.dial_failed(dial_id, rng.choice((CallResult.BUSY, CallResult.NO_ANSWER)))
    for dialing in modes:
        if not dialing.system_dials:
            continue
        for _ in range(4):
            try:
                attempt = server.dial(f"{dialing.label} campaign")
            except OutboundError:
                break
            if attempt is None:
                break
            heapq.heappush(dials, (step + rng.randrange(1, 3), attempt.dial_id))


def _submit_web_callbacks(server: InMemoryOutboundServer, rng: random.Random, count: int) -> None:
    zones = ("EST", "ECT", "Europe/London", "America/Chicago", "ACT")
    for n in range(count):
        start = _DAY + timedelta(minutes=rng.randrange(0, 8 * 60))
        server.web_callbacks.submit(
            WebCallbackRequest(
                f"web-{n + 1}", f"+1 (555) {rng.randrange(10**7):07d}", rng.choice(zones),
                start, start + timedelta(hours=2), CallingWindow(0, 86399),
                {"subject": rng.choice(("billing", "new plan", "technical")), "case": n + 1},
            )
        )  # fmt: skip


def _summary(
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
