"""Values in SQLite cells: text that is not Unicode, JSON, and quoted identifiers.

SQLite stores text as UTF-8, which cannot hold a lone surrogate (`"\\ud800"`), yet a Python
string (and so a record's phone or a custom field) may. Such a string is stored as a BLOB of
its `surrogatepass` bytes and read back as the same string; every other string is stored as
text. JSON is written ASCII-only for the same reason. Identifiers (table and column names) are
always double-quoted, with inner quotes doubled, so no name can end the quoting early.
"""

from __future__ import annotations

import json
from typing import Any

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["from_json", "quote", "read_text", "to_json", "write_text"]


def write_text(value: str) -> str | bytes:
    """A string as a cell: itself, or its `surrogatepass` bytes when it is not Unicode text."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")
    return value


def read_text(cell: Any) -> Any:
    """A cell `write_text` wrote, as the string it was (other cells unchanged)."""
    if type(cell) is bytes:
        return cell.decode("utf-8", "surrogatepass")
    return cell


# One encoder for every cell: `json.dumps` with arguments builds a new one per call.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def to_json(value: Any) -> str:
    """Compact, ASCII-only JSON of plain data.

    Raises:
        InvalidValue: a value JSON cannot hold (a set, an object, a circular structure).
    """
    try:
        return _ENCODER.encode(value)
    except (TypeError, ValueError, RecursionError) as error:
        raise InvalidValue(
            f"the store keeps plain JSON data, not {shorten(value)} ({error.__class__.__name__})",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(value),
        ) from None


def from_json(text: Any) -> Any:
    """The data `to_json` wrote (None for a NULL cell).

    Raises:
        ValueError: the cell is not JSON (the store reports it as damaged).
    """
    if text is None:
        return None
    return json.loads(read_text(text))


def quote(name: str) -> str:
    """An SQL identifier for `name`, double-quoted (inner quotes doubled).

    Raises:
        InvalidValue: a name SQLite cannot hold (a NUL character, a lone surrogate).
    """
    if "\x00" in name or isinstance(write_text(name), bytes):
        raise InvalidValue(
            f"{shorten(name)} cannot name an SQL table or column", value=shorten(name)
        )
    return '"' + name.replace('"', '""') + '"'
