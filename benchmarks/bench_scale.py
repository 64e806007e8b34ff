"""What `--engine dask` gains here: the same command, one process against two Dask workers.

    python bench_scale.py [EVENTS] [SEEDS] [RECORDS]      # default 1,000,000, 0-3, 20000

Runs, as child processes, and prints their wall times with the load average (the machine's
two CPUs are shared):

1. `outbound-core check TRACE --format simulate` on EVENTS events (the trace of
   `bench_check.py`, written to a file), and the same with `--engine dask --workers 2`;
2. `outbound-core simulate --records RECORDS --seeds SEEDS` (about 2.5 s of CPU a day at
   20,000 records), and the same on Dask.

Each figure is the best of two runs. The Dask runs include starting a two-process cluster
(about 2 s here) and sending the lines to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import machine
from bench_check import simulate_trace

DASK = ["--engine", "dask", "--workers", "2"]


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def compare(name: str, argv: list[str]) -> None:
    print(f"{name} (load average {load()})")
    here = min(wall(argv) for _ in range(2))
    there = min(wall([*argv, *DASK]) for _ in range(2))
    print(f"  one process           {here:7.2f} s")
    print(f"  Dask, two workers     {there:7.2f} s   speed-up {here / there:.2f}x")


if __name__ == "__main__":
    print(machine())
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seeds = sys.argv[2] if len(sys.argv) > 2 else "0-3"
    records = sys.argv[3] if len(sys.argv) > 3 else "20000"
    command = [sys.executable, "-m", "outbound_core"]
    with tempfile.TemporaryDirectory() as folder:
        trace = Path(folder) / "trace.jsonl"
        trace.write_text("".join(simulate_trace(events)), encoding="utf-8")
        compare(
            f"check, {events:,} events ({trace.stat().st_size / 1e6:.0f} MB)",
            [*command, "check", str(trace), "--format", "simulate"],
        )
    compare(
        f"simulate --records {records} --seeds {seeds}",
        [*command, "simulate", "--records", records, "--seeds", seeds],
    )
    print(f"load average after: {load()}")
