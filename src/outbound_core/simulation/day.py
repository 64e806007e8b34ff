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
from datetime import UTC, datetime, timedelta

from outbound_core.codes import CallResult, DialingMode
from outbound_core.desk.service import OutboundService
from outbound_core.errors import OutboundError
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.web_callbacks import WebCallbackRequest
from outbound_core.simulation.accounts import TraceAccounts, check_accounts
from outbound_core.simulation.calling_list import calling_list, field_list, shipped_list
from outbound_core.simulation.limits import check_day
from outbound_core.simulation.progress import (
    BUILDING,
    CHECKING,
    LOADING,
    WORKING,
    Progress,
    tracked,
)
from outbound_core.simulation.scripted_agents import ScriptedAgent
from outbound_core.simulation.summary import Summary, summarize
from outbound_core.timing.window import CallingWindow
from outbound_core.trace import TraceSink

__all__ = ["MODES", "simulate"]

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


def simulate(
    records: int | None = None,
    agents: int = 10,
    mode: str = "all",
    seed: int = 0,
    sinks: list[TraceSink] | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Run a simulated day (see the module docs) and return its checked summary; `progress`
    hears each phase as it goes (`simulation.progress`).

    Raises:
        InvalidValue: a day that cannot be run (`limits.check_day`), before anything starts.
    """
    check_day(records, agents, mode, seed, MODES)
    if progress is not None:
        progress(BUILDING, 0.0)
    modes = MODES[mode]
    rng = random.Random(seed)
    accounts = TraceAccounts()
    server = InMemoryOutboundServer(_DAY)
    server.trace.sinks.extend([accounts, *(sinks or [])])
    data = shipped_list()
    fields = field_list(data)
    expected = records or sum(len(c["records"]) for c in data["customers"])
    chains = list(
        tracked(calling_list(records, data), BUILDING, progress, total=expected, size=len)
    )
    total = sum(len(chain) for chain in chains)
    per_agent = max(1, agents // len(modes))
    scripted: list[ScriptedAgent] = []
    refused: Counter[str] = Counter()
    for n, dialing in enumerate(modes):
        name = f"{dialing.label} campaign"
        server.add_campaign(name, dialing, fields)
        mine = chains[n :: len(modes)]
        share = 1 / len(modes)
        server.load_chains(
            name, tracked(mine, LOADING, progress, total=len(mine), start=n * share, share=share)
        )
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
            progress(WORKING, step / steps)
    for dialing in modes:
        server.campaign_event(f"{dialing.label} campaign", "stop")
    if progress is not None:
        progress(CHECKING, 0.0)
    lost, problems = check_accounts(server, accounts)
    summary = summarize(server, accounts, refused, total, lost, problems)
    if progress is not None:
        progress(CHECKING, 1.0)
    return summary


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
