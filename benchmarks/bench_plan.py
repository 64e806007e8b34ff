"""The plan of a calling list against its floor, in the library and on the command line.

    python bench_plan.py [RECORDS]          # default 1,000,000

1. `plan_records` over RECORDS records against `check_callable` over the same records (the
   one check every record's plan makes; goal: at most 3x). CPU time of three alternating
   pairs; the ratio is the median of the pairs' ratios.
2. `outbound-core plan LIST.csv --json` on a RECORDS-row Genesys CSV (written here), against
   reading the same CSV into rows (`read_calling_list_csv`, what the command must do first),
   and with `--engine dask --workers 2`. The command runs as a child process: its wall time
   and its CPU time (children's rusage).

The records mix 16 zones and 6 windows (one crossing midnight); two thirds of the chains have
one record, the others two or three.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from _harness import machine
from outbound_core.records import CallingListRecord, Record
from outbound_core.timing import check_callable
from outbound_core.treatments import TreatmentRules, plan_records
from outbound_core.wire.calling_list_csv import read_calling_list_csv

NOW = datetime(2026, 6, 15, 14, 0, 27, tzinfo=UTC)
RULES = TreatmentRules(max_attempts=10, calling_hours=("us-federal",))
HOURS = RULES.calling_hours
ZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Phoenix", "America/St_Johns", "Europe/London", "Europe/Paris", "Asia/Kolkata",
    "Australia/Adelaide", "Pacific/Chatham", "ACT", "AET", "EST", "CST", "PST",
]  # fmt: skip
WINDOWS = [None, (32400, 75599), (28800, 71999), (36000, 64799), (79200, 7199), (30600, 61199)]
TREATMENTS = Path(__file__).parent.parent / "src/outbound_core/data/treatments.json"


def chain_sizes(records: int, seed: int = 4) -> list[int]:
    rng = random.Random(seed)
    sizes, made = [], 0
    while made < records:
        size = min(rng.choice((1, 1, 1, 1, 2, 3)), records - made)
        sizes.append(size)
        made += size
    return sizes


def build(records: int) -> list[tuple[CallingListRecord, ...]]:
    """`records` rows in chains, as `bench_treatments.py` builds them."""
    rng = random.Random(4)
    chains, made = [], 0
    for chain_id, size in enumerate(chain_sizes(records), start=1):
        chain = []
        for n in range(size):
            window = rng.choice(WINDOWS)
            chain.append(
                CallingListRecord(
                    Record(
                        record_handle=made + n + 1,
                        chain_id=chain_id,
                        phone=f"+1 212 555 {(made + n + 1) % 10000:04d}",
                        attempts=0,
                        tz_name=rng.choice(ZONES),
                        daily_from=None if window is None else window[0],
                        daily_until=None if window is None else window[1],
                    ),
                    chain_n=n + 1,
                )
            )
        chains.append(tuple(chain))
        made += size
    return chains


def write_csv(path: Path, records: int) -> None:
    """A Genesys calling list of `records` rows: the zones by name, the same mix of windows."""
    rng = random.Random(4)
    names = ["EST", "CST", "MST", "PST", "ACT", "AET", "Europe/London", "Asia/Kolkata"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(
            "record_id,contact_info,contact_info_type,record_type,record_status,call_result,"
            "attempt,dial_sched_time,call_time,daily_from,daily_till,tz_dbid,chain_id,chain_n\n"
        )
        made = 0
        for chain_id, size in enumerate(chain_sizes(records), start=1):
            for n in range(size):
                made += 1
                window = rng.choice(WINDOWS) or (0, 86399)
                out.write(
                    f"{made},+1 212 555 {made % 10000:04d},1,2,1,28,0,0,0,{window[0]},"
                    f"{window[1]},{rng.choice(names)},{chain_id},{n + 1}\n"
                )


def cpu(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def sweep_check(rows: list[CallingListRecord]) -> None:
    for r in rows:
        check_callable(NOW, r.zone, r.window, rules=HOURS)


def sweep_plan(chains: list[tuple[CallingListRecord, ...]]) -> None:
    for _ in plan_records(chains, RULES, NOW):
        pass


def against_check_callable(records: int, pairs: int = 3) -> tuple[float, float, float]:
    """Median CPU seconds of `check_callable` and of the plan, and the median ratio."""
    chains = build(records)
    rows = [r for chain in chains for r in chain]
    gc.collect()
    gc.freeze()
    sweep_check(rows)
    sweep_plan(chains)  # warm the caches
    runs = []
    for _ in range(pairs):
        base = cpu(lambda: sweep_check(rows))
        ours = cpu(lambda: sweep_plan(chains))
        runs.append((base, ours))
    gc.unfreeze()
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        statistics.median(r[1] / r[0] for r in runs),
    )


def command(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of a child process (CPU: user + system, children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    print(machine())
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"load average before: {load()}")
    base, ours, ratio = against_check_callable(records)
    print(f"{records:,} records, CPU, median of 3 alternating pairs")
    print(
        f"  check_callable over every record (floor)   {base:7.2f} s  {base / records * 1e6:6.2f} µs/record"
    )
    print(
        f"  plan_records                               {ours:7.2f} s  {ours / records * 1e6:6.2f} µs/record"
    )
    print(f"  ratio plan / check_callable                {ratio:7.2f}x  (goal: at most 3x)")
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "list.csv"
        write_csv(csv, records)
        reading = min(
            cpu(lambda: list(read_calling_list_csv(csv.open(encoding="utf-8", newline=""))))
            for _ in range(2)
        )
        plan = [
            sys.executable, "-m", "outbound_core", "plan", str(csv), "--treatments",
            str(TREATMENTS), "--now", NOW.isoformat(), "--rules", "us-federal",
            "--max-attempts", "10", "--json",
        ]  # fmt: skip
        here = min((command(plan) for _ in range(2)), key=lambda r: r[1])
        dask = command([*plan, "--engine", "dask", "--workers", "2"])
        print(
            f"outbound-core plan on a {records:,}-row CSV ({csv.stat().st_size / 1e6:.0f} MB), --json to /dev/null"
        )
        print(f"  reading the CSV into rows (floor), CPU       {reading:7.2f} s")
        print(
            f"  outbound-core plan, wall / CPU               {here[0]:7.2f} s / {here[1]:.2f} s  ({here[1] / reading:.2f}x the reading)"
        )
        print(
            f"  ... --engine dask --workers 2, wall / CPU    {dask[0]:7.2f} s / {dask[1]:.2f} s (the client and its local workers)"
        )
    print(f"load average after: {load()}")
