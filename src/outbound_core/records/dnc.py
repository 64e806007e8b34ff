"""The Do-Not-Call list of an outbound server: numbers, contacts and chains nobody may call again.

Reference §4.3: Do Not Call puts the contact on the list, finalizes the record and, per the chain
scope, reaches the record's number only (`RecordOnly`) or the whole chain (`AllChain`). The list
is server-wide, so a number on it is blocked in every campaign. Phone numbers are kept
normalized (`outbound_core.records.phone_numbers`), so no formatting of a listed number gets
through. A contact that is not a phone number (an e-mail address of phone type 10, an instant
messaging handle, any text a calling list holds as contact info) is kept as written, stripped
and case-folded: Do Not Call never fails for the contact a record holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records.phone_numbers import normalize_phone

__all__ = ["DoNotCallList"]


def _contact_key(contact: str) -> tuple[bool, str]:
    """(is a phone number, its compared form)."""
    try:
        return True, normalize_phone(contact)
    except InvalidValue:
        return False, contact.strip().casefold()


@attrs.define(slots=True, eq=False)
class DoNotCallList:
    """Normalized numbers, other contacts and chain ids under Do Not Call."""

    numbers: set[str] = attrs.field(factory=set)
    chains: set[int] = attrs.field(factory=set)
    contacts: set[str] = attrs.field(factory=set)

    def __len__(self) -> int:
        return len(self.numbers) + len(self.contacts)

    def __contains__(self, phone: object) -> bool:
        return isinstance(phone, str) and self.blocks(phone)

    def add(self, phone: str) -> str:
        """Put a contact on the list; returns the form it is compared in.

        Raises:
            InvalidValue: not a string, or blank.
        """
        if not isinstance(phone, str) or not phone.strip():
            raise InvalidValue(
                f"a contact to put on the Do-Not-Call list is a non-blank string, not "
                f"{shorten(phone)}",
                code=ErrorCode.WRONG_TYPE
                if not isinstance(phone, str)
                else ErrorCode.INVALID_VALUE,
                value=shorten(phone),
            )
        is_number, key = _contact_key(phone)
        (self.numbers if is_number else self.contacts).add(key)
        return key

    def add_chain(self, chain_id: int, phones: Iterable[str]) -> None:
        """Put a whole chain on the list [AllChain]: its id and every contact it holds.

        Raises:
            InvalidValue: a contact that is not a non-blank string (nothing is added then).
        """
        contacts = list(phones)
        for phone in contacts:
            if not isinstance(phone, str) or not phone.strip():
                self.add(phone)  # raises, before anything is added
        self.chains.add(chain_id)
        for phone in contacts:
            self.add(phone)

    def remove(self, phone: str) -> bool:
        """Take a contact off the list; returns whether it was there."""
        if not isinstance(phone, str):
            return False
        is_number, key = _contact_key(phone)
        found = self.numbers if is_number else self.contacts
        there = key in found
        found.discard(key)
        return there

    def blocks(self, phone: str, chain_id: int | None = None) -> bool:
        """Whether a call to `phone` (of chain `chain_id`) is forbidden."""
        if type(chain_id) is int and chain_id in self.chains:
            return True
        if not isinstance(phone, str):
            return False
        is_number, key = _contact_key(phone)
        return key in (self.numbers if is_number else self.contacts)

    def to_dict(self) -> dict[str, Any]:
        """The list as plain data, each part sorted."""
        return {
            "numbers": sorted(self.numbers),
            "contacts": sorted(self.contacts),
            "chains": sorted(self.chains),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DoNotCallList:
        """The list `to_dict` wrote."""
        return cls(set(data["numbers"]), set(data["chains"]), set(data.get("contacts", ())))
