"""Treatment actions: what a treatment does to the record, or to the call (reference §4.2).

A Genesys treatment applies to the record [Apply to Record] or to the live call [Apply to
Call]. The record actions are the eleven the issue lists; the sources confirm eight of them
by name (Genesys Outbound Contact Deployment Guide, *Treatment Object* and *Apply to Record
Actions*; the Genesys Administrator help's Treatment fields), and the reference only recalls
three: No Treatment, Update All Records In Chain and Cancel Record ([RECALL]).
`RecordAction.confirmed` and `RecordAction.source` say which. The call actions are Drop (the
default) and Connect to a destination DN, for answering machines, faxes and silence only.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from outbound_core.codes import CallResult
from outbound_core.codes.names import NameTable, spellings_of
from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = [
    "CALL_TREATMENT_RESULTS",
    "FINALIZING_ACTIONS",
    "NEXT_IN_CHAIN_ACTIONS",
    "ApplyTo",
    "CallAction",
    "RecordAction",
]

#: The Genesys page that names the Apply to Record actions and the next-in-chain rules.
_APPLY_TO_RECORD = "https://docs.genesys.com/Documentation/OU/latest/Dep/ApplytoRecordActions"
#: The Genesys Administrator help's Treatment fields: the actions each parameter is needed for.
_TREATMENT_FIELDS = "https://docs.genesys.com/Special:Repository/81gax_help.zip?page=Documentation/GA&id=274113172678"
_RECALLED = "[RECALL] reference genesys-ocs.md §4.2: recalled, not found in an available source"


class ApplyTo(StrEnum):
    """What a treatment acts on: the calling-list record, or the live call [Apply to]."""

    RECORD = "record"
    CALL = "call"

    @classmethod
    def parse(cls, value: object) -> ApplyTo:
        """`record` or `call`, in any case.

        Raises:
            InvalidValue: `invalid-value` or `wrong-type`.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str) and value.strip().casefold() in _APPLY_TO:
            return _APPLY_TO[value.strip().casefold()]
        raise InvalidValue(
            f"apply_to is 'record' or 'call', not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE if not isinstance(value, str) else ErrorCode.INVALID_VALUE,
            value=shorten(value),
        )


_APPLY_TO = {member.value: member for member in ApplyTo}


class RecordAction(StrEnum):
    """What a treatment does to the record after an unsuccessful call result [Apply to Record]."""

    NO_TREATMENT = "no-treatment"
    REDIAL = "redial"
    RETRY_IN = "retry-in"
    RETRY_AT_SPECIFIED_DATE = "retry-at-specified-date"
    NEXT_IN_CHAIN = "next-in-chain"
    NEXT_IN_CHAIN_AFTER = "next-in-chain-after"
    NEXT_IN_CHAIN_AT_SPECIFIED_DATE = "next-in-chain-at-specified-date"
    UPDATE_ALL_RECORDS_IN_CHAIN = "update-all-records-in-chain"
    ASSIGN_TO_GROUP = "assign-to-group"
    MARK_AS_AGENT_ERROR = "mark-as-agent-error"
    CANCEL_RECORD = "cancel-record"

    @property
    def label(self) -> str:
        """The Genesys name of the action, e.g. "Retry At Specified Date"."""
        return _RECORD_LABELS[self]

    @property
    def confirmed(self) -> bool:
        """Whether an available Genesys page names the action (False: only recalled)."""
        return self not in _RECALLED_ACTIONS

    @property
    def source(self) -> str:
        """Where the action comes from: a Genesys page, or the reference's [RECALL] note."""
        return _RECALLED if self in _RECALLED_ACTIONS else _RECORD_SOURCES[self]

    @property
    def moves_along_the_chain(self) -> bool:
        """Whether the action dials the next record of the chain (the three Next-in-Chain)."""
        return self in NEXT_IN_CHAIN_ACTIONS

    @property
    def finalizes(self) -> bool:
        """Whether the action ends the chain's processing whatever else happens."""
        return self in FINALIZING_ACTIONS

    @classmethod
    def parse(cls, value: object) -> RecordAction:
        """The record action `value` names: its label ("Retry In"), its value (`retry-in`),
        its member name, a shorter form ("Retry at date", "Next in chain at date"), or the
        Genesys configuration code name (`CFGRACRetryIn`, `Cycle` for Redial,
        `MarkAllChain` for Update All Records In Chain). Case, spaces, `_` and `-` do not
        matter.

        Raises:
            InvalidValue: `unknown-treatment-action` with the nearest names, or `wrong-type`.
        """
        return _RECORD_ACTIONS.parse(value, (cls,))


class CallAction(StrEnum):
    """What a treatment does to the live call [Apply to Call]: drop it (the default) or
    connect it to a destination DN."""

    DROP = "drop"
    CONNECT = "connect"

    @property
    def label(self) -> str:
        """The Genesys name of the action ("Drop", "Connect")."""
        return self.value.title()

    @classmethod
    def parse(cls, value: object) -> CallAction:
        """`drop` or `connect` (also "Transfer", "Connect to DN"), in any case.

        Raises:
            InvalidValue: `unknown-treatment-action` or `wrong-type`.
        """
        return _CALL_ACTIONS.parse(value, (cls,))


#: The call results an Apply-to-Call treatment may be given (reference §2.4, §4.2).
CALL_TREATMENT_RESULTS: Final = frozenset(
    {CallResult.ANSWERING_MACHINE, CallResult.FAXDETECTED, CallResult.SILENCE}
)
#: The actions that dial the next record of the chain; each must end its sequence.
NEXT_IN_CHAIN_ACTIONS: Final = frozenset(
    {
        RecordAction.NEXT_IN_CHAIN,
        RecordAction.NEXT_IN_CHAIN_AFTER,
        RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE,
    }
)
#: The actions after which nothing of the chain is dialed again: later steps are unreachable.
FINALIZING_ACTIONS: Final = frozenset(
    {
        RecordAction.NO_TREATMENT,
        RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN,
        RecordAction.MARK_AS_AGENT_ERROR,
        RecordAction.CANCEL_RECORD,
    }
)
_RECALLED_ACTIONS: Final = frozenset(
    {
        RecordAction.NO_TREATMENT,
        RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN,
        RecordAction.CANCEL_RECORD,
    }
)

_RECORD_LABELS: Mapping[RecordAction, str] = MappingProxyType(
    {
        RecordAction.NO_TREATMENT: "No Treatment",
        RecordAction.REDIAL: "Redial",
        RecordAction.RETRY_IN: "Retry In",
        RecordAction.RETRY_AT_SPECIFIED_DATE: "Retry At Specified Date",
        RecordAction.NEXT_IN_CHAIN: "Next In Chain",
        RecordAction.NEXT_IN_CHAIN_AFTER: "Next In Chain After",
        RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE: "Next In Chain At Specified Date",
        RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN: "Update All Records In Chain",
        RecordAction.ASSIGN_TO_GROUP: "Assign To Group",
        RecordAction.MARK_AS_AGENT_ERROR: "Mark As Agent Error",
        RecordAction.CANCEL_RECORD: "Cancel Record",
    }
)
_RECORD_SOURCES: Mapping[RecordAction, str] = MappingProxyType(
    {
        RecordAction.REDIAL: f"[DOC] {_APPLY_TO_RECORD}; {_TREATMENT_FIELDS}",
        RecordAction.RETRY_IN: f"[DOC] {_APPLY_TO_RECORD}; {_TREATMENT_FIELDS}",
        RecordAction.RETRY_AT_SPECIFIED_DATE: f"[DOC] {_APPLY_TO_RECORD}; {_TREATMENT_FIELDS}",
        RecordAction.NEXT_IN_CHAIN: f"[DOC] {_APPLY_TO_RECORD}; {_TREATMENT_FIELDS}",
        RecordAction.NEXT_IN_CHAIN_AFTER: f"[DOC] {_TREATMENT_FIELDS}",
        RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE: f"[DOC] {_TREATMENT_FIELDS}",
        RecordAction.ASSIGN_TO_GROUP: f"[DOC] {_APPLY_TO_RECORD}",
        RecordAction.MARK_AS_AGENT_ERROR: f"[DOC] {_APPLY_TO_RECORD}",
    }
)
# Other spellings seen or natural; `CfgRecActionCode` names are from public code that ports
# the Genesys configuration enumerations (see docs/sources.md, "Treatments").
_RECORD_ALIASES: Mapping[RecordAction, tuple[str, ...]] = MappingProxyType(
    {
        RecordAction.NO_TREATMENT: ("None",),
        RecordAction.REDIAL: ("CFGRACCycle", "Cycle"),
        RecordAction.RETRY_IN: ("CFGRACRetryIn",),
        RecordAction.RETRY_AT_SPECIFIED_DATE: ("Retry At Date", "CFGRACRetryAtDate"),
        RecordAction.NEXT_IN_CHAIN: ("CFGRACNextInChain",),
        RecordAction.NEXT_IN_CHAIN_AFTER: ("CFGRACNextInChainAfter",),
        RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE: (
            "Next In Chain At Date",
            "CFGRACNextInChainAtDate",
        ),
        RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN: (
            "Update All In Chain",
            "CFGRACMarkAllChain",
            "MarkAllChain",
        ),
        RecordAction.ASSIGN_TO_GROUP: ("CFGRACAssignToGroup",),
        RecordAction.MARK_AS_AGENT_ERROR: ("Agent Error", "CFGRACMarkAsAgentError"),
        RecordAction.CANCEL_RECORD: ("Cancel",),
    }
)

_RECORD_ACTIONS: NameTable[RecordAction] = NameTable(
    "record treatment action",
    ErrorCode.UNKNOWN_TREATMENT_ACTION,
    {
        member: spellings_of(member, (_RECORD_LABELS[member],)) + _RECORD_ALIASES[member]
        for member in RecordAction
    },
)
_CALL_ACTIONS: NameTable[CallAction] = NameTable(
    "call treatment action",
    ErrorCode.UNKNOWN_TREATMENT_ACTION,
    {
        CallAction.DROP: ("drop", "Drop", "CFGCACDrop"),
        CallAction.CONNECT: ("connect", "Connect", "Connect To DN", "Transfer", "CFGCACConnect"),
    },
)


def _self_check() -> None:
    # A table edit that drops a member must fail at import, not in production.
    for table in (_RECORD_LABELS, _RECORD_ALIASES):
        missing = [member for member in RecordAction if member not in table]
        if missing:
            raise AssertionError(f"record actions missing from a table: {missing}")
    unsourced = [m for m in RecordAction if m not in _RECALLED_ACTIONS and m not in _RECORD_SOURCES]
    if unsourced:
        raise AssertionError(f"record actions without a source: {unsourced}")


_self_check()
