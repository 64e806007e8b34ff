"""Arguments shared by the time commands: zones, `--now`, windows and rules."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.timing.calling_hours import PRESETS
from outbound_core.timing.zones import RecordZone, require_instant, resolve_zone

__all__ = ["add_now", "add_zone", "now_from", "zone_from"]


def add_zone(parser: argparse.ArgumentParser, *, many: bool = False) -> None:
    """Add `--zone` (repeatable when `many`), `--offset` and `--legacy-us`."""
    parser.add_argument(
        "--zone",
        action="append" if many else "store",
        metavar="NAME",
        help="the record's zone: a Genesys name (ACT, EST, ...) or an IANA key"
        + ("; repeat for several candidate zones" if many else ""),
    )
    parser.add_argument(
        "--offset", type=int, metavar="SECONDS", help="GSW_TZ_OFFSET: seconds east of UTC"
    )
    parser.add_argument(
        "--legacy-us", action="store_true", help="EST, MST and HST follow US daylight saving"
    )


def add_now(parser: argparse.ArgumentParser) -> None:
    """Add `--now`, `--rules` and `--json`."""
    parser.add_argument(
        "--now", metavar="ISO-8601", help="the current instant with its offset (default: the clock)"
    )
    parser.add_argument(
        "--rules",
        nargs="+",
        default=[],
        choices=sorted(PRESETS),
        metavar="NAME",
        help=f"legal calling hours: {', '.join(PRESETS)}",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def zone_from(name: str | None, offset: int | None, legacy_us: bool) -> RecordZone:
    """The zone named on the command line."""
    return resolve_zone(name, offset, legacy_us=legacy_us)


def now_from(text: str | None) -> datetime:
    """The `--now` instant, or the system clock's (only the command line reads it)."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            f"--now {shorten(text)} is not ISO 8601 (e.g. 2026-06-15T14:30:00+01:00)",
            code=ErrorCode.INVALID_DATE_TIME,
            value=text,
        ) from None
    return require_instant(value, "--now")
