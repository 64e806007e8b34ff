"""Arguments shared by the time commands: zones, `--now`, windows and rules, and how an error
names the flag the user gave (`--zone act: unknown time zone ...`)."""

from __future__ import annotations

import argparse
import contextlib
import shlex
from collections.abc import Iterator
from datetime import UTC, datetime

from outbound_core.errors import ErrorCode, InvalidValue, OutboundError, shorten
from outbound_core.timing.calling_hours import PRESETS
from outbound_core.timing.window import CallingWindow
from outbound_core.timing.zones import RecordZone, require_instant, resolve_zone

__all__ = ["add_now", "add_zone", "given", "now_from", "window_from", "zone_from"]


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


def _token(value: object) -> str:
    """A value as the user would type it on the command line (quoted where needed)."""
    if isinstance(value, str) and len(value) <= 60 and value.isprintable():
        return shlex.quote(value)
    return shorten(value)


@contextlib.contextmanager
def given(*flags: tuple[str, object]) -> Iterator[None]:
    """Name the flags the user gave, with their values, in any `OutboundError` raised inside
    (unless its message names one already): `--in 1x: '1x' is not a duration ...`."""
    try:
        yield
    except OutboundError as error:
        if any(flag in error.message for flag, _ in flags):
            raise
        named = " ".join(f"{flag} {_token(value)}" for flag, value in flags)
        raise type(error)(f"{named}: {error.message}", code=error.code, **error.details) from None


def zone_from(
    name: str | None, offset: int | None, legacy_us: bool, *, flag: str = "--zone"
) -> RecordZone:
    """The record's zone named on the command line (`--zone`, `--offset`).

    Raises:
        InvalidValue: naming `--zone` or `--offset`: neither given, or one unusable.
    """
    if name is None and offset is None:
        raise InvalidValue(
            "the record's zone is missing: give --zone NAME (a Genesys name such as ACT, or "
            "an IANA key such as America/New_York) or --offset SECONDS east of UTC",
            code=ErrorCode.UNKNOWN_ZONE,
        )
    if offset is not None:
        with given(("--offset", offset)):
            resolve_zone(None, offset)
    with given((flag, name)) if name is not None else contextlib.nullcontext():
        return resolve_zone(name, offset, legacy_us=legacy_us)


def now_from(text: str | None) -> datetime:
    """The `--now` instant, or the system clock's (only the command line reads it)."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            f"--now {_token(text)} is not ISO 8601 (e.g. 2026-06-15T14:30:00+01:00)",
            code=ErrorCode.INVALID_DATE_TIME,
            value=text,
        ) from None
    if value.tzinfo is None:
        raise InvalidValue(
            f"--now {_token(text)} has no UTC offset: add one, e.g. {value.isoformat()}+01:00 "
            f"or {value.isoformat()}Z",
            code=ErrorCode.NAIVE_DATE_TIME,
            value=text,
        )
    return require_instant(value, "--now")


def window_from(daily_from: int | None, daily_till: int | None) -> CallingWindow | None:
    """The calling window of `--from` and `--till` (either may be left out), or None."""
    if daily_from is None and daily_till is None:
        return None
    start = 0 if daily_from is None else daily_from
    till = 86399 if daily_till is None else daily_till
    flags = [(flag, value) for flag, value in (("--from", daily_from), ("--till", daily_till))]
    with given(*[(flag, value) for flag, value in flags if value is not None]):
        return CallingWindow(start, till)
