"""Helpers for treatment tests: calling-list rows, fixture tables, and runs of decisions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.options import TreatmentMode
from outbound_core.records import CallingListRecord, Record
from outbound_core.treatments import (
    Attempt,
    AttemptHistory,
    TreatmentDecision,
    TreatmentRules,
    TreatmentTable,
    apply_decision,
    decide,
    dialed,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "treatments"
#: Monday 15 June 2026, 10:00 in New York.
NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)


def fixture_table(name: str) -> TreatmentTable:
    """A worked-example table of `tests/fixtures/treatments/`."""
    return TreatmentTable.from_json((FIXTURES / name).read_text(encoding="utf-8"))


def row(
    record_id: int,
    *,
    chain_id: int = 1,
    chain_n: int | None = None,
    phone: str | None = None,
    zone: str = "America/New_York",
    window: tuple[int, int] | None = None,
    attempts: int = 0,
    status: RecordStatus = RecordStatus.READY,
    record_type: RecordType = RecordType.GENERAL,
    scheduled: datetime | None = None,
) -> CallingListRecord:
    """A calling-list row, all day unless `window` is given."""
    return CallingListRecord(
        Record(
            record_handle=record_id,
            chain_id=chain_id,
            phone=phone or f"+1 212 555 {record_id:04d}",
            attempts=attempts,
            tz_name=zone,
            daily_from=None if window is None else window[0],
            daily_until=None if window is None else window[1],
        ),
        status,
        record_type,
        record_id if chain_n is None else chain_n,
        scheduled,
    )


def by_id(rows: Sequence[CallingListRecord], record_id: int) -> CallingListRecord:
    return next(r for r in rows if r.record_id == record_id)


def run(
    rows: Sequence[CallingListRecord],
    table: TreatmentTable,
    rules: TreatmentRules,
    results: Iterable[CallResult],
    *,
    start: datetime = NOW,
    first: int | None = None,
    mode: TreatmentMode = TreatmentMode.CAMPAIGN,
) -> tuple[list[TreatmentDecision], tuple[CallingListRecord, ...], AttemptHistory]:
    """Dial the chain as its decisions say, each attempt ending with the next result, until
    the results run out or the chain is finalized; the first dial is of `first` (default:
    the first row) at `start`."""
    current = tuple(rows)
    history = AttemptHistory()
    chain_pass = 1
    record_id = current[0].record_id if first is None else first
    at = start
    decisions: list[TreatmentDecision] = []
    for result in results:
        current = dialed(current, record_id, at)
        decision = decide(
            by_id(current, record_id),
            current,
            history,
            result,
            table,
            rules,
            at,
            chain_pass=chain_pass,
            mode=mode,
        )
        decisions.append(decision)
        history = history.then(Attempt(record_id, at, result, chain_pass))
        current = apply_decision(current, decision)
        if decision.chain_finalized:
            break
        chain_pass = decision.chain_pass
        assert decision.next_record_id is not None
        assert decision.next_attempt is not None
        record_id, at = decision.next_record_id, decision.next_attempt
    return decisions, current, history
