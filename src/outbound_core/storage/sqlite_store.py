"""`SqliteStore`: an outbound server and its calling lists in one SQLite file.

The store keeps what `InMemoryOutboundServer.snapshot()` holds, in tables a person can query
(`outbound_core.storage` describes them), and calling lists in the Genesys column layout. It is
written two ways: whole (`save`, read back by `load`), and by the changes of one command
(`upsert_records`, `upsert_chains`, `log_heap`, `put_part`, `append_trace`, ...) grouped in one
`transaction()`, which commits before it returns or changes nothing.

The file is in WAL mode (readers do not block the writer); `synchronous` says how hard a commit
waits for the disk: `full` (the default) syncs the log at every commit, so a committed
transaction survives a power cut; `normal` syncs only at checkpoints, so a commit survives a
crash of the process but the last ones may be lost with the machine.

Every SQLite failure becomes a `StorageError` with a stable code (`store-locked`,
`store-read-only`, `store-corrupt`, `store-not-a-database`, `store-newer-schema`,
`store-full`, `store-cannot-open`, `store-io`), and a transaction that fails is rolled back.

SQLite lets one writer in at a time, transaction by transaction; two servers journaling into one
file would still interleave their transactions and overwrite each other's state. `claim()`
makes one open store the file's writer until it is closed (an advisory lock on the file, which
the operating system drops when the process ends, however it ends): another store that claims
the file is refused with `store-locked`. `outbound-core simulate --store` claims its file
before it reads or writes it.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from outbound_core.errors import (
    ErrorCode,
    InvalidValue,
    NotFound,
    OutboundError,
    StorageError,
    shorten,
)
from outbound_core.journal import heap_owner
from outbound_core.records import CallingListRecord
from outbound_core.storage.cells import write_text
from outbound_core.storage.faults import storage_error
from outbound_core.storage.heaps import declare_heap, log_heap_ops, read_heaps, write_heap
from outbound_core.storage.list_catalog import (
    ListInfo,
    drop_list,
    import_rows,
    list_infos,
    list_records,
)
from outbound_core.storage.list_tables import ListLayout, ListRow
from outbound_core.storage.parts import upsert_items, write_part
from outbound_core.storage.record_tables import ALL_PARTS, ChainRow, campaign_rows, upsert_chains
from outbound_core.storage.schema import SCHEMA_VERSION, migrate, schema_version
from outbound_core.storage.snapshots import has_snapshot, read_snapshot, write_snapshot
from outbound_core.storage.trace_table import append_trace, read_trace
from outbound_core.trace import TraceEvent

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock: claims are not made there
    fcntl = None  # type: ignore[assignment]

__all__ = ["SqliteStore", "Synchronous"]

_T = TypeVar("_T")
#: What bad input to a write raises from deep inside; reported as `InvalidValue`.
_INPUT_ERRORS = (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError)
#: What rows the library did not write raise when read; reported as `store-corrupt`.
_READ_ERRORS = (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError)


class Synchronous(StrEnum):
    """How hard a commit waits for the disk (SQLite's `PRAGMA synchronous` in WAL mode)."""

    FULL = "full"
    NORMAL = "normal"

    @classmethod
    def parse(cls, value: object) -> Synchronous:
        """`full` or `normal` (any case).

        Raises:
            InvalidValue: anything else.
        """
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                pass
        raise InvalidValue(
            f"synchronous is full or normal, not {shorten(value)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(value),
        )


def _seconds(value: object, name: str) -> float:
    if isinstance(value, int | float) and type(value) is not bool:
        seconds = float(value)
        if math.isfinite(seconds) and 0 <= seconds <= 3600:
            return seconds
    raise InvalidValue(
        f"{name} is a number of seconds from 0 to 3600, not {shorten(value)}",
        code=ErrorCode.INVALID_VALUE,
        value=shorten(value),
    )


class SqliteStore:
    """A durable store in one SQLite file (see the module docs).

    Args:
        path: the database file; made (with its tables) when it does not exist and `create`.
        synchronous: `full` (default) or `normal` (see the module docs).
        busy_timeout: seconds to wait for another connection's write lock before giving up
            with `store-locked`.
        create: make the file when it does not exist (else `store-cannot-open`).
        read_only: open for reading only; every write fails with `store-read-only`.
        max_pages: a size limit in database pages (SQLite's `max_page_count`): a write
            beyond it fails with `store-full` and changes nothing.

    Raises:
        StorageError: the file cannot be opened, is not a store, or is from a newer library.
        InvalidValue: a bad setting.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        synchronous: Synchronous | str = Synchronous.FULL,
        busy_timeout: float = 5.0,
        create: bool = True,
        read_only: bool = False,
        max_pages: int | None = None,
    ) -> None:
        if not isinstance(path, str | PathLike) or not str(path).strip() or "\x00" in str(path):
            raise InvalidValue(
                f"a store is a file path, not {shorten(path)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(path),
            )
        if max_pages is not None and (type(max_pages) is not int or not 1 <= max_pages < 2**31):
            raise InvalidValue(
                f"max_pages is a whole number of pages from 1, not {shorten(max_pages)}",
                value=shorten(max_pages),
            )
        self.path = str(path)
        self.synchronous = Synchronous.parse(synchronous)
        self.read_only = bool(read_only)
        self._timeout = _seconds(busy_timeout, "busy_timeout")
        self._depth = 0
        self._begun = 0
        self._rolled_back = 0
        self._layouts: dict[int, ListLayout] = {}
        self._claim: int | None = None
        file = Path(self.path)
        if not file.exists() and (not create or read_only):
            raise StorageError(
                f"store {self.path}: no such file (an existing store is needed here)",
                code=ErrorCode.STORE_CANNOT_OPEN,
                path=self.path,
            )
        mode = "ro" if read_only else "rwc"
        try:
            uri = f"{file.absolute().as_uri()}?mode={mode}"
        except ValueError as error:
            raise InvalidValue(f"a store is a file path, not {shorten(path)}") from error
        try:
            self._connection = sqlite3.connect(
                uri, uri=True, timeout=self._timeout, isolation_level=None
            )
        except sqlite3.Error as error:
            raise storage_error(error, self.path, "open it") from None
        try:
            self._open(max_pages)
        except BaseException:
            self._connection.close()
            raise

    def _open(self, max_pages: int | None) -> None:
        connection = self._connection
        try:
            found = schema_version(connection)
            if found > SCHEMA_VERSION:
                raise StorageError(
                    f"store {self.path}: its schema version is {found}, newer than the "
                    f"{SCHEMA_VERSION} this library knows; use a newer outbound-core",
                    code=ErrorCode.STORE_NEWER_SCHEMA,
                    path=self.path,
                    schema_version=found,
                )
            if found == 0 and connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
                raise StorageError(
                    f"store {self.path}: an SQLite database that outbound-core did not make "
                    "(it has tables but no schema version)",
                    code=ErrorCode.STORE_NOT_A_DATABASE,
                    path=self.path,
                )
            if self.read_only:
                if found != SCHEMA_VERSION:
                    raise StorageError(
                        f"store {self.path}: schema version {found}; open it for writing once "
                        f"to migrate it to {SCHEMA_VERSION}",
                        code=ErrorCode.STORE_READ_ONLY,
                        path=self.path,
                    )
                return
            connection.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute(f"PRAGMA synchronous = {self.synchronous.value.upper()}")
            if max_pages is not None:
                connection.execute(f"PRAGMA max_page_count = {max_pages}")
            if found < SCHEMA_VERSION:
                with self.transaction():
                    migrate(connection)
        except sqlite3.Error as error:
            raise storage_error(error, self.path, "open it") from None

    # ---- the connection ----------------------------------------------------------------------

    def close(self) -> None:
        """Close the file (a transaction in progress is rolled back, a claim let go)."""
        self._connection.close()
        if self._claim is not None:
            os.close(self._claim)
            self._claim = None

    def claim(self) -> None:
        """Make this store the file's one writer until it is closed (see the module docs);
        claiming again is a no-op. Where the system has no `flock` (Windows), nothing is
        claimed.

        Raises:
            StorageError: `store-locked`, another open store (in this or another process)
                has claimed the file; `store-read-only`, this store was opened read-only.
        """
        if self._claim is not None or fcntl is None:
            return
        if self.read_only:
            raise StorageError(
                f"store {self.path}: opened read-only, it cannot be the file's writer",
                code=ErrorCode.STORE_READ_ONLY,
                path=self.path,
            )
        try:
            handle = os.open(self.path, os.O_RDONLY)
        except OSError as error:
            raise StorageError(
                f"store {self.path}: cannot open the file to claim it ({error.strerror})",
                code=ErrorCode.STORE_IO,
                path=self.path,
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            raise StorageError(
                f"store {self.path}: another process is writing it (a running simulate "
                "--store, or a server journaling into it); wait for it to end, or name "
                "another file",
                code=ErrorCode.STORE_LOCKED,
                path=self.path,
            ) from None
        self._claim = handle

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the file (`SCHEMA_VERSION` once open for writing)."""
        return self._read("read its schema version", schema_version)

    @property
    def in_transaction(self) -> bool:
        """Whether a `transaction()` is open."""
        return self._depth > 0

    @property
    def transactions(self) -> int:
        """How many outermost transactions this connection has begun: the number of the last
        (or the one open)."""
        return self._begun

    @property
    def last_rolled_back(self) -> int:
        """The number (`transactions`) of the last outermost transaction rolled back, or 0."""
        return self._rolled_back

    def _rollback(self) -> None:
        self._rolled_back = self._begun
        self._layouts.clear()
        if self._connection.in_transaction:
            with suppress(sqlite3.Error):  # SQLite may have rolled back already (a full disk)
                self._connection.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything written inside it is committed when the block
        ends, before this returns, or (on any error) nothing is. A transaction inside
        another joins it.

        Raises:
            StorageError: the transaction cannot begin or commit; nothing was written.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise StorageError(
                f"store {self.path}: opened read-only; open it for writing to change it",
                code=ErrorCode.STORE_READ_ONLY,
                path=self.path,
            )
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise storage_error(error, self.path, "begin a write") from None
        self._begun += 1
        self._depth = 1
        try:
            yield
            self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise storage_error(error, self.path, "write") from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _write(self, doing: str, write: Callable[[sqlite3.Connection], _T]) -> _T:
        with self.transaction():
            try:
                return write(self._connection)
            except OutboundError:
                raise
            except _INPUT_ERRORS as error:
                raise InvalidValue(
                    f"store {self.path}: cannot {doing}: {shorten(error, 120)}",
                    code=ErrorCode.INVALID_VALUE,
                    path=self.path,
                ) from None

    def _read(self, doing: str, read: Callable[[sqlite3.Connection], _T]) -> _T:
        connection = self._connection
        began = False
        try:
            if not connection.in_transaction:
                connection.execute("BEGIN")
                began = True
            return read(connection)
        except sqlite3.Error as error:
            raise storage_error(error, self.path, doing) from None
        except OutboundError:
            raise
        except _READ_ERRORS as error:
            raise StorageError(
                f"store {self.path}: cannot {doing}: rows the library did not write "
                f"({shorten(error, 120)})",
                code=ErrorCode.STORE_CORRUPT,
                path=self.path,
            ) from None
        finally:
            if began and connection.in_transaction:
                with suppress(sqlite3.Error):
                    connection.execute("COMMIT")

    # ---- whole servers -----------------------------------------------------------------------

    def save(self, snapshot: Mapping[str, Any]) -> None:
        """Replace the server the store holds with `snapshot` (what
        `InMemoryOutboundServer.snapshot()` returns), in one transaction.

        Raises:
            InvalidValue: not a snapshot (nothing was written).
            StorageError: the store cannot be written (nothing was written).
        """
        self._layouts.clear()
        self._write("save the server", lambda c: write_snapshot(c, snapshot))

    def has_server(self) -> bool:
        """Whether the store holds a server."""
        return self._read("read it", has_snapshot)

    def load(self) -> dict[str, Any]:
        """The server the store holds, as a snapshot for `InMemoryOutboundServer.from_snapshot`:
        the last one saved with every change committed since.

        Raises:
            NotFound: the store holds no server.
            StorageError: the store cannot be read (`store-corrupt`: rows the library did not
                write).
        """
        if not self.has_server():
            raise NotFound(f"store {self.path} holds no server; save one first", path=self.path)
        return self._read("read the server", read_snapshot)

    # ---- the changes of one command ----------------------------------------------------------

    def upsert_records(self, campaign: int, rows: Iterable[ListRow]) -> None:
        """Insert or replace records (by record id) in the calling list of campaign number
        `campaign` (made, named after the campaign, when it has none yet).

        Raises:
            InvalidValue: a row that is not a record the list can hold, or no such campaign.
        """
        kept = _items(rows, "records")
        if type(campaign) is not int or not all(isinstance(r, ListRow) for r in kept):
            raise InvalidValue(
                "records are ListRow values of a campaign number", code=ErrorCode.WRONG_TYPE
            )
        self._write("write records", lambda c: campaign_rows(c, self._layouts, campaign, kept))

    def upsert_chains(self, rows: Iterable[ChainRow]) -> None:
        """Insert or replace chains (by key).

        Raises:
            InvalidValue: a row that is not a `ChainRow` of whole numbers.
        """
        kept = _items(rows, "chains")
        if not all(isinstance(r, ChainRow) for r in kept):
            raise InvalidValue("chains are ChainRow values", code=ErrorCode.WRONG_TYPE)
        self._write("write chains", lambda c: upsert_chains(c, kept))

    def create_heap(self, heap: str) -> None:
        """Make the queue `heap` known (empty), if it is not."""
        self._write("make a queue", lambda c: declare_heap(c, _heap_name(heap)))

    def log_heap(self, ops: Iterable[tuple[str, Sequence[int | float] | None]]) -> None:
        """Append queue operations in order: `(heap, entry)` pushed, `(heap, None)` popped.

        Raises:
            InvalidValue: an entry that is not a queue entry.
        """
        kept = [_heap_op(op) for op in _items(ops, "queue operations")]
        self._write("log queue operations", lambda c: log_heap_ops(c, kept))

    def replace_heap(self, heap: str, entries: Iterable[Sequence[int | float]]) -> None:
        """The queue `heap` now holds exactly `entries`, in this (heap) order."""
        kept = _items(entries, "queue entries")
        self._write("write a queue", lambda c: write_heap(c, _heap_name(heap), kept))

    def compact_heaps(self) -> None:
        """Fold the queue log into the queues' rows (reading replays less after it)."""

        def compact(connection: sqlite3.Connection) -> None:
            for name, entries in read_heaps(connection).items():
                write_heap(connection, name, entries)

        self._write("compact the queues", compact)

    def put_part(self, name: str, value: Any) -> None:
        """Write the keys `value` holds of the snapshot's part `name` (the part's other keys
        keep what the store holds; a part with no keys, such as `campaigns`, is replaced).

        Raises:
            InvalidValue: a value the part's tables cannot hold.
        """
        if not isinstance(name, str) or not name.strip():
            raise InvalidValue(f"a part is named by non-blank text, not {shorten(name)}")
        self._write(
            f"write part {shorten(name)}",
            lambda c: write_part(c, name, value, merge=True, layouts=ALL_PARTS),
        )

    def upsert_items(self, part: str, items: Mapping[str, Any]) -> None:
        """Write some items of a part kept item by item: agents (`agents`, by agent id),
        campaigns (`campaigns`, by name), leases (`leases`, by delivery id), web callback
        requests (`web_callbacks`, by request id), or a chain's pending callback
        (`callbacks`, `CallbackSchedule.item`) or treatment state (`treatments`,
        `ResultTreatment.item`) by the chain key as text. An item given as None is dropped; a
        new one goes after the others.

        Raises:
            InvalidValue: another part, or an item whose key is not its own.
        """
        if not isinstance(items, Mapping):
            raise InvalidValue(
                f"items are a mapping of keys to items, not {shorten(items)}",
                code=ErrorCode.WRONG_TYPE,
            )
        kept = dict(items)
        self._write(
            f"write items of {shorten(part)}",
            lambda c: upsert_items(c, part, kept, layouts=ALL_PARTS),
        )

    def add_dnc(self, kind: str, values: Iterable[str | int]) -> None:
        """Put numbers, contacts or chain ids (`kind`: `numbers`, `contacts`, `chains`) on
        the stored Do-Not-Call list, as `DoNotCallList.to_dict` writes them."""
        self._dnc("INSERT OR IGNORE INTO dnc (kind, value) VALUES (?, ?)", kind, values)

    def remove_dnc(self, kind: str, values: Iterable[str | int]) -> None:
        """Take numbers, contacts or chain ids off the stored Do-Not-Call list."""
        self._dnc("DELETE FROM dnc WHERE kind = ? AND value = ?", kind, values)

    def _dnc(self, sql: str, kind: str, values: Iterable[str | int]) -> None:
        wanted: type = int if kind == "chains" else str
        kept = _items(values, "Do-Not-Call entries")
        if kind not in ("numbers", "contacts", "chains") or not all(
            type(v) is wanted for v in kept
        ):
            raise InvalidValue(
                "Do-Not-Call entries are numbers or contacts (text) or chains (whole numbers)",
                value=shorten(kind),
            )
        self._write(
            "write the Do-Not-Call list",
            lambda c: c.executemany(
                sql, [(kind, write_text(v) if isinstance(v, str) else v) for v in kept]
            ),
        )

    def append_trace(self, events: Iterable[TraceEvent]) -> None:
        """Append trace events."""
        kept = _items(events, "trace events")
        self._write("write the trace", lambda c: append_trace(c, kept))

    def trace(self, after: int = 0) -> list[TraceEvent]:
        """The stored trace events after `seq` `after`, in order."""
        if type(after) is not int or not 0 <= after < 2**63:
            raise InvalidValue(f"after is a seq number, not {shorten(after)}")
        return self._read("read the trace", lambda c: list(read_trace(c, after)))

    # ---- calling lists -----------------------------------------------------------------------

    def import_list(
        self,
        name: str,
        rows: Iterable[CallingListRecord],
        *,
        tz_column: str = "tz_name",
        zones: Mapping[int, str] | None = None,
        replace: bool = False,
    ) -> ListInfo:
        """Store the calling list `name` of `rows` (a Genesys calling list read by
        `read_calling_list_csv`), its custom fields as columns; returns it as stored.
        `tz_column` and `zones` say how its zones were (and will be) written in CSV.

        Raises:
            InvalidValue: a bad argument, or a list of that name already (unless `replace`;
                a campaign's list is never replaced).
        """
        kept = _items(rows, "a calling list's rows")
        self._write(
            "import the list",
            lambda c: import_rows(c, name, kept, tz_column=tz_column, zones=zones, replace=replace),
        )
        return self.list_info(name)

    def lists(self) -> list[ListInfo]:
        """Every calling list of the store, by name."""
        return self._read("read its lists", list_infos)

    def list_info(self, name: str) -> ListInfo:
        """The calling list `name`.

        Raises:
            NotFound: no list of that name.
        """
        for info in self.lists():
            if info.name == name:
                return info
        raise NotFound(f"store {self.path} has no calling list {shorten(name)}", list=shorten(name))

    def list_records(self, name: str) -> list[CallingListRecord]:
        """The rows of the calling list `name`, in list order.

        Raises:
            NotFound: no list of that name.
            InvalidValue: a row that is not a calling-list record (one without a zone).
        """
        return self._read("read the list", lambda c: list_records(c, name))

    def drop_list(self, name: str) -> None:
        """Forget the calling list `name` (not a campaign's).

        Raises:
            NotFound: no list of that name.
            InvalidValue: a campaign's list.
        """
        self._write("drop the list", lambda c: drop_list(c, name))


def _items(value: object, what: str) -> list[Any]:
    """The items of a sequence argument, or `InvalidValue`."""
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise InvalidValue(
            f"{what} are given as a sequence, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        )
    return list(value)


def _heap_op(op: object) -> tuple[str, Any]:
    if not isinstance(op, tuple | list) or len(op) != 2:
        raise InvalidValue(
            f"a queue operation is (queue, entry or None), not {shorten(op)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(op),
        )
    return _heap_name(op[0]), op[1]


def _heap_name(heap: object) -> str:
    if not isinstance(heap, str) or heap_owner(heap)[0] == "other":
        raise InvalidValue(
            f"a queue is named campaign/<number>, personal/<agent id> or callbacks, not "
            f"{shorten(heap)}",
            value=shorten(heap),
        )
    return heap
