"""The Predictive controller (seed 001: the system "estimates the number of free agents on the
basis of current statistics, and may start beforehand, even when no agents are free").

Genesys OCS's Predictive mode with the optimization method **Overdial Rate** (abandoned
calls over live answers) and its **optimization goal** (`optimization_goal`, percent). One
decision, from the statistics at `now`:

1. **Warming up.** Until the statistics hold `history_length` completed dials (Genesys
   `history_length`: the sample Predictive needs before it predicts; capped by the
   statistics' window; at least one, since without a dial the hit rate is unknown), dial as
   Progressive: one call per Ready agent.
2. **Correction** `c`, the feedback on the measured abandon rate. The **abandon budget** is
   what the goal still allows, less `abandon_reserve` (default 2) held back: `goal × live
   answers − abandoned calls − reserve` since the statistics began (the reserve absorbs the
   dials already ringing when the budget runs out). With no budget, `c = 0`; otherwise `c = predictive_gain × budget / unit`, at most
   `max_correction`, where `unit = max(1, goal × predictive_correction)` is the abandons the
   goal allows over `predictive_correction` live answers (Cisco UCCX `predictiveGain`,
   `predictiveCorrection`). Spending only a budget already earned keeps the measured rate
   under the goal: the controller overdials only while the campaign is below its target.
3. **Expected free agents** `F = Ready + min(1, c) × (Busy and wrap-up agents expected to
   finish within the mean dial-to-answer time)` (`PacingStatistics.agents_free_within`).
4. **Dials now** `= ⌊(F − waiting) × r − ringing⌋` with `r = 1 + c × (1/hit rate − 1)`: at
   `c = 1`, the expected free agents divided by the hit rate; at `c = 0`, one dial per Ready
   agent; above 1, more. With a hit rate of 100 %, `r = 1` whatever the correction: no more
   calls than expected free agents.
5. Never more calls in progress than `max_lines_per_agent` per working agent.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from outbound_core.pacing.decision import PacingDecision, PacingReason, lines_left, posix_seconds
from outbound_core.pacing.settings_checks import check_number, check_whole, settings_values
from outbound_core.pacing.statistics import PacingStatistics

__all__ = ["PredictiveSettings"]

_NAMES = (
    "optimization_goal",
    "max_lines_per_agent",
    "history_length",
    "predictive_gain",
    "predictive_correction",
    "max_correction",
    "abandon_reserve",
)


@attrs.define(frozen=True, slots=True)
class PredictiveSettings:
    """A Predictive campaign's pacing (see the module docs for how each setting is used).

    Attributes:
        optimization_goal: the abandon (overdial) rate to stay under, in percent of live
            answers (Genesys optimization goal for the Overdial Rate method; default 3).
        max_lines_per_agent: calls in progress per working agent, at most (UCCX
            `maxLinesPerAgent` 1–3, default 3; Genesys Cloud allows up to 15).
        history_length: completed dials before predicting (Genesys `history_length`).
        predictive_gain: how hard the correction follows the abandon budget (UCCX
            `predictiveGain`, 0–1, default 1).
        predictive_correction: live answers one correction unit spans (UCCX
            `predictiveCorrection`, 10–1000, default 100).
        max_correction: the highest correction (2: up to twice the expected overdial).
        abandon_reserve: abandons of the budget never spent (2), for the dials already
            ringing when the budget runs out (this library's own setting).
    """

    mode: ClassVar[str] = "predictive"
    optimization_goal: float = 3.0
    max_lines_per_agent: float = 3.0
    history_length: int = 20
    predictive_gain: float = 1.0
    predictive_correction: int = 100
    max_correction: float = 2.0
    abandon_reserve: float = 2.0

    def __attrs_post_init__(self) -> None:
        check_number("optimization_goal", self.optimization_goal, 0.01, 100.0)
        check_number("max_lines_per_agent", self.max_lines_per_agent, 1.0, 15.0)
        check_whole("history_length", self.history_length, 0, 100_000)
        check_number("predictive_gain", self.predictive_gain, 0.01, 1.0)
        check_whole("predictive_correction", self.predictive_correction, 10, 1000)
        check_number("max_correction", self.max_correction, 0.0, 10.0)
        check_number("abandon_reserve", self.abandon_reserve, 0.0, 1000.0)

    def correction(self, statistics: PacingStatistics) -> float:
        """The correction `c` the measured abandon rate allows now (step 2 of the module docs)."""
        goal = self.optimization_goal / 100.0
        budget = goal * statistics.live_total - statistics.abandoned_total - self.abandon_reserve
        if budget <= 0.0:
            return 0.0
        unit = max(1.0, goal * self.predictive_correction)
        return min(self.max_correction, self.predictive_gain * budget / unit)

    def _needed(self, statistics: PacingStatistics) -> int:
        # At least one completed dial: without one the hit rate is unknown, not 0.
        return max(1, min(self.history_length, statistics.window))

    def dials_now(self, statistics: PacingStatistics, now: datetime) -> int:
        """How many calls to place now (never negative, never past the line cap).

        The module docs' steps, written out once more without calls: a dial loop asks this
        after every event (`decide` gives the same answer with its figures).

        Raises:
            InvalidValue: statistics that are not `PacingStatistics`, or `now` not an
                aware datetime.
        """
        if type(now) is not datetime or now.tzinfo is None:
            posix_seconds(now)
        if type(statistics) is not PacingStatistics:
            lines_left(statistics, self.max_lines_per_agent)  # refuses what is not statistics
        busy_since, wrap_since = statistics.busy_since, statistics.wrap_since
        ready, ringing, waiting = statistics.ready, len(statistics.ringing), len(statistics.waiting)
        working = ready + len(busy_since) + len(wrap_since)
        room = math.floor(self.max_lines_per_agent * working + 1e-9) - ringing - waiting
        if room <= 0:
            return 0
        if len(statistics.outcomes) < max(1, min(self.history_length, statistics.window)):
            wanted = ready - waiting - ringing
        else:
            goal = self.optimization_goal / 100.0
            budget = (
                goal * statistics.live_total - statistics.abandoned_total - self.abandon_reserve
            )
            free, correction = float(ready), 0.0
            if budget > 0.0:
                unit = max(1.0, goal * self.predictive_correction)
                correction = min(self.max_correction, self.predictive_gain * budget / unit)
                at, horizon = now.timestamp(), statistics.mean_answer_seconds
                wrap = statistics.mean_wrap_seconds
                ahead = bisect_right(
                    busy_since, at - (statistics.mean_talk_seconds + wrap - horizon)
                ) + bisect_right(wrap_since, at - (wrap - horizon))
                free += min(1.0, correction) * ahead
            hit_rate = statistics.hit_rate
            overdial = 1.0 / hit_rate - 1.0 if hit_rate > 0.0 else self.max_lines_per_agent
            wanted = math.floor((free - waiting) * (1.0 + correction * overdial) - ringing + 1e-9)
        return wanted if 0 <= wanted <= room else (0 if wanted < 0 else room)

    def _wanted(self, statistics: PacingStatistics, at: float) -> tuple[int, float, float, float]:
        ready, waiting, ringing = statistics.ready, len(statistics.waiting), len(statistics.ringing)
        if len(statistics.outcomes) < self._needed(statistics):
            return ready - waiting - ringing, float(ready), 1.0, 0.0
        correction = self.correction(statistics)
        free = float(ready)
        if correction > 0.0:
            ahead = statistics.agents_free_within(statistics.mean_answer_seconds, at)
            free += min(1.0, correction) * ahead
        hit_rate = statistics.hit_rate
        if hit_rate > 0.0:
            ratio = 1.0 + correction * (1.0 / hit_rate - 1.0)
        else:  # nobody answered lately: the line cap decides
            ratio = 1.0 + correction * self.max_lines_per_agent
        wanted = math.floor((free - waiting) * ratio - ringing + 1e-9)
        return wanted, free, ratio, correction

    def decide(self, statistics: PacingStatistics, now: datetime) -> PacingDecision:
        """`dials_now` with the figures it came from (computed step by step: the reference
        the fast path is tested against)."""
        room = lines_left(statistics, self.max_lines_per_agent)
        wanted, free, ratio, correction = self._wanted(statistics, posix_seconds(now))
        dials = max(0, min(wanted, room))
        if len(statistics.outcomes) < self._needed(statistics):
            reason = PacingReason.WARMING_UP
        elif free <= 0.0:
            reason = PacingReason.NO_FREE_AGENT
        elif wanted > room:
            reason = PacingReason.LINES_CAP
        else:
            reason = PacingReason.PACED
        return PacingDecision(
            dials, reason, self.mode, statistics.ready, free, statistics.hit_rate, ratio,
            correction, len(statistics.ringing), len(statistics.waiting), room,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON data."""
        return {"mode": self.mode, **{name: getattr(self, name) for name in _NAMES}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PredictiveSettings:
        """Read settings from `to_dict`'s form (missing keys take their defaults).

        Raises:
            InvalidValue: an unknown key or a bad value.
        """
        return cls(**settings_values(data, cls.mode, _NAMES))
