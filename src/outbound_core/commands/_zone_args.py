"""`--zones DBID=NAME ...`: the zone names of a calling list's `tz_dbid` numbers."""

from __future__ import annotations

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["zones_from"]


def zones_from(pairs: list[str]) -> dict[int, str]:
    """`{dbid: zone name}` of the `--zones` pairs.

    Raises:
        InvalidValue: a pair that is not DBID=NAME, or a DBID beyond 2147483647.
    """
    found: dict[int, str] = {}
    for pair in pairs:
        dbid, sep, name = pair.partition("=")
        number = dbid.strip()
        if not sep or not number.isascii() or not number.isdigit() or not name.strip():
            problem = "write DBID=NAME, e.g. 104=EST"
        elif len(number) > 10 or int(number) > 2**31 - 1:
            problem = "the DBID is beyond 2147483647"
        else:
            found[int(number)] = name.strip()
            continue
        raise InvalidValue(
            f"--zones {shorten(pair)}: {problem}", code=ErrorCode.INVALID_VALUE, flag="--zones"
        )
    return found
