"""How a record leaves an agent's desk in `InMemoryOutboundServer`: given back (reject, cancel,
time-out), released (completed, stale), requeued, or scheduled for a callback; and what a
released agent's pending logout then does. A mixin over `DeliveryMixin`'s state.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, cast

import attrs

from outbound_core.codes import CallResult, ChainScope
from outbound_core.codes import RecordStatus as S
from outbound_core.server.delivery import DeliveryMixin, _Lease
from outbound_core.server.protocol import Notice, NoticeKind, ReturnReason
from outbound_core.server.store import Entry, Place, Rank

if TYPE_CHECKING:
    from outbound_core.server.in_memory import InMemoryOutboundServer

__all__ = ["LeaseMixin"]


class LeaseMixin(DeliveryMixin):
    """Returns, releases and requeues of `InMemoryOutboundServer` (see the module docs)."""

    _schedule: list[tuple[float, int, int]]

    def _give_back(self, lease: _Lease, reason: ReturnReason) -> None:
        store, key, slot = self.store, lease.key, lease.slot
        if reason in (ReturnReason.CANCEL, ReturnReason.DISCARD):
            scope = self.settings.cancel_scope
            doomed = store.live_slots(key) if scope is ChainScope.ALL_CHAIN else [slot]
            for member in doomed:
                store.records[member] = attrs.evolve(
                    store.records[member], call_result=CallResult.CANCEL_RECORD
                )
                store.set(member, S.CANCELLED)
            self._callback_slot.pop(key, None)
            self.callback_owner.pop(key, None)
            self._release(lease, "record-returned", {"reason": reason.value})
            self._requeue(key, Rank.GENERAL)
            return
        top = reason in (ReturnReason.REJECT, ReturnReason.TIME_OUT)
        if top and lease.agent_id is not None:
            self._rejected_by.setdefault(key, set()).add(lease.agent_id)
        self._release(lease, "record-returned", {"reason": reason.value})
        owner = self.callback_owner.get(key)
        if owner is not None and owner in self.agents:
            self._requeue(key, Rank.PERSONAL_CALLBACK, self.agents[owner].personal)
        else:
            self._requeue(key, Rank.REJECTED if top else store.rank_of(slot))

    def _requeue(self, key: int, rank: Rank, queue: list[Entry] | None = None) -> None:
        """Live records back to Ready and the chain back in a queue, or done if none is live."""
        store = self.store
        live = store.live_slots(key)
        if not live:
            store.move(key, Place.DONE)
            return
        for member in live:
            store.set(member, S.READY)
        store.enqueue(key, rank, 0.0 if rank is Rank.REJECTED else self._now.timestamp(), queue)

    def _release(self, lease: _Lease, event: str, args: dict[str, object]) -> None:
        """The lease ends: the record leaves the agent's desk; a pending logout may complete."""
        del self.leases[lease.delivery_id]
        self._lease_of_chain.pop(lease.key, None)
        record = self.store.records[lease.slot]
        agent_id = lease.agent_id
        before = after = None
        if agent_id is not None:
            session = self.agents[agent_id].session
            before = session.state
            session.finish(lease.delivery_id)
            after = session.state
        self.trace.emit(
            "server", event, agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=lease.mode.value, state_before=before,
            state_after=after, args={"delivery_id": lease.delivery_id, **args},
        )  # fmt: skip
        if agent_id is not None:
            self._maybe_authorize(agent_id)

    def _maybe_authorize(self, agent_id: str) -> None:
        session = self.agents[agent_id].session
        if session.state == "logout_pending" and not session.call_in_flight:
            session.authorize_logout()
            self._logged_out(agent_id, "authorize_logout")

    def _logged_out(self, agent_id: str, event: str | None) -> None:
        agent = self.agents[agent_id]
        agent.direct_push = False
        if event is not None:
            self.trace.emit(
                "agent", event, agent_id=agent_id, state_before="logout_pending",
                state_after="logged_out",
            )  # fmt: skip
            self._tell(agent_id, Notice(NoticeKind.LOGOUT_AUTHORIZED))
        from outbound_core.server.outcomes import miss_personal_callbacks

        miss_personal_callbacks(cast("InMemoryOutboundServer", self), agent_id)
        self.web_callbacks.agent_gone(agent_id)

    def _go_stale(self, lease: _Lease) -> None:
        store = self.store
        record = store.records[lease.slot]
        store.records[lease.slot] = attrs.evolve(record, call_result=CallResult.STALE)
        store.set(lease.slot, S.STALE)
        for member in store.live_slots(lease.key):
            store.set(member, S.CHAIN_UPDATED)
        store.move(lease.key, Place.DONE)
        self._callback_slot.pop(lease.key, None)
        self.callback_owner.pop(lease.key, None)
        assert lease.agent_id is not None
        self._tell(lease.agent_id, Notice(NoticeKind.STALE, delivery_id=lease.delivery_id))
        self._release(lease, "record-stale", {})

    def _callback_due(self, key: int) -> None:
        from outbound_core.server.outcomes import callback_due

        callback_due(cast("InMemoryOutboundServer", self), key)

    def _schedule_at(self, key: int, stamp: float) -> None:
        self.store.move(key, Place.SCHEDULED)
        heapq.heappush(self._schedule, (stamp, key, self.store.chain_version[key]))
