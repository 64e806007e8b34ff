"""Genesys calling lists as CSV: the columns of reference §1, one record per row.

Columns (any order; names as Genesys writes them): `record_id`, `contact_info`,
`contact_info_type`, `record_type`, `record_status`, `call_result`, `attempt`,
`dial_sched_time`, `call_time`, `daily_from`, `daily_till`, `chain_id`, `chain_n`, and the
record's zone as `tz_name` (a Genesys time-zone name or an IANA key) or `tz_dbid` (a
configuration DBID, translated by a `{dbid: zone name}` map the caller gives; a name there is
read as a name, since Genesys writes the zone's abbreviation for `tz_dbid` on export,
reference §5.1). Every other column is a custom field of the record, kept as text.

Required: `record_id`, `contact_info`, `chain_id` and a zone column. The others may be left
out, or empty in a row: `record_type` General, `record_status` Ready, `attempt` 0, no call
result, no phone type, no schedule, all day (`daily_from` 0, `daily_till` 86399); without a
`chain_n` column a chain's records are numbered 1, 2, ... in file order. Numbers are
whole numbers; codes are numbers or names (`Busy`, `Ready`, `Home Phone`); times are POSIX
seconds in UTC (0 or empty: none) or ISO 8601 with an offset.

`read_calling_list_csv` refuses each bad row with a `WireFormatError` naming its line (the
line the row starts on, the header being line 1) and its column; `write_calling_list_csv`
writes rows back in the same shape (`read` of `write` gives the rows back, custom values as
text).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from outbound_core.codes import CallResult, PhoneType, RecordStatus, RecordType
from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records import CallingListRecord, Record
from outbound_core.records.keys import RECORD_KEYS, is_custom_key

__all__ = [
    "CALLING_LIST_COLUMNS",
    "read_calling_list_csv",
    "write_calling_list_csv",
    "zone_map",
]

#: The columns of reference §1, in the order the writer writes them (`tz_name` may be
#: `tz_dbid` instead).
CALLING_LIST_COLUMNS: Final = (
    "record_id",
    "contact_info",
    "contact_info_type",
    "record_type",
    "record_status",
    "call_result",
    "attempt",
    "dial_sched_time",
    "call_time",
    "daily_from",
    "daily_till",
    "tz_name",
    "chain_id",
    "chain_n",
)
_KNOWN: Final = frozenset(CALLING_LIST_COLUMNS) | {"tz_dbid"}
_REQUIRED: Final = ("record_id", "contact_info", "chain_id")
_INTEGER = re.compile(r"[+-]?[0-9]{1,15}", re.ASCII)
_TOP = 2**31 - 1
_LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z
_WIRE_KEYS: Final = frozenset(RECORD_KEYS.values())
# Record attribute -> the column that holds it, to name columns in the record's own errors.
_COLUMN_OF: Final = {
    "record_handle": "record_id",
    "chain_id": "chain_id",
    "phone": "contact_info",
    "phone_type": "contact_info_type",
    "call_result": "call_result",
    "attempts": "attempt",
    "daily_from": "daily_from",
    "daily_until": "daily_till",
    "tz_name": "tz_name",
}


class _RowError(Exception):
    """A value of the row cannot be read: its column and why."""

    def __init__(self, column: str, message: str, value: object = None) -> None:
        super().__init__(message)
        self.column, self.message, self.value = column, message, value


def zone_map(pairs: Mapping[Any, Any]) -> dict[int, str]:
    """A `{tz_dbid: zone name}` map, checked: whole-number DBIDs, text names.

    Raises:
        InvalidValue: `invalid-value` or `wrong-type` naming the bad pair.
    """
    if not isinstance(pairs, Mapping):
        raise InvalidValue(
            f"the zone map maps DBIDs to zone names, not {type(pairs).__name__}",
            value=shorten(pairs),
        )
    found: dict[int, str] = {}
    for dbid, name in pairs.items():
        if type(dbid) is not int or not 0 <= dbid <= _TOP:
            raise InvalidValue(f"zone map: {shorten(dbid)} is not a DBID", value=shorten(dbid))
        if not isinstance(name, str) or not name.strip():
            raise InvalidValue(
                f"zone map: DBID {dbid} maps to {shorten(name)}, not a zone name",
                value=shorten(name),
            )
        found[dbid] = name.strip()
    return found


def _integer(text: str, column: str, low: int, high: int) -> int:
    value = text.strip()
    if not _INTEGER.fullmatch(value):
        raise _RowError(column, f"{shorten(text)} is not a whole number", text)
    number = int(value)
    if not low <= number <= high:
        raise _RowError(column, f"{number} is outside {low}..{high}", text)
    return number


def _code(text: str, column: str, parse: Any) -> Any:
    try:
        return parse(text.strip())
    except InvalidValue as error:
        raise _RowError(column, error.message, text) from None


def _instant(text: str, column: str) -> datetime | None:
    value = text.strip()
    if not value:
        return None
    if _INTEGER.fullmatch(value):
        seconds = _integer(value, column, 0, _LAST_SECOND)
        return None if seconds == 0 else datetime.fromtimestamp(seconds, UTC)
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        found = None
    if found is None or found.tzinfo is None:
        raise _RowError(
            column,
            f"{shorten(text)} is neither POSIX seconds (UTC) nor ISO 8601 with an offset",
            text,
        )
    return found.astimezone(UTC)


class _Reader:
    """The state of one read: the header, the zone map, the ids seen (private)."""

    def __init__(self, header: list[str], zones: Mapping[int, str]) -> None:
        self.header = header
        self.zones = zones
        self.zone_column = "tz_name" if "tz_name" in header else "tz_dbid"
        self.has_chain_n = "chain_n" in header
        self.custom = [c for c in header if c not in _KNOWN and is_custom_key(c)]
        self.extra = [c for c in header if c not in _KNOWN and not is_custom_key(c)]
        self.records: dict[int, int] = {}
        self.places: dict[tuple[int, int], int] = {}
        self.next_n: dict[int, int] = {}

    def zone(self, text: str) -> str:
        value = text.strip()
        if not value:
            raise _RowError(self.zone_column, "empty: every record needs a time zone", text)
        if self.zone_column == "tz_dbid" and _INTEGER.fullmatch(value):
            dbid = _integer(value, "tz_dbid", 0, _TOP)
            name = self.zones.get(dbid)
            if name is None:
                raise _RowError(
                    "tz_dbid",
                    f"DBID {dbid} has no zone: map it to a zone name (e.g. {dbid}=EST)",
                    text,
                )
            return name
        return value

    def row(self, values: dict[str, str], line: int) -> CallingListRecord:
        for column in _REQUIRED:
            if not values.get(column, "").strip():
                raise _RowError(column, "empty: the column is required", "")
        record_id = _integer(values["record_id"], "record_id", 0, _TOP)
        chain_id = _integer(values["chain_id"], "chain_id", 0, _TOP)

        def given(column: str) -> str | None:
            text = values.get(column)
            return text if text is not None and text.strip() else None

        phone_type = given("contact_info_type")
        call_result = given("call_result")
        attempts = given("attempt")
        daily_from, daily_till = given("daily_from"), given("daily_till")
        record_type, status = given("record_type"), given("record_status")
        custom: dict[str, Any] = {c: values[c] for c in self.custom}
        extra: dict[str, Any] = {c: values[c] for c in self.extra}
        try:
            record = Record(
                record_handle=record_id,
                chain_id=chain_id,
                phone=values["contact_info"],
                phone_type=None
                if phone_type is None
                else _code(phone_type, "contact_info_type", PhoneType.parse),
                call_result=None
                if call_result is None
                else _code(call_result, "call_result", CallResult.parse),
                attempts=0 if attempts is None else _integer(attempts, "attempt", 0, _TOP),
                tz_name=self.zone(values.get(self.zone_column, "")),
                daily_from=None
                if daily_from is None
                else _integer(daily_from, "daily_from", 0, 86399),
                daily_until=None
                if daily_till is None
                else _integer(daily_till, "daily_till", 0, 86399),
                custom=custom,
                extra=extra,
            )
        except InvalidValue as error:
            field = str(error.details.get("field", ""))
            raise _RowError(_COLUMN_OF.get(field, field or "record"), error.message) from None
        if self.has_chain_n:
            text = given("chain_n")
            if text is None:
                raise _RowError("chain_n", "empty: give every record its place in the chain", "")
            chain_n = _integer(text, "chain_n", 0, _TOP)
        else:
            chain_n = self.next_n.get(chain_id, 0) + 1
            self.next_n[chain_id] = chain_n
        if record_id in self.records:
            raise _RowError(
                "record_id", f"record {record_id} is already on line {self.records[record_id]}"
            )
        if (chain_id, chain_n) in self.places:
            raise _RowError(
                "chain_n",
                f"chain {chain_id} already has chain_n {chain_n} "
                f"(line {self.places[(chain_id, chain_n)]})",
            )
        try:
            row = CallingListRecord(
                record,
                RecordStatus.READY
                if status is None
                else _code(status, "record_status", RecordStatus.parse),
                RecordType.GENERAL
                if record_type is None
                else _code(record_type, "record_type", RecordType.parse),
                chain_n,
                _instant(values.get("dial_sched_time", ""), "dial_sched_time"),
                _instant(values.get("call_time", ""), "call_time"),
            )
        except InvalidValue as error:
            field = str(error.details.get("field", "record"))
            column = {
                "unknown-zone": self.zone_column,
                "invalid-window": "daily_from/daily_till",
            }.get(error.code, self.zone_column if field == "zone" else field)
            raise _RowError(column, error.message) from None
        self.records[record_id] = line
        self.places[(chain_id, chain_n)] = line
        return row


def _header(fields: list[str]) -> list[str]:
    names = [name.strip() for name in fields]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0][1:].strip()
    for position, name in enumerate(names, 1):
        if not name:
            raise WireFormatError(f"line 1: column {position} has no name", line=1, column=position)
        if names.index(name) != position - 1:
            raise WireFormatError(f"line 1: column {name} appears twice", line=1, column=name)
        if name not in _KNOWN and name in _WIRE_KEYS:
            raise WireFormatError(
                f"line 1: column {name} is a desktop key; a calling list names it by its "
                "column (contact_info, call_result, ...)",
                line=1,
                column=name,
            )
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        raise WireFormatError(
            f"line 1: the header lacks {', '.join(missing)}", line=1, column=missing[0]
        )
    zone_columns = [name for name in ("tz_name", "tz_dbid") if name in names]
    if len(zone_columns) != 1:
        raise WireFormatError(
            "line 1: give the zone in one column, tz_name or tz_dbid"
            + (" (not both)" if zone_columns else ""),
            line=1,
            column="tz_name",
        )
    return names


def read_calling_list_csv(
    lines: Iterable[str], *, zones: Mapping[int, str] | None = None
) -> Iterator[CallingListRecord]:
    """Read a Genesys calling list in CSV, one record per row (see the module docs).

    Args:
        lines: the text, line by line (an open file, `text.splitlines(keepends=True)`).
        zones: `{tz_dbid: zone name}` for a `tz_dbid` column of numbers.

    Raises:
        WireFormatError: the first bad row or header, naming its line and column.
    """
    zones = zone_map(zones or {})
    reader = csv.reader(lines, strict=True)
    read: _Reader | None = None
    last_line = 0
    try:
        for fields in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if read is None:
                read = _Reader(_header(fields), zones)
                continue
            if len(fields) != len(read.header):
                raise WireFormatError(
                    f"line {line}: {len(fields)} fields where the header has {len(read.header)}",
                    line=line,
                    column=None,
                )
            try:
                yield read.row(dict(zip(read.header, fields, strict=True)), line)
            except _RowError as error:
                raise WireFormatError(
                    f"line {line}, column {error.column}: {error.message}",
                    line=line,
                    column=error.column,
                    value=shorten(error.value),
                ) from None
    except csv.Error as error:
        line = reader.line_num or last_line + 1
        raise WireFormatError(
            f"line {line}: not CSV: {shorten(str(error), 120)}", line=line, column=None
        ) from None
    if read is None:
        raise WireFormatError("the calling list is empty: no header line", line=1, column=None)


def _text(value: object) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _seconds(value: datetime | None) -> str:
    return "" if value is None else str(int(value.timestamp()))


def write_calling_list_csv(
    rows: Iterable[CallingListRecord],
    out: io.TextIOBase | Any,
    *,
    tz_column: str = "tz_name",
    zones: Mapping[int, str] | None = None,
) -> None:
    """Write calling-list records as CSV to the text file `out` (see the module docs).

    Custom columns follow the §1 columns, in the order first met; a custom value is written
    as text (`true`/`false` for booleans, empty for null). With `tz_column="tz_dbid"` the
    zone is written as its DBID when `zones` maps one to the record's zone name, else as
    the name. Times are written as whole POSIX seconds.

    Raises:
        InvalidValue: `tz_column` is neither `tz_name` nor `tz_dbid`, or a record has no
            zone name to write (only an offset).
    """
    if tz_column not in ("tz_name", "tz_dbid"):
        raise InvalidValue(
            f"tz_column is tz_name or tz_dbid, not {shorten(tz_column)}", value=shorten(tz_column)
        )
    dbids = {name: dbid for dbid, name in zone_map(zones or {}).items()}
    kept = list(rows)
    custom: dict[str, None] = {}
    for row in kept:
        for key in (*row.record.custom, *row.record.extra):
            custom.setdefault(key, None)
    # RFC 4180 line ends: a field holding a CR or LF is then quoted and reads back whole.
    writer = csv.writer(out, lineterminator="\r\n")
    columns = [tz_column if c == "tz_name" else c for c in CALLING_LIST_COLUMNS]
    writer.writerow([*columns, *custom])
    for row in kept:
        record = row.record
        if record.tz_name is None:
            raise InvalidValue(
                f"record {record.record_handle} has no zone name to write (only an offset)",
                record_id=record.record_handle,
            )
        zone: object = record.tz_name
        if tz_column == "tz_dbid" and record.tz_name in dbids:
            zone = dbids[record.tz_name]
        values = {**record.custom, **record.extra}
        writer.writerow(
            [
                record.record_handle,
                record.phone,
                "" if record.phone_type is None else int(record.phone_type),
                int(row.record_type),
                int(row.status),
                "" if record.call_result is None else int(record.call_result),
                _text(record.attempts),
                _seconds(row.dial_sched_time),
                _seconds(row.call_time),
                _text(record.daily_from),
                _text(record.daily_until),
                zone,
                record.chain_id,
                row.chain_n,
                *(_text(values.get(key)) for key in custom),
            ]
        )
