"""How long simulated agents take over a call: talk, then wrap-up (after-call work), seeded.

`draw_handling` draws, with the caller's `random.Random`, one call's talk and wrap-up times
(`AgentModel`; seconds):

| what | distribution |
|---|---|
| talk | log-normal, median 120 s, σ 0.6 (mean about 144 s) |
| wrap-up | uniform 10–50 s |

The pacing experiment (`pacing_day`) and the scripted agents of the system-dialed campaigns
(`scripted_agents`) both use it.
"""

from __future__ import annotations

import math
import random

import attrs

__all__ = ["AgentModel", "draw_handling"]


@attrs.define(frozen=True, slots=True)
class AgentModel:
    """How long agents talk and wrap up (see the module docs' table)."""

    talk_median: float = 120.0
    talk_sigma: float = 0.6
    wrap: tuple[float, float] = (10.0, 50.0)


def draw_handling(rng: random.Random, model: AgentModel) -> tuple[float, float]:
    """One call's talk and wrap-up times, in seconds (two draws from `rng`)."""
    talk = rng.lognormvariate(math.log(model.talk_median), model.talk_sigma)
    return talk, rng.uniform(*model.wrap)
