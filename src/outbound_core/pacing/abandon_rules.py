"""What counts as an abandoned call, and over what: the rules of an abandon-rate limit.

A live-answered call is **abandoned** when it is not connected to an agent within
`threshold` (default 2 s) of its `start_point`: the moment it connected to the system (the live
answer), or the start or the end of the called person's greeting. A customer who hangs up
before that deadline, never connected, gave up first: the call is not abandoned (Cisco's
"customer abandoned"). The **rate** is abandoned calls over a `denominator` (every dial, the
live-answered calls, or the calls that reached the queue: live answers and any call connected
to an agent), counted per campaign over each `window` (the whole campaign, or successive
24-hour or 30-day periods from the campaign's first dial); a campaign is over its limit when
any period's rate exceeds `limit_percent`.

Two presets (`PRESETS`):

- `tsr`, the US Telemarketing Sales Rule's safe harbor (16 CFR 310.4(b)(4)): at most 3 % of
  the calls answered by a person, per campaign, measured over each successive 30-day period
  (or the campaign, when shorter); a call is abandoned when no sales representative takes it
  within 2 seconds of the person's completed greeting, and then a recorded message must play.
- `ofcom`, the UK Ofcom persistent-misuse policy: at most 3 % of live calls per campaign over
  a 24-hour period, 2 seconds from the end of the greeting, an information message on every
  abandoned call, and an abandoned number not called again for 72 hours
  (`abandoned_recall_delay`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, close_matches, shorten

__all__ = [
    "OFCOM",
    "PRESETS",
    "TSR",
    "AbandonRules",
    "AbandonWindow",
    "Denominator",
    "StartPoint",
    "abandon_rules",
]


class StartPoint(StrEnum):
    """The moment the threshold is counted from (Amazon Connect's `connectionStartPoint`)."""

    CONNECTED = "connected"
    GREETING_START = "greeting-start"
    GREETING_END = "greeting-end"


class Denominator(StrEnum):
    """What the abandoned calls are divided by (Genesys Cloud's "Calls Subject to Compliance
    Abandon Rate": all calls, or calls that reached the queue)."""

    ALL_DIALS = "all-dials"
    LIVE_ANSWERED = "live-answered"
    REACHED_QUEUE = "reached-queue"


class AbandonWindow(StrEnum):
    """The periods a rate is measured over, from the campaign's first dial."""

    CAMPAIGN = "campaign"
    HOURS_24 = "24-hours"
    DAYS_30 = "30-days"

    @property
    def length(self) -> timedelta | None:
        """The length of one period, or None for the whole campaign."""
        return _LENGTHS[self]


_LENGTHS: Final = {
    AbandonWindow.CAMPAIGN: None,
    AbandonWindow.HOURS_24: timedelta(hours=24),
    AbandonWindow.DAYS_30: timedelta(days=30),
}


def _enum(value: object, enum: type[StrEnum], what: str) -> Any:
    if isinstance(value, enum):
        return value
    if type(value) is str:
        try:
            return enum(value)
        except ValueError:
            pass
    names = [m.value for m in enum]
    raise InvalidValue(
        f"{what} {shorten(value)} is not one of {', '.join(names)}",
        code=ErrorCode.INVALID_VALUE if type(value) is str else ErrorCode.WRONG_TYPE,
        field=what,
        value=shorten(value),
        suggestions=list(close_matches(value, names)) if type(value) is str else [],
    )


def _start_point(value: object) -> StartPoint:
    found: StartPoint = _enum(value, StartPoint, "start_point")
    return found


def _denominator(value: object) -> Denominator:
    found: Denominator = _enum(value, Denominator, "denominator")
    return found


def _window(value: object) -> AbandonWindow:
    found: AbandonWindow = _enum(value, AbandonWindow, "window")
    return found


def _span(value: object, what: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise InvalidValue(
            f"{what} is a timedelta, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field=what,
            value=shorten(value),
        )
    if value < timedelta(0) or value > timedelta(days=3660):
        raise InvalidValue(
            f"{what} {value} is outside 0 to 3660 days", field=what, value=str(value)
        )
    return value


def _threshold(value: object) -> timedelta:
    return _span(value, "threshold")


def _recall_delay(value: object) -> timedelta | None:
    return None if value is None else _span(value, "abandoned_recall_delay")


def _percent(value: object) -> float:
    if type(value) not in (int, float):
        raise InvalidValue(
            f"limit_percent is a number, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field="limit_percent",
            value=shorten(value),
        )
    number = float(value)  # type: ignore[arg-type]
    if not 0.0 <= number <= 100.0:
        raise InvalidValue(
            f"limit_percent {shorten(value)} is outside 0 to 100",
            field="limit_percent",
            value=shorten(value),
        )
    return number


def _label(value: object) -> str:
    if type(value) is not str or not value.strip():
        raise InvalidValue(
            f"name is a non-empty string, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE if type(value) is not str else ErrorCode.INVALID_VALUE,
            field="name",
            value=shorten(value),
        )
    return value


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise InvalidValue(
            f"message_required is true or false, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE,
            field="message_required",
            value=shorten(value),
        )
    return value


@attrs.define(frozen=True, slots=True)
class AbandonRules:
    """The rules one abandon-rate limit is judged by (see the module docs)."""

    name: str = attrs.field(converter=_label)
    threshold: timedelta = attrs.field(default=timedelta(seconds=2), converter=_threshold)
    start_point: StartPoint = attrs.field(default=StartPoint.GREETING_END, converter=_start_point)
    denominator: Denominator = attrs.field(
        default=Denominator.LIVE_ANSWERED, converter=_denominator
    )
    window: AbandonWindow = attrs.field(default=AbandonWindow.CAMPAIGN, converter=_window)
    limit_percent: float = attrs.field(default=3.0, converter=_percent)
    abandoned_recall_delay: timedelta | None = attrs.field(default=None, converter=_recall_delay)
    message_required: bool = attrs.field(default=True, converter=_flag)

    def no_recall_until(self, abandoned_at: datetime) -> datetime | None:
        """The earliest instant a number abandoned at `abandoned_at` may be dialled again,
        or None when these rules set no delay."""
        if self.abandoned_recall_delay is None:
            return None
        try:
            return abandoned_at + self.abandoned_recall_delay
        except OverflowError:
            return datetime.max.replace(tzinfo=abandoned_at.tzinfo)

    def to_dict(self) -> dict[str, Any]:
        """The rules as plain JSON data (durations in seconds)."""
        delay = self.abandoned_recall_delay
        return {
            "name": self.name,
            "threshold_seconds": self.threshold.total_seconds(),
            "start_point": self.start_point.value,
            "denominator": self.denominator.value,
            "window": self.window.value,
            "limit_percent": self.limit_percent,
            "abandoned_recall_delay_seconds": None if delay is None else delay.total_seconds(),
            "message_required": self.message_required,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AbandonRules:
        """Read rules from `to_dict`'s form.

        Raises:
            InvalidValue: a missing key or a value of the wrong type or range.
        """
        if not isinstance(data, Mapping):
            raise InvalidValue(
                f"abandon rules are an object, not {type(data).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(data),
            )
        try:
            threshold, delay = data["threshold_seconds"], data["abandoned_recall_delay_seconds"]
            values = {k: data[k] for k in ("name", "start_point", "denominator", "window")}
            limit, message = data["limit_percent"], data["message_required"]
        except KeyError as missing:
            raise InvalidValue(
                f"abandon rules need {missing.args[0]}", field=str(missing.args[0])
            ) from None
        return cls(
            **values,
            threshold=_seconds(threshold, "threshold_seconds"),
            abandoned_recall_delay=None
            if delay is None
            else _seconds(delay, "abandoned_recall_delay_seconds"),
            limit_percent=limit,
            message_required=message,
        )


def _seconds(value: object, what: str) -> timedelta:
    if type(value) not in (int, float) or not 0 <= value <= 3660 * 86400:  # type: ignore[operator]
        raise InvalidValue(
            f"{what} is a number of seconds from 0 to 3660 days, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE
            if type(value) not in (int, float)
            else ErrorCode.INVALID_VALUE,
            field=what,
            value=shorten(value),
        )
    return timedelta(seconds=value)  # type: ignore[arg-type]


#: The US Telemarketing Sales Rule's call-abandonment safe harbor, 16 CFR 310.4(b)(4).
TSR: Final = AbandonRules(
    "tsr",
    threshold=timedelta(seconds=2),
    start_point=StartPoint.GREETING_END,
    denominator=Denominator.LIVE_ANSWERED,
    window=AbandonWindow.DAYS_30,
    limit_percent=3.0,
    abandoned_recall_delay=None,
)

#: The UK Ofcom policy on silent and abandoned calls (statement of 20 December 2016).
OFCOM: Final = AbandonRules(
    "ofcom",
    threshold=timedelta(seconds=2),
    start_point=StartPoint.GREETING_END,
    denominator=Denominator.LIVE_ANSWERED,
    window=AbandonWindow.HOURS_24,
    limit_percent=3.0,
    abandoned_recall_delay=timedelta(hours=72),
)

#: The presets by name.
PRESETS: Mapping[str, AbandonRules] = MappingProxyType({"tsr": TSR, "ofcom": OFCOM})


def abandon_rules(name: str) -> AbandonRules:
    """The preset named `name` (`tsr` or `ofcom`, any case).

    Raises:
        InvalidValue: `unknown-abandon-rules` for another name, `wrong-type` for a non-string.
    """
    if type(name) is not str:
        raise InvalidValue(
            f"abandon rules are named by a string, not {type(name).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(name),
        )
    found = PRESETS.get(name.strip().casefold())
    if found is None:
        raise InvalidValue(
            f"{shorten(name)} is not an abandon-rate preset ({', '.join(PRESETS)})",
            code=ErrorCode.UNKNOWN_ABANDON_RULES,
            value=shorten(name),
            suggestions=list(close_matches(name, PRESETS)),
        )
    return found
