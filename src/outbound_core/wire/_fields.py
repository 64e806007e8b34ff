"""The Service Client's `Field` object (seed 002) read into a `FieldSpec` and written back."""

from __future__ import annotations

import re
from typing import Any, Final

from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records.fields import FieldSpec, ValueType

__all__ = ["FIELD_KEYS", "decode_field", "encode_field"]

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


def decode_field(raw: object, path: str = "$") -> FieldSpec:
    """One `Field` object of getRecordFields as a `FieldSpec`.

    Raises:
        WireFormatError: a missing name, field type or value type; `type` and `fieldType`
            that disagree; a flag that is not a boolean; options that are not a map; a current
            value that is not a string, number, boolean or null.
    """
    if type(raw) is not dict:
        raise _fail(path, f"a field is an object, not {type(raw).__name__}", raw)
    for key in ("name", "valueType"):
        if key not in raw:
            raise _fail(path, f"the field lacks {key}", raw)
    field_type = raw.get("fieldType", raw.get("type"))
    if field_type is None:
        raise _fail(path, "the field lacks fieldType (or type)", raw)
    if "fieldType" in raw and "type" in raw and raw["fieldType"] != raw["type"]:
        raise _fail(
            path,
            f"fieldType {shorten(raw['fieldType'])} and type {shorten(raw['type'])} disagree",
            raw,
        )
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
    wire["fieldType"] = str(spec.field_type)
    wire["valueType"] = str(spec.value_type)
    if spec.max_length is not None:
        wire["maxLength"] = spec.max_length
    wire.update(spec.extra)
    return wire
