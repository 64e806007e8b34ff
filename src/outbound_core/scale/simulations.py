"""Many seeded simulated days on Dask, in parallel, added up as one process adds them up.

Each day runs on a worker as `scale.days.simulate_day` (the public `simulation.simulate`, its
summary as plain data): the same day a single `outbound-core simulate --seed N` runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dask.distributed import Client

from outbound_core.scale.days import aggregate_days, simulate_day

__all__ = ["simulate_days"]


def simulate_days(
    client: Client,
    seeds: Iterable[int],
    records: int | None = None,
    agents: int = 10,
    mode: str = "all",
    abandon_target: float = 3.0,
    pacing: str | None = None,
) -> dict[str, Any]:
    """The seeded days on `client`'s cluster, aggregated (`scale.days.aggregate_days`): what
    `scale.days.simulate_seeds` gives in one process."""
    futures = [
        client.submit(simulate_day, seed, records, agents, mode, abandon_target, pacing, pure=False)
        for seed in seeds
    ]
    return aggregate_days(client.gather(futures))
