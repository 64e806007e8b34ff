"""The rules every next attempt must respect, whatever the treatment says.

A treatment says when to dial again; these rules say where a dial may land (DESIGN.md, Time:
"calling windows and legal calling hours are data, and apply to every attempt"): the
calling list's Maximum Attempts (reference §4.2), the legal calling hours selected (the
presets of `timing.calling_hours`), the Do-Not-Call list (numbers and whole chains, compared
as `normalize_phone` writes them), and holds on numbers: after an abandoned call a number
must not be dialed again before a delay the caller gives (Ofcom: 72 hours, reference
peer-systems §2.7), and any number may be held until an instant (`no_recall_until`, the
mapping issue 15's abandon ledger produces).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from outbound_core.codes import RecordType
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records import CallingListRecord, DoNotCallList, normalize_phone
from outbound_core.timing.calling_hours import CallingHours, calling_hours_preset
from outbound_core.timing.durations import MAX_DURATION
from outbound_core.timing.zones import require_instant

__all__ = ["MAX_ATTEMPTS_LIMIT", "TreatmentRules"]

#: The largest Maximum Attempts accepted.
MAX_ATTEMPTS_LIMIT = 2**31 - 1


def _bad(message: str, value: object, code: ErrorCode = ErrorCode.INVALID_VALUE) -> InvalidValue:
    return InvalidValue(message, code=code, value=shorten(value))


def _hours(value: object) -> tuple[CallingHours, ...]:
    if isinstance(value, CallingHours | str):
        value = (value,)
    if not isinstance(value, Iterable) or isinstance(value, bytes | Mapping):
        raise _bad(
            f"calling hours are rules or preset names, not {type(value).__name__}",
            value,
            ErrorCode.WRONG_TYPE,
        )
    found: list[CallingHours] = []
    for item in value:
        rule = calling_hours_preset(item) if isinstance(item, str) else item
        if type(rule) is not CallingHours:
            raise _bad(
                f"a calling-hours rule is a CallingHours or a preset name, not {shorten(rule)}",
                rule,
                ErrorCode.WRONG_TYPE,
            )
        if rule not in found:
            found.append(rule)
    return tuple(found)


def _numbers(value: object) -> frozenset[str]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise _bad(
            f"Do-Not-Call numbers are a collection of numbers, not {type(value).__name__}",
            value,
            ErrorCode.WRONG_TYPE,
        )
    return frozenset(normalize_phone(number) for number in value)


def _chains(value: object) -> frozenset[int]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise _bad(
            f"Do-Not-Call chains are a collection of chain ids, not {type(value).__name__}",
            value,
            ErrorCode.WRONG_TYPE,
        )
    found = frozenset(value)
    for chain_id in found:
        if type(chain_id) is not int:
            raise _bad(
                f"a chain id is an int, not {shorten(chain_id)}", chain_id, ErrorCode.WRONG_TYPE
            )
    return found


def _holds(value: object) -> dict[str, datetime]:
    if not isinstance(value, Mapping):
        raise _bad(
            "no_recall_until maps numbers to instants, not " + type(value).__name__,
            value,
            ErrorCode.WRONG_TYPE,
        )
    found: dict[str, datetime] = {}
    for number, until in value.items():
        key = normalize_phone(number)
        instant = require_instant(until, f"no_recall_until[{shorten(number, 30)}]").astimezone(UTC)
        found[key] = max(instant, found.get(key, instant))
    return found


@attrs.define(frozen=True, slots=True)
class TreatmentRules:
    """Where a next attempt may land: attempts, legal hours, Do Not Call, holds on numbers.

    Attributes:
        max_attempts: the calling list's Maximum Attempts per record, or None for no limit.
        calling_hours: the legal calling hours that apply (rules or preset names).
        do_not_call_numbers: numbers nobody may dial (normalized when given).
        do_not_call_chains: chains nobody may dial (a Do Not Call for the whole chain).
        abandoned_recall_delay: how long a number whose call was abandoned (21) must not be
            dialed again (e.g. 72 hours for Ofcom), or None.
        no_recall_until: numbers (normalized when given) that must not be dialed before an
            instant.
    """

    max_attempts: int | None = None
    calling_hours: tuple[CallingHours, ...] = attrs.field(default=(), converter=_hours)
    do_not_call_numbers: frozenset[str] = attrs.field(default=frozenset(), converter=_numbers)
    do_not_call_chains: frozenset[int] = attrs.field(default=frozenset(), converter=_chains)
    abandoned_recall_delay: timedelta | None = None
    no_recall_until: dict[str, datetime] = attrs.field(factory=dict, converter=_holds)

    def __attrs_post_init__(self) -> None:
        most = self.max_attempts
        if most is not None and (type(most) is not int or not 1 <= most <= MAX_ATTEMPTS_LIMIT):
            raise _bad(
                f"max_attempts is a whole number from 1, or None for no limit; not {shorten(most)}",
                most,
                ErrorCode.WRONG_TYPE if type(most) is not int else ErrorCode.INVALID_VALUE,
            )
        delay = self.abandoned_recall_delay
        if delay is not None and (
            type(delay) is not timedelta or not timedelta(0) <= delay <= MAX_DURATION
        ):
            raise _bad(
                f"abandoned_recall_delay is elapsed time from 0 to 100 years, or None; "
                f"not {shorten(delay)}",
                str(delay),
                ErrorCode.WRONG_TYPE if type(delay) is not timedelta else ErrorCode.INVALID_VALUE,
            )

    def with_do_not_call(self, listed: DoNotCallList) -> TreatmentRules:
        """These rules with the numbers and chains of a Do-Not-Call list added."""
        if not isinstance(listed, DoNotCallList):
            raise _bad(
                f"expected a DoNotCallList, not {type(listed).__name__}",
                listed,
                ErrorCode.WRONG_TYPE,
            )
        return attrs.evolve(
            self,
            do_not_call_numbers=self.do_not_call_numbers | listed.numbers,
            do_not_call_chains=self.do_not_call_chains | listed.chains,
        )

    def forbids(self, row: CallingListRecord) -> bool:
        """Whether the record must never be dialed: type No Call, or Do Not Call (its number
        or its chain)."""
        return (
            row.record_type is RecordType.NO_CALL
            or row.chain_id in self.do_not_call_chains
            or (row.phone_key is not None and row.phone_key in self.do_not_call_numbers)
        )

    def at_most(self, row: CallingListRecord) -> bool:
        """Whether the record's attempts have reached Maximum Attempts."""
        most = self.max_attempts
        return most is not None and row.attempts >= most

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        delay = self.abandoned_recall_delay
        return {
            "max_attempts": self.max_attempts,
            "calling_hours": [rule.to_dict() for rule in self.calling_hours],
            "do_not_call_numbers": sorted(self.do_not_call_numbers),
            "do_not_call_chains": sorted(self.do_not_call_chains),
            "abandoned_recall_delay": None if delay is None else delay.total_seconds(),
            "no_recall_until": {k: v.isoformat() for k, v in sorted(self.no_recall_until.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreatmentRules:
        """The rules `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not rules.
        """
        keys = {
            "max_attempts",
            "calling_hours",
            "do_not_call_numbers",
            "do_not_call_chains",
            "abandoned_recall_delay",
            "no_recall_until",
        }
        if not isinstance(data, Mapping) or set(data) != keys:
            raise _bad(f"not treatment rules: {shorten(data)}", data)
        try:
            delay = data["abandoned_recall_delay"]
            holds = data["no_recall_until"]
            return cls(
                data["max_attempts"],
                tuple(CallingHours.from_dict(rule) for rule in data["calling_hours"]),
                data["do_not_call_numbers"],
                data["do_not_call_chains"],
                None if delay is None else timedelta(seconds=delay),
                {k: datetime.fromisoformat(v) for k, v in holds.items()},
            )
        except (TypeError, ValueError, AttributeError, OverflowError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise _bad(f"not treatment rules: {shorten(data)}", data) from error
