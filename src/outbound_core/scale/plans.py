"""Planning a calling list on Dask: its chains swept in parts, the same records and summary.

A plan judges each chain on its own (`treatments.plan_records` takes the chains in order and
gives one entry per record, chain by chain), so a list cut into runs of whole chains can be
planned run by run on the workers and the entries put back in order: the very entries, the
same timelines, and the summary of the parts added up (`PlanSummary.__add__`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from dask.distributed import Client

from outbound_core.codes import CallResult
from outbound_core.records import CallingListRecord
from outbound_core.scale.parcels import Parcel, pack, unpack
from outbound_core.scale.traces import default_parts
from outbound_core.treatments import (
    ChainTimeline,
    PlanEntry,
    PlanSummary,
    TreatmentRules,
    TreatmentTable,
    plan_records,
    plan_timelines,
    summarize,
)

__all__ = ["plan_list", "plan_list_timelines"]

Chains = Sequence[tuple[CallingListRecord, ...]]


def _runs(chains: Chains, parts: int) -> list[Chains]:
    size = max(1, math.ceil(len(chains) / parts))
    return [chains[start : start + size] for start in range(0, len(chains), size)]


def _plan_run(run: Parcel, rules: TreatmentRules, now: datetime) -> tuple[Parcel, PlanSummary]:
    entries = list(plan_records(unpack(run), rules, now))
    return pack(entries), summarize(entries)


def plan_list(
    client: Client,
    chains: Chains,
    rules: TreatmentRules,
    now: datetime,
    parts: int | None = None,
) -> tuple[list[PlanEntry], PlanSummary]:
    """`plan_records(chains, rules, now)` on `client`'s cluster, `parts` runs of whole chains
    at a time (default `scale.default_parts`): the entries in list order, and their summary.

    Raises:
        OutboundError: as `plan_records` raises, for the first run that raises.
    """
    runs = _runs(chains, parts or default_parts(client))
    if not runs:
        return [], PlanSummary()
    scattered = client.scatter([pack(run) for run in runs], hash=False)
    done = client.gather(
        [client.submit(_plan_run, run, rules, now, pure=False) for run in scattered]
    )
    entries = [entry for parcel, _ in done for entry in unpack(parcel)]
    summary = sum((run_summary for _, run_summary in done), PlanSummary())
    return entries, summary


def _timelines_run(
    run: Parcel,
    table: TreatmentTable,
    rules: TreatmentRules,
    now: datetime,
    assume: CallResult,
    horizon: timedelta,
) -> Parcel:
    return pack(list(plan_timelines(unpack(run), table, rules, now, assume, horizon)))


def plan_list_timelines(
    client: Client,
    chains: Chains,
    table: TreatmentTable,
    rules: TreatmentRules,
    now: datetime,
    assume: CallResult,
    horizon: timedelta,
    parts: int | None = None,
) -> list[ChainTimeline]:
    """`plan_timelines(...)` on `client`'s cluster, runs of whole chains at a time: each
    chain's timeline, in list order."""
    runs = _runs(chains, parts or default_parts(client))
    if not runs:
        return []
    scattered = client.scatter([pack(run) for run in runs], hash=False)
    done = client.gather(
        [
            client.submit(_timelines_run, run, table, rules, now, assume, horizon, pure=False)
            for run in scattered
        ]
    )
    return [timeline for parcel in done for timeline in unpack(parcel)]
