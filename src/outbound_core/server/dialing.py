"""Progressive and Predictive dialing (seed 001, reference §7).

The system dials; the caller (a simulation, a test) says how each dial ends, since the server
has no telephony. How many dials start is the campaign's pacing controller's answer
(`InMemoryOutboundServer.pace`, `server.pacer`); each dial reserves a Ready agent when there is
one (the agent's logout is negotiated from then on, `AgentSession.call_establishing`). A dial
asked for outside pacing (`InMemoryOutboundServer.dial`) needs an agent in Progressive, and in
Predictive stays within `ServerSettings.predictive_overdial` dials per logged-in agent.
An answered call goes to the reserved agent, or to whichever agent is Ready then, or waits for
one up to the abandon threshold and is then abandoned (call result Abandoned, 21); a failed
dial's call result is treated (`server.treating`). `SystemDialer` starts the dials; the server
settles how they end.
"""

from __future__ import annotations

import attrs

from outbound_core.codes import DialingMode
from outbound_core.errors import TransitionNotAllowed
from outbound_core.privileges import Privilege
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.campaigns import CampaignRegistry
from outbound_core.server.delivery import RecordDelivery
from outbound_core.server.leases import LeaseBook
from outbound_core.server.protocol import ServerSettings
from outbound_core.server.store import RecordStore
from outbound_core.trace import Tracer

__all__ = ["DialAttempt", "SystemDialer"]


@attrs.define(frozen=True, slots=True)
class DialAttempt:
    """A call the system is dialing: its id, the record, and the agent reserved for it."""

    dial_id: str
    campaign_name: str
    mode: DialingMode
    record_handle: int
    chain_id: int
    phone: str
    agent_id: str | None


class SystemDialer:
    """Starts the dials of the system-dialed campaigns of one server."""

    __slots__ = ("_agents", "_campaigns", "_delivery", "_leases", "_settings", "_store", "_tracer")

    def __init__(
        self,
        store: RecordStore,
        campaigns: CampaignRegistry,
        agents: AgentRegistry,
        leases: LeaseBook,
        delivery: RecordDelivery,
        tracer: Tracer,
        settings: ServerSettings,
    ) -> None:
        self._store = store
        self._campaigns = campaigns
        self._agents = agents
        self._leases = leases
        self._delivery = delivery
        self._tracer = tracer
        self._settings = settings

    def ready_agent(self, campaign_name: str) -> str | None:
        """The first (by id) agent of the campaign who is Ready with no call in flight and may
        take outbound calls (`can-use`)."""
        for agent_id in sorted(self._campaigns.get(campaign_name).agents):
            agent = self._agents.get(agent_id)
            session = agent.session
            if (
                session.state == "ready"
                and not session.call_in_flight
                and agent.privileges.allows(Privilege.CAN_USE)
            ):
                return agent_id
        return None

    def start(
        self, campaign_name: str, *, paced: bool = False, reserve: bool = True
    ) -> DialAttempt | None:
        """Dial the campaign's next record, or None when there is no record or no agent for it.
        A `paced` dial is one the campaign's controller asked for: it reserves a Ready agent
        when there is one and `reserve` says so (a Progressive controller: a dial per agent),
        and is placed without one otherwise (the controller has counted it; a Predictive
        call goes to whichever agent is free when it is answered); an unpaced Progressive
        dial needs an agent, an unpaced Predictive one stays within
        `ServerSettings.predictive_overdial`.

        Raises:
            NotFound: no such campaign.
            TransitionNotAllowed: the campaign is not running or does not dial by itself.
        """
        campaign = self._campaigns.get(campaign_name)
        if not campaign.running or not campaign.mode.system_dials:
            raise TransitionNotAllowed(
                f"campaign {campaign_name} does not dial now ({campaign.state}, {campaign.mode.label})",
                state=campaign.state, event="dial", machine="server", failed_guards=[],
            )  # fmt: skip
        store = self._store
        agent_id = self.ready_agent(campaign_name) if reserve or not paced else None
        index = self._campaigns.index(campaign_name)
        if agent_id is None and not paced:
            if campaign.mode is not DialingMode.PREDICTIVE:
                return None
            agents = [a for a in campaign.agents if self._agents.get(a).session.logged_in]
            ahead = sum(
                1 for lease in self._leases.values()
                if lease.agent_id is None and store.chain_campaign[lease.key] == index
            )  # fmt: skip
            if ahead >= self._settings.predictive_overdial * len(agents):
                return None
        key = None
        if agent_id is not None:
            key = self._delivery.pop(agent_id, agent_id, index)
        if key is None:
            key = self._delivery.pop(None, agent_id, index)
        if key is None:
            return None
        lease = self._delivery.lease_out(key, campaign.mode, dial=True)
        if lease is None:
            return None
        if agent_id is not None:
            session = self._agents.get(agent_id).session
            self._agents.move(agent_id, "call_establishing", session.call_establishing)
            lease.reserved = agent_id
            self._leases.changed(lease)
        record = store.records[lease.slot]
        self._tracer.emit(
            "server", "dial-started", agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=campaign.mode.value,
            args={"delivery_id": lease.delivery_id, "campaign": campaign_name},
        )  # fmt: skip
        return DialAttempt(
            lease.delivery_id, campaign_name, campaign.mode, record.record_handle,
            record.chain_id, record.phone, agent_id,
        )  # fmt: skip
