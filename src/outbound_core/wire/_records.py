"""Records of getChainedRecords: one wire object to a `Record` and back, keys kept in place."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Final, TypeAlias

from outbound_core._record_keys import _CUSTOM, _EXTRA, RECORD_KEYS, key_kind
from outbound_core.codes import CallResult, PhoneType
from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records import Record

__all__ = ["decode_record", "encode_record"]


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


_REQUIRED: Final = (
    ("record_handle", "GSW_RECORD_HANDLE"),
    ("chain_id", "GSW_CHAIN_ID"),
    ("phone", "GSW_PHONE"),
)
_ENUMS: Final = (("phone_type", PhoneType), ("call_result", CallResult))


_Plan: TypeAlias = tuple[
    tuple[str, ...],
    Callable[[Any], tuple[Any, ...]],
    tuple[str, ...],
    Callable[[Any], tuple[Any, ...]],
    tuple[str, ...],
    Callable[[Any], tuple[Any, ...]],
]
#: How to split a record with these keys, in this order; records of a response share keys.
_PLANS: dict[tuple[Any, ...], _Plan] = {}
_PLANS_LIMIT = 256


def _getter(keys: list[Any]) -> Callable[[Any], tuple[Any, ...]]:
    if not keys:
        return lambda raw: ()
    if len(keys) == 1:
        key = keys[0]
        return lambda raw: (raw[key],)
    return operator.itemgetter(*keys)


def _plan(order: tuple[Any, ...]) -> _Plan:
    groups: dict[str, tuple[list[Any], list[Any]]] = {
        "values": ([], []),
        _CUSTOM: ([], []),
        _EXTRA: ([], []),
    }
    for key in order:
        kind = key_kind(key)
        names, keys = groups[kind if kind in (_CUSTOM, _EXTRA) else "values"]
        names.append(key if kind in (_CUSTOM, _EXTRA) else kind)
        keys.append(key)
    plan: _Plan = (
        tuple(groups["values"][0]), _getter(groups["values"][1]),
        tuple(groups[_CUSTOM][0]), _getter(groups[_CUSTOM][1]),
        tuple(groups[_EXTRA][0]), _getter(groups[_EXTRA][1]),
    )  # fmt: skip
    if len(_PLANS) < _PLANS_LIMIT and all(isinstance(key, str) for key in order):
        _PLANS[order] = plan
    return plan


def decode_record(raw: object, path: str = "$") -> Record:
    """One record object of getChainedRecords as a `Record`, keeping custom and unknown keys.

    Raises:
        WireFormatError: a missing key (handle, chain id, phone), or a value of the wrong type.
    """
    if type(raw) is not dict:
        raise _fail(path, f"a record is an object, not {type(raw).__name__}", raw)
    order = tuple(raw)
    plan = _PLANS.get(order) or _plan(order)
    values = dict(zip(plan[0], plan[1](raw), strict=True))
    custom = dict(zip(plan[2], plan[3](raw), strict=True))
    extra = dict(zip(plan[4], plan[5](raw), strict=True))
    for name, key in _REQUIRED:
        if name not in values:
            raise _fail(path, f"the record lacks {key}", raw)
    for name, enum in _ENUMS:
        code = values.get(name)
        if code is not None:
            if type(code) is not int or code not in enum._value2member_map_:
                raise _fail(f"{path}.{RECORD_KEYS[name]}", f"not a {enum.__name__} code", code)
            values[name] = enum(code)
    try:
        return Record(custom=custom, extra=extra, key_order=order, **values)
    except InvalidValue as error:
        raise _fail(path, error.message, error.details.get("value")) from None


def encode_record(record: Record) -> dict[str, Any]:
    """A record as the wire object, keys in the order they were read (new keys sorted after)."""
    values: dict[str, Any] = {}
    for name, key in RECORD_KEYS.items():
        value = getattr(record, name)
        if value is not None:
            values[key] = int(value) if name in ("phone_type", "call_result") else value
    values.update(record.custom)
    values.update(record.extra)
    wire = {key: values.pop(key) for key in record.key_order if key in values}
    for key in sorted(values):
        wire[key] = values[key]
    return wire
