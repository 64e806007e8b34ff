"""Treatment modes: which treatment the desktop asks for when a record is marked done."""

from __future__ import annotations

from enum import StrEnum

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["TREATMENT_MODE_OPTION", "TreatmentMode"]

#: The Workspace option that sets the mode (reference §6).
TREATMENT_MODE_OPTION = "outbound.treatment-mode"


class TreatmentMode(StrEnum):
    """Which treatment the desktop asks for when the agent marks a record done.

    `outbound.treatment-mode` (reference §6): `none` never asks for one, `campaign` asks for
    the calling list's treatment (RecordTreatCampaign), `personal` for a personal one
    (RecordTreatPersonal).
    """

    NONE = "none"
    CAMPAIGN = "campaign"
    PERSONAL = "personal"

    @property
    def protocol_value(self) -> str | None:
        """The desktop protocol's value for the request (`RecordTreatCampaign`, ...), or None."""
        return _TREATMENT_PROTOCOL[self]

    @classmethod
    def parse(cls, value: object) -> TreatmentMode:
        """The mode `value` names: `none`, `campaign` or `personal`, in any case.

        Raises:
            InvalidValue: `invalid-option` naming `outbound.treatment-mode`.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            found = _TREATMENT_MODES.get(value.strip().casefold())
            if found is not None:
                return found
        allowed = "none, campaign or personal"
        raise _unreadable(value, allowed)

    @classmethod
    def from_protocol(cls, value: object) -> TreatmentMode:
        """The mode a desktop request asks for [`RecordTreatCampaign`, `RecordTreatPersonal`].

        Raises:
            InvalidValue: `invalid-option`: not one of the two protocol values.
        """
        found = _PROTOCOL_MODES.get(value) if type(value) is str else None
        if found is None:
            raise InvalidValue(
                f"a treatment request is RecordTreatCampaign or RecordTreatPersonal, not "
                f"{shorten(value)}",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(value),
            )
        return found


def _unreadable(value: object, allowed: str) -> InvalidValue:
    return InvalidValue(
        f"option {TREATMENT_MODE_OPTION} = {shorten(value)} cannot be read; allowed: {allowed}",
        code=ErrorCode.INVALID_OPTION,
        option=TREATMENT_MODE_OPTION,
        value=value,
        allowed=allowed,
    )


_TREATMENT_PROTOCOL = {
    TreatmentMode.NONE: None,
    TreatmentMode.CAMPAIGN: "RecordTreatCampaign",
    TreatmentMode.PERSONAL: "RecordTreatPersonal",
}
_TREATMENT_MODES = {mode.value: mode for mode in TreatmentMode}
_PROTOCOL_MODES = {value: mode for mode, value in _TREATMENT_PROTOCOL.items() if value}
