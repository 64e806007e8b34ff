"""Batch work on a distributed engine: Dask, an optional extra (`outbound-core[dask]`).

The core never imports Dask; this folder alone does, and only in the modules that run on it.
Every name here loads its module on first use, through this module's attributes (as
`outbound_core` loads its lifecycles), so `from outbound_core import scale` costs nothing and
works without the extra; using a Dask function without it is an `engine-unavailable` error
that says what to install.

For people who hold a `dask.distributed.Client`:

- `check_traces(client, traces, trace_format="auto", parts=None)`: the report on each trace,
  cut into parts by the instances its lines name, checked in parallel, merged into exactly
  the single-process report.
- `plan_list(client, chains, rules, now, parts=None)` and `plan_list_timelines(...)`: a
  calling list's plan swept in runs of whole chains: the same entries, timelines and summary.
- `simulate_days(client, seeds, records=None, agents=10, mode="all")`: many seeded days in
  parallel, aggregated (`aggregate_days`), each day the single-process one.
- `engine_client(scheduler=None, workers=None)`: the client the command line uses: a
  scheduler's address, or a local cluster made for the job.

Without Dask: `parse_seeds`, `simulate_seeds` (the same days one after the other),
`aggregate_days`, `simulate_day`, `day_summary`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from outbound_core.errors import ErrorCode, InvalidValue

if TYPE_CHECKING:
    from outbound_core.scale.client import engine_client
    from outbound_core.scale.days import (
        MAX_SEEDS,
        aggregate_days,
        day_summary,
        parse_seeds,
        simulate_day,
        simulate_seeds,
        summary_failed,
    )
    from outbound_core.scale.plans import plan_list, plan_list_timelines
    from outbound_core.scale.simulations import simulate_days
    from outbound_core.scale.traces import check_traces, default_parts

_DAYS = "outbound_core.scale.days"
#: Each name and its module; all load on first use (the days load the simulation, the rest
#: Dask), so that importing this folder costs nothing.
_LAZY = {
    "MAX_SEEDS": _DAYS,
    "aggregate_days": _DAYS,
    "day_summary": _DAYS,
    "parse_seeds": _DAYS,
    "simulate_day": _DAYS,
    "simulate_seeds": _DAYS,
    "summary_failed": _DAYS,
    "engine_client": "outbound_core.scale.client",
    "check_traces": "outbound_core.scale.traces",
    "default_parts": "outbound_core.scale.traces",
    "plan_list": "outbound_core.scale.plans",
    "plan_list_timelines": "outbound_core.scale.plans",
    "simulate_days": "outbound_core.scale.simulations",
}

#: The packages the `dask` extra brings.
_EXTRA_PACKAGES = frozenset({"dask", "distributed"})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'outbound_core.scale' has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in _EXTRA_PACKAGES:
            raise
        raise InvalidValue(
            "--engine dask needs Dask: install outbound-core[dask] "
            "(pip install 'outbound-core[dask]')",
            code=ErrorCode.ENGINE_UNAVAILABLE,
            flag="--engine",
            missing=error.name,
        ) from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "MAX_SEEDS",
    "aggregate_days",
    "check_traces",
    "day_summary",
    "default_parts",
    "engine_client",
    "parse_seeds",
    "plan_list",
    "plan_list_timelines",
    "simulate_day",
    "simulate_days",
    "simulate_seeds",
    "summary_failed",
]
