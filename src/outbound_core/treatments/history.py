"""A chain's attempt history: the dials already made for one customer, with their results.

Treatment sequences are read from it (reference §4.2): a step repeats while the same record
keeps getting the same result, a different result restarts the counter, and the Next-in-Chain
actions count their passes through the chain. OCS keeps the same facts in the chain's
`treatments` field (the last treatment, its cycle attempt, the chain number to dial and the
pass through the chain; Genesys *How Treatments Work*); here they are a plain value the caller
keeps and passes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from outbound_core.codes import CallResult
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.timing.zones import require_instant

__all__ = ["Attempt", "AttemptHistory"]

_TOP = 2**31 - 1


def _bad(message: str, value: object, code: ErrorCode = ErrorCode.INVALID_VALUE) -> InvalidValue:
    return InvalidValue(message, code=code, value=shorten(value))


@attrs.define(frozen=True, slots=True)
class Attempt:
    """One dialing attempt of a chain and its call result.

    Attributes:
        record_id: the record dialed [`record_id`, `GSW_RECORD_HANDLE`].
        at: when it was dialed (an instant; kept in UTC).
        call_result: how it ended [`call_result`].
        chain_pass: the pass through the chain it was made on, from 1 (the Next-in-Chain
            actions' Cycle Attempt counts passes); `TreatmentDecision.chain_pass` gives it
            for the next attempt.
    """

    record_id: int
    at: datetime
    call_result: CallResult
    chain_pass: int = 1

    def __attrs_post_init__(self) -> None:
        if type(self.record_id) is not int or not 0 <= self.record_id <= _TOP:
            raise _bad(
                f"an attempt's record_id is a whole number 0..{_TOP}, not {shorten(self.record_id)}",
                self.record_id,
                ErrorCode.WRONG_TYPE
                if type(self.record_id) is not int
                else ErrorCode.INVALID_VALUE,
            )
        at = self.at
        if type(at) is not datetime or at.tzinfo is not UTC:
            object.__setattr__(self, "at", require_instant(at, "at").astimezone(UTC))
        if type(self.call_result) is not CallResult:
            object.__setattr__(self, "call_result", CallResult.parse(self.call_result))
        if type(self.chain_pass) is not int or not 1 <= self.chain_pass <= _TOP:
            raise _bad(
                f"an attempt's chain_pass is a whole number from 1, not {shorten(self.chain_pass)}",
                self.chain_pass,
            )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: record_id, at (ISO 8601, UTC), call_result (number), chain_pass."""
        return {
            "record_id": self.record_id,
            "at": self.at.isoformat(),
            "call_result": int(self.call_result),
            "chain_pass": self.chain_pass,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attempt:
        """The attempt `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not an attempt.
        """
        if not isinstance(data, Mapping) or set(data) != {
            "record_id",
            "at",
            "call_result",
            "chain_pass",
        }:
            raise _bad(f"not an attempt: {shorten(data)}", data)
        at = data["at"]
        if not isinstance(at, str):
            raise _bad(f"an attempt's at is ISO 8601 text, not {shorten(at)}", at)
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise _bad(f"an attempt's at {shorten(at)} is not ISO 8601", at) from None
        return cls(data["record_id"], when, data["call_result"], data["chain_pass"])


def _attempts(value: object) -> tuple[Attempt, ...]:
    if type(value) is tuple:
        found: tuple[Any, ...] = value
    elif isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise _bad(
            f"an attempt history is a sequence of attempts, not {type(value).__name__}",
            value,
            ErrorCode.WRONG_TYPE,
        )
    else:
        found = tuple(value)
    previous: datetime | None = None
    for attempt in found:
        if type(attempt) is not Attempt:
            raise _bad(
                f"an attempt history holds attempts, not {type(attempt).__name__}",
                attempt,
                ErrorCode.WRONG_TYPE,
            )
        if previous is not None and attempt.at < previous:
            raise _bad(
                f"attempts are in the order they were made: {attempt.at.isoformat()} comes "
                f"after {previous.isoformat()}",
                attempt.at.isoformat(),
            )
        previous = attempt.at
    return found


@attrs.define(frozen=True, slots=True)
class AttemptHistory:
    """The attempts already made on one chain, oldest first (the current one not included)."""

    attempts: tuple[Attempt, ...] = attrs.field(default=(), converter=_attempts)

    def __len__(self) -> int:
        return len(self.attempts)

    def __iter__(self) -> Iterator[Attempt]:
        return iter(self.attempts)

    @property
    def last(self) -> Attempt | None:
        """The latest attempt, or None."""
        return self.attempts[-1] if self.attempts else None

    def then(self, attempt: Attempt) -> AttemptHistory:
        """This history with `attempt` made after the others.

        Raises:
            InvalidValue: `attempt` is not an Attempt or is earlier than the last one.
        """
        return AttemptHistory((*self.attempts, attempt))

    def of_record(self, record_id: int) -> tuple[Attempt, ...]:
        """The attempts made on one record, oldest first."""
        return tuple(a for a in self.attempts if a.record_id == record_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: `{"attempts": [...]}`."""
        return {"attempts": [attempt.to_dict() for attempt in self.attempts]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AttemptHistory:
        """The history `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not a history.
        """
        if not isinstance(data, Mapping) or set(data) != {"attempts"}:
            raise _bad(f"not an attempt history: {shorten(data)}", data)
        attempts = data["attempts"]
        if not isinstance(attempts, list):
            raise _bad("an attempt history's attempts are a list", attempts, ErrorCode.WRONG_TYPE)
        return cls(tuple(Attempt.from_dict(item) for item in attempts))
