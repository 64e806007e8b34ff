"""The Progressive controller: a dial per Ready agent, times a ratio (seed 001: the system
"transfers a call to an agent only if the connection was successfully established").

Genesys CX Contact's "Lines per agent" pacing: the new calls are the largest whole number not
above `ratio` times (Ready agents less live answers waiting), less the dials already ringing.
With the default ratio 1, every live answer finds a Ready agent (agents leave Ready only by
taking a call): Progressive abandons nothing unless an agent walks away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from outbound_core.errors import InvalidValue
from outbound_core.pacing.decision import PacingDecision, PacingReason, lines_left, posix_seconds
from outbound_core.pacing.settings_checks import check_number, settings_values
from outbound_core.pacing.statistics import PacingStatistics

__all__ = ["ProgressiveSettings"]


@attrs.define(frozen=True, slots=True)
class ProgressiveSettings:
    """A Progressive campaign's pacing: `ratio` dials per Ready agent (CX Contact's
    progressive multiplier, default 1), never more calls in progress than
    `max_lines_per_agent` per working agent (Cisco UCCX `maxLinesPerAgent`, 1 to 15)."""

    mode: ClassVar[str] = "progressive"
    ratio: float = 1.0
    max_lines_per_agent: float = 3.0

    def __attrs_post_init__(self) -> None:
        check_number("ratio", self.ratio, 0.1, 15.0)
        check_number("max_lines_per_agent", self.max_lines_per_agent, 1.0, 15.0)
        if self.ratio > self.max_lines_per_agent:
            raise InvalidValue(
                f"ratio {self.ratio:g} is above max_lines_per_agent {self.max_lines_per_agent:g}",
                field="ratio",
                value=self.ratio,
            )

    def dials_now(self, statistics: PacingStatistics, now: datetime) -> int:
        """How many calls to place now (never negative, never past the line cap).

        Raises:
            InvalidValue: statistics that are not `PacingStatistics`, or `now` not an
                aware datetime.
        """
        posix_seconds(now)
        room = lines_left(statistics, self.max_lines_per_agent)
        wanted = math.floor(
            self.ratio * (statistics.ready - len(statistics.waiting))
            - len(statistics.ringing)
            + 1e-9
        )
        return max(0, min(wanted, room))

    def decide(self, statistics: PacingStatistics, now: datetime) -> PacingDecision:
        """`dials_now` with the figures it came from."""
        dials = self.dials_now(statistics, now)
        room = lines_left(statistics, self.max_lines_per_agent)
        if statistics.ready == 0:
            reason = PacingReason.NO_FREE_AGENT
        elif dials == room and dials < math.floor(
            self.ratio * (statistics.ready - len(statistics.waiting))
            - len(statistics.ringing)
            + 1e-9
        ):
            reason = PacingReason.LINES_CAP
        else:
            reason = PacingReason.PACED
        return PacingDecision(
            dials, reason, self.mode, statistics.ready, float(statistics.ready),
            statistics.hit_rate, self.ratio, 1.0, len(statistics.ringing),
            len(statistics.waiting), room,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON data."""
        return {
            "mode": self.mode,
            "ratio": self.ratio,
            "max_lines_per_agent": self.max_lines_per_agent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProgressiveSettings:
        """Read settings from `to_dict`'s form (missing keys take their defaults).

        Raises:
            InvalidValue: an unknown key or a bad value.
        """
        return cls(**settings_values(data, cls.mode, ("ratio", "max_lines_per_agent")))
