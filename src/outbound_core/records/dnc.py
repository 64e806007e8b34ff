"""The Do-Not-Call list of an outbound server: numbers and chains nobody may call again.

Reference §4.3: Do Not Call puts the contact on the list, finalizes the record and, per the chain
scope, reaches the record's number only (`RecordOnly`) or the whole chain (`AllChain`). The list
is server-wide, so a number on it is blocked in every campaign. Numbers are kept normalized
(`outbound_core.records.phone_numbers`), so no formatting of a listed number gets through.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from outbound_core.records.phone_numbers import normalize_phone

__all__ = ["DoNotCallList"]


@attrs.define(slots=True, eq=False)
class DoNotCallList:
    """Normalized numbers and chain ids under Do Not Call."""

    numbers: set[str] = attrs.field(factory=set)
    chains: set[int] = attrs.field(factory=set)

    def __len__(self) -> int:
        return len(self.numbers)

    def __contains__(self, phone: object) -> bool:
        return isinstance(phone, str) and self.blocks(phone)

    def add(self, phone: str) -> str:
        """Put a number on the list; returns its normalized form.

        Raises:
            InvalidValue: not a phone number (see `normalize_phone`).
        """
        number = normalize_phone(phone)
        self.numbers.add(number)
        return number

    def add_chain(self, chain_id: int, phones: Iterable[str]) -> None:
        """Put a whole chain on the list [AllChain]: its id and every number it holds."""
        self.chains.add(chain_id)
        for phone in phones:
            self.add(phone)

    def remove(self, phone: str) -> bool:
        """Take a number off the list; returns whether it was there."""
        number = normalize_phone(phone)
        found = number in self.numbers
        self.numbers.discard(number)
        return found

    def blocks(self, phone: str, chain_id: int | None = None) -> bool:
        """Whether a call to `phone` (of chain `chain_id`) is forbidden."""
        if type(chain_id) is int and chain_id in self.chains:
            return True
        try:
            return normalize_phone(phone) in self.numbers
        except ValueError:
            return False
