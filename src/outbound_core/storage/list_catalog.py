"""The store's calling lists by name: import a list's records, read them back, describe them.

An imported list (a Genesys calling-list export read by `wire.calling_list_csv`) is a table
like a campaign's, its rows in file order, not held by any server. The catalog remembers how
its zones were written (`tz_name` or `tz_dbid`, and the DBID of each zone name) so that an
export writes them the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from outbound_core.codes import RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, shorten
from outbound_core.records import CallingListRecord, Record
from outbound_core.storage.cells import from_json, quote, read_text, write_text
from outbound_core.storage.list_tables import (
    ListRow,
    create_list,
    fields_of_records,
    layout_of,
    read_rows,
    write_rows,
)
from outbound_core.wire.calling_list_csv import zone_map

__all__ = ["ListInfo", "drop_list", "import_rows", "list_infos", "list_records"]

_TZ_COLUMNS = ("tz_name", "tz_dbid")


@attrs.define(frozen=True, slots=True)
class ListInfo:
    """A calling list of the store.

    Attributes:
        name: its name.
        table: the table holding its rows.
        records: how many rows it has.
        chains: how many chains (distinct `chain_id`s) they form.
        campaign: the name of the campaign whose list it is, or None.
        tz_column: how its zones are written in CSV (`tz_name` or `tz_dbid`).
        zones: the DBID of each zone name, for `tz_dbid`.
        fields: its custom fields, in column order.
    """

    name: str
    table: str
    records: int
    chains: int
    campaign: str | None
    tz_column: str
    zones: Mapping[int, str]
    fields: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (`zones` keyed by DBID text)."""
        return {
            "name": self.name,
            "table": self.table,
            "records": self.records,
            "chains": self.chains,
            "campaign": self.campaign,
            "tz_column": self.tz_column,
            "zones": {str(dbid): name for dbid, name in self.zones.items()},
            "fields": list(self.fields),
        }


def _list_id(connection: sqlite3.Connection, name: str) -> int | None:
    found = connection.execute(
        "SELECT list_id FROM calling_lists WHERE name = ?", (write_text(name),)
    ).fetchone()
    return None if found is None else int(found[0])


def _name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidValue(
            f"a calling list is named by non-blank text, not {shorten(name)}",
            code=ErrorCode.WRONG_TYPE if not isinstance(name, str) else ErrorCode.INVALID_VALUE,
            value=shorten(name),
        )
    return name


def _seconds(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _instant(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def list_infos(connection: sqlite3.Connection) -> list[ListInfo]:
    """Every calling list of the store, by name."""
    campaigns = {
        position: from_json(data).get("name")
        for position, data in connection.execute("SELECT position, data FROM campaigns")
    }
    found = []
    for list_id, name, table, campaign, tz_column, zones in connection.execute(
        "SELECT list_id, name, table_name, campaign_index, tz_column, zones FROM calling_lists"
    ).fetchall():
        records, chains = connection.execute(
            f"SELECT count(*), count(DISTINCT chain_id) FROM {quote(table)}"
        ).fetchone()
        layout = layout_of(connection, list_id)
        found.append(
            ListInfo(
                read_text(name), table, records, chains,
                None if campaign is None else campaigns.get(campaign), tz_column,
                {int(k): v for k, v in from_json(zones).items()},
                tuple(field.field for field in layout.fields),
            )
        )  # fmt: skip
    return sorted(found, key=lambda info: info.name)


def drop_list(connection: sqlite3.Connection, name: str) -> None:
    """Forget the calling list `name` and its rows.

    Raises:
        NotFound: no list of that name.
        InvalidValue: it is a campaign's list (the server's records are in it).
    """
    list_id = _list_id(connection, _name(name))
    if list_id is None:
        raise NotFound(f"the store has no calling list {shorten(name)}", list=shorten(name))
    table, campaign = connection.execute(
        "SELECT table_name, campaign_index FROM calling_lists WHERE list_id = ?", (list_id,)
    ).fetchone()
    if campaign is not None:
        raise InvalidValue(
            f"calling list {shorten(name)} holds a campaign's records; it cannot be replaced",
            list=shorten(name),
        )
    connection.execute(f"DROP TABLE {quote(table)}")
    connection.execute("DELETE FROM list_columns WHERE list_id = ?", (list_id,))
    connection.execute("DELETE FROM calling_lists WHERE list_id = ?", (list_id,))


def import_rows(
    connection: sqlite3.Connection,
    name: str,
    rows: Iterable[CallingListRecord],
    *,
    tz_column: str = "tz_name",
    zones: Mapping[int, str] | None = None,
    replace: bool = False,
) -> None:
    """Make the calling list `name` of `rows`, in their order (times kept to the second, as
    the Genesys columns hold them).

    Raises:
        InvalidValue: a bad name, `tz_column` or zone map, a row that is not a
            `CallingListRecord`, or a list of that name already (unless `replace`).
    """
    _name(name)
    if tz_column not in _TZ_COLUMNS:
        raise InvalidValue(
            f"tz_column is tz_name or tz_dbid, not {shorten(tz_column)}", value=shorten(tz_column)
        )
    zones = zone_map(zones or {})
    kept = list(rows)
    seen: set[int] = set()
    for row in kept:
        if not isinstance(row, CallingListRecord):
            raise InvalidValue(
                f"a calling list's rows are CallingListRecord values, not {shorten(row)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(row),
            )
        if row.record_id in seen:
            raise InvalidValue(
                f"record id {row.record_id} is in the list twice; a list's record ids are unique",
                record_id=row.record_id,
            )
        seen.add(row.record_id)
    if _list_id(connection, name) is not None:
        if not replace:
            raise InvalidValue(
                f"the store has a calling list {shorten(name)} already (replace it, or choose "
                "another name)",
                list=shorten(name),
            )
        drop_list(connection, name)
    records = [row.record.to_dict() for row in kept]
    layout = create_list(
        connection, name, fields_of_records(records), tz_column=tz_column, zones=zones
    )
    dbids = {zone: dbid for dbid, zone in zones.items()} if tz_column == "tz_dbid" else {}
    write_rows(
        connection,
        layout,
        [
            ListRow(
                record, int(row.status), int(row.record_type), row.chain_n, position,
                dial_sched_time=_seconds(row.dial_sched_time), call_time=_seconds(row.call_time),
            )
            for position, (record, row) in enumerate(zip(records, kept, strict=True))
        ],
        dbids,
    )  # fmt: skip


def list_records(connection: sqlite3.Connection, name: str) -> list[CallingListRecord]:
    """The rows of the calling list `name`, in list order, as calling-list records.

    Raises:
        NotFound: no list of that name.
        InvalidValue: a row that is not a calling-list record (one without a zone).
    """
    list_id = _list_id(connection, _name(name))
    if list_id is None:
        raise NotFound(f"the store has no calling list {shorten(name)}", list=shorten(name))
    found = []
    for row in read_rows(connection, layout_of(connection, list_id)):
        found.append(
            CallingListRecord(
                Record.from_dict(row.record),
                RecordStatus.parse(row.status),
                RecordType.parse(row.record_type),
                row.chain_n,
                _instant(row.dial_sched_time),
                _instant(row.call_time),
            )
        )
    return found
