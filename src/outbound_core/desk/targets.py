"""Whom a call goes to: an internal target (another agent) or a contact (a phone number).

Seed 003: the agent transfers, conferences or consults "a contact or internal target that you
select by using the Team Communicator". `CallTarget.agent("agent-7")` names an internal target,
`CallTarget.contact("+1 555 0100")` a contact; `CallTarget.parse` also reads the plain forms
`agent:<id>` and `contact:<number>` (or a bare number) a harness may pass.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.records import normalize_phone

__all__ = ["CallTarget", "TargetKind"]


class TargetKind(StrEnum):
    """An internal target (an agent of the contact center) or a contact (a number)."""

    AGENT = "agent"
    CONTACT = "contact"


def _address(target: CallTarget, attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(
            f"a call target's address is a non-blank string, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE if not isinstance(value, str) else ErrorCode.INVALID_VALUE,
            value=shorten(value),
        )
    if target.kind is TargetKind.CONTACT:
        normalize_phone(value)


@attrs.define(frozen=True, slots=True)
class CallTarget:
    """The other party of a transfer, conference or consultation.

    Attributes:
        kind: an internal target (another agent) or a contact.
        address: the agent's id, or the contact's phone number (as written).
    """

    kind: TargetKind = attrs.field(converter=TargetKind)
    address: str = attrs.field(validator=_address)

    @classmethod
    def agent(cls, agent_id: str) -> CallTarget:
        """An internal target: another agent, by id."""
        return cls(TargetKind.AGENT, agent_id)

    @classmethod
    def contact(cls, phone: str) -> CallTarget:
        """A contact, by phone number.

        Raises:
            InvalidValue: not a phone number.
        """
        return cls(TargetKind.CONTACT, phone)

    @classmethod
    def parse(cls, value: object) -> CallTarget:
        """A `CallTarget`, or its plain form: `agent:<id>`, `contact:<number>`, or a number.

        Raises:
            InvalidValue: `wrong-type` or `invalid-value`, naming what is allowed.
        """
        if isinstance(value, CallTarget):
            return value
        if not isinstance(value, str):
            raise InvalidValue(
                f"a call target is a CallTarget, 'agent:<id>' or 'contact:<number>', not "
                f"{shorten(value)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(value),
            )
        kind, colon, address = value.partition(":")
        if colon and kind in TargetKind._value2member_map_:
            return cls(TargetKind(kind), address.strip())
        return cls.contact(value)

    @property
    def is_agent(self) -> bool:
        """Whether the target is another agent (an internal target)."""
        return self.kind is TargetKind.AGENT

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"kind": self.kind.value, "address": self.address}

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.address}"
