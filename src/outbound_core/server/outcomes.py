"""What happens to a chain when it comes back: done, cancelled, requeued, stale, called back.

`RecordOutcomes` applies to the record store what a chain's return means (reference §4.3,
§4.5; every choice where the sources are silent is in `docs/sources.md`). Every record and
chain move goes through the store's machines (`RecordStore.move_record`, `RecordStore.move`):

- Mark Done (`apply_outcome`, after `check_outcome`): the worked record gets its call result,
  one more attempt when a call was made, and the buffered field updates; when the agent dialed
  another record of the chain than the one retrieved, the retrieved one hands over to it first.
  Do Not Call puts the contact (or the chain) on the list and finalizes; a scheduled callback
  puts the chain back on the schedule, a record added on a new number included; otherwise the
  chain is done and its other live records become Chain Updated.
- A cancel or discard (`cancel`) finalizes the record or the chain (`ServerSettings.cancel_scope`).
- A reject, time-out (`returned`) puts the live records back to Ready in a queue: the top of the
  campaign's queue, the owner's own queue for a personal callback, or the record's usual rank.
- A record held too long goes Stale (`go_stale`); a failed or abandoned system dial finishes
  the record with the dial's result (`finish_dial`): its campaign's treatments say what
  happens next (`treating`), or, with none, the record is Updated and its chain done.
- Mark Done with a treatment asked for (`Outcome.treatment`, the agent's
  `outbound.treatment-mode`), no callback and no Do Not Call: the treatments decide too.
- A callback falls due (`callback_due`): a campaign callback joins the campaign's queue, a
  personal one its agent's own queue. A personal callback whose agent is not logged in then
  (or who logs out before getting it, `miss_personal_callbacks`) gets call result Agent
  CallBack Error (47, reference §2.4, §4.3) and is handled by the campaign's treatment for
  that result, or, with none, as `ServerSettings.agent_callback_error` says. A campaign callback still waiting in the queue
  `ServerSettings.callback_grace` after it fell due is a Missed CallBack with call result Group
  CallBack Error (48, `miss_campaign_callbacks`); it still goes to the next agent who may take it.
"""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime

import attrs

from outbound_core.codes import CallbackType, CallResult, ChainScope, TreatmentMode
from outbound_core.codes import RecordStatus as S
from outbound_core.codes import RecordType as T
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.journal import personal_heap
from outbound_core.records import DoNotCallList, Outcome, Record
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.callbacks import CallbackSchedule
from outbound_core.server.clock import ServerClock
from outbound_core.server.protocol import ServerSettings
from outbound_core.server.store import Place, Rank, RecordStore
from outbound_core.server.treating import ResultTreatment
from outbound_core.trace import Tracer
from outbound_core.treatments import TreatmentDecision

__all__ = ["CheckedOutcome", "RecordOutcomes"]


@attrs.define(frozen=True, slots=True)
class CheckedOutcome:
    """A Mark Done outcome checked against the record store, ready to apply.

    Attributes:
        outcome: the outcome as the desk sent it.
        new_records: the records it adds to the chain (on a new number), handles made unique
            in the server.
        handles: the outcome's handle of each record to the server's handle (they differ only
            for a new record whose handle another chain already uses).
        worked: the record worked, as it will be written (call result, attempts, fields).
    """

    outcome: Outcome
    new_records: tuple[Record, ...]
    handles: dict[int, int]
    worked: Record


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
        "_treating",
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
        treating: ResultTreatment,
    ) -> None:
        self._store = store
        self._callbacks = callbacks
        self._dnc = dnc
        self._agents = agents
        self._clock = clock
        self._tracer = tracer
        self._settings = settings
        self._stats = stats
        self._treating = treating

    # ---- returns ---------------------------------------------------------------------------

    def cancel(self, key: int, slot: int) -> None:
        """A cancel or discard: the record (or the chain) is Cancelled for this campaign run."""
        store = self._store
        scope = self._settings.cancel_scope
        doomed = store.live_slots(key) if scope is ChainScope.ALL_CHAIN else [slot]
        for member in doomed:
            store.set_record(
                member, attrs.evolve(store.records[member], call_result=CallResult.CANCEL_RECORD)
            )
            store.move_record(member, "cancel")
        self._callbacks.forget(key)
        if not store.live_slots(key):
            self._treating.forget(key)

    def returned(self, key: int, slot: int, *, to_the_top: bool) -> None:
        """A reject or time-out: the chain goes back to a queue (the owner's own for a personal
        callback; the top of the campaign's for `to_the_top`)."""
        store = self._store
        owner = self._callbacks.owner(key)
        if owner is not None and owner in self._agents:
            self.requeue(key, Rank.PERSONAL_CALLBACK, owner)
        else:
            self.requeue(key, Rank.REJECTED if to_the_top else store.rank_of(slot))

    def requeue(self, key: int, rank: Rank, agent_id: str | None = None) -> None:
        """A chain out with an agent comes back: its live records back to Ready (a missed
        callback stays missed) and the chain back in a queue (the agent's own, for
        `agent_id`), or done if none is live."""
        store = self._store
        live = store.live_slots(key)
        if not live:
            store.move(key, Place.DONE, "process")
            return
        for member in live:
            status = store.status[member]
            if status == S.RETRIEVED:
                store.move_record(member, "reject")
            elif status == S.CHAIN_READY:
                store.move_record(member, "chain_member_ready")
        due = 0.0 if rank is Rank.REJECTED else self._clock.now.timestamp()
        store.enqueue(key, rank, due, agent_id, "return_to_queue")

    def go_stale(self, key: int, slot: int) -> None:
        """The record was held too long: Stale (46), the chain's other records Chain Updated."""
        store = self._store
        store.set_record(slot, attrs.evolve(store.records[slot], call_result=CallResult.STALE))
        store.move_record(slot, "go_stale")
        self._finish_chain(key)

    def finish_dial(
        self, key: int, slot: int, result: CallResult, dialed_at: datetime
    ) -> TreatmentDecision | None:
        """A system dial (placed at `dialed_at`) ended without an agent: the record takes the
        dial's result and one more attempt; the campaign's treatment for the result says what
        happens next (the decision is returned), or, with none, the record is Updated and the
        chain done."""
        store = self._store
        record = store.records[slot]
        store.set_record(
            slot, attrs.evolve(record, call_result=result, attempts=(record.attempts or 0) + 1)
        )
        if self._treating.treats(key):
            return self._treating.treat(
                key, slot, result, dialed_at=dialed_at, mode=TreatmentMode.CAMPAIGN, owner=None
            )
        store.move_record(slot, "mark_done")
        self._finish_chain(key)
        return None

    def _finish_chain(self, key: int) -> None:
        store = self._store
        for member in store.live_slots(key):
            store.move_record(member, "chain_member_updated")
        store.move(key, Place.DONE, "process")
        self._callbacks.forget(key)
        self._treating.forget(key)

    # ---- Mark Done ---------------------------------------------------------------------------

    def check_outcome(self, key: int, outcome: Outcome) -> CheckedOutcome:
        """Check a Mark Done outcome against chain `key` before anything is applied.

        Raises:
            InvalidValue: the outcome names a record the chain does not hold or cannot finish
                (a finalized one), its chain is not the server's, a field update the record
                cannot hold, or a callback for a finalized record.
        """
        store = self._store
        chain_id = store.records[store.chains[key][0]].chain_id
        if outcome.chain.chain_id != chain_id:
            raise InvalidValue(
                f"the outcome's chain {outcome.chain.chain_id} is not the record's chain "
                f"{chain_id}",
                code=ErrorCode.INVALID_VALUE,
                chain_id=outcome.chain.chain_id,
            )
        handles: dict[int, int] = {}
        new_records: list[Record] = []
        next_handle = store.free_handle()
        for record in outcome.chain.records:
            handle = record.record_handle
            slot = store.slot_of.get(handle)
            if slot is not None and store.chain_of[slot] == key:
                handles[handle] = handle
                continue
            if slot is not None:
                record = attrs.evolve(record, record_handle=next_handle)
                next_handle += 1
            handles[handle] = record.record_handle
            new_records.append(record)
        worked_handle = handles.get(outcome.record_handle)
        worked_slot = None if worked_handle is None else store.slot_of.get(worked_handle)
        if worked_slot is None or store.is_final(worked_slot):
            raise InvalidValue(
                f"record {shorten(outcome.record_handle)} is not a live record of the chain: it "
                "cannot be the one worked",
                code=ErrorCode.INVALID_VALUE,
                record_handle=shorten(outcome.record_handle),
            )
        record = store.records[worked_slot]
        if outcome.field_updates:
            record = record.updated(outcome.field_updates)
        result = CallResult.DO_NOT_CALL if outcome.do_not_call else outcome.call_result
        attempts = (record.attempts or 0) + (1 if outcome.called else 0)
        worked = attrs.evolve(record, call_result=result, attempts=attempts)
        if outcome.scheduled is not None:
            target = handles.get(outcome.scheduled.record_handle)
            target_slot = None if target is None else store.slot_of.get(target)
            if target is None or (target_slot is not None and store.is_final(target_slot)):
                raise InvalidValue(
                    f"record {outcome.scheduled.record_handle} cannot be called back: it is not "
                    "a live record of the chain",
                    code=ErrorCode.INVALID_VALUE,
                    record_handle=outcome.scheduled.record_handle,
                )
        return CheckedOutcome(outcome, tuple(new_records), handles, worked)

    def apply_outcome(
        self,
        key: int,
        lease_slot: int,
        checked: CheckedOutcome,
        agent_id: str,
        dialed_at: datetime | None = None,
    ) -> None:
        """Apply a checked Mark Done outcome to chain `key` (see the module docs); the
        record's call was placed at `dialed_at`, about (when it went to the agent)."""
        store, outcome = self._store, checked.outcome
        treated = (
            outcome.treatment is not TreatmentMode.NONE
            and outcome.scheduled is None
            and not outcome.do_not_call
            and self._treating.treats(key)
        )
        for record in checked.new_records:
            store.chains[key].append(store.add_record(record, key))
            self._stats["records added on a new number"] += 1
        worked = store.slot_of[checked.worked.record_handle]
        store.set_record(worked, checked.worked)
        if worked != lease_slot:
            # The agent dialed another record of the chain than the one retrieved.
            store.move_record(lease_slot, "hand_over")
            store.move_record(worked, "retrieve")
        scheduled = outcome.scheduled
        target = (
            None if scheduled is None else store.slot_of[checked.handles[scheduled.record_handle]]
        )
        if scheduled is not None and target is not None:
            personal = scheduled.callback_type is CallbackType.PERSONAL
            kind = T.PERSONAL_CALLBACK if personal else T.CAMPAIGN_CALLBACK
            store.move_record(target, "reschedule", kind)
        if worked != target:
            if outcome.do_not_call:
                store.move_record(worked, "mark_do_not_call", T.NO_CALL)
            else:
                if outcome.unscheduled:
                    store.move_record(worked, "unschedule", T.GENERAL)
                if not treated:
                    store.move_record(worked, "mark_done")
        store.forget_returns(key)
        if self._callbacks.kind(key) is not None and outcome.called:
            self._stats["callbacks kept"] += 1
        self._callbacks.forget(key)
        if outcome.do_not_call:
            chain_id = store.records[worked].chain_id
            if self._settings.dnc_scope is ChainScope.ALL_CHAIN:
                phones = [store.records[slot].phone for slot in store.chains[key]]
                self._dnc.add_chain(chain_id, phones)
                for slot in store.live_slots(key):
                    store.move_record(slot, "mark_do_not_call", T.NO_CALL)
            else:
                self._dnc.add(store.records[worked].phone)
            store.journal.part_changed("dnc")
            self._stats["do not call"] += 1
        if treated:
            self._treating.treat(
                key, worked, outcome.call_result,
                dialed_at=dialed_at if outcome.called else None, mode=outcome.treatment,
                owner=agent_id,
            )  # fmt: skip
            return
        if scheduled is None or target is None:
            for slot in store.live_slots(key):
                store.move_record(slot, "chain_member_updated")
            store.move(key, Place.DONE, "process")
            self._treating.forget(key)
            return
        for slot in store.live_slots(key):
            if store.status[slot] == S.CHAIN_READY:
                store.move_record(slot, "chain_member_ready")
        personal = scheduled.callback_type is CallbackType.PERSONAL
        self._callbacks.set(key, target, agent_id if personal else None)
        self._stats[f"callbacks scheduled ({scheduled.callback_type.value.lower()})"] += 1
        store.move(key, Place.SCHEDULED, "reschedule")
        self._callbacks.at(key, scheduled.when.instant.timestamp(), store.chain_version[key])

    # ---- callbacks -------------------------------------------------------------------------------

    def callback_due(self, key: int, due: float) -> None:
        """A scheduled callback's instant (`due`, POSIX seconds) has come (see the module
        docs)."""
        store = self._store
        slot = self._callbacks.slot(key)
        now = self._clock.now.timestamp()
        if slot is not None and self._callbacks.is_retry(key) and not store.is_final(slot):
            self._retry_due(key, slot, now)
            return
        if slot is None or store.is_final(slot):
            if store.live_slots(key):
                store.enqueue(key, Rank.GENERAL, now)
            else:
                store.move(key, Place.DONE, "process")
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
            self._callbacks.waiting(key, due)
            return
        session = self._agents.get(owner).session
        if session.logged_in and not session.logout_pending:
            store.enqueue(key, Rank.PERSONAL_CALLBACK, now, owner)
            return
        self._agent_callback_error(key)

    def _retry_due(self, key: int, slot: int, now: float) -> None:
        """A treatment's next attempt has come: the chain joins its campaign's queue at the
        rank of the record's type (a Personal Rescheduled one its agent's own queue while the
        agent is logged in)."""
        store = self._store
        record = store.records[slot]
        owner = self._callbacks.owner(key)
        self._tracer.emit(
            "server", "retry-due", agent_id=owner, record_handle=record.record_handle,
            chain_id=record.chain_id, args={"type": T(store.rtype[slot]).label},
        )  # fmt: skip
        queue = None
        if owner is not None and owner in self._agents:
            session = self._agents.get(owner).session
            if session.logged_in and not session.logout_pending:
                queue = owner
        store.enqueue(key, store.rank_of(slot), now, queue)

    def miss_campaign_callbacks(self) -> None:
        """Campaign callbacks waiting in the queue longer than the grace are Missed CallBacks
        (call result Group CallBack Error, 48); they stay in the queue for the next agent."""
        store = self._store
        limit = self._clock.now.timestamp() - self._settings.callback_grace.total_seconds()
        for key in self._callbacks.overdue(limit):
            slot = self._callbacks.slot(key)
            if slot is None or store.chain_place[key] != Place.QUEUED:
                continue
            if store.status[slot] != S.READY:
                continue
            record = store.records[slot]
            store.set_record(
                slot, attrs.evolve(record, call_result=CallResult.GROUP_CALLBACK_ERROR)
            )
            store.move_record(slot, "miss_callback")
            self._stats["callbacks missed (group callback error)"] += 1

    def miss_personal_callbacks(self, agent_id: str) -> None:
        """The agent logged out: due personal callbacks still waiting for them are missed."""
        store = self._store
        waiting, store.personal[agent_id] = store.personal[agent_id], []
        if waiting:
            store.journal.heap_replaced(personal_heap(agent_id), ())
        while waiting:
            entry = heapq.heappop(waiting)
            if store.valid(entry):
                self._agent_callback_error(entry[2])

    def _agent_callback_error(self, key: int) -> None:
        store = self._store
        slot = self._callbacks.slot(key)
        if slot is None:
            return
        record = store.records[slot]
        store.set_record(slot, attrs.evolve(record, call_result=CallResult.AGENT_CALLBACK_ERROR))
        self._stats["callbacks missed (agent callback error)"] += 1
        self._tracer.emit(
            "server", "agent-callback-error", agent_id=self._callbacks.owner(key),
            record_handle=record.record_handle, chain_id=record.chain_id,
            args={"handling": self._settings.agent_callback_error},
        )  # fmt: skip
        self._callbacks.reassign(key, None)
        if self._treating.treats(key, CallResult.AGENT_CALLBACK_ERROR):
            self._treating.treat(
                key, slot, CallResult.AGENT_CALLBACK_ERROR, dialed_at=None,
                mode=TreatmentMode.CAMPAIGN, owner=None,
            )  # fmt: skip
            return
        if self._settings.agent_callback_error == "assign-to-group":
            store.move_record(slot, "reschedule", T.CAMPAIGN_CALLBACK)
            now = self._clock.now.timestamp()
            store.enqueue(key, Rank.CAMPAIGN_CALLBACK, now)
            self._callbacks.waiting(key, now)
            return
        store.move_record(slot, "finalize")
        for member in store.live_slots(key):
            store.move_record(member, "chain_member_updated")
        self._callbacks.forget(key)
        self._treating.forget(key)
        store.move(key, Place.DONE, "process")
