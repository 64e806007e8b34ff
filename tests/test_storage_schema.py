"""The store's schema version and its migrations (issue 17)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from outbound_core.errors import ErrorCode, StorageError
from outbound_core.records import Record
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.simulation.day import DayParameters, SimulatedDay
from outbound_core.storage import MIGRATIONS, SCHEMA_VERSION, SqliteStore
from outbound_core.storage.schema import migrate, schema_version

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)


def test_the_migrations_are_numbered_one_by_one() -> None:
    assert [step.version for step in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    assert all(step.note for step in MIGRATIONS)


def test_a_new_store_has_the_current_version_twice(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.sqlite") as store:
        assert store.schema_version == SCHEMA_VERSION
    with sqlite3.connect(tmp_path / "s.sqlite") as reader:
        rows = reader.execute("SELECT version, note FROM schema_version ORDER BY version")
        assert rows.fetchall() == [(step.version, step.note) for step in MIGRATIONS]
        assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_migration_is_part_of_its_transaction() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("BEGIN")
    assert migrate(connection) == 0
    assert schema_version(connection) == SCHEMA_VERSION
    connection.execute("ROLLBACK")
    assert schema_version(connection) == 0
    assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def _undo_version_3(connection: sqlite3.Connection) -> None:
    """Keep what version 3 keeps in rows as version 2 kept it: in `parts.data`."""

    def data(name: str) -> dict[str, Any]:
        row = connection.execute("SELECT data FROM parts WHERE name = ?", (name,)).fetchone()
        return dict(json.loads(row[0]))

    def write(name: str, value: dict[str, Any]) -> None:
        connection.execute("UPDATE parts SET data = ? WHERE name = ?", (json.dumps(value), name))

    callbacks = data("callbacks")
    rows = connection.execute("SELECT chain_key FROM callbacks WHERE retry ORDER BY chain_key")
    callbacks["retries"] = [key for (key,) in rows]
    write("callbacks", callbacks)
    connection.execute("DELETE FROM callbacks WHERE slot IS NULL AND NOT owned")
    treatments = data("treatments")
    rows = connection.execute("SELECT chain_key, pass, history FROM chain_treatments")
    found = rows.fetchall()
    treatments["history"] = {str(k): json.loads(h) for k, _, h in found if h is not None}
    treatments["passes"] = {str(k): n for k, n, _ in found if n is not None}
    write("treatments", treatments)
    connection.execute("ALTER TABLE callbacks DROP COLUMN retry")
    connection.execute("DROP TABLE chain_treatments")


def _older_store(path: Path, server: InMemoryOutboundServer, version: int) -> None:
    """A store as version `version` of the schema left it (1: full snapshots, no queue log;
    2: treatment retries, histories and passes as JSON in `parts`)."""
    with SqliteStore(path) as store:
        store.save(server.snapshot())
    with sqlite3.connect(path, isolation_level=None) as old:
        _undo_version_3(old)
        if version < 2:
            old.execute("DROP TABLE heap_ops")
        old.execute("DELETE FROM schema_version WHERE version > ?", (version,))
        old.execute(f"PRAGMA user_version = {version}")
        old.execute("PRAGMA journal_mode = DELETE")
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("BEGIN")
    migrate(connection, to=version)
    fresh = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    with sqlite3.connect(path) as old:
        tables = {row[0] for row in old.execute("SELECT name FROM sqlite_master")}
    # The fixture holds exactly the version's tables and the calling lists made by the save.
    assert {t for t in tables if not t.startswith("calling_list_")} == fresh


def _version_1_store(path: Path, server: InMemoryOutboundServer) -> None:
    _older_store(path, server, 1)


def test_a_version_1_store_is_migrated_when_opened_and_keeps_its_server(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("c", "Preview")
    server.load_chains(
        "c", [[Record(record_handle=n, chain_id=n, phone=f"55{n}", tz_name="UTC")] for n in (1, 2)]
    )
    _version_1_store(path, server)
    with SqliteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.load() == server.snapshot()
        store.log_heap([("campaign/0", (4, 0.0, 1, 9))])  # the log version 2 brought
        assert [4, 0.0, 1, 9] in store.load()["store"]["queues"][0]
    with sqlite3.connect(path) as reader:
        assert reader.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        versions = reader.execute("SELECT version FROM schema_version ORDER BY version")
        assert [v for (v,) in versions] == list(range(1, SCHEMA_VERSION + 1))


def test_a_store_opened_read_only_is_not_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    _version_1_store(path, InMemoryOutboundServer(NOW))
    before = path.read_bytes()
    with pytest.raises(StorageError, match="open it for writing once") as caught:
        SqliteStore(path, read_only=True)
    assert caught.value.code == ErrorCode.STORE_READ_ONLY
    assert path.read_bytes() == before


def test_a_version_2_store_gets_its_retries_and_histories_in_rows(tmp_path: Path) -> None:
    day = SimulatedDay.start(DayParameters(records=200, agents=6, mode="predictive", seed=1))
    for _ in range(500):
        day.run_step()
    snapshot = day.server.snapshot()
    assert snapshot["callbacks"]["retries"]
    assert snapshot["treatments"]["history"]
    path = tmp_path / "v2.sqlite"
    _older_store(path, day.server, 2)
    with sqlite3.connect(path) as reader:
        (data,) = reader.execute("SELECT data FROM parts WHERE name = 'treatments'").fetchone()
        assert json.loads(data)["history"]  # version 2 kept them whole
    with SqliteStore(path) as store:
        assert store.load() == snapshot
    with sqlite3.connect(path) as reader:
        (data,) = reader.execute("SELECT data FROM parts WHERE name = 'treatments'").fetchone()
        assert json.loads(data)["history"] is None  # now in chain_treatments
        rows = reader.execute("SELECT count(*) FROM callbacks WHERE retry").fetchone()
        assert rows == (len(snapshot["callbacks"]["retries"]),)
