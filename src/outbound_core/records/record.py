"""Outbound records: one number to call for a customer, with its window and campaign.

A record [getChainedRecords, seed 002] is one number to call with its calling window, time zone
and campaign facts; the records of one customer share a chain id and form a chain. `Record`
types the system fields of the seed's sample, keeps custom fields (the calling list's
user-defined fields) and every key it does not know, so decoding then encoding gives the input
back unchanged; `outbound_core.records.chain` groups them.
"""

from __future__ import annotations

import math
import operator
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from outbound_core.codes import CallResult, PhoneType
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records.field_spec import is_read_only_system_field
from outbound_core.records.keys import (
    _INT_RANGES,
    _INT_TYPES,
    _INT_VALUES,
    _KEY_KINDS_LIMIT,
    _SCALARS,
    _STR_ATTRIBUTES,
    _STR_TYPES,
    _STR_VALUES,
    _WIRE_KEYS,
    INT_ATTRIBUTES,
    RECORD_KEYS,
    SCALAR_TYPES,
    SEEN_CUSTOM_KEYS,
    SEEN_EXTRA_KEYS,
    _ints_within_ranges,
    is_custom_key,
    key_kind,
)
from outbound_core.timing.clock import clock_to_seconds

__all__ = ["CHAINED_RECORD_EVENT", "RECORD_KEYS", "Record", "is_custom_key", "key_kind"]

#: The `GSW_USER_EVENT` of the chain members the system did not select (seed 002).
CHAINED_RECORD_EVENT: Final = "ChainedRecord"


def _record_error(message: str, attribute: str, value: object) -> InvalidValue:
    return InvalidValue(
        f"record {attribute} [{RECORD_KEYS.get(attribute, attribute)}]: {message}",
        code=ErrorCode.WRONG_TYPE if "expected" in message else ErrorCode.INVALID_VALUE,
        field=attribute,
        value=shorten(value),
    )


def _mapping(attribute: str, value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _record_error(f"expected a mapping, got {type(value).__name__}", attribute, value)
    return value if type(value) is dict else dict(value)


_SCALAR_OR_FLOAT_TYPES = SCALAR_TYPES | {float}


def _key_order(value: object) -> tuple[str, ...]:
    if type(value) is tuple:
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise _record_error(
            f"expected a sequence of wire keys, got {type(value).__name__}", "key_order", value
        )
    return tuple(value)


def _plain_custom_values(custom: dict[str, Any]) -> bool:
    """Whether every custom value is plainly good: a string, int, bool, None or finite float."""
    kinds = set(map(type, custom.values()))
    if kinds <= SCALAR_TYPES:
        return True
    return kinds <= _SCALAR_OR_FLOAT_TYPES and all(
        math.isfinite(v) for v in custom.values() if type(v) is float
    )


@attrs.define(frozen=True, slots=True)
class Record:
    """One outbound record: a number to call for a customer, with its window and campaign.

    `daily_from` / `daily_until` are the calling window [`GSW_FROM`, `GSW_UNTIL`], seconds after
    local midnight, until inclusive. `custom` holds the custom fields, `extra` the keys this
    library does not know (e.g. `IW_BundleUid`), both as sent. `key_order` remembers the wire
    order of the keys so encoding gives them back in place, and `number_texts` the wire keys whose
    number came as decimal text (`"GSW_APPLICATION_ID": "1"`), with that text, so encoding gives
    it back as text; neither takes part in equality.
    A system field absent from the wire is None and stays absent when encoded.
    """

    record_handle: int
    chain_id: int
    phone: str
    phone_type: PhoneType | None = None
    call_result: CallResult | None = None
    attempts: int | None = None
    calling_list: str | None = None
    calling_list_dbid: int | None = None
    campaign_name: str | None = None
    campaign_group_name: str | None = None
    campaign_group_dbid: int | None = None
    campaign_group_description: str | None = None
    call_attempt_guid: str | None = None
    tz_name: str | None = None
    tz_offset: int | None = None
    daily_from: int | None = None
    daily_until: int | None = None
    agent_id: str | None = None
    application_id: int | None = None
    switch_dbid: int | None = None
    reference_id: int | None = None
    contact_media_type: str | None = None
    user_event: str | None = None
    interaction_type: str | None = None
    interaction_subtype: str | None = None
    camp_type: str | None = None
    custom: dict[str, Any] = attrs.field(factory=dict)
    extra: dict[str, Any] = attrs.field(factory=dict)
    key_order: tuple[str, ...] = attrs.field(default=(), converter=_key_order, eq=False, repr=False)
    number_texts: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if _COPYING.checked_record:
            return  # `with_number`: the values were checked when the record copied was made
        ints = _INT_VALUES(self)
        strs = _STR_VALUES(self)
        # Fast all-good test first; the loops below only run to name what is wrong.
        if not (
            _INT_TYPES.issuperset(map(type, ints))
            and _STR_TYPES.issuperset(map(type, strs))
            and _ints_within_ranges(*ints)
        ):
            self._explain_bad_value(ints, strs)
        if type(self.phone) is not str:
            raise _record_error(
                f"expected a string, got {type(self.phone).__name__}", "phone", self.phone
            )
        if not self.phone.strip():
            raise _record_error("a record needs a phone number (contact info)", "phone", self.phone)
        for name, enum in (("phone_type", PhoneType), ("call_result", CallResult)):
            value = getattr(self, name)
            if value is not None and type(value) is not enum:
                raise _record_error(f"expected a {enum.__name__}", name, value)
        texts = self.number_texts
        if type(texts) is not dict or not all(
            type(k) is str and type(v) is str for k, v in texts.items()
        ):
            raise _record_error("expected a dict of wire key: decimal text", "number_texts", texts)
        custom, extra = self.custom, self.extra
        if type(custom) is not dict:
            object.__setattr__(self, "custom", _mapping("custom", custom))
        if type(extra) is not dict:
            object.__setattr__(self, "extra", _mapping("extra", extra))
        if not (
            SEEN_CUSTOM_KEYS.issuperset(self.custom)
            and SEEN_EXTRA_KEYS.issuperset(self.extra)
            and _plain_custom_values(self.custom)
        ):
            self._check_custom_and_extra()

    def _check_custom_and_extra(self) -> None:
        for key, value in self.custom.items():
            if not isinstance(key, str) or not is_custom_key(key):
                raise _record_error(f"{shorten(key)} is not a custom field name", "custom", key)
            _check_custom_value(key, value)
            if len(SEEN_CUSTOM_KEYS) < _KEY_KINDS_LIMIT:
                SEEN_CUSTOM_KEYS.add(key)
        for key in self.extra:
            if not isinstance(key, str) or key in _WIRE_KEYS or is_custom_key(key):
                raise _record_error(f"{shorten(key)} is not an unknown Genesys key", "extra", key)
            if len(SEEN_EXTRA_KEYS) < _KEY_KINDS_LIMIT:
                SEEN_EXTRA_KEYS.add(key)

    def _explain_bad_value(self, ints: tuple[Any, ...], strs: tuple[Any, ...]) -> None:
        for value, (name, low, high) in zip(ints, _INT_RANGES, strict=True):
            if value is None and name not in ("record_handle", "chain_id"):
                continue
            if type(value) is not int:
                raise _record_error(f"expected an int, got {type(value).__name__}", name, value)
            if not low <= value <= high:
                raise _record_error(f"{shorten(value)} is outside {low}..{high}", name, value)
        for value, name in zip(strs, _STR_ATTRIBUTES, strict=True):
            if value is not None and type(value) is not str:
                raise _record_error(f"expected a string, got {type(value).__name__}", name, value)

    @property
    def is_chained_record(self) -> bool:
        """Whether the server sent this record as a chain member it did not select [`ChainedRecord`]."""
        return self.user_event == CHAINED_RECORD_EVENT

    def updated(self, values: Mapping[str, Any]) -> Record:
        """This record with the normalized values of a validated update applied.

        Call From / Call Until (`HH:MM`) become `daily_from` / `daily_until` seconds (Until
        through the end of its minute), Phone and Phone Type replace the contact info, and
        every other name sets a custom field.

        Raises:
            InvalidValue: a read-only system field, or a value the record cannot hold.
        """
        changes: dict[str, Any] = {}
        custom = dict(self.custom)
        for name, value in values.items():
            if name == "GSW_FROM":
                changes["daily_from"] = None if value is None else clock_to_seconds(value)
            elif name == "GSW_UNTIL":
                changes["daily_until"] = (
                    None if value is None else clock_to_seconds(value, until=True)
                )
            elif name == "GSW_PHONE":
                changes["phone"] = value
            elif name == "GSW_PHONE_TYPE":
                changes["phone_type"] = None if value is None else PhoneType.parse(value)
            elif (
                isinstance(name, str)
                and is_custom_key(name)
                and not is_read_only_system_field(name)
            ):
                custom[name] = value
            else:
                raise _record_error("is not a field an update can set", "field", name)
        return attrs.evolve(self, custom=custom, **changes)

    def with_number(self, record_handle: int, chain_id: int, phone: str) -> Record:
        """This record as another number of a customer like its own: a new record handle,
        chain id and phone number, every other value the same. The three new values are
        checked as a record checks them; the others were checked when this record was made
        and are not checked again (a calling list grown from checked records). The copy
        shares this record's `custom`, `extra` and `number_texts` dicts: records are values.

        Raises:
            InvalidValue: a handle or chain id that is not an int in range, or a phone number
                that is not text or is blank.
        """
        for name, value in (("record_handle", record_handle), ("chain_id", chain_id)):
            low, high = INT_ATTRIBUTES[name]
            if type(value) is not int:
                raise _record_error(f"expected an int, got {type(value).__name__}", name, value)
            if not low <= value <= high:
                raise _record_error(f"{shorten(value)} is outside {low}..{high}", name, value)
        if type(phone) is not str:
            raise _record_error(f"expected a string, got {type(phone).__name__}", "phone", phone)
        if not phone.strip():
            raise _record_error("a record needs a phone number (contact info)", "phone", phone)
        values = _ALL_VALUES(self)
        _COPYING.checked_record = True
        try:
            return Record(record_handle, chain_id, phone, *values[3:])
        finally:
            _COPYING.checked_record = False

    def check_update(self, values: Mapping[str, Any]) -> None:
        """Refuse, as `updated` would, the values of an update this record cannot hold, without
        building the updated record: an update of custom fields alone (the common case) is
        checked name by name and value by value; one that sets Call From, Call Until, Phone or
        Phone Type is checked by building it.

        Raises:
            InvalidValue: what `updated(values)` raises.
        """
        if not _SYSTEM_UPDATES.isdisjoint(values):
            self.updated(values)
            return
        for name in values:
            if not (
                isinstance(name, str)
                and is_custom_key(name)
                and not is_read_only_system_field(name)
            ):
                raise _record_error("is not a field an update can set", "field", name)
        for name, value in values.items():
            _check_custom_value(name, value)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain data: attribute names, enums as numbers."""
        data: dict[str, Any] = {name: getattr(self, name) for name in RECORD_KEYS}
        for name in ("phone_type", "call_result"):
            if data[name] is not None:
                data[name] = int(data[name])
        data["custom"] = dict(self.custom)
        data["extra"] = dict(self.extra)
        data["key_order"] = list(self.key_order)
        if self.number_texts:
            data["number_texts"] = dict(self.number_texts)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        """The record `to_dict` wrote.

        Raises:
            InvalidValue: a missing or unknown key, or a value a record cannot hold.
        """
        if not isinstance(data, Mapping):
            raise InvalidValue(
                "a record is a mapping", code=ErrorCode.WRONG_TYPE, value=shorten(data)
            )
        unknown = set(data) - set(RECORD_KEYS) - {"custom", "extra", "key_order", "number_texts"}
        if unknown:
            listed = sorted(unknown, key=lambda key: (type(key).__name__, shorten(key)))
            shown = ", ".join(k if _short_text(k) else shorten(k, 40) for k in listed[:8])
            more = f" and {len(listed) - 8} more" if len(listed) > 8 else ""
            wire = [key for key in listed if key in _WIRE_KEYS]
            if wire:
                raise InvalidValue(
                    f"unknown record keys {shown}{more}: {', '.join(wire[:3])} are wire keys of "
                    "the Service Client; read a wire record with "
                    "outbound_core.wire.wwe.decode_record (Record.from_dict reads what "
                    "Record.to_dict writes: record_handle, chain_id, phone, ...)",
                    value=shorten(data),
                    wire_keys=wire,
                )
            raise InvalidValue(f"unknown record keys {shown}{more}", value=shorten(data))
        kwargs = dict(data)
        for name, enum in (("phone_type", PhoneType), ("call_result", CallResult)):
            value = kwargs.get(name)
            if value is not None:
                kwargs[name] = _enum_of(enum, value, name)
        try:
            return cls(**kwargs)
        except TypeError as error:
            raise InvalidValue(f"cannot build a record: {error}", value=shorten(data)) from None


class _Copying(threading.local):
    """Whether this thread is making a record with `Record.with_number` right now."""

    checked_record = False


_COPYING = _Copying()
_ALL_VALUES: Final = operator.attrgetter(*(field.name for field in attrs.fields(Record)))

#: The update names that set system fields rather than custom ones (`Record.updated`).
_SYSTEM_UPDATES = frozenset({"GSW_FROM", "GSW_UNTIL", "GSW_PHONE", "GSW_PHONE_TYPE"})


def _check_custom_value(key: str, value: object) -> None:
    if not isinstance(value, _SCALARS) or (isinstance(value, float) and not math.isfinite(value)):
        raise _record_error(
            f"custom field {shorten(key)} holds {shorten(value)}, not a string, finite number, "
            "boolean or null",
            "custom",
            value,
        )


def _short_text(key: object) -> bool:
    return isinstance(key, str) and len(key) <= 40


def _enum_of(enum: type[PhoneType] | type[CallResult], value: object, name: str) -> Any:
    if type(value) is not int:
        raise _record_error(f"expected an int code, got {type(value).__name__}", name, value)
    if value not in enum._value2member_map_:
        raise _record_error(f"{shorten(value)} is not a known {enum.__name__} code", name, value)
    return enum(value)
