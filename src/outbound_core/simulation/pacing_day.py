"""A pacing experiment: one seeded day of a Progressive and a Predictive campaign.

A pure discrete-event model (no server, no clock, no threads): customers on a calling list
answer, ring out, hit answering machines, are busy or fail; agents talk and wrap up; each
campaign's controller (`outbound_core.pacing`) decides, after every event and every second,
how many dials to place. Both campaigns dial **the same list** in the same order (record `i`
answers the same way, after the same time, in both) and their agents draw talk and wrap-up
times from the same seeded sequence, so the only difference is the pacing.

The seeded, documented distributions (`customers.CustomerModel`, `handling.AgentModel`; times in seconds):

| what | distribution |
|---|---|
| dial outcome | live answer 30 %, answering machine 15 %, no answer 35 %, busy 10 %, failed 10 % |
| live answer after | uniform 4–20 s of ringing |
| the called person's greeting | uniform 0.6–2.4 s, from the answer |
| answering machine detected after | uniform 8–24 s |
| no answer | rings out after 25 s (the TSR safe harbor asks for at least 15 s) |
| busy, failed | uniform 1–4 s, 0.5–3 s |
| a waiting customer's patience | exponential, mean 10 s from the end of the greeting |
| talk | log-normal, median 120 s, σ 0.6 (mean about 144 s) |
| wrap-up | uniform 10–50 s |

A live answer is connected, when its greeting ends, to the agent Ready longest; with nobody
Ready it **waits up to the threshold** (2 s, the presets' threshold, counted from the end of
the greeting), taking the first agent who becomes Ready; then the recorded message plays and
the system hangs up: the call is **abandoned** (call result Abandoned, 21). A customer whose
patience runs out first hangs up (not abandoned). Agents log in at the start and leave when
the day is over and no call of theirs is left; no dial starts after the end.

Every step is a call event (`outbound_core.pacing.events`); the reported figures are
measured from those events (`pacing_figures`, the ledger), never taken from the controller.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.pacing import (
    AgentActivity,
    AgentConnected,
    AgentStateChanged,
    CallAbandoned,
    CallEvent,
    CampaignFigures,
    DialOutcome,
    DialPlaced,
    DialResult,
    GreetingEnded,
    GreetingStarted,
    HangUp,
    MessagePlayed,
    PacingSettings,
    PacingStatistics,
    Party,
    PredictiveSettings,
    ProgressiveSettings,
    pacing_figures,
)
from outbound_core.simulation.customers import CustomerModel, draw_customer
from outbound_core.simulation.handling import AgentModel, draw_handling

__all__ = [
    "DAY_START",
    "PREDICTIVE_CAMPAIGN",
    "PROGRESSIVE_CAMPAIGN",
    "PacingExperiment",
    "day_series",
    "pacing_experiment",
    "run_campaign",
]

#: When the experiment's day starts (08:00 UTC on a Monday).
DAY_START: Final = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)


# Simulation steps, in the order they happen at one instant.
_OUTCOME, _GREETING_END, _TALK_END, _WRAP_END, _DEADLINE, _PATIENCE, _TICK = range(7)


@attrs.define(slots=True, eq=False)
class _Day:
    """The mutable state of one campaign's simulated day (private to `run_campaign`)."""

    campaign: str
    settings: PacingSettings
    start: float
    end: float
    threshold: float
    customers: random.Random
    times: random.Random
    customer_model: CustomerModel
    agent_model: AgentModel
    statistics: PacingStatistics
    events: list[CallEvent] = attrs.field(factory=list)
    queue: list[tuple[float, int, int, Any]] = attrs.field(factory=list)
    seq: int = 0
    ready: deque[str] = attrs.field(factory=deque)
    waiting: deque[str] = attrs.field(factory=deque)
    waiting_since: dict[str, float] = attrs.field(factory=dict)
    in_progress: int = 0
    calls: int = 0

    def at(self, seconds: float) -> datetime:
        return DAY_START + timedelta(seconds=seconds - self.start)

    def emit(self, event: CallEvent) -> None:
        self.events.append(event)
        self.statistics = self.statistics.fed(event)

    def schedule(self, when: float, step: int, payload: Any) -> None:
        self.seq += 1
        heapq.heappush(self.queue, (when, step, self.seq, payload))

    def agent(self, now: float, agent_id: str, state: AgentActivity) -> None:
        self.emit(AgentStateChanged(self.at(now), self.campaign, agent_id, state))

    def place(self, now: float) -> None:
        self.calls += 1
        call_id = f"{self.campaign[:4].lower()}-{self.calls}"
        customer = draw_customer(self.customers, self.customer_model)
        phone = f"+44 20 7946 {self.calls:04d}" if self.calls < 10_000 else f"+4420{self.calls:08d}"
        self.emit(DialPlaced(self.at(now), self.campaign, call_id, phone))
        self.in_progress += 1
        self.schedule(now + customer.after, _OUTCOME, (call_id, customer))

    def connect(self, now: float, call_id: str, agent_id: str) -> None:
        self.emit(AgentConnected(self.at(now), self.campaign, call_id, agent_id))
        self.agent(now, agent_id, AgentActivity.BUSY)
        self.in_progress -= 1
        talk, wrap = draw_handling(self.times, self.agent_model)
        self.schedule(now + talk, _TALK_END, (call_id, agent_id, wrap))

    def settle(self, now: float, call_id: str) -> None:
        self.waiting.remove(call_id)
        del self.waiting_since[call_id]
        self.in_progress -= 1

    def free(self, now: float, agent_id: str) -> None:
        """Agent `agent_id` is done: it takes the longest-waiting call, waits, or leaves."""
        if self.waiting:
            call_id = self.waiting.popleft()
            del self.waiting_since[call_id]
            self.agent(now, agent_id, AgentActivity.READY)
            self.connect(now, call_id, agent_id)
        elif now >= self.end and self.in_progress == 0:
            self.agent(now, agent_id, AgentActivity.LOGGED_OUT)
        else:
            self.agent(now, agent_id, AgentActivity.READY)
            self.ready.append(agent_id)

    def close_if_done(self, now: float) -> None:
        if now >= self.end and self.in_progress == 0:
            while self.ready:
                agent_id = self.ready.popleft()
                self.agent(now, agent_id, AgentActivity.LOGGED_OUT)

    def step(self, now: float, step: int, payload: Any) -> None:
        if step == _OUTCOME:
            call_id, customer = payload
            self.emit(DialOutcome(self.at(now), self.campaign, call_id, customer.result))
            if customer.result is DialResult.LIVE_ANSWER:
                self.emit(GreetingStarted(self.at(now), self.campaign, call_id))
                self.schedule(now + customer.greeting, _GREETING_END, (call_id, customer))
            else:
                if customer.result is DialResult.ANSWERING_MACHINE:
                    self.emit(HangUp(self.at(now), self.campaign, call_id, Party.SYSTEM))
                self.in_progress -= 1
        elif step == _GREETING_END:
            call_id, customer = payload
            self.emit(GreetingEnded(self.at(now), self.campaign, call_id))
            if self.ready:
                self.connect(now, call_id, self.ready.popleft())
            else:
                self.waiting.append(call_id)
                self.waiting_since[call_id] = now
                self.schedule(now + self.threshold, _DEADLINE, call_id)
                if customer.patience < self.threshold:
                    self.schedule(now + customer.patience, _PATIENCE, call_id)
        elif step == _TALK_END:
            call_id, agent_id, wrap = payload
            self.emit(HangUp(self.at(now), self.campaign, call_id, Party.CUSTOMER))
            self.agent(now, agent_id, AgentActivity.WRAP_UP)
            self.schedule(now + wrap, _WRAP_END, agent_id)
        elif step == _WRAP_END:
            self.free(now, payload)
        elif step == _DEADLINE:
            call_id = payload
            if call_id in self.waiting_since:
                self.settle(now, call_id)
                self.emit(MessagePlayed(self.at(now), self.campaign, call_id))
                self.emit(CallAbandoned(self.at(now), self.campaign, call_id))
                self.emit(HangUp(self.at(now), self.campaign, call_id, Party.SYSTEM))
        elif step == _PATIENCE:
            call_id = payload
            if call_id in self.waiting_since:
                self.settle(now, call_id)
                self.emit(HangUp(self.at(now), self.campaign, call_id, Party.CUSTOMER))
        elif step == _TICK and now + 1.0 < self.end:
            self.schedule(now + 1.0, _TICK, None)

    def dial(self, now: float) -> None:
        if now >= self.end:
            return
        for _ in range(self.settings.dials_now(self.statistics, self.at(now))):
            self.place(now)

    def run(self, agents: int) -> None:
        for n in range(agents):
            agent_id = f"agent-{n + 1:02d}"
            self.agent(self.start, agent_id, AgentActivity.READY)
            self.ready.append(agent_id)
        self.schedule(self.start, _TICK, None)
        while self.queue:
            now = self.queue[0][0]
            while self.queue and self.queue[0][0] == now:
                _, step, _, payload = heapq.heappop(self.queue)
                self.step(now, step, payload)
            self.close_if_done(now)
            self.dial(now)


def run_campaign(
    settings: PacingSettings,
    *,
    campaign: str,
    agents: int = 20,
    hours: float = 8.0,
    seed: int = 0,
    threshold: timedelta = timedelta(seconds=2),
    customers: CustomerModel | None = None,
    agent_times: AgentModel | None = None,
) -> tuple[CallEvent, ...]:
    """One campaign's simulated day: every call event, in the order it happened.

    Raises:
        InvalidValue: agents outside 1 to 1000, hours outside (0, 24], a threshold outside
            0 to 60 s, or settings that are not pacing settings.
    """
    _check(agents, hours, threshold, settings)
    day = _Day(
        campaign, settings, 0.0, hours * 3600.0, threshold.total_seconds(),
        random.Random(f"list/{seed}"), random.Random(f"agents/{seed}"),
        customers or CustomerModel(), agent_times or AgentModel(), PacingStatistics(campaign),
    )  # fmt: skip
    day.run(agents)
    return tuple(day.events)


def _check(agents: object, hours: object, threshold: object, settings: object) -> None:
    if type(agents) is not int or not 1 <= agents <= 1000:
        raise InvalidValue(f"agents {shorten(agents)} is outside 1 to 1000", field="agents")
    if type(hours) not in (int, float) or not 0 < hours <= 24:  # type: ignore[operator]
        raise InvalidValue(f"hours {shorten(hours)} is outside 0 to 24", field="hours")
    if not isinstance(threshold, timedelta) or not timedelta(0) <= threshold <= timedelta(
        seconds=60
    ):
        raise InvalidValue(
            f"threshold {shorten(threshold)} is outside 0 to 60 s", field="threshold"
        )
    if not isinstance(settings, ProgressiveSettings | PredictiveSettings):
        raise InvalidValue(
            f"settings are ProgressiveSettings or PredictiveSettings, not {shorten(settings)}",
            code=ErrorCode.WRONG_TYPE,
            field="settings",
        )


def day_series(
    events: Sequence[CallEvent], start: datetime, end: datetime, step: timedelta
) -> list[dict[str, float | None]]:
    """The day in steps: at each step's end, the cumulative abandon rate (abandoned calls
    over live answers so far, percent) and the occupancy within the step (percent)."""
    points: list[dict[str, float | None]] = []
    ordered = sorted(events, key=lambda e: e.at)
    states: dict[str, tuple[AgentActivity, datetime]] = {}
    index, live, abandoned = 0, 0, 0
    cursor = start
    while cursor < end:
        stop = min(end, cursor + step)
        logged = working = 0.0
        while index < len(ordered) and ordered[index].at <= stop:
            event = ordered[index]
            index += 1
            if isinstance(event, DialOutcome) and event.result is DialResult.LIVE_ANSWER:
                live += 1
            elif isinstance(event, CallAbandoned):
                abandoned += 1
            elif isinstance(event, AgentStateChanged):
                before = states.pop(event.agent_id, None)
                if before is not None:
                    seconds = (event.at - max(before[1], cursor)).total_seconds()
                    logged += seconds
                    working += seconds if before[0] in _WORKING else 0.0
                if event.state is not AgentActivity.LOGGED_OUT:
                    states[event.agent_id] = (event.state, event.at)
        for state, since in states.values():
            seconds = (stop - max(since, cursor)).total_seconds()
            logged += seconds
            working += seconds if state in _WORKING else 0.0
        for agent_id, (state, since) in list(states.items()):
            states[agent_id] = (state, max(since, stop))
        points.append(
            {
                "minute": (stop - start).total_seconds() / 60.0,
                "abandon_rate": 100.0 * abandoned / live if live else None,
                "occupancy": 100.0 * working / logged if logged else None,
            }
        )
        cursor = stop
    return points


_WORKING: Final = (AgentActivity.BUSY, AgentActivity.WRAP_UP)


@attrs.define(frozen=True, slots=True)
class PacingExperiment:
    """The day of both campaigns: their figures, a series every 15 minutes, the events."""

    abandon_target: float
    agents: int
    hours: float
    seed: int
    figures: dict[str, CampaignFigures]
    series: dict[str, list[dict[str, float | None]]]
    events: tuple[CallEvent, ...]

    def to_dict(self) -> dict[str, Any]:
        """The experiment as plain JSON data: `pacing` (figures by campaign) and `series`."""
        return {
            "abandon_target": self.abandon_target,
            "agents": self.agents,
            "hours": self.hours,
            "seed": self.seed,
            "pacing": {name: f.to_dict() for name, f in self.figures.items()},
            "series": self.series,
        }


PROGRESSIVE_CAMPAIGN: Final = "Progressive campaign"
PREDICTIVE_CAMPAIGN: Final = "Predictive campaign"


def pacing_experiment(
    *,
    agents: int = 20,
    hours: float = 8.0,
    seed: int = 0,
    abandon_target: float = 3.0,
    predictive: PredictiveSettings | None = None,
    progressive: ProgressiveSettings | None = None,
) -> PacingExperiment:
    """Run both campaigns over the same list and seed; Predictive aims at `abandon_target`
    percent (unless `predictive` settings are given).

    Raises:
        InvalidValue: a bad argument (see `run_campaign`, `PredictiveSettings`).
    """
    predictive = predictive or PredictiveSettings(optimization_goal=abandon_target)
    progressive = progressive or ProgressiveSettings()
    runs = {
        PROGRESSIVE_CAMPAIGN: run_campaign(
            progressive, campaign=PROGRESSIVE_CAMPAIGN, agents=agents, hours=hours, seed=seed
        ),
        PREDICTIVE_CAMPAIGN: run_campaign(
            predictive, campaign=PREDICTIVE_CAMPAIGN, agents=agents, hours=hours, seed=seed
        ),
    }
    events = tuple(e for run in runs.values() for e in run)
    end = max(e.at for e in events)
    step = timedelta(minutes=15)
    day_end = DAY_START + timedelta(hours=hours)
    return PacingExperiment(
        predictive.optimization_goal,
        agents,
        float(hours),
        seed,
        pacing_figures(events, end),
        {name: day_series(run, DAY_START, day_end, step) for name, run in runs.items()},
        events,
    )
