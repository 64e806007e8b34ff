"""How the in-memory server hands records over: retrieval order, Do Not Call, pushes.

`DeliveryMixin` holds the part of `InMemoryOutboundServer` that takes a chain from a queue
(skipping chains the agent rejected, finalizing numbers on the Do-Not-Call list on the way),
leases it out and delivers it to an agent, and that pushes Push Preview and Direct Push Preview
records to every Ready agent who may receive them.
"""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from outbound_core.agent import AGENT_SESSION, AgentSession
from outbound_core.campaign import Campaign
from outbound_core.codes import CallbackType, CallResult, DialingMode
from outbound_core.codes import RecordStatus as S
from outbound_core.codes import RecordType as T
from outbound_core.privileges import Privilege, Privileges
from outbound_core.records.dnc import DoNotCallList
from outbound_core.server.protocol import Delivery, Notice, NoticeKind, ServerSettings
from outbound_core.server.store import Entry, Place, RecordStore
from outbound_core.trace import Tracer

if TYPE_CHECKING:
    from outbound_core.server.web_callbacks import WebCallbackBoard

__all__ = ["DeliveryMixin"]

_PUSHED = (DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW)
#: Agent session states with a `deliver` transition: where a record may be delivered at all.
_MAY_TAKE = frozenset(
    transition.source
    for transitions in AGENT_SESSION.table.values()
    for transition in transitions
    if transition.event == "deliver"
)
_ORDER_CACHE: dict[frozenset[str], tuple[str, ...]] = {}


def _pushed_count(interactions: dict[str, DialingMode]) -> int:
    return sum(mode in _PUSHED for mode in interactions.values()) if interactions else 0


def _in_order(agents: set[str]) -> tuple[str, ...]:
    """The agents in a stable (sorted) order, remembered per set of agents."""
    key = frozenset(agents)
    found = _ORDER_CACHE.get(key)
    if found is None:
        if len(_ORDER_CACHE) > 256:
            _ORDER_CACHE.clear()
        found = _ORDER_CACHE[key] = tuple(sorted(key))
    return found


@attrs.define(slots=True, eq=False)
class _Agent:
    session: AgentSession
    privileges: Privileges
    inbox: list[Notice] = attrs.field(factory=list)
    personal: list[Entry] = attrs.field(factory=list)
    direct_push: bool = False


@attrs.define(slots=True, eq=False)
class _Lease:
    delivery_id: str
    agent_id: str | None
    key: int
    slot: int
    mode: DialingMode
    since: datetime
    callback: CallbackType | None = None
    accepted: bool = False
    reserved: str | None = None


class DeliveryMixin:
    """Retrieval and delivery of `InMemoryOutboundServer` (see the module docs)."""

    store: RecordStore
    agents: dict[str, _Agent]
    campaigns: dict[str, Campaign]
    leases: dict[str, _Lease]
    dnc: DoNotCallList
    trace: Tracer
    settings: ServerSettings
    stats: Counter[str]
    callback_owner: dict[int, str | None]
    web_callbacks: WebCallbackBoard
    _now: datetime
    _counter: int
    _callback_slot: dict[int, int]
    _rejected_by: dict[int, set[str]]
    _lease_of_chain: dict[int, str]
    _campaign_names: list[str]
    _campaign_index: dict[str, int]

    def _tell(self, agent_id: str, notice: Notice) -> None:
        self.agents[agent_id].inbox.append(notice)

    # ---- internals: delivery -----------------------------------------------------------------

    def _next_for(self, agent_id: str, campaign: int, mode: DialingMode) -> Delivery | None:
        agent = self.agents[agent_id]
        for queue in (agent.personal, self.store.queues[campaign]):
            key = self._pop(queue, agent_id, campaign)
            if key is not None:
                return self._hand_over(agent_id, key, mode)
        return None

    def _pop(self, queue: list[Entry], agent_id: str | None, campaign: int) -> int | None:
        """The first valid queued chain of `campaign` this agent may get, taken off `queue`."""
        store, skipped, found = self.store, [], None
        while queue:
            entry = heapq.heappop(queue)
            key = entry[2]
            if not store.valid(entry):
                continue
            if store.chain_campaign[key] != campaign or (
                agent_id is not None and agent_id in self._rejected_by.get(key, ())
            ):
                skipped.append(entry)
                continue
            if self._selected_slot(key) is None:
                continue
            found = key
            break
        for entry in skipped:
            heapq.heappush(queue, entry)
        return found

    def _selected_slot(self, key: int) -> int | None:
        """The chain's record to deliver (its callback record, else the first Ready one in
        chain order); records on the Do-Not-Call list are finalized on the way (No Call)."""
        store = self.store
        wanted = self._callback_slot.get(key)
        candidates = [wanted] if wanted is not None else store.live_slots(key)
        for slot in candidates:
            record = store.records[slot]
            if self.dnc.blocks(record.phone, record.chain_id):
                store.records[slot] = attrs.evolve(record, call_result=CallResult.DO_NOT_CALL)
                store.set(slot, S.UPDATED, T.NO_CALL)
                self.trace.emit(
                    "server", "dnc-blocked", record_handle=record.record_handle,
                    chain_id=record.chain_id, args={"phone": record.phone},
                )  # fmt: skip
                continue
            if store.status[slot] == S.READY:
                return slot
        if not store.live_slots(key):
            store.move(key, Place.DONE)
            self._callback_slot.pop(key, None)
        return None

    def _hand_over(
        self, agent_id: str | None, key: int, mode: DialingMode, dial: bool = False
    ) -> Delivery | None:
        lease = self._lease_out(key, mode, dial)
        if lease is None or agent_id is None:
            return None
        return self._deliver(lease, agent_id)

    def _lease_out(self, key: int, mode: DialingMode, dial: bool) -> _Lease | None:
        slot = self._selected_slot(key)
        if slot is None:
            return None
        store = self.store
        self._counter += 1
        delivery_id = f"{'dial' if dial else 'd'}{self._counter}"
        callback = self._callback_kind(key)
        for member in store.live_slots(key):
            store.set(member, S.RETRIEVED if member == slot else S.CHAIN_READY)
        store.move(key, Place.OUT)
        lease = _Lease(delivery_id, None, key, slot, mode, self._now, callback)
        self.leases[delivery_id] = lease
        self._lease_of_chain[key] = delivery_id
        return lease

    def _deliver(self, lease: _Lease, agent_id: str) -> Delivery:
        store, key = self.store, lease.key
        record = store.records[lease.slot]
        session = self.agents[agent_id].session
        before = session.state
        session.deliver(lease.delivery_id, lease.mode)
        lease.agent_id, lease.since = agent_id, self._now
        if lease.callback is not None:
            self.stats["callbacks delivered"] += 1
        campaign = self._campaign_names[store.chain_campaign[key]]
        delivery = Delivery(
            lease.delivery_id, agent_id, campaign, lease.mode,
            store.chain(key, lease.slot), record.record_handle, lease.callback,
        )  # fmt: skip
        self.trace.emit(
            "server", "record-delivered", agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=lease.mode.value, state_before=before,
            state_after=session.state,
            args={"delivery_id": lease.delivery_id, "campaign": campaign,
                  "callback": None if lease.callback is None else lease.callback.value},
        )  # fmt: skip
        if lease.mode in _PUSHED or lease.mode.system_dials:
            self._tell(agent_id, Notice(NoticeKind.DELIVERED, delivery=delivery))
        return delivery

    def _callback_kind(self, key: int) -> CallbackType | None:
        if key not in self._callback_slot:
            return None
        personal = self.callback_owner.get(key) is not None
        return CallbackType.PERSONAL if personal else CallbackType.CAMPAIGN

    def _dispatch(self) -> None:
        """Push records to every Ready agent who may receive them (Push / Direct Push Preview)."""
        for name, campaign in self.campaigns.items():
            if not campaign.running or campaign.mode not in _PUSHED:
                continue
            index = self._campaign_index[name]
            limit = self.settings.pushed_per_agent
            for agent_id in _in_order(campaign.agents):
                agent = self.agents[agent_id]
                session = agent.session
                # Most agents are busy, away or already hold their pushed records: those facts
                # settle it before the dearer privilege and lifecycle questions.
                if (
                    session.state not in _MAY_TAKE
                    or session.call_in_flight
                    or _pushed_count(session.interactions) >= limit
                    or not (campaign.mode is DialingMode.PUSH_PREVIEW or agent.direct_push)
                    or not agent.privileges.allows(Privilege.PUSH_PREVIEW_CAN_USE)
                ):
                    continue
                while (
                    not session.call_in_flight
                    and _pushed_count(session.interactions) < limit
                    and session.may_take(campaign.mode)
                ):
                    if self._next_for(agent_id, index, campaign.mode) is None:
                        break
        self.web_callbacks.route()
