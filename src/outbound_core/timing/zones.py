"""Record time zones: Genesys time-zone object names, IANA keys and record offsets.

A record names its zone with a Genesys Time Zone object name (`GSW_TZ_NAME: "ACT"`) and
carries an offset in seconds east of UTC (`GSW_TZ_OFFSET: 34200`). The name is
authoritative: it maps, through the closed table `GENESYS_ZONES` (Java's legacy
three-letter IDs, which Genesys object names follow), to an IANA zone read with the
standard library's `zoneinfo`. The offset is a snapshot taken when the record was sent:
a fallback when there is no usable name, and a consistency check otherwise.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, close_matches, shorten

__all__ = [
    "GENESYS_ZONES",
    "LEGACY_US_ZONES",
    "MAX_OFFSET_SECONDS",
    "RecordZone",
    "ZoneSource",
    "out_of_range",
    "require_instant",
    "resolve_zone",
    "tz_database_version",
]

#: Genesys time-zone object names → IANA key, or a fixed offset in seconds east of UTC.
#: Java's `ZoneId.SHORT_IDS` / `ZoneInfoFile` mapping (reference §1.3).
GENESYS_ZONES: Mapping[str, str | int] = MappingProxyType(
    {
        "ACT": "Australia/Darwin",
        "AET": "Australia/Sydney",
        "AGT": "America/Argentina/Buenos_Aires",
        "ART": "Africa/Cairo",
        "AST": "America/Anchorage",
        "BET": "America/Sao_Paulo",
        "BST": "Asia/Dhaka",
        "CAT": "Africa/Harare",
        "CET": "CET",
        "CNT": "America/St_Johns",
        "CST": "America/Chicago",
        "CTT": "Asia/Shanghai",
        "EAT": "Africa/Addis_Ababa",
        "ECT": "Europe/Paris",
        "EET": "EET",
        "EST": -5 * 3600,
        "GMT": "GMT",
        "HST": -10 * 3600,
        "IET": "America/Indiana/Indianapolis",
        "IST": "Asia/Kolkata",
        "JST": "Asia/Tokyo",
        "MET": "MET",
        "MIT": "Pacific/Apia",
        "MST": -7 * 3600,
        "NET": "Asia/Yerevan",
        "NST": "Pacific/Auckland",
        "PLT": "Asia/Karachi",
        "PNT": "America/Phoenix",
        "PRT": "America/Puerto_Rico",
        "PST": "America/Los_Angeles",
        "SST": "Pacific/Guadalcanal",
        "UTC": "UTC",
        "VST": "Asia/Ho_Chi_Minh",
        "WET": "WET",
    }
)

#: With `legacy_us=True` (Java's old mapping), these names follow US daylight saving.
LEGACY_US_ZONES: Mapping[str, str] = MappingProxyType(
    {"EST": "America/New_York", "MST": "America/Denver", "HST": "Pacific/Honolulu"}
)

#: The largest offset accepted, as in java.time (±18:00).
MAX_OFFSET_SECONDS = 18 * 3600

# Keys `available_timezones()` lists that depend on the machine, not on a place.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", re.ASCII)


class ZoneSource(StrEnum):
    """Where a `RecordZone` came from."""

    GENESYS = "genesys"
    IANA = "iana"
    OFFSET = "offset"


@functools.cache
def _iana_keys() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - _NOT_PLACES


@functools.cache
def _zone_names() -> tuple[str, ...]:
    return (*GENESYS_ZONES, *sorted(_iana_keys()))


def _offset_label(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _check_offset_value(offset: object, what: str = "offset_seconds") -> int:
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise InvalidValue(
            f"{what} is a whole number of seconds east of UTC, not {type(offset).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(offset),
        )
    if not -MAX_OFFSET_SECONDS <= offset <= MAX_OFFSET_SECONDS:
        raise InvalidValue(
            f"{what} {shorten(offset)} is beyond ±18:00 (±{MAX_OFFSET_SECONDS} s); "
            "it is seconds east of UTC, e.g. 34200 for +09:30",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(offset),
        )
    if offset % 60:
        raise InvalidValue(
            f"{what} {offset} is not a whole number of minutes; "
            "Genesys time zones are hours and minutes from GMT",
            code=ErrorCode.INVALID_VALUE,
            value=offset,
        )
    return offset


def _load(key: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise InvalidValue(
            f"time zone {key!r} is not in the tz database of this machine; "
            "install the tzdata package",
            code=ErrorCode.UNKNOWN_ZONE,
            value=key,
        ) from error


def _zone_source(value: object) -> ZoneSource:
    if isinstance(value, str) and value in ZoneSource._value2member_map_:
        return ZoneSource(value)
    raise InvalidValue(
        f"a zone's source is one of {', '.join(ZoneSource)}, not {shorten(value)}",
        code=ErrorCode.INVALID_VALUE if isinstance(value, str) else ErrorCode.WRONG_TYPE,
        value=shorten(value),
    )


@attrs.define(frozen=True, slots=True, cache_hash=True)
class RecordZone:
    """The time zone a record's times are in (seed 002: "the time zone of the record").

    Build one with `resolve_zone`; the constructor checks that the parts agree.

    Attributes:
        name: the name as the record gives it (`ACT`, `Europe/London`), or `UTC+09:30`
            for a zone made from an offset.
        source: where the zone came from: the Genesys table, an IANA key, or an offset.
        key: the IANA key the zone follows, or None for a fixed offset.
        fixed_offset: seconds east of UTC for a fixed-offset zone, else None.
    """

    name: str
    source: ZoneSource = attrs.field(converter=_zone_source)
    key: str | None = None
    fixed_offset: int | None = None
    _tz: tzinfo = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if (self.key is None) == (self.fixed_offset is None):
            raise InvalidValue(
                "a RecordZone has either an IANA key or a fixed offset",
                code=ErrorCode.INVALID_VALUE,
                value=(self.key, self.fixed_offset),
            )
        if self.source is ZoneSource.OFFSET:
            expected = _resolve(None, self.fixed_offset, legacy=False)
        else:
            expected = _resolve(self.name, None, legacy=self.key in _LEGACY_KEYS)
        if (expected.name, expected.source, expected.key, expected.fixed_offset) != (
            self.name,
            self.source,
            self.key,
            self.fixed_offset,
        ):
            raise InvalidValue(
                f"RecordZone parts disagree: {shorten(self.name)} resolves to "
                f"{expected.key or expected.name} ({expected.source})",
                code=ErrorCode.INVALID_VALUE,
                value=(self.name, str(self.source), self.key, self.fixed_offset),
            )
        object.__setattr__(self, "_tz", expected.tzinfo)

    @property
    def tzinfo(self) -> tzinfo:
        """The zone as a `tzinfo`: a `ZoneInfo` or a fixed `timezone`."""
        return self._tz

    @property
    def label(self) -> str:
        """A short description: `ACT (Australia/Darwin)`, `EST (UTC-05:00)`, `Europe/London`."""
        target = self.key if self.key is not None else _offset_label(self.fixed_offset or 0)
        return self.name if target == self.name else f"{self.name} ({target})"

    def local(self, at: datetime, what: str = "at") -> datetime:
        """The instant `at` on this zone's wall clock (an aware datetime in this zone).

        Raises:
            InvalidValue: `date-out-of-range` when the wall clock here would be before
                year 1 or after year 9999; `naive-date-time` or `wrong-type` for `at`.
        """
        instant = require_instant(at, what)
        try:
            return instant.astimezone(self._tz)
        except OverflowError:
            raise out_of_range(
                f"{what} = {instant.isoformat()} cannot be written on the wall clock of "
                f"{self.label}: it falls outside the years 1 to 9999 there",
                instant.isoformat(),
            ) from None

    def offset_at(self, at: datetime) -> int:
        """Seconds east of UTC in this zone at the instant `at` (daylight saving included)."""
        local = self.local(at)
        return int(local.utcoffset().total_seconds())  # type: ignore[union-attr]

    def standard_offset_at(self, at: datetime) -> int:
        """Seconds east of UTC in this zone at `at`, without any daylight-saving shift."""
        local = self.local(at)
        dst = local.dst() or timedelta(0)
        return int((local.utcoffset() - dst).total_seconds())  # type: ignore[operator]

    def check_offset(self, offset_seconds: int, at: datetime) -> bool:
        """Whether a record's offset (`GSW_TZ_OFFSET`) agrees with this zone at `at`.

        The offset agrees when it equals the zone's offset in force at `at` (daylight
        saving included, the reading seed 002's PST sample supports) or its standard
        offset then (the base offset of the Genesys object). A `False` points at a
        misconfigured record zone or a stale offset.

        Args:
            offset_seconds: the record's offset in seconds east of UTC.
            at: the instant the offset was taken (an aware datetime).

        Raises:
            InvalidValue: `wrong-type` or `invalid-value` for an unusable offset,
                `naive-date-time` for a naive `at`.
        """
        offset = _check_offset_value(offset_seconds)
        return offset in (self.offset_at(at), self.standard_offset_at(at))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: name, source, key, fixed_offset."""
        return {
            "name": self.name,
            "source": str(self.source),
            "key": self.key,
            "fixed_offset": self.fixed_offset,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecordZone:
        """The zone `to_dict` wrote.

        Raises:
            InvalidValue: when the parts are missing or disagree.
        """
        try:
            return cls(data["name"], data["source"], data.get("key"), data.get("fixed_offset"))
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a RecordZone: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error


_LEGACY_KEYS = frozenset(LEGACY_US_ZONES.values())


def _resolve(name: object, offset: object, *, legacy: bool) -> _Resolved:
    if name is not None and not isinstance(name, str):
        raise InvalidValue(
            f"a time-zone name is a string, not {type(name).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(name),
        )
    if name is None or not name.strip():
        if offset is None:
            raise InvalidValue(
                "no time-zone name and no offset: give GSW_TZ_NAME or GSW_TZ_OFFSET",
                code=ErrorCode.UNKNOWN_ZONE,
                value=name,
            )
        seconds = _check_offset_value(offset)
        return _Resolved(_offset_label(seconds), ZoneSource.OFFSET, None, seconds)
    if offset is not None:
        _check_offset_value(offset)
    if name in GENESYS_ZONES:
        target: str | int = GENESYS_ZONES[name]
        if legacy and name in LEGACY_US_ZONES:
            target = LEGACY_US_ZONES[name]
        if isinstance(target, int):
            return _Resolved(name, ZoneSource.GENESYS, None, target)
        return _Resolved(name, ZoneSource.GENESYS, target, None)
    if _KEY_SHAPE.fullmatch(name) and name in _iana_keys():
        return _Resolved(name, ZoneSource.IANA, name, None)
    suggestions = close_matches(name, _zone_names())
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise InvalidValue(
        f"unknown time zone {shorten(name)}: not a Genesys time-zone name nor an IANA key "
        f"(names are case-sensitive){hint}",
        code=ErrorCode.UNKNOWN_ZONE,
        value=name,
        suggestions=list(suggestions),
    )


@attrs.define(frozen=True, slots=True)
class _Resolved:
    name: str
    source: ZoneSource
    key: str | None
    fixed_offset: int | None

    @property
    def tzinfo(self) -> tzinfo:
        if self.key is not None:
            return _load(self.key)
        return timezone(timedelta(seconds=self.fixed_offset or 0))


@functools.lru_cache(maxsize=1024)
def _cached_zone(name: str | None, offset: int | None, legacy_us: bool) -> RecordZone:
    found = _resolve(name, offset, legacy=legacy_us)
    if found.source is ZoneSource.OFFSET:
        return RecordZone(found.name, found.source, None, found.fixed_offset)
    return RecordZone(found.name, found.source, found.key, found.fixed_offset)


def resolve_zone(
    name: str | None = None, offset_seconds: int | None = None, *, legacy_us: bool = False
) -> RecordZone:
    """The record's time zone from its `GSW_TZ_NAME` and `GSW_TZ_OFFSET`.

    `name` is a Genesys time-zone object name from `GENESYS_ZONES` (ACT → Australia/Darwin,
    BST → Asia/Dhaka, EST → fixed −05:00, ...) or an IANA key (`Europe/London`). Names are
    case-sensitive, as Genesys and IANA write them. With no usable name (None or blank),
    `offset_seconds` gives a fixed-offset zone. When both are given the name wins; compare
    the offset with `RecordZone.check_offset`.

    Args:
        name: the Genesys object name or IANA key.
        offset_seconds: seconds east of UTC, whole minutes, at most ±18:00.
        legacy_us: make EST, MST and HST follow US daylight saving (America/New_York,
            America/Denver, Pacific/Honolulu), as Java's old mapping does.

    Returns:
        The zone, which says where it came from (`RecordZone.source`).

    Raises:
        InvalidValue: `unknown-zone` (with close names in `details["suggestions"]`),
            `wrong-type`, or `invalid-value` for an unusable offset.
    """
    if isinstance(offset_seconds, bool) or not isinstance(offset_seconds, int | None):
        _check_offset_value(offset_seconds)
    if not isinstance(name, str | None):
        _resolve(name, offset_seconds, legacy=legacy_us)
    return _cached_zone(name, offset_seconds, bool(legacy_us))


def require_instant(value: object, what: str = "now") -> datetime:
    """`value` if it is an aware datetime (an instant); otherwise a clear error.

    Raises:
        InvalidValue: `wrong-type` for a non-datetime, `naive-date-time` for a naive one.
    """
    if not isinstance(value, datetime):
        raise InvalidValue(
            f"{what} is an aware datetime, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(
            f"{what} = {value.isoformat()} has no time zone; pass an aware datetime "
            "(e.g. datetime.now(UTC)) so the instant is unambiguous",
            code=ErrorCode.NAIVE_DATE_TIME,
            value=value.isoformat(),
        )
    if value.year in (1, 9999) and value.tzinfo is not UTC:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise out_of_range(
                f"{what} = {value.isoformat()} is outside the years 1 to 9999 in UTC",
                value.isoformat(),
            ) from None
    return value


def out_of_range(message: str, value: object) -> InvalidValue:
    """The error for an instant or wall-clock time beyond what a datetime holds."""
    return InvalidValue(message, code=ErrorCode.DATE_OUT_OF_RANGE, value=shorten(value))


def tz_database_version() -> str | None:
    """The version of the tz database `zoneinfo` reads (e.g. `2025b`), or None if unknown.

    `zoneinfo` looks in the directories of `zoneinfo.TZPATH` first and then in the
    `tzdata` package; the version comes from the same place. Expected offsets of future
    dates depend on it.
    """
    for directory in zoneinfo.TZPATH:
        if not os.path.isfile(os.path.join(directory, "UTC")):
            continue
        try:
            with open(os.path.join(directory, "tzdata.zi"), encoding="utf-8") as data:
                first = data.readline()
        except OSError:
            return None
        found = re.match(r"#\s*version\s+(\S+)", first)
        return found.group(1) if found else None
    try:
        tzdata = importlib.import_module("tzdata")
    except ImportError:
        return None
    version = getattr(tzdata, "IANA_VERSION", None)
    return version if isinstance(version, str) else None
