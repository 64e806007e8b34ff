"""Elapsed time as people type it: `90m`, `1h30m`, `2d`, or ISO 8601 `PT1H`."""

from __future__ import annotations

import re
from datetime import timedelta

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["MAX_DURATION", "parse_duration"]

#: The longest elapsed time accepted (100 years of 366 days).
MAX_DURATION = timedelta(days=36600)

_COMPACT = re.compile(r"(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?", re.ASCII)
_ISO = re.compile(
    r"P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?", re.ASCII | re.IGNORECASE
)


def parse_duration(text: str) -> timedelta:
    """Read elapsed time: `90m`, `1h30m`, `2d`, `45s`, `1d2h` or ISO 8601 `PT1H`, `P1DT2H30M`.

    Compact form: whole numbers with units `d`, `h`, `m`, `s`, each at most once, in
    that order, no spaces. ISO 8601: `P[nD][T[nH][nM][nS]]`; years, months and weeks are
    calendar units, not elapsed time, and are refused. A day is 86400 seconds.

    Raises:
        InvalidValue: `invalid-duration` or `wrong-type`.
    """
    if not isinstance(text, str):
        raise InvalidValue(
            f"a duration is text such as 90m or PT1H, not {type(text).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(text),
        )
    found = _COMPACT.fullmatch(text) or _ISO.fullmatch(text)
    if found is None or not any(found.groups()) or text.upper().endswith("T"):
        raise InvalidValue(
            f"{shorten(text)} is not a duration: write e.g. 90m, 1h30m, 2d, 45s or PT1H "
            "(whole numbers; units d, h, m, s in that order)",
            code=ErrorCode.INVALID_DURATION,
            value=shorten(text),
        )
    # More than 12 significant digits in any unit is beyond 100 years (3.2e9 s); cutting
    # there also keeps `int` below Python's limit on the digits it reads.
    digits = [(g or "0").lstrip("0") or "0" for g in found.groups()]
    days, hours, minutes, seconds = (int(d) if len(d) <= 12 else 10**12 for d in digits)
    total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    if total > MAX_DURATION.total_seconds():
        raise InvalidValue(
            f"{shorten(text)} is beyond 100 years",
            code=ErrorCode.INVALID_DURATION,
            value=shorten(text),
        )
    return timedelta(seconds=total)
