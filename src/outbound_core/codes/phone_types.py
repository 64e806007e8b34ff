"""Phone types: the kind of contact info a record holds, 0 to 11."""

from __future__ import annotations

from enum import IntEnum

from outbound_core.codes.names import NameTable, spellings_of
from outbound_core.errors import ErrorCode

__all__ = ["PhoneType"]


class PhoneType(IntEnum):
    """The kind of contact info of a record [`contact_info_type`, `GSW_PHONE_TYPE`], 0 to 11."""

    NONE = 0
    HOME_PHONE = 1
    DIRECT_BUSINESS_PHONE = 2
    BUSINESS_WITH_EXTENSION = 3
    MOBILE = 4
    VACATION_PHONE = 5
    PAGER = 6
    MODEM = 7
    VOICE_MAIL = 8
    PIN_PAGER = 9
    EMAIL_ADDRESS = 10
    INSTANT_MESSAGING = 11

    @property
    def label(self) -> str:
        """The label of seed 002's getRecordFields options, e.g. "Home Phone"."""
        return _PHONE_TYPE_SPELLINGS[self][0]

    @property
    def token(self) -> str:
        """The Web Services / PSDK token, e.g. `BusinessWithExt`."""
        return _PHONE_TYPE_SPELLINGS[self][1]

    @classmethod
    def parse(cls, value: object) -> PhoneType:
        """The phone type `value` names: number, member name, seed label, cfg label or token.

        Raises:
            InvalidValue: `unknown-phone-type` or `wrong-type`.
        """
        return _PHONE_TYPES.parse(value, (cls,))


# (seed 002 label, Web Services token, cfg_locale label when it differs)
_PHONE_TYPE_SPELLINGS: dict[PhoneType, tuple[str, ...]] = {
    PhoneType.NONE: ("None", "NoContactType", "No Contact Type"),
    PhoneType.HOME_PHONE: ("Home Phone", "HomePhone"),
    PhoneType.DIRECT_BUSINESS_PHONE: ("Direct Business Phone", "DirectBusinessPhone"),
    PhoneType.BUSINESS_WITH_EXTENSION: ("Business With Extension", "BusinessWithExt"),
    PhoneType.MOBILE: ("Mobile", "Mobile"),
    PhoneType.VACATION_PHONE: ("Vacation Phone", "VacationPhone"),
    PhoneType.PAGER: ("Pager", "Pager"),
    PhoneType.MODEM: ("Modem", "Modem"),
    PhoneType.VOICE_MAIL: ("Voice Mail", "VoiceMail"),
    PhoneType.PIN_PAGER: ("Pin Pager", "PinPager"),
    PhoneType.EMAIL_ADDRESS: ("Email Address", "EmailAddress", "E-Mail Address"),
    PhoneType.INSTANT_MESSAGING: ("Instant Messaging", "InstantMessaging"),
}

_PHONE_TYPES: NameTable[PhoneType] = NameTable(
    "phone type",
    ErrorCode.UNKNOWN_PHONE_TYPE,
    {m: spellings_of(m, _PHONE_TYPE_SPELLINGS[m]) for m in PhoneType},
    numbers={int(m): m for m in PhoneType},
)


def _self_check() -> None:
    # A table edit that drops a member must fail at import, not in production.
    for enum, table in ((PhoneType, _PHONE_TYPE_SPELLINGS),):
        missing: list[object] = [m for m in enum if m not in table]
        if missing:
            raise AssertionError(f"{enum.__name__} without labels: {missing}")


_self_check()
