"""The calling list the simulation works: shipped in the package, or grown to any size.

`data/calling_list.json` holds customers with one to three numbers (in several written formats)
in many time zones (Genesys names and IANA keys), a calling window each, and custom fields of
every field type; its `fields` are the campaign's field list [getRecordFields]. `calling_list`
turns it into chains of `Record` values; asked for more records than it holds, it repeats the
customers with new chain ids, handles and numbers, so the list keeps its mix at any size
(`GrownList`, whose records `grown_list` leaves to be made when the server first reads them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from outbound_core.codes import PhoneType
from outbound_core.records import Chain, GrownList, Record
from outbound_core.records.fields import FieldSet

__all__ = [
    "calling_list",
    "field_list",
    "grown_list",
    "pattern_chains",
    "shipped_list",
]


def shipped_list() -> dict[str, Any]:
    """The calling list shipped with the package, as plain data."""
    text = resources.files("outbound_core").joinpath("data/calling_list.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def field_list(data: dict[str, Any] | None = None) -> FieldSet:
    """The campaign's field list from the calling list's `fields`."""
    data = shipped_list() if data is None else data
    return FieldSet.from_dict({"specs": data["fields"]})


def pattern_chains(data: dict[str, Any] | None = None, *, campaign: str = "") -> list[Chain]:
    """The shipped customers as chains of records (handles from 1, in chain order): the
    patterns a grown list repeats. The records of one customer share one `custom` dict (a copy
    of the list's): records are values, and a large list would otherwise hold a million
    copies."""
    data = shipped_list() if data is None else data
    name, handle, chains = data["name"], 1, []
    for customer in data["customers"]:
        custom, records = dict(customer["custom"]), []
        for entry in customer["records"]:
            records.append(
                Record(
                    record_handle=handle,
                    chain_id=customer["chain_id"],
                    phone=entry["phone"],
                    phone_type=PhoneType(entry["phone_type"]),
                    attempts=0,
                    calling_list=name,
                    campaign_name=campaign or None,
                    tz_name=entry["tz_name"],
                    daily_from=entry["daily_from"],
                    daily_until=entry["daily_until"],
                    custom=custom,
                )
            )
            handle += 1
        chains.append(Chain(records))
    return chains


def grown_list(
    records: int | None = None,
    data: dict[str, Any] | None = None,
    *,
    campaign: str = "",
    part: int = 0,
    parts: int = 1,
) -> GrownList:
    """The shipped customers grown to `records` records (`GrownList`; all of them once when
    `records` is None), or the chains numbered `part` modulo `parts` of it."""
    return GrownList(pattern_chains(data, campaign=campaign), records, part=part, parts=parts)


def calling_list(
    records: int | None = None, data: dict[str, Any] | None = None, *, campaign: str = ""
) -> Iterator[tuple[Record, ...]]:
    """Chains of records, in chain order: the shipped customers, repeated until `records`
    records are made (the last chain may be cut short); all of them when `records` is None.
    The rules of growing are `GrownList`'s."""
    for chain in grown_list(records, data, campaign=campaign):
        yield chain.records
