"""A durable store for the outbound server and its calling lists, on the standard library's
SQLite (`SqliteStore`).

What is stored where is `docs/concepts/storage.md`; each module says how its tables are laid
out: `list_tables` (calling lists in the Genesys column layout), `record_tables` (the record
store: chains, queues), `parts` (the other parts of a server), `heaps` (queues and their
operation log), `trace_table`, `schema` (versions and migrations).
"""

from __future__ import annotations

from outbound_core.storage.journal_writer import SqliteJournal
from outbound_core.storage.list_catalog import ListInfo
from outbound_core.storage.list_tables import ListRow
from outbound_core.storage.record_tables import ChainRow
from outbound_core.storage.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from outbound_core.storage.sqlite_store import SqliteStore, Synchronous

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ChainRow",
    "ListInfo",
    "ListRow",
    "Migration",
    "SqliteJournal",
    "SqliteStore",
    "Synchronous",
]
