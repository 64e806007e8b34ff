"""Calling windows and the "may I call now?" check.

A record's calling window (`daily_from`/`daily_till`, seed 002's `GSW_FROM`/`GSW_UNTIL`)
is wall-clock seconds after local midnight in the record's zone, `daily_till` inclusive:
0/86399 is all day. A window whose start is after its end crosses midnight; the part
after midnight belongs to the next calendar day (so Sunday rules judge it as Sunday).

`check_callable` judges an instant against the window and the legal calling hours
(`calling_hours.CallingHours`) in every candidate zone of the contact: a call is allowed
only when every zone allows it. Wall-clock times are labels: on a daylight-saving day a
window edge inside the gap never happens and one inside the fold happens twice.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar

import attrs

import outbound_core.timing.timeline as timeline
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.timing.calling_hours import (
    WEEKDAYS,
    CallingHours,
    calling_hours_preset,
    check_seconds,
)
from outbound_core.timing.zones import RecordZone, out_of_range, require_instant, resolve_zone

__all__ = [
    "NEXT_OPEN_HORIZON",
    "CallingWindow",
    "Decision",
    "Reason",
    "ReasonCode",
    "check_callable",
]

#: How far after the checked instant `Decision.next_open` is searched (366 days).
NEXT_OPEN_HORIZON = timedelta(seconds=timeline.HORIZON)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_PLANS: dict[tuple[object, object, object], _Plan] = {}
_MAX_PLANS = 4096
_INFINITY = float("inf")
_bisect_right = bisect_right


class ReasonCode(StrEnum):
    """Why a call is not allowed (the `code` of a `Reason`)."""

    OUTSIDE_WINDOW = "outside-window"
    OUTSIDE_CALLING_HOURS = "outside-calling-hours"
    NO_CALLS_ON_DAY = "no-calls-on-day"
    EXCLUDED_DATE = "excluded-date"
    PUBLIC_HOLIDAY = "public-holiday"


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


@attrs.define(frozen=True, slots=True, cache_hash=True)
class CallingWindow:
    """A record's daily calling window (`daily_from`, `daily_till`; `GSW_FROM`, `GSW_UNTIL`).

    Attributes:
        daily_from: the first allowed second after local midnight, 0 to 86399.
        daily_till: the last allowed second (inclusive), 0 to 86399. When it is before
            `daily_from` the window crosses midnight.
    """

    daily_from: int = 0
    daily_till: int = 86399

    def __attrs_post_init__(self) -> None:
        check_seconds(self.daily_from, "daily_from")
        check_seconds(self.daily_till, "daily_till")
        if self.daily_from == self.daily_till:
            raise InvalidValue(
                f"daily_from and daily_till are both {self.daily_from}: a one-second window "
                "is almost certainly a mistake; 0/86399 is all day",
                code=ErrorCode.INVALID_WINDOW,
                value=(self.daily_from, self.daily_till),
            )

    @property
    def crosses_midnight(self) -> bool:
        """Whether the window runs from one evening into the next morning."""
        return self.daily_from > self.daily_till

    @property
    def all_day(self) -> bool:
        """Whether every second of the day is in the window (0/86399)."""
        return self.daily_from == 0 and self.daily_till == 86399

    def contains(self, seconds: int) -> bool:
        """Whether the wall-clock second `seconds` after local midnight is in the window."""
        if self.crosses_midnight:
            return seconds >= self.daily_from or seconds <= self.daily_till
        return self.daily_from <= seconds <= self.daily_till

    def __str__(self) -> str:
        return f"{_clock(self.daily_from)}–{_clock(self.daily_till)}"

    def to_dict(self) -> dict[str, int]:
        """Plain data: `daily_from` and `daily_till`."""
        return {"daily_from": self.daily_from, "daily_till": self.daily_till}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallingWindow:
        """The window `to_dict` wrote.

        Raises:
            InvalidValue: `invalid-window`.
        """
        if not isinstance(data, Mapping) or set(data) != {"daily_from", "daily_till"}:
            raise InvalidValue(
                f"not a calling window: {shorten(data)}",
                code=ErrorCode.INVALID_WINDOW,
                value=shorten(data),
            )
        return cls(data["daily_from"], data["daily_till"])


def _reason_code(value: object) -> ReasonCode:
    if type(value) is ReasonCode:
        return value
    if isinstance(value, str) and value in ReasonCode._value2member_map_:
        return ReasonCode(value)
    raise InvalidValue(
        f"{shorten(value)} is not a reason code ({', '.join(ReasonCode)})",
        code=ErrorCode.INVALID_VALUE if isinstance(value, str) else ErrorCode.WRONG_TYPE,
        value=shorten(value),
    )


@attrs.define(frozen=True, slots=True, cache_hash=True)
class Reason:
    """One reason a call is not allowed: a stable code and a sentence for people."""

    code: ReasonCode = attrs.field(converter=_reason_code)
    sentence: str

    def __attrs_post_init__(self) -> None:
        if type(self.sentence) is not str:
            raise InvalidValue(
                f"a reason's sentence is text, not {type(self.sentence).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(self.sentence),
            )

    def to_dict(self) -> dict[str, str]:
        """Plain data: code and sentence."""
        return {"code": str(self.code), "sentence": self.sentence}


@attrs.define(frozen=True, slots=True)
class Decision:
    """The answer of `check_callable`.

    Attributes:
        allowed: whether a call is allowed at the checked instant.
        reasons: why not (empty when allowed), each zone's and rule's own reason.
        next_open: the checked instant itself when allowed; otherwise the first whole
            minute (UTC, second 0) after it at which a call is allowed, or None when
            there is none within `NEXT_OPEN_HORIZON`.
    """

    allowed: bool
    reasons: tuple[Reason, ...] = ()
    next_open: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON; `next_open` as ISO 8601 in UTC."""
        return {
            "allowed": self.allowed,
            "reasons": [r.to_dict() for r in self.reasons],
            "next_open": None if self.next_open is None else self.next_open.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """The decision `to_dict` wrote.

        Raises:
            InvalidValue: when the data is not a decision.
        """
        try:
            opens = data["next_open"]
            return cls(
                bool(data["allowed"]),
                tuple(Reason(r["code"], r["sentence"]) for r in data["reasons"]),
                None if opens is None else datetime.fromisoformat(opens),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidValue(
                f"not a decision: {shorten(data)}", code=ErrorCode.INVALID_VALUE
            ) from error


class Scheduled(Protocol):
    """Anything with an instant and a record zone, such as a proposed `Reschedule`."""

    @property
    def instant(self) -> datetime: ...

    @property
    def zone(self) -> RecordZone: ...


def _window_pieces(window: CallingWindow, zone: RecordZone) -> timeline.Pieces:
    closed = Reason(
        ReasonCode.OUTSIDE_WINDOW,
        f"outside the record's calling window {window} in {zone.label}",
    )
    start, end = window.daily_from, window.daily_till + 1
    if window.crosses_midnight:
        day = [(0, end, None), (end, start, closed), (start, 86400, None)]
    else:
        day = [(0, start, closed), (start, end, None), (end, 86400, closed)]
    pieces = [(a, b, label) for a, b, label in day if a < b]
    return lambda _day: pieces


def _rule_pieces(rule: CallingHours, zone: RecordZone) -> timeline.Pieces:
    def pieces(day: int) -> list[tuple[int, int, Reason | None]]:
        today = date.fromordinal(_EPOCH_ORDINAL + day)
        closed = rule.closed_day(today)
        if closed is not None:
            code, why = closed
            return [(0, 86400, Reason(code, f"{rule.name}: {why} in {zone.label}"))]
        start, till = rule.days[today.weekday()]  # type: ignore[misc]
        outside = Reason(
            ReasonCode.OUTSIDE_CALLING_HOURS,
            f"outside {rule.name} calling hours on {WEEKDAYS[today.weekday()].title()}s "
            f"({_clock(start)}–{_clock(till)}) in {zone.label}",
        )
        day_pieces = [(0, start, outside), (start, till + 1, None), (till + 1, 86400, outside)]
        return [(a, b, label) for a, b, label in day_pieces if a < b]

    return pieces


class _Plan:
    """The constraints of one (zones, window, rules) combination and their timeline."""

    __slots__ = ("constraints", "timeline")

    def __init__(
        self,
        zones: tuple[RecordZone, ...],
        window: CallingWindow | None,
        rules: tuple[CallingHours, ...],
    ) -> None:
        self.constraints = []
        for zone in zones:
            if window is not None and not window.all_day:
                self.constraints.append((zone.tzinfo, _window_pieces(window, zone)))
            self.constraints.extend((zone.tzinfo, _rule_pieces(rule, zone)) for rule in rules)
        self.timeline = timeline.Timeline(self.constraints, 0, 0)
        if not self.constraints:  # every instant is allowed
            self.timeline.lo, self.timeline.hi = -_INFINITY, _INFINITY

    def timeline_at(self, t: float) -> timeline.Timeline:
        """The timeline covering instant `t`, built afresh around `t` when needed."""
        whole = int(t // 1)
        if not timeline.FIRST <= whole < timeline.LAST:
            edge = "before 0001-01-03" if whole < timeline.FIRST else "from 9999-12-29 on"
            raise out_of_range(
                f"the instant is {edge} (UTC), too close to the limits of datetime (years 1 "
                "to 9999) to check: a local day there may not exist",
                whole,
            )
        lo = max(whole - timeline.DAY, timeline.FIRST)
        hi = min(whole + 8 * timeline.DAY, timeline.LAST)
        line = timeline.Timeline(self.constraints, lo, hi)
        self.timeline = line
        return line

    def closed(self, line: timeline.Timeline, i: int, t: float) -> Decision:
        """The decision for closed segment `i` of `line`, checked at `t` (shared, immutable)."""
        opens = line.first_open[i]
        never = opens is None or opens - t > timeline.HORIZON
        decision = line.decisions.get((i, never))
        if decision is None:
            when = None if never else timeline.epoch_seconds_to_utc(opens)  # type: ignore[arg-type]
            decision = Decision(False, line.labels[i], when)  # type: ignore[arg-type]
            line.decisions[(i, never)] = decision
            if opens is not None and opens - line.starts[i] <= timeline.HORIZON:
                line.settled[i] = decision  # the same answer for every instant of the segment
        return decision  # type: ignore[return-value]

    def decide(self, now: datetime) -> Decision:
        """The decision at the aware instant `now`."""
        t = now.timestamp()
        line = self.timeline
        if not line.lo <= t < line.hi:
            line = self.timeline_at(t)
        i = _bisect_right(line.starts, t) - 1
        if line.closed[i]:
            return self.closed(line, i, t)
        return Decision(True, (), now if now.tzinfo is UTC else now.astimezone(UTC))


_T = TypeVar("_T")


def _distinct(
    given: object, kind: type[_T], by_name: Callable[[str], _T], what: str, plural: str
) -> tuple[_T, ...]:
    """One or several values of `kind`, each given as itself or by name, without repeats."""
    if isinstance(given, kind | str):
        given = (given,)
    if not isinstance(given, Iterable) or isinstance(given, bytes):
        raise InvalidValue(
            f"{plural} are a {kind.__name__}, a name, or a sequence of them, "
            f"not {type(given).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(given),
        )
    found: list[_T] = []
    for item in given:
        value = by_name(item) if isinstance(item, str) else item
        if not isinstance(value, kind):
            raise InvalidValue(
                f"a {what} is a {kind.__name__} or a name, not {type(value).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(value),
            )
        if value not in found:
            found.append(value)
    return tuple(found)


def _zones(zone: object, when: object) -> tuple[RecordZone, ...]:
    if zone is None:
        zone = getattr(when, "zone", None)
        if zone is None:
            raise InvalidValue(
                "check_callable needs a zone (or a Reschedule, which has one)",
                code=ErrorCode.UNKNOWN_ZONE,
            )
    found = _distinct(zone, RecordZone, resolve_zone, "candidate zone", "zones")
    if not found:
        raise InvalidValue("no candidate zone given", code=ErrorCode.UNKNOWN_ZONE, value=[])
    return found


def _rules(rules: object) -> tuple[CallingHours, ...]:
    return _distinct(rules, CallingHours, calling_hours_preset, "rule", "rules")


def _plan(zone: object, window: object, rules: object, when: object) -> _Plan:
    if window is not None and not isinstance(window, CallingWindow):
        raise InvalidValue(
            f"window is a CallingWindow or None, not {type(window).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(window),
        )
    zones, checked_rules = _zones(zone, when), _rules(rules)
    key = (zones, window, checked_rules)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _Plan(zones, window, checked_rules)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[key] = plan
    if zone is not None:
        # An unhashable spelling (a list of zones) stays cached by its normal form only.
        with contextlib.suppress(TypeError):
            _PLANS[(zone, window, rules)] = plan
    return plan


def check_callable(
    now: datetime | Scheduled,
    zone: RecordZone | str | Sequence[RecordZone | str] | None,
    window: CallingWindow | None,
    *,
    rules: Iterable[CallingHours | str] = (),
) -> Decision:
    """Whether a call is allowed at `now` in the record's zone(s), and if not, why and when.

    Each candidate zone is judged on its own wall clock (the record's, never the agent's
    or the server's): the window and every rule must allow the local time there. With
    several candidate zones the call is allowed only when every zone allows it.
    Seconds count: `daily_till` is the last allowed second. `next_open` is the first
    whole UTC minute at or after `now` that is allowed (minutes, because a reschedule
    date is `MM/DD/YYYY HH:MM`), searched up to `NEXT_OPEN_HORIZON` ahead.

    Args:
        now: the instant to check (an aware datetime), or a proposed `Reschedule`.
        zone: the record's zone, a zone name, or a sequence of candidate zones; None to
            use the `Reschedule`'s own zone.
        window: the record's calling window, or None for no window.
        rules: legal calling hours (`CallingHours` or preset names such as `us-federal`).

    Returns:
        The decision, with its reasons and the next open instant.

    Raises:
        InvalidValue: `naive-date-time`, `wrong-type`, `unknown-zone`,
            `unknown-calling-hours` or `invalid-window` for unusable input.
    """
    if type(now) is datetime and 1 < now.year < 9999:
        tz = now.tzinfo
        if tz is UTC or (tz is not None and now.utcoffset() is not None):
            # The hot path: one dictionary lookup and one bisection.
            try:
                plan = _PLANS[(zone, window, rules)]
            except (KeyError, TypeError):
                plan = _plan(zone, window, rules, now)
            t = now.timestamp()
            line = plan.timeline
            if not line.lo <= t < line.hi:
                line = plan.timeline_at(t)
            i = _bisect_right(line.starts, t) - 1
            if line.closed[i]:
                return line.settled[i] or plan.closed(line, i, t)  # type: ignore[return-value]
            return Decision(True, (), now if tz is UTC else now.astimezone(UTC))
    instant = getattr(now, "instant", now) if not isinstance(now, datetime) else now
    instant = require_instant(instant, "now")
    return _plan(zone, window, rules, now).decide(instant)
