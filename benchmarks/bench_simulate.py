"""`outbound-core simulate --records N` against a plain-dict floor: CPU time and memory.

    python bench_simulate.py [RECORDS]          # default 1,000,000
    python bench_simulate.py --sizes            # 1,000 to 1,000,000: cost against size

The figure is `simulation.simulate(records=N)` with the cycle collector paused (what the
command runs, without printing), in a child process of its own. The floor, in another child, is
the least any simulation of the list does per record (issue 18): build the record as a dict of
its fields with a small custom-field dict, move it through three status changes with an attempt
count and a call result, and count the records by status. A simulation holds its calling list
whole (the day retrieves records in queue order, hours apart), so the floor keeps its records in
a list and counts the list at the end. That reading is the one the issue's own figures give:
main before issue 18 ran 27.9 s here, 8.8 times this floor (the issue's "today: 8.8x"), and
32 times a loop that drops each dict as soon as it is counted. That dropping loop is printed
too, as a second reference. The runs alternate (three rounds; the machine is shared) and time
the child's CPU; each ratio is the median of the rounds' ratios.

Memory is the simulation's peak RSS at N records less its peak at 1,000 records, divided by the
difference in records: what a record costs, whatever the interpreter and the day's fixed state
take.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections import Counter

from _harness import machine

CUSTOM = {"Customer_Name": "James Smith", "Balance_Due": 120.5, "Account": "A-1", "VIP": False}


def floor(records: int) -> Counter[object]:
    """The plain-dict loop of the issue over a list it holds: a dict per record, three moves,
    the list counted by status. (Both loops write the record out in full: a function call per
    record would weigh on the floor.)"""
    calling_list = [
        {
            "record_handle": handle,
            "chain_id": handle // 2,
            "phone": f"+1 212 555 {handle % 1_000_000:06d}",
            "phone_type": 1,
            "attempts": 0,
            "call_result": None,
            "tz_name": "America/New_York",
            "daily_from": 28_800,
            "daily_until": 75_599,
            "status": "Ready",
            "custom": dict(CUSTOM),
        }
        for handle in range(1, records + 1)
    ]
    for record in calling_list:
        record["status"] = "Retrieved"
        record["attempts"] = 1
        record["status"] = "Dialing"
        record["call_result"] = 33
        record["status"] = "Updated"
    return Counter(record["status"] for record in calling_list)


def dropping(records: int) -> Counter[object]:
    """The same per record, each dict dropped once counted (no list held)."""
    counts: Counter[object] = Counter()
    for handle in range(1, records + 1):
        record = {
            "record_handle": handle,
            "chain_id": handle // 2,
            "phone": f"+1 212 555 {handle % 1_000_000:06d}",
            "phone_type": 1,
            "attempts": 0,
            "call_result": None,
            "tz_name": "America/New_York",
            "daily_from": 28_800,
            "daily_until": 75_599,
            "status": "Ready",
            "custom": dict(CUSTOM),
        }
        record["status"] = "Retrieved"
        record["attempts"] = 1
        record["status"] = "Dialing"
        record["call_result"] = 33
        record["status"] = "Updated"
        counts[record["status"]] += 1
    return counts


def figure(records: int) -> object:
    """The simulated day of `outbound-core simulate --records N`."""
    from outbound_core.commands._collector import collector_paused
    from outbound_core.simulation import simulate

    with collector_paused():
        summary = simulate(records=records)
    if not summary.consistent:
        raise SystemExit("the simulated day's accounting failed")
    return summary


def child(kind: str, records: int) -> tuple[float, int]:
    """CPU seconds and peak RSS (bytes) of one run of `kind` in a fresh interpreter."""
    code = (
        "import sys, time, resource; sys.path.insert(0, '.'); "
        f"from bench_simulate import {kind}; "
        "start = time.process_time(); "
        f"{kind}({records}); "
        "cpu = time.process_time() - start; "
        "print(cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)"
    )
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=here, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def sizes() -> None:
    """Floor and figure at 1,000 to 1,000,000 records, one pair each: CPU, RSS, and what each
    record added since the size before costs (the day's fixed work, about 3 s, cancels out)."""
    print(
        f"{'records':>10} {'floor s':>8} {'simulate s':>10} {'ratio':>6} {'RSS MiB':>8} "
        f"{'µs/added':>9} {'B/added':>8}"
    )
    before: tuple[int, float, int] | None = None
    for records in (1_000, 10_000, 100_000, 1_000_000):
        base, _ = child("floor", records)
        ours, peak = child("figure", records)
        added = ""
        if before is not None:
            more = records - before[0]
            added = f"{(ours - before[1]) / more * 1e6:>9.2f} {(peak - before[2]) / more:>8,.0f}"
        print(
            f"{records:>10,} {base:>8.2f} {ours:>10.2f} {ours / base:>5.1f}x "
            f"{peak / 2**20:>8,.0f} {added}"
        )
        before = (records, ours, peak)


if __name__ == "__main__":
    print(machine())
    if sys.argv[1:] == ["--sizes"]:
        sizes()
        raise SystemExit(0)
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs = []
    for _ in range(3):
        base, _ = child("floor", records)
        drop, _ = child("dropping", records)
        ours, peak = child("figure", records)
        runs.append((base, drop, ours, peak))
    base = statistics.median(r[0] for r in runs)
    drop = statistics.median(r[1] for r in runs)
    ours = statistics.median(r[2] for r in runs)
    ratio = statistics.median(r[2] / r[0] for r in runs)
    drop_ratio = statistics.median(r[2] / r[1] for r in runs)
    peak_rss = float(statistics.median(r[3] for r in runs))
    small = float(child("figure", 1_000)[1])
    per_record = (peak_rss - small) / (records - 1_000)
    print(f"simulate --records {records:,}: CPU, median of 3 alternating rounds")
    print(f"  floor (plain dicts in a list, three moves, counted)  {base:7.2f} s")
    print(f"  simulate                                             {ours:7.2f} s")
    print(
        f"  ratio simulate / floor                               {ratio:7.2f}x  (goal: at most 3x)"
    )
    print(f"  reference: the loop dropping each dict               {drop:7.2f} s")
    print(f"  ratio simulate / dropping loop                       {drop_ratio:7.2f}x")
    print(
        f"  peak RSS {peak_rss / 2**20:,.0f} MiB at {records:,} records, {small / 2**20:,.0f} MiB "
        f"at 1,000: {per_record:,.0f} bytes a record (goal: at most 400)"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
