"""A treatment's Interval, written `D:H:M` (days, hours, minutes) as Genesys Administrator does.

The Interval is the wait between a dialing attempt and the treatment's first attempt; the
Increment (whole minutes) is added to it on each repeat (reference §4.2).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["MAX_INCREMENT_MINUTES", "MAX_INTERVAL_DAYS", "format_interval", "parse_interval"]

#: The longest Interval accepted, in days (a year).
MAX_INTERVAL_DAYS: Final = 365
#: The largest Increment accepted, in minutes (a year).
MAX_INCREMENT_MINUTES: Final = 365 * 24 * 60

_SHAPE = re.compile(r"([0-9]{1,3}):([0-9]{1,2}):([0-9]{1,2})", re.ASCII)


def parse_interval(text: str) -> timedelta:
    """Read a treatment Interval `D:H:M`: `0:00:10` is ten minutes, `3:00:00` three days.

    Days 0 to 365, hours 0 to 23, minutes 0 to 59, each written with digits only.

    Raises:
        InvalidValue: `invalid-duration` saying what is wrong, or `wrong-type`.
    """
    if not isinstance(text, str):
        raise InvalidValue(
            f"an interval is D:H:M text such as 0:00:10, not {type(text).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(text),
        )
    found = _SHAPE.fullmatch(text.strip())
    if found is None:
        raise InvalidValue(
            f"{shorten(text)} is not an interval: write D:H:M (days:hours:minutes), "
            "e.g. 0:00:10 for ten minutes or 1:02:30 for a day, two hours and a half",
            code=ErrorCode.INVALID_DURATION,
            value=shorten(text),
        )
    days, hours, minutes = (int(part) for part in found.groups())
    for amount, most, unit in ((days, MAX_INTERVAL_DAYS, "days"), (hours, 23, "hours")):
        if amount > most:
            raise InvalidValue(
                f"{shorten(text)}: {amount} {unit} is more than {most}",
                code=ErrorCode.INVALID_DURATION,
                value=shorten(text),
            )
    if minutes > 59:
        raise InvalidValue(
            f"{shorten(text)}: {minutes} minutes is more than 59",
            code=ErrorCode.INVALID_DURATION,
            value=shorten(text),
        )
    return timedelta(days=days, hours=hours, minutes=minutes)


def format_interval(interval: timedelta) -> str:
    """Write an interval as `D:HH:MM`; `parse_interval` reads it back equal (whole minutes).

    Raises:
        InvalidValue: not a timedelta of whole minutes from 0 to 365 days.
    """
    if not isinstance(interval, timedelta):
        raise InvalidValue(
            f"an interval is a timedelta, not {type(interval).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(interval),
        )
    if interval < timedelta(0) or interval > timedelta(
        days=MAX_INTERVAL_DAYS, hours=23, minutes=59
    ):
        raise InvalidValue(
            f"interval {interval} is outside 0 to {MAX_INTERVAL_DAYS} days",
            code=ErrorCode.INVALID_DURATION,
            value=str(interval),
        )
    if interval % timedelta(minutes=1):
        raise InvalidValue(
            f"interval {interval} is not whole minutes",
            code=ErrorCode.INVALID_DURATION,
            value=str(interval),
        )
    minutes = interval // timedelta(minutes=1)
    days, rest = divmod(minutes, 24 * 60)
    return f"{days}:{rest // 60:02d}:{rest % 60:02d}"
