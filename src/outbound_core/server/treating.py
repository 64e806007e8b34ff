"""Treating a final call result: the calling list's treatments, applied in the server.

When a call result becomes final for a chain of a campaign with a treatment table
(`CampaignRules.treatments`), `ResultTreatment.treat` asks the treatment engine
(`outbound_core.treatments.decide`) what happens next and applies the decision through the
record and chain lifecycles (every move by `RecordStore.move_record` / `RecordStore.move`):

- the chain finalized: the worked record Updated (Mark Done, or `finalize` when it was not
  retrieved), Agent Error or Cancelled; the chain's other live records Chain Updated (Cancelled
  for Cancel Record); the chain processed;
- dialed again: the worked record back to Ready (`reschedule`, with the type the decision gives
  it: Campaign Rescheduled, Personal Rescheduled, Campaign CallBack for Assign To Group), the
  chain's Chain Ready members back to Ready, the record dialed next rescheduled with its type,
  and the chain scheduled for the next attempt (a retry in the `CallbackSchedule`, not a
  callback). A Personal Rescheduled record comes back to the agent who marked it done.

The decision sees the chain's attempt history (`AttemptHistory`, kept here per chain while the
chain lives), the pass through the chain, the Do-Not-Call list, the campaign's Maximum Attempts,
legal calling hours and abandoned-call delay, and the numbers held after abandoned calls
(`hold`, issue 15's no-recall set). A record with no time zone is treated in UTC. Each decision
is traced (kind `server`, event `treatment-decision`); its moves are traced as kinds `record`
and `chain`, which `outbound-core check` replays. The store's journal is told of each change:
a chain's history and pass as the chain's item of the part `treatments` (`item`), the holds
as the part (`details`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from outbound_core.codes import CallResult, RecordStatus, RecordType, TreatmentMode
from outbound_core.errors import TransitionNotAllowed
from outbound_core.machines import CHAIN, RECORD_STATUS, TYPE_EVENTS
from outbound_core.records import CallingListRecord, DoNotCallList, normalize_phone
from outbound_core.server.callbacks import CallbackSchedule
from outbound_core.server.campaigns import CampaignRegistry
from outbound_core.server.clock import ServerClock
from outbound_core.server.store import CHAIN_STATE_OF_PLACE, Place, RecordStore
from outbound_core.trace import Tracer
from outbound_core.treatments import (
    Attempt,
    AttemptHistory,
    TreatmentDecision,
    TreatmentRules,
    decide,
)

__all__ = ["ResultTreatment"]

_S = RecordStatus
_WORKED_FINAL_EVENTS: Mapping[tuple[RecordStatus, RecordStatus], str] = {
    (_S.RETRIEVED, _S.UPDATED): "mark_done",
    (_S.READY, _S.UPDATED): "finalize",
    (_S.MISSED_CALLBACK, _S.UPDATED): "finalize",
    (_S.RETRIEVED, _S.AGENT_ERROR): "mark_agent_error",
    (_S.READY, _S.AGENT_ERROR): "mark_agent_error",
    (_S.RETRIEVED, _S.CANCELLED): "cancel",
    (_S.READY, _S.CANCELLED): "cancel",
    (_S.MISSED_CALLBACK, _S.CANCELLED): "cancel",
}
_STATE = {status: status.name.lower() for status in RecordStatus}
_EMPTY = AttemptHistory()


class ResultTreatment:
    """The treatments of one server's calling lists (see the module docs)."""

    __slots__ = (
        "_callbacks",
        "_campaigns",
        "_clock",
        "_dnc",
        "_history",
        "_holds",
        "_passes",
        "_stats",
        "_store",
        "_tracer",
    )

    def __init__(
        self,
        store: RecordStore,
        campaigns: CampaignRegistry,
        callbacks: CallbackSchedule,
        dnc: DoNotCallList,
        clock: ServerClock,
        tracer: Tracer,
        stats: Counter[str],
    ) -> None:
        self._store = store
        self._campaigns = campaigns
        self._callbacks = callbacks
        self._dnc = dnc
        self._clock = clock
        self._tracer = tracer
        self._stats = stats
        self._history: dict[int, AttemptHistory] = {}
        self._passes: dict[int, int] = {}
        self._holds: dict[str, datetime] = {}

    def treats(self, key: int, result: CallResult | None = None) -> bool:
        """Whether chain `key`'s campaign has treatments (for `result`, when given)."""
        table = self._campaigns.rules_of(self._store.chain_campaign[key]).treatments
        if table is None:
            return False
        return (
            result is None
            or bool(table.sequence(result))
            or table.call_treatment(result) is not None
        )

    def hold(self, phone: str, until: datetime) -> None:
        """The number must not be dialed again before `until` (an abandoned call's no-recall
        delay); a later hold of the same number wins."""
        key = normalize_phone(phone)
        found = self._holds.get(key)
        if found is None or until > found:
            self._holds[key] = until
            self._store.journal.part_changed("treatments")

    def holds(self) -> dict[str, datetime]:
        """The numbers held now, to the instant each may be dialed again."""
        now = self._clock.now
        expired = [n for n, until in self._holds.items() if until <= now]
        for number in expired:
            del self._holds[number]
        if expired:
            self._store.journal.part_changed("treatments")
        return dict(self._holds)

    def history(self, key: int) -> AttemptHistory:
        """Chain `key`'s attempts so far, oldest first."""
        return self._history.get(key, _EMPTY)

    def forget(self, key: int) -> None:
        """Chain `key` is done: its history goes."""
        if key in self._history or key in self._passes:
            self._history.pop(key, None)
            self._passes.pop(key, None)
            self._store.journal.items_changed("treatments", (str(key),))

    def treat(
        self,
        key: int,
        slot: int,
        result: CallResult,
        *,
        dialed_at: datetime | None,
        mode: TreatmentMode,
        owner: str | None,
    ) -> TreatmentDecision:
        """The call result of the record in `slot` (written there, with its attempts) is final:
        decide what happens to it and its chain, and apply it (see the module docs).
        `dialed_at` is when the call was placed (None: no call was made; the attempt is not
        in the history); `owner` is the agent who marked it done (a Personal Rescheduled
        record comes back to them).

        Raises:
            TransitionNotAllowed: the record is finalized (nothing acts on it); nothing changed.
        """
        store, now = self._store, self._clock.now
        campaign = store.chain_campaign[key]
        rules = self._campaigns.rules_of(campaign)
        table = rules.treatments
        if table is None:
            raise TransitionNotAllowed(
                "the campaign has no treatments", state="untreated", event="treat",
                machine="server", failed_guards=[],
            )  # fmt: skip
        rows, worked = self._rows(key, slot)
        phones = {row.phone_key for row in rows if row.phone_key is not None}
        holds = {n: until for n, until in self.holds().items() if n in phones}
        treatment_rules = TreatmentRules(
            max_attempts=rules.max_attempts,
            calling_hours=self._campaigns.calling_hours(self._campaigns.name_of(campaign)),
            do_not_call_numbers=[
                row.record.phone for row in rows if self._dnc.blocks(row.record.phone, None)
            ],
            do_not_call_chains=[worked.chain_id] if worked.chain_id in self._dnc.chains else [],
            abandoned_recall_delay=rules.abandon.abandoned_recall_delay,
            no_recall_until=holds,
        )
        chain_pass = self._passes.get(key, 1)
        history = self._history.get(key, _EMPTY)
        decision = decide(
            worked, rows, history, result, table, treatment_rules, now,
            dialed_at=dialed_at, chain_pass=chain_pass, mode=mode,
        )  # fmt: skip
        plan = self._plan(key, slot, decision)
        if dialed_at is not None:
            attempt = Attempt(worked.record_id, dialed_at.astimezone(UTC), result, chain_pass)
            self._history[key] = history.then(attempt)
        self._passes[key] = decision.chain_pass
        store.journal.items_changed("treatments", (str(key),))
        self._trace(decision, worked)
        self._apply(key, decision, plan, owner)
        return decision

    def _rows(self, key: int, slot: int) -> tuple[tuple[CallingListRecord, ...], CallingListRecord]:
        store = self._store
        rows: list[CallingListRecord] = []
        worked: CallingListRecord | None = None
        for number, member in enumerate(store.chains[key], 1):
            record = store.records[member]
            if record.tz_name is None and record.tz_offset is None:
                record = attrs.evolve(record, tz_name="UTC")
            row = CallingListRecord(
                record, RecordStatus(store.status[member]), RecordType(store.rtype[member]), number
            )
            rows.append(row)
            if member == slot:
                worked = row
        assert worked is not None, "the worked record is in its chain"
        return tuple(rows), worked

    def _plan(
        self, key: int, slot: int, decision: TreatmentDecision
    ) -> list[tuple[int, str, RecordType | None]]:
        """The record moves the decision makes, each checked against the lifecycle before
        anything moves."""
        store = self._store
        status = RecordStatus(store.status[slot])
        members = [m for m in store.live_slots(key) if m != slot]
        moves: list[tuple[int, str, RecordType | None]] = []
        if decision.chain_finalized:
            event = _WORKED_FINAL_EVENTS.get((status, decision.record_status), "")
            moves.append((slot, event, None))
            member_event = (
                "cancel" if decision.record_status is _S.CANCELLED else "chain_member_updated"
            )
            moves.extend((member, member_event, None) for member in members)
        else:
            next_slot = store.slot(decision.next_record_id)  # type: ignore[arg-type]
            kind = decision.record_type if next_slot == slot else None
            moves.append((slot, "reschedule", kind))
            for member in members:
                if store.status[member] == _S.CHAIN_READY:
                    moves.append((member, "chain_member_ready", None))
            if next_slot != slot:
                moves.append((next_slot, "reschedule", decision.next_record_type))
        states = {s: _STATE[RecordStatus(store.status[s])] for s, _, _ in moves}
        for member, event, kind in moves:
            before = states[member]
            states[member] = RECORD_STATUS.next(before, event)
            if (
                kind is not None
                and kind != store.rtype[member]
                and kind not in TYPE_EVENTS.get(event, ())
            ):
                raise TransitionNotAllowed(
                    f"{RECORD_STATUS.name}: {event} does not make a record {kind.label}",
                    state=before, event=event, machine=RECORD_STATUS.name, failed_guards=[],
                )  # fmt: skip
        chain_state = CHAIN_STATE_OF_PLACE[Place(store.chain_place[key])]
        if chain_state == "processing":
            CHAIN.next(chain_state, "process" if decision.chain_finalized else "reschedule")
        return moves

    def _apply(
        self,
        key: int,
        decision: TreatmentDecision,
        moves: list[tuple[int, str, RecordType | None]],
        owner: str | None,
    ) -> None:
        store, callbacks = self._store, self._callbacks
        for member, event, kind in moves:
            store.move_record(member, event, kind)
        self._stats[f"treatment {decision.action.value}"] += 1
        if decision.chain_finalized:
            store.move(key, Place.DONE, "process")
            callbacks.forget(key)
            self.forget(key)
            return
        out = store.chain_place[key] == Place.OUT
        store.move(key, Place.SCHEDULED, "reschedule" if out else None)
        next_slot = store.slot(decision.next_record_id)  # type: ignore[arg-type]
        personal = decision.next_record_type is RecordType.PERSONAL_RESCHEDULED
        callbacks.set(key, next_slot, owner if personal else None, retry=True)
        when = decision.next_attempt or self._clock.now
        callbacks.at(key, when.timestamp(), store.chain_version[key])

    def _trace(self, decision: TreatmentDecision, worked: CallingListRecord) -> None:
        when = decision.next_attempt
        self._tracer.emit(
            "server", "treatment-decision", record_handle=worked.record_id,
            chain_id=worked.chain_id,
            args={
                "call_result": int(decision.call_result),
                "action": decision.action.value,
                "step": decision.step,
                "repeat": decision.repeat,
                "call_action": None if decision.call_action is None else decision.call_action.value,
                "chain_finalized": decision.chain_finalized,
                "next_record": decision.next_record_id,
                "next_attempt": None if when is None else when.isoformat(),
                "reasons": [reason.value for reason in decision.reasons],
            },
        )  # fmt: skip

    def item(self, key: int) -> dict[str, Any] | None:
        """Chain `key`'s attempt history and pass as `to_dict` writes them (`history`, absent
        before the first attempt; `pass`), or None when the chain has neither."""
        found: dict[str, Any] = {}
        if key in self._history:
            found["history"] = self._history[key].to_dict()
        if key in self._passes:
            found["pass"] = self._passes[key]
        return found or None

    def details(self) -> dict[str, Any]:
        """`to_dict` without the chains' histories and passes (`item` reads those)."""
        return {"holds": {n: until.isoformat() for n, until in sorted(self._holds.items())}}

    def to_dict(self) -> dict[str, Any]:
        """The histories, passes and holds as plain data."""
        return {
            "history": {str(k): h.to_dict() for k, h in sorted(self._history.items())},
            "passes": {str(k): n for k, n in sorted(self._passes.items())},
            "holds": {n: until.isoformat() for n, until in sorted(self._holds.items())},
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take what `to_dict` wrote (into an empty one)."""
        self._history = {int(k): AttemptHistory.from_dict(h) for k, h in data["history"].items()}
        self._passes = {int(k): int(n) for k, n in data["passes"].items()}
        self._holds = {n: datetime.fromisoformat(u) for n, u in data["holds"].items()}
