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

__all__ = ["PhoneTemplate", "calling_list", "field_list", "shipped_list"]


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
    records are made (the last chain may be cut short); all of them when `records` is None.

    The records of one customer share one `custom` dict (a copy of the list's), in every
    round: records are values, and a large list would otherwise hold a million copies.
    """
    data = shipped_list() if data is None else data
    name = data["name"]
    customers = [
        (
            customer["chain_id"],
            dict(customer["custom"]),
            [
                (entry, PhoneType(entry["phone_type"]), PhoneTemplate.of(entry["phone"]))
                for entry in customer["records"]
            ],
        )
        for customer in data["customers"]
    ]
    made, handle, round_ = 0, 1, 0
    # The first round's records, checked as they are made; later rounds copy them with new
    # handles, chain ids and numbers (`Record.with_number`).
    checked: list[list[Record]] = [[] for _ in customers]
    while True:
        tail = str(round_).zfill(6)[-6:]
        for (first_chain_id, custom, entries), firsts in zip(customers, checked, strict=True):
            if records is not None and made >= records:
                return
            chain_id = round_ * len(customers) + first_chain_id
            chain = []
            for index, (entry, phone_type, template) in enumerate(entries):
                if records is not None and made >= records:
                    break
                if round_:
                    record = firsts[index].with_number(handle, chain_id, template.renumbered(tail))
                else:
                    record = Record(
                        record_handle=handle,
                        chain_id=chain_id,
                        phone=entry["phone"],
                        phone_type=phone_type,
                        attempts=0,
                        calling_list=name,
                        campaign_name=campaign or None,
                        tz_name=entry["tz_name"],
                        daily_from=entry["daily_from"],
                        daily_until=entry["daily_until"],
                        custom=custom,
                    )
                    firsts.append(record)
                chain.append(record)
                handle += 1
                made += 1
            yield tuple(chain)
        if records is None:
            return
        round_ += 1


class PhoneTemplate:
    """A written number whose last six digits a round replaces (a new number, the same format)."""

    __slots__ = ("digits", "pattern")

    def __init__(self, pattern: str, digits: int) -> None:
        self.pattern = pattern
        self.digits = digits

    @classmethod
    def of(cls, phone: str) -> PhoneTemplate:
        """The template of `phone`: its text with its last (up to six) digits left open."""
        places = [i for i, char in enumerate(phone) if char.isdigit()][-6:]
        pieces, start = [], 0
        for place in places:
            pieces.append(phone[start:place])
            start = place + 1
        pieces.append(phone[start:])
        escaped = (piece.replace("{", "{{").replace("}", "}}") for piece in pieces)
        return cls("{}".join(escaped), len(places))

    def renumbered(self, tail: str) -> str:
        """The number with its open digits taken from `tail` (six digits), in order."""
        return self.pattern.format(*tail[: self.digits])
