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
from outbound_core.simulation.calling_list import calling_list, grown_list


def simulated_day(records: int, agents: int) -> None:
    start = time.perf_counter()
    summary = simulate(records=records, agents=agents)
    seconds = time.perf_counter() - start
    print(
        f"simulate --records {records} --agents {agents}: {seconds:.2f} s, "
        f"{summary.events:,} trace events, problems: {len(summary.problems)}"
    )


def memory_per_record(records: int) -> None:
    """The server's memory per record (tracemalloc), its list loaded as made chains and as a
    grown list (records made only when the server reads them)."""
    for kind in ("made chains", "grown list"):
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        chains = list(calling_list(records)) if kind == "made chains" else grown_list(records)
        server = InMemoryOutboundServer(datetime(2026, 6, 15, tzinfo=UTC))
        server.add_campaign("c", "Preview")
        server.load_chains("c", chains)
        del chains
        gc.collect()
        used = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        print(f"server memory at {records:,} records, {kind}: {used / records:,.0f} bytes a record")


if __name__ == "__main__":
    print(machine())
    simulated_day(100_000, 60)
    simulated_day(100_000, 10)
    memory_per_record(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
