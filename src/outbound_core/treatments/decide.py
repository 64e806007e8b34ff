"""The treatment decision: a pure function of a call result and everything it depends on.

`decide` reads the call result's sequence in the table (reference §4.2, Genesys *Treatment
Sequences*):

* The step that applies is found by counting the consecutive attempts on the same record with
  the same result (the history's tail): a step runs Cycle Attempt times in a row (once when it
  has none), then the next step takes over. A different result breaks the run, so its own
  sequence starts again at step 1. When every step has run the record is finalized.
* Redial and Retry In dial the same record again after the Interval, plus the Increment for
  each repeat of the step (interval 10 min, increment 5: waits of 10, 15, 20 min), counted
  from the dial that got the result; Retry At Specified Date dials it at the Date; Assign To
  Group gives it to any agent of the campaign (Campaign CallBack) now.
* The Next-in-Chain actions dial the chain's next record (in `chain_n` order) that may be
  dialed: Next In Chain at once, Next In Chain After after its wait, Next In Chain At
  Specified Date at its Date. Past the last record the chain starts again from its first one,
  a new pass, while passes remain (Cycle Attempt); Next In Chain waits its Interval (plus an
  Increment per earlier pass) before a new pass. If the next record gets the same result the
  whole sequence repeats on it, from step 1.
* No Treatment, Update All Records In Chain, Mark As Agent Error and Cancel Record finalize the
  chain; so does a result with no treatment (status Updated).

The next attempt then lands only where the record may be called (`landing`): never on a
record of type No Call or on the Do-Not-Call list, never beyond Maximum Attempts, after any
hold on its number, inside its window and the legal calling hours (a retry due in a closed
window moves to the next open instant, and the decision says so). If it cannot land, the chain
is finalized.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, TransitionNotAllowed, shorten
from outbound_core.options import TreatmentMode
from outbound_core.records import CallingListRecord
from outbound_core.timing.clock import format_date_time
from outbound_core.timing.reschedule import callback_at
from outbound_core.timing.zones import require_instant
from outbound_core.treatments.actions import (
    CALL_TREATMENT_RESULTS,
    NEXT_IN_CHAIN_ACTIONS,
    CallAction,
    RecordAction,
)
from outbound_core.treatments.decision import DecisionReason, TreatmentDecision
from outbound_core.treatments.history import AttemptHistory
from outbound_core.treatments.landing import hold_on, land
from outbound_core.treatments.rules import TreatmentRules
from outbound_core.treatments.table import TreatmentTable
from outbound_core.treatments.treatment import Treatment

__all__ = ["decide"]

_LIVE_MEMBER = frozenset({RecordStatus.READY, RecordStatus.CHAIN_READY})
_DIALABLE = frozenset({RecordStatus.READY, RecordStatus.CHAIN_READY, RecordStatus.NO_RECORD_STATUS})
_NOT_WORKED = frozenset(
    {
        RecordStatus.UPDATED,
        RecordStatus.STALE,
        RecordStatus.CANCELLED,
        RecordStatus.AGENT_ERROR,
        RecordStatus.CHAIN_UPDATED,
        RecordStatus.MISSED_CALLBACK,
    }
)
_FINAL_STATUS = {
    RecordAction.NO_TREATMENT: RecordStatus.UPDATED,
    RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN: RecordStatus.UPDATED,
    RecordAction.MARK_AS_AGENT_ERROR: RecordStatus.AGENT_ERROR,
    RecordAction.CANCEL_RECORD: RecordStatus.CANCELLED,
}
_SAME_RECORD = frozenset(
    {
        RecordAction.REDIAL,
        RecordAction.RETRY_IN,
        RecordAction.RETRY_AT_SPECIFIED_DATE,
        RecordAction.ASSIGN_TO_GROUP,
    }
)


def _wrong(what: str, expected: str, value: object) -> InvalidValue:
    return InvalidValue(
        f"{what} is {expected}, not {type(value).__name__}",
        code=ErrorCode.WRONG_TYPE,
        value=shorten(value),
    )


def _in_chain_order(
    record: CallingListRecord, chain: Sequence[CallingListRecord]
) -> tuple[CallingListRecord, ...]:
    """The chain's rows in `chain_n` order, the worked record standing for its own row."""
    if isinstance(chain, str | bytes) or not isinstance(chain, Sequence):
        raise _wrong("a chain", "a sequence of calling-list records", chain)
    if len(chain) == 1 and chain[0] is record:
        return (record,)
    rows: list[CallingListRecord] = []
    seen = False
    for row in chain:
        if type(row) is not CallingListRecord:
            raise _wrong("a chain's record", "a CallingListRecord", row)
        if row.chain_id != record.chain_id:
            raise InvalidValue(
                f"record {row.record_id} belongs to chain {row.chain_id}, not {record.chain_id}",
                code=ErrorCode.INVALID_VALUE,
                record_id=row.record_id,
                chain_id=record.chain_id,
            )
        if row.record_id == record.record_id:
            if seen:
                raise InvalidValue(
                    f"record {row.record_id} is twice in chain {record.chain_id}",
                    code=ErrorCode.INVALID_VALUE,
                    record_id=row.record_id,
                )
            seen = True
            row = record
        rows.append(row)
    if not seen:
        raise NotFound(
            f"record {record.record_id} is not in the chain given "
            f"({', '.join(str(r.record_id) for r in rows) or 'empty'})",
            record_id=record.record_id,
        )
    rows.sort(key=lambda row: (row.chain_n, row.record_id))
    return tuple(rows)


def _step(steps: tuple[Treatment, ...], occurrence: int) -> tuple[Treatment, int, int] | None:
    """The step for the `occurrence`-th consecutive same result: (step, its number, repeat)."""
    for number, step in enumerate(steps, 1):
        runs = step.cycle_attempt or 1
        if occurrence <= runs:
            return step, number, occurrence
        occurrence -= runs
    return None


def _date_on(row: CallingListRecord, date: datetime) -> datetime:
    """A treatment's Date as an instant: naive dates are on the dialed record's wall clock."""
    if date.tzinfo is not None:
        return date
    return callback_at(format_date_time(date), row.zone).instant


def decide(
    record: CallingListRecord,
    chain: Sequence[CallingListRecord],
    history: AttemptHistory,
    result: CallResult,
    table: TreatmentTable,
    rules: TreatmentRules,
    now: datetime,
    *,
    dialed_at: datetime | None = None,
    chain_pass: int = 1,
    mode: TreatmentMode = TreatmentMode.CAMPAIGN,
) -> TreatmentDecision:
    """What happens after `record`'s call got `result` (see the module docs).

    Args:
        record: the worked record as it stands after the dial (its attempts include it).
        chain: every record of its chain (any order; chain order is `chain_n`).
        history: the chain's earlier attempts, oldest first (this one not included).
        result: the call result, final now.
        table: the calling list's treatments.
        rules: Maximum Attempts, legal calling hours, Do Not Call, holds on numbers.
        now: when the result became final (an aware datetime).
        dialed_at: when the call was dialed (default `now`); waits count from it.
        chain_pass: the pass through the chain this dial was made on (the previous
            decision's `chain_pass`; 1 for a fresh chain).
        mode: the treatment the desktop asked for at Done (`outbound.treatment-mode`):
            `campaign` (and every system dial) treats the result with the table, `personal`
            does the same but reschedules the record as Personal Rescheduled, `none`
            finalizes the record with its result.

    Raises:
        InvalidValue: `wrong-type`, `naive-date-time`, `unknown-call-result` and the like
            for unusable input; `not-found` when the record is not in its chain.
        TransitionNotAllowed: the record is finalized or waits for a missed callback:
            nothing acts on it.
    """
    if type(now) is not datetime or now.tzinfo is not UTC:
        now = require_instant(now, "now").astimezone(UTC)
    if dialed_at is None:
        dialed = now
    elif type(dialed_at) is datetime and dialed_at.tzinfo is UTC:
        dialed = dialed_at
    else:
        dialed = require_instant(dialed_at, "dialed_at").astimezone(UTC)
    if type(result) is not CallResult:
        result = CallResult.parse(result)
    if type(record) is not CallingListRecord:
        raise _wrong("the record", "a CallingListRecord", record)
    if type(history) is not AttemptHistory:
        raise _wrong("the history", "an AttemptHistory", history)
    if type(table) is not TreatmentTable:
        raise _wrong("the table", "a TreatmentTable", table)
    if type(rules) is not TreatmentRules:
        raise _wrong("the rules", "TreatmentRules", rules)
    if type(chain_pass) is not int or chain_pass < 1:
        raise InvalidValue(
            f"chain_pass is a whole number from 1, not {shorten(chain_pass)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(chain_pass),
        )
    if type(mode) is not TreatmentMode:
        mode = TreatmentMode.parse(mode)
    if record.status in _NOT_WORKED:
        raise TransitionNotAllowed(
            f"record {record.record_id} is {record.status.label}: nothing acts on it",
            record_id=record.record_id,
            state=record.status.name.lower(),
        )
    rows = _in_chain_order(record, chain)
    return _Decider(
        record, rows, history, result, table, rules, now, dialed, chain_pass, mode
    ).run()


class _Decider:
    """One decision's facts and the steps that reach it (private; `decide` is the API)."""

    __slots__ = (
        "call_action",
        "chain_pass",
        "destination_dn",
        "dialed",
        "history",
        "members",
        "mode",
        "now",
        "reasons",
        "record",
        "result",
        "rows",
        "rules",
        "table",
    )

    def __init__(
        self,
        record: CallingListRecord,
        rows: tuple[CallingListRecord, ...],
        history: AttemptHistory,
        result: CallResult,
        table: TreatmentTable,
        rules: TreatmentRules,
        now: datetime,
        dialed: datetime,
        chain_pass: int,
        mode: TreatmentMode,
    ) -> None:
        self.record, self.rows, self.history, self.result = record, rows, history, result
        self.table, self.rules, self.now, self.dialed, self.mode = table, rules, now, dialed, mode
        last = history.attempts[-1] if history.attempts else None
        # The pass through the chain belongs to the run of one result.
        self.chain_pass = chain_pass if last is not None and last.call_result is result else 1
        self.reasons: list[DecisionReason] = []
        self.members = (
            ()
            if len(rows) == 1
            else tuple(r.record_id for r in rows if r is not record and r.status in _LIVE_MEMBER)
        )
        self.call_action: CallAction | None = None
        self.destination_dn: str | None = None
        if result in CALL_TREATMENT_RESULTS:
            self.call_action = CallAction.DROP
            treatment = table.call_treatment(result)
            if treatment is not None and treatment.action is CallAction.CONNECT:
                if treatment.destination_dn is None:
                    self.reasons.append(DecisionReason.CALL_TREATMENT_IGNORED)
                else:
                    self.call_action = CallAction.CONNECT
                    self.destination_dn = treatment.destination_dn

    def finalized(
        self,
        reason: DecisionReason | None,
        action: RecordAction = RecordAction.NO_TREATMENT,
        number: int = 0,
        repeat: int = 0,
        status: RecordStatus = RecordStatus.UPDATED,
    ) -> TreatmentDecision:
        if reason is not None and reason not in self.reasons:
            self.reasons.append(reason)
        record = self.record
        return TreatmentDecision(
            record.record_id,
            record.chain_id,
            self.result,
            action,
            number,
            repeat,
            self.call_action,
            self.destination_dn,
            status,
            record.record_type,
            record.attempts,
            True,
            members=self.members,
            reasons=tuple(self.reasons),
        )

    def run(self) -> TreatmentDecision:
        if self.mode is TreatmentMode.NONE:
            return self.finalized(DecisionReason.TREATMENT_MODE_NONE)
        steps = self.table.sequence(self.result)
        if not steps:
            return self.finalized(DecisionReason.NO_TREATMENT)
        record_id, result = self.record.record_id, self.result
        occurrence = 1
        for attempt in reversed(self.history.attempts):
            if attempt.record_id != record_id or attempt.call_result is not result:
                break
            occurrence += 1
        found = _step(steps, occurrence)
        if found is None:
            return self.finalized(DecisionReason.SEQUENCE_EXHAUSTED)
        step, number, repeat = found
        action = step.action
        if type(action) is not RecordAction:  # the table keeps call actions apart
            raise AssertionError(f"a call action in a record sequence: {action!r}")
        status = _FINAL_STATUS.get(action)
        if status is not None:
            reason = DecisionReason.NO_TREATMENT if action is RecordAction.NO_TREATMENT else None
            return self.finalized(reason, action, number, repeat, status)
        if action in _SAME_RECORD:
            return self.again(step, action, number, repeat)
        return self.next_in_chain(step, action, number, repeat)

    def blocked(self, row: CallingListRecord) -> DecisionReason | None:
        """Why `row` may not be dialed next, or None."""
        if row is not self.record and row.status not in _DIALABLE:
            return DecisionReason.NOT_DIALABLE
        rules = self.rules
        if rules.forbids(row):
            return DecisionReason.DO_NOT_CALL
        if rules.max_attempts is not None and row.attempts >= rules.max_attempts:
            return DecisionReason.MAX_ATTEMPTS
        return None

    def again(
        self, step: Treatment, action: RecordAction, number: int, repeat: int
    ) -> TreatmentDecision:
        """Redial, Retry In, Retry At Specified Date, Assign To Group: the same record."""
        record = self.record
        blocked = self.blocked(record)
        if blocked is not None:
            return self.finalized(blocked, action, number, repeat)
        if action is RecordAction.ASSIGN_TO_GROUP:
            due, kind = self.now, RecordType.CAMPAIGN_CALLBACK
        else:
            kind = self.rescheduled_type()
            if action is RecordAction.RETRY_AT_SPECIFIED_DATE:
                due = _date_on(record, step.date)  # type: ignore[arg-type]
            else:
                due = self.dialed + step.wait(repeat)
        return self.landed(action, number, repeat, record, due, kind, self.chain_pass)

    def rescheduled_type(self) -> RecordType:
        if self.mode is TreatmentMode.PERSONAL:
            return RecordType.PERSONAL_RESCHEDULED
        return RecordType.CAMPAIGN_RESCHEDULED

    def next_in_chain(
        self, step: Treatment, action: RecordAction, number: int, repeat: int
    ) -> TreatmentDecision:
        """The three Next-in-Chain actions: the chain's next record, or a new pass."""
        rows, record = self.rows, self.record
        position = rows.index(record)
        target: CallingListRecord | None = None
        for row in rows[position + 1 :]:
            blocked = self.blocked(row)
            if blocked is None:
                target = row
                break
            if blocked not in self.reasons:
                self.reasons.append(blocked)
        new_pass = self.chain_pass
        if target is None:
            if self.chain_pass >= step.repeats:
                return self.finalized(DecisionReason.CHAIN_CYCLES_EXHAUSTED, action, number, repeat)
            new_pass += 1
            for row in rows[: position + 1]:
                blocked = self.blocked(row)
                if blocked is None:
                    target = row
                    break
                if blocked not in self.reasons:
                    self.reasons.append(blocked)
            if target is None:
                return self.finalized(DecisionReason.NO_NEXT_RECORD, action, number, repeat)
        if action is RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE:
            due = _date_on(target, step.date)  # type: ignore[arg-type]
        elif action is RecordAction.NEXT_IN_CHAIN_AFTER:
            due = self.dialed + step.wait(self.moves_in_run())
        elif new_pass > self.chain_pass:
            due = self.dialed + step.wait(self.chain_pass)
        else:
            due = self.now
        return self.landed(action, number, repeat, target, due, self.rescheduled_type(), new_pass)

    def moves_in_run(self) -> int:
        """How many moves along the chain the run of this result made, this one included."""
        moves, current = 1, self.record.record_id
        for attempt in reversed(self.history.attempts):
            if attempt.call_result is not self.result:
                break
            if attempt.record_id != current:
                moves += 1
                current = attempt.record_id
        return moves

    def landed(
        self,
        action: RecordAction,
        number: int,
        repeat: int,
        target: CallingListRecord,
        due: datetime,
        kind: RecordType,
        new_pass: int,
    ) -> TreatmentDecision:
        """The decision to dial `target` at the first instant it may be called from `due`."""
        now, rules = self.now, self.rules
        when = due
        if when < now:
            self.reasons.append(
                DecisionReason.DATE_PASSED
                if action
                in (
                    RecordAction.RETRY_AT_SPECIFIED_DATE,
                    RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE,
                )
                else DecisionReason.OVERDUE
            )
            when = now
        if rules.no_recall_until or rules.abandoned_recall_delay is not None:
            keys = {row.record_id: row.phone_key for row in self.rows}
            hold = hold_on(
                target,
                rules,
                history=self.history.attempts,
                phone_keys=keys,
                abandoned_now=self.result is CallResult.ABANDONED
                and target.phone_key == self.record.phone_key,
                now=now,
            )
            if hold is not None and hold > when:
                self.reasons.append(DecisionReason.RECALL_DELAY)
                when = hold
        landed, moved = land(target, when, rules.calling_hours)
        if landed is None:
            return self.finalized(DecisionReason.NEVER_CALLABLE, action, number, repeat)
        self.reasons.extend(moved)
        record = self.record
        same = target is record
        return TreatmentDecision(
            record.record_id,
            record.chain_id,
            self.result,
            action,
            number,
            repeat,
            self.call_action,
            self.destination_dn,
            RecordStatus.READY,
            kind if same else record.record_type,
            record.attempts,
            False,
            target.record_id,
            kind,
            landed,
            target.zone,
            due,
            new_pass,
            self.members,
            tuple(self.reasons),
        )


def _self_check() -> None:
    # Every record action is handled: finalizing, the same record, or along the chain.
    if set(RecordAction) != set(_FINAL_STATUS) | _SAME_RECORD | NEXT_IN_CHAIN_ACTIONS:
        raise AssertionError("a record action decide() does not handle")


_self_check()
