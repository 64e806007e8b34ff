"""The catalogs of codes an outbound record and its campaign carry.

Call results, phone types, record statuses and types are the integer enumerations of Genesys
Outbound Contact (`cfg_locale`); callback types, chain scopes and dialing modes are the tokens
of the desktop protocol and the Service Client API. Each catalog reads any spelling the sources
use (`parse`) and gives back its Genesys display label (`label`). Call results and dialing modes
live in their own modules (`call_results`, `dialing_modes`) and are re-exported here.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from outbound_core._names import NameTable, spellings_of
from outbound_core.call_results import (
    SERVICE_CLIENT_CALL_RESULTS,
    WORKSPACE_CALL_RESULT_SPELLINGS,
    CallResult,
)
from outbound_core.dialing_modes import Delivery, DialingMode
from outbound_core.errors import ErrorCode

__all__ = [
    "SERVICE_CLIENT_CALL_RESULTS",
    "WORKSPACE_CALL_RESULT_SPELLINGS",
    "CallResult",
    "CallbackType",
    "ChainScope",
    "Delivery",
    "DialingMode",
    "PhoneType",
    "RecordStatus",
    "RecordType",
]


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


class RecordStatus(IntEnum):
    """Where a record stands in processing [`record_status`], 0 to 9."""

    NO_RECORD_STATUS = 0
    READY = 1
    RETRIEVED = 2
    UPDATED = 3
    STALE = 4
    CANCELLED = 5
    AGENT_ERROR = 6
    CHAIN_UPDATED = 7
    MISSED_CALLBACK = 8
    CHAIN_READY = 9

    @property
    def label(self) -> str:
        """The Genesys display label, e.g. "Missed CallBack"."""
        return _RECORD_STATUS_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> RecordStatus:
        """The record status `value` names (number, member name or label).

        Raises:
            InvalidValue: `unknown-record-status` or `wrong-type`.
        """
        return _RECORD_STATUSES.parse(value, (cls,))


_RECORD_STATUS_LABELS: dict[RecordStatus, str] = {
    RecordStatus.NO_RECORD_STATUS: "No Record Status",
    RecordStatus.READY: "Ready",
    RecordStatus.RETRIEVED: "Retrieved",
    RecordStatus.UPDATED: "Updated",
    RecordStatus.STALE: "Stale",
    RecordStatus.CANCELLED: "Cancelled",
    RecordStatus.AGENT_ERROR: "Agent Error",
    RecordStatus.CHAIN_UPDATED: "Chain Updated",
    RecordStatus.MISSED_CALLBACK: "Missed CallBack",
    RecordStatus.CHAIN_READY: "Chain Ready",
}

_RECORD_STATUSES: NameTable[RecordStatus] = NameTable(
    "record status",
    ErrorCode.UNKNOWN_RECORD_STATUS,
    {m: spellings_of(m, (_RECORD_STATUS_LABELS[m],)) for m in RecordStatus},
    numbers={int(m): m for m in RecordStatus},
)


class RecordType(IntEnum):
    """What kind of dial a record stands for [`record_type`], 0 to 7."""

    NO_RECORD_TYPE = 0
    UNKNOWN = 1
    GENERAL = 2
    CAMPAIGN_RESCHEDULED = 3
    PERSONAL_RESCHEDULED = 4
    PERSONAL_CALLBACK = 5
    CAMPAIGN_CALLBACK = 6
    NO_CALL = 7

    @property
    def label(self) -> str:
        """The Genesys display label, e.g. "Personal CallBack"."""
        return _RECORD_TYPE_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> RecordType:
        """The record type `value` names (number, member name or label).

        Raises:
            InvalidValue: `unknown-record-type` or `wrong-type`.
        """
        return _RECORD_TYPES.parse(value, (cls,))


_RECORD_TYPE_LABELS: dict[RecordType, str] = {
    RecordType.NO_RECORD_TYPE: "No Record Type",
    RecordType.UNKNOWN: "Unknown",
    RecordType.GENERAL: "General",
    RecordType.CAMPAIGN_RESCHEDULED: "Campaign Rescheduled",
    RecordType.PERSONAL_RESCHEDULED: "Personal Rescheduled",
    RecordType.PERSONAL_CALLBACK: "Personal CallBack",
    RecordType.CAMPAIGN_CALLBACK: "Campaign CallBack",
    RecordType.NO_CALL: "No Call",
}

_RECORD_TYPES: NameTable[RecordType] = NameTable(
    "record type",
    ErrorCode.UNKNOWN_RECORD_TYPE,
    {m: spellings_of(m, (_RECORD_TYPE_LABELS[m],)) for m in RecordType},
    numbers={int(m): m for m in RecordType},
)


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


class ChainScope(StrEnum):
    """How far Do Not Call or a cancel reaches [`chainAttribute`]: the whole chain or one record."""

    ALL_CHAIN = "AllChain"
    RECORD_ONLY = "RecordOnly"

    @classmethod
    def parse(cls, value: object) -> ChainScope:
        """The chain scope `value` names (`AllChain`, `ALL_CHAIN`, `RecordOnly`, ...).

        Raises:
            InvalidValue: `unknown-chain-scope` or `wrong-type`.
        """
        return _CHAIN_SCOPES.parse(value, (cls,))


_CHAIN_SCOPES: NameTable[ChainScope] = NameTable(
    "chain scope",
    ErrorCode.UNKNOWN_CHAIN_SCOPE,
    {m: (m.name, m.value) for m in ChainScope},
)


def _self_check() -> None:
    # A table edit that drops a member must fail at import, not in production.
    for enum, table in (
        (PhoneType, _PHONE_TYPE_SPELLINGS),
        (RecordStatus, _RECORD_STATUS_LABELS),
        (RecordType, _RECORD_TYPE_LABELS),
    ):
        missing: list[object] = [m for m in enum if m not in table]
        if missing:
            raise AssertionError(f"{enum.__name__} without labels: {missing}")


_self_check()
