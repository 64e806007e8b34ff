"""The simulated customers of system-dialed calls: how each answers a dial, seeded.

`draw_customer` draws, with the caller's `random.Random`, how one dialed customer responds
(`CustomerModel`; times in seconds; the TSR's safe harbor asks unanswered calls to ring at
least 15 s):

| what | distribution |
|---|---|
| dial outcome | live answer 30 %, answering machine 15 %, no answer 35 %, busy 10 %, failed 10 % |
| live answer after | uniform 4–20 s of ringing |
| the called person's greeting | uniform 0.6–2.4 s, from the answer |
| answering machine detected after | uniform 8–24 s |
| no answer | rings out after 25 s |
| busy, failed | uniform 1–4 s, 0.5–3 s |
| a waiting customer's patience | exponential, mean 10 s from the end of the greeting |

The pacing experiment (`pacing_day`) and the simulated day (`day`) both use it.
"""

from __future__ import annotations

import math
import random

import attrs

from outbound_core.pacing import DialResult

__all__ = ["Customer", "CustomerModel", "draw_customer"]


@attrs.define(frozen=True, slots=True)
class CustomerModel:
    """How the people on the list respond to a dial (see the module docs' table)."""

    live_answer: float = 0.30
    answering_machine: float = 0.15
    no_answer: float = 0.35
    busy: float = 0.10
    answer_after: tuple[float, float] = (4.0, 20.0)
    greeting: tuple[float, float] = (0.6, 2.4)
    machine_after: tuple[float, float] = (8.0, 24.0)
    ring_out: float = 25.0
    busy_after: tuple[float, float] = (1.0, 4.0)
    failed_after: tuple[float, float] = (0.5, 3.0)
    patience_mean: float = 10.0


@attrs.define(frozen=True, slots=True)
class Customer:
    """How one dialed customer responds: the outcome, after how long, the greeting's length
    and the patience waiting for an agent (seconds)."""

    result: DialResult
    after: float
    greeting: float
    patience: float


def draw_customer(rng: random.Random, model: CustomerModel) -> Customer:
    """How one more dialed customer responds (four draws from `rng`)."""
    roll, spread, greeting, patience = rng.random(), rng.random(), rng.random(), rng.random()

    def between(bounds: tuple[float, float]) -> float:
        return bounds[0] + (bounds[1] - bounds[0]) * spread

    wait = -model.patience_mean * math.log(1.0 - patience)
    talk = model.greeting[0] + (model.greeting[1] - model.greeting[0]) * greeting
    edges = (model.live_answer, model.answering_machine, model.no_answer, model.busy)
    if roll < edges[0]:
        return Customer(DialResult.LIVE_ANSWER, between(model.answer_after), talk, wait)
    roll -= edges[0]
    if roll < edges[1]:
        return Customer(DialResult.ANSWERING_MACHINE, between(model.machine_after), 0.0, 0.0)
    roll -= edges[1]
    if roll < edges[2]:
        return Customer(DialResult.NO_ANSWER, model.ring_out, 0.0, 0.0)
    roll -= edges[2]
    if roll < edges[3]:
        return Customer(DialResult.BUSY, between(model.busy_after), 0.0, 0.0)
    return Customer(DialResult.FAILED, between(model.failed_after), 0.0, 0.0)
