"""Pacing the system-dialed campaigns of one server: statistics, dials, answered calls waiting.

For each Progressive or Predictive campaign the server keeps `PacingStatistics` (issue 15,
`outbound_core.pacing`), fed with the call events it sees as they happen, each also traced (kind
`pacing`, the lines `outbound-core abandon` reads):

| the server sees | call events |
|---|---|
| a dial starts | `dial-placed` |
| the customer answers (the caller reports it once the greeting ended) | `dial-outcome` live answer, `greeting-started`, `greeting-ended` |
| the dial fails | `dial-outcome` (busy, no answer, answering machine, failed); a machine is hung up (`hang-up` by the system) |
| the call reaches an agent | `agent-connected` |
| nobody takes it within the abandon threshold | `message-played`, `call-abandoned`, `hang-up` by the system |
| the customer hangs up while waiting | `hang-up` by the customer |
| an agent of the campaign changes state | `agent-state` (Ready, Busy while a record is on the desk, Not Ready, Logged out) |

The server knows a call has ended only when its record leaves the desk (Mark Done), so an
agent's talk and wrap-up are one Busy span here. `DialPacer.dials_now` is the campaign's
controller answer (`CampaignRules.pacing_for` its mode); a live answer no agent can take waits
in `waiting` (oldest first) until an agent is free or its deadline (the abandon rules'
threshold after the answer) passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from outbound_core.codes import CallResult
from outbound_core.journal import NULL_JOURNAL, ChangeJournal
from outbound_core.pacing import (
    PACING_KIND,
    AgentActivity,
    AgentStateChanged,
    CallEvent,
    DialResult,
    PacingDecision,
    PacingStatistics,
    decide,
    dials_now,
    trace_facts,
)
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.campaigns import CampaignRegistry
from outbound_core.server.clock import ServerClock
from outbound_core.trace import Tracer

__all__ = ["DialPacer", "dial_result"]

_ACTIVITY_OF_STATE: Mapping[str, AgentActivity] = {
    "logged_out": AgentActivity.LOGGED_OUT,
    "not_ready": AgentActivity.NOT_READY,
    "ready": AgentActivity.READY,
    "engaged": AgentActivity.BUSY,
    "logout_pending": AgentActivity.NOT_READY,
    "engaged_logout_pending": AgentActivity.BUSY,
}
_MACHINE_RESULTS = frozenset(
    {CallResult.ANSWERING_MACHINE, CallResult.FAXDETECTED, CallResult.PAGER_DETECTED}
)
_NO_ANSWER_RESULTS = frozenset({CallResult.NO_ANSWER, CallResult.DROPPED_NO_ANSWER})


def dial_result(result: CallResult) -> DialResult:
    """How call progress analysis tells a failed dial's call result: Busy, No Answer (Dropped
    on No Answer too), a machine (answering machine, fax, pager), or failed."""
    if result is CallResult.BUSY:
        return DialResult.BUSY
    if result in _NO_ANSWER_RESULTS:
        return DialResult.NO_ANSWER
    if result in _MACHINE_RESULTS:
        return DialResult.ANSWERING_MACHINE
    return DialResult.FAILED


class DialPacer:
    """The pacing state of one server's system-dialed campaigns (see the module docs)."""

    __slots__ = (
        "_activity",
        "_agents",
        "_campaigns",
        "_clock",
        "_stats",
        "_tracer",
        "_waiting",
        "journal",
        "listeners",
    )

    def __init__(
        self,
        campaigns: CampaignRegistry,
        agents: AgentRegistry,
        clock: ServerClock,
        tracer: Tracer,
    ) -> None:
        self._campaigns = campaigns
        self._agents = agents
        self._clock = clock
        self._tracer = tracer
        self._stats: dict[str, PacingStatistics] = {}
        self._activity: dict[str, dict[str, AgentActivity]] = {}
        self._waiting: dict[str, tuple[str, float]] = {}
        #: Called with every call event, after it is fed and traced (e.g. to keep them all).
        self.listeners: list[Callable[[CallEvent], None]] = []
        #: Told of every change (the part `pacing`).
        self.journal: ChangeJournal = NULL_JOURNAL

    def statistics(self, campaign_name: str) -> PacingStatistics:
        """The campaign's statistics now (empty before its first event)."""
        found = self._stats.get(campaign_name)
        return PacingStatistics(campaign_name) if found is None else found

    def dials_now(self, campaign_name: str) -> int:
        """How many calls the campaign's controller places now (0 for a campaign that does
        not dial by itself or is not running)."""
        campaign = self._campaigns.get(campaign_name)
        if not campaign.running or not campaign.mode.system_dials:
            return 0
        settings = self._campaigns.rules(campaign_name).pacing_for(campaign.mode)
        return dials_now(self.statistics(campaign_name), settings, self._clock.now)

    def decision(self, campaign_name: str) -> PacingDecision:
        """`dials_now` with the figures it came from.

        Raises:
            NotFound: no such campaign.
        """
        campaign = self._campaigns.get(campaign_name)
        settings = self._campaigns.rules(campaign_name).pacing_for(campaign.mode)
        return decide(self.statistics(campaign_name), settings, self._clock.now)

    def emit(self, event: CallEvent) -> None:
        """Feed one call event (at the server's clock) to its campaign's statistics, trace it,
        and tell the listeners."""
        name = event.campaign
        found = self._stats.get(name)
        self._stats[name] = (PacingStatistics(name) if found is None else found).fed(event)
        self.journal.part_changed("pacing")
        self._tracer.emit(PACING_KIND, event.name, **trace_facts(event))
        for listener in self.listeners:
            listener(event)

    def agent_moved(self, agent_id: str) -> None:
        """The agent's session may have changed: tell each system-dialed campaign of theirs
        its new activity, when it changed."""
        state = self._agents.get(agent_id).session.state
        activity = _ACTIVITY_OF_STATE[state]
        now = self._clock.now
        for name, campaign in self._campaigns.items():
            if agent_id not in campaign.agents or not campaign.mode.system_dials:
                continue
            told = self._activity.setdefault(name, {})
            before = told.get(agent_id, AgentActivity.LOGGED_OUT)
            if before is activity:
                continue
            told[agent_id] = activity
            self.emit(AgentStateChanged(now, name, agent_id, activity))

    # ---- answered calls waiting for an agent ------------------------------------------------

    def wait(self, dial_id: str, campaign_name: str, deadline: datetime) -> None:
        """A live answer waits for an agent until `deadline`."""
        self._waiting[dial_id] = (campaign_name, deadline.timestamp())
        self.journal.part_changed("pacing")

    def is_waiting(self, dial_id: str) -> bool:
        """Whether the dial's answered call waits for an agent."""
        return dial_id in self._waiting

    def stop_waiting(self, dial_id: str) -> None:
        """The call no longer waits (connected, abandoned or hung up)."""
        del self._waiting[dial_id]
        self.journal.part_changed("pacing")

    def waiting(self) -> Iterator[tuple[str, str]]:
        """(dial id, campaign) of every call waiting, oldest first."""
        return iter([(dial_id, name) for dial_id, (name, _) in self._waiting.items()])

    def next_deadline(self) -> float | None:
        """The earliest deadline of a waiting call (POSIX seconds), or None."""
        return min((deadline for _, deadline in self._waiting.values()), default=None)

    def overdue(self, stamp: float) -> list[tuple[float, str]]:
        """(deadline, dial id) of every waiting call whose deadline is at `stamp` or before,
        earliest first."""
        return sorted(
            (deadline, dial_id)
            for dial_id, (_, deadline) in self._waiting.items()
            if deadline <= stamp
        )

    # ---- snapshot --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The statistics, the agents' last activities and the waiting calls as plain data."""
        return {
            "statistics": {name: s.to_dict() for name, s in sorted(self._stats.items())},
            "activity": {
                name: {agent: a.value for agent, a in sorted(told.items())}
                for name, told in sorted(self._activity.items())
            },
            "waiting": [[d, name, deadline] for d, (name, deadline) in self._waiting.items()],
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take what `to_dict` wrote (into an empty pacer)."""
        self._stats = {
            name: PacingStatistics.from_dict(s) for name, s in data["statistics"].items()
        }
        self._activity = {
            name: {agent: AgentActivity(a) for agent, a in told.items()}
            for name, told in data["activity"].items()
        }
        self._waiting = {d: (name, float(deadline)) for d, name, deadline in data["waiting"]}
