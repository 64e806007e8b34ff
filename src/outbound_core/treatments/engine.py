"""The treatment engine: `decide`, a pure function of a call result and its inputs.

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
from outbound_core.timing.window import check_callable
from outbound_core.timing.zones import require_instant
from outbound_core.treatments.actions import (
    CALL_TREATMENT_RESULTS,
    NEXT_IN_CHAIN_ACTIONS,
    CallAction,
    RecordAction,
)
from outbound_core.treatments.decision import DecisionReason, TreatmentDecision, make_decision
from outbound_core.treatments.history import Attempt, AttemptHistory
from outbound_core.treatments.landing import hold_on, time_reasons
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
_AT_DATE = frozenset(
    {RecordAction.RETRY_AT_SPECIFIED_DATE, RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE}
)
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
    if type(chain) is tuple:
        if len(chain) == 1 and chain[0] is record:
            return chain
        # A chain handed over as it was dialed: the record itself in it, in chain order.
        previous = (-1, -1)
        chain_id, found = record.chain_id, False
        for row in chain:
            if type(row) is not CallingListRecord or row.chain_id != chain_id:
                break
            place = (row.chain_n, row.record_id)
            if place <= previous or (place[1] == record.record_id and row is not record):
                break
            previous, found = place, found or row is record
        else:
            if found:
                return chain
    if isinstance(chain, str | bytes) or not isinstance(chain, Sequence):
        raise _wrong("a chain", "a sequence of calling-list records", chain)
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


def _blocked(row: CallingListRecord, rules: TreatmentRules, worked: bool) -> DecisionReason | None:
    """Why `row` may not be dialed next, or None (the worked record is Retrieved, so its
    status does not count)."""
    if not worked and row.status not in _DIALABLE:
        return DecisionReason.NOT_DIALABLE
    if (
        row.record_type is _NO_CALL
        or (rules.do_not_call_numbers and row.phone_key in rules.do_not_call_numbers)
        or (rules.do_not_call_chains and row.chain_id in rules.do_not_call_chains)
    ):
        return DecisionReason.DO_NOT_CALL
    most = rules.max_attempts
    if most is not None and (row.record.attempts or 0) >= most:
        return DecisionReason.MAX_ATTEMPTS
    return None


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
    attempts = history.attempts
    # The pass through the chain belongs to the run of one result.
    if not attempts or attempts[-1].call_result is not result:
        chain_pass = 1
    members: tuple[int, ...] = (
        ()
        if len(rows) == 1
        else tuple(r.record_id for r in rows if r is not record and r.status in _LIVE_MEMBER)
    )
    call = (
        _call_fate(table.call_treatment(result))
        if result in CALL_TREATMENT_RESULTS
        else _NO_CALL_FATE
    )
    # What a slower path's `_Context` is built from; the common case below needs none.
    facts = (record, rows, attempts, result, rules, now, dialed, chain_pass, mode, members, call)
    if mode is _NONE:
        return _Context(*facts).finalized(_REASON_MODE_NONE)
    steps = table._sequences.get(result)
    if not steps:
        return _Context(*facts).finalized(_REASON_NO_TREATMENT)
    record_id = record.record_id
    occurrence = 1
    for attempt in reversed(attempts):
        if attempt.record_id != record_id or attempt.call_result is not result:
            break
        occurrence += 1
    first = steps[0]
    if occurrence <= (first.cycle_attempt or 1):
        step, number, repeat = first, 1, occurrence
    else:
        found = _step(steps, occurrence)
        if found is None:
            return _Context(*facts).finalized(_REASON_EXHAUSTED)
        step, number, repeat = found
    action = step.action
    if type(action) is not RecordAction:  # the table keeps call actions apart
        raise AssertionError(f"a call action in a record sequence: {action!r}")
    status = _FINAL_STATUS.get(action)
    if status is not None:
        reason = _REASON_NO_TREATMENT if action is _NO_TREATMENT else None
        return _Context(*facts).finalized(reason, action, number, repeat, status)
    if action not in _SAME_RECORD:
        return _Context(*facts).next_in_chain(step, action, number, repeat)
    most = rules.max_attempts
    if (
        record.record_type is _NO_CALL
        or rules.do_not_call_numbers
        or rules.do_not_call_chains
        or (most is not None and (record.record.attempts or 0) >= most)
    ):
        blocked = _blocked(record, rules, True)
        if blocked is not None:
            return _Context(*facts).finalized(blocked, action, number, repeat)
    if action is _ASSIGN_TO_GROUP:
        return _Context(*facts).landed(action, number, repeat, record, now, _CAMPAIGN_CALLBACK)
    if action is _RETRY_AT_DATE:
        due = _date_on(record, step.date)  # type: ignore[arg-type]
    else:
        waits = step._waits
        due = dialed + (waits[repeat - 1] if repeat <= len(waits) else step.wait(repeat))
    kind = _PERSONAL_RESCHEDULED if mode is _PERSONAL else _CAMPAIGN_RESCHEDULED
    if (
        due >= now
        and not call[2]
        and not rules.no_recall_until
        and rules.abandoned_recall_delay is None
        and check_callable(due, record.zone, record.window, rules=rules.calling_hours).allowed
    ):
        # The common case, spelled out: the same record, due when the treatment says.
        return make_decision(
            record_id,
            record.chain_id,
            result,
            action,
            number,
            repeat,
            call[0],
            call[1],
            _READY,
            kind,
            record.record.attempts or 0,
            False,
            record_id,
            kind,
            due,
            record.zone,
            due,
            chain_pass,
            members,
            (),
        )
    return _Context(*facts).landed(action, number, repeat, record, due, kind)


#: What happens to the call: the call action, its destination DN, and whether a Connect
#: without a DN was ignored.
_CallFate = tuple[CallAction | None, str | None, bool]
_NO_CALL_FATE: _CallFate = (None, None, False)


def _call_fate(treatment: Treatment | None) -> _CallFate:
    """The call's fate for an answering machine, a fax or silence: Drop by default."""
    if treatment is not None and treatment.action is CallAction.CONNECT:
        if treatment.destination_dn is None:
            return (CallAction.DROP, None, True)
        return (CallAction.CONNECT, treatment.destination_dn, False)
    return (CallAction.DROP, None, False)


class _Context:
    """What a decision is taken from, and the ways it ends (private; `decide` is the API)."""

    __slots__ = (
        "attempts",
        "call_action",
        "chain_pass",
        "destination_dn",
        "dialed",
        "members",
        "mode",
        "now",
        "reasons",
        "record",
        "result",
        "rows",
        "rules",
    )

    def __init__(
        self,
        record: CallingListRecord,
        rows: tuple[CallingListRecord, ...],
        attempts: tuple[Attempt, ...],
        result: CallResult,
        rules: TreatmentRules,
        now: datetime,
        dialed: datetime,
        chain_pass: int,
        mode: TreatmentMode,
        members: tuple[int, ...],
        call: _CallFate,
    ) -> None:
        self.record, self.rows, self.attempts, self.result = record, rows, attempts, result
        self.rules, self.now, self.dialed, self.mode = rules, now, dialed, mode
        self.chain_pass, self.members = chain_pass, members
        self.call_action, self.destination_dn, ignored = call
        self.reasons: list[DecisionReason] = (
            [DecisionReason.CALL_TREATMENT_IGNORED] if ignored else []
        )

    def finalized(
        self,
        reason: DecisionReason | None,
        action: RecordAction = RecordAction.NO_TREATMENT,
        number: int = 0,
        repeat: int = 0,
        status: RecordStatus = RecordStatus.UPDATED,
    ) -> TreatmentDecision:
        """The decision that finalizes the chain."""
        reasons = self.reasons
        if reason is not None and reason not in reasons:
            reasons.append(reason)
        record = self.record
        return make_decision(
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
            record.record.attempts or 0,
            True,
            None,
            None,
            None,
            None,
            None,
            1,
            self.members,
            tuple(reasons),
        )

    def next_in_chain(
        self, step: Treatment, action: RecordAction, number: int, repeat: int
    ) -> TreatmentDecision:
        """The three Next-in-Chain actions: the chain's next record, or a new pass."""
        rows, record, rules = self.rows, self.record, self.rules
        position = rows.index(record)
        target: CallingListRecord | None = None
        for row in rows[position + 1 :]:
            blocked = _blocked(row, rules, False)
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
                blocked = _blocked(row, rules, row is record)
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
        kind = _PERSONAL_RESCHEDULED if self.mode is _PERSONAL else _CAMPAIGN_RESCHEDULED
        return self.landed(action, number, repeat, target, due, kind, new_pass)

    def moves_in_run(self) -> int:
        """How many moves along the chain the run of this result made, this one included."""
        moves, current = 1, self.record.record_id
        for attempt in reversed(self.attempts):
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
        new_pass: int | None = None,
    ) -> TreatmentDecision:
        """The decision to dial `target` at the first instant it may be called from `due`."""
        now, rules, reasons = self.now, self.rules, self.reasons
        when = due
        if when < now:
            reasons.append(_REASON_DATE_PASSED if action in _AT_DATE else _REASON_OVERDUE)
            when = now
        if rules.no_recall_until or rules.abandoned_recall_delay is not None:
            hold = hold_on(
                target,
                rules,
                history=self.attempts,
                phone_keys={row.record_id: row.phone_key for row in self.rows},
                abandoned_now=self.result is CallResult.ABANDONED
                and target.phone_key == self.record.phone_key,
                now=now,
            )
            if hold is not None and hold > when:
                reasons.append(DecisionReason.RECALL_DELAY)
                when = hold
        check = check_callable(when, target.zone, target.window, rules=rules.calling_hours)
        if not check.allowed:
            if check.next_open is None:
                return self.finalized(DecisionReason.NEVER_CALLABLE, action, number, repeat)
            when = check.next_open
            reasons.extend(time_reasons(check.reasons))
        record = self.record
        return make_decision(
            record.record_id,
            record.chain_id,
            self.result,
            action,
            number,
            repeat,
            self.call_action,
            self.destination_dn,
            _READY,
            kind if target is record else record.record_type,
            record.record.attempts or 0,
            False,
            target.record_id,
            kind,
            when,
            target.zone,
            due,
            self.chain_pass if new_pass is None else new_pass,
            self.members,
            tuple(reasons) if reasons else (),
        )


# Enumeration members bound once: reading one from its class costs a lookup each time.
_READY = RecordStatus.READY
_NO_CALL = RecordType.NO_CALL
_NONE = TreatmentMode.NONE
_PERSONAL = TreatmentMode.PERSONAL
_NO_TREATMENT = RecordAction.NO_TREATMENT
_ASSIGN_TO_GROUP = RecordAction.ASSIGN_TO_GROUP
_RETRY_AT_DATE = RecordAction.RETRY_AT_SPECIFIED_DATE
_CAMPAIGN_CALLBACK = RecordType.CAMPAIGN_CALLBACK
_CAMPAIGN_RESCHEDULED = RecordType.CAMPAIGN_RESCHEDULED
_PERSONAL_RESCHEDULED = RecordType.PERSONAL_RESCHEDULED
_REASON_MODE_NONE = DecisionReason.TREATMENT_MODE_NONE
_REASON_NO_TREATMENT = DecisionReason.NO_TREATMENT
_REASON_EXHAUSTED = DecisionReason.SEQUENCE_EXHAUSTED
_REASON_DATE_PASSED = DecisionReason.DATE_PASSED
_REASON_OVERDUE = DecisionReason.OVERDUE


def _self_check() -> None:
    # Every record action is handled: finalizing, the same record, or along the chain.
    if set(RecordAction) != set(_FINAL_STATUS) | _SAME_RECORD | NEXT_IN_CHAIN_ACTIONS:
        raise AssertionError("a record action decide() does not handle")


_self_check()
