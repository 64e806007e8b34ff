"""How fast a treatment decision is, and the plan of a million records.

One decision (goal: at least 200,000 per second) is compared with `check_callable` of the same
record at the same instant, the one check every decision that dials again must make. The plan
of 1,000,000 records (goal: at most 3x) is compared with `check_callable` over the same
records, each with its own zone, window and rules.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from _harness import machine, report
from outbound_core import tz_database_version
from outbound_core.codes import CallResult
from outbound_core.records import CallingListRecord, Record
from outbound_core.timing import check_callable
from outbound_core.treatments import (
    Attempt,
    AttemptHistory,
    TreatmentRules,
    decide,
    dialed,
    plan_records,
    shipped_treatments,
)

print(machine())
print(f"tz database {tz_database_version()}")

NOW = datetime(2026, 6, 15, 14, 0, 27, tzinfo=UTC)
TABLE = shipped_treatments()
RULES = TreatmentRules(max_attempts=10, calling_hours=("us-federal",))
HOURS = RULES.calling_hours


def row(record_id: int, chain_id: int, zone: str, window: tuple[int, int] | None, n: int = 1):
    return CallingListRecord(
        Record(
            record_handle=record_id,
            chain_id=chain_id,
            phone=f"+1 212 555 {record_id % 10000:04d}",
            attempts=0,
            tz_name=zone,
            daily_from=None if window is None else window[0],
            daily_until=None if window is None else window[1],
        ),
        chain_n=n,
    )


# One decision.
single = dialed((row(1, 1, "America/New_York", (32400, 75599)),), 1, NOW)
pair = dialed(
    (row(1, 2, "America/New_York", (32400, 75599)), row(2, 2, "America/Chicago", None, 2)), 1, NOW
)
earlier = AttemptHistory((Attempt(1, NOW - timedelta(minutes=10), CallResult.BUSY),))
empty = AttemptHistory()
cases = {
    "busy, redial (step 1)": (single[0], single, empty, CallResult.BUSY),
    "busy again, redial (repeat 2)": (single[0], single, earlier, CallResult.BUSY),
    "no answer, retry in 2 h": (single[0], single, empty, CallResult.NO_ANSWER),
    "wrong number, next in chain": (pair[0], pair, empty, CallResult.WRONG_NUMBER),
    "answer, no treatment": (single[0], single, empty, CallResult.ANSWER),
}
record = single[0]


def check_once() -> object:
    return check_callable(NOW, record.zone, record.window, rules=HOURS)


def interleaved(fn: Callable[[], object], number: int = 50_000) -> tuple[float, float, float]:
    """Median seconds per call of the baseline and of `fn`, timed in alternation (the machine
    is shared: alternating keeps both under the same load), and the median of the ratios."""
    pairs = []
    for _ in range(7):
        base = timeit.timeit(check_once, number=number) / number
        ours = timeit.timeit(fn, number=number) / number
        pairs.append((base, ours))
    return (
        statistics.median(p[0] for p in pairs),
        statistics.median(p[1] for p in pairs),
        statistics.median(p[1] / p[0] for p in pairs),
    )


for name, (worked, chain, history, result) in cases.items():
    base, seconds, ratio = interleaved(
        lambda w=worked, c=chain, h=history, r=result: decide(w, c, h, r, TABLE, RULES, NOW)
    )
    report("check_callable, the same record and instant (baseline)", base)
    report(f"decide: {name}", seconds, unit="decision")
    print(f"{'  ratio to the baseline (median of 7 pairs)':<60} {ratio:>12.2f}x")
base, seconds, ratio = interleaved(
    lambda: decide(single[0], single, empty, CallResult.BUSY, TABLE, RULES, NOW).next_attempt_local
)
report("decide: busy, redial, with its record-local text", seconds, unit="decision")
print(f"{'  ratio to the baseline (median of 7 pairs)':<60} {ratio:>12.2f}x")

# The plan of a million records.
zones = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Phoenix", "America/St_Johns", "Europe/London", "Europe/Paris", "Asia/Kolkata",
    "Australia/Adelaide", "Pacific/Chatham", "ACT", "AET", "EST", "CST", "PST",
]  # fmt: skip
windows = [None, (32400, 75599), (28800, 71999), (36000, 64799), (79200, 7199), (30600, 61199)]
rng = random.Random(4)
print("building 1,000,000 records ...", flush=True)
chains = []
made = 0
chain_id = 0
while made < 1_000_000:
    chain_id += 1
    size = min(rng.choice((1, 1, 1, 1, 2, 3)), 1_000_000 - made)
    chains.append(
        tuple(
            row(made + i + 1, chain_id, rng.choice(zones), rng.choice(windows), i + 1)
            for i in range(size)
        )
    )
    made += size
rows = [r for chain in chains for r in chain]
gc.collect()
gc.freeze()


def sweep_check() -> None:
    for r in rows:
        check_callable(NOW, r.zone, r.window, rules=HOURS)


def sweep_plan() -> None:
    for _ in plan_records(chains, RULES, NOW):
        pass


sweep_check()
sweep_plan()  # warm the caches
pairs = []
for _ in range(5):
    start = time.perf_counter()
    sweep_check()
    middle = time.perf_counter()
    sweep_plan()
    end = time.perf_counter()
    pairs.append((middle - start, end - middle))
check_s = statistics.median(p[0] for p in pairs)
plan_s = statistics.median(p[1] for p in pairs)
ratio = statistics.median(p[1] / p[0] for p in pairs)
print(f"{len(rows):,} records in {len(chains):,} chains")
report("check_callable over 1,000,000 records (baseline)", check_s / len(rows), unit="record")
report("plan_records over the same records", plan_s / len(rows), unit="record")
print(f"{'ratio plan / check_callable (median of 5 pairs)':<60} {ratio:>12.2f}x")
