"""Where a next attempt may land: the number's holds, the record's window, the legal hours.

A treatment says when it wants the next attempt; `land` moves that instant to the first one
at which the record may be called: after any hold on its number (an abandoned call's recall
delay, `no_recall_until`), inside its daily window in its own zone, and inside the legal calling
hours selected (`timing.check_callable` and its `Decision.next_open`). The plan uses the same
functions, so a plan and a decision never disagree about a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from outbound_core.codes import CallResult
from outbound_core.records import CallingListRecord
from outbound_core.timing.calling_hours import CallingHours
from outbound_core.timing.window import Reason, ReasonCode, check_callable
from outbound_core.treatments.decision import DecisionReason
from outbound_core.treatments.history import Attempt
from outbound_core.treatments.rules import TreatmentRules

__all__ = ["hold_on", "land", "time_reasons"]

_REASONS: dict[tuple[Reason, ...], tuple[DecisionReason, ...]] = {}
_MAX_REASONS = 4096


def time_reasons(reasons: tuple[Reason, ...]) -> tuple[DecisionReason, ...]:
    """`check_callable`'s reasons as decision reasons: `outside-window` for the record's
    window, `legal-hours` for any calling-hours rule (hours, days, dates, holidays)."""
    found = _REASONS.get(reasons)
    if found is None:
        codes: list[DecisionReason] = []
        for reason in reasons:
            code = (
                DecisionReason.OUTSIDE_WINDOW
                if reason.code is ReasonCode.OUTSIDE_WINDOW
                else DecisionReason.LEGAL_HOURS
            )
            if code not in codes:
                codes.append(code)
        found = tuple(codes)
        if len(_REASONS) >= _MAX_REASONS:
            _REASONS.clear()
        _REASONS[reasons] = found
    return found


def land(
    row: CallingListRecord, due: datetime, calling_hours: tuple[CallingHours, ...]
) -> tuple[datetime | None, tuple[DecisionReason, ...]]:
    """The first instant at or after `due` (aware, UTC) at which `row` may be called, and why
    it moved; None when its window and the rules never open within a year."""
    decision = check_callable(due, row.zone, row.window, rules=calling_hours)
    if decision.allowed:
        return due, ()
    return decision.next_open, time_reasons(decision.reasons)


def hold_on(
    target: CallingListRecord,
    rules: TreatmentRules,
    *,
    history: Iterable[Attempt] = (),
    phone_keys: Mapping[int, str | None] | None = None,
    abandoned_now: bool = False,
    now: datetime | None = None,
) -> datetime | None:
    """Until when `target`'s number must not be dialed, or None.

    The holds are `rules.no_recall_until` for the number and, with an
    `abandoned_recall_delay`, the delay after every abandoned call (21) to the same number:
    the current one (`abandoned_now`, counted from `now`, when its result became final) and
    those of `history` (counted from their dial; `phone_keys` gives each record's number).
    """
    key = target.phone_key
    if key is None:
        return None
    until = rules.no_recall_until.get(key) if rules.no_recall_until else None
    delay: timedelta | None = rules.abandoned_recall_delay
    if delay is None:
        return until
    if abandoned_now and now is not None:
        until = now + delay if until is None else max(until, now + delay)
    if phone_keys:
        for attempt in history:
            if (
                attempt.call_result is CallResult.ABANDONED
                and phone_keys.get(attempt.record_id) == key
            ):
                ends = attempt.at + delay
                until = ends if until is None else max(until, ends)
    return until
