"""Progressive and Predictive dialing on the in-memory server (seed 001, reference §7).

The system dials; the caller (a simulation, a test) says how each dial ends, since the server
has no telephony. Progressive dials only for a Ready agent it reserves first (the agent's
logout is negotiated from then on, `AgentSession.call_establishing`); Predictive may also dial
ahead, up to `ServerSettings.predictive_overdial` calls per logged-in agent of the campaign,
and gives an answered call to whichever agent is Ready then, or abandons it (call result
Abandoned, 21) when none is. A failed dial finalizes the record with the dial's call result
(no treatment, reference §4.2: Updated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from outbound_core.codes import CallResult, DialingMode
from outbound_core.codes import RecordStatus as S
from outbound_core.errors import NotFound, TransitionNotAllowed, shorten
from outbound_core.server.protocol import Delivery
from outbound_core.server.store import Place

if TYPE_CHECKING:
    from outbound_core.server.delivery import _Lease
    from outbound_core.server.in_memory import InMemoryOutboundServer

__all__ = ["DialAttempt", "dial_answered", "dial_failed", "start_dial"]


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


def _ready_agent(server: InMemoryOutboundServer, campaign_name: str) -> str | None:
    for agent_id in sorted(server.campaign(campaign_name).agents):
        session = server.agents[agent_id].session
        if session.state == "ready" and not session.call_in_flight:
            return agent_id
    return None


def start_dial(server: InMemoryOutboundServer, campaign_name: str) -> DialAttempt | None:
    """Dial the campaign's next record, or None when there is no record or no agent for it.

    Raises:
        TransitionNotAllowed: the campaign is not running or does not dial by itself.
    """
    campaign = server.campaign(campaign_name)
    if not campaign.running or not campaign.mode.system_dials:
        raise TransitionNotAllowed(
            f"campaign {campaign_name} does not dial now ({campaign.state}, {campaign.mode.label})",
            state=campaign.state, event="dial", machine="server", failed_guards=[],
        )  # fmt: skip
    agent_id = _ready_agent(server, campaign_name)
    index = server._index(campaign_name)
    if agent_id is None:
        if campaign.mode is not DialingMode.PREDICTIVE:
            return None
        agents = [a for a in campaign.agents if server.agents[a].session.logged_in]
        ahead = sum(
            1 for lease in server.leases.values()
            if lease.agent_id is None and server.store.chain_campaign[lease.key] == index
        )  # fmt: skip
        if ahead >= server.settings.predictive_overdial * len(agents):
            return None
    key = None
    if agent_id is not None:
        key = server._pop(server.agents[agent_id].personal, agent_id, index)
    if key is None:
        key = server._pop(server.store.queues[index], agent_id, index)
    if key is None:
        return None
    lease = server._lease_out(key, campaign.mode, dial=True)
    if lease is None:
        return None
    if agent_id is not None:
        server.agents[agent_id].session.call_establishing()
        lease.reserved = agent_id
    record = server.store.records[lease.slot]
    server.trace.emit(
        "server", "dial-started", agent_id=agent_id, record_handle=record.record_handle,
        chain_id=record.chain_id, mode=campaign.mode.value,
        args={"delivery_id": lease.delivery_id, "campaign": campaign_name},
    )  # fmt: skip
    return DialAttempt(
        lease.delivery_id, campaign_name, campaign.mode, record.record_handle,
        record.chain_id, record.phone, agent_id,
    )  # fmt: skip


def _dial_lease(server: InMemoryOutboundServer, dial_id: str) -> _Lease:
    lease = server.leases.get(dial_id)
    if lease is None or lease.agent_id is not None:
        raise NotFound(f"no dial {shorten(dial_id)} in progress", dial_id=shorten(dial_id))
    return lease


def dial_answered(server: InMemoryOutboundServer, dial_id: str) -> Delivery | None:
    """The customer answered: the call goes, connected, to the reserved agent or to a Ready
    one; with nobody Ready it is abandoned (None)."""
    lease = _dial_lease(server, dial_id)
    agent_id = lease.reserved
    if agent_id is not None and not server.agents[agent_id].session.may_take(lease.mode):
        # The reserved agent went Not Ready meanwhile: the call goes to another agent.
        server.agents[agent_id].session.call_not_established()
        server._maybe_authorize(agent_id)
        agent_id = lease.reserved = None
    if agent_id is None:
        campaign = server._campaign_names[server.store.chain_campaign[lease.key]]
        agent_id = _ready_agent(server, campaign)
        if agent_id is not None:
            server.agents[agent_id].session.call_establishing()
    if agent_id is None:
        _finish_dial(server, lease, CallResult.ABANDONED, "dial-abandoned")
        return None
    return server._deliver(lease, agent_id)


def dial_failed(
    server: InMemoryOutboundServer, dial_id: str, call_result: CallResult | int | str
) -> None:
    """The dial did not connect (busy, no answer, ...): the record is done with that result."""
    lease = _dial_lease(server, dial_id)
    result = CallResult.parse(call_result)
    if lease.reserved is not None:
        server.agents[lease.reserved].session.call_not_established()
    _finish_dial(server, lease, result, "dial-failed")
    if lease.reserved is not None:
        server._maybe_authorize(lease.reserved)


def _finish_dial(
    server: InMemoryOutboundServer, lease: _Lease, result: CallResult, event: str
) -> None:
    store = server.store
    record = store.records[lease.slot]
    store.records[lease.slot] = attrs.evolve(
        record, call_result=result, attempts=(record.attempts or 0) + 1
    )
    store.set(lease.slot, S.UPDATED)
    for member in store.live_slots(lease.key):
        store.set(member, S.CHAIN_UPDATED)
    store.move(lease.key, Place.DONE)
    server._callback_slot.pop(lease.key, None)
    server.callback_owner.pop(lease.key, None)
    server._release(lease, event, {"call_result": int(result)})
