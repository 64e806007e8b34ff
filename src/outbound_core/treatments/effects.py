"""What a dial and a treatment decision write into a chain's calling-list records.

A server keeps these columns itself; the functions here say what they become, so the plan's
timelines, the tests and any server agree (reference §1, §4.5):

* `dialed`: the dialed record counts one more attempt [`attempt`, `GSW_ATTEMPTS`], takes the
  dial time [`call_time`], loses its schedule and is Retrieved; the chain's other Ready
  records are Chain Ready while it is worked.
* `apply_decision`: the worked record takes the call result, its new status and type; the
  record dialed next takes the schedule [`dial_sched_time`] and its new type; the other live
  records go back to Ready, or, when the chain is finalized, become Chain Updated (Cancelled
  for Cancel Record).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from outbound_core.codes import RecordStatus
from outbound_core.records import CallingListRecord
from outbound_core.treatments.decision import TreatmentDecision

__all__ = ["apply_decision", "dialed"]

_WAITING = frozenset({RecordStatus.READY, RecordStatus.NO_RECORD_STATUS})


def dialed(
    chain: Sequence[CallingListRecord], record_id: int, at: datetime
) -> tuple[CallingListRecord, ...]:
    """The chain after record `record_id` was dialed at `at` (see the module docs)."""
    rows: list[CallingListRecord] = []
    for row in chain:
        if row.record_id == record_id:
            record = attrs.evolve(row.record, attempts=row.attempts + 1)
            row = attrs.evolve(
                row,
                record=record,
                status=RecordStatus.RETRIEVED,
                call_time=at,
                dial_sched_time=None,
            )
        elif row.status in _WAITING:
            row = attrs.evolve(row, status=RecordStatus.CHAIN_READY)
        rows.append(row)
    return tuple(rows)


def apply_decision(
    chain: Sequence[CallingListRecord], decision: TreatmentDecision
) -> tuple[CallingListRecord, ...]:
    """The chain after `decision` (see the module docs)."""
    members = set(decision.members)
    if decision.chain_finalized:
        member_status = (
            RecordStatus.CANCELLED
            if decision.record_status is RecordStatus.CANCELLED
            else RecordStatus.CHAIN_UPDATED
        )
    else:
        member_status = RecordStatus.READY
    rows: list[CallingListRecord] = []
    for row in chain:
        rid = row.record_id
        if rid == decision.record_id:
            record = attrs.evolve(
                row.record, call_result=decision.call_result, attempts=decision.attempts
            )
            scheduled = decision.next_attempt if decision.next_record_id == rid else None
            row = attrs.evolve(
                row,
                record=record,
                status=decision.record_status,
                record_type=decision.record_type,
                dial_sched_time=scheduled,
            )
        elif rid == decision.next_record_id:
            row = attrs.evolve(
                row,
                status=member_status,
                record_type=decision.next_record_type or row.record_type,
                dial_sched_time=decision.next_attempt,
            )
        elif rid in members:
            row = attrs.evolve(row, status=member_status)
        rows.append(row)
    return tuple(rows)
