"""How the server hands records over: retrieval order, Do Not Call on the way, pushes.

`RecordDelivery` takes a chain from a queue (skipping chains the agent returned, finalizing
numbers on the Do-Not-Call list on the way), leases it out and delivers it to an agent, and
pushes Push Preview and Direct Push Preview records to every Ready agent who may receive them.
"""

from __future__ import annotations

import heapq
from collections import Counter

import attrs

from outbound_core.agent import AGENT_SESSION
from outbound_core.codes import CallResult, DialingMode
from outbound_core.codes import RecordStatus as S
from outbound_core.codes import RecordType as T
from outbound_core.privileges import Privilege
from outbound_core.records import DoNotCallList
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.callbacks import CallbackSchedule
from outbound_core.server.campaigns import CampaignRegistry
from outbound_core.server.clock import ServerClock
from outbound_core.server.leases import Lease, LeaseBook
from outbound_core.server.protocol import Delivery, Notice, NoticeKind, ServerSettings
from outbound_core.server.store import Place, RecordStore
from outbound_core.trace import Tracer

__all__ = ["PUSHED_MODES", "RecordDelivery"]

#: The modes whose records the server pushes to agents unasked.
PUSHED_MODES = (DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW)
#: Agent session states with a `deliver` transition: where a record may be delivered at all.
_MAY_TAKE = frozenset(
    transition.source
    for transitions in AGENT_SESSION.table.values()
    for transition in transitions
    if transition.event == "deliver"
)
_ORDER_CACHE: dict[frozenset[str], tuple[str, ...]] = {}
#: The statuses of a record that may be retrieved for an agent or a dial.
_RETRIEVABLE = frozenset({S.READY, S.CHAIN_READY, S.MISSED_CALLBACK})


def _pushed_count(interactions: dict[str, DialingMode]) -> int:
    return sum(mode in PUSHED_MODES for mode in interactions.values()) if interactions else 0


def _in_order(agents: set[str]) -> tuple[str, ...]:
    """The agents in a stable (sorted) order, remembered per set of agents."""
    key = frozenset(agents)
    found = _ORDER_CACHE.get(key)
    if found is None:
        if len(_ORDER_CACHE) > 256:
            _ORDER_CACHE.clear()
        found = _ORDER_CACHE[key] = tuple(sorted(key))
    return found


class RecordDelivery:
    """Retrieval and delivery for one server (see the module docs)."""

    __slots__ = (
        "_agents",
        "_callbacks",
        "_campaigns",
        "_clock",
        "_dnc",
        "_leases",
        "_settings",
        "_stats",
        "_store",
        "_tracer",
    )

    def __init__(
        self,
        store: RecordStore,
        campaigns: CampaignRegistry,
        agents: AgentRegistry,
        leases: LeaseBook,
        callbacks: CallbackSchedule,
        dnc: DoNotCallList,
        clock: ServerClock,
        tracer: Tracer,
        settings: ServerSettings,
        stats: Counter[str],
    ) -> None:
        self._store = store
        self._campaigns = campaigns
        self._agents = agents
        self._leases = leases
        self._callbacks = callbacks
        self._dnc = dnc
        self._clock = clock
        self._tracer = tracer
        self._settings = settings
        self._stats = stats

    def next_for(self, agent_id: str, campaign: int, mode: DialingMode) -> Delivery | None:
        """Deliver the agent's next record of campaign number `campaign`: a due personal
        callback of theirs first, then the campaign's queue; None when nothing is left."""
        for owner in (agent_id, None):
            key = self.pop(owner, agent_id, campaign)
            if key is not None:
                lease = self.lease_out(key, mode, dial=False)
                if lease is None:
                    return None
                return self.deliver(lease, agent_id)
        return None

    def pop(self, owner: str | None, agent_id: str | None, campaign: int) -> int | None:
        """The first valid queued chain of `campaign` this agent may get, taken off the
        queue of personal callbacks of `owner` (None: the campaign's queue)."""
        store, skipped, found = self._store, [], None
        heap, queue = store.queue(owner, campaign)
        journal = store.journal
        while queue:
            entry = heapq.heappop(queue)
            journal.heap_popped(heap)
            key = entry[2]
            if not store.valid(entry):
                continue
            if store.chain_campaign[key] != campaign or (
                agent_id is not None and agent_id in store.returned_by.get(key, ())
            ):
                skipped.append(entry)
                continue
            if self.selected_slot(key) is None:
                continue
            found = key
            break
        for entry in skipped:
            heapq.heappush(queue, entry)
            journal.heap_pushed(heap, entry)
        return found

    def selected_slot(self, key: int) -> int | None:
        """The chain's record to deliver (its callback record, else the first Ready one in
        chain order, a missed callback too); records on the Do-Not-Call list are finalized on
        the way (No Call)."""
        store = self._store
        wanted = self._callbacks.slot(key)
        candidates = [wanted] if wanted is not None else store.live_slots(key)
        for slot in candidates:
            if store.is_final(slot):
                continue
            record = store.records[slot]
            if self._dnc.blocks(record.phone, record.chain_id):
                store.set_record(slot, attrs.evolve(record, call_result=CallResult.DO_NOT_CALL))
                store.move_record(slot, "mark_do_not_call", T.NO_CALL)
                self._tracer.emit(
                    "server", "dnc-blocked", record_handle=record.record_handle,
                    chain_id=record.chain_id, args={"phone": record.phone},
                )  # fmt: skip
                continue
            if store.status[slot] in _RETRIEVABLE:
                return slot
        if not store.live_slots(key):
            store.move(key, Place.DONE, "process")
            self._callbacks.forget(key)
        return None

    def lease_out(self, key: int, mode: DialingMode, *, dial: bool) -> Lease | None:
        """Lease chain `key` out with its selected record (Retrieved, the others Chain Ready);
        None when no record of it may be delivered."""
        slot = self.selected_slot(key)
        if slot is None:
            return None
        store = self._store
        callback = self._callbacks.kind(key)
        lease = self._leases.open(key, slot, mode, self._clock.now, callback, dial=dial)
        store.move(key, Place.OUT, "start_processing")
        store.move_record(slot, "retrieve")
        for member in store.live_slots(key):
            if member != slot and store.status[member] != S.CHAIN_READY:
                store.move_record(member, "chain_member_retrieved")
        self._callbacks.taken(key)
        return lease

    def deliver(self, lease: Lease, agent_id: str) -> Delivery:
        """Hand a leased chain to the agent; pushed and system-dialed ones are told by notice."""
        store, key = self._store, lease.key
        record = store.records[lease.slot]
        session = self._agents.get(agent_id).session
        before = session.state
        self._agents.deliver(agent_id, lease.delivery_id, lease.mode)
        lease.agent_id, lease.since = agent_id, self._clock.now
        self._leases.changed(lease)
        if lease.callback is not None:
            self._stats["callbacks delivered"] += 1
        campaign = self._campaigns.name_of(store.chain_campaign[key])
        delivery = Delivery(
            lease.delivery_id, agent_id, campaign, lease.mode,
            store.chain(key, lease.slot), record.record_handle, lease.callback,
        )  # fmt: skip
        self._tracer.emit(
            "server", "record-delivered", agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=lease.mode.value, state_before=before,
            state_after=session.state,
            args={"delivery_id": lease.delivery_id, "campaign": campaign,
                  "callback": None if lease.callback is None else lease.callback.value},
        )  # fmt: skip
        if lease.mode in PUSHED_MODES or lease.mode.system_dials:
            self._agents.tell(agent_id, Notice(NoticeKind.DELIVERED, delivery=delivery))
        return delivery

    def push(self) -> None:
        """Push records to every Ready agent who may receive them (Push / Direct Push Preview)."""
        limit = self._settings.pushed_per_agent
        for name, campaign in self._campaigns.items():
            if not campaign.running or campaign.mode not in PUSHED_MODES:
                continue
            index = self._campaigns.index(name)
            for agent_id in _in_order(campaign.agents):
                agent = self._agents.get(agent_id)
                session = agent.session
                # Most agents are busy, away or already hold their pushed records: those facts
                # settle it before the dearer privilege and lifecycle questions.
                if (
                    session.state not in _MAY_TAKE
                    or session.call_in_flight
                    or _pushed_count(session.interactions) >= limit
                    or not (campaign.mode is DialingMode.PUSH_PREVIEW or agent.direct_push)
                    or not agent.privileges.allows(Privilege.CAN_USE)
                    or not agent.privileges.allows(Privilege.PUSH_PREVIEW_CAN_USE)
                ):
                    continue
                while (
                    not session.call_in_flight
                    and _pushed_count(session.interactions) < limit
                    and session.may_take(campaign.mode)
                ):
                    if self.next_for(agent_id, index, campaign.mode) is None:
                        break
