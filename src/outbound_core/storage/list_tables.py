"""Calling lists as SQLite tables in the Genesys column layout.

A Genesys calling list is a database table with the mandatory fields of reference
`genesys-ocs.md` §1 and one column per user-defined field. Each list of the store is such a
table, `calling_list_<id>`, named in the catalog `calling_lists` (its name, the campaign whose
list it is, and how its zones are written in CSV) and described column by column in
`list_columns` (each custom field, the column that holds it and whether the record keeps it
among its custom fields or among the keys the library does not know).

| column | holds |
|---|---|
| `record_id` | the record handle [`GSW_RECORD_HANDLE`], the table's key |
| `contact_info`, `contact_info_type` | the number and its phone type code |
| `record_type`, `record_status`, `call_result`, `attempt` | codes and the attempt count |
| `dial_sched_time`, `call_time` | POSIX seconds (UTC), or NULL |
| `daily_from`, `daily_till` | the calling window, seconds after local midnight |
| `tz_dbid`, `campaign_id` | configuration DBIDs where known (the library has none of its own) |
| `agent_id`, `chain_id`, `chain_n` | the agent, the chain and the place in it |
| `group_id`, `app_id`, `switch_id` | the campaign group, application and switch DBIDs |
| `tz_name`, `tz_offset` | the record's zone as the library reads it (`GSW_TZ_NAME`, `GSW_TZ_OFFSET`) |
| `oc_position` | the row's place in the list (file order; the server's slot order) |
| `oc_slot`, `oc_chain_key` | where the in-memory server keeps the record and its chain |
| `oc_record` | JSON of what the desktop sees that has no column (campaign name, ...), or NULL |
| one per custom field | the value as the record holds it (text, number, NULL) |

A field whose name SQLite cannot hold as a column, or that would clash with another column
(SQLite compares names without regard to ASCII case), gets a column `oc_field_<n>`. A value a
column cannot hold as it is (a boolean, a number beyond 64 bits, a list) is kept in `oc_record`
instead, as is the order of a record's custom fields when it is not the columns' order.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records.keys import CUSTOM, EXTRA, RECORD_KEYS, key_kind
from outbound_core.storage.cells import from_json, quote, read_text, to_json, write_text

__all__ = [
    "SYSTEM_COLUMNS",
    "ListField",
    "ListLayout",
    "ListRow",
    "add_fields",
    "create_list",
    "fields_of_records",
    "layout_of",
    "read_rows",
    "write_rows",
]

#: The columns every calling-list table has, with their SQL types, in table order.
SYSTEM_COLUMNS: Final = (
    ("record_id", "INTEGER PRIMARY KEY"),
    ("contact_info", "TEXT NOT NULL"),
    ("contact_info_type", "INTEGER"),
    ("record_type", "INTEGER NOT NULL"),
    ("record_status", "INTEGER NOT NULL"),
    ("call_result", "INTEGER"),
    ("attempt", "INTEGER"),
    ("dial_sched_time", "INTEGER"),
    ("call_time", "INTEGER"),
    ("daily_from", "INTEGER"),
    ("daily_till", "INTEGER"),
    ("tz_dbid", "INTEGER"),
    ("campaign_id", "INTEGER"),
    ("agent_id", "TEXT"),
    ("chain_id", "INTEGER NOT NULL"),
    ("chain_n", "INTEGER NOT NULL"),
    ("group_id", "INTEGER"),
    ("app_id", "INTEGER"),
    ("switch_id", "INTEGER"),
    ("tz_name", "TEXT"),
    ("tz_offset", "INTEGER"),
    ("oc_position", "INTEGER NOT NULL"),
    ("oc_slot", "INTEGER"),
    ("oc_chain_key", "INTEGER"),
    ("oc_record", "TEXT"),
)
_SYSTEM_NAMES: Final = frozenset(name for name, _ in SYSTEM_COLUMNS)
#: Record attributes without a column, kept in `oc_record` when not None.
_JSON_ATTRIBUTES: Final = (
    "calling_list",
    "calling_list_dbid",
    "campaign_name",
    "campaign_group_name",
    "campaign_group_description",
    "call_attempt_guid",
    "reference_id",
    "contact_media_type",
    "user_event",
    "interaction_type",
    "interaction_subtype",
    "camp_type",
)
_RECORD_SHAPE: Final = frozenset(RECORD_KEYS) | {"custom", "extra", "key_order"}
_KNOWN_KEYS: Final = _RECORD_SHAPE | {"number_texts"}
_INT_OR_NONE: Final = frozenset({int, type(None)})
_STR_OR_NONE: Final = frozenset({str, type(None)})
_INT64 = 2**63
_MAX_COLUMN_NAME = 64
# Notes in `oc_record` start with "@", which no record attribute does.
_NOTE = "@"


@attrs.define(frozen=True, slots=True)
class ListField:
    """A custom field of a calling list and the column that holds it.

    Attributes:
        field: the field's name as the record keys it.
        kind: `custom` (a custom field) or `extra` (a key the library does not know).
        column: the table column holding it.
    """

    field: str
    kind: str
    column: str


@attrs.define(frozen=True, slots=True)
class ListRow:
    """One row of a calling-list table.

    Attributes:
        record: the record as `Record.to_dict` writes it.
        status: its record status code [`record_status`].
        record_type: its record type code [`record_type`].
        chain_n: its place in its chain [`chain_n`].
        position: its place in the list (rows are read back in this order).
        slot: where the in-memory server keeps it, or None for a list no server holds.
        chain_key: the server's key of its chain, or None.
        dial_sched_time: when it is scheduled, POSIX seconds, or None.
        call_time: when it was last dialed, POSIX seconds, or None.
    """

    record: Mapping[str, Any]
    status: int
    record_type: int
    chain_n: int
    position: int
    slot: int | None = None
    chain_key: int | None = None
    dial_sched_time: int | None = None
    call_time: int | None = None


@attrs.define(frozen=True, slots=True)
class ListLayout:
    """A calling-list table and its custom columns (read from the catalog)."""

    list_id: int
    table: str
    fields: tuple[ListField, ...]
    custom: tuple[str, ...] = attrs.field(init=False)
    extra: tuple[str, ...] = attrs.field(init=False)
    insert_sql: str = attrs.field(init=False, repr=False)
    select_sql: str = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        custom = tuple(f.field for f in self.fields if f.kind == CUSTOM)
        extra = tuple(f.field for f in self.fields if f.kind == EXTRA)
        ordered = [f for f in self.fields if f.kind == CUSTOM] + [
            f for f in self.fields if f.kind == EXTRA
        ]
        columns = [name for name, _ in SYSTEM_COLUMNS] + [f.column for f in ordered]
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join("?" * len(columns))
        object.__setattr__(self, "custom", custom)
        object.__setattr__(self, "extra", extra)
        object.__setattr__(
            self,
            "insert_sql",
            f"INSERT OR REPLACE INTO {quote(self.table)} ({names}) VALUES ({marks})",
        )
        object.__setattr__(
            self,
            "select_sql",
            f"SELECT {names} FROM {quote(self.table)} ORDER BY oc_position, record_id",
        )

    def field_names(self) -> set[tuple[str, str]]:
        """(field, kind) of every custom column."""
        return {(f.field, f.kind) for f in self.fields}


def _bad(message: str, value: object) -> InvalidValue:
    return InvalidValue(
        f"a calling-list row cannot be stored: {message}",
        code=ErrorCode.INVALID_VALUE,
        value=shorten(value),
    )


# ---- the codec ---------------------------------------------------------------------------


def _cells(
    values: Mapping[str, Any], fields: tuple[str, ...], kind: str, notes: dict[str, Any]
) -> list[Any]:
    """The column cells of a record's custom (or extra) values, noting what they cannot hold."""
    cells: list[Any] = []
    odd: dict[str, Any] = {}
    bools: list[str] = []
    for field in fields:
        value: Any = values.get(field)
        kind_of = type(value)
        if kind_of is str:
            cells.append(value if value.isascii() else write_text(value))
        elif value is None:
            cells.append(None)
        elif kind_of is int:
            if -_INT64 <= value < _INT64:
                cells.append(value)
            else:
                odd[field] = value
                cells.append(None)
        elif kind_of is float and math.isfinite(value):
            cells.append(value)
        elif kind_of is bool:
            bools.append(field)
            cells.append(int(value))
        else:
            odd[field] = value
            cells.append(None)
    present = [f for f, cell in zip(fields, cells, strict=True) if cell is not None or f in odd]
    keys = list(values)
    if keys != present:
        notes[f"{_NOTE}{kind}_keys"] = keys
    if odd:
        notes[f"{_NOTE}{kind}_json"] = odd
    if bools:
        notes[f"{_NOTE}{kind}_bools"] = bools
    return cells


def encode_row(layout: ListLayout, row: ListRow, tz_dbid: int | None = None) -> tuple[Any, ...]:
    """The table cells of `row`, in `SYSTEM_COLUMNS` then custom-column order.

    Raises:
        InvalidValue: a record that is not `Record.to_dict` data, or a key without a column.
    """
    record = row.record
    if type(record) is not dict and not isinstance(record, Mapping):
        raise _bad("the record is not a mapping", record)
    if not _RECORD_SHAPE.issubset(record):
        missing = sorted(_RECORD_SHAPE.difference(record))
        raise _bad(f"the record lacks {', '.join(missing)}", record)
    custom, extra = record["custom"], record["extra"]
    if not isinstance(custom, Mapping) or not isinstance(extra, Mapping):
        raise _bad("custom and extra are mappings", record)
    unknown = [k for k in custom if k not in layout.custom] + [
        k for k in extra if k not in layout.extra
    ]
    if unknown:
        raise _bad(f"no column for the fields {unknown[:5]}", unknown)
    handle, phone, phone_type = record["record_handle"], record["phone"], record["phone_type"]
    ints = (
        handle,
        phone_type,
        record["call_result"],
        record["attempts"],
        record["daily_from"],
        record["daily_until"],
        record["chain_id"],
        record["campaign_group_dbid"],
        record["application_id"],
        record["switch_dbid"],
        record["tz_offset"],
        row.status,
        row.record_type,
        row.chain_n,
        row.position,
        row.slot,
        row.chain_key,
        row.dial_sched_time,
        row.call_time,
    )
    agent, zone = record["agent_id"], record["tz_name"]
    if (
        not _INT_OR_NONE.issuperset(map(type, ints))
        or type(phone) is not str
        or not _STR_OR_NONE.issuperset((type(agent), type(zone)))
        or handle is None
        or record["chain_id"] is None
        or not all(-_INT64 <= n < _INT64 for n in ints if n is not None)
    ):
        raise _bad(
            "record_handle, chain_id, codes, times and places are whole numbers; phone, "
            "agent_id and tz_name are text",
            record,
        )
    notes: dict[str, Any] = {
        name: record[name] for name in _JSON_ATTRIBUTES if record[name] is not None
    }
    if record["key_order"]:
        notes["key_order"] = list(record["key_order"])
    if "number_texts" in record:
        notes["number_texts"] = record["number_texts"]
    if not _KNOWN_KEYS.issuperset(record):
        for key in record:
            if key not in _KNOWN_KEYS:
                notes[key] = record[key]
    cells = _cells(custom, layout.custom, CUSTOM, notes) if layout.custom else []
    if layout.extra:
        cells += _cells(extra, layout.extra, EXTRA, notes)
    return (
        handle,
        phone if phone.isascii() else write_text(phone),
        phone_type,
        row.record_type,
        row.status,
        record["call_result"],
        record["attempts"],
        row.dial_sched_time,
        row.call_time,
        record["daily_from"],
        record["daily_until"],
        tz_dbid,
        None,
        None if agent is None else write_text(agent),
        record["chain_id"],
        row.chain_n,
        record["campaign_group_dbid"],
        record["application_id"],
        record["switch_dbid"],
        None if zone is None else write_text(zone),
        record["tz_offset"],
        row.position,
        row.slot,
        row.chain_key,
        to_json(notes) if notes else None,
        *cells,
    )


_EMPTY_RECORD: Final[dict[str, Any]] = dict.fromkeys(RECORD_KEYS)
_NOTES: Final = {
    (kind, what): f"{_NOTE}{kind}_{what}"
    for kind in (CUSTOM, EXTRA)
    for what in ("json", "bools", "keys")
}


def _values(
    fields: tuple[str, ...], cells: Sequence[Any], kind: str, notes: Mapping[str, Any]
) -> dict[str, Any]:
    odd = notes.get(_NOTES[kind, "json"])
    bools = notes.get(_NOTES[kind, "bools"])
    if odd is None and bools is None:
        found = {
            field: cell if type(cell) is not bytes else read_text(cell)
            for field, cell in zip(fields, cells, strict=True)
            if cell is not None
        }
    else:
        odd, bools, found = odd or {}, bools or (), {}
        for field, cell in zip(fields, cells, strict=True):
            if field in odd:
                found[field] = odd[field]
            elif cell is not None:
                found[field] = bool(cell) if field in bools else read_text(cell)
    keys = notes.get(_NOTES[kind, "keys"])
    if keys is None:
        return found
    return {key: found.get(key) for key in keys}


def decode_row(layout: ListLayout, cells: Sequence[Any]) -> ListRow:
    """The row `encode_row` wrote.

    Raises:
        ValueError: cells the codec did not write (the store reports them as damaged).
    """
    record = dict(_EMPTY_RECORD)
    (
        handle, phone, phone_type, record_type, status, call_result, attempts, sched, called,
        daily_from, daily_till, _tz_dbid, _campaign_id, agent, chain_id, chain_n, group,
        application, switch, zone, offset, position, slot, chain_key, more,
    ) = cells[: len(SYSTEM_COLUMNS)]  # fmt: skip
    notes = from_json(more) or {}
    if type(notes) is not dict or type(handle) is not int or type(chain_id) is not int:
        raise ValueError("not a calling-list row")
    record["record_handle"] = handle
    record["chain_id"] = chain_id
    record["phone"] = read_text(phone)
    record["phone_type"] = phone_type
    record["call_result"] = call_result
    record["attempts"] = attempts
    record["tz_name"] = read_text(zone)
    record["tz_offset"] = offset
    record["daily_from"] = daily_from
    record["daily_until"] = daily_till
    record["agent_id"] = read_text(agent)
    record["campaign_group_dbid"] = group
    record["application_id"] = application
    record["switch_dbid"] = switch
    split = len(SYSTEM_COLUMNS) + len(layout.custom)
    record["custom"] = _values(layout.custom, cells[len(SYSTEM_COLUMNS) : split], CUSTOM, notes)
    record["extra"] = _values(layout.extra, cells[split:], EXTRA, notes)
    record["key_order"] = []
    for key, value in notes.items():
        if not key.startswith(_NOTE):
            record[key] = value
    return ListRow(record, status, record_type, chain_n, position, slot, chain_key, sched, called)


# ---- tables --------------------------------------------------------------------------------


def fields_of_records(
    records: Iterable[Mapping[str, Any]], names: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(field, kind) of every custom and unknown key of `records`, in the order first met,
    after the custom fields named in `names` (a list's field definitions)."""
    found: dict[tuple[str, str], None] = {}
    for name in names:
        if isinstance(name, str) and name not in RECORD_KEYS.values():
            found.setdefault((name, key_kind(name)), None)
    seen_custom: tuple[str, ...] = ()
    seen_extra: tuple[str, ...] = ()
    for record in records:
        custom, extra = record["custom"], record["extra"]
        # Most records of a list share their keys: skip the ones seen as a whole.
        keys = tuple(custom)
        if keys != seen_custom:
            for key in keys:
                found.setdefault((key, CUSTOM), None)
            seen_custom = keys
        keys = tuple(extra)
        if keys != seen_extra:
            for key in keys:
                found.setdefault((key, EXTRA), None)
            seen_extra = keys
    return list(found)


def _column_for(field: str, taken: set[str]) -> str:
    """A column name for `field`: its own when SQLite can hold it unambiguously."""
    folded = field.lower()
    if (
        0 < len(field) <= _MAX_COLUMN_NAME
        and field.isprintable()
        and field.strip() == field
        and not isinstance(write_text(field), bytes)
        and not folded.startswith(("oc_", "sqlite_"))
        and folded not in taken
    ):
        return field
    number = len(taken)
    while f"oc_field_{number}" in taken:
        number += 1
    return f"oc_field_{number}"


def _write_fields(
    connection: sqlite3.Connection,
    list_id: int,
    table: str,
    existing: tuple[ListField, ...],
    fields: Iterable[tuple[str, str]],
) -> tuple[ListField, ...]:
    taken = _SYSTEM_NAMES | {f.column.lower() for f in existing}
    have = {(f.field, f.kind) for f in existing}
    added: list[ListField] = []
    for field, kind in fields:
        if (field, kind) in have:
            continue
        if not isinstance(field, str) or kind not in (CUSTOM, EXTRA):
            raise _bad(f"a custom field is named by text, not {shorten(field)}", field)
        column = _column_for(field, set(taken))
        taken = taken | {column.lower()}
        have.add((field, kind))
        added.append(ListField(field, kind, column))
    for position, field_ in enumerate(added, len(existing)):
        connection.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(field_.column)}")
        connection.execute(
            "INSERT INTO list_columns (list_id, position, field, kind, column_name) "
            "VALUES (?, ?, ?, ?, ?)",
            (list_id, position, write_text(field_.field), field_.kind, field_.column),
        )
    return existing + tuple(added)


def create_list(
    connection: sqlite3.Connection,
    name: str,
    fields: Iterable[tuple[str, str]],
    *,
    campaign: int | None = None,
    tz_column: str = "tz_name",
    zones: Mapping[int, str] | None = None,
) -> ListLayout:
    """Make an empty calling list `name` with custom columns for `fields` ((field, kind)
    pairs); it is campaign number `campaign`'s list when one is given."""
    cursor = connection.execute(
        "INSERT INTO calling_lists (name, table_name, campaign_index, tz_column, zones) "
        "VALUES (?, '', ?, ?, ?)",
        (
            write_text(name),
            campaign,
            tz_column,
            to_json({str(k): v for k, v in (zones or {}).items()}),
        ),
    )
    list_id = int(cursor.lastrowid or 0)
    table = f"calling_list_{list_id}"
    connection.execute(
        "UPDATE calling_lists SET table_name = ? WHERE list_id = ?", (table, list_id)
    )
    columns = ", ".join(f"{quote(column)} {kind}" for column, kind in SYSTEM_COLUMNS)
    connection.execute(f"CREATE TABLE {quote(table)} ({columns})")
    return ListLayout(list_id, table, _write_fields(connection, list_id, table, (), fields))


def layout_of(connection: sqlite3.Connection, list_id: int) -> ListLayout:
    """The layout of the list `list_id`, as the catalog describes it.

    Raises:
        ValueError: a catalog the store did not write.
    """
    row = connection.execute(
        "SELECT table_name FROM calling_lists WHERE list_id = ?", (list_id,)
    ).fetchone()
    if row is None:
        raise ValueError(f"no calling list {list_id}")
    fields = tuple(
        ListField(read_text(field), kind, column)
        for field, kind, column in connection.execute(
            "SELECT field, kind, column_name FROM list_columns WHERE list_id = ? ORDER BY position",
            (list_id,),
        )
    )
    if any(f.kind not in (CUSTOM, EXTRA) for f in fields):
        raise ValueError("a custom column of an unknown kind")
    return ListLayout(list_id, row[0], fields)


def add_fields(
    connection: sqlite3.Connection, layout: ListLayout, fields: Iterable[tuple[str, str]]
) -> ListLayout:
    """The layout with columns added for the (field, kind) pairs it lacks."""
    wanted = [pair for pair in fields if pair not in layout.field_names()]
    if not wanted:
        return layout
    updated = _write_fields(connection, layout.list_id, layout.table, layout.fields, wanted)
    return ListLayout(layout.list_id, layout.table, updated)


def write_rows(
    connection: sqlite3.Connection,
    layout: ListLayout,
    rows: Iterable[ListRow],
    zone_dbids: Mapping[str, int] | None = None,
) -> ListLayout:
    """Insert (or replace, by record id) `rows`, adding the custom columns they need; returns
    the list's layout after."""
    kept = rows if isinstance(rows, list) else list(rows)
    layout = add_fields(connection, layout, fields_of_records(row.record for row in kept))
    dbids = zone_dbids or {}
    connection.executemany(
        layout.insert_sql,
        [
            encode_row(layout, row, dbids.get(row.record["tz_name"]) if dbids else None)
            for row in kept
        ],
    )
    return layout


def read_rows(connection: sqlite3.Connection, layout: ListLayout) -> Iterator[ListRow]:
    """Every row of the list, in list order."""
    for cells in connection.execute(layout.select_sql):
        yield decode_row(layout, cells)
