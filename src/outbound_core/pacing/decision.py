"""A pacing decision: how many calls to place now, and the figures it was made from.

Both controllers (`progressive`, `predictive`) answer "how many dials now?" with an int
(`dials_now`, the fast path a dial loop calls) or with a `PacingDecision` that also says why
(`decide`). Neither ever lets the calls in progress (dials ringing plus live answers waiting)
exceed `max_lines_per_agent` times the campaign's working agents (Ready, Busy or in wrap-up),
as Cisco UCCX's `maxLinesPerAgent` and Genesys Cloud's Max Calls Per Agent cap them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.pacing.statistics import PacingStatistics
from outbound_core.timing.zones import require_instant

__all__ = ["PacingDecision", "PacingReason", "lines_left", "posix_seconds"]


class PacingReason(StrEnum):
    """Why a decision dials what it dials."""

    PACED = "paced"  # the controller's formula
    WARMING_UP = (
        "warming-up"  # Predictive before `history_length` completed dials: 1 per Ready agent
    )
    NO_FREE_AGENT = "no-free-agent"  # nobody Ready or expected free
    LINES_CAP = "lines-cap"  # cut to the maximum lines per agent


@attrs.define(frozen=True, slots=True)
class PacingDecision:
    """A controller's answer and its inputs, for traces and for people."""

    dials: int
    reason: PacingReason
    mode: str
    ready: int
    expected_free: float
    hit_rate: float
    ratio: float
    correction: float
    ringing: int
    waiting: int
    lines_left: int

    def to_dict(self) -> dict[str, Any]:
        """The decision as plain JSON data."""
        return {
            "dials": self.dials,
            "reason": self.reason.value,
            "mode": self.mode,
            "ready": self.ready,
            "expected_free": self.expected_free,
            "hit_rate": self.hit_rate,
            "ratio": self.ratio,
            "correction": self.correction,
            "ringing": self.ringing,
            "waiting": self.waiting,
            "lines_left": self.lines_left,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PacingDecision:
        """Rebuild a decision from `to_dict`'s form.

        Raises:
            InvalidValue: a missing key or a value of the wrong type.
        """
        try:
            values = {f.name: data[f.name] for f in attrs.fields(cls)}
            values["reason"] = PacingReason(values["reason"])
            for name in ("dials", "ready", "ringing", "waiting", "lines_left"):
                if type(values[name]) is not int:
                    raise TypeError(f"{name} is not a whole number")
            for name in ("expected_free", "hit_rate", "ratio", "correction"):
                values[name] = float(values[name])
            if type(values["mode"]) is not str:
                raise TypeError("mode is not a string")
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidValue(
                f"not a pacing decision: {shorten(str(error), 80)}", value=shorten(data)
            ) from None
        return cls(**values)


def posix_seconds(now: datetime) -> float:
    """`now` (an aware datetime) as POSIX seconds.

    Raises:
        InvalidValue: `now` is not an aware datetime.
    """
    if type(now) is not datetime or now.tzinfo is None:
        require_instant(now)
    return now.timestamp()


def lines_left(statistics: PacingStatistics, max_lines_per_agent: float) -> int:
    """How many more calls the line cap allows: `max_lines_per_agent` times the working agents
    (Ready, Busy, in wrap-up), less the calls in progress; never below 0."""
    if not isinstance(statistics, PacingStatistics):
        raise InvalidValue(
            f"statistics are PacingStatistics, not {type(statistics).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(statistics),
        )
    working = statistics.ready + len(statistics.busy_since) + len(statistics.wrap_since)
    # A hair of tolerance so 0.7 * 10 lines is 7, not 6.999...
    cap = math.floor(max_lines_per_agent * working + 1e-9)
    return max(0, cap - len(statistics.ringing) - len(statistics.waiting))
