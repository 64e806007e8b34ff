"""Callback types: whom a rescheduled record comes back to [`callbackType`]."""

from __future__ import annotations

from enum import StrEnum

from outbound_core.codes.names import NameTable
from outbound_core.errors import ErrorCode

__all__ = ["CallbackType"]


class CallbackType(StrEnum):
    """Who a rescheduled record comes back to: any agent of the campaign, or the same agent."""

    CAMPAIGN = "CAMPAIGN"
    PERSONAL = "PERSONAL"

    @property
    def protocol_value(self) -> str:
        """The desktop protocol's `GSW_CALLBACK_TYPE` value: `Campaign` or `Personal`."""
        return self.value.capitalize()

    @classmethod
    def parse(cls, value: object) -> CallbackType:
        """The callback type `value` names, in any case (`PERSONAL`, `Personal`, `personal`).

        Raises:
            InvalidValue: `unknown-callback-type` or `wrong-type`.
        """
        return _CALLBACK_TYPES.parse(value, (cls,))


_CALLBACK_TYPES: NameTable[CallbackType] = NameTable(
    "callback type",
    ErrorCode.UNKNOWN_CALLBACK_TYPE,
    {m: (m.value,) for m in CallbackType},
)
