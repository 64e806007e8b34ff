"""A simulated day on the SQLite store, against the same day in memory (the baseline, measured
in the same run); and a server's commands per second when each command is its own transaction
(a `SqliteJournal` attached, no step transaction), with `synchronous` FULL and NORMAL.

Run from this folder: `python bench_store.py [RECORDS]` (default 100,000: a few minutes).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _harness import machine
from outbound_core.cli import main
from outbound_core.simulation.day import DayParameters, SimulatedDay
from outbound_core.storage import SqliteJournal, SqliteStore


def timed_cli(*argv: str) -> tuple[float, str]:
    """Seconds and standard output of one `outbound-core` command line, in this process."""
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        status = main(list(argv))
    seconds = time.perf_counter() - start
    assert status == 0, status
    return seconds, out.getvalue()


def whole_day(records: int, folder: Path) -> None:
    day = ("simulate", "--records", str(records), "--json")
    memory, summary = timed_cli(*day)
    print(f"simulate --records {records:,} (the default 10 agents, mode all)")
    print(f"  in memory                          {memory:7.2f} s   (baseline)")
    for synchronous in ("full", "normal"):
        path = folder / f"day-{synchronous}.sqlite"
        seconds, stored = timed_cli(*day, "--store", str(path), "--synchronous", synchronous)
        assert stored == summary, "the stored day's summary differs"
        size = path.stat().st_size / 2**20
        print(
            f"  --store, synchronous={synchronous:<6}       {seconds:7.2f} s   "
            f"{seconds / memory:5.2f}x in memory   ({size:.0f} MiB)"
        )


def commands_per_second(records: int, steps: int, folder: Path) -> None:
    """The first `steps` steps of a day, every command committed on its own."""
    parameters = DayParameters(records=records)
    memory = SimulatedDay.start(parameters)
    start = time.perf_counter()
    for _ in range(steps):
        memory.run_step()
    baseline = time.perf_counter() - start
    print(f"the first {steps} steps of a {records:,}-record day, one transaction per command:")
    print(f"  in memory                          {baseline:7.2f} s   (baseline)")
    for synchronous in ("full", "normal"):
        day = SimulatedDay.start(parameters)
        store = SqliteStore(folder / f"commands-{synchronous}.sqlite", synchronous=synchronous)
        store.save(day.server.snapshot())
        day.server.attach(SqliteJournal(store, day.server))
        begun = store.transactions
        start = time.perf_counter()
        for _ in range(steps):
            day.run_step()
        seconds = time.perf_counter() - start
        commits = store.transactions - begun
        assert day.server.snapshot() == memory.server.snapshot()
        store.close()
        print(
            f"  synchronous={synchronous:<6} {commits:,} commits  {seconds:7.2f} s   "
            f"{seconds / baseline:5.1f}x in memory   {commits / seconds:7,.0f} commands/s   "
            f"{seconds / commits * 1e3:.2f} ms each"
        )


if __name__ == "__main__":
    print(machine())
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        whole_day(records, folder)
        commands_per_second(2_000, 300, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
