"""What a simulated day may be asked for: the checks `simulate` makes before it starts.

A day is refused before it starts rather than failing half-way (design principle 3): a
calling list larger than `MAX_RECORDS` would take gigabytes to hold, and more
agents than `MAX_AGENTS` would work a day of many minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["MAX_AGENTS", "MAX_RECORDS", "check_day"]

#: The largest calling list a simulated day loads (1.0 GB peak and 44 s for a whole day here).
MAX_RECORDS: Final = 1_000_000
#: The most scripted agents a simulated day runs.
MAX_AGENTS: Final = 1_000


def _whole(value: object, name: str, largest: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(
            f"{name} is a whole number, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    if not 1 <= value <= largest:
        raise InvalidValue(
            f"{name} {shorten(value)} is outside 1 to {largest:,}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(value),
        )


def check_day(
    records: object, agents: object, mode: object, seed: object, modes: Mapping[str, object]
) -> None:
    """Refuse a day that cannot be run: `records` (None for the shipped list) from 1 to
    `MAX_RECORDS`, `agents` from 1 to `MAX_AGENTS`, `mode` one of `modes`, `seed` an int.

    Raises:
        InvalidValue: `wrong-type` or `invalid-value`, naming the argument.
    """
    if records is not None:
        _whole(records, "records", MAX_RECORDS)
    _whole(agents, "agents", MAX_AGENTS)
    if not isinstance(mode, str) or mode not in modes:
        raise InvalidValue(
            f"mode {shorten(mode)} is not one of {', '.join(modes)}",
            code=ErrorCode.INVALID_VALUE if isinstance(mode, str) else ErrorCode.WRONG_TYPE,
            value=shorten(mode),
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidValue(
            f"seed is a whole number, not {type(seed).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(seed),
        )
