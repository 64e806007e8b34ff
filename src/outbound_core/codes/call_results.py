"""Call results: the outcome of processing an outbound record, 0 to 53.

The 54 integer codes of Genesys Outbound Contact (`cfg_locale`), their display labels, the 39
the Service Client offers (seed 002), and every spelling the sources use for them.
"""

from __future__ import annotations

from enum import IntEnum
from types import MappingProxyType

from outbound_core.codes.names import NameTable, spellings_of
from outbound_core.errors import ErrorCode

__all__ = ["SERVICE_CLIENT_CALL_RESULTS", "WORKSPACE_CALL_RESULT_SPELLINGS", "CallResult"]


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

    @classmethod
    def find(cls, value: object) -> CallResult | None:
        """The call result `value` names (as `parse` reads it), or None for anything else."""
        return _CALL_RESULTS.find(value, (cls,))


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


_CALL_RESULTS: NameTable[CallResult] = NameTable(
    "call result",
    ErrorCode.UNKNOWN_CALL_RESULT,
    {
        member: spellings_of(
            member,
            _CALL_RESULT_LABELS[member],
            *(k for k, v in WORKSPACE_CALL_RESULT_SPELLINGS.items() if v is member),
        )
        for member in CallResult
    },
    numbers={int(member): member for member in CallResult},
)


def _self_check() -> None:
    # A table edit that drops a member must fail at import, not in production.
    missing = [m for m in CallResult if m not in _CALL_RESULT_LABELS]
    if missing:
        raise AssertionError(f"call results without labels: {missing}")


_self_check()
