"""What happens to a chain when it comes back: done, cancelled, requeued, stale, called back.

`RecordOutcomes` applies to the record store what a chain's return means (reference §4.3,
§4.5; every choice where the sources are silent is in `docs/sources.md`):

- Mark Done (`apply_outcome`): the worked record gets its call result, one more attempt when a
  call was made, and the buffered field updates; its status and type follow
  `Outcome.status_and_type`; Do Not Call puts the number (or the chain) on the list and
  finalizes; a scheduled callback puts the chain back on the schedule, a record added on a new
  number included; otherwise the chain is done and its other live records become Chain Updated.
- A cancel or discard (`cancel`) finalizes the record or the chain (`ServerSettings.cancel_scope`).
- A reject, time-out or next-record request (`requeue`) puts the live records back to Ready in
  a queue: the top of the campaign's queue, the owner's own queue for a personal callback, or
  the record's usual rank.
- A record held too long goes Stale (`go_stale`); a failed or abandoned system dial finishes
  the record with the dial's result (`finish_dial`, no treatment: Updated).
- A callback falls due (`callback_due`): a campaign callback joins the campaign's queue, a
  personal one its agent's own queue. A personal callback whose agent is not logged in then
  (or who logs out before getting it, `miss_personal_callbacks`) gets call result Agent
  CallBack Error (47, reference §2.4, §4.3) and is handled as
  `ServerSettings.agent_callback_error` says.
"""

from __future__ import annotations

import heapq
from collections import Counter

import attrs

from outbound_core.codes import CallbackType, CallResult, ChainScope
from outbound_core.codes import RecordStatus as S
from outbound_core.codes import RecordType as T
from outbound_core.records import DoNotCallList, Outcome
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.callbacks import CallbackSchedule
from outbound_core.server.clock import ServerClock
from outbound_core.server.protocol import ServerSettings
from outbound_core.server.store import Entry, Place, Rank, RecordStore
from outbound_core.trace import Tracer

__all__ = ["RecordOutcomes"]


class RecordOutcomes:
    """The record side of every way a chain comes back (see the module docs)."""

    __slots__ = (
        "_agents",
        "_callbacks",
        "_clock",
        "_dnc",
        "_settings",
        "_stats",
        "_store",
        "_tracer",
    )

    def __init__(
        self,
        store: RecordStore,
        callbacks: CallbackSchedule,
        dnc: DoNotCallList,
        agents: AgentRegistry,
        clock: ServerClock,
        tracer: Tracer,
        settings: ServerSettings,
        stats: Counter[str],
    ) -> None:
        self._store = store
        self._callbacks = callbacks
        self._dnc = dnc
        self._agents = agents
        self._clock = clock
        self._tracer = tracer
        self._settings = settings
        self._stats = stats

    # ---- returns ---------------------------------------------------------------------------

    def cancel(self, key: int, slot: int) -> None:
        """A cancel or discard: the record (or the chain) is Cancelled for this campaign run."""
        store = self._store
        scope = self._settings.cancel_scope
        doomed = store.live_slots(key) if scope is ChainScope.ALL_CHAIN else [slot]
        for member in doomed:
            store.records[member] = attrs.evolve(
                store.records[member], call_result=CallResult.CANCEL_RECORD
            )
            store.set(member, S.CANCELLED)
        self._callbacks.forget(key)

    def returned(self, key: int, slot: int, *, to_the_top: bool) -> None:
        """A reject, time-out or next-record request: the chain goes back to a queue (the
        owner's own for a personal callback; the top of the campaign's for `to_the_top`)."""
        store = self._store
        owner = self._callbacks.owner(key)
        if owner is not None and owner in self._agents:
            self.requeue(key, Rank.PERSONAL_CALLBACK, store.personal[owner])
        else:
            self.requeue(key, Rank.REJECTED if to_the_top else store.rank_of(slot))

    def requeue(self, key: int, rank: Rank, queue: list[Entry] | None = None) -> None:
        """Live records back to Ready and the chain back in a queue, or done if none is live."""
        store = self._store
        live = store.live_slots(key)
        if not live:
            store.move(key, Place.DONE)
            return
        for member in live:
            store.set(member, S.READY)
        store.enqueue(
            key, rank, 0.0 if rank is Rank.REJECTED else self._clock.now.timestamp(), queue
        )

    def go_stale(self, key: int, slot: int) -> None:
        """The record was held too long: Stale (46), the chain's other records Chain Updated."""
        store = self._store
        store.records[slot] = attrs.evolve(store.records[slot], call_result=CallResult.STALE)
        store.set(slot, S.STALE)
        self._finish_chain(key)

    def finish_dial(self, key: int, slot: int, result: CallResult) -> None:
        """A system dial ended without an agent: the record is Updated with the dial's result
        and one more attempt; the chain is done."""
        store = self._store
        record = store.records[slot]
        store.records[slot] = attrs.evolve(
            record, call_result=result, attempts=(record.attempts or 0) + 1
        )
        store.set(slot, S.UPDATED)
        self._finish_chain(key)

    def _finish_chain(self, key: int) -> None:
        store = self._store
        for member in store.live_slots(key):
            store.set(member, S.CHAIN_UPDATED)
        store.move(key, Place.DONE)
        self._callbacks.forget(key)

    # ---- Mark Done ---------------------------------------------------------------------------

    def apply_outcome(self, key: int, outcome: Outcome, agent_id: str) -> None:
        """Apply a Mark Done outcome to chain `key` (see the module docs)."""
        store = self._store
        remap = self._add_new_records(key, outcome)
        worked = store.slot_of[remap.get(outcome.record_handle, outcome.record_handle)]
        record = store.records[worked]
        if outcome.field_updates:
            record = record.updated(outcome.field_updates)
        result = CallResult.DO_NOT_CALL if outcome.do_not_call else outcome.call_result
        attempts = (record.attempts or 0) + (1 if outcome.called else 0)
        store.records[worked] = attrs.evolve(record, call_result=result, attempts=attempts)
        back = {new: old for old, new in remap.items()}
        for slot in store.chains[key]:
            handle = store.records[slot].record_handle
            moved = outcome.status_and_type(back.get(handle, handle), T(store.rtype[slot]))
            if moved is not None:
                store.set(slot, *moved)
            elif slot != worked and not store.is_final(slot) and outcome.scheduled is not None:
                store.set(slot, S.READY)
        store.returned_by.pop(key, None)
        if self._callbacks.kind(key) is not None and outcome.called:
            self._stats["callbacks kept"] += 1
        self._callbacks.forget(key)
        if outcome.do_not_call:
            chain_id = store.records[worked].chain_id
            if self._settings.dnc_scope is ChainScope.ALL_CHAIN:
                phones = [store.records[slot].phone for slot in store.chains[key]]
                self._dnc.add_chain(chain_id, phones)
                for slot in store.live_slots(key):
                    store.set(slot, S.UPDATED, T.NO_CALL)
            else:
                self._dnc.add(store.records[worked].phone)
            self._stats["do not call"] += 1
        scheduled = outcome.scheduled
        if scheduled is None:
            for slot in store.live_slots(key):
                store.set(slot, S.CHAIN_UPDATED)
            store.move(key, Place.DONE)
            return
        handle = remap.get(scheduled.record_handle, scheduled.record_handle)
        personal = scheduled.callback_type is CallbackType.PERSONAL
        self._callbacks.set(key, store.slot_of[handle], agent_id if personal else None)
        self._stats[f"callbacks scheduled ({scheduled.callback_type.value.lower()})"] += 1
        store.move(key, Place.SCHEDULED)
        self._callbacks.at(key, scheduled.when.instant.timestamp(), store.chain_version[key])

    def _add_new_records(self, key: int, outcome: Outcome) -> dict[int, int]:
        """Store the records the interaction added to the chain; returns their handle remapping
        (a handle another chain of the server already uses gets a free one)."""
        store = self._store
        remap: dict[int, int] = {}
        for record in outcome.chain.records:
            handle = record.record_handle
            slot = store.slot_of.get(handle)
            if slot is not None and store.chain_of[slot] == key:
                continue
            if slot is not None:
                remap[handle] = store.free_handle()
                record = attrs.evolve(record, record_handle=remap[handle])
            store.chains[key].append(store.add_record(record, key))
            self._stats["records added on a new number"] += 1
        return remap

    # ---- callbacks -------------------------------------------------------------------------------

    def callback_due(self, key: int) -> None:
        """A scheduled callback's instant has come (see the module docs)."""
        store = self._store
        slot = self._callbacks.slot(key)
        now = self._clock.now.timestamp()
        if slot is None or store.is_final(slot):
            store.move(key, Place.DONE if not store.live_slots(key) else Place.QUEUED)
            if store.live_slots(key):
                store.enqueue(key, Rank.GENERAL, now)
            return
        record = store.records[slot]
        owner = self._callbacks.owner(key)
        self._tracer.emit(
            "server", "callback-due", agent_id=owner, record_handle=record.record_handle,
            chain_id=record.chain_id,
            args={"callback": "PERSONAL" if owner is not None else "CAMPAIGN"},
        )  # fmt: skip
        if owner is None:
            store.enqueue(key, Rank.CAMPAIGN_CALLBACK, now)
            return
        session = self._agents.get(owner).session
        if session.logged_in and not session.logout_pending:
            store.enqueue(key, Rank.PERSONAL_CALLBACK, now, store.personal[owner])
            return
        self._agent_callback_error(key)

    def miss_personal_callbacks(self, agent_id: str) -> None:
        """The agent logged out: due personal callbacks still waiting for them are missed."""
        store = self._store
        waiting, store.personal[agent_id] = store.personal[agent_id], []
        while waiting:
            entry = heapq.heappop(waiting)
            if store.valid(entry):
                self._agent_callback_error(entry[2])

    def _agent_callback_error(self, key: int) -> None:
        store = self._store
        slot = self._callbacks.slot(key)
        assert slot is not None
        record = store.records[slot]
        store.records[slot] = attrs.evolve(record, call_result=CallResult.AGENT_CALLBACK_ERROR)
        self._stats["callbacks missed (agent callback error)"] += 1
        self._tracer.emit(
            "server", "agent-callback-error", agent_id=self._callbacks.owner(key),
            record_handle=record.record_handle, chain_id=record.chain_id,
            args={"handling": self._settings.agent_callback_error},
        )  # fmt: skip
        self._callbacks.reassign(key, None)
        if self._settings.agent_callback_error == "assign-to-group":
            store.set(slot, S.READY, T.CAMPAIGN_CALLBACK)
            store.enqueue(key, Rank.CAMPAIGN_CALLBACK, self._clock.now.timestamp())
            return
        store.set(slot, S.UPDATED)
        for member in store.live_slots(key):
            store.set(member, S.CHAIN_UPDATED)
        self._callbacks.forget(key)
        store.move(key, Place.DONE)
