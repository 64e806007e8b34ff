"""A record as the calling list table holds it: the `Record` and the columns beside it.

A calling-list row (reference §1) holds what the desktop sees of a record (`Record`: its
number and phone type, call result, attempts [`GSW_ATTEMPTS`], zone, calling window, custom
fields) and what only the list keeps: the record's status and type [`record_status`,
`record_type`], its place in its chain [`chain_n`], when it is scheduled [`dial_sched_time`]
and when it was last dialed [`call_time`]. `CallingListRecord` keeps those beside the `Record`
and works out once, when it is built, what every check of a record needs: its zone, its
calling window and its number as the Do-Not-Call list compares it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records.phone_numbers import normalize_phone
from outbound_core.records.record import Record
from outbound_core.timing.window import CallingWindow
from outbound_core.timing.zones import RecordZone, require_instant, resolve_zone

__all__ = ["FINAL_RECORD_STATUSES", "CallingListRecord"]

#: Statuses after which nothing retrieves the record again in this campaign run.
FINAL_RECORD_STATUSES: Final = frozenset(
    {
        RecordStatus.UPDATED,
        RecordStatus.STALE,
        RecordStatus.CANCELLED,
        RecordStatus.AGENT_ERROR,
        RecordStatus.CHAIN_UPDATED,
    }
)
_TOP = 2**31 - 1
_WINDOWS: dict[tuple[int, int], CallingWindow | None] = {}
_MAX_WINDOWS = 4096


def _row_error(message: str, attribute: str, value: object) -> InvalidValue:
    return InvalidValue(
        f"calling-list record {attribute}: {message}",
        code=ErrorCode.WRONG_TYPE if message.startswith("expected") else ErrorCode.INVALID_VALUE,
        field=attribute,
        value=shorten(value),
    )


def _window(daily_from: int | None, daily_till: int | None) -> CallingWindow | None:
    """The record's calling window, None for all day (shared values: lists repeat windows)."""
    key = (0 if daily_from is None else daily_from, 86399 if daily_till is None else daily_till)
    try:
        return _WINDOWS[key]
    except KeyError:
        pass
    window = CallingWindow(*key)
    found = None if window.all_day else window
    if len(_WINDOWS) >= _MAX_WINDOWS:
        _WINDOWS.clear()
    _WINDOWS[key] = found
    return found


def _instant(value: object, attribute: str) -> datetime | None:
    if value is None:
        return None
    found = require_instant(value, attribute)
    return found if found.tzinfo is UTC else found.astimezone(UTC)


@attrs.define(frozen=True, slots=True)
class CallingListRecord:
    """One row of a calling list [calling list record]: the `Record` and its list columns.

    Attributes:
        record: the record as the desktop sees it; `record_handle` is the row's `record_id`,
            `attempts` its `attempt` column.
        status: the record's status [`record_status`].
        record_type: the record's type [`record_type`].
        chain_n: its place in its chain [`chain_n`]; chains are dialed in ascending order.
        dial_sched_time: when the record is scheduled (an instant, UTC), or None.
        call_time: when it was last dialed (an instant, UTC), or None.
        zone: the record's time zone, from `tz_name` (or `tz_offset`); worked out when built.
        window: its calling window, or None when it is all day; worked out when built.
        phone_key: its number as `normalize_phone` writes it, or None when the contact
            info is not a phone number (the Do-Not-Call list never matches it).
        record_id: the record's id [`record_id`, `GSW_RECORD_HANDLE`], from `record`.
        chain_id: the id of its chain [`chain_id`], from `record`.
    """

    record: Record
    status: RecordStatus = RecordStatus.READY
    record_type: RecordType = RecordType.GENERAL
    chain_n: int = 1
    dial_sched_time: datetime | None = None
    call_time: datetime | None = None
    zone: RecordZone = attrs.field(init=False, eq=False, repr=False)
    window: CallingWindow | None = attrs.field(init=False, eq=False, repr=False)
    phone_key: str | None = attrs.field(init=False, eq=False, repr=False)
    record_id: int = attrs.field(init=False, eq=False, repr=False)
    chain_id: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        record = self.record
        if type(record) is not Record:
            raise _row_error(f"expected a Record, got {type(record).__name__}", "record", record)
        if type(self.status) is not RecordStatus:
            object.__setattr__(self, "status", RecordStatus.parse(self.status))
        if type(self.record_type) is not RecordType:
            object.__setattr__(self, "record_type", RecordType.parse(self.record_type))
        chain_n = self.chain_n
        if type(chain_n) is not int:
            raise _row_error(f"expected an int, got {type(chain_n).__name__}", "chain_n", chain_n)
        if not 0 <= chain_n <= _TOP:
            raise _row_error(f"{chain_n} is outside 0..{_TOP}", "chain_n", chain_n)
        for name in ("dial_sched_time", "call_time"):
            value = getattr(self, name)
            if value is not None and (type(value) is not datetime or value.tzinfo is not UTC):
                object.__setattr__(self, name, _instant(value, name))
        if record.tz_name is None and record.tz_offset is None:
            raise _row_error(
                "a calling-list record needs a time zone (tz_name or an offset)",
                "zone",
                record.record_handle,
            )
        object.__setattr__(self, "zone", resolve_zone(record.tz_name, record.tz_offset))
        object.__setattr__(self, "window", _window(record.daily_from, record.daily_until))
        try:
            key: str | None = normalize_phone(record.phone)
        except InvalidValue:
            key = None
        object.__setattr__(self, "phone_key", key)
        object.__setattr__(self, "record_id", record.record_handle)
        object.__setattr__(self, "chain_id", record.chain_id)

    @property
    def phone(self) -> str:
        """The number to dial [`contact_info`]."""
        return self.record.phone

    @property
    def attempts(self) -> int:
        """Attempts made so far to reach the customer on this record [`attempt`]; 0 if unknown."""
        return self.record.attempts or 0

    @property
    def call_result(self) -> CallResult | None:
        """The record's last call result [`call_result`], or None."""
        return self.record.call_result

    @property
    def is_final(self) -> bool:
        """Whether its status is final: nothing retrieves the record again in this run."""
        return self.status in FINAL_RECORD_STATUSES

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the record's own dict and the list columns (instants in ISO 8601)."""
        return {
            "record": self.record.to_dict(),
            "status": int(self.status),
            "record_type": int(self.record_type),
            "chain_n": self.chain_n,
            "dial_sched_time": _iso(self.dial_sched_time),
            "call_time": _iso(self.call_time),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallingListRecord:
        """The row `to_dict` wrote.

        Raises:
            InvalidValue: a missing or unknown key, or a value a row cannot hold.
        """
        keys = {"record", "status", "record_type", "chain_n", "dial_sched_time", "call_time"}
        if not isinstance(data, Mapping) or set(data) != keys:
            raise InvalidValue(
                f"not a calling-list record: {shorten(data)}",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(data),
            )
        try:
            return cls(
                Record.from_dict(data["record"]),
                RecordStatus.parse(data["status"]),
                RecordType.parse(data["record_type"]),
                data["chain_n"],
                _from_iso(data["dial_sched_time"], "dial_sched_time"),
                _from_iso(data["call_time"], "call_time"),
            )
        except (TypeError, ValueError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a calling-list record: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _from_iso(value: object, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _row_error(f"expected ISO 8601 text, got {type(value).__name__}", name, value)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise _row_error(f"{shorten(value)} is not ISO 8601", name, value) from None
