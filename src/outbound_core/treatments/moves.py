"""The record and chain moves a treatment decision implies, as events of their lifecycles.

A decision is taken right after a dial: the worked record is Retrieved, the chain's other live
records are Chain Ready, the chain is Processing (reference §4.5, `RecordStatusMachine` and
`ChainMachine` in `outbound_core.machines.record_status`). From there:

| the decision | worked record | other live records | chain |
|---|---|---|---|
| finalized, Updated | `mark_done` | `chain_member_updated` | `process`, `unload` |
| finalized, Agent Error | `mark_agent_error` | `chain_member_updated` | `process`, `unload` |
| finalized, Cancelled | `cancel` | `cancel` | `process`, `unload` |
| dialed again (any record) | `reschedule` | `chain_member_ready` | `process`, `reschedule` |

The contact is processed before any treatment applies (Genesys *Contact Processed*), hence
`process` first. A Next-in-Chain decision reschedules the chain to continue with another
record (Info Mart's ChainReschedToContinue), so the worked record goes back to Ready with
`reschedule` too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from outbound_core.codes import RecordStatus
from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["CHAIN_MACHINE", "RECORD_STATUS_MACHINE", "Move", "moves_of"]

#: `Move.machine` for a record's status (`RecordStatusMachine`, diagram `record-status`).
RECORD_STATUS_MACHINE: Final = "record-status"
#: `Move.machine` for the chain (`ChainMachine`, diagram `chain`).
CHAIN_MACHINE: Final = "chain"

_WORKED_EVENTS: Final = {
    RecordStatus.UPDATED: "mark_done",
    RecordStatus.AGENT_ERROR: "mark_agent_error",
    RecordStatus.CANCELLED: "cancel",
    RecordStatus.READY: "reschedule",
}


@attrs.define(frozen=True, slots=True)
class Move:
    """One lifecycle event a decision implies.

    Attributes:
        machine: `record-status` or `chain` (the names `outbound-core diagram` takes).
        subject: the record id, or the chain id.
        event: the event of the machine.
        source: the state it leaves (a state id of the machine).
        target: the state it reaches.
    """

    machine: str
    subject: int
    event: str
    source: str
    target: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Move:
        """The move `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not a move.
        """
        keys = ("machine", "subject", "event", "source", "target")
        if not isinstance(data, Mapping) or set(data) != set(keys):
            raise InvalidValue(f"not a move: {shorten(data)}", code=ErrorCode.INVALID_VALUE)
        values = [data[key] for key in keys]
        if type(values[1]) is not int or not all(type(v) is str for v in values[:1] + values[2:]):
            raise InvalidValue(f"not a move: {shorten(data)}", code=ErrorCode.INVALID_VALUE)
        return cls(*values)


def _state(status: RecordStatus) -> str:
    return status.name.lower()


def moves_of(
    record_id: int,
    chain_id: int,
    record_status: RecordStatus,
    members: tuple[int, ...],
    chain_finalized: bool,
) -> tuple[Move, ...]:
    """The moves of a decision: the worked record's, its live chain members', the chain's.

    Args:
        record_id: the worked record.
        chain_id: its chain.
        record_status: the worked record's new status.
        members: the chain's other live records (Chain Ready while the record was worked).
        chain_finalized: whether the chain is done.
    """
    retrieved, chain_ready = "retrieved", "chain_ready"
    moves = [
        Move(
            RECORD_STATUS_MACHINE,
            record_id,
            _WORKED_EVENTS[record_status],
            retrieved,
            _state(record_status),
        )
    ]
    if chain_finalized:
        cancelled = record_status is RecordStatus.CANCELLED
        event, target = (
            ("cancel", "cancelled") if cancelled else ("chain_member_updated", "chain_updated")
        )
    else:
        event, target = "chain_member_ready", "ready"
    moves.extend(Move(RECORD_STATUS_MACHINE, m, event, chain_ready, target) for m in members)
    moves.append(Move(CHAIN_MACHINE, chain_id, "process", "processing", "processed"))
    if chain_finalized:
        moves.append(Move(CHAIN_MACHINE, chain_id, "unload", "processed", "unloaded"))
    else:
        moves.append(Move(CHAIN_MACHINE, chain_id, "reschedule", "processed", "scheduled"))
    return tuple(moves)
