"""The per-field checks behind `validate_update`, built once per field spec.

Each check takes an update value and returns it normalized, or raises `Problem` with the code
and message of what is wrong. Keyed by the string values of `FieldType` / `ValueType`.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records.field_spec import FieldSpec
from outbound_core.timing.clock import parse_clock, parse_date_time

__all__ = ["Check", "Problem", "compile_check"]

_INT32 = (-(2**31), 2**31 - 1)
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]{1,40}", re.ASCII)
_CLOCK = re.compile(r"([01][0-9]|2[0-3])[:.]([0-5][0-9])", re.ASCII)
_DATE = re.compile(
    r"(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/([0-9]{4}) (?:[01][0-9]|2[0-3]):[0-5][0-9]", re.ASCII
)
_EXACT_CLASSES: Mapping[str, frozenset[type]] = {
    "number": frozenset({int, float}),
    "string": frozenset({str}),
    "boolean": frozenset({bool}),
}
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?", re.ASCII)


class Problem(Exception):
    """One field's problem inside `validate_update`; never leaves `outbound_core.records.fields`."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Check: TypeAlias = Callable[[Any], Any]


def _value_type_problem(spec: FieldSpec, value: object) -> Problem:
    wanted = {"string": "a string", "number": "a number", "boolean": "true or false"}
    return Problem(
        ErrorCode.FIELD_VALUE_TYPE,
        f"{spec.value_type} field: the value must be {wanted[spec.value_type]}, "
        f"not {type(value).__name__} {shorten(value)}",
    )


def _type_problem(spec: FieldSpec, value: object, why: str) -> Problem:
    return Problem(ErrorCode.FIELD_TYPE, f"{spec.field_type} field: {shorten(value)} {why}")


def _has_value_type(value_type: str) -> Callable[[Any], bool]:
    """Whether a value is of the value type: int or float but no bool; str; bool."""
    if value_type == "number":
        return lambda value: isinstance(value, int | float) and value.__class__ is not bool
    if value_type == "string":
        return lambda value: isinstance(value, str)
    return lambda value: value.__class__ is bool


def _int_value(spec: FieldSpec) -> Check:
    low, high = _INT32

    def check(value: Any) -> Any:
        if isinstance(value, str):
            if _INTEGER_TEXT.fullmatch(value) is None:
                raise _type_problem(spec, value, "is not a whole number written in digits")
            number = int(value)
        elif isinstance(value, int):
            number = value
        else:
            raise _type_problem(spec, value, "is not a whole number")
        if not low <= number <= high:
            raise _type_problem(spec, value, "is outside the 32-bit range -2147483648..2147483647")
        return str(number) if isinstance(value, str) else number

    return check


def _float_value(spec: FieldSpec) -> Check:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            if _FLOAT_TEXT.fullmatch(value) is None:
                raise _type_problem(spec, value, "is not a decimal number")
            number = float(value)
        else:
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
        if not math.isfinite(number):
            raise _type_problem(spec, value, "is not a finite number")
        return value if isinstance(value, str) else number

    return check


def _char_value(spec: FieldSpec) -> Check:
    def check(value: Any) -> Any:
        if len(value) != 1:
            raise _type_problem(spec, value, f"has {len(value)} characters, a char has exactly 1")
        return value

    return check


def _var_char_value(spec: FieldSpec) -> Check:
    limit = spec.max_length

    def check(value: Any) -> Any:
        if limit is not None and len(value) > limit:
            raise _type_problem(spec, value, f"is {len(value)} characters long, at most {limit}")
        return value

    return check


def _date_value(spec: FieldSpec) -> Check:
    def check(value: Any) -> Any:
        found = _DATE.fullmatch(value)
        if found is not None:
            month, day, year = found.group(1, 2, 3)
            if year != "0000" and (
                day <= "28" or int(day) <= calendar.monthrange(int(year), int(month))[1]
            ):
                return value
        try:  # not a real date and time: let the date reader say why
            parse_date_time(value)
        except InvalidValue as error:
            raise Problem(ErrorCode.FIELD_TYPE, f"date field: {error.message}") from None
        raise AssertionError(f"{value!r} passed parse_date_time only")  # pragma: no cover

    return check


def _time_value(spec: FieldSpec) -> Check:
    def check(value: Any) -> Any:
        if _CLOCK.fullmatch(value) is not None:
            return value if value[2] == ":" else f"{value[:2]}:{value[3:]}"
        try:  # not a clock time: let the clock reader say why
            parse_clock(value, allow_dot=True)
        except InvalidValue as error:
            raise Problem(ErrorCode.FIELD_TYPE, f"time field: {error.message}") from None
        raise AssertionError(f"{value!r} passed parse_clock but not _CLOCK")  # pragma: no cover

    return check


def _bool_value(spec: FieldSpec) -> Check:
    def check(value: Any) -> Any:
        if isinstance(value, str) and value not in ("true", "false"):
            raise _type_problem(spec, value, 'is not "true" or "false"')
        return value

    return check


def _enum_value(spec: FieldSpec) -> Check:
    keys = {key: key for key, _ in spec.options}
    shown = ", ".join(repr(key) for key, _ in spec.options)

    def check(value: Any) -> Any:
        # 1.0 == 1 and True == 1 in Python: a float or bool is never an option key.
        key = None if isinstance(value, float | bool) else keys.get(value)
        if key is None:
            raise Problem(
                ErrorCode.FIELD_NOT_OPTION,
                f"enum field: {shorten(value)} is not one of the option keys ({shorten(shown, 200)})",
            )
        return key

    return check


_VALUE_CHECKS: Mapping[str, Callable[[FieldSpec], Check]] = {
    "int": _int_value,
    "float": _float_value,
    "char": _char_value,
    "var-char": _var_char_value,
    "date": _date_value,
    "time": _time_value,
    "bool": _bool_value,
    "enum": _enum_value,
}


def compile_check(spec: FieldSpec, *, fast: bool = True) -> Check:
    """The check of one field's update value: returns the normalized value or raises `Problem`.

    With `fast` (the default) a one-call path handles the common good value and defers
    everything else to the full check; `fast=False` gives the full check alone (tests compare
    the two).
    """
    if not spec.updatable:
        if spec.system_read_only:
            why = (
                f"{spec.name} is a system field; only Call From, Call Until, Phone and "
                "Phone Type can be updated, whatever the field list says"
            )
        else:
            why = f"{spec.name} is not editable (isEditable is false)"

        def refuse(value: Any) -> Any:
            raise Problem(ErrorCode.FIELD_NOT_EDITABLE, why)

        return refuse
    inner = _VALUE_CHECKS[spec.field_type](spec)
    exact = _EXACT_CLASSES[spec.value_type]
    has_value_type = _has_value_type(spec.value_type)
    mandatory = spec.mandatory

    def check(value: Any) -> Any:
        if value is None:
            if mandatory:
                raise Problem(ErrorCode.FIELD_MANDATORY, "mandatory field: cannot be set to null")
            return None
        if value.__class__ not in exact and not has_value_type(value):
            raise _value_type_problem(spec, value)
        if mandatory and isinstance(value, str) and not value.strip():
            raise Problem(
                ErrorCode.FIELD_MANDATORY,
                f"mandatory field: cannot be set to an empty or blank string {shorten(value)}",
            )
        return inner(value)

    return _fast_path(spec, check) if fast else check


def _fast_path(spec: FieldSpec, full: Check) -> Check:
    """`full` behind a one-call path for the common good value of the field's exact type.

    Anything the fast path does not recognise as plainly good goes to `full`, which
    normalizes it or says what is wrong; both give the same answer for what both accept.
    """
    kind, value_type, mandatory = spec.field_type, spec.value_type, spec.mandatory
    low, high = _INT32
    if value_type == "string" and kind in ("var-char", "char"):
        limit = 1 if kind == "char" else spec.max_length

        def text(value: Any) -> Any:
            if (
                value.__class__ is str
                and (limit is None or len(value) <= limit)
                and (kind != "char" or len(value) == 1)
                and (not mandatory or value.strip())
            ):
                return value
            return full(value)

        return text
    if value_type == "string" and kind == "time":

        def clock(value: Any) -> Any:
            if value.__class__ is str and _CLOCK.fullmatch(value) is not None:
                return value if value[2] == ":" else f"{value[:2]}:{value[3:]}"
            return full(value)

        return clock
    if value_type == "string" and kind == "date":

        def date(value: Any) -> Any:
            found = _DATE.fullmatch(value) if value.__class__ is str else None
            if found is not None:
                month, day, year = found.group(1, 2, 3)
                if year != "0000" and (
                    day <= "28" or int(day) <= calendar.monthrange(int(year), int(month))[1]
                ):
                    return value
            return full(value)

        return date
    if kind == "float":
        as_text = value_type == "string"

        def decimal(value: Any) -> Any:
            if as_text:
                if (
                    value.__class__ is str
                    and _FLOAT_TEXT.fullmatch(value) is not None
                    and math.isfinite(float(value))
                ):
                    return value
            elif value.__class__ is float and math.isfinite(value):
                return value
            return full(value)

        return decimal
    if value_type == "number" and kind == "int":

        def whole(value: Any) -> Any:
            if value.__class__ is int and low <= value <= high:
                return value
            return full(value)

        return whole
    if value_type == "boolean":

        def flag(value: Any) -> Any:
            return value if value.__class__ is bool else full(value)

        return flag
    if kind == "enum":
        keys = {key: key for key, _ in spec.options}
        exact = int if value_type == "number" else str

        def option(value: Any) -> Any:
            if value.__class__ is exact:
                key = keys.get(value)
                if key is not None:
                    return key
            return full(value)

        return option
    return full
