"""`outbound-core simulate --store DAY.sqlite [--resume]`: a simulated day kept in SQLite
(issue 17).

The same seeded day gives the same trace, final snapshot and `--json` summary on either store;
a day killed with SIGKILL at 20 seeded random moments and resumed each time ends exactly as the
uninterrupted day ends, with no record lost and none delivered twice; a store that is locked,
read-only, damaged, from a newer schema, full, or holding something else is refused with a
clear error naming the flag, exit 2, no traceback, and nothing changed.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.command_line import run
from tests.test_cli_lists import FIXTURE
from tests.test_storage_faults import unwritable
from tests.test_storage_snapshots import typed

from outbound_core.commands import _stored_day
from outbound_core.commands._stored_day import DAY_PART
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.simulation.day import DayParameters, SimulatedDay
from outbound_core.storage import SqliteStore

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
DAY = ("simulate", "--records", "150", "--agents", "5", "--seed", "4", "--json")


def stored(path: Path) -> dict[str, Any]:
    """Everything the store holds of the day: the server, the day's state and the trace."""
    with SqliteStore(path, read_only=True) as store:
        snapshot = store.load()
        return {"snapshot": snapshot, "trace": [event.to_dict() for event in store.trace()]}


def test_the_same_day_gives_the_same_trace_snapshot_and_summary_on_either_store(
    tmp_path: Path,
) -> None:
    status, in_memory, err = run(*DAY, "--trace", str(tmp_path / "memory.jsonl"))
    assert status == 0, err
    status, on_disk, err = run(
        *DAY, "--trace", str(tmp_path / "disk.jsonl"), "--store", str(tmp_path / "day.sqlite")
    )
    assert status == 0, err
    assert on_disk == in_memory
    trace = (tmp_path / "memory.jsonl").read_bytes()
    assert (tmp_path / "disk.jsonl").read_bytes() == trace
    # The file holds the day's final server (the one the in-memory day ends with) and trace.
    held = stored(tmp_path / "day.sqlite")
    state = held["snapshot"].pop(DAY_PART)
    assert state["step"] == SimulatedDay.steps + 2
    rebuilt = InMemoryOutboundServer.from_snapshot(held["snapshot"])
    assert rebuilt.snapshot() == held["snapshot"]
    lines = [json.loads(line) for line in trace.decode().splitlines()]
    assert held["trace"] == lines
    assert rebuilt.trace.seq == len(lines)
    # Resuming a finished day only sums it up again: the same summary, the same trace file.
    status, again, err = run(
        *DAY, "--resume", "--store", str(tmp_path / "day.sqlite"),
        "--trace", str(tmp_path / "again.jsonl"), "--synchronous", "normal",
    )  # fmt: skip
    assert (status, again) == (0, in_memory), err
    assert (tmp_path / "again.jsonl").read_bytes() == trace


def test_the_same_day_in_process_on_either_store_ends_with_the_same_server(
    tmp_path: Path,
) -> None:
    parameters = DayParameters(records=60, agents=5, mode="all", seed=9)
    memory = SimulatedDay.start(parameters)
    memory.run()
    events: list[Any] = []
    summary = _stored_day.run_stored_day(
        tmp_path / "d.sqlite", parameters, resume=False, synchronous="normal",
        sinks=[events.append],
    )  # fmt: skip
    assert summary.to_dict() == memory.summary().to_dict()
    held = stored(tmp_path / "d.sqlite")
    held["snapshot"].pop(DAY_PART)
    assert typed(held["snapshot"]) == typed(memory.server.snapshot())
    assert len(events) == memory.server.trace.seq


def test_each_step_commits_what_desks_traced_outside_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk traces some events without asking the server; the step's transaction holds
    them, so the stored trace always matches the stored server and day."""
    real_run = SimulatedDay.run_step

    def desk_traces_last(day: SimulatedDay) -> None:
        real_run(day)
        day.server.trace.emit("desk", "note", args={"step": day.step})

    monkeypatch.setattr(SimulatedDay, "run_step", desk_traces_last)
    events: list[Any] = []
    path = tmp_path / "d.sqlite"
    _stored_day.run_stored_day(
        path, DayParameters(records=20, agents=2, mode="preview"), resume=False,
        synchronous="normal", sinks=[events.append],
    )  # fmt: skip
    held = stored(path)
    assert held["trace"][-1] == events[-1].to_dict()
    assert held["snapshot"]["trace_seq"] == events[-1].seq


# ---- killed and resumed ------------------------------------------------------------------------

CRASH_DAY = ("simulate", "--records", "400", "--agents", "6", "--seed", "11", "--json")
KILLS = 20


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "outbound_core", *args]


def _timed(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=300)
    return time.monotonic() - start, done


def _committed_step(path: Path) -> int | None:
    if not path.exists():
        return None
    with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as reader:
        try:
            row = reader.execute("SELECT data FROM parts WHERE name = ?", (DAY_PART,)).fetchone()
        except sqlite3.Error:
            return None
    return None if row is None else int(json.loads(row[0])["step"])


def test_a_day_killed_at_twenty_random_moments_and_resumed_ends_as_the_uninterrupted_one(
    tmp_path: Path,
) -> None:
    reference = tmp_path / "reference.sqlite"
    whole, done = _timed(
        _command(*CRASH_DAY, "--store", str(reference), "--synchronous", "normal",
                 "--trace", str(tmp_path / "reference.jsonl"))
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)
    assert expected["lost"] == expected["double_delivered"] == 0
    # A finished day resumed only sums it up again.
    again = subprocess.run(
        _command(*CRASH_DAY, "--store", str(reference), "--resume", "--synchronous", "normal"),
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == expected

    path, trace = tmp_path / "day.sqlite", tmp_path / "day.jsonl"
    argv = _command(*CRASH_DAY, "--store", str(path), "--resume", "--synchronous", "normal",
                    "--trace", str(trace))  # fmt: skip
    rng = random.Random(20261202)
    interrupted: list[int | None] = []
    for _ in range(KILLS):
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if rng.random() < 0.25:
            # Anywhere from the start: while the process starts, builds or rebuilds the day.
            time.sleep(rng.uniform(0.0, whole / 2))
        else:
            # Once it writes steps again: a random moment among them (about a twentieth of
            # the day's steps per run), so most kills land in the middle of the day.
            began = _committed_step(path)
            while _committed_step(path) == began and process.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 2 * whole / KILLS))
        process.kill()  # SIGKILL; nothing when the run already ended (and poll reaped it)
        process.wait()
        interrupted.append(_committed_step(path))
    final = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=300)
    assert final.returncode == 0, final.stderr
    summary = json.loads(final.stdout)
    assert summary == expected
    assert summary["lost"] == 0
    assert summary["double_delivered"] == 0
    assert summary["consistent"]
    assert typed(stored(path)) == typed(stored(reference))
    assert trace.read_bytes() == (tmp_path / "reference.jsonl").read_bytes()
    # The kills did land in the middle of the day, at several steps.
    middle = {step for step in interrupted if step is not None and 0 < step <= SimulatedDay.steps}
    assert len(middle) >= 3, interrupted


# ---- refusals: the flag named, exit 2, no traceback, nothing changed ------------------------------


def refused(argv: tuple[str, ...], code: str, flag: str) -> None:
    status, out, err = run(*argv)
    assert status == 2, (out, err)
    assert out == ""
    assert f": {code}: " in err, err
    assert flag in err, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.fixture
def finished_day(tmp_path: Path) -> Path:
    path = tmp_path / "day.sqlite"
    status, _, err = run("simulate", "--records", "30", "--agents", "2", "--store", str(path),
                         "--synchronous", "normal")  # fmt: skip
    assert status == 0, err
    return path


class Stopped(Exception):
    """The day stopped here (as a killed process would)."""


@pytest.fixture
def half_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A day of `--records 30 --agents 2` stopped after step 300."""
    path = tmp_path / "half.sqlite"
    real_run = SimulatedDay.run_step

    def stopping(day: SimulatedDay) -> None:
        if day.step == 300:
            raise Stopped
        real_run(day)

    with monkeypatch.context() as patched:
        patched.setattr(SimulatedDay, "run_step", stopping)
        with pytest.raises(Stopped):
            _stored_day.run_stored_day(
                path, DayParameters(records=30, agents=2), resume=False, synchronous="normal",
                sinks=[],
            )  # fmt: skip
    assert _committed_step(path) == 300
    return path


HALF_DAY = ("simulate", "--records", "30", "--agents", "2", "--resume")


def test_a_store_holding_a_day_is_not_overwritten(finished_day: Path) -> None:
    before = finished_day.read_bytes()
    refused(("simulate", "--records", "30", "--agents", "2", "--store", str(finished_day)),
            "store-not-empty", "--store")  # fmt: skip
    assert finished_day.read_bytes() == before


@pytest.mark.parametrize(
    ("flags", "flag"),
    [
        (("--records", "31", "--agents", "2"), "--records"),
        (("--records", "30", "--agents", "3"), "--agents"),
        (("--records", "30", "--agents", "2", "--seed", "1"), "--seed"),
        (("--records", "30", "--agents", "2", "--mode", "preview"), "--mode"),
        (("--records", "30", "--agents", "2", "--abandon-target", "5"), "--abandon-target"),
        (("--records", "30", "--agents", "2", "--pacing", "progressive"), "--pacing"),
    ],
)
def test_a_day_is_resumed_with_its_own_flags_only(
    finished_day: Path, flags: tuple[str, ...], flag: str
) -> None:
    before = finished_day.read_bytes()
    refused(("simulate", *flags, "--store", str(finished_day), "--resume"),
            "resume-mismatch", flag)  # fmt: skip
    assert finished_day.read_bytes() == before


def test_a_store_of_calling_lists_holds_no_day(tmp_path: Path) -> None:
    path = tmp_path / "lists.sqlite"
    assert run("list", "import", str(FIXTURE), "--store", str(path), "--zones", "104=EST")[0] == 0
    before = path.read_bytes()
    refused(("simulate", "--store", str(path), "--resume"), "store-not-a-day", "--store")
    refused(("simulate", "--store", str(path)), "store-not-empty", "--store")
    assert path.read_bytes() == before


def test_a_day_that_does_not_rebuild_to_what_the_file_holds_is_not_resumed(
    half_day: Path,
) -> None:
    """--resume builds the day again to its stored step and compares: a file changed behind
    the library's back (here the leases' id counter) is refused, and left as it is."""
    with sqlite3.connect(half_day, isolation_level=None) as changing:
        (data,) = changing.execute("SELECT data FROM parts WHERE name = 'leases'").fetchone()
        leases = json.loads(data)
        leases["counter"] += 1
        changing.execute("UPDATE parts SET data = ? WHERE name = 'leases'", (json.dumps(leases),))
    before = half_day.read_bytes()
    refused((*HALF_DAY, "--store", str(half_day)), "resume-mismatch", "--resume")
    assert half_day.read_bytes() == before


def test_a_saved_server_that_is_not_a_day_is_not_resumed(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite"
    with SqliteStore(path) as store:
        store.save(InMemoryOutboundServer(NOW).snapshot())
    before = path.read_bytes()
    refused(("simulate", "--store", str(path), "--resume"), "store-not-a-day", "--store")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (("simulate", "--resume"), "--resume"),
        (("simulate", "--synchronous", "normal"), "--synchronous"),
    ],
)
def test_store_flags_need_a_store(argv: tuple[str, ...], flag: str) -> None:
    refused(argv, "invalid-value", flag)


def test_a_locked_store_is_refused(half_day: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = _stored_day.SqliteStore
    monkeypatch.setattr(
        _stored_day, "SqliteStore", lambda path, **kw: real(path, busy_timeout=0.05, **kw)
    )
    before = half_day.read_bytes()
    holder = sqlite3.connect(half_day, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        refused((*HALF_DAY, "--store", str(half_day)), "store-locked", "--store")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert half_day.read_bytes() == before
    assert _committed_step(half_day) == 300


def test_a_store_another_store_has_claimed_is_refused(half_day: Path, tmp_path: Path) -> None:
    """A day's file is claimed by its writer: a second run beside it, new or resumed, is
    refused with store-locked (not resume-mismatch from a file still being written)."""
    empty = tmp_path / "new.sqlite"
    for path, argv in ((half_day, HALF_DAY), (empty, HALF_DAY[:-1])):
        with SqliteStore(path) as writer:
            writer.claim()
            before = path.read_bytes()
            refused((*argv, "--store", str(path)), "store-locked", "--store")
            assert path.read_bytes() == before
    # Once the writer is closed, the day resumes.
    status, _, err = run(*HALF_DAY, "--store", str(half_day))
    assert status == 0, err


def test_a_resume_beside_a_running_day_is_refused_and_the_day_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "day.sqlite"
    day = ("simulate", "--records", "3000", "--agents", "20", "--seed", "3", "--json")
    argv = _command(*day, "--store", str(path), "--synchronous", "normal")
    running = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not _committed_step(path) and running.poll() is None:
            assert time.monotonic() < deadline, "the day wrote no step"
            time.sleep(0.01)
        beside = subprocess.run(
            _command(*day, "--store", str(path), "--resume"),
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert running.poll() is None, "the day ended before the second run was refused"
        assert beside.returncode == 2, beside.stderr
        assert ": store-locked: " in beside.stderr
        assert "--store" in beside.stderr
        out, err = running.communicate(timeout=300)
    finally:
        running.kill()
        running.wait()
    assert running.returncode == 0, err
    assert json.loads(out)["consistent"]


def test_a_half_day_on_a_locked_store_stops_cleanly_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock taken in the middle of the day: the step that cannot commit is refused, what was
    committed stays, and --resume ends the day as if nothing happened."""
    path = tmp_path / "day.sqlite"
    argv = ("simulate", "--records", "40", "--agents", "3", "--json", "--store", str(path),
            "--synchronous", "normal")  # fmt: skip
    status, expected, err = run(*argv[:-4])
    assert status == 0, err
    holder = sqlite3.connect(path, isolation_level=None)

    class LockedMidDay(_stored_day.SqliteStore):
        """Another program takes the write lock before the store's 300th transaction."""

        def transaction(self) -> Any:
            if self.transactions == 300 and not (self.in_transaction or holder.in_transaction):
                holder.execute("BEGIN IMMEDIATE")
            return super().transaction()

    monkeypatch.setattr(
        _stored_day, "SqliteStore", lambda path, **kw: LockedMidDay(path, busy_timeout=0.05, **kw)
    )
    try:
        refused(argv, "store-locked", "--store")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    step = _committed_step(path)
    assert step is not None
    assert 0 < step < SimulatedDay.steps
    monkeypatch.undo()
    status, out, err = run(*argv, "--resume")
    assert (status, out) == (0, expected), err


def test_a_read_only_store_is_refused(half_day: Path) -> None:
    before = half_day.read_bytes()
    with unwritable(half_day):
        refused((*HALF_DAY, "--store", str(half_day)), "store-read-only", "--store")
    assert half_day.read_bytes() == before


def test_a_damaged_store_is_refused(tmp_path: Path, half_day: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all\n" * 200)
    refused(("simulate", "--store", str(garbage), "--resume"), "store-not-a-database", "--store")
    assert garbage.read_bytes() == b"not a database at all\n" * 200
    with sqlite3.connect(half_day) as folding:  # the log into the file, so the damage counts
        folding.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(half_day.read_bytes())
    data[len(data) // 3 : 2 * len(data) // 3] = b"\xff" * (2 * len(data) // 3 - len(data) // 3)
    damaged.write_bytes(bytes(data))
    refused((*HALF_DAY, "--store", str(damaged)), "store-corrupt", "--store")
    assert damaged.read_bytes() == bytes(data)


def test_a_store_of_a_newer_schema_is_refused(half_day: Path) -> None:
    with sqlite3.connect(half_day, isolation_level=None) as newer:
        newer.execute("PRAGMA user_version = 99")
        newer.execute("INSERT INTO schema_version (version, note) VALUES (99, 'later')")
    before = half_day.read_bytes()
    refused((*HALF_DAY, "--store", str(half_day)), "store-newer-schema", "--store")
    assert half_day.read_bytes() == before


def test_a_full_disk_is_refused_and_the_day_resumes_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "day.sqlite"
    argv = ("simulate", "--records", "60", "--agents", "3", "--json", "--store", str(path))
    status, expected, err = run(*argv[:-2])
    assert status == 0, err
    real = _stored_day.SqliteStore
    monkeypatch.setattr(
        _stored_day, "SqliteStore", lambda path, **kw: real(path, max_pages=90, **kw)
    )
    refused(argv, "store-full", "--store")
    step = _committed_step(path)
    monkeypatch.setattr(_stored_day, "SqliteStore", real)
    status, out, err = run(*argv, "--resume")
    assert (status, out) == (0, expected), err
    assert step is None or step < SimulatedDay.steps + 2
