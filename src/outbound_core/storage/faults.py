"""What an SQLite failure means for the store: a `StorageError` with a stable code.

SQLite reports each failure with a result code (`sqlite3.Error.sqlite_errorcode`); its low
byte, the primary code, says what kind of failure it is. `storage_error` turns one into a
`StorageError` whose message names the store's file and says what to do.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from outbound_core.errors import ErrorCode, StorageError, shorten

__all__ = ["storage_error"]

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_PERM, _AUTH = 3, 23
_CODES: Final = {
    _BUSY: ErrorCode.STORE_LOCKED,
    _LOCKED: ErrorCode.STORE_LOCKED,
    _READONLY: ErrorCode.STORE_READ_ONLY,
    _PERM: ErrorCode.STORE_READ_ONLY,
    _AUTH: ErrorCode.STORE_READ_ONLY,
    _IOERR: ErrorCode.STORE_IO,
    _CORRUPT: ErrorCode.STORE_CORRUPT,
    _FULL: ErrorCode.STORE_FULL,
    _CANTOPEN: ErrorCode.STORE_CANNOT_OPEN,
    _NOTADB: ErrorCode.STORE_NOT_A_DATABASE,
}
_ADVICE: Final = {
    ErrorCode.STORE_LOCKED: "another connection holds its write lock; try again when it is done",
    ErrorCode.STORE_READ_ONLY: "it cannot be written (check the permissions of the file and "
    "its folder, or open it for writing)",
    ErrorCode.STORE_IO: "the operating system reported an I/O error",
    ErrorCode.STORE_CORRUPT: "the file is damaged; restore it from a copy",
    ErrorCode.STORE_FULL: "the disk, or the store's size limit, is full; free space and retry",
    ErrorCode.STORE_CANNOT_OPEN: "does its folder exist, and may it be read and written?",
    ErrorCode.STORE_NOT_A_DATABASE: "the file is not an SQLite database",
}


def storage_error(error: sqlite3.Error, path: str, doing: str) -> StorageError:
    """The `StorageError` for an SQLite failure while `doing` something with the store."""
    number = getattr(error, "sqlite_errorcode", None)
    code = _CODES.get(number & 0xFF, ErrorCode.STORE_IO) if isinstance(number, int) else None
    if code is None:
        code = (
            ErrorCode.STORE_CORRUPT
            if isinstance(error, sqlite3.DatabaseError)
            and ("malformed" in str(error) or "not a database" in str(error))
            else ErrorCode.STORE_IO
        )
    return StorageError(
        f"store {path}: cannot {doing}: {_ADVICE[code]} ({shorten(str(error), 100)})",
        code=code,
        path=path,
        sqlite_error=getattr(error, "sqlite_errorname", type(error).__name__),
    )
