"""Genesys user data as the Workspace API sends it: a key-value list, read as a flat object.

The Workspace (Web Services) API carries attached data and user-event data as a list of typed
pairs, `[{"key": "GSW_RECORD_HANDLE", "type": "int", "value": 12}, {"key": "GSW_PHONE", "type":
"str", "value": "+33647000"}, ...]`, nesting further lists under `"type": "kvlist"` (the Genesys
agent API simulator flattens them the same way, `utils.flattenKVListData`). Every reader here
that takes a flat object of key: value (the desktop protocol's messages, getChainedRecords
records, updateRecordFields data, a field's annex) takes this list too, through `flat`.

The pair's `type` is not a second opinion on the value: `str` and `int` values are taken as given
(the numeric readers accept a whole number or its decimal text, `docs/sources.md`), `kvlist`
values are read as nested lists; any other type name keeps its value as given. A key given twice
with different values is refused (Genesys key-value lists allow repeats; a flat object cannot
say which one is meant); repeated with the same value it is read once.
"""

from __future__ import annotations

from typing import Any, Final

from outbound_core.errors import WireFormatError, shorten

__all__ = ["KV_LIST_TYPES", "flat", "is_key_value_list"]

#: The pair types the Workspace API uses.
KV_LIST_TYPES: Final = frozenset({"str", "int", "kvlist"})
_PAIR_KEYS: Final = frozenset({"key", "type", "value"})
#: Nesting deeper than this is refused (hostile input, not user data).
_MAX_DEPTH: Final = 32


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def is_key_value_list(value: object) -> bool:
    """Whether `value` looks like a Workspace API key-value list: a non-empty list whose first
    item is an object with a `key`, a `type` and a `value` (and nothing else)."""
    return (
        type(value) is list
        and bool(value)
        and type(value[0]) is dict
        and _PAIR_KEYS.issuperset(value[0])
        and "key" in value[0]
        and "value" in value[0]
    )


def flat(value: object, path: str = "$") -> Any:
    """`value` as a flat object when it is a key-value list (nested lists included); any other
    value is returned as it is, for the caller's own checks.

    Raises:
        WireFormatError: a malformed pair (not an object, no string key, unknown keys), a key
            given twice with different values, or nesting deeper than 32 lists.
    """
    if type(value) is not list or not is_key_value_list(value):
        return value
    return _flatten(value, path, 0)


def _flatten(pairs: list[Any], path: str, depth: int) -> dict[str, Any]:
    if depth > _MAX_DEPTH:
        raise _fail(path, f"key-value lists nested deeper than {_MAX_DEPTH}", None)
    found: dict[str, Any] = {}
    for index, pair in enumerate(pairs):
        where = f"{path}[{index}]"
        if type(pair) is not dict or not _PAIR_KEYS.issuperset(pair):
            raise _fail(where, 'a pair is {"key": ..., "type": ..., "value": ...}', pair)
        key, kind, item = pair.get("key"), pair.get("type"), pair.get("value")
        if type(key) is not str or not key:
            raise _fail(f"{where}.key", "expected a non-empty string", key)
        if kind is not None and type(kind) is not str:
            raise _fail(f"{where}.type", "expected a type name (str, int, kvlist)", kind)
        if kind == "kvlist":
            if type(item) is not list:
                raise _fail(f"{where}.value", "a kvlist value is a list of pairs", item)
            item = _flatten(item, f"{where}.value", depth + 1)
        if key in found and found[key] != item:
            raise _fail(f"{where}.key", f"{key} is given twice with different values", key)
        found[key] = item
    return found
