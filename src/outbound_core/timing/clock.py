"""The two text formats of wall-clock values in the Service Client API (seed 002).

`MM/DD/YYYY HH:MM` is a date field's value and a reschedule date; `HH:MM` is a time field's
value (Call From, Call Until). Both are read strictly: two-digit month, day, hour and minute,
four-digit year, 24-hour clock, real calendar dates and clock times, no surrounding text.
The values are naive: which zone they are in is the caller's business (a reschedule date is
in the record's zone). In a record, Call From and Call Until are seconds after local midnight
(`GSW_FROM: 0`, `GSW_UNTIL: 86399`); `clock_to_seconds` and `seconds_to_clock` convert.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, time

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = [
    "CLOCK_FORMAT",
    "DATE_TIME_FORMAT",
    "clock_to_seconds",
    "format_clock",
    "format_date_time",
    "parse_clock",
    "parse_date_time",
    "seconds_to_clock",
]

DATE_TIME_FORMAT = "MM/DD/YYYY HH:MM"
CLOCK_FORMAT = "HH:MM"
_DAY_SECONDS = 86400

_DATE_TIME = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4}) ([0-9]{2}):([0-9]{2})", re.ASCII)
_CLOCK = re.compile(r"([0-9]{2}):([0-9]{2})", re.ASCII)
_DOTTED_CLOCK = re.compile(r"([0-9]{2})\.([0-9]{2})", re.ASCII)


def _error(text: object, expected: str, why: str) -> InvalidValue:
    return InvalidValue(
        f"{shorten(text)} is not a {expected} value: {why}",
        code=ErrorCode.INVALID_DATE_TIME,
        value=text,
        expected=expected,
        reason=why,
    )


def _check_clock(text: object, expected: str, hour: int, minute: int) -> None:
    if hour == 24 and minute == 0:
        raise _error(text, expected, "24:00 is not a clock time; write 00:00 of the next day")
    if hour > 23:
        raise _error(text, expected, f"hour {hour:02d} does not exist (00 to 23)")
    if minute > 59:
        raise _error(text, expected, f"minute {minute:02d} does not exist (00 to 59)")


def parse_date_time(text: str) -> datetime:
    """Read `MM/DD/YYYY HH:MM` (e.g. `05/27/2021 10:55`) into a naive datetime.

    Raises:
        InvalidValue: `invalid-date-time` saying what is wrong (the shape, a month 13,
            February 30, 24:00, a two-digit year, extra text), or `wrong-type`.
    """
    if not isinstance(text, str):
        raise InvalidValue(
            f"a {DATE_TIME_FORMAT} value is a string, not {type(text).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(text),
        )
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        if re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2} [0-9]{1,2}:[0-9]{2}", text):
            raise _error(text, DATE_TIME_FORMAT, "the year must have four digits")
        if _DATE_TIME.match(text.strip()) or _DATE_TIME.search(text):
            raise _error(text, DATE_TIME_FORMAT, "there is text before or after the date")
        raise _error(text, DATE_TIME_FORMAT, "expected two-digit month, day, hour and minute")
    month, day, year, hour, minute = (int(g) for g in found.groups())
    if not 1 <= month <= 12:
        raise _error(text, DATE_TIME_FORMAT, f"month {month:02d} does not exist (01 to 12)")
    if year == 0:
        raise _error(text, DATE_TIME_FORMAT, "year 0000 does not exist")
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        name = calendar.month_name[month]
        raise _error(text, DATE_TIME_FORMAT, f"{name} {day} does not exist in {year}")
    _check_clock(text, DATE_TIME_FORMAT, hour, minute)
    return datetime(year, month, day, hour, minute)


def format_date_time(value: datetime) -> str:
    """Write a datetime as `MM/DD/YYYY HH:MM`; seconds and any zone are not written."""
    if not isinstance(value, datetime):
        raise InvalidValue(
            f"a {DATE_TIME_FORMAT} value is written from a datetime, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return f"{value.month:02d}/{value.day:02d}/{value.year:04d} {value.hour:02d}:{value.minute:02d}"


def parse_clock(text: str, *, allow_dot: bool = False) -> time:
    """Read `HH:MM` (e.g. `23:45`) into a time; with `allow_dot`, `HH.MM` too (seed 002's `10.15`).

    Raises:
        InvalidValue: `invalid-date-time` saying what is wrong, or `wrong-type`.
    """
    if not isinstance(text, str):
        raise InvalidValue(
            f"a {CLOCK_FORMAT} value is a string, not {type(text).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(text),
        )
    found = _CLOCK.fullmatch(text) or (_DOTTED_CLOCK.fullmatch(text) if allow_dot else None)
    if found is None:
        shape = "HH:MM or HH.MM" if allow_dot else CLOCK_FORMAT
        raise _error(text, CLOCK_FORMAT, f"expected {shape} with two-digit hour and minute")
    hour, minute = int(found.group(1)), int(found.group(2))
    _check_clock(text, CLOCK_FORMAT, hour, minute)
    return time(hour, minute)


def format_clock(value: time) -> str:
    """Write a time as `HH:MM`; seconds are not written."""
    if not isinstance(value, time):
        raise InvalidValue(
            f"a {CLOCK_FORMAT} value is written from a time, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return f"{value.hour:02d}:{value.minute:02d}"


def _seconds_error(seconds: object, why: str) -> InvalidValue:
    return InvalidValue(
        f"{shorten(seconds)} is not a time of day in seconds: {why}",
        code=ErrorCode.WRONG_TYPE if why.startswith("expected") else ErrorCode.INVALID_VALUE,
        value=seconds,
    )


def seconds_to_clock(seconds: int) -> str:
    """Write a record's Call From / Call Until (seconds after local midnight) as `HH:MM`.

    Seconds within the minute are dropped: 86399 -> "23:59", 0 -> "00:00".

    Raises:
        InvalidValue: not an int in 0..86399.
    """
    if type(seconds) is not int:
        raise _seconds_error(seconds, "expected an int")
    if not 0 <= seconds < _DAY_SECONDS:
        raise _seconds_error(seconds, "a day has seconds 0 to 86399")
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}"


def clock_to_seconds(text: str, *, until: bool = False) -> int:
    """Read an `HH:MM` Call From / Call Until (or seed 002's "10.15") as seconds after midnight.

    Call From is the first second of its minute; Call Until (`until=True`) runs through the end
    of its minute, as the calling window is inclusive: "23:59" -> 86399, "00:00" -> 59. So
    `clock_to_seconds(seconds_to_clock(s), until=...)` gives `s` back for every From on a whole
    minute and every Until on a minute's last second, and `seconds_to_clock` undoes this always.

    Raises:
        InvalidValue: `invalid-date-time` or `wrong-type`.
    """
    clock = parse_clock(text, allow_dot=True)
    return clock.hour * 3600 + clock.minute * 60 + (59 if until else 0)
