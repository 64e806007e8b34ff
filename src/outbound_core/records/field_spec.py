"""Field specs: one outbound field as getRecordFields describes it [`Field`, seed 002].

A field spec says a field's type (`int`, `float`, `char`, `var-char`, `date`, `time`, `bool`,
`enum`), the type of value an update must use (`string`, `number`, `boolean`), whether the
agent may edit it and whether it must keep a value. Call From, Call Until, Phone and Phone
Type are the only system fields an update may set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = [
    "COMPATIBLE_VALUE_TYPES",
    "EDITABLE_SYSTEM_FIELDS",
    "FieldSpec",
    "FieldType",
    "OptionKey",
    "ValueType",
    "is_read_only_system_field",
]

#: An enum option key: a string for `string` fields, an int for `number` fields.
OptionKey: TypeAlias = str | int

#: The system fields an update may set (seed 002): Call From, Call Until, Phone, Phone Type.
EDITABLE_SYSTEM_FIELDS: frozenset[str] = frozenset(
    {"GSW_FROM", "GSW_UNTIL", "GSW_PHONE", "GSW_PHONE_TYPE"}
)
_SYSTEM_PREFIX = "GSW_"
_CUSTOM_PREFIX = "GSW_CUSTOM_"
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
        isinstance(name, str)
        and name.startswith(_SYSTEM_PREFIX)
        and name not in EDITABLE_SYSTEM_FIELDS
        and not name.startswith(_CUSTOM_PREFIX)
    )


def _spec_error(name: object, message: str, **details: Any) -> InvalidValue:
    return InvalidValue(f"field spec {shorten(name)}: {message}", field=name, **details)


# A whole number as the wire writes an option key of a number enum (seed 002: "3", "10").
_INTEGER_KEY = re.compile(r"[+-]?[0-9]{1,10}", re.ASCII)
_INT32 = (-(2**31), 2**31 - 1)


def _option_key(name: object, key: object, value_type: ValueType) -> OptionKey:
    """An option key typed by the enum's value type: an int for a number enum (a whole number
    written in digits is read), a string for a string enum (an int is written in digits)."""
    if value_type is ValueType.NUMBER:
        if type(key) is int and _INT32[0] <= key <= _INT32[1]:
            return key
        if isinstance(key, str) and _INTEGER_KEY.fullmatch(key.strip()):
            number = int(key.strip())
            if _INT32[0] <= number <= _INT32[1]:
                return number
        raise _spec_error(
            name, f"option key {shorten(key)} is not a whole number, as a number enum's keys are"
        )
    if type(key) is str:
        return key
    if type(key) is int:
        return str(key)
    raise _spec_error(name, f"option key {shorten(key)} is not text, as a string enum's keys are")


def _normalized_options(
    name: object, options: object, value_type: ValueType
) -> tuple[tuple[OptionKey, str], ...]:
    """The options as (key, label) pairs in the given order, keys typed by the value type,
    from a mapping of key to label (the wire's shape) or any iterable of pairs."""
    if isinstance(options, Mapping):
        pairs: Iterable[object] = options.items()
    elif isinstance(options, str | bytes) or not isinstance(options, Iterable):
        raise _spec_error(
            name,
            "options are a mapping of key to label, or (key, label) pairs, "
            f"not {type(options).__name__}",
            code=ErrorCode.WRONG_TYPE,
        )
    else:
        pairs = options
    found: list[tuple[OptionKey, str]] = []
    keys: set[OptionKey] = set()
    for pair in pairs:
        if not (isinstance(pair, tuple | list) and len(pair) == 2 and isinstance(pair[1], str)):
            raise _spec_error(name, f"option {shorten(pair)} is not a (key, label) pair")
        key = _option_key(name, pair[0], value_type)
        if key in keys:
            raise _spec_error(name, f"option key {shorten(key)} appears twice")
        keys.add(key)
        found.append((key, pair[1]))
    return tuple(found)


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
    typed per the value type; given as a mapping of key to label (the wire's shape, e.g.
    `{"1": "Home Phone"}` or `{1: "Home Phone"}`) or as any iterable of pairs, they are
    normalized to that tuple, a number enum's keys read as ints and a string enum's as text.
    `max_length` limits a var-char when a spec gives one. `extra` keeps
    keys of the wire `Field` this library does not know, as sent; it takes no part in equality.
    `field_kind` is the Genesys configuration's field-kind code [`fieldType` of a Field object,
    `CfgFieldType`: 16 a custom field, 2 the phone, ...] when the spec came from one, else None.
    """

    name: str = attrs.field(validator=_check_name)
    field_type: FieldType = attrs.field(converter=_field_type)
    value_type: ValueType = attrs.field(converter=_value_type)
    display_name: str | None = None
    editable: bool = False
    mandatory: bool = False
    options: tuple[tuple[OptionKey, str], ...] = ()
    value: Any = None
    max_length: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    field_kind: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.options != ():
            options = _normalized_options(self.name, self.options, self.value_type)
            object.__setattr__(self, "options", options)
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
        if self.field_kind is not None and (
            type(self.field_kind) is not int or not 0 <= self.field_kind < 2**31
        ):
            raise _spec_error(
                self.name,
                "field_kind must be a configuration field-kind code (a non-negative int)",
                code=ErrorCode.WRONG_TYPE,
            )

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
            "field_kind": self.field_kind,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FieldSpec:
        """The spec `to_dict` wrote.

        The options may be `[key, label]` pairs (as `to_dict` writes them) or a mapping of
        key to label (the wire's shape).

        Raises:
            InvalidValue: a missing key or a value the spec refuses.
        """
        try:
            options = data.get("options") or ()
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
                field_kind=data.get("field_kind"),
            )
        except InvalidValue:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise _spec_error(
                data.get("name") if isinstance(data, Mapping) else data,
                f"cannot read a field spec from {shorten(data)} ({error})",
            ) from None
