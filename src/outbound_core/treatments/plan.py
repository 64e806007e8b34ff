"""The plan: which records may be called now, which are blocked and why, and what comes next.

`plan_records` sweeps a calling list, chain by chain, and says for each record whether it may
be called at `now`, every reason it may not (stable `PlanReason` codes), and when it may next
be called (`next_attempt`, UTC, with its record-local text). `plan_timelines` goes further:
if every attempt of a chain ended with one call result, which attempts would it get, until it
is finalized or a horizon ends. `PlanSummary` counts records callable now and blocked ones by
reason; summaries add up, so a list can be planned in partitions of whole chains (one Dask
task each) and the partial summaries added.

Both are pure functions of their inputs and use the decision's own rules (`decide`,
`landing`), so a plan never disagrees with the decisions it predicts.

Readings (docs/sources.md, "Treatments"): a chain dials one record at a time, its scheduled
record if it has one, else its first record in `chain_n` order that may be dialed at all
(not finalized, Do Not Call, at Maximum Attempts, ...); the others wait (`chain-order`).
A record waits for its window without yielding its turn to another record of the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records import FINAL_RECORD_STATUSES, CallingListRecord
from outbound_core.timing.reschedule import Reschedule
from outbound_core.timing.window import Reason, ReasonCode, check_callable
from outbound_core.timing.zones import RecordZone, require_instant
from outbound_core.treatments.actions import RecordAction
from outbound_core.treatments.builder import slot_builder
from outbound_core.treatments.effects import apply_decision, dialed
from outbound_core.treatments.engine import decide
from outbound_core.treatments.history import Attempt, AttemptHistory
from outbound_core.treatments.rules import TreatmentRules
from outbound_core.treatments.table import TreatmentTable

__all__ = [
    "TIMELINE_LIMIT",
    "ChainTimeline",
    "PlanEntry",
    "PlanReason",
    "PlanSummary",
    "TimelineEnd",
    "TimelineStep",
    "plan_records",
    "plan_timelines",
    "summarize",
]

#: The most attempts a timeline lists before it stops (`TimelineEnd.LIMIT`).
TIMELINE_LIMIT: Final = 1000


class PlanReason(StrEnum):
    """Why a record may not be called now (stable codes, in the order they are reported)."""

    FINALIZED = "finalized"
    DO_NOT_CALL = "do-not-call"
    MAX_ATTEMPTS = "max-attempts"
    IN_PROGRESS = "in-progress"
    MISSED_CALLBACK = "missed-callback"
    CHAIN_ORDER = "chain-order"
    SCHEDULED = "scheduled"
    RECALL_DELAY = "recall-delay"
    OUTSIDE_WINDOW = "outside-window"
    LEGAL_HOURS = "legal-hours"

    @property
    def phrase(self) -> str:
        """How the summary counts records blocked for this reason ("3,100 outside their
        window")."""
        return _PHRASES[self]


_PHRASES: Mapping[PlanReason, str] = MappingProxyType(
    {
        PlanReason.FINALIZED: "finalized",
        PlanReason.DO_NOT_CALL: "on Do Not Call",
        PlanReason.MAX_ATTEMPTS: "at the maximum attempts",
        PlanReason.IN_PROGRESS: "being worked",
        PlanReason.MISSED_CALLBACK: "missed callbacks",
        PlanReason.CHAIN_ORDER: "waiting for another record of their chain",
        PlanReason.SCHEDULED: "scheduled later",
        PlanReason.RECALL_DELAY: "held after an abandoned call",
        PlanReason.OUTSIDE_WINDOW: "outside their window",
        PlanReason.LEGAL_HOURS: "outside legal calling hours",
    }
)
_ORDER: Final = tuple(PlanReason)
_WORKING: Final = frozenset({RecordStatus.RETRIEVED, RecordStatus.CHAIN_READY})
_READY: Final = RecordStatus.READY
_NO_STATUS: Final = RecordStatus.NO_RECORD_STATUS
_NO_CALL: Final = RecordType.NO_CALL
_NONE: tuple[PlanReason, ...] = ()
_FINALIZED = (PlanReason.FINALIZED,)
_CHAIN_ORDER = (PlanReason.CHAIN_ORDER,)
_IN_PROGRESS = (PlanReason.IN_PROGRESS,)
_TIMED: Final = frozenset(
    {
        PlanReason.SCHEDULED,
        PlanReason.RECALL_DELAY,
        PlanReason.OUTSIDE_WINDOW,
        PlanReason.LEGAL_HOURS,
    }
)
_TIME_REASONS: dict[tuple[Reason, ...], tuple[PlanReason, ...]] = {}


def _time_reasons(reasons: tuple[Reason, ...]) -> tuple[PlanReason, ...]:
    found = _TIME_REASONS.get(reasons)
    if found is None:
        codes: list[PlanReason] = []
        for reason in reasons:
            code = (
                PlanReason.OUTSIDE_WINDOW
                if reason.code is ReasonCode.OUTSIDE_WINDOW
                else PlanReason.LEGAL_HOURS
            )
            if code not in codes:
                codes.append(code)
        found = tuple(codes)
        if len(_TIME_REASONS) > 4096:
            _TIME_REASONS.clear()
        _TIME_REASONS[reasons] = found
    return found


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


@attrs.define(frozen=True, slots=True)
class PlanEntry:
    """One record in the plan.

    Attributes:
        record_id: the record [`record_id`].
        chain_id: its chain [`chain_id`].
        reasons: why it may not be called now; empty when it may.
        next_attempt: when it may next be called (UTC): now when callable now, the next
            open instant when only time stands in the way, None when nothing can be said
            (finalized, Do Not Call, waiting for its chain, ...).
        zone: the record's zone, for `next_attempt_local`.
    """

    record_id: int
    chain_id: int
    reasons: tuple[PlanReason, ...]
    next_attempt: datetime | None
    zone: RecordZone = attrs.field(repr=False)

    @property
    def callable_now(self) -> bool:
        """Whether the record may be called now."""
        return not self.reasons

    @property
    def next_attempt_local(self) -> str | None:
        """`next_attempt` on the record's wall clock, `MM/DD/YYYY HH:MM`, or None."""
        when = self.next_attempt
        return None if when is None else Reschedule(when, self.zone).text

    def to_dict(self) -> dict[str, Any]:
        """The record's object in `outbound-core plan --json` (schema in docs/cli.md)."""
        return {
            "record_id": self.record_id,
            "chain_id": self.chain_id,
            "callable_now": not self.reasons,
            "reasons": [reason.value for reason in self.reasons],
            "next_attempt": _iso(self.next_attempt),
            "next_attempt_local": self.next_attempt_local,
            "zone": self.zone.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanEntry:
        """The entry `to_dict` wrote (`callable_now` and the local text are checked).

        Raises:
            InvalidValue: when the data is not a plan entry or disagrees with itself.
        """
        keys = {
            "record_id",
            "chain_id",
            "callable_now",
            "reasons",
            "next_attempt",
            "next_attempt_local",
            "zone",
        }
        try:
            if set(data) != keys or not all(
                type(data[k]) is int for k in ("record_id", "chain_id")
            ):
                raise ValueError("keys")
            when = data["next_attempt"]
            found = cls(
                data["record_id"],
                data["chain_id"],
                tuple(PlanReason(r) for r in data["reasons"]),
                None if when is None else _utc(datetime.fromisoformat(when)),
                RecordZone.from_dict(data["zone"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a plan entry: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error
        if (data["callable_now"], data["next_attempt_local"]) != (
            found.callable_now,
            found.next_attempt_local,
        ):
            raise InvalidValue(
                "the plan entry's callable_now or next_attempt_local disagree with its facts",
                code=ErrorCode.INVALID_VALUE,
            )
        return found


#: `PlanEntry(...)` without the per-field `object.__setattr__` (`builder.slot_builder`).
_entry: Callable[..., PlanEntry] = slot_builder(PlanEntry)


def _utc(now: object) -> datetime:
    if type(now) is datetime and now.tzinfo is UTC:
        return now
    return require_instant(now, "now").astimezone(UTC)


def _rules(rules: object) -> TreatmentRules:
    if type(rules) is not TreatmentRules:
        raise InvalidValue(
            f"rules are TreatmentRules, not {type(rules).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(rules),
        )
    return rules


def _chain_rows(chain: object) -> Sequence[CallingListRecord]:
    if isinstance(chain, str | bytes | Mapping) or not isinstance(chain, Sequence) or not chain:
        raise InvalidValue(
            f"a chain is a non-empty sequence of calling-list records, not {shorten(chain)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(chain),
        )
    first = chain[0]
    for row in chain:
        if type(row) is not CallingListRecord:
            raise InvalidValue(
                f"a chain holds calling-list records, not {type(row).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(row),
            )
        if row.chain_id != first.chain_id:
            raise InvalidValue(
                f"record {row.record_id} is in chain {row.chain_id}, not {first.chain_id}",
                code=ErrorCode.INVALID_VALUE,
                record_id=row.record_id,
            )
    places = [(row.chain_n, row.record_id) for row in chain]
    if places != sorted(places):
        return sorted(chain, key=lambda row: (row.chain_n, row.record_id))
    return chain


class _Sweep:
    """The per-record checks of one plan (private; `plan_records` is the API)."""

    __slots__ = ("dnc", "dnc_chains", "holds", "hours", "most", "now")

    def __init__(self, rules: TreatmentRules, now: datetime) -> None:
        self.now = now
        self.hours = rules.calling_hours
        self.holds = rules.no_recall_until
        self.dnc = rules.do_not_call_numbers
        self.dnc_chains = rules.do_not_call_chains
        self.most = rules.max_attempts

    def hard(self, row: CallingListRecord) -> tuple[PlanReason, ...]:
        """The reasons that do not depend on time: status, Do Not Call, attempts."""
        status = row.status
        if status in FINAL_RECORD_STATUSES:
            return _FINALIZED
        found: list[PlanReason] = []
        if (
            row.record_type is RecordType.NO_CALL
            or (self.dnc and row.phone_key in self.dnc)
            or (self.dnc_chains and row.chain_id in self.dnc_chains)
        ):
            found.append(PlanReason.DO_NOT_CALL)
        most = self.most
        if most is not None and (row.record.attempts or 0) >= most:
            found.append(PlanReason.MAX_ATTEMPTS)
        if status in _WORKING:
            found.append(PlanReason.IN_PROGRESS)
        elif status is RecordStatus.MISSED_CALLBACK:
            found.append(PlanReason.MISSED_CALLBACK)
        return tuple(found) if found else _NONE

    def timed(self, row: CallingListRecord) -> PlanEntry:
        """The entry of a record whose turn it is: only time may stand in the way."""
        now, hours = self.now, self.hours
        decision = check_callable(now, row.zone, row.window, rules=hours)
        scheduled = row.dial_sched_time
        hold = self.holds.get(row.phone_key) if self.holds and row.phone_key else None
        if (scheduled is None or scheduled <= now) and (hold is None or hold <= now):
            if decision.allowed:
                return _entry(row.record_id, row.chain_id, _NONE, now, row.zone)
            return _entry(
                row.record_id,
                row.chain_id,
                _time_reasons(decision.reasons),
                decision.next_open,
                row.zone,
            )
        reasons: list[PlanReason] = []
        when = now
        if scheduled is not None and scheduled > now:
            reasons.append(PlanReason.SCHEDULED)
            when = scheduled
        if hold is not None and hold > now:
            reasons.append(PlanReason.RECALL_DELAY)
            when = max(when, hold)
        if not decision.allowed:
            reasons.extend(_time_reasons(decision.reasons))
        later = check_callable(when, row.zone, row.window, rules=hours)
        return _entry(
            row.record_id,
            row.chain_id,
            tuple(reasons),
            when if later.allowed else later.next_open,
            row.zone,
        )

    def chain(self, rows: Sequence[CallingListRecord]) -> Iterator[PlanEntry]:
        """The entries of one chain, in chain order."""
        hards = [self.hard(row) for row in rows]
        if any(row.status in _WORKING for row in rows):
            for row, hard in zip(rows, hards, strict=True):
                yield _entry(row.record_id, row.chain_id, hard or _IN_PROGRESS, None, row.zone)
            return
        free = [row for row, hard in zip(rows, hards, strict=True) if not hard]
        scheduled = [row for row in free if row.dial_sched_time is not None]
        current = (
            min(scheduled, key=lambda row: row.dial_sched_time)  # type: ignore[arg-type,return-value]
            if scheduled
            else (free[0] if free else None)
        )
        for row, hard in zip(rows, hards, strict=True):
            if hard:
                yield _entry(row.record_id, row.chain_id, hard, None, row.zone)
            elif row is current:
                yield self.timed(row)
            else:
                yield _entry(row.record_id, row.chain_id, _CHAIN_ORDER, None, row.zone)


def plan_records(
    chains: Iterable[Sequence[CallingListRecord]], rules: TreatmentRules, now: datetime
) -> Iterator[PlanEntry]:
    """The plan of every record at `now`, chain by chain, each chain in `chain_n` order.

    Args:
        chains: the calling list's records grouped by chain (any order within a chain).
        rules: Maximum Attempts, legal calling hours, Do Not Call, holds on numbers.
        now: the instant planned for (aware).

    Raises:
        InvalidValue: for unusable input (a chain mixing chain ids, a naive `now`, ...).
    """
    now, rules = _utc(now), _rules(rules)
    sweep = _Sweep(rules, now)
    hard, timed = sweep.hard, sweep.timed
    hours, most = rules.calling_hours, rules.max_attempts
    # The common record, checked inline: fresh, not listed, below the maximum, unscheduled.
    plain = not (rules.do_not_call_numbers or rules.do_not_call_chains or rules.no_recall_until)
    for chain in chains:
        if type(chain) is tuple and len(chain) == 1 and type(chain[0]) is CallingListRecord:
            row = chain[0]
            status = row.status
            if (
                plain
                and (status is _READY or status is _NO_STATUS)
                and row.record_type is not _NO_CALL
                and row.dial_sched_time is None
                and (most is None or (row.record.attempts or 0) < most)
            ):
                decision = check_callable(now, row.zone, row.window, rules=hours)
                if decision.allowed:
                    yield _entry(row.record_id, row.chain_id, _NONE, now, row.zone)
                else:
                    yield _entry(
                        row.record_id,
                        row.chain_id,
                        _time_reasons(decision.reasons),
                        decision.next_open,
                        row.zone,
                    )
                continue
            reasons = hard(row)
            if reasons:
                yield _entry(row.record_id, row.chain_id, reasons, None, row.zone)
            else:
                yield timed(row)
            continue
        yield from sweep.chain(_chain_rows(chain))


def _counts(value: Mapping[PlanReason, int]) -> dict[PlanReason, int]:
    return {PlanReason(reason): count for reason, count in value.items()}


@attrs.define(frozen=True, slots=True)
class PlanSummary:
    """How many records a plan found callable now, and blocked ones by reason.

    Attributes:
        records: records planned.
        callable_now: records that may be called now.
        blocked: blocked records per reason (a record with several reasons counts in each).
    """

    records: int = 0
    callable_now: int = 0
    blocked: Mapping[PlanReason, int] = attrs.field(factory=dict, converter=_counts)

    def __add__(self, other: PlanSummary) -> PlanSummary:
        """The summary of both partitions together."""
        if not isinstance(other, PlanSummary):
            return NotImplemented
        blocked = dict(self.blocked)
        for reason, count in other.blocked.items():
            blocked[reason] = blocked.get(reason, 0) + count
        return PlanSummary(
            self.records + other.records, self.callable_now + other.callable_now, blocked
        )

    def sentence(self) -> str:
        """The summary in one line: "1,204 of 5,000 callable now; 3,100 outside their
        window; ..." (reasons in `PlanReason` order)."""
        parts = [f"{self.callable_now:,} of {self.records:,} callable now"]
        parts.extend(
            f"{self.blocked[reason]:,} {reason.phrase}"
            for reason in _ORDER
            if self.blocked.get(reason)
        )
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: records, callable_now, blocked (reason code to count, in order)."""
        return {
            "records": self.records,
            "callable_now": self.callable_now,
            "blocked": {
                reason.value: self.blocked[reason] for reason in _ORDER if self.blocked.get(reason)
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanSummary:
        """The summary `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not a summary.
        """
        try:
            blocked = {PlanReason(k): v for k, v in data["blocked"].items()}
            counts = [data["records"], data["callable_now"], *blocked.values()]
            if set(data) != {"records", "callable_now", "blocked"} or not all(
                type(c) is int and c >= 0 for c in counts
            ):
                raise ValueError("bad counts")
            return cls(data["records"], data["callable_now"], blocked)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InvalidValue(
                f"not a plan summary: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error


def summarize(entries: Iterable[PlanEntry]) -> PlanSummary:
    """The summary of a plan's entries."""
    records = callable_now = 0
    blocked: dict[PlanReason, int] = {}
    for entry in entries:
        records += 1
        reasons = entry.reasons
        if not reasons:
            callable_now += 1
            continue
        for reason in reasons:
            blocked[reason] = blocked.get(reason, 0) + 1
    return PlanSummary(records, callable_now, blocked)


class TimelineEnd(StrEnum):
    """Why a chain's timeline stops."""

    FINALIZED = "finalized"
    HORIZON = "horizon"
    NOT_CALLABLE = "not-callable"
    LIMIT = "limit"


@attrs.define(frozen=True, slots=True)
class TimelineStep:
    """One attempt of a chain's timeline.

    Attributes:
        attempt: 1 for the chain's first attempt in the timeline, 2, ...
        at: when it is dialed (UTC).
        record_id: the record dialed.
        action: the treatment applied to its (assumed) result.
        at_local: `at` on the record's wall clock, `MM/DD/YYYY HH:MM`.
    """

    attempt: int
    at: datetime
    record_id: int
    action: RecordAction
    at_local: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data: attempt, at (UTC ISO), at_local, record_id, action."""
        return {
            "attempt": self.attempt,
            "at": _iso(self.at),
            "at_local": self.at_local,
            "record_id": self.record_id,
            "action": self.action.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimelineStep:
        """The step `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not a timeline step.
        """
        try:
            if set(data) != {"attempt", "at", "at_local", "record_id", "action"}:
                raise ValueError("keys")
            values = (data["attempt"], data["record_id"])
            if not all(type(v) is int for v in values) or type(data["at_local"]) is not str:
                raise TypeError("types")
            return cls(
                data["attempt"],
                _utc(datetime.fromisoformat(data["at"])),
                data["record_id"],
                RecordAction(data["action"]),
                data["at_local"],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a timeline step: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error


@attrs.define(frozen=True, slots=True)
class ChainTimeline:
    """The attempts a chain would get if every one ended with the same call result.

    Attributes:
        chain_id: the chain.
        steps: its attempts, in order.
        end: why the timeline stops: the chain is finalized, the next attempt is beyond the
            horizon, nothing of the chain may be called at all, or `TIMELINE_LIMIT`.
    """

    chain_id: int
    steps: tuple[TimelineStep, ...]
    end: TimelineEnd

    def to_dict(self) -> dict[str, Any]:
        """Plain data: chain_id, timeline (the steps), end."""
        return {
            "chain_id": self.chain_id,
            "timeline": [step.to_dict() for step in self.steps],
            "end": self.end.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChainTimeline:
        """The timeline `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not a chain timeline.
        """
        try:
            if set(data) != {"chain_id", "timeline", "end"} or type(data["chain_id"]) is not int:
                raise ValueError("keys")
            return cls(
                data["chain_id"],
                tuple(TimelineStep.from_dict(step) for step in data["timeline"]),
                TimelineEnd(data["end"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a chain timeline: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error


def _timeline(
    rows: tuple[CallingListRecord, ...],
    first: PlanEntry | None,
    result: CallResult,
    table: TreatmentTable,
    rules: TreatmentRules,
    end: datetime,
    limit: int,
) -> ChainTimeline:
    chain_id = rows[0].chain_id
    if first is None or first.next_attempt is None:
        return ChainTimeline(chain_id, (), TimelineEnd.NOT_CALLABLE)
    record_id: int = first.record_id
    at: datetime = first.next_attempt
    history = AttemptHistory()
    chain_pass = 1
    steps: list[TimelineStep] = []
    while True:
        if at > end:
            return ChainTimeline(chain_id, tuple(steps), TimelineEnd.HORIZON)
        if len(steps) >= limit:
            return ChainTimeline(chain_id, tuple(steps), TimelineEnd.LIMIT)
        rows = dialed(rows, record_id, at)
        row = next(r for r in rows if r.record_id == record_id)
        decision = decide(
            row, rows, history, result, table, rules, at, dialed_at=at, chain_pass=chain_pass
        )
        steps.append(
            TimelineStep(
                len(steps) + 1, at, record_id, decision.action, Reschedule(at, row.zone).text
            )
        )
        history = AttemptHistory((*history.attempts, Attempt(record_id, at, result, chain_pass)))
        rows = apply_decision(rows, decision)
        if decision.chain_finalized:
            return ChainTimeline(chain_id, tuple(steps), TimelineEnd.FINALIZED)
        chain_pass = decision.chain_pass
        record_id, at = decision.next_record_id, decision.next_attempt  # type: ignore[assignment]


def plan_timelines(
    chains: Iterable[Sequence[CallingListRecord]],
    table: TreatmentTable,
    rules: TreatmentRules,
    now: datetime,
    assume: CallResult,
    horizon: timedelta,
    *,
    limit: int = TIMELINE_LIMIT,
) -> Iterator[ChainTimeline]:
    """Each chain's timeline if every attempt ended with `assume`, from `now` until the
    chain is finalized or `now + horizon` (each result taken as final when dialed).

    Raises:
        InvalidValue: for unusable input.
    """
    now, rules = _utc(now), _rules(rules)
    if type(table) is not TreatmentTable:
        raise InvalidValue(
            f"the table is a TreatmentTable, not {type(table).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(table),
        )
    result = CallResult.parse(assume)
    if type(horizon) is not timedelta or horizon < timedelta(0):
        raise InvalidValue(
            f"the horizon is elapsed time, not {shorten(horizon)}",
            code=ErrorCode.INVALID_DURATION,
            value=shorten(horizon),
        )
    if type(limit) is not int or limit < 1:
        raise InvalidValue(
            f"the limit is a whole number from 1, not {shorten(limit)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(limit),
        )
    try:
        end = now + horizon
    except OverflowError:
        raise InvalidValue(
            f"{now.isoformat()} + {horizon} is beyond year 9999",
            code=ErrorCode.INVALID_DURATION,
            value=str(horizon),
        ) from None
    sweep = _Sweep(rules, now)
    for chain in chains:
        rows = tuple(_chain_rows(chain))
        first = next(
            (
                entry
                for entry in sweep.chain(rows)
                if entry.next_attempt is not None and _TIMED.issuperset(entry.reasons)
            ),
            None,
        )
        yield _timeline(rows, first, result, table, rules, end, limit)
