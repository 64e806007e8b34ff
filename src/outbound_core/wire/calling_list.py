"""A calling list's field definitions, annex included, read into `FieldSpec`s.

Genesys configures a calling list's fields as Field objects (reference `genesys-ocs.md` §1.2):
`type` is the data type (`int`, `float`, `char`, `varchar`, `datetime`), `fieldType` the
field-kind code (16 = a custom field), and the annex (`userProperties`) tells the desktop how to
treat the field (§1.3): `[OCServer] send_attribute` is the key under which OCS sends it to the
desktop, `[interaction-workspace] read-only` and `mandatory` whether Workspace lets the agent
edit it and whether it needs a value. The Genesys agent API simulator's
`data/outbound/calling-list.yaml` shows the shape; this reader takes its JSON (or mapping) form,
since reading YAML would need a dependency the library does not take:

```json
{"campaign": {"callingLists": [{"name": "Custom Calling List", "fields": [
  {"type": "float", "isCustomField": "true", "fieldType": 16, "isNullable": "false",
   "length": 1, "userProperties": {"OCServer": {"send_attribute": "AnotherFloat"},
                                   "interaction-workspace": {"read-only": "false"}}}]}]}}
```

A calling list alone (`{"name": ..., "fields": [...]}`) or its bare list of fields is read too,
and an annex may be a key-value list (`wire.user_data`). The readings (a field named by its
`send_attribute`, read-only unless the annex says otherwise, the simulator's annex section
nested in another) are in `docs/sources.md`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records.fields import FieldSpec, FieldType, ValueType
from outbound_core.wire._fields import data_type_and_kind
from outbound_core.wire.numbers import whole_number
from outbound_core.wire.user_data import flat
from outbound_core.wire.wwe import load_text

__all__ = ["ANNEX_SECTION", "SEND_ATTRIBUTE_SECTION", "read_calling_list_fields"]

#: The annex section Workspace reads a field's switches from.
ANNEX_SECTION: Final = "interaction-workspace"
#: The annex section holding `send_attribute`.
SEND_ATTRIBUTE_SECTION: Final = "OCServer"
_VALUE_TYPES: Final = {
    FieldType.INT: ValueType.NUMBER,
    FieldType.FLOAT: ValueType.NUMBER,
    FieldType.BOOL: ValueType.BOOLEAN,
}
_FLAGS: Final = {"true": True, "false": False, True: True, False: False}
_READ: Final = frozenset({"name", "type", "fieldType", "userProperties"})


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def _lists(raw: object) -> tuple[list[Any], str]:
    """The calling lists in `raw` with the path of their list."""
    if type(raw) is dict and "campaign" in raw:
        campaign = raw["campaign"]
        if type(campaign) is not dict or type(campaign.get("callingLists")) is not list:
            raise _fail("$.campaign", "expected an object with callingLists, a list", campaign)
        return campaign["callingLists"], "$.campaign.callingLists"
    if type(raw) is dict and "callingLists" in raw:
        if type(raw["callingLists"]) is not list:
            raise _fail("$.callingLists", "expected a list", raw["callingLists"])
        return raw["callingLists"], "$.callingLists"
    return [raw], "$"


def read_calling_list_fields(
    source: str | bytes | bytearray | Mapping[str, Any] | list[Any],
    *,
    calling_list: str | None = None,
) -> tuple[FieldSpec, ...]:
    """The field specs of one calling list's field definitions (JSON text, or the parsed
    object); `calling_list` names the list when the source holds several.

    Raises:
        WireFormatError: not a calling list, several lists and none named (or an unknown name),
            a field without a data type or name, two fields of one name, or an annex switch
            that is not true or false; `details["path"]` names the place.
    """
    raw = load_text(source) if isinstance(source, str | bytes | bytearray) else source
    lists, base = _lists(raw)
    if len(lists) == 1 and type(lists[0]) is list:
        fields, where = lists[0], base
    else:
        chosen = None
        for index, item in enumerate(lists):
            where = f"{base}[{index}]" if base != "$" else "$"
            if type(item) is not dict or type(item.get("fields")) is not list:
                raise _fail(where, 'a calling list is {"name": ..., "fields": [...]}', item)
            if calling_list is None or item.get("name") == calling_list:
                if chosen is not None:
                    names = [i.get("name") for i in lists if type(i) is dict]
                    raise _fail(base, f"several calling lists ({names}); name one", names)
                chosen = (item["fields"], f"{where}.fields")
        if chosen is None:
            raise _fail(base, f"no calling list named {calling_list!r}", calling_list)
        fields, where = chosen
    specs = tuple(_field(item, f"{where}[{n}]") for n, item in enumerate(fields))
    seen: set[str] = set()
    for n, spec in enumerate(specs):
        if spec.name in seen:
            raise _fail(f"{where}[{n}]", f"two fields are named {spec.name}", spec.name)
        seen.add(spec.name)
    return specs


def _section(annex: dict[str, Any], name: str, path: str) -> tuple[dict[str, Any], str]:
    """The annex section `name`: at the annex's top, else nested in another section (the
    simulator's second field nests `interaction-workspace` in `OCServer`); {} when absent."""
    section = flat(annex.get(name), f"{path}.{name}")
    if section is not None:
        if type(section) is not dict:
            raise _fail(f"{path}.{name}", "an annex section is an object of key: value", section)
        return section, f"{path}.{name}"
    for key, other in annex.items():
        other = flat(other, f"{path}.{key}")
        if type(other) is dict and type(other.get(name)) is dict:
            return other[name], f"{path}.{key}.{name}"
    return {}, f"{path}.{name}"


def _switch(section: dict[str, Any], key: str, path: str, default: bool) -> bool:
    value = section.get(key)
    if value is None:
        return default
    flag = _FLAGS.get(value) if type(value) in (str, bool) else None
    if flag is None:
        raise _fail(f"{path}.{key}", "expected true or false", value)
    return flag


def _field(raw: object, path: str) -> FieldSpec:
    raw = flat(raw, path)
    if type(raw) is not dict:
        raise _fail(path, f"a field is an object, not {type(raw).__name__}", raw)
    data_type, kind = data_type_and_kind(raw, path)
    annex = flat(raw.get("userProperties"), f"{path}.userProperties")
    if annex is None:
        annex = {}
    if type(annex) is not dict:
        raise _fail(f"{path}.userProperties", "an annex is an object of sections", annex)
    ocs, ocs_path = _section(annex, SEND_ATTRIBUTE_SECTION, f"{path}.userProperties")
    workspace, ws_path = _section(annex, ANNEX_SECTION, f"{path}.userProperties")
    send = ocs.get("send_attribute")
    if send is not None and (type(send) is not str or not send.strip()):
        raise _fail(f"{ocs_path}.send_attribute", "expected the attached-data key", send)
    name = send or raw.get("name")
    if type(name) is not str or not name.strip():
        raise _fail(path, "the field has neither [OCServer] send_attribute nor a name", name)
    read_only = _switch(workspace, "read-only", ws_path, True)
    mandatory = _switch(workspace, "mandatory", ws_path, False)
    length = whole_number(raw.get("length"))
    extra = {key: item for key, item in raw.items() if key not in _READ}
    if "name" in raw and raw["name"] != name:
        extra["name"] = raw["name"]
    if "userProperties" in raw:
        extra["userProperties"] = raw["userProperties"]
    try:
        field_type = FieldType(data_type)
        return FieldSpec(
            name=name,
            field_type=field_type,
            value_type=_VALUE_TYPES.get(field_type, ValueType.STRING),
            editable=not read_only,
            mandatory=mandatory,
            max_length=length
            if field_type in (FieldType.CHAR, FieldType.VAR_CHAR) and length and length > 0
            else None,
            extra=extra,
            field_kind=kind,
        )
    except ValueError:
        raise _fail(path, f"{data_type!r} is not a field data type", data_type) from None
    except InvalidValue as error:
        raise _fail(path, error.message, name) from None
