"""A treatment decision: what happens to a record and its chain after a call result.

`decide` (in `outbound_core.treatments.engine`) returns a `TreatmentDecision`: the action
applied, the call action, which record is dialed next and when (an instant in UTC, and the
record-local `MM/DD/YYYY HH:MM` of `timing.Reschedule`), the worked record's new status and
type, whether the chain is finalized, why (stable `DecisionReason` codes), and the lifecycle
moves all of that implies (`moves`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.timing.reschedule import Reschedule
from outbound_core.timing.zones import RecordZone
from outbound_core.treatments.actions import CallAction, RecordAction
from outbound_core.treatments.builder import slot_builder
from outbound_core.treatments.moves import Move, moves_of

__all__ = ["DecisionReason", "TreatmentDecision", "make_decision"]


class DecisionReason(StrEnum):
    """Why a decision is what it is (stable codes; `sentence` says it for people)."""

    NO_TREATMENT = "no-treatment"
    TREATMENT_MODE_NONE = "treatment-mode-none"
    SEQUENCE_EXHAUSTED = "sequence-exhausted"
    MAX_ATTEMPTS = "max-attempts"
    DO_NOT_CALL = "do-not-call"
    NOT_DIALABLE = "not-dialable"
    CHAIN_CYCLES_EXHAUSTED = "chain-cycles-exhausted"
    NO_NEXT_RECORD = "no-next-record"
    NEVER_CALLABLE = "never-callable"
    RECALL_DELAY = "recall-delay"
    OUTSIDE_WINDOW = "outside-window"
    LEGAL_HOURS = "legal-hours"
    DATE_PASSED = "date-passed"
    OVERDUE = "overdue"
    CALL_TREATMENT_IGNORED = "call-treatment-ignored"

    @property
    def sentence(self) -> str:
        """The reason in a sentence."""
        return _SENTENCES[self]


_SENTENCES: Mapping[DecisionReason, str] = MappingProxyType(
    {
        DecisionReason.NO_TREATMENT: "No treatment applies to the call result: the record is "
        "finalized (Updated).",
        DecisionReason.TREATMENT_MODE_NONE: "The desktop asked for no treatment "
        "(outbound.treatment-mode none): the record is finalized.",
        DecisionReason.SEQUENCE_EXHAUSTED: "Every step of the call result's sequence has run: "
        "the record is finalized.",
        DecisionReason.MAX_ATTEMPTS: "A record reached the calling list's Maximum Attempts.",
        DecisionReason.DO_NOT_CALL: "A record is on the Do-Not-Call list or of type No Call.",
        DecisionReason.NOT_DIALABLE: "A record of the chain is finalized or waits for a "
        "missed callback, so the chain passes it by.",
        DecisionReason.CHAIN_CYCLES_EXHAUSTED: "The Next-in-Chain step made its last pass "
        "through the chain (Cycle Attempt): the chain is finalized.",
        DecisionReason.NO_NEXT_RECORD: "No record of the chain may be dialed next: the chain "
        "is finalized.",
        DecisionReason.NEVER_CALLABLE: "The record's window and the legal calling hours never "
        "open within a year: the chain is finalized.",
        DecisionReason.RECALL_DELAY: "The number is held after an abandoned call (or by "
        "no_recall_until): the attempt waits until the hold ends.",
        DecisionReason.OUTSIDE_WINDOW: "The attempt was due outside the record's calling "
        "window: it moves to the next open instant.",
        DecisionReason.LEGAL_HOURS: "The attempt was due outside the legal calling hours: it "
        "moves to the next open instant.",
        DecisionReason.DATE_PASSED: "The treatment's date has passed: the attempt is due now.",
        DecisionReason.OVERDUE: "The treatment's wait ended before the result was final: the "
        "attempt is due now.",
        DecisionReason.CALL_TREATMENT_IGNORED: "The Apply-to-Call treatment is Connect without "
        "a destination DN: it is ignored and the call is dropped.",
    }
)

_MOVED = frozenset({DecisionReason.OUTSIDE_WINDOW, DecisionReason.LEGAL_HOURS})


@attrs.define(frozen=True, slots=True)
class TreatmentDecision:
    """What happens after a call result (see the module docs).

    Attributes:
        record_id: the worked record (the one whose call got the result).
        chain_id: its chain.
        call_result: the result treated.
        action: the Apply-to-Record action applied; `NO_TREATMENT` when none applies.
        step: the step of the call result's sequence applied (0: none).
        repeat: which consecutive run of that step this is, from 1 (0: none).
        call_action: what happens to the live call (answering machine, fax, silence):
            `DROP` (the default) or `CONNECT`; None for other results.
        destination_dn: where `CONNECT` sends the call, else None.
        record_status: the worked record's new status.
        record_type: the worked record's new type.
        attempts: the worked record's attempts [`GSW_ATTEMPTS`], this dial included.
        chain_finalized: whether the chain is done (nothing of it is dialed again).
        next_record_id: the record dialed next, or None.
        next_record_type: the type the next record takes (Campaign Rescheduled, ...), or None.
        next_attempt: when it is dialed, an instant in UTC, or None.
        next_zone: the next record's zone (for `next_attempt_local`), or None.
        due: when the treatment asked for the attempt, before the holds, windows and legal
            hours moved it, or None.
        chain_pass: the pass through the chain the next attempt is made on (keep it in the
            next `Attempt`).
        members: the chain's other live records, whose moves the decision implies.
        reasons: why, as stable codes.
    """

    record_id: int
    chain_id: int
    call_result: CallResult
    action: RecordAction
    step: int
    repeat: int
    call_action: CallAction | None
    destination_dn: str | None
    record_status: RecordStatus
    record_type: RecordType
    attempts: int
    chain_finalized: bool
    next_record_id: int | None = None
    next_record_type: RecordType | None = None
    next_attempt: datetime | None = None
    next_zone: RecordZone | None = None
    due: datetime | None = None
    chain_pass: int = 1
    members: tuple[int, ...] = ()
    reasons: tuple[DecisionReason, ...] = ()

    @property
    def reschedule(self) -> Reschedule | None:
        """The next attempt as a `Reschedule`: its instant and its text in the record's zone."""
        if self.next_attempt is None or self.next_zone is None:
            return None
        return Reschedule(self.next_attempt, self.next_zone)

    @property
    def next_attempt_local(self) -> str | None:
        """The next attempt on the next record's wall clock, `MM/DD/YYYY HH:MM`, or None."""
        found = self.reschedule
        return None if found is None else found.text

    @property
    def moved_to_open(self) -> bool:
        """Whether the attempt was due while the record could not be called, and moved to
        the next open instant of its window and the legal calling hours."""
        return any(reason in _MOVED for reason in self.reasons)

    @property
    def moves(self) -> tuple[Move, ...]:
        """The record-status and chain events the decision implies (`moves.moves_of`)."""
        return moves_of(
            self.record_id, self.chain_id, self.record_status, self.members, self.chain_finalized
        )

    def explain(self) -> list[str]:
        """The reasons in sentences."""
        return [reason.sentence for reason in self.reasons]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the local text and the moves included)."""
        when = self.next_attempt
        return {
            "record_id": self.record_id,
            "chain_id": self.chain_id,
            "call_result": int(self.call_result),
            "action": self.action.value,
            "step": self.step,
            "repeat": self.repeat,
            "call_action": None if self.call_action is None else self.call_action.value,
            "destination_dn": self.destination_dn,
            "record_status": int(self.record_status),
            "record_type": int(self.record_type),
            "attempts": self.attempts,
            "chain_finalized": self.chain_finalized,
            "next_record_id": self.next_record_id,
            "next_record_type": None
            if self.next_record_type is None
            else int(self.next_record_type),
            "next_attempt": None if when is None else when.isoformat(),
            "next_attempt_local": self.next_attempt_local,
            "next_zone": None if self.next_zone is None else self.next_zone.to_dict(),
            "due": None if self.due is None else self.due.isoformat(),
            "chain_pass": self.chain_pass,
            "members": list(self.members),
            "reasons": [reason.value for reason in self.reasons],
            "moves": [move.to_dict() for move in self.moves],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreatmentDecision:
        """The decision `to_dict` wrote (the local text and the moves are checked).

        Raises:
            InvalidValue: when the data is not a decision or disagrees with itself.
        """
        try:
            when, due = data["next_attempt"], data["due"]
            zone, kind = data["next_zone"], data["next_record_type"]
            call_action = data["call_action"]
            found = cls(
                _int(data["record_id"]),
                _int(data["chain_id"]),
                CallResult(_int(data["call_result"])),
                RecordAction(data["action"]),
                _int(data["step"]),
                _int(data["repeat"]),
                None if call_action is None else CallAction(call_action),
                data["destination_dn"],
                RecordStatus(_int(data["record_status"])),
                RecordType(_int(data["record_type"])),
                _int(data["attempts"]),
                _bool(data["chain_finalized"]),
                None if data["next_record_id"] is None else _int(data["next_record_id"]),
                None if kind is None else RecordType(_int(kind)),
                None if when is None else datetime.fromisoformat(when),
                None if zone is None else RecordZone.from_dict(zone),
                None if due is None else datetime.fromisoformat(due),
                _int(data["chain_pass"]),
                tuple(_int(m) for m in data["members"]),
                tuple(DecisionReason(r) for r in data["reasons"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a treatment decision: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error
        written = (data.get("next_attempt_local"), data.get("moves"))
        if written != (found.next_attempt_local, [m.to_dict() for m in found.moves]):
            raise InvalidValue(
                "the decision's next_attempt_local or moves disagree with its facts",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(written),
            )
        return found


def _int(value: object) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an int, got {type(value).__name__}")
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected a bool, got {type(value).__name__}")
    return value


#: `TreatmentDecision(...)` without the per-field `object.__setattr__`: every field, in
#: order (`builder.slot_builder`).
make_decision: Callable[..., TreatmentDecision] = slot_builder(TreatmentDecision)
