"""The calling list the simulation works: shipped in the package, or grown to any size.

`data/calling_list.json` holds customers with one to three numbers (in several written formats)
in many time zones (Genesys names and IANA keys), a calling window each, and custom fields of
every field type; its `fields` are the campaign's field list [getRecordFields]. `calling_list`
turns it into chains of `Record` values; asked for more records than it holds, it repeats the
customers with new chain ids, handles and numbers, so the list keeps its mix at any size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from outbound_core.codes import PhoneType
from outbound_core.records import Record
from outbound_core.records.fields import FieldSet

__all__ = ["calling_list", "field_list", "shipped_list"]


def shipped_list() -> dict[str, Any]:
    """The calling list shipped with the package, as plain data."""
    text = resources.files("outbound_core").joinpath("data/calling_list.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def field_list(data: dict[str, Any] | None = None) -> FieldSet:
    """The campaign's field list from the calling list's `fields`."""
    data = shipped_list() if data is None else data
    return FieldSet.from_dict({"specs": data["fields"]})


def calling_list(
    records: int | None = None, data: dict[str, Any] | None = None, *, campaign: str = ""
) -> Iterator[tuple[Record, ...]]:
    """Chains of records, in chain order: the shipped customers, repeated until `records`
    records are made (the last chain may be cut short); all of them when `records` is None."""
    data = shipped_list() if data is None else data
    customers = data["customers"]
    made, handle, round_ = 0, 1, 0
    while True:
        for customer in customers:
            if records is not None and made >= records:
                return
            chain_id = round_ * len(customers) + customer["chain_id"]
            chain = []
            for entry in customer["records"]:
                if records is not None and made >= records:
                    break
                phone = entry["phone"]
                if round_:
                    phone = _renumbered(phone, round_)
                chain.append(
                    Record(
                        record_handle=handle,
                        chain_id=chain_id,
                        phone=phone,
                        phone_type=PhoneType(entry["phone_type"]),
                        attempts=0,
                        calling_list=data["name"],
                        campaign_name=campaign or None,
                        tz_name=entry["tz_name"],
                        daily_from=entry["daily_from"],
                        daily_until=entry["daily_until"],
                        custom=dict(customer["custom"]),
                    )
                )
                handle += 1
                made += 1
            yield tuple(chain)
        if records is None:
            return
        round_ += 1


def _renumbered(phone: str, round_: int) -> str:
    """The same written number with its last digits replaced by the round (a new number)."""
    digits = [i for i, char in enumerate(phone) if char.isdigit()]
    tail = str(round_).zfill(6)[-6:]
    chars = list(phone)
    for position, digit in zip(digits[-len(tail) :], tail, strict=False):
        chars[position] = digit
    return "".join(chars)
