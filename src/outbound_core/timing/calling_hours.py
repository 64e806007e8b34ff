"""Legal calling hours as data: per-weekday hours, excluded dates, and the presets.

A `CallingHours` rule says, for each day of the week, the wall-clock hours in which a call
is allowed at the called party's location (seconds after local midnight, `till`
inclusive, as a record's calling window), or that no call is allowed that day; plus dates
on which no call is allowed at all. `PRESETS` holds the rules of
`reference/time-and-compliance.md` §3.1, each with its source and confidence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, close_matches, shorten

__all__ = [
    "HOLIDAY_CALENDARS",
    "PRESETS",
    "WEEKDAYS",
    "CallingHours",
    "ClosedReason",
    "australian_national_holidays",
    "calling_hours_preset",
    "calling_hours_rules",
    "check_seconds",
]

#: Day names, Monday first, as `date.weekday()` numbers them.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_GROUPS = {"daily": range(7), "weekdays": range(5), "weekend": range(5, 7)}
_LAST_SECOND = 86399

Hours = tuple[int, int]


def _window_error(message: str, value: object) -> InvalidValue:
    return InvalidValue(message, code=ErrorCode.INVALID_WINDOW, value=shorten(value))


def check_seconds(value: object, what: str) -> int:
    """`value` if it is whole seconds after local midnight, 0 to 86399; otherwise an error.

    Raises:
        InvalidValue: `invalid-window`.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise _window_error(
            f"{what} is whole seconds after local midnight (0 to 86399), "
            f"not {type(value).__name__}",
            value,
        )
    if not 0 <= value <= _LAST_SECOND:
        raise _window_error(
            f"{what} = {shorten(value)} is outside 0 to 86399 seconds after local midnight", value
        )
    return value


def _hours(value: object, day: str) -> Hours | None:
    if value is None:
        return None
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise _window_error(f"hours for {day} are (from, till) seconds or None", value)
    start = check_seconds(value[0], f"{day} from")
    till = check_seconds(value[1], f"{day} till")
    if start > till:
        raise _window_error(f"{day}: from {start} is after till {till}", value)
    return (start, till)


def _days(value: object) -> tuple[Hours | None, ...]:
    if not isinstance(value, tuple | list) or len(value) != 7:
        raise _window_error("days are seven (from, till) pairs or None, Monday first", value)
    return tuple(_hours(v, WEEKDAYS[i]) for i, v in enumerate(value))


def _dates(value: object) -> tuple[date, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise _window_error("excluded dates are a collection of dates", value)
    found = set()
    for item in value:
        if isinstance(item, str):
            try:
                item = date.fromisoformat(item)
            except ValueError:
                raise _window_error(f"{shorten(item)} is not a YYYY-MM-DD date", item) from None
        if not isinstance(item, date) or hasattr(item, "hour"):
            raise _window_error(f"an excluded date is a date, not {type(item).__name__}", item)
        found.add(item)
    return tuple(sorted(found))


def _easter(year: int) -> date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def australian_national_holidays(year: int) -> dict[date, str]:
    """Australia's national public holidays in `year`: the dates themselves, no substitutes.

    New Year's Day, Australia Day, Good Friday, Easter Monday, Anzac Day, Christmas Day
    and Boxing Day. States add their own holidays and substitute days; pass those as
    excluded dates.

    Raises:
        InvalidValue: `wrong-type` for anything but an int, `invalid-value` for a year
            outside 1 to 9999.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidValue(
            f"a year is a whole number such as 2026, not {type(year).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(year),
        )
    if not MINYEAR <= year <= MAXYEAR:
        raise InvalidValue(
            f"year {shorten(year)} is outside {MINYEAR} to {MAXYEAR}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(year),
        )
    easter = _easter(year)
    return {
        date(year, 1, 1): "New Year's Day",
        date(year, 1, 26): "Australia Day",
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        date(year, 4, 25): "Anzac Day",
        date(year, 12, 25): "Christmas Day",
        date(year, 12, 26): "Boxing Day",
    }


#: Holiday calendars a rule can name: calendar name → function of the year.
HOLIDAY_CALENDARS = MappingProxyType({"au-national": australian_national_holidays})


@functools.lru_cache(maxsize=256)
def _holidays(calendar: str, year: int) -> Mapping[date, str]:
    return MappingProxyType(HOLIDAY_CALENDARS[calendar](year))


class ClosedReason(StrEnum):
    """Why a whole day allows no calls under a rule (codes of `Reason`)."""

    EXCLUDED_DATE = "excluded-date"
    PUBLIC_HOLIDAY = "public-holiday"
    NO_CALLS_ON_DAY = "no-calls-on-day"


@attrs.define(frozen=True, slots=True, cache_hash=True)
class CallingHours:
    """A legal calling-hours rule: allowed wall-clock hours per weekday and excluded dates.

    Attributes:
        name: a short name (`us-federal`, `canada`, or the caller's own).
        days: seven entries, Monday first: `(from, till)` seconds after local midnight,
            `till` inclusive, or None when no call is allowed that day.
        excluded_dates: dates (in the called party's zone) with no calls at all.
        holidays: a calendar of `HOLIDAY_CALENDARS` whose dates have no calls, or None.
        source: where the rule comes from.
        confidence: `verified`, `secondary`, `unverified` (reference labels) or `user`.
    """

    name: str
    days: tuple[Hours | None, ...] = attrs.field(converter=_days)
    excluded_dates: tuple[date, ...] = attrs.field(default=(), converter=_dates)
    holidays: str | None = None
    source: str = ""
    confidence: str = "user"

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise _window_error("a calling-hours rule needs a name", self.name)
        if self.holidays is not None and self.holidays not in HOLIDAY_CALENDARS:
            raise _window_error(
                f"unknown holiday calendar {shorten(self.holidays)}; "
                f"known: {', '.join(HOLIDAY_CALENDARS)}",
                self.holidays,
            )

    @classmethod
    def weekly(
        cls,
        name: str,
        hours: Mapping[str, Hours | None],
        *,
        excluded_dates: Iterable[date | str] = (),
        source: str = "",
    ) -> CallingHours:
        """A user-defined rule from hours per day name.

        Args:
            name: the rule's name.
            hours: day keys (`monday` ... `sunday`, or the groups `daily`, `weekdays`,
                `weekend`) mapped to `(from, till)` seconds or None. Single days override
                groups; days not mentioned allow no calls.
            excluded_dates: dates with no calls (dates or `YYYY-MM-DD` strings).
            source: where the rule comes from.

        Raises:
            InvalidValue: `invalid-window` for unknown day keys or unusable hours.
        """
        if not isinstance(hours, Mapping):
            raise _window_error("hours are a mapping of day names to (from, till)", hours)
        days: list[object] = [None] * 7
        for key in sorted(hours, key=lambda k: not (isinstance(k, str) and k in _GROUPS)):
            if key in _GROUPS:
                indexes: Iterable[int] = _GROUPS[key]
            elif key in WEEKDAYS:
                indexes = (WEEKDAYS.index(key),)
            else:
                hint = close_matches(key, (*WEEKDAYS, *_GROUPS))
                raise _window_error(
                    f"unknown day {shorten(key)}" + (f"; did you mean {hint[0]}?" if hint else ""),
                    key,
                )
            for index in indexes:
                days[index] = hours[key]
        return cls(name, tuple(days), _dates(excluded_dates), None, source, "user")

    def excluding(self, dates: Iterable[date | str]) -> CallingHours:
        """The same rule with more excluded dates (e.g. this year's state holidays)."""
        return attrs.evolve(self, excluded_dates=(*self.excluded_dates, *_dates(dates)))

    def closed_day(self, day: date) -> tuple[ClosedReason, str] | None:
        """Why no call is allowed at all on `day` (a code and a phrase), or None.

        Raises:
            InvalidValue: `wrong-type` when `day` is not a date.
        """
        if not isinstance(day, date):
            raise InvalidValue(
                f"a day is a date, not {type(day).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(day),
            )
        if isinstance(day, datetime):
            day = day.date()
        if day in self.excluded_dates:
            return ClosedReason.EXCLUDED_DATE, f"{day.isoformat()} is an excluded date"
        if self.holidays is not None:
            holiday = _holidays(self.holidays, day.year).get(day)
            if holiday is not None:
                return (
                    ClosedReason.PUBLIC_HOLIDAY,
                    f"{day.isoformat()} is a public holiday ({holiday})",
                )
        if self.days[day.weekday()] is None:
            return ClosedReason.NO_CALLS_ON_DAY, f"no calls on {WEEKDAYS[day.weekday()].title()}s"
        return None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "name": self.name,
            "days": [None if d is None else list(d) for d in self.days],
            "excluded_dates": [d.isoformat() for d in self.excluded_dates],
            "holidays": self.holidays,
            "source": self.source,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallingHours:
        """The rule `to_dict` wrote.

        Raises:
            InvalidValue: `invalid-window` when the data is not a rule.
        """
        try:
            return cls(
                data["name"],
                data["days"],
                data.get("excluded_dates", ()),
                data.get("holidays"),
                data.get("source", ""),
                data.get("confidence", "user"),
            )
        except (KeyError, TypeError) as error:
            raise _window_error(f"not a calling-hours rule: {shorten(data)}", data) from error


def _daily(start: str, end: str) -> Hours:
    def seconds(text: str) -> int:
        hour, minute = map(int, text.split(":"))
        return hour * 3600 + minute * 60

    # "Not after 21:00" leaves 20:59:59 as the last allowed second.
    return (seconds(start), seconds(end) - 1)


_US_FEDERAL = _daily("08:00", "21:00")
_US_STRICT = _daily("08:00", "20:00")

#: The calling-hours presets of reference §3.1, by name.
PRESETS: Mapping[str, CallingHours] = MappingProxyType(
    {
        "us-federal": CallingHours(
            "us-federal",
            (_US_FEDERAL,) * 7,
            source="TCPA 47 CFR 64.1200(c)(1); FTC TSR 16 CFR 310.4(c)",
            confidence="verified",
        ),
        "us-florida": CallingHours(
            "us-florida",
            (_US_STRICT,) * 7,
            source="Fla. Stat. 501.616(6)(a) (SB 1120, 2021)",
            confidence="verified",
        ),
        "us-oklahoma": CallingHours(
            "us-oklahoma",
            (_US_STRICT,) * 7,
            source="Oklahoma Telephone Solicitation Act 2022 (HB 3168)",
            confidence="secondary",
        ),
        "us-maryland": CallingHours(
            "us-maryland",
            (_US_STRICT,) * 7,
            source="Maryland Stop the Spam Calls Act 2023",
            confidence="secondary",
        ),
        "canada": CallingHours(
            "canada",
            (_daily("09:00", "21:30"),) * 5 + (_daily("10:00", "18:00"),) * 2,
            source="CRTC Unsolicited Telecommunications Rules (telemarketing)",
            confidence="verified",
        ),
        "australia": CallingHours(
            "australia",
            (_daily("09:00", "20:00"),) * 5 + (_daily("09:00", "17:00"), None),
            holidays="au-national",
            source="Telecommunications (Telemarketing and Research Calls) Industry Standard 2017",
            confidence="secondary",
        ),
    }
)


def calling_hours_preset(name: str) -> CallingHours:
    """The preset named `name` (`us-federal`, `us-florida`, `canada`, `australia`, ...).

    Raises:
        InvalidValue: `unknown-calling-hours`, with close names.
    """
    if isinstance(name, str) and name in PRESETS:
        return PRESETS[name]
    hint = close_matches(name, tuple(PRESETS)) if isinstance(name, str) else ()
    raise InvalidValue(
        f"unknown calling-hours preset {shorten(name)}; known: {', '.join(PRESETS)}"
        + (f"; did you mean {hint[0]}?" if hint else ""),
        code=ErrorCode.UNKNOWN_CALLING_HOURS,
        value=shorten(name),
        suggestions=list(hint),
    )


def calling_hours_rules(rules: Iterable[CallingHours]) -> tuple[CallingHours, ...]:
    """The legal calling hours a campaign selected, as a tuple: what an interaction and a
    campaign take as their `calling_hours`.

    Raises:
        InvalidValue: `wrong-type`: not a sequence, or a member that is not `CallingHours`.
    """
    if isinstance(rules, str | bytes | Mapping) or not isinstance(rules, Iterable):
        raise InvalidValue(
            f"calling_hours is a sequence of CallingHours, not {shorten(rules)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(rules),
        )
    found = tuple(rules)
    for rule in found:
        if not isinstance(rule, CallingHours):
            raise InvalidValue(
                f"calling_hours holds CallingHours values, not {shorten(rule)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(rule),
            )
    return found
