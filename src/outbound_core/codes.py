"""The catalogs of codes an outbound record and its campaign carry.

Call results, phone types, record statuses and types are the integer enumerations of Genesys
Outbound Contact (`cfg_locale`); callback types, chain scopes and dialing modes are the tokens
of the desktop protocol and the Service Client API. Each catalog reads any spelling the sources
use (`parse`) and gives back its Genesys display label (`label`).
"""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum
from types import MappingProxyType

from outbound_core._names import NameTable
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


class CallResult(IntEnum):
    """The outcome of processing a record [`call_result`, `GSW_CALL_RESULT`], 0 to 53."""

    OK = 0
    TRANSFERRED = 1
    CONFERENCED = 2
    GENERAL_ERROR = 3
    SYSTEM_ERROR = 4
    REMOTE_RELEASE = 5
    BUSY = 6
    NO_ANSWER = 7
    SIT_DETECTED = 8
    ANSWERING_MACHINE = 9
    ALL_TRUNKS_BUSY = 10
    SIT_INVALID_NUM = 11
    SIT_VACANT = 12
    SIT_OPERINTERCEPT = 13
    SIT_UNKNOWN = 14
    SIT_NO_CIRCUIT = 15
    SIT_REORDER = 16
    FAXDETECTED = 17
    QUEUE_FULL = 18
    CLEARED = 19
    OVERFLOWED = 20
    ABANDONED = 21
    REDIRECTED = 22
    FORWARDED = 23
    CONSULT = 24
    PICKED_UP = 25
    DROPPED = 26
    DROPPED_NO_ANSWER = 27
    UNKNOWN = 28
    COVERED = 29
    CONVERSE_ON = 30
    BRIDGED = 31
    SILENCE = 32
    ANSWER = 33
    NUTONE = 34
    NO_DIAL_TONE = 35
    NO_PROGRESS = 36
    NO_RINGBACK = 37
    NO_ESTABLISHED = 38
    PAGER_DETECTED = 39
    WRONG_PARTY = 40
    DIAL_ERROR = 41
    CALL_DROP_ERROR = 42
    SWITCH_ERROR = 43
    NO_FREE_PORT_ERROR = 44
    TRANSFER_ERROR = 45
    STALE = 46
    AGENT_CALLBACK_ERROR = 47
    GROUP_CALLBACK_ERROR = 48
    DEAFENED = 49
    HELD = 50
    DO_NOT_CALL = 51
    CANCEL_RECORD = 52
    WRONG_NUMBER = 53

    @property
    def label(self) -> str:
        """The Genesys display label (`cfg_locale`), e.g. "Answering Machine Detected"."""
        return _CALL_RESULT_LABELS[self][0]

    @property
    def offered(self) -> bool:
        """Whether the Service Client's getListOfCallResults offers this result."""
        return self in SERVICE_CLIENT_CALL_RESULTS

    @property
    def camel_name(self) -> str:
        """The CamelCase spelling Workspace options use, e.g. `NoAnswer`."""
        return "".join(part.capitalize() for part in self.name.split("_"))

    @classmethod
    def parse(cls, value: object) -> CallResult:
        """The call result `value` names.

        Accepts the number (int or numeric string), the member name (`NO_ANSWER`), the
        Genesys label or the alternative label seen in Genesys tools ("No Answer",
        "Answering Machine"), and the Workspace option spellings (`NoAnswer`, `Answered`).
        Case, spaces, underscores and hyphens do not matter.

        Raises:
            InvalidValue: `unknown-call-result` naming the nearest valid names, or
                `wrong-type` for anything but an int or a string (booleans included).
        """
        return _CALL_RESULTS.parse(value, (cls,))


# (label, alternative labels seen in Genesys tools); reference genesys-ocs.md section 2.4.
_CALL_RESULT_LABELS: dict[CallResult, tuple[str, ...]] = {
    CallResult.OK: ("Ok",),
    CallResult.TRANSFERRED: ("Transferred",),
    CallResult.CONFERENCED: ("Conferenced",),
    CallResult.GENERAL_ERROR: ("General Error",),
    CallResult.SYSTEM_ERROR: ("System Error",),
    CallResult.REMOTE_RELEASE: ("Remote Release",),
    CallResult.BUSY: ("Busy",),
    CallResult.NO_ANSWER: ("No Answer",),
    CallResult.SIT_DETECTED: ("SIT Detected",),
    CallResult.ANSWERING_MACHINE: ("Answering Machine Detected", "Answering Machine"),
    CallResult.ALL_TRUNKS_BUSY: ("All Trunks Busy",),
    CallResult.SIT_INVALID_NUM: ("SIT Invalid Num",),
    CallResult.SIT_VACANT: ("SIT VC (Vacant Code)", "SIT Vacant"),
    CallResult.SIT_OPERINTERCEPT: ("SIT IC (Intercept)", "SIT Oper Intercept"),
    CallResult.SIT_UNKNOWN: ("SIT Unknown Call State", "SIT Unknown"),
    CallResult.SIT_NO_CIRCUIT: ("SIT NC (No Circuit)", "SIT No Circuit"),
    CallResult.SIT_REORDER: ("SIT RO (Reorder)", "SIT Reorder"),
    CallResult.FAXDETECTED: ("Fax Detected",),
    CallResult.QUEUE_FULL: ("Queue Full",),
    CallResult.CLEARED: ("Cleared",),
    CallResult.OVERFLOWED: ("Overflowed",),
    CallResult.ABANDONED: ("Abandoned",),
    CallResult.REDIRECTED: ("Redirected",),
    CallResult.FORWARDED: ("Forwarded",),
    CallResult.CONSULT: ("Consult",),
    CallResult.PICKED_UP: ("Picked Up",),
    CallResult.DROPPED: ("Dropped",),
    CallResult.DROPPED_NO_ANSWER: ("Dropped on No Answer", "Dropped No Answer"),
    CallResult.UNKNOWN: ("Unknown Call Result", "Unknown"),
    CallResult.COVERED: ("Covered",),
    CallResult.CONVERSE_ON: ("Converse-On",),
    CallResult.BRIDGED: ("Bridged",),
    CallResult.SILENCE: ("Silence",),
    CallResult.ANSWER: ("Answer",),
    CallResult.NUTONE: ("NU Tone",),
    CallResult.NO_DIAL_TONE: ("No Dial Tone",),
    CallResult.NO_PROGRESS: ("No Progress",),
    CallResult.NO_RINGBACK: ("No Ring Back Tone", "No Ring Back"),
    CallResult.NO_ESTABLISHED: ("No Established Detected", "No Established"),
    CallResult.PAGER_DETECTED: ("Pager Detected",),
    CallResult.WRONG_PARTY: ("Wrong Party",),
    CallResult.DIAL_ERROR: ("Dial Error",),
    CallResult.CALL_DROP_ERROR: ("Call Drop Error",),
    CallResult.SWITCH_ERROR: ("Switch Error",),
    CallResult.NO_FREE_PORT_ERROR: ("No Port Available", "No Free Port Error"),
    CallResult.TRANSFER_ERROR: ("Transfer Error",),
    CallResult.STALE: ("Stale",),
    CallResult.AGENT_CALLBACK_ERROR: ("Agent CallBack Error",),
    CallResult.GROUP_CALLBACK_ERROR: ("Group CallBack Error",),
    CallResult.DEAFENED: ("Deafened",),
    CallResult.HELD: ("Held",),
    CallResult.DO_NOT_CALL: ("Do Not Call",),
    CallResult.CANCEL_RECORD: ("Cancel Record",),
    CallResult.WRONG_NUMBER: ("Wrong Number",),
}

#: Workspace option spellings that are neither a member name nor a label in another form.
#: `Answered` is the seed's (seed 000, `outbound.call-result-values`); read as Answer (33).
WORKSPACE_CALL_RESULT_SPELLINGS: MappingProxyType[str, CallResult] = MappingProxyType(
    {"Answered": CallResult.ANSWER}
)

#: The call results the Service Client's getListOfCallResults offers (seed 002's sample,
#: 39 entries), in the sample's order.
SERVICE_CLIENT_CALL_RESULTS: tuple[CallResult, ...] = tuple(
    CallResult[name]
    for name in [
        "OK",
        "GENERAL_ERROR",
        "SYSTEM_ERROR",
        "BUSY",
        "NO_ANSWER",
        "SIT_DETECTED",
        "ANSWERING_MACHINE",
        "ALL_TRUNKS_BUSY",
        "SIT_INVALID_NUM",
        "SIT_VACANT",
        "SIT_OPERINTERCEPT",
        "SIT_UNKNOWN",
        "SIT_NO_CIRCUIT",
        "SIT_REORDER",
        "FAXDETECTED",
        "ABANDONED",
        "DROPPED",
        "DROPPED_NO_ANSWER",
        "UNKNOWN",
        "SILENCE",
        "ANSWER",
        "NUTONE",
        "NO_DIAL_TONE",
        "NO_PROGRESS",
        "NO_RINGBACK",
        "NO_ESTABLISHED",
        "PAGER_DETECTED",
        "WRONG_PARTY",
        "DIAL_ERROR",
        "CALL_DROP_ERROR",
        "SWITCH_ERROR",
        "NO_FREE_PORT_ERROR",
        "TRANSFER_ERROR",
        "STALE",
        "AGENT_CALLBACK_ERROR",
        "GROUP_CALLBACK_ERROR",
        "DO_NOT_CALL",
        "CANCEL_RECORD",
        "WRONG_NUMBER",
    ]
)


def _spellings(member: Enum, labels: tuple[str, ...], *extra: str) -> tuple[str, ...]:
    camel = "".join(part.capitalize() for part in member.name.split("_"))
    return (member.name, camel, *labels, *extra)


_CALL_RESULTS: NameTable[CallResult] = NameTable(
    "call result",
    ErrorCode.UNKNOWN_CALL_RESULT,
    {
        member: _spellings(
            member,
            _CALL_RESULT_LABELS[member],
            *(k for k, v in WORKSPACE_CALL_RESULT_SPELLINGS.items() if v is member),
        )
        for member in CallResult
    },
    numbers={int(member): member for member in CallResult},
)


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
    {m: _spellings(m, _PHONE_TYPE_SPELLINGS[m]) for m in PhoneType},
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
    {m: _spellings(m, (_RECORD_STATUS_LABELS[m],)) for m in RecordStatus},
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
    {m: _spellings(m, (_RECORD_TYPE_LABELS[m],)) for m in RecordType},
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


class Delivery(StrEnum):
    """How outbound calls reach the agent (seed 001): the agent asks, or the system sends."""

    MANUAL = "manual"
    AUTOMATIC = "automatic"


class DialingMode(Enum):
    """How records of a campaign group are retrieved and dialed.

    The value is the `GSW_CAMPAIGN_MODE` token; `config_number` is the Genesys configuration
    number (`CfgDialMode`) where one is known. Direct Push Preview has none: the sources
    name it only through the Service Client's startDirectPushPreview (seed 002).
    """

    PREDICTIVE = "Predictive"
    PROGRESSIVE = "Progressive"
    PREVIEW = "Preview"
    PROGRESSIVE_WITH_SEIZING = "ProgressiveWithSeizing"
    PREDICTIVE_WITH_SEIZING = "PredictiveWithSeizing"
    POWER = "Power"
    PUSH_PREVIEW = "PushPreview"
    PROGRESSIVE_GVP = "ProgressiveGVP"
    PREDICTIVE_GVP = "PredictiveGVP"
    POWER_GVP = "PowerGVP"
    DIRECT_PUSH_PREVIEW = "DirectPushPreview"

    @property
    def config_number(self) -> int | None:
        """The `CfgDialMode` number, or None where the sources give none."""
        return _DIALING_MODE_FACTS[self][0]

    @property
    def label(self) -> str:
        """The name Genesys documentation uses, e.g. "Push Preview"."""
        return _DIALING_MODE_FACTS[self][1]

    @property
    def delivery(self) -> Delivery:
        """Manual when the agent requests records (Preview); automatic otherwise (seed 001)."""
        return Delivery.MANUAL if self is DialingMode.PREVIEW else Delivery.AUTOMATIC

    @property
    def system_dials(self) -> bool:
        """Whether the system dials the customer (true) or the agent does (preview family)."""
        return self not in _AGENT_DIALS

    @property
    def in_seeds(self) -> bool:
        """Whether the seeds describe this mode (Preview, the push previews, Progressive, Predictive)."""
        return self in _SEED_MODES

    @classmethod
    def parse(cls, value: object) -> DialingMode:
        """The dialing mode `value` names: config number, token, member name or label.

        Raises:
            InvalidValue: `unknown-dialing-mode` or `wrong-type`.
        """
        return _DIALING_MODES.parse(value, (cls,))


_DIALING_MODE_FACTS: dict[DialingMode, tuple[int | None, str]] = {
    DialingMode.PREDICTIVE: (1, "Predictive"),
    DialingMode.PROGRESSIVE: (2, "Progressive"),
    DialingMode.PREVIEW: (3, "Preview"),
    DialingMode.PROGRESSIVE_WITH_SEIZING: (4, "Progressive with seizing"),
    DialingMode.PREDICTIVE_WITH_SEIZING: (5, "Predictive with seizing"),
    DialingMode.POWER: (6, "Power"),
    DialingMode.PUSH_PREVIEW: (8, "Push Preview"),
    DialingMode.PROGRESSIVE_GVP: (9, "Progressive GVP"),
    DialingMode.PREDICTIVE_GVP: (10, "Predictive GVP"),
    DialingMode.POWER_GVP: (11, "Power GVP"),
    DialingMode.DIRECT_PUSH_PREVIEW: (None, "Direct Push Preview"),
}

_AGENT_DIALS = frozenset(
    {DialingMode.PREVIEW, DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW}
)
_SEED_MODES = _AGENT_DIALS | {DialingMode.PROGRESSIVE, DialingMode.PREDICTIVE}

_DIALING_MODES: NameTable[DialingMode] = NameTable(
    "dialing mode",
    ErrorCode.UNKNOWN_DIALING_MODE,
    {m: (m.name, m.value, _DIALING_MODE_FACTS[m][1]) for m in DialingMode},
    numbers={n: m for m, (n, _) in _DIALING_MODE_FACTS.items() if n is not None},
)


def _self_check() -> None:
    # A table edit that drops a member must fail at import, not in production.
    for enum, table in (
        (CallResult, _CALL_RESULT_LABELS),
        (PhoneType, _PHONE_TYPE_SPELLINGS),
        (RecordStatus, _RECORD_STATUS_LABELS),
        (RecordType, _RECORD_TYPE_LABELS),
        (DialingMode, _DIALING_MODE_FACTS),
    ):
        missing: list[object] = [m for m in enum if m not in table]
        if missing:
            raise AssertionError(f"{enum.__name__} without labels: {missing}")


_self_check()
