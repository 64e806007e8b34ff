"""Record fields: what getRecordFields describes and the rules updateRecordFields enforces.

A field spec [`Field`, seed 002] says a field's type (`int`, `float`, `char`, `var-char`,
`date`, `time`, `bool`, `enum`), the type of value an update must use (`string`, `number`,
`boolean`), whether the agent may edit it and whether it must keep a value. `validate_update`
checks a whole update against the specs: either every field passes and the normalized values
come back, or one `FieldValidationError` lists every problem and nothing is applied.

Call From and Call Until are seconds after local midnight in a record (`GSW_FROM: 0`,
`GSW_UNTIL: 86399`) and `HH:MM` in field lists and updates; `clock_to_seconds` and
`seconds_to_clock` convert between the two.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar

import attrs

from outbound_core._field_checks import Check, Problem, compile_check
from outbound_core.clock import parse_clock
from outbound_core.errors import (
    ErrorCode,
    FieldValidationError,
    InvalidValue,
    close_matches,
    shorten,
)

__all__ = [
    "EDITABLE_SYSTEM_FIELDS",
    "FieldSet",
    "FieldSpec",
    "FieldType",
    "OptionKey",
    "ValueType",
    "clock_to_seconds",
    "is_read_only_system_field",
    "seconds_to_clock",
    "validate_update",
]

#: An enum option key: a string for `string` fields, an int for `number` fields.
OptionKey: TypeAlias = str | int

#: The system fields an update may set (seed 002): Call From, Call Until, Phone, Phone Type.
EDITABLE_SYSTEM_FIELDS: frozenset[str] = frozenset(
    {"GSW_FROM", "GSW_UNTIL", "GSW_PHONE", "GSW_PHONE_TYPE"}
)
_SYSTEM_PREFIX = "GSW_"
_CUSTOM_PREFIX = "GSW_CUSTOM_"
_DAY_SECONDS = 86400
_E = TypeVar("_E", bound=StrEnum)


class FieldType(StrEnum):
    """The data type of a field [`fieldType`], as seed 002 lists them."""

    INT = "int"
    FLOAT = "float"
    CHAR = "char"
    VAR_CHAR = "var-char"
    DATE = "date"
    TIME = "time"
    BOOL = "bool"
    ENUM = "enum"


class ValueType(StrEnum):
    """The JSON type an update must use for a field [`valueType`]."""

    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"


#: The value types each field type can be written with; other pairs are refused in a spec.
COMPATIBLE_VALUE_TYPES: Mapping[FieldType, frozenset[ValueType]] = {
    FieldType.INT: frozenset({ValueType.NUMBER, ValueType.STRING}),
    FieldType.FLOAT: frozenset({ValueType.NUMBER, ValueType.STRING}),
    FieldType.CHAR: frozenset({ValueType.STRING}),
    FieldType.VAR_CHAR: frozenset({ValueType.STRING}),
    FieldType.DATE: frozenset({ValueType.STRING}),
    FieldType.TIME: frozenset({ValueType.STRING}),
    FieldType.BOOL: frozenset({ValueType.BOOLEAN, ValueType.STRING}),
    FieldType.ENUM: frozenset({ValueType.STRING, ValueType.NUMBER}),
}


def is_read_only_system_field(name: str) -> bool:
    """Whether `name` is a `GSW_*` system field no update may set, whatever its spec says.

    Call From, Call Until, Phone and Phone Type are editable; `GSW_CUSTOM_*` names are custom
    fields (seed 002's `GSW_CUSTOM_STRING`), governed by their spec like any custom field.
    """
    return (
        name.startswith(_SYSTEM_PREFIX)
        and name not in EDITABLE_SYSTEM_FIELDS
        and not name.startswith(_CUSTOM_PREFIX)
    )


def _spec_error(name: object, message: str, **details: Any) -> InvalidValue:
    return InvalidValue(f"field spec {shorten(name)}: {message}", field=name, **details)


def _check_options(
    spec: FieldSpec, attribute: object, options: tuple[tuple[OptionKey, str], ...]
) -> None:
    if not isinstance(options, tuple):
        raise _spec_error(spec.name, "options must be a tuple of (key, label) pairs")
    keys = set()
    for pair in options:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[1], str)):
            raise _spec_error(spec.name, f"option {shorten(pair)} is not a (key, label) pair")
        key = pair[0]
        wanted: type = int if spec.value_type is ValueType.NUMBER else str
        if type(key) is not wanted:
            raise _spec_error(
                spec.name,
                f"option key {shorten(key)} must be {wanted.__name__} for a {spec.value_type} enum",
            )
        if key in keys:
            raise _spec_error(spec.name, f"option key {shorten(key)} appears twice")
        keys.add(key)


def _member(enum: type[_E], kind: str, value: object) -> _E:
    if isinstance(value, enum):
        return value
    if isinstance(value, str) and value in enum._value2member_map_:
        return enum(value)
    allowed = ", ".join(str(m) for m in enum)
    raise InvalidValue(
        f"{shorten(value)} is not a {kind} ({allowed})",
        code=ErrorCode.INVALID_VALUE if isinstance(value, str) else ErrorCode.WRONG_TYPE,
        value=shorten(value),
        allowed=[str(m) for m in enum],
    )


def _field_type(value: object) -> FieldType:
    return _member(FieldType, "field type", value)


def _value_type(value: object) -> ValueType:
    return _member(ValueType, "value type", value)


def _check_name(spec: FieldSpec, attribute: object, name: str) -> None:
    if not isinstance(name, str) or not name.strip():
        raise _spec_error(name, "a field name is a non-empty string", code=ErrorCode.WRONG_TYPE)


@attrs.define(frozen=True, slots=True)
class FieldSpec:
    """One outbound field as getRecordFields describes it [`Field`].

    `value` is the field's current value as the server sent it, unchecked (seed 002 writes a
    time as "10.15"); `options` are the enum's (key, label) pairs in the server's order, keys
    typed per the value type; `max_length` limits a var-char when a spec gives one. `extra` keeps
    keys of the wire `Field` this library does not know, as sent; it takes no part in equality.
    """

    name: str = attrs.field(validator=_check_name)
    field_type: FieldType = attrs.field(converter=_field_type)
    value_type: ValueType = attrs.field(converter=_value_type)
    display_name: str | None = None
    editable: bool = False
    mandatory: bool = False
    options: tuple[tuple[OptionKey, str], ...] = attrs.field(default=(), validator=_check_options)
    value: Any = None
    max_length: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.value_type not in COMPATIBLE_VALUE_TYPES[self.field_type]:
            allowed = ", ".join(sorted(COMPATIBLE_VALUE_TYPES[self.field_type]))
            raise _spec_error(
                self.name,
                f"a {self.field_type} field cannot take {self.value_type} values ({allowed})",
            )
        for flag in ("editable", "mandatory"):
            if type(getattr(self, flag)) is not bool:
                raise _spec_error(
                    self.name, f"{flag} must be True or False", code=ErrorCode.WRONG_TYPE
                )
        if self.field_type is FieldType.ENUM and not self.options:
            raise _spec_error(self.name, "an enum field needs options")
        if self.field_type is not FieldType.ENUM and self.options:
            raise _spec_error(self.name, f"a {self.field_type} field has no options")
        if self.max_length is not None and (
            type(self.max_length) is not int or self.max_length < 1
        ):
            raise _spec_error(self.name, "max_length must be a positive int")
        if not isinstance(self.extra, dict):
            raise _spec_error(self.name, "extra must be a dict", code=ErrorCode.WRONG_TYPE)
        if self.display_name is not None and not isinstance(self.display_name, str):
            raise _spec_error(self.name, "display_name must be a string", code=ErrorCode.WRONG_TYPE)

    @property
    def system_read_only(self) -> bool:
        """Whether this is a `GSW_*` system field no update may set, whatever the spec says."""
        return is_read_only_system_field(self.name)

    @property
    def updatable(self) -> bool:
        """Whether an update may set this field: its spec says editable and it is no read-only system field."""
        return self.editable and not is_read_only_system_field(self.name)

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain data (snake_case keys, options as [key, label] pairs)."""
        return {
            "name": self.name,
            "display_name": self.display_name,
            "field_type": str(self.field_type),
            "value_type": str(self.value_type),
            "editable": self.editable,
            "mandatory": self.mandatory,
            "options": [[key, label] for key, label in self.options],
            "value": self.value,
            "max_length": self.max_length,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldSpec:
        """The spec `to_dict` wrote.

        Raises:
            InvalidValue: a missing key or a value the spec refuses.
        """
        try:
            options = tuple((key, label) for key, label in data.get("options") or ())
            return cls(
                name=data["name"],
                display_name=data.get("display_name"),
                field_type=data["field_type"],
                value_type=data["value_type"],
                editable=data.get("editable", False),
                mandatory=data.get("mandatory", False),
                options=options,
                value=data.get("value"),
                max_length=data.get("max_length"),
                extra=dict(data.get("extra") or {}),
            )
        except InvalidValue:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise _spec_error(
                data.get("name") if isinstance(data, Mapping) else data,
                f"cannot read a field spec from {shorten(data)} ({error})",
            ) from None


def _names_of(specs: Iterable[FieldSpec]) -> tuple[FieldSpec, ...]:
    if isinstance(specs, str | bytes | Mapping) or not isinstance(specs, Iterable):
        raise InvalidValue(
            f"a field list is a sequence of FieldSpec values, not {type(specs).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(specs),
        )
    collected = tuple(specs)
    seen: set[str] = set()
    for spec in collected:
        if not isinstance(spec, FieldSpec):
            raise InvalidValue(
                f"a field list holds FieldSpec values, not {type(spec).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(spec),
            )
        if spec.name in seen:
            raise InvalidValue(f"the field list names {spec.name!r} twice", field=spec.name)
        seen.add(spec.name)
    return collected


@attrs.define(frozen=True, slots=True)
class FieldSet:
    """The field list of one record, ready to check updates quickly (one check per field, built once)."""

    specs: tuple[FieldSpec, ...] = attrs.field(converter=_names_of)
    _checks: dict[str, Check] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_checks", {spec.name: compile_check(spec) for spec in self.specs})

    def __reduce__(self) -> tuple[Any, ...]:
        return (FieldSet, (self.specs,))

    def __getitem__(self, name: str) -> FieldSpec:
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return name in self._checks

    def __len__(self) -> int:
        return len(self.specs)

    def validate(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Check a whole update [`recordData` of updateRecordFields]; see `validate_update`."""
        if not isinstance(update, Mapping):
            raise InvalidValue(
                f"an update is a mapping of field names to values, not {type(update).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(update),
            )
        checks = self._checks
        try:  # the common case: every field known and good
            return {name: checks[name](value) for name, value in update.items()}
        except (KeyError, TypeError, Problem):
            pass  # find every problem, below
        normalized: dict[str, Any] = {}
        problems: list[dict[str, Any]] = []
        for name, value in update.items():
            check = checks.get(name) if isinstance(name, Hashable) else None
            if check is None:
                problems.append(self._unknown(name, value))
                continue
            try:
                normalized[name] = check(value)
            except Problem as problem:
                problems.append(
                    {
                        "field": name,
                        "code": str(problem.code),
                        "message": problem.message,
                        "value": value,
                    }
                )
        if problems:
            listed = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
            count = "1 field" if len(problems) == 1 else f"{len(problems)} fields"
            raise FieldValidationError(
                f"the update was refused, nothing applied ({count}): {listed}",
                problems=problems,
                fields=[p["field"] for p in problems],
            )
        return normalized

    def _unknown(self, name: object, value: object) -> dict[str, Any]:
        message = f"{shorten(name)} is not in the record's field list"
        hints = close_matches(name, self._checks) if isinstance(name, str) else ()
        if hints:
            message += f" (did you mean {', '.join(hints)}?)"
        return {
            "field": name,
            "code": str(ErrorCode.UNKNOWN_FIELD),
            "message": message,
            "value": value,
        }

    def to_dict(self) -> dict[str, Any]:
        """The field list as plain data."""
        return {"specs": [spec.to_dict() for spec in self.specs]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldSet:
        """The field list `to_dict` wrote.

        Raises:
            InvalidValue: a spec that cannot be read.
        """
        specs = data.get("specs") if isinstance(data, Mapping) else None
        if not isinstance(specs, list):
            raise InvalidValue("a field set is {'specs': [...]}", code=ErrorCode.WRONG_TYPE)
        return cls(tuple(FieldSpec.from_dict(item) for item in specs))


def validate_update(
    specs: FieldSet | Iterable[FieldSpec], update: Mapping[str, Any]
) -> dict[str, Any]:
    """Check an updateRecordFields update against the record's field specs, all or nothing.

    The update fails if any field is unknown, not editable (its spec, or a read-only system
    field), breaks its value type or field type, or is mandatory and set to null, an empty
    string or whitespace. A non-mandatory field may be set to None (cleared).

    Args:
        specs: the record's field list (a `FieldSet` is checked fastest).
        update: field name -> new value, as the update request carries them.

    Returns:
        The normalized values, in the update's order: times as `HH:MM` ("10.15" -> "10:15"),
        whole numbers written in strings without "+" or leading zeros ("+042" -> "42"),
        float numbers as Python floats, enum keys as the option key; all else as given.

    Raises:
        FieldValidationError: with `details["problems"]`, one entry per bad field (`field`,
            `code`, `message`, `value`); nothing is applied.
        InvalidValue: `wrong-type` when `update` is not a mapping or `specs` holds no specs.
    """
    field_set = specs if isinstance(specs, FieldSet) else FieldSet(specs)
    return field_set.validate(update)


def _seconds_error(seconds: object, why: str) -> InvalidValue:
    return InvalidValue(
        f"{shorten(seconds)} is not a time of day in seconds: {why}",
        code=ErrorCode.WRONG_TYPE if why.startswith("expected") else ErrorCode.INVALID_VALUE,
        value=seconds,
    )


def seconds_to_clock(seconds: int) -> str:
    """Write a record's Call From / Call Until (seconds after local midnight) as `HH:MM`.

    Seconds within the minute are dropped: 86399 -> "23:59", 0 -> "00:00".

    Raises:
        InvalidValue: not an int in 0..86399.
    """
    if type(seconds) is not int:
        raise _seconds_error(seconds, "expected an int")
    if not 0 <= seconds < _DAY_SECONDS:
        raise _seconds_error(seconds, "a day has seconds 0 to 86399")
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}"


def clock_to_seconds(text: str, *, until: bool = False) -> int:
    """Read an `HH:MM` Call From / Call Until (or seed 002's "10.15") as seconds after midnight.

    Call From is the first second of its minute; Call Until (`until=True`) runs through the end
    of its minute, as the calling window is inclusive: "23:59" -> 86399, "00:00" -> 59. So
    `clock_to_seconds(seconds_to_clock(s), until=...)` gives `s` back for every From on a whole
    minute and every Until on a minute's last second, and `seconds_to_clock` undoes this always.

    Raises:
        InvalidValue: `invalid-date-time` or `wrong-type`.
    """
    clock = parse_clock(text, allow_dot=True)
    return clock.hour * 3600 + clock.minute * 60 + (59 if until else 0)
