"""Many seeded simulated days, and what they come to together (for pacing experiments).

A day is `simulation.simulate(records, agents, mode, seed)`, whose summary is taken as plain
data (`day_summary`); `aggregate_days` adds the days up: every whole number of the summaries
summed, key by key (nested objects too), and each day's own summary kept under its seed. It
reads the summary generically, so keys the day grows later are added up too. The same days
run one after the other here (`simulate_seeds`) or in parallel on Dask
(`scale.simulate_days`); either way each day is the one a single `outbound-core simulate
--seed N` runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.simulation import Summary, simulate

__all__ = [
    "MAX_SEEDS",
    "aggregate_days",
    "day_summary",
    "parse_seeds",
    "simulate_day",
    "simulate_seeds",
    "summary_failed",
]

#: The most seeds one `--seeds` may name.
MAX_SEEDS = 100_000
#: A seed as `--seeds` writes it: ASCII digits, at most nine.
_SEED = re.compile(r"[0-9]{1,9}")


def parse_seeds(text: str) -> tuple[int, ...]:
    """The seeds named by `text`: numbers and ranges separated by commas (`0-99`, `1,5,9`,
    `0-9,20-29`), in the order given, each once.

    Raises:
        InvalidValue: not such a list, a range that runs backwards, a negative seed, or more
            than `MAX_SEEDS` seeds.
    """
    seeds: dict[int, None] = {}
    if not isinstance(text, str) or not text.strip():
        raise _bad_seeds(text, "name seeds as 0-99 or 1,5,9")
    for piece in text.split(","):
        low, dash, high = piece.strip().partition("-")
        if not _SEED.fullmatch(low) or (dash and not _SEED.fullmatch(high)):
            raise _bad_seeds(text, f"{piece.strip()!r} is not a seed or a range like 0-99")
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise _bad_seeds(text, f"the range {piece.strip()} runs backwards")
        if len(seeds) + last - first + 1 > MAX_SEEDS:
            raise _bad_seeds(text, f"at most {MAX_SEEDS:,} seeds")
        seeds.update(dict.fromkeys(range(first, last + 1)))
    return tuple(seeds)


def _bad_seeds(text: object, why: str) -> InvalidValue:
    return InvalidValue(
        f"--seeds {shorten(text)}: {why}", code=ErrorCode.INVALID_VALUE, flag="--seeds"
    )


def day_summary(summary: Summary) -> dict[str, Any]:
    """A day's summary as plain JSON data (`Summary.to_dict`, what `simulate --json` prints)."""
    return summary.to_dict()


def summary_failed(summary: Summary) -> bool:
    """Whether the day's accounting failed (what makes `outbound-core simulate` exit 1)."""
    return not summary.consistent


def simulate_day(
    seed: int,
    records: int | None,
    agents: int,
    mode: str,
    abandon_target: float = 3.0,
    pacing: str | None = None,
) -> dict[str, Any]:
    """One seeded day as plain data: `{"seed", "failed", "summary"}` (the arguments as
    `simulation.simulate` takes them)."""
    summary = simulate(
        records=records,
        agents=agents,
        mode=mode,
        seed=seed,
        abandon_target=abandon_target,
        pacing=pacing,
    )
    return {"seed": seed, "failed": summary_failed(summary), "summary": day_summary(summary)}


def simulate_seeds(
    seeds: Iterable[int],
    records: int | None = None,
    agents: int = 10,
    mode: str = "all",
    abandon_target: float = 3.0,
    pacing: str | None = None,
) -> dict[str, Any]:
    """The seeded days one after the other, aggregated (`aggregate_days`)."""
    return aggregate_days(
        [simulate_day(seed, records, agents, mode, abandon_target, pacing) for seed in seeds]
    )


def aggregate_days(days: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The days together: `seeds` in order, `failed` (the seeds whose accounting failed),
    `totals` (every whole number of the summaries summed, key by key), and `days` (each
    day's `{"seed", "failed", "summary"}` as given)."""
    totals: dict[str, Any] = {}
    for day in days:
        _add(totals, day["summary"])
    return {
        "seeds": [day["seed"] for day in days],
        "failed": [day["seed"] for day in days if day["failed"]],
        "totals": totals,
        "days": [dict(day) for day in days],
    }


def _add(into: dict[str, Any], summary: Mapping[str, Any]) -> None:
    for key, value in summary.items():
        if type(value) is int:
            into[key] = into.get(key, 0) + value
        elif isinstance(value, Mapping):
            inner = into.setdefault(key, {})
            if isinstance(inner, dict):
                _add(inner, value)
