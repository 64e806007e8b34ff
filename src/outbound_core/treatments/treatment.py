"""One treatment of a calling list: a call result, an action and the action's parameters.

A Genesys Treatment object (reference §4.2) names a call result, what to do to the record
[Apply to Record] or to the call [Apply to Call], its place in the result's sequence [Number
in Sequence], and the parameters its action needs: Cycle Attempt, Interval (`D:H:M`),
Increment (minutes), Date, Destination DN. `Treatment` checks every parameter of one
treatment; `TreatmentTable` checks how the treatments of a list fit together.

Every refusal is an `InvalidValue` with code `invalid-treatment` whose message and details
name the treatment (its index in the list and its call result) and the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import attrs

from outbound_core.codes import CallResult
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.timing.clock import format_date_time, parse_date_time
from outbound_core.treatments.actions import (
    CALL_TREATMENT_RESULTS,
    ApplyTo,
    CallAction,
    RecordAction,
)
from outbound_core.treatments.intervals import (
    MAX_INCREMENT_MINUTES,
    MAX_INTERVAL_DAYS,
    format_interval,
    parse_interval,
)

__all__ = ["MAX_CYCLE_ATTEMPT", "MAX_NUMBER_IN_SEQUENCE", "TREATMENT_KEYS", "Treatment"]

#: The largest Cycle Attempt accepted.
MAX_CYCLE_ATTEMPT: Final = 1000
#: The largest Number in Sequence accepted.
MAX_NUMBER_IN_SEQUENCE: Final = 1000
#: The keys a treatment object of the JSON table may have.
TREATMENT_KEYS: Final = (
    "call_result",
    "apply_to",
    "action",
    "number_in_sequence",
    "cycle_attempt",
    "interval",
    "increment",
    "date",
    "destination_dn",
    "name",
    "description",
)
_TEXT_LIMIT = 255
_CACHED_WAITS = 32

# The parameters each action needs, and those it may take; any other is refused.
_NEEDS: Mapping[RecordAction | CallAction, tuple[frozenset[str], frozenset[str]]] = {
    RecordAction.REDIAL: (frozenset({"interval", "cycle_attempt"}), frozenset({"increment"})),
    RecordAction.RETRY_IN: (frozenset({"interval"}), frozenset({"increment", "cycle_attempt"})),
    RecordAction.RETRY_AT_SPECIFIED_DATE: (frozenset({"date"}), frozenset()),
    RecordAction.NEXT_IN_CHAIN: (
        frozenset({"interval", "cycle_attempt"}),
        frozenset({"increment"}),
    ),
    RecordAction.NEXT_IN_CHAIN_AFTER: (
        frozenset({"interval", "cycle_attempt"}),
        frozenset({"increment"}),
    ),
    RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE: (
        frozenset({"date", "cycle_attempt"}),
        frozenset(),
    ),
    RecordAction.NO_TREATMENT: (frozenset(), frozenset()),
    RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN: (frozenset(), frozenset()),
    RecordAction.ASSIGN_TO_GROUP: (frozenset(), frozenset()),
    RecordAction.MARK_AS_AGENT_ERROR: (frozenset(), frozenset()),
    RecordAction.CANCEL_RECORD: (frozenset(), frozenset()),
    CallAction.DROP: (frozenset(), frozenset()),
    CallAction.CONNECT: (frozenset(), frozenset({"destination_dn"})),
}
#: The only record actions a treatment for Agent CallBack Error may have ([DOC], §2.4).
_AGENT_CALLBACK_ERROR_ACTIONS: Final = frozenset(
    {
        RecordAction.ASSIGN_TO_GROUP,
        RecordAction.MARK_AS_AGENT_ERROR,
        RecordAction.REDIAL,
        RecordAction.RETRY_AT_SPECIFIED_DATE,
        RecordAction.RETRY_IN,
    }
)


def treatment_error(
    index: int | None,
    call_result: object,
    parameter: str,
    message: str,
    value: object = None,
    **details: Any,
) -> InvalidValue:
    """The `invalid-treatment` error for treatment `index` of the list (None: not in a list)."""
    where = "treatment" if index is None else f"treatments[{index}]"
    if isinstance(call_result, CallResult):
        result: str | None = call_result.label
        where += f" ({result})"
    else:
        result = None if call_result is None else shorten(call_result)
        if result is not None:
            where += f" ({result})"
    return InvalidValue(
        f"{where}: {parameter}: {message}",
        code=ErrorCode.INVALID_TREATMENT,
        treatment=index,
        call_result=result,
        parameter=parameter,
        reason=message,
        value=shorten(value),
        **details,
    )


def _whole(value: object, low: int, high: int) -> int | None:
    """`value` if it is an int (not a bool) within low..high, else None."""
    if type(value) is int and low <= value <= high:
        return value
    return None


def _int_problem(value: object, low: int, high: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number from {low} to {high}, got {shorten(value)}"
    return f"{shorten(value)} is outside {low} to {high}"


@attrs.define(frozen=True, slots=True)
class Treatment:
    """One treatment [Treatment object]: for a call result, an action and its parameters.

    Attributes:
        call_result: the call result the treatment answers [Call Result].
        action: a `RecordAction` [Apply to Record] or a `CallAction` [Apply to Call].
        number_in_sequence: the step of the call result's sequence, from 1 [Number in
            Sequence]; always 1 for a call action.
        cycle_attempt: the most consecutive times the step runs on a record; for the
            Next-in-Chain actions, how many passes through the chain [Cycle Attempt].
        interval: the wait between the dialing attempt and the treatment's first attempt
            [Interval, `D:H:M`].
        increment: whole minutes added to the previous wait on each repeat [Increment].
        date: when to dial for the "at specified date" actions: a naive wall-clock time in
            the dialed record's zone, or an aware instant [Date].
        destination_dn: where Connect sends the call [Destination DN]; without one a
            Connect treatment is ignored and the call is dropped.
        name, description: the treatment's own name and description, kept as given.
    """

    call_result: CallResult
    action: RecordAction | CallAction
    number_in_sequence: int = 1
    cycle_attempt: int | None = None
    interval: timedelta | None = None
    increment: int = 0
    date: datetime | None = None
    destination_dn: str | None = None
    name: str | None = None
    description: str | None = None
    _waits: tuple[timedelta, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self.check(None)
        # The first waits of the step, worked out once: a decision reads one per repeat.
        interval = self.interval or timedelta(0)
        step = timedelta(minutes=self.increment)
        object.__setattr__(
            self,
            "_waits",
            tuple(interval + step * k for k in range(min(self.cycle_attempt or 1, _CACHED_WAITS))),
        )

    @property
    def apply_to(self) -> ApplyTo:
        """Whether the treatment acts on the record or on the call [Apply to]."""
        return ApplyTo.CALL if type(self.action) is CallAction else ApplyTo.RECORD

    @property
    def repeats(self) -> int:
        """How many consecutive times the step runs: its Cycle Attempt, or 1."""
        return self.cycle_attempt or 1

    def wait(self, repeat: int) -> timedelta:
        """The wait before attempt `repeat` (1, 2, ...) of this step: the interval plus
        `repeat - 1` increments (interval 10 min, increment 5: 10, 15, 20 min, ...)."""
        if 0 < repeat <= len(self._waits):
            return self._waits[repeat - 1]
        interval = self.interval or timedelta(0)
        return interval + timedelta(minutes=self.increment * (repeat - 1))

    def check(self, index: int | None) -> None:
        """Check every parameter; `index` is the treatment's place in its list, for messages.

        Raises:
            InvalidValue: `invalid-treatment` naming the treatment and the parameter.
        """
        result = self.call_result
        if type(result) is not CallResult:
            raise treatment_error(index, result, "call_result", "expected a CallResult", result)
        action = self.action
        if type(action) not in (RecordAction, CallAction):
            raise treatment_error(
                index, result, "action", "expected a RecordAction or a CallAction", action
            )
        for parameter, low, high in (
            ("number_in_sequence", 1, MAX_NUMBER_IN_SEQUENCE),
            ("increment", 0, MAX_INCREMENT_MINUTES),
        ):
            value = getattr(self, parameter)
            if _whole(value, low, high) is None:
                raise treatment_error(
                    index, result, parameter, _int_problem(value, low, high), value
                )
        cycle = self.cycle_attempt
        if cycle is not None and _whole(cycle, 1, MAX_CYCLE_ATTEMPT) is None:
            raise treatment_error(
                index,
                result,
                "cycle_attempt",
                _int_problem(cycle, 1, MAX_CYCLE_ATTEMPT) + " (Cycle Attempt is more than 0)",
                cycle,
            )
        self._check_interval(index)
        self._check_texts(index)
        date = self.date
        if date is not None and type(date) is not datetime:
            raise treatment_error(index, result, "date", "expected a datetime", date)
        if type(action) is CallAction:
            self._check_call_treatment(index)
        elif result is CallResult.AGENT_CALLBACK_ERROR and action not in (
            _AGENT_CALLBACK_ERROR_ACTIONS
        ):
            allowed = ", ".join(sorted(a.label for a in _AGENT_CALLBACK_ERROR_ACTIONS))
            raise treatment_error(
                index,
                result,
                "action",
                f"{action.label} cannot answer Agent CallBack Error; only {allowed} can",
                action.value,
            )
        self._check_parameters_fit(index)

    def _check_interval(self, index: int | None) -> None:
        interval = self.interval
        if interval is None:
            return
        if type(interval) is not timedelta:
            raise treatment_error(
                index, self.call_result, "interval", "expected a timedelta", interval
            )
        most = timedelta(days=MAX_INTERVAL_DAYS, hours=23, minutes=59)
        if interval < timedelta(0) or interval > most or interval % timedelta(minutes=1):
            raise treatment_error(
                index,
                self.call_result,
                "interval",
                f"{interval} is not whole minutes from 0 to {MAX_INTERVAL_DAYS} days",
                str(interval),
            )

    def _check_texts(self, index: int | None) -> None:
        for parameter in ("destination_dn", "name", "description"):
            value = getattr(self, parameter)
            if value is None:
                continue
            limit = _TEXT_LIMIT if parameter != "description" else 4 * _TEXT_LIMIT
            if type(value) is not str:
                raise treatment_error(
                    index, self.call_result, parameter, f"expected text, got {shorten(value)}"
                )
            if not value.strip() or len(value) > limit:
                raise treatment_error(
                    index,
                    self.call_result,
                    parameter,
                    f"expected 1 to {limit} characters, not blank (leave it out for none)",
                    value,
                )

    def _check_call_treatment(self, index: int | None) -> None:
        result = self.call_result
        if result not in CALL_TREATMENT_RESULTS:
            allowed = ", ".join(sorted(r.label for r in CALL_TREATMENT_RESULTS))
            raise treatment_error(
                index,
                result,
                "apply_to",
                f"an Apply-to-Call treatment answers only {allowed}",
                "call",
            )
        if self.number_in_sequence != 1:
            raise treatment_error(
                index,
                result,
                "number_in_sequence",
                "Apply-to-Call treatments cannot be sequenced: the number is always 1",
                self.number_in_sequence,
            )

    def _check_parameters_fit(self, index: int | None) -> None:
        action = self.action
        needs, may = _NEEDS[action]
        given = {
            name
            for name, value in (
                ("cycle_attempt", self.cycle_attempt),
                ("interval", self.interval),
                ("increment", self.increment or None),
                ("date", self.date),
                ("destination_dn", self.destination_dn),
            )
            if value is not None
        }
        for parameter in sorted(needs - given):
            raise treatment_error(
                index,
                self.call_result,
                parameter,
                f"{action.label} needs {parameter}",
                None,
                action=action.value,
            )
        for parameter in sorted(given - needs - may):
            raise treatment_error(
                index,
                self.call_result,
                parameter,
                f"{action.label} does not take {parameter}; leave it out",
                getattr(self, parameter),
                action=action.value,
            )

    def to_dict(self) -> dict[str, Any]:
        """The treatment as an object of the JSON table (`from_dict` reads it back equal)."""
        date = self.date
        return {
            "call_result": self.call_result.label,
            "apply_to": self.apply_to.value,
            "action": self.action.value,
            "number_in_sequence": self.number_in_sequence,
            "cycle_attempt": self.cycle_attempt,
            "interval": None if self.interval is None else format_interval(self.interval),
            "increment": self.increment,
            "date": None
            if date is None
            else (format_date_time(date) if date.tzinfo is None else date.isoformat()),
            "destination_dn": self.destination_dn,
            "name": self.name,
            "description": self.description,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], index: int | None = None) -> Treatment:
        """Read one treatment object of the JSON table.

        Keys: `call_result` (a name, label or number), `apply_to` (`record`, the default,
        or `call`), `action`, `number_in_sequence` (default 1), `cycle_attempt`,
        `interval` (`D:H:M`), `increment` (minutes, default 0), `date` (`MM/DD/YYYY HH:MM`
        on the record's wall clock, or ISO 8601 with an offset), `destination_dn`, `name`,
        `description`. A null is the same as a missing key.

        Raises:
            InvalidValue: `invalid-treatment` naming `index`, the call result and the key.
        """
        if not isinstance(data, Mapping):
            raise treatment_error(
                index, None, "treatment", f"expected an object, got {type(data).__name__}", data
            )
        given = data.get("call_result")
        result: CallResult | None = None
        if given is not None:
            try:
                result = CallResult.parse(given)
            except InvalidValue as error:
                raise treatment_error(index, None, "call_result", error.message, given) from None
        unknown = [key for key in data if key not in TREATMENT_KEYS]
        if unknown:
            raise treatment_error(
                index,
                result,
                str(unknown[0])[:40],
                f"unknown key; the keys are {', '.join(TREATMENT_KEYS)}",
                unknown[0],
            )
        if result is None:
            raise treatment_error(index, None, "call_result", "missing", None)
        raw_apply = data.get("apply_to")
        try:
            apply_to = ApplyTo.RECORD if raw_apply is None else ApplyTo.parse(raw_apply)
        except InvalidValue as error:
            raise treatment_error(index, result, "apply_to", error.message, raw_apply) from None
        raw_action = data.get("action")
        if raw_action is None:
            raise treatment_error(index, result, "action", "missing", None)
        try:
            action: RecordAction | CallAction = (
                CallAction.parse(raw_action)
                if apply_to is ApplyTo.CALL
                else RecordAction.parse(raw_action)
            )
        except InvalidValue as error:
            raise treatment_error(
                index,
                result,
                "action",
                error.message,
                raw_action,
                suggestions=error.details.get("suggestions", []),
            ) from None
        try:
            return cls(
                result,
                action,
                _given(data, "number_in_sequence", 1),
                data.get("cycle_attempt"),
                _interval(data, index, result),
                _given(data, "increment", 0),
                _date(data, index, result),
                data.get("destination_dn"),
                data.get("name"),
                data.get("description"),
            )
        except InvalidValue as error:
            if index is None or error.details.get("treatment") is not None:
                raise
            details = dict(error.details)
            raise treatment_error(
                index,
                result,
                details.pop("parameter"),
                details.pop("reason"),
                **{k: v for k, v in details.items() if k not in ("treatment", "call_result")},
            ) from None


def _given(data: Mapping[str, Any], key: str, default: int) -> Any:
    value = data.get(key)
    return default if value is None else value


def _interval(data: Mapping[str, Any], index: int | None, result: CallResult) -> timedelta | None:
    value = data.get("interval")
    if value is None:
        return None
    try:
        return parse_interval(value)
    except InvalidValue as error:
        raise treatment_error(index, result, "interval", error.message, value) from None


def _date(data: Mapping[str, Any], index: int | None, result: CallResult) -> datetime | None:
    value = data.get("date")
    if value is None:
        return None
    if not isinstance(value, str):
        raise treatment_error(
            index, result, "date", f"expected text, got {type(value).__name__}", value
        )
    try:
        return parse_date_time(value)
    except InvalidValue:
        pass
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise treatment_error(
            index,
            result,
            "date",
            "write MM/DD/YYYY HH:MM (on the dialed record's wall clock) or ISO 8601 with an "
            "offset (an instant), e.g. 01/05/2027 10:00 or 2027-01-05T10:00:00+00:00",
            value,
        )
    return instant.astimezone(UTC)
