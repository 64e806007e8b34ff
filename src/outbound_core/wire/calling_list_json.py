"""The package's calling-list JSON (the shape of `outbound_core/data/calling_list.json`).

```json
{"name": "Day calling list", "description": "...", "fields": [...],
 "customers": [{"chain_id": 1, "custom": {"Customer_Name": "..."},
                "records": [{"phone": "...", "phone_type": 8, "tz_name": "America/Chicago",
                             "daily_from": 32400, "daily_until": 75599}]}]}
```

Each customer is a chain; its records are the chain's records in `chain_n` order (1, 2, ...)
and share the customer's custom fields. Record ids are given out 1, 2, 3, ... in file order,
as the simulated day numbers them. A record may also carry what a calling list keeps for it:
`record_id`, `chain_n`, `attempts`, `call_result`, `record_status`, `record_type`,
`dial_sched_time` and `call_time` (ISO 8601 with an offset, or POSIX seconds). Every
refusal is a `WireFormatError` naming the JSON path (`$.customers[3].records[1].tz_name`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from outbound_core.codes import CallResult, PhoneType, RecordStatus, RecordType
from outbound_core.errors import InvalidValue, WireFormatError, shorten
from outbound_core.records import CallingListRecord, Record
from outbound_core.wire.json_text import parse_json

__all__ = ["load_calling_list_json", "read_calling_list_json"]

_TOP_KEYS: Final = frozenset({"name", "description", "fields", "customers"})
_CUSTOMER_KEYS: Final = frozenset({"chain_id", "custom", "records"})
_RECORD_KEYS: Final = frozenset(
    {
        "phone",
        "phone_type",
        "tz_name",
        "tz_offset",
        "daily_from",
        "daily_until",
        "record_id",
        "chain_n",
        "attempts",
        "call_result",
        "record_status",
        "record_type",
        "dial_sched_time",
        "call_time",
    }
)
_LAST_SECOND = 253402300799


def _refuse(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def _instant(value: object, path: str) -> datetime | None:
    if value is None:
        return None
    if type(value) is int:
        if not 0 <= value <= _LAST_SECOND:
            raise _refuse(path, f"{value} is outside 0..{_LAST_SECOND} seconds", value)
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            found = datetime.fromisoformat(value)
        except ValueError:
            found = None
        if found is not None and found.tzinfo is not None:
            return found.astimezone(UTC)
    raise _refuse(path, "expected ISO 8601 with an offset, or POSIX seconds", value)


def _code(value: object, path: str, parse: Any) -> Any:
    if value is None:
        return None
    try:
        return parse(value)
    except InvalidValue as error:
        raise _refuse(path, error.message, value) from None


def read_calling_list_json(data: Mapping[str, Any]) -> Iterator[CallingListRecord]:
    """The records of a calling list in the package's JSON shape (see the module docs).

    Raises:
        WireFormatError: naming the JSON path of the first problem.
    """
    if not isinstance(data, Mapping):
        raise _refuse("$", f"expected an object, got {type(data).__name__}", data)
    unknown = sorted(str(k) for k in data if k not in _TOP_KEYS)
    if unknown:
        raise _refuse("$", f"unknown key {unknown[0]!r}; keys: {', '.join(sorted(_TOP_KEYS))}")
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise _refuse("$.name", "expected text", name)
    customers = data.get("customers")
    if not isinstance(customers, list):
        raise _refuse("$.customers", "expected a list of customers", customers)
    handle = 0
    seen: set[int] = set()
    chains: set[int] = set()
    for c, customer in enumerate(customers):
        where = f"$.customers[{c}]"
        if not isinstance(customer, Mapping):
            raise _refuse(where, "expected an object", customer)
        unknown = sorted(str(k) for k in customer if k not in _CUSTOMER_KEYS)
        if unknown:
            raise _refuse(where, f"unknown key {unknown[0]!r}")
        chain_id = customer.get("chain_id")
        if type(chain_id) is not int:
            raise _refuse(f"{where}.chain_id", "expected a whole number", chain_id)
        if chain_id in chains:
            raise _refuse(f"{where}.chain_id", f"chain {chain_id} appears twice", chain_id)
        chains.add(chain_id)
        custom = customer.get("custom", {})
        if not isinstance(custom, Mapping):
            raise _refuse(f"{where}.custom", "expected an object", custom)
        records = customer.get("records")
        if not isinstance(records, list) or not records:
            raise _refuse(f"{where}.records", "expected a non-empty list", records)
        for r, entry in enumerate(records):
            path = f"{where}.records[{r}]"
            handle += 1
            yield _record(entry, path, handle, chain_id, r + 1, custom, name, seen)


def _record(
    entry: object,
    path: str,
    handle: int,
    chain_id: int,
    chain_n: int,
    custom: Mapping[str, Any],
    list_name: str | None,
    seen: set[int],
) -> CallingListRecord:
    if not isinstance(entry, Mapping):
        raise _refuse(path, "expected an object", entry)
    unknown = sorted(str(k) for k in entry if k not in _RECORD_KEYS)
    if unknown:
        raise _refuse(path, f"unknown key {unknown[0]!r}; keys: {', '.join(sorted(_RECORD_KEYS))}")
    record_id = entry.get("record_id", handle)
    if record_id in seen:
        raise _refuse(f"{path}.record_id", f"record {record_id} appears twice", record_id)
    attempts = entry.get("attempts", 0)
    try:
        record = Record(
            record_handle=record_id,
            chain_id=chain_id,
            phone=entry.get("phone"),  # type: ignore[arg-type]
            phone_type=_code(entry.get("phone_type"), f"{path}.phone_type", PhoneType.parse),
            call_result=_code(entry.get("call_result"), f"{path}.call_result", CallResult.parse),
            attempts=attempts,
            calling_list=list_name,
            tz_name=entry.get("tz_name"),
            tz_offset=entry.get("tz_offset"),
            daily_from=entry.get("daily_from"),
            daily_until=entry.get("daily_until"),
            custom=dict(custom),
        )
        status = _code(entry.get("record_status"), f"{path}.record_status", RecordStatus.parse)
        kind = _code(entry.get("record_type"), f"{path}.record_type", RecordType.parse)
        row = CallingListRecord(
            record,
            RecordStatus.READY if status is None else status,
            RecordType.GENERAL if kind is None else kind,
            entry.get("chain_n", chain_n),
            _instant(entry.get("dial_sched_time"), f"{path}.dial_sched_time"),
            _instant(entry.get("call_time"), f"{path}.call_time"),
        )
    except WireFormatError:
        raise
    except InvalidValue as error:
        field = error.details.get("field")
        key = {"record_handle": "record_id", "attempts": "attempts"}.get(str(field), field)
        if error.code == "unknown-zone" or field == "zone":
            key = "tz_name"
        elif error.code == "invalid-window":
            key = "daily_from"
        where = f"{path}.{key}" if key else path
        raise _refuse(where, error.message) from None
    seen.add(record_id)
    return row


def load_calling_list_json(text: str | bytes) -> Iterator[CallingListRecord]:
    """Read the calling-list JSON text (strict JSON) and its records.

    Raises:
        WireFormatError: the text is not JSON (line and column), or the first problem's path.
    """
    return read_calling_list_json(parse_json(text))
