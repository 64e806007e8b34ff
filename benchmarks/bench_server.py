"""The in-memory server and the simulation: a simulated day over 100,000 records (goal: under
10 s), and server memory per record at 1,000,000 records (goal: under 1 KB)."""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from datetime import UTC, datetime

from _harness import machine
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.simulation import simulate
from outbound_core.simulation.calling_list import calling_list


def simulated_day(records: int, agents: int) -> None:
    start = time.perf_counter()
    summary = simulate(records=records, agents=agents)
    seconds = time.perf_counter() - start
    print(
        f"simulate --records {records} --agents {agents}: {seconds:.2f} s, "
        f"{summary.events:,} trace events, problems: {len(summary.problems)}"
    )


def memory_per_record(records: int) -> None:
    chains = calling_list(records)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    server = InMemoryOutboundServer(datetime(2026, 6, 15, tzinfo=UTC))
    server.add_campaign("c", "Preview")
    server.load_chains("c", chains)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    print(f"server memory at {records:,} records: {used / records:,.0f} bytes per record")


if __name__ == "__main__":
    print(machine())
    simulated_day(100_000, 60)
    simulated_day(100_000, 10)
    memory_per_record(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
