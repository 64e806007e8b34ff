"""Cost against size: `check` and `plan` at 1,000 to 1,000,000 events or records.

    python bench_sizes.py [LARGEST]          # default 1,000,000

For each size, the floor and the figure of `bench_check.py` (a simulate trace: `json.loads`
and a plain-dict replay against `check_trace`) and of `bench_plan.py` (`check_callable` over
every record against `plan_records`), CPU time, the median of three alternating pairs (of
seven below 100,000, where one run is short). Linear growth shows as a flat cost per event.
"""

from __future__ import annotations

import os
import sys

from _harness import machine
from bench_check import PREVIEW, against_floor, simulate_trace
from bench_plan import against_check_callable


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    print(machine())
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= largest]
    print(f"load average before: {load()}")
    print(f"{'what':<8} {'size':>10} {'floor s':>9} {'figure s':>9} {'ratio':>6} {'µs each':>8}")
    for size in sizes:
        pairs = 3 if size >= 100_000 else 7
        base, ours, ratio = against_floor(simulate_trace(size), pairs)
        print(
            f"{'check':<8} {size:>10,} {base:>9.3f} {ours:>9.3f} {ratio:>5.2f}x {ours / size * 1e6:>8.2f}"
        )
    for size in sizes:
        pairs = 3 if size >= 100_000 else 7
        base, ours, ratio = against_check_callable(size, pairs)
        print(
            f"{'plan':<8} {size:>10,} {base:>9.3f} {ours:>9.3f} {ratio:>5.2f}x {ours / size * 1e6:>8.2f}"
        )
    print(f"({len(PREVIEW)} steps per interaction in the check's trace)")
    print(f"load average after: {load()}")
