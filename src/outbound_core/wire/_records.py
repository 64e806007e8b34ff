"""Records of getChainedRecords: one wire object to a `Record` and back, keys kept in place."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Final, TypeAlias

from outbound_core.codes import CallResult, PhoneType
from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records import Record
from outbound_core.records.keys import (
    CUSTOM,
    EXTRA,
    INT_ATTRIBUTES,
    RECORD_KEYS,
    SCALAR_TYPES,
    SEEN_CUSTOM_KEYS,
    SEEN_EXTRA_KEYS,
    key_kind,
)
from outbound_core.wire.numbers import whole_number
from outbound_core.wire.user_data import flat

__all__ = ["decode_record", "encode_record"]


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


_REQUIRED: Final = (
    ("record_handle", "GSW_RECORD_HANDLE"),
    ("chain_id", "GSW_CHAIN_ID"),
    ("phone", "GSW_PHONE"),
)
_ENUMS: Final = (("phone_type", PhoneType), ("call_result", CallResult))
_REQUIRED_NAMES: Final = frozenset(name for name, _ in _REQUIRED)


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
        CUSTOM: ([], []),
        EXTRA: ([], []),
    }
    for key in order:
        kind = key_kind(key)
        names, keys = groups[kind if kind in (CUSTOM, EXTRA) else "values"]
        names.append(key if kind in (CUSTOM, EXTRA) else kind)
        keys.append(key)
    plan: _Plan = (
        tuple(groups["values"][0]), _getter(groups["values"][1]),
        tuple(groups[CUSTOM][0]), _getter(groups[CUSTOM][1]),
        tuple(groups[EXTRA][0]), _getter(groups[EXTRA][1]),
    )  # fmt: skip
    if len(_PLANS) < _PLANS_LIMIT and all(isinstance(key, str) for key in order):
        _PLANS[order] = plan
    return plan


def decode_record(raw: object, path: str = "$") -> Record:
    """One record object of getChainedRecords as a `Record`, keeping custom and unknown keys;
    the Workspace API's key-value list of the same keys is read too (`wire.user_data`).

    Raises:
        WireFormatError: a missing key (handle, chain id, phone), or a value of the wrong type.
    """
    if type(raw) is not dict:
        raw = flat(raw, path)
        if type(raw) is not dict:
            raise _fail(path, f"a record is an object, not {type(raw).__name__}", raw)
    order = tuple(raw)
    build = _BUILDERS.get(order)
    if build is None:
        build = _builder(order)
    try:
        return build(raw, order)
    except _MissingKey as missing:
        raise _fail(path, f"the record lacks {missing.args[0]}", raw) from None
    except _BadCode as bad:
        key, enum, code = bad.args
        raise _fail(f"{path}.{key}", f"not a {enum.__name__} code", code) from None
    except InvalidValue as error:
        shown = error.details.get("value")  # already shortened by the record's check
        raise WireFormatError(f"{path}: {error.message}", path=path, value=shown) from None


class _MissingKey(Exception):
    pass


class _BadCode(Exception):
    pass


#: A record builder per key layout: records of one response share their keys and order.
_BUILDERS: dict[tuple[Any, ...], Callable[[dict[str, Any], tuple[Any, ...]], Record]] = {}
_BUILDERS_LIMIT = 256


def _builder(order: tuple[Any, ...]) -> Callable[[dict[str, Any], tuple[Any, ...]], Record]:
    """Generate the function that reads a record with these keys straight into its slots.

    As attrs generates `__init__`, this writes one assignment per attribute, so a record costs
    dictionary lookups and slot writes instead of three intermediate dicts and a keyword call;
    values that are plainly good by `Record`'s own type and range tables skip the full check,
    and anything else gets `Record.__attrs_post_init__`, the check (and refusal) every record
    gets.
    """
    names, _, custom_keys, _, extra_keys, _ = _PLANS.get(order) or _plan(order)
    present = dict(
        zip(names, (k for k in order if key_kind(k) not in (CUSTOM, EXTRA)), strict=True)
    )
    lines = ["def build(raw, order):", "    record = _new(Record)", "    texts = {}"]
    good: list[str] = []
    for name, key in _REQUIRED:
        if name not in present:
            lines.append(f"    raise _MissingKey({key!r})")
    for name in RECORD_KEYS:
        wire_key = present.get(name)
        if wire_key is None:
            lines.append(f"    _set(record, {name!r}, None)")
        elif name in ("phone_type", "call_result"):
            enum = "PhoneType" if name == "phone_type" else "CallResult"
            lines += [
                f"    code = raw[{wire_key!r}]",
                "    if code.__class__ is str:",
                f"        code = _as_number(code, {wire_key!r}, texts)",
                f"    member = _{enum}.get(code) if code.__class__ is int else None",
                "    if member is None and code is not None:",
                f"        raise _BadCode({wire_key!r}, {enum}, code)",
                f"    _set(record, {name!r}, member)",
            ]
        else:
            lines.append(f"    v_{name} = raw[{wire_key!r}]")
            if name in INT_ATTRIBUTES:
                lines += [
                    f"    if v_{name}.__class__ is str:",
                    f"        v_{name} = _as_number(v_{name}, {wire_key!r}, texts)",
                ]
            lines.append(f"    _set(record, {name!r}, v_{name})")
            good.append(_plainly_good(name))
    good.append(
        "_seen_custom(custom) and _scalars(map(type, custom.values())) and _seen_extra(extra)"
    )
    lines += [
        f"    custom = {{k: raw[k] for k in {tuple(custom_keys)!r}}}",
        f"    extra = {{k: raw[k] for k in {tuple(extra_keys)!r}}}",
        "    _set(record, 'custom', custom)",
        "    _set(record, 'extra', extra)",
        "    _set(record, 'key_order', order)",
        "    _set(record, 'number_texts', texts)",
        # Values that are plainly good skip the full check; anything else gets it, and with
        # it the exact refusal every Record gives.
        f"    if not ({' and '.join(good)}):",
        "        _check(record)",
        "    return record",
    ]
    namespace: dict[str, Any] = {
        "Record": Record,
        "PhoneType": PhoneType,
        "CallResult": CallResult,
        "_PhoneType": PhoneType._value2member_map_,
        "_CallResult": CallResult._value2member_map_,
        "_new": object.__new__,
        "_set": object.__setattr__,
        "_check": Record.__attrs_post_init__,
        "_MissingKey": _MissingKey,
        "_BadCode": _BadCode,
        "_seen_custom": SEEN_CUSTOM_KEYS.issuperset,
        "_seen_extra": SEEN_EXTRA_KEYS.issuperset,
        "_scalars": SCALAR_TYPES.issuperset,
        "_as_number": _as_number,
    }
    if not all(isinstance(key, str) and key.isprintable() for key in order):
        return _slow_builder
    exec("\n".join(lines), namespace)
    build: Callable[[dict[str, Any], tuple[Any, ...]], Record] = namespace["build"]
    if len(_BUILDERS) < _BUILDERS_LIMIT:
        _BUILDERS[order] = build
    return build


def _as_number(text: str, key: str, texts: dict[str, str]) -> int | str:
    """Decimal text read as the number it writes (`wire.numbers`), noting the text so that
    encoding gives it back; any other text stays as it is, for the record's check to refuse."""
    number = whole_number(text)
    if number is None:
        return text
    texts[key] = text
    return number


def _plainly_good(name: str) -> str:
    """The inline test that attribute `name`'s value (local `v_<name>`) needs no full check:
    the same types and ranges as `Record.__attrs_post_init__`, from the same tables."""
    value = f"v_{name}"
    if name in INT_ATTRIBUTES:
        low, high = INT_ATTRIBUTES[name]
        plain = f"({value}.__class__ is int and {low} <= {value} <= {high})"
        return plain if name in _REQUIRED_NAMES else f"({value} is None or {plain})"
    if name == "phone":
        return f'({value}.__class__ is str and {value}.strip() != "")'
    return f"({value} is None or {value}.__class__ is str)"


def _slow_builder(raw: dict[str, Any], order: tuple[Any, ...]) -> Record:
    """Records whose keys are not plain strings: the keyword path, no generated code."""
    names, values_of, custom_names, custom_of, extra_names, extra_of = _plan(order)
    values = dict(zip(names, values_of(raw), strict=True))
    texts: dict[str, str] = {}
    for name, value in values.items():
        if type(value) is str and (name in INT_ATTRIBUTES or name in ("phone_type", "call_result")):
            values[name] = _as_number(value, RECORD_KEYS[name], texts)
    for name, key in _REQUIRED:
        if name not in values:
            raise _MissingKey(key)
    for name, enum in _ENUMS:
        code = values.get(name)
        if code is not None:
            if type(code) is not int or code not in enum._value2member_map_:
                raise _BadCode(RECORD_KEYS[name], enum, code)
            values[name] = enum(code)
    custom = dict(zip(custom_names, custom_of(raw), strict=True))
    extra = dict(zip(extra_names, extra_of(raw), strict=True))
    return Record(custom=custom, extra=extra, key_order=order, number_texts=texts, **values)


def encode_record(record: Record) -> dict[str, Any]:
    """A record as the wire object, keys in the order they were read (new keys sorted after)."""
    values: dict[str, Any] = {}
    texts = record.number_texts
    for name, key in RECORD_KEYS.items():
        value = getattr(record, name)
        if value is not None:
            values[key] = int(value) if name in ("phone_type", "call_result") else value
            text = texts.get(key)
            if text is not None and whole_number(text) == values[key]:
                values[key] = text
    values.update(record.custom)
    values.update(record.extra)
    wire = {key: values.pop(key) for key in record.key_order if key in values}
    for key in sorted(values):
        wire[key] = values[key]
    return wire
