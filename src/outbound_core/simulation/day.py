"""The simulated working day behind `outbound-core simulate`.

`simulate` loads a calling list into an in-memory server, runs a day of each campaign type
(Preview, Push Preview, Direct Push Preview, Progressive, Predictive) and of web callbacks with
scripted agents (`scripted_agents`), and returns a `Summary`. Every campaign treats its call
results with the shipped treatment table (`treatments.shipped_treatments`, Maximum Attempts
`MAX_ATTEMPTS`); the scripted agents' desktops ask for a campaign treatment, a personal one or
none at Done, in turn (`outbound.treatment-mode`). The system-dialed campaigns place the dials
their pacing controller asks for (Predictive aiming at `abandon_target` percent abandoned, or
both paced as `pacing` says), with simulated customers answering (`telephony`), and the
summary gives each one's measured pacing figures. All randomness comes from one
`random.Random(seed)` here, so a seed gives the same day, the same summary and the same trace.
The summary's accounting is checked, not assumed (`check_accounts`): an independent pass over
the server's state and over the trace.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Final

from outbound_core.codes import DialingMode
from outbound_core.desk.service import OutboundService
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.options import OutboundOptions
from outbound_core.pacing import (
    CallEvent,
    PacingSettings,
    PredictiveSettings,
    ProgressiveSettings,
)
from outbound_core.server.campaigns import CampaignRules
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.web_callbacks import WebCallbackRequest
from outbound_core.simulation.accounts import TraceAccounts, check_accounts
from outbound_core.simulation.calling_list import calling_list, field_list, shipped_list
from outbound_core.simulation.handling import AgentModel
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
from outbound_core.simulation.telephony import SimulatedCalls
from outbound_core.timing.window import CallingWindow
from outbound_core.trace import TraceSink
from outbound_core.treatments import shipped_treatments

__all__ = ["MAX_ATTEMPTS", "MODES", "PACING", "simulate"]

#: `--mode` names and the campaigns each runs.
MODES: dict[str, tuple[DialingMode, ...]] = {
    "preview": (DialingMode.PREVIEW,),
    "push-preview": (DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW),
    "progressive": (DialingMode.PROGRESSIVE,),
    "predictive": (DialingMode.PREDICTIVE,),
}
MODES["all"] = tuple(mode for modes in MODES.values() for mode in modes)

#: `--pacing` names: the controller every system-dialed campaign is paced by.
PACING: Final = ("progressive", "predictive")
#: The calling lists' Maximum Attempts per record.
MAX_ATTEMPTS: Final = 5
#: What each scripted agent's desktop asks for at Done, in turn (`outbound.treatment-mode`).
_TREATMENT_MODES = ("campaign", "personal", "none")

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
    abandon_target: float = 3.0,
    pacing: str | None = None,
) -> Summary:
    """Run a simulated day (see the module docs) and return its checked summary; `progress`
    hears each phase as it goes (`simulation.progress`). `abandon_target` is the Predictive
    controller's optimization goal (percent of live answers abandoned); `pacing`
    (`progressive` or `predictive`) paces every system-dialed campaign with that controller
    (by default each by its own mode's).

    Raises:
        InvalidValue: a day that cannot be run (`limits.check_day`, a target outside 0.01 to
            100, an unknown pacing), before anything starts.
    """
    check_day(records, agents, mode, seed, MODES)
    controllers = _controllers(abandon_target, pacing)
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
    table = shipped_treatments()
    call_events: list[CallEvent] = []
    server.pacer.listeners.append(call_events.append)
    for n, dialing in enumerate(modes):
        name = f"{dialing.label} campaign"
        controller = controllers.get(dialing) if dialing.system_dials else None
        rules = CampaignRules(table, max_attempts=MAX_ATTEMPTS, pacing=controller)
        server.add_campaign(name, dialing, fields, rules=rules)
        mine = chains[n :: len(modes)]
        share = 1 / len(modes)
        server.load_chains(
            name, tracked(mine, LOADING, progress, total=len(mine), start=n * share, share=share)
        )
        server.campaign_event(name, "load")
        for k in range(per_agent):
            agent_id = f"agent-{n + 1}{k + 1:02d}"
            treatment = _TREATMENT_MODES[k % len(_TREATMENT_MODES)]
            options = OutboundOptions.from_mapping({"outbound.treatment-mode": treatment})
            server.add_agent(agent_id, options=options, campaigns=[name])
            shift = _DAY_LENGTH - timedelta(minutes=rng.randrange(0, 180))
            desk = OutboundService(server, agent_id, id_prefix=f"{agent_id}/")
            scripted.append(
                ScriptedAgent(desk, name, dialing, random.Random(rng.random()), _DAY + shift,
                              refused, web_callbacks=k == 0,
                              handling=AgentModel() if dialing.system_dials else None)
            )  # fmt: skip
    late = scripted[-1] if len(scripted) > 1 else None
    for dialing in modes:
        server.campaign_event(f"{dialing.label} campaign", "start")
    _submit_web_callbacks(server, rng, min(200, max(5, total // 25)))
    dialed = [f"{dialing.label} campaign" for dialing in modes if dialing.system_dials]
    timed = [agent for agent in scripted if agent.handling is not None]
    calls = SimulatedCalls(server, dialed, random.Random(rng.random()), agents=timed)
    steps = int(_DAY_LENGTH / _STEP)
    for step in range(steps + 1):
        now = _DAY + step * _STEP
        calls.run_until(now)
        server.advance(now)
        for agent in scripted:
            if agent is late and step < steps // 8:
                continue  # logs in late: told of the running campaign at login (seed 001)
            agent.step(now)
        if step < steps:
            calls.place()
        if progress is not None and step % 60 == 0:
            progress(WORKING, step / steps)
    for dialing in modes:
        server.campaign_event(f"{dialing.label} campaign", "stop")
    if progress is not None:
        progress(CHECKING, 0.0)
    lost, problems = check_accounts(server, accounts)
    summary = summarize(
        server, accounts, refused, total, lost, problems, call_events, _DAY + _DAY_LENGTH
    )
    if progress is not None:
        progress(CHECKING, 1.0)
    return summary


def _controllers(abandon_target: object, pacing: object) -> dict[DialingMode, PacingSettings]:
    """The pacing controller of each system-dialed mode.

    Raises:
        InvalidValue: a target Predictive settings refuse, or an unknown pacing.
    """
    if pacing is not None and pacing not in PACING:
        raise InvalidValue(
            f"pacing {shorten(pacing)} is not one of {', '.join(PACING)}",
            code=ErrorCode.INVALID_VALUE if isinstance(pacing, str) else ErrorCode.WRONG_TYPE,
            value=shorten(pacing),
        )
    if isinstance(abandon_target, bool) or not isinstance(abandon_target, int | float):
        raise InvalidValue(
            f"abandon_target is a number of percent, not {type(abandon_target).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(abandon_target),
        )
    predictive = PredictiveSettings(optimization_goal=float(abandon_target))
    progressive = ProgressiveSettings()
    if pacing == "predictive":
        return {DialingMode.PROGRESSIVE: predictive, DialingMode.PREDICTIVE: predictive}
    if pacing == "progressive":
        return {DialingMode.PROGRESSIVE: progressive, DialingMode.PREDICTIVE: progressive}
    return {DialingMode.PROGRESSIVE: progressive, DialingMode.PREDICTIVE: predictive}


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
