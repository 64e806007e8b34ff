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
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Final

import attrs

from outbound_core.codes import DialingMode
from outbound_core.desk.service import OutboundService
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.options import OutboundOptions
from outbound_core.pacing import (
    PACING_KIND,
    CallEvent,
    PacingSettings,
    PredictiveSettings,
    ProgressiveSettings,
    event_from_trace,
)
from outbound_core.records import GrownList
from outbound_core.server.campaigns import CampaignRules
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.web_callbacks import WebCallbackRequest
from outbound_core.simulation.accounts import TraceAccounts, check_accounts
from outbound_core.simulation.calling_list import field_list, pattern_chains, shipped_list
from outbound_core.simulation.handling import AgentModel
from outbound_core.simulation.limits import check_day
from outbound_core.simulation.progress import (
    BUILDING,
    CHECKING,
    LOADING,
    WORKING,
    Progress,
)
from outbound_core.simulation.scripted_agents import ScriptedAgent
from outbound_core.simulation.summary import Summary, summarize
from outbound_core.simulation.telephony import SimulatedCalls
from outbound_core.timing.window import CallingWindow
from outbound_core.trace import TraceEvent, TraceSink
from outbound_core.treatments import shipped_treatments

__all__ = ["MAX_ATTEMPTS", "MODES", "PACING", "DayParameters", "SimulatedDay", "simulate"]

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


@attrs.define(frozen=True, slots=True)
class DayParameters:
    """What a simulated day was asked for (`simulate`'s arguments but its sinks and progress).

    Raises:
        InvalidValue: a day that cannot be run (`limits.check_day`, a target outside 0.01 to
            100, an unknown pacing).
    """

    records: int | None = None
    agents: int = 10
    mode: str = "all"
    seed: int = 0
    abandon_target: float = 3.0
    pacing: str | None = None

    def __attrs_post_init__(self) -> None:
        check_day(self.records, self.agents, self.mode, self.seed, MODES)
        _controllers(self.abandon_target, self.pacing)

    def to_dict(self) -> dict[str, Any]:
        """The parameters as plain data."""
        return {
            "records": self.records,
            "agents": self.agents,
            "mode": self.mode,
            "seed": self.seed,
            "abandon_target": self.abandon_target,
            "pacing": self.pacing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DayParameters:
        """The parameters `to_dict` wrote.

        Raises:
            InvalidValue: data `to_dict` did not write, or a day that cannot be run.
        """
        if not isinstance(data, Mapping) or set(data) != set(attrs.fields_dict(cls)):
            raise InvalidValue(
                f"not the parameters of a simulated day: {shorten(data)}",
                code=ErrorCode.INVALID_VALUE,
            )
        return cls(**data)


@attrs.define(slots=True, eq=False)
class SimulatedDay:
    """A simulated day under way (see the module docs): its server, scripted agents and
    simulated calls, and the next step to run. `start` builds one; `run_step` runs its steps
    one by one (`finished` says when they are all done); `summary` checks and sums it up.

    Steps `0` to `steps` are the day's 20-second steps; the step after them ends the day
    (the campaigns stop). Between two steps the day's state is plain data (`to_dict`,
    `from_dict`, with the server's own snapshot and the trace so far), so a day can stop
    after any step and go on elsewhere with the same draws, to the same end.
    """

    parameters: DayParameters
    server: InMemoryOutboundServer
    agents: list[ScriptedAgent]
    calls: SimulatedCalls
    refused: Counter[str]
    accounts: TraceAccounts
    call_events: list[CallEvent]
    records: int
    late: int | None
    step: int = 0

    #: The day's 20-second steps (the last one starts when the day ends).
    steps: ClassVar[int] = int(_DAY_LENGTH / _STEP)

    @classmethod
    def start(
        cls,
        parameters: DayParameters,
        sinks: list[TraceSink] | None = None,
        progress: Progress | None = None,
    ) -> SimulatedDay:
        """Build the day: the calling list loaded into the campaigns, the agents registered,
        the campaigns started and the web callbacks submitted; no step run yet. `sinks` get
        every trace event; `progress` hears the building and the loading."""
        if progress is not None:
            progress(BUILDING, 0.0)
        controllers = _controllers(parameters.abandon_target, parameters.pacing)
        modes = MODES[parameters.mode]
        rng = random.Random(parameters.seed)
        accounts = TraceAccounts()
        server = InMemoryOutboundServer(_DAY)
        server.trace.sinks.extend([accounts, *(sinks or [])])
        data = shipped_list()
        fields = field_list(data)
        parts = len(modes)
        patterns = pattern_chains(data)
        lists = [GrownList(patterns, parameters.records, part=n, parts=parts) for n in range(parts)]
        if progress is not None:
            progress(BUILDING, 1.0)
        total = sum(len(grown) for grown in lists)
        per_agent = max(1, parameters.agents // len(modes))
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
            server.load_chains(name, lists[n])
            if progress is not None:
                progress(LOADING, (n + 1) / parts)
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
        for dialing in modes:
            server.campaign_event(f"{dialing.label} campaign", "start")
        _submit_web_callbacks(server, rng, min(200, max(5, total // 25)))
        dialed = [f"{dialing.label} campaign" for dialing in modes if dialing.system_dials]
        timed = [agent for agent in scripted if agent.handling is not None]
        calls = SimulatedCalls(server, dialed, random.Random(rng.random()), agents=timed)
        late = len(scripted) - 1 if len(scripted) > 1 else None
        return cls(parameters, server, scripted, calls, refused, accounts, call_events, total, late)

    @property
    def finished(self) -> bool:
        """Whether every step has run (the day is over)."""
        return self.step > self.steps + 1

    def run_step(self) -> None:
        """Run the next step: the calls, the clock and every agent up to its instant, then
        the dials the controllers ask for; the step after the day's last stops the campaigns.

        Raises:
            InvalidValue: the day is over.
        """
        step, steps, server = self.step, self.steps, self.server
        if step > steps + 1:
            raise InvalidValue("the simulated day is over: no step is left to run")
        if step == steps + 1:
            for dialing in MODES[self.parameters.mode]:
                server.campaign_event(f"{dialing.label} campaign", "stop")
        else:
            now = _DAY + step * _STEP
            self.calls.run_until(now)
            server.advance(now)
            for n, agent in enumerate(self.agents):
                if n == self.late and step < steps // 8:
                    continue  # logs in late: told of the running campaign at login (seed 001)
                agent.step(now)
            if step < steps:
                self.calls.place()
        self.step = step + 1

    def run(self, progress: Progress | None = None) -> None:
        """Run the steps left; `progress` hears the working phase."""
        while not self.finished:
            self.run_step()
            if progress is not None and self.step % 60 == 1 and self.step <= self.steps + 1:
                progress(WORKING, (self.step - 1) / self.steps)

    def summary(self, progress: Progress | None = None) -> Summary:
        """The checked summary of the day so far (`check_accounts`, `summarize`)."""
        if progress is not None:
            progress(CHECKING, 0.0)
        server = self.server
        lost, problems = check_accounts(server, self.accounts)
        summary = summarize(
            server, self.accounts, self.refused, self.records, lost, problems,
            self.call_events, _DAY + _DAY_LENGTH,
        )  # fmt: skip
        if progress is not None:
            progress(CHECKING, 1.0)
        return summary

    def to_dict(self) -> dict[str, Any]:
        """The day's own state as plain data: the parameters, the next step, each agent (its
        desk included), the simulated calls and the refusals. The server's state is its
        snapshot, and the trace accounts and pacing figures are read again from the trace
        (`from_dict`)."""
        return {
            "parameters": self.parameters.to_dict(),
            "records": self.records,
            "step": self.step,
            "late": self.late,
            "refused": dict(self.refused),
            "agents": [agent.to_dict() for agent in self.agents],
            "calls": self.calls.to_dict(),
        }

    @classmethod
    def from_dict(
        cls,
        server: InMemoryOutboundServer,
        data: Mapping[str, Any],
        trace: Iterable[TraceEvent],
        sinks: list[TraceSink] | None = None,
    ) -> SimulatedDay:
        """The day `to_dict` wrote, going on with `server` (rebuilt from its snapshot at the
        same step) and `trace`, every event of the day so far; `sinks` get the events from
        now on.

        Raises:
            InvalidValue: data `to_dict` did not write, or a trace that is not the day's.
        """
        try:
            parameters = DayParameters.from_dict(data["parameters"])
            refused: Counter[str] = Counter(
                {str(code): int(count) for code, count in data["refused"].items()}
            )
            agents = [ScriptedAgent.from_dict(server, item, refused) for item in data["agents"]]
            timed = [agent for agent in agents if agent.handling is not None]
            calls = SimulatedCalls.from_dict(server, data["calls"], timed)
            records, step, late = int(data["records"]), int(data["step"]), data["late"]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not the state of a simulated day: {shorten(error)}",
                code=ErrorCode.INVALID_VALUE,
            ) from None
        accounts = TraceAccounts()
        call_events: list[CallEvent] = []
        for event in trace:
            accounts(event)
            if event.kind == PACING_KIND:
                found = event_from_trace(event.to_dict())
                if found is not None:
                    call_events.append(found)
        if accounts.events != server.trace.seq:
            raise InvalidValue(
                f"the trace holds {accounts.events} events, the server's counted "
                f"{server.trace.seq}: not the trace of this day",
                code=ErrorCode.INVALID_VALUE,
            )
        server.trace.sinks.extend([accounts, *(sinks or [])])
        server.pacer.listeners.append(call_events.append)
        return cls(
            parameters, server, agents, calls, refused, accounts, call_events, records,
            None if late is None else int(late), step,
        )  # fmt: skip


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
    parameters = DayParameters(records, agents, mode, seed, abandon_target, pacing)
    day = SimulatedDay.start(parameters, sinks, progress)
    day.run(progress)
    return day.summary(progress)


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
