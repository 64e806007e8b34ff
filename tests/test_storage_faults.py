"""Every fault of the SQLite store is a clear StorageError that changes nothing (issue 17).

"Nothing changed" is checked on the file's bytes where the store never began to write, and on
the database's contents (every row of every table, read by a separate connection) where it did:
a rolled-back transaction may leave bytes in the write-ahead log that no reader ever sees.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from outbound_core.errors import ErrorCode, InvalidValue, StorageError
from outbound_core.records import Record
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.storage import SqliteStore
from outbound_core.storage.schema import SCHEMA_VERSION

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)


def server(records: int = 20, campaign: str = "c") -> InMemoryOutboundServer:
    made = InMemoryOutboundServer(NOW)
    made.add_campaign(campaign, "Preview")
    made.load_chains(
        campaign,
        [
            [Record(record_handle=n, chain_id=n, phone=f"+1 555 {n:07d}", tz_name="EST",
                    custom={"Note": "x" * 40})]
            for n in range(1, records + 1)
        ],
    )  # fmt: skip
    return made


def contents(path: Path) -> list[str]:
    """Every row of every table, as SQL, read by a connection of its own."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as reader:
        return list(reader.iterdump())


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A store holding a small server, closed (its log folded into the file)."""
    path = tmp_path / "day.sqlite"
    snapshot = server().snapshot()
    with SqliteStore(path) as store:
        store.save(snapshot)
    return path, snapshot


def refused(code: ErrorCode, action: Any) -> StorageError:
    with pytest.raises(StorageError) as caught:
        action()
    assert caught.value.code == code, caught.value.message
    assert caught.value.details["path"]
    return caught.value


def test_a_locked_store_is_refused_after_the_busy_timeout(
    saved: tuple[Path, dict[str, Any]],
) -> None:
    path, snapshot = saved
    before = contents(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with SqliteStore(path, busy_timeout=0.05) as store:
            error = refused(ErrorCode.STORE_LOCKED, lambda: store.save(server(5).snapshot()))
            assert "try again" in error.message
            refused(ErrorCode.STORE_LOCKED, lambda: store.put_part("stats", {"x": 1}))
            assert store.load() == snapshot  # reading is not blocked (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert contents(path) == before
    with SqliteStore(path) as store:
        store.save(server(5).snapshot())  # once the lock is gone, writing works


def test_one_open_store_at_a_time_claims_the_file(saved: tuple[Path, dict[str, Any]]) -> None:
    path, snapshot = saved
    first = SqliteStore(path)
    first.claim()
    first.claim()  # claiming again is a no-op
    with SqliteStore(path) as second:
        error = refused(ErrorCode.STORE_LOCKED, second.claim)
        assert "another process is writing it" in error.message
        assert second.load() == snapshot  # a store that does not claim still reads
    with SqliteStore(path, read_only=True) as reader:
        refused(ErrorCode.STORE_READ_ONLY, reader.claim)
    first.close()
    with SqliteStore(path) as second:
        second.claim()  # closing let the claim go


def test_a_claim_ends_with_its_process_however_it_ends(
    saved: tuple[Path, dict[str, Any]],
) -> None:
    path, _ = saved
    code = (
        "import sys, time; from outbound_core.storage import SqliteStore; "
        f"s = SqliteStore({str(path)!r}); s.claim(); print('claimed', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "claimed"
        with SqliteStore(path) as store:
            refused(ErrorCode.STORE_LOCKED, store.claim)
    finally:
        holder.kill()  # SIGKILL: no close, no cleanup
        holder.wait()
    with SqliteStore(path) as store:
        store.claim()


def test_a_store_opened_read_only_refuses_every_write(
    saved: tuple[Path, dict[str, Any]],
) -> None:
    path, snapshot = saved
    before = path.read_bytes()
    with SqliteStore(path, read_only=True) as store:
        assert store.load() == snapshot
        refused(ErrorCode.STORE_READ_ONLY, lambda: store.save(server(5).snapshot()))
        refused(ErrorCode.STORE_READ_ONLY, lambda: store.append_trace([]))
    assert path.read_bytes() == before


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """`path` cannot be written while inside: by its mode, or (for root, whom modes do not
    stop) by the immutable attribute; skips the test where neither is possible."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not root:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode:
        pytest.skip("root writes read-only files, and chattr +i is not available")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_a_read_only_file_is_refused(saved: tuple[Path, dict[str, Any]]) -> None:
    path, snapshot = saved
    before = path.read_bytes()
    with unwritable(path), SqliteStore(path) as store:
        assert store.load() == snapshot
        refused(ErrorCode.STORE_READ_ONLY, lambda: store.save(server(5).snapshot()))
        assert store.load() == snapshot
    assert path.read_bytes() == before


def test_a_read_only_folder_is_refused(saved: tuple[Path, dict[str, Any]]) -> None:
    path, _ = saved
    before = path.read_bytes()
    with unwritable(path.parent):
        # The write-ahead log cannot be made beside the file.
        error = refused(ErrorCode.STORE_CANNOT_OPEN, lambda: SqliteStore(path))
        assert "written" in error.message
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_file_of_garbage_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    refused(ErrorCode.STORE_NOT_A_DATABASE, lambda: SqliteStore(path))
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.sqlite"]


def test_an_sqlite_database_of_another_program_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    error = refused(ErrorCode.STORE_NOT_A_DATABASE, lambda: SqliteStore(path))
    assert "did not make" in error.message
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", ["truncated", "truncated-mid-page", "first-page", "a-page"])
def test_a_damaged_file_is_corrupt(saved: tuple[Path, dict[str, Any]], damage: str) -> None:
    path, _ = saved
    raw = bytearray(path.read_bytes())
    size = len(raw)
    if damage == "truncated":
        raw = raw[: size // 2]
    elif damage == "truncated-mid-page":
        raw = raw[: size // 2 + 100]
    elif damage == "first-page":
        raw[100:4096] = b"\xa5" * 3996
    else:
        raw[8192 : 8192 + 4096] = b"\x5a" * 4096
    path.write_bytes(bytes(raw))

    def open_and_load() -> None:
        with SqliteStore(path) as store:
            store.load()

    refused(ErrorCode.STORE_CORRUPT, open_and_load)
    assert path.read_bytes() == bytes(raw)


def test_rows_the_library_did_not_write_are_corrupt(saved: tuple[Path, dict[str, Any]]) -> None:
    path, _ = saved
    with sqlite3.connect(path) as other:
        other.execute("UPDATE parts SET data = '{not json' WHERE name = 'leases'")
    before = contents(path)
    with SqliteStore(path) as store:
        error = refused(ErrorCode.STORE_CORRUPT, store.load)
        assert "did not write" in error.message
    assert contents(path) == before


def test_a_newer_schema_is_refused_before_anything_is_touched(
    saved: tuple[Path, dict[str, Any]],
) -> None:
    path, _ = saved
    with sqlite3.connect(path) as other:
        other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    error = refused(ErrorCode.STORE_NEWER_SCHEMA, lambda: SqliteStore(path))
    assert error.details["schema_version"] == SCHEMA_VERSION + 1
    refused(ErrorCode.STORE_NEWER_SCHEMA, lambda: SqliteStore(path, read_only=True))
    assert path.read_bytes() == before


def test_a_full_disk_rolls_the_save_back(saved: tuple[Path, dict[str, Any]]) -> None:
    path, snapshot = saved
    before = contents(path)
    pages = path.stat().st_size // 4096 + 2
    with SqliteStore(path, max_pages=pages) as store:
        error = refused(ErrorCode.STORE_FULL, lambda: store.save(server(2000).snapshot()))
        assert "free space" in error.message
        assert store.load() == snapshot
        assert contents(path) == before
        store.put_part("stats", {"after": 1})  # a small write still fits
        assert store.load()["stats"] == {"after": 1}


def test_a_missing_folder_cannot_be_opened_and_nothing_is_made(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder" / "day.sqlite"
    error = refused(ErrorCode.STORE_CANNOT_OPEN, lambda: SqliteStore(path))
    assert "folder" in error.message
    assert list(tmp_path.iterdir()) == []


def test_an_existing_store_is_needed_where_one_is_read(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    refused(ErrorCode.STORE_CANNOT_OPEN, lambda: SqliteStore(path, create=False))
    refused(ErrorCode.STORE_CANNOT_OPEN, lambda: SqliteStore(path, read_only=True))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"synchronous": "off"},
        {"synchronous": None},
        {"busy_timeout": -1},
        {"busy_timeout": float("nan")},
        {"busy_timeout": True},
        {"max_pages": 0},
        {"max_pages": 2.5},
    ],
)
def test_bad_settings_are_refused_before_the_file_is_made(tmp_path: Path, kwargs: Any) -> None:
    with pytest.raises(InvalidValue):
        SqliteStore(tmp_path / "s.sqlite", **kwargs)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("path", ["", "   ", "a\x00b", None, 7, b"x.sqlite"])
def test_a_store_is_a_file_path(path: Any) -> None:
    with pytest.raises(InvalidValue):
        SqliteStore(path)


def test_a_bad_snapshot_is_refused_and_changes_nothing(
    saved: tuple[Path, dict[str, Any]],
) -> None:
    path, snapshot = saved
    before = contents(path)
    store_part = snapshot["store"]
    bad: list[Any] = [
        None,
        [],
        {1: "x"},
        {**snapshot, "store": {**store_part, "status": store_part["status"][:-1]}},
        {**snapshot, "store": {**store_part, "chains": [[0, 0], *store_part["chains"][1:]]}},
        {**snapshot, "store": {**store_part, "queues": [[["x", 0.0, 1, 0]]]}},
        {**snapshot, "campaigns": "not a list"},
        {**snapshot, "stats": {"n": {1, 2}}},
        {**snapshot, "dnc": {"numbers": [1], "contacts": [], "chains": []}},
        {**snapshot, "callbacks": {**snapshot["callbacks"], "slot": {"x": 1}}},
        {**snapshot, "store": {**store_part, "records": [{"record_handle": 1}] * 20}},
    ]
    with SqliteStore(path) as store:
        for value in bad:
            with pytest.raises(InvalidValue):
                store.save(value)
        assert store.load() == snapshot
    assert contents(path) == before
