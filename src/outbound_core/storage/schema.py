"""The store's schema: its tables, its version and the migrations between versions.

The schema version is kept twice: in SQLite's `PRAGMA user_version` (read before anything
else, so a store from a newer library is refused before it is touched) and in the table
`schema_version`, one row per migration applied, saying what it brought. Migrations are an
ordered list of functions, each taking a database from one version to the next inside the
transaction that opens the store; a new database runs them all.

| version | what it brought |
|---|---|
| 1 | the tables of a full snapshot: the parts, calling lists, chains, queues and the trace |
| 2 | `heap_ops`, the log of queue operations that per-command commits append to |
| 3 | `callbacks.retry` and `chain_treatments`: treatment retries and each chain's attempt history and pass as rows, so a command writes its chain's, not all of them |

The calling-list tables (`calling_list_<id>`) are made as lists are; a migration that changes
their layout walks the catalog `calling_lists`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, Final

import attrs

from outbound_core.storage.cells import from_json, to_json

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "migrate", "schema_version"]

_VERSION_1: Final = (
    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, note TEXT NOT NULL)",
    # One row per key of the server's snapshot, in snapshot order; `data` is the JSON of the
    # part less what a table below holds (NULL when a table holds all of it).
    "CREATE TABLE parts (name TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT)",
    "CREATE TABLE settings (name TEXT PRIMARY KEY, position INTEGER NOT NULL, value TEXT)",
    "CREATE TABLE stats (name TEXT PRIMARY KEY, position INTEGER NOT NULL, value TEXT)",
    "CREATE TABLE campaigns (position INTEGER PRIMARY KEY, name TEXT, mode TEXT, state TEXT,"
    " data TEXT NOT NULL)",
    "CREATE TABLE agent_sessions (position INTEGER PRIMARY KEY, agent_id TEXT, state TEXT,"
    " data TEXT NOT NULL)",
    "CREATE TABLE leases (position INTEGER PRIMARY KEY, delivery_id TEXT, agent_id TEXT,"
    " chain_key INTEGER, slot INTEGER, data TEXT NOT NULL)",
    "CREATE TABLE web_callbacks (position INTEGER PRIMARY KEY, request_id TEXT, state TEXT,"
    " agent_id TEXT, data TEXT NOT NULL)",
    "CREATE TABLE callbacks (chain_key INTEGER PRIMARY KEY, slot INTEGER, owner TEXT,"
    " owned INTEGER NOT NULL, due_since REAL)",
    "CREATE TABLE dnc (kind TEXT NOT NULL, value NOT NULL, PRIMARY KEY (kind, value))"
    " WITHOUT ROWID",
    "CREATE TABLE calling_lists (list_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " table_name TEXT NOT NULL, campaign_index INTEGER UNIQUE, tz_column TEXT NOT NULL,"
    " zones TEXT NOT NULL)",
    "CREATE TABLE list_columns (list_id INTEGER NOT NULL, position INTEGER NOT NULL,"
    " field TEXT NOT NULL, kind TEXT NOT NULL, column_name TEXT NOT NULL,"
    " PRIMARY KEY (list_id, position)) WITHOUT ROWID",
    "CREATE TABLE chains (chain_key INTEGER PRIMARY KEY, campaign_index INTEGER NOT NULL,"
    " place INTEGER NOT NULL, version INTEGER NOT NULL, returned_by TEXT)",
    "CREATE TABLE heaps (name TEXT PRIMARY KEY, position INTEGER NOT NULL)",
    "CREATE TABLE heap_entries (heap TEXT NOT NULL, position INTEGER NOT NULL, rank INTEGER,"
    " due REAL NOT NULL, chain_key INTEGER NOT NULL, version INTEGER NOT NULL,"
    " PRIMARY KEY (heap, position)) WITHOUT ROWID",
    "CREATE TABLE trace (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, kind TEXT NOT NULL,"
    " event TEXT NOT NULL, agent_id TEXT, interaction_id TEXT, record_handle INTEGER,"
    " chain_id INTEGER, mode TEXT, state_before TEXT, state_after TEXT, args TEXT NOT NULL)",
)
_VERSION_2: Final = (
    # A queue's order depends on every push and pop, so a command logs them here (a pop has
    # no entry) instead of rewriting the queue; a full save folds the log into heap_entries.
    "CREATE TABLE heap_ops (seq INTEGER PRIMARY KEY, heap TEXT NOT NULL, entry TEXT)",
)
_VERSION_3: Final = (
    # Whether a chain's pending wake-up is a treatment's retry rather than a callback.
    "ALTER TABLE callbacks ADD COLUMN retry INTEGER NOT NULL DEFAULT 0",
    # A chain's attempt history (JSON) and pass through the chain, while it has them.
    "CREATE TABLE chain_treatments (chain_key INTEGER PRIMARY KEY, pass INTEGER, history TEXT)",
)


def _part_data(connection: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    row = connection.execute("SELECT data FROM parts WHERE name = ?", (name,)).fetchone()
    data = None if row is None else from_json(row[0])
    return data if isinstance(data, dict) else None


def _chain_keys(mapping: object) -> dict[int, Any]:
    if not isinstance(mapping, dict):
        return {}
    return {
        int(k): v
        for k, v in mapping.items()
        if isinstance(k, str) and k.isascii() and k.isdecimal()
    }


def _rows_of_version_3(connection: sqlite3.Connection) -> None:
    """Move what version 2 kept in `parts.data` into version 3's rows: the retries of the
    part `callbacks`, the histories and passes of the part `treatments`."""
    callbacks = _part_data(connection, "callbacks")
    if callbacks is not None and isinstance(callbacks.get("retries"), list):
        for key in callbacks["retries"]:
            if type(key) is int:
                connection.execute(
                    "INSERT INTO callbacks (chain_key, owned, retry) VALUES (?, 0, 1) "
                    "ON CONFLICT (chain_key) DO UPDATE SET retry = 1",
                    (key,),
                )
        callbacks["retries"] = None
        connection.execute(
            "UPDATE parts SET data = ? WHERE name = 'callbacks'", (to_json(callbacks),)
        )
    treatments = _part_data(connection, "treatments")
    if treatments is not None and "history" in treatments and "passes" in treatments:
        history = _chain_keys(treatments["history"])
        passes = _chain_keys(treatments["passes"])
        connection.executemany(
            "INSERT INTO chain_treatments (chain_key, pass, history) VALUES (?, ?, ?)",
            [
                (key, passes.get(key), None if key not in history else to_json(history[key]))
                for key in sorted(history.keys() | passes.keys())
            ],
        )
        treatments["history"] = treatments["passes"] = None
        connection.execute(
            "UPDATE parts SET data = ? WHERE name = 'treatments'", (to_json(treatments),)
        )


@attrs.define(frozen=True, slots=True)
class Migration:
    """One step of the schema: from `version - 1` to `version`."""

    version: int
    note: str
    statements: tuple[str, ...]
    #: What moves the rows an older version wrote to the new tables, after the statements.
    move_rows: Callable[[sqlite3.Connection], None] | None = None

    def apply(self, connection: sqlite3.Connection) -> None:
        """Run the step's statements and record it (inside the caller's transaction)."""
        for statement in self.statements:
            connection.execute(statement)
        if self.move_rows is not None:
            self.move_rows(connection)
        connection.execute(
            "INSERT INTO schema_version (version, note) VALUES (?, ?)", (self.version, self.note)
        )
        connection.execute(f"PRAGMA user_version = {int(self.version)}")


#: Every migration, in order: `MIGRATIONS[n]` takes version n to n + 1.
MIGRATIONS: Final = (
    Migration(1, "the tables of a full snapshot", _VERSION_1),
    Migration(2, "heap_ops: the log of queue operations of per-command commits", _VERSION_2),
    Migration(
        3,
        "callbacks.retry and chain_treatments: retries, histories and passes chain by chain",
        _VERSION_3,
        _rows_of_version_3,
    ),
)
#: The schema version this library writes.
SCHEMA_VERSION: Final = MIGRATIONS[-1].version


def schema_version(connection: sqlite3.Connection) -> int:
    """The database's schema version (0 for a new, empty one)."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, to: int = SCHEMA_VERSION) -> int:
    """Take the database from its version to `to` (inside the caller's transaction); returns
    the version it had."""
    found = schema_version(connection)
    for step in MIGRATIONS[found:to]:
        step.apply(connection)
    return found
