"""The Service Client's `Field` object (seed 002) read into a `FieldSpec` and written back."""

from __future__ import annotations

import re
from typing import Any, Final

from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records.fields import FieldSpec, ValueType
from outbound_core.wire.numbers import whole_number

__all__ = ["CONFIG_DATA_TYPES", "FIELD_KEYS", "data_type_and_kind", "decode_field", "encode_field"]

#: Configuration data-type names [`CfgDataType`: int, float, char, varchar, datetime] that are
#: not spelled as seed 002's field types. `datetime` is read as a date [INFERRED].
CONFIG_DATA_TYPES: Final = {"varchar": "var-char", "datetime": "date"}

#: The wire keys of a Field this library reads; any other key is kept in `FieldSpec.extra`.
FIELD_KEYS: Final = frozenset(
    {
        "name",
        "displayName",
        "value",
        "isEditable",
        "isMandatory",
        "options",
        "fieldType",
        "type",
        "valueType",
        "maxLength",
    }
)
_INTEGER_KEY = re.compile(r"-?(?:0|[1-9][0-9]{0,9})", re.ASCII)
_SCALARS = (str, int, float, bool, type(None))


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def _options(raw: object, value_type: object, path: str) -> tuple[tuple[str | int, str], ...]:
    if raw is None:
        return ()
    if type(raw) is not dict:
        raise _fail(path, "options are an object of key: label", raw)
    pairs: list[tuple[str | int, str]] = []
    for key, label in raw.items():
        if type(label) is not str:
            raise _fail(f"{path}.{shorten(key, 40)}", "an option label is a string", label)
        if value_type == ValueType.NUMBER:
            if _INTEGER_KEY.fullmatch(key) is None:
                raise _fail(
                    f"{path}.{shorten(key, 40)}", "a number enum's option key is an integer", key
                )
            pairs.append((int(key), label))
        else:
            pairs.append((key, label))
    return tuple(pairs)


def data_type_and_kind(raw: dict[str, Any], path: str) -> tuple[str, int | None]:
    """A field's data type and field-kind code, each read as it means.

    `type` is the data type (`"time"` in seed 002's sample, `"float"` in a configuration Field
    object); `fieldType` is the data type too when it is a type name (seed 002's `Field`), and
    the configuration's numeric field-kind code [`CfgFieldType`, 16 = custom field] when it is a
    whole number or its decimal text. Two data types given must agree.

    Raises:
        WireFormatError: no data type, two that disagree, or a kind code out of range.
    """
    given, field_type = raw.get("type"), raw.get("fieldType")
    kind = whole_number(field_type)
    if kind is not None:
        if not 0 <= kind < 2**31:
            raise _fail(f"{path}.fieldType", "a field-kind code is a non-negative number", kind)
        field_type = None
    names = [
        (key, CONFIG_DATA_TYPES.get(value, value) if type(value) is str else value)
        for key, value in (("type", given), ("fieldType", field_type))
        if value is not None
    ]
    if not names:
        raise _fail(path, "the field lacks its data type (fieldType or type)", raw)
    for key, value in names:
        if type(value) is not str:
            raise _fail(f"{path}.{key}", "a data type is a name (int, float, var-char, ...)", value)
    if len(names) == 2 and names[0][1] != names[1][1]:
        raise _fail(
            path, f"fieldType {shorten(field_type)} and type {shorten(given)} disagree", raw
        )
    return names[0][1], kind


def decode_field(raw: object, path: str = "$") -> FieldSpec:
    """One `Field` object of getRecordFields as a `FieldSpec`; `type` and `fieldType` are read
    as `data_type_and_kind` says.

    Raises:
        WireFormatError: a missing name, data type or value type; two data types that
            disagree; a flag that is not a boolean; options that are not a map; a current
            value that is not a string, number, boolean or null.
    """
    if type(raw) is not dict:
        raise _fail(path, f"a field is an object, not {type(raw).__name__}", raw)
    for key in ("name", "valueType"):
        if key not in raw:
            raise _fail(path, f"the field lacks {key}", raw)
    field_type, field_kind = data_type_and_kind(raw, path)
    for key in ("isEditable", "isMandatory"):
        if key in raw and type(raw[key]) is not bool:
            raise _fail(f"{path}.{key}", "expected true or false", raw[key])
    value = raw.get("value")
    if not isinstance(value, _SCALARS):
        raise _fail(f"{path}.value", "a current value is a string, number, boolean or null", value)
    try:
        return FieldSpec(
            name=raw["name"],
            display_name=raw.get("displayName"),
            field_type=field_type,
            value_type=raw["valueType"],
            editable=raw.get("isEditable", False),
            mandatory=raw.get("isMandatory", False),
            options=_options(raw.get("options"), raw["valueType"], f"{path}.options"),
            value=value,
            max_length=raw.get("maxLength"),
            extra={key: item for key, item in raw.items() if key not in FIELD_KEYS},
            field_kind=field_kind,
        )
    except WireFormatError:
        raise
    except InvalidValue as error:
        raise _fail(path, error.message, raw.get("name")) from None


def encode_field(spec: FieldSpec) -> dict[str, Any]:
    """A field spec as the wire `Field` object; absent (None) display name and value are left out."""
    wire: dict[str, Any] = {"name": spec.name}
    if spec.display_name is not None:
        wire["displayName"] = spec.display_name
    if spec.value is not None:
        wire["value"] = spec.value
    wire["isMandatory"] = spec.mandatory
    wire["isEditable"] = spec.editable
    if spec.options:
        wire["options"] = {str(key): label for key, label in spec.options}
    if spec.field_kind is None:
        wire["fieldType"] = str(spec.field_type)
    else:  # a configuration Field object: `type` the data type, `fieldType` the kind code
        wire["type"] = str(spec.field_type)
        wire["fieldType"] = spec.field_kind
    wire["valueType"] = str(spec.value_type)
    if spec.max_length is not None:
        wire["maxLength"] = spec.max_length
    wire.update(spec.extra)
    return wire
