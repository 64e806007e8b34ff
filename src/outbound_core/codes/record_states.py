"""A record's status and type as the calling list keeps them [`record_status`, `record_type`]."""

from __future__ import annotations

from enum import IntEnum

from outbound_core.codes.names import NameTable, spellings_of
from outbound_core.errors import ErrorCode

__all__ = ["RecordStatus", "RecordType"]


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


def _self_check() -> None:
    # A table edit that drops a member must fail at import, not in production.
    for enum, table in ((RecordStatus, _RECORD_STATUS_LABELS), (RecordType, _RECORD_TYPE_LABELS)):
        missing: list[object] = [m for m in enum if m not in table]
        if missing:
            raise AssertionError(f"{enum.__name__} without labels: {missing}")


_self_check()
