"""Reschedule dates: seed 002's `rescheduleRecord` arithmetic in the record's time zone.

A reschedule date is `MM/DD/YYYY HH:MM` (24-hour) **in the record's zone**: an agent in
London at 14:30 BST whose customer in New York (09:30 EDT) asks to be called back in one
hour sends `10:30`, not `15:30`. "In one hour" is elapsed time: it is added to the UTC
instant, never to a wall clock. "At 10:30" is a wall-clock time that may not exist (a
daylight-saving gap) or exist twice (a fold); the policy for each is explicit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import attrs

from outbound_core.errors import (
    AmbiguousLocalTime,
    ErrorCode,
    InvalidValue,
    NonexistentLocalTime,
    ScheduleError,
    shorten,
)
from outbound_core.timing.calling_hours import CallingHours
from outbound_core.timing.clock import format_date_time, parse_date_time
from outbound_core.timing.durations import MAX_DURATION
from outbound_core.timing.window import CallingWindow, check_callable
from outbound_core.timing.zones import RecordZone, out_of_range, require_instant

__all__ = [
    "FOLD_POLICIES",
    "GAP_POLICIES",
    "Reschedule",
    "callback_at",
    "callback_in",
    "check_reschedule",
    "format_reschedule_date",
    "parse_reschedule_date",
]

GapPolicy = Literal["shift-forward", "reject"]
FoldPolicy = Literal["earlier", "later", "reject"]
#: What to do with a wall-clock time skipped by a daylight-saving gap.
GAP_POLICIES: tuple[str, ...] = ("shift-forward", "reject")
#: What to do with a wall-clock time that a daylight-saving fold makes happen twice.
FOLD_POLICIES: tuple[str, ...] = ("earlier", "later", "reject")


def parse_reschedule_date(text: str) -> datetime:
    """Read a reschedule date, `MM/DD/YYYY HH:MM` (24-hour), into a naive wall-clock time.

    Raises:
        InvalidValue: `invalid-date-time` saying what is wrong (a month 13, February 30,
            24:00, a two-digit year, extra text), or `wrong-type`.
    """
    return parse_date_time(text)


def format_reschedule_date(dt: datetime) -> str:
    """Write a wall-clock time as a reschedule date, `MM/DD/YYYY HH:MM`; seconds are dropped.

    An aware `dt` is written in its own zone: convert it to the record's zone first
    (or use `Reschedule.text`).

    Raises:
        InvalidValue: `wrong-type` for anything but a datetime.
    """
    return format_date_time(dt)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is UTC else value.astimezone(UTC)


def _instant(value: object) -> datetime:
    return _utc(require_instant(value, "instant"))


@attrs.define(frozen=True, slots=True)
class Reschedule:
    """A callback instant and the reschedule date OCS reads for it (`GSW_DATE_TIME`).

    Attributes:
        instant: the callback instant, aware, in UTC.
        zone: the zone the reschedule date is written in (the record's).
        text: the `MM/DD/YYYY HH:MM` reschedule date in `zone`: the minute holding `instant`.
        ambiguous: whether `text` also names another instant (a daylight-saving fold), so
            OCS may read it back as the other one.
    """

    instant: datetime = attrs.field(converter=_instant)
    zone: RecordZone
    text: str = attrs.field(init=False)
    ambiguous: bool = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.zone, RecordZone):
            raise InvalidValue(
                f"zone is a RecordZone, not {type(self.zone).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(self.zone),
            )
        try:  # the instant is checked (`_instant`); its wall clock here may not exist
            local = self.instant.astimezone(self.zone.tzinfo)
        except OverflowError:
            local = self.zone.local(self.instant, "instant")  # raises date-out-of-range
        other = local.replace(fold=1 - local.fold)
        object.__setattr__(self, "text", format_date_time(local))
        object.__setattr__(self, "ambiguous", other.utcoffset() != local.utcoffset())

    @property
    def local(self) -> datetime:
        """The instant on the zone's wall clock (aware, in `zone`)."""
        return self.instant.astimezone(self.zone.tzinfo)

    def in_zone(self, other: RecordZone) -> Reschedule:
        """The same instant written in `other` (e.g. from the agent's zone to the record's)."""
        return Reschedule(self.instant, other)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: text, instant (ISO 8601, UTC), zone, ambiguous."""
        return {
            "text": self.text,
            "instant": self.instant.isoformat(),
            "zone": self.zone.to_dict(),
            "ambiguous": self.ambiguous,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reschedule:
        """The reschedule `to_dict` wrote; `text` and `ambiguous` are recomputed and checked.

        Raises:
            InvalidValue: when the data is not a reschedule or its text disagrees.
        """
        try:
            found = cls(datetime.fromisoformat(data["instant"]), RecordZone.from_dict(data["zone"]))
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a reschedule: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error
        if data.get("text", found.text) != found.text:
            raise InvalidValue(
                f"reschedule text {shorten(data['text'])} does not match its instant ({found.text})",
                code=ErrorCode.INVALID_VALUE,
                value=data["text"],
            )
        return found


def _check_delta(delta: object) -> timedelta:
    if not isinstance(delta, timedelta):
        raise InvalidValue(
            f"delta is a timedelta of elapsed time, not {type(delta).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(delta),
        )
    if delta > MAX_DURATION:
        raise InvalidValue(
            f"delta {delta} is beyond 100 years", code=ErrorCode.INVALID_DURATION, value=str(delta)
        )
    return delta


def _rule_list(rules: object) -> tuple[CallingHours | str, ...]:
    """The rules as a tuple; `check_callable` checks each one."""
    if isinstance(rules, CallingHours | str):
        return (rules,)
    if isinstance(rules, bytes | Mapping) or not isinstance(rules, Iterable):
        raise InvalidValue(
            f"rules are CallingHours or preset names, not {type(rules).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(rules),
        )
    return tuple(rules)


def check_reschedule(
    proposed: Reschedule,
    *,
    now: datetime | None = None,
    horizon: timedelta | datetime | None = None,
    window: CallingWindow | None = None,
    rules: Iterable[CallingHours | str] = (),
) -> Reschedule:
    """`proposed` if it passes the guards the caller asks for; otherwise the first failing one.

    Args:
        proposed: the callback to check.
        now: the current instant; with it the callback must not be before the start of
            the current minute (`callback-in-past`).
        horizon: the latest allowed callback: an aware instant, or elapsed time after
            `now` (`callback-beyond-horizon`).
        window: the record's calling window; with it (or with `rules`) the callback must
            be allowed by `check_callable` in the record's zone (`callback-outside-window`).
        rules: legal calling hours to apply too.

    Raises:
        ScheduleError: `callback-in-past`, `callback-beyond-horizon` or
            `callback-outside-window`; `InvalidValue` for unusable guards.
    """
    if not isinstance(proposed, Reschedule):
        raise InvalidValue(
            f"the proposed callback is a Reschedule, not {type(proposed).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(proposed),
        )
    instant = proposed.instant
    if now is not None:
        start = _utc(require_instant(now)).replace(second=0, microsecond=0)
        if instant < start:
            raise ScheduleError(
                f"{proposed.text} in {proposed.zone.label} ({instant.isoformat()}) is before "
                f"now ({start.isoformat()})",
                code=ErrorCode.CALLBACK_IN_PAST,
                text=proposed.text,
                instant=instant.isoformat(),
                now=start.isoformat(),
            )
    if horizon is not None:
        if isinstance(horizon, timedelta):
            if now is None:
                raise InvalidValue(
                    "a horizon given as elapsed time needs now",
                    code=ErrorCode.INVALID_VALUE,
                    value=str(horizon),
                )
            if horizon < timedelta(0):
                raise InvalidValue(
                    f"horizon {horizon} is negative",
                    code=ErrorCode.INVALID_VALUE,
                    value=str(horizon),
                )
            try:
                latest: datetime | None = _utc(now) + horizon
            except OverflowError:
                latest = None  # past the end of the calendar: no callback is beyond it
        else:
            latest = _utc(require_instant(horizon, "horizon"))
            if now is not None and latest < _utc(now):
                raise InvalidValue(
                    f"horizon {latest.isoformat()} is before now",
                    code=ErrorCode.INVALID_VALUE,
                    value=latest.isoformat(),
                )
        if latest is not None and instant > latest:
            raise ScheduleError(
                f"{proposed.text} in {proposed.zone.label} is after the horizon "
                f"{latest.isoformat()}",
                code=ErrorCode.CALLBACK_BEYOND_HORIZON,
                text=proposed.text,
                instant=instant.isoformat(),
                horizon=latest.isoformat(),
            )
    rules = _rule_list(rules)
    if window is not None or rules:
        decision = check_callable(proposed, proposed.zone, window, rules=rules)
        if not decision.allowed:
            opens = decision.next_open
            then = "never within a year" if opens is None else Reschedule(opens, proposed.zone).text
            raise ScheduleError(
                f"{proposed.text} in {proposed.zone.label} is not callable: "
                + "; ".join(r.sentence for r in decision.reasons)
                + f"; next allowed: {then}",
                code=ErrorCode.CALLBACK_OUTSIDE_WINDOW,
                text=proposed.text,
                reasons=[r.to_dict() for r in decision.reasons],
                next_open=None if opens is None else opens.isoformat(),
            )
    return proposed


def callback_in(
    now: datetime,
    delta: timedelta,
    zone: RecordZone,
    *,
    horizon: timedelta | datetime | None = None,
    window: CallingWindow | None = None,
    rules: Iterable[CallingHours | str] = (),
) -> Reschedule:
    """The callback `delta` of elapsed time after `now`, written in the record's zone.

    The addition is done on the UTC instant, so "in one hour" is 3600 seconds even
    across a daylight-saving change: `callback_in(now, d, z).instant - now == d`.

    Args:
        now: the current instant (aware; any zone, e.g. the agent's).
        delta: elapsed time until the callback, not negative.
        zone: the record's zone.
        horizon: optional latest callback (see `check_reschedule`).
        window: optional calling window the callback must fall in.
        rules: optional legal calling hours the callback must respect.

    Raises:
        ScheduleError: `callback-in-past` for a negative delta, and the guards' codes.
        InvalidValue: `naive-date-time`, `wrong-type`, `invalid-duration`.
    """
    start = _utc(require_instant(now))
    if _check_delta(delta) < timedelta(0):
        raise ScheduleError(
            f"a callback {delta} from now would be in the past",
            code=ErrorCode.CALLBACK_IN_PAST,
            delta=str(delta),
        )
    try:
        instant = start + delta
    except OverflowError:
        raise out_of_range(f"{start.isoformat()} + {delta} is beyond year 9999", delta) from None
    proposed = Reschedule(instant, zone)
    if horizon is None and window is None and not rules:
        return proposed
    return check_reschedule(proposed, now=start, horizon=horizon, window=window, rules=rules)


def _resolve_local(text: str, zone: RecordZone, gap: object, fold: object) -> datetime:
    if gap not in GAP_POLICIES:
        raise InvalidValue(
            f"gap policy {shorten(gap)} is not one of {', '.join(GAP_POLICIES)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(gap),
        )
    if fold not in FOLD_POLICIES:
        raise InvalidValue(
            f"fold policy {shorten(fold)} is not one of {', '.join(FOLD_POLICIES)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(fold),
        )
    wall = parse_reschedule_date(text)
    try:
        return _instant_of(wall, text, zone, gap, fold)
    except OverflowError:
        raise out_of_range(
            f"{text} in {zone.label} is outside the years 1 to 9999 in UTC", text
        ) from None


def _instant_of(wall: datetime, text: str, zone: RecordZone, gap: object, fold: object) -> datetime:
    tz = zone.tzinfo
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    early, late = first.astimezone(UTC), second.astimezone(UTC)
    if early.astimezone(tz).replace(tzinfo=None) == wall:  # exists twice: a fold
        if fold == "reject":
            raise AmbiguousLocalTime(
                f"{text} happens twice in {zone.label}: at {early.isoformat()} "
                f"(UTC{first.strftime('%z')}) and at {late.isoformat()} (UTC{second.strftime('%z')}); "
                "choose fold='earlier' or fold='later'",
                zone=zone.name,
                text=text,
                earlier=early.isoformat(),
                later=late.isoformat(),
            )
        return early if fold == "earlier" else late
    # A gap: fold=0 reads it with the offset before the gap, which lands after the gap.
    before, after = late, early
    while (after - before) > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if middle.astimezone(tz).utcoffset() == second.utcoffset():
            after = middle
        else:
            before = middle
    if gap == "reject":
        last = format_date_time((after - timedelta(minutes=1)).astimezone(tz))
        first_valid = format_date_time(after.astimezone(tz))
        shifted = format_date_time(early.astimezone(tz))
        raise NonexistentLocalTime(
            f"{text} does not exist in {zone.label} (daylight-saving gap); the clock goes "
            f"from {last} to {first_valid}; shifted forward by the gap it is {shifted}",
            zone=zone.name,
            text=text,
            last_before=last,
            first_after=first_valid,
            shifted=shifted,
        )
    return early


def callback_at(
    text: str,
    zone: RecordZone,
    *,
    gap: GapPolicy = "shift-forward",
    fold: FoldPolicy = "earlier",
    now: datetime | None = None,
    horizon: timedelta | datetime | None = None,
    window: CallingWindow | None = None,
    rules: Iterable[CallingHours | str] = (),
) -> Reschedule:
    """The callback at wall-clock `text` (`MM/DD/YYYY HH:MM`) in `zone`.

    `zone` is the record's, or the agent's: then convert with `Reschedule.in_zone`.

    Args:
        text: the wall-clock date and time.
        zone: the zone `text` is in.
        gap: for a time a daylight-saving gap skips: `shift-forward` moves it later by
            the gap (02:30 → 03:30, as RFC 5545 and java.time), `reject` raises.
        fold: for a time that happens twice: `earlier` or `later` occurrence, or `reject`.
        now: the current instant, to refuse a callback in the past.
        horizon: optional latest callback (see `check_reschedule`).
        window: optional calling window the callback must fall in.
        rules: optional legal calling hours the callback must respect.

    Raises:
        NonexistentLocalTime: with `gap="reject"`; names the zone, the text, the last
            minute before the gap, the first after it and the shifted time.
        AmbiguousLocalTime: with `fold="reject"`; names both instants.
        ScheduleError: the guards' codes.
        InvalidValue: `invalid-date-time`, `wrong-type`, unknown policies.
    """
    if not isinstance(zone, RecordZone):
        raise InvalidValue(
            f"zone is a RecordZone (see resolve_zone), not {type(zone).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(zone),
        )
    proposed = Reschedule(_resolve_local(text, zone, gap, fold), zone)
    if now is None and horizon is None and window is None and not rules:
        return proposed
    return check_reschedule(proposed, now=now, horizon=horizon, window=window, rules=rules)
