"""The SQLite store: a 100,000-record server saved and loaded whole, against the in-memory
snapshot and rebuild of the same server (the baseline, measured in the same run); and the small
transactions of one command each, per second, with `synchronous` FULL and NORMAL.

Run from this folder: `python bench_storage.py [RECORDS]` (about a minute at 100,000).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _harness import machine
from outbound_core.journal import campaign_heap
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.simulation.calling_list import calling_list, field_list, shipped_list
from outbound_core.storage import ChainRow, ListRow, SqliteStore
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
MODES = ("Preview", "PushPreview", "Progressive", "Predictive")


def server_of(records: int) -> InMemoryOutboundServer:
    """A server with `records` records over four campaigns, as `simulate` loads them."""
    data = shipped_list()
    fields = field_list(data)
    chains = list(calling_list(records, data))
    server = InMemoryOutboundServer(NOW)
    for n, mode in enumerate(MODES):
        server.add_campaign(f"{mode} campaign", mode, fields)
        server.load_chains(f"{mode} campaign", chains[n :: len(MODES)])
    for n in range(10):
        server.add_agent(f"agent-{n}", campaigns=[f"{MODES[n % 4]} campaign"])
    return server


def best_of(runs: int, action: Callable[[], Any]) -> float:
    """The median seconds of `runs` runs of `action`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def whole(records: int, folder: Path) -> None:
    server = server_of(records)
    snapshot = server.snapshot()
    taken = best_of(3, server.snapshot)
    rebuilt = best_of(3, lambda: InMemoryOutboundServer.from_snapshot(snapshot))
    store = SqliteStore(folder / "whole.sqlite", synchronous="normal")
    saved = best_of(3, lambda: store.save(snapshot))
    loaded = best_of(3, store.load)
    assert store.load() == snapshot
    store.close()
    size = (folder / "whole.sqlite").stat().st_size
    print(f"server of {records:,} records ({size / 2**20:.1f} MiB on disk)")
    print(f"  snapshot()              {taken:8.2f} s   (baseline)")
    print(f"  from_snapshot()         {rebuilt:8.2f} s   (baseline)")
    print(f"  SqliteStore.save        {saved:8.2f} s   {saved / taken:5.1f}x snapshot()")
    print(f"  SqliteStore.load        {loaded:8.2f} s   {loaded / rebuilt:5.1f}x from_snapshot()")
    both, base = saved + loaded, taken + rebuilt
    print(f"  save + load             {both:8.2f} s   {both / base:5.1f}x snapshot + rebuild")


def commands(folder: Path, synchronous: str, count: int) -> None:
    """One transaction per command: a record, its chain, two queue operations, a part and
    three trace events (what a delivery writes)."""
    server = server_of(2_000)
    snapshot = server.snapshot()
    path = folder / f"commands-{synchronous}.sqlite"
    store = SqliteStore(path, synchronous=synchronous)
    store.save(snapshot)
    records = snapshot["store"]["records"]
    seq = [snapshot["trace_seq"]]

    def one_command(n: int) -> None:
        slot = n % len(records)
        with store.transaction():
            store.upsert_records(0, [ListRow(records[slot], 2, 2, 1, slot, slot, slot)])
            store.upsert_chains([ChainRow(slot, 0, 2, n)])
            store.log_heap([(campaign_heap(0), None), (campaign_heap(0), (4, float(n), slot, n))])
            store.put_part("leases", {"counter": n})
            events = [TraceEvent(seq[0] + k, NOW, "server", "record-delivered") for k in (1, 2, 3)]
            seq[0] += 3
            store.append_trace(events)

    def empty(_: int) -> None:
        with store.transaction():
            pass

    for name, action in (("empty transaction (baseline)", empty), ("one command", one_command)):
        start = time.perf_counter()
        for n in range(count):
            action(n)
        seconds = (time.perf_counter() - start) / count
        print(
            f"  synchronous={synchronous:<6} {name:<29} {seconds * 1e3:7.3f} ms   "
            f"{1 / seconds:9,.0f} commits/s"
        )
    store.close()


if __name__ == "__main__":
    print(machine())
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    try:
        whole(records, folder)
        print("one small transaction per command, on a 2,000-record store:")
        commands(folder, "full", 300)
        commands(folder, "normal", 3_000)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
