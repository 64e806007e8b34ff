"""The message catalogue of the Outbound Contact desktop protocol (reference `genesys-ocs.md`
§3.2): request names, user-event names, which answers each request expects, and the
attribute keys with their value kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "ANSWERS",
    "ATTRIBUTE_KEYS",
    "CLOSING_ANSWERS",
    "EVENT_KEY",
    "INFERRED_KEYS",
    "REQUEST_ALIASES",
    "REQUEST_KEY",
    "UNSOLICITED",
    "RequestType",
    "UserEventType",
]

#: The key naming a desktop request [`RequestDistributeUserEvent`].
REQUEST_KEY: Final = "GSW_AGENT_REQ_TYPE"
#: The key naming an OCS answer or notification [`EventUserEvent`].
EVENT_KEY: Final = "GSW_USER_EVENT"


class RequestType(StrEnum):
    """A desktop request, the `GSW_AGENT_REQ_TYPE` value (reference §3.2)."""

    PREVIEW_DIALING_MODE_START = "PreviewDialingModeStart"
    PREVIEW_DIALING_MODE_OVER = "PreviewDialingModeOver"
    READY_TIME = "ReadyTime"
    PREVIEW_RECORD_REQUEST = "PreviewRecordRequest"
    CHAINED_RECORD_REQUEST = "ChainedRecordRequest"
    UPDATE_CALL_COMPLETION_STATS = "UpdateCallCompletionStats"
    RECORD_PROCESSED = "RecordProcessed"
    RECORD_REJECT = "RecordReject"
    REQUEST_RECORD_CANCEL = "RequestRecordCancel"
    DO_NOT_CALL = "DoNotCall"
    RECORD_RESCHEDULE = "RecordReschedule"
    SCHEDULED_RECORD_RESCHEDULE = "ScheduledRecordReschedule"
    ADD_RECORD = "AddRecord"
    LOG_OUT = "LogOut"
    CAMPAIGN_STATUS_REQUEST = "CampaignStatusRequest"
    CONTINUE_PROCESSING = "ContinueProcessing"


#: Other names the reference gives for the same request ("also called RecordCancel",
#: "logged as Logout", "CampaignStatusRequest / CampaignStatus").
REQUEST_ALIASES: Mapping[str, RequestType] = MappingProxyType(
    {
        "RecordCancel": RequestType.REQUEST_RECORD_CANCEL,
        "Logout": RequestType.LOG_OUT,
        "CampaignStatus": RequestType.CAMPAIGN_STATUS_REQUEST,
    }
)


class UserEventType(StrEnum):
    """An OCS answer or notification, the `GSW_USER_EVENT` value (reference §3.2)."""

    PREVIEW_DIALING_MODE_START_ACKNOWLEDGE = "PreviewDialingModeStartAcknowledge"
    PREVIEW_DIALING_MODE_OVER_ACKNOWLEDGE = "PreviewDialingModeOverAcknowledge"
    PREVIEW_RECORD = "PreviewRecord"
    PREVIEW_RECORD_EMPTY = "PreviewRecordEmpty"
    CHAINED_RECORD = "ChainedRecord"
    CHAINED_RECORDS_DATA_END = "ChainedRecordsDataEnd"
    UPDATE_CALL_COMPLETION_STATS_ACKNOWLEDGE = "UpdateCallCompletionStatsAcknowledge"
    RECORD_PROCESSED_ACKNOWLEDGE = "RecordProcessedAcknowledge"
    RECORD_REJECT_ACKNOWLEDGE = "RecordRejectAcknowledge"
    RECORD_CANCEL_ACKNOWLEDGE = "RecordCancelAcknowledge"
    DO_NOT_CALL_ACKNOWLEDGE = "DoNotCallAcknowledge"
    RECORD_RESCHEDULE_ACKNOWLEDGE = "RecordRescheduleAcknowledge"
    SCHEDULED_RECORD_RESCHEDULE_ACKNOWLEDGE = "ScheduledRecordRescheduleAcknowledge"
    ADD_RECORD_ACKNOWLEDGE = "AddRecordAcknowledge"
    LOG_OUT_ACKNOWLEDGE = "LogOutAcknowledge"
    LOG_OUT_TIME = "LogOutTime"
    CAMPAIGN_LOADED = "CampaignLoaded"
    CAMPAIGN_STARTED = "CampaignStarted"
    CAMPAIGN_STOPPED = "CampaignStopped"
    CAMPAIGN_UNLOADED = "CampaignUnloaded"
    CAMPAIGN_MODE_CHANGED = "CampaignModeChanged"
    SCHEDULED_CALL = "ScheduledCall"
    RECORD_CANCEL = "RecordCancel"


_E = UserEventType
_R = RequestType
_CAMPAIGN_EVENTS = frozenset(
    {
        _E.CAMPAIGN_LOADED,
        _E.CAMPAIGN_STARTED,
        _E.CAMPAIGN_STOPPED,
        _E.CAMPAIGN_UNLOADED,
        _E.CAMPAIGN_MODE_CHANGED,
    }
)

#: The events OCS sends without being asked (reference §3.2, "OCS to desktop, unsolicited").
UNSOLICITED: frozenset[UserEventType] = _CAMPAIGN_EVENTS | {_E.SCHEDULED_CALL, _E.RECORD_CANCEL}

#: Every answer each request may get besides an error event. ReadyTime and ContinueProcessing
#: have none the sources know of.
ANSWERS: Mapping[RequestType, frozenset[UserEventType]] = MappingProxyType(
    {
        _R.PREVIEW_DIALING_MODE_START: frozenset({_E.PREVIEW_DIALING_MODE_START_ACKNOWLEDGE}),
        _R.PREVIEW_DIALING_MODE_OVER: frozenset({_E.PREVIEW_DIALING_MODE_OVER_ACKNOWLEDGE}),
        _R.READY_TIME: frozenset(),
        _R.PREVIEW_RECORD_REQUEST: frozenset({_E.PREVIEW_RECORD, _E.PREVIEW_RECORD_EMPTY}),
        _R.CHAINED_RECORD_REQUEST: frozenset({_E.CHAINED_RECORD, _E.CHAINED_RECORDS_DATA_END}),
        _R.UPDATE_CALL_COMPLETION_STATS: frozenset({_E.UPDATE_CALL_COMPLETION_STATS_ACKNOWLEDGE}),
        _R.RECORD_PROCESSED: frozenset({_E.RECORD_PROCESSED_ACKNOWLEDGE}),
        _R.RECORD_REJECT: frozenset({_E.RECORD_REJECT_ACKNOWLEDGE}),
        _R.REQUEST_RECORD_CANCEL: frozenset({_E.RECORD_CANCEL_ACKNOWLEDGE}),
        _R.DO_NOT_CALL: frozenset({_E.DO_NOT_CALL_ACKNOWLEDGE}),
        # The desktop's acknowledgement [CODE], or the Web Services layer's, which answers a
        # reschedule of the record being worked with ScheduledRecordRescheduleAcknowledge [DOC].
        _R.RECORD_RESCHEDULE: frozenset(
            {_E.RECORD_RESCHEDULE_ACKNOWLEDGE, _E.SCHEDULED_RECORD_RESCHEDULE_ACKNOWLEDGE}
        ),
        _R.SCHEDULED_RECORD_RESCHEDULE: frozenset({_E.SCHEDULED_RECORD_RESCHEDULE_ACKNOWLEDGE}),
        _R.ADD_RECORD: frozenset({_E.ADD_RECORD_ACKNOWLEDGE}),
        _R.LOG_OUT: frozenset({_E.LOG_OUT_ACKNOWLEDGE, _E.LOG_OUT_TIME}),
        _R.CAMPAIGN_STATUS_REQUEST: _CAMPAIGN_EVENTS,
        _R.CONTINUE_PROCESSING: frozenset(),
    }
)

#: The answers after which nothing more comes for the request. ChainedRecord comes once per
#: chain member before ChainedRecordsDataEnd; LogOutTime before LogOutAcknowledge [INFERRED];
#: Campaign* answers to CampaignStatusRequest come one per campaign, with no known end.
CLOSING_ANSWERS: frozenset[UserEventType] = frozenset(
    e
    for answers in ANSWERS.values()
    for e in answers
    if e not in _CAMPAIGN_EVENTS and e not in {_E.CHAINED_RECORD, _E.LOG_OUT_TIME}
)

#: Attribute name to (wire key, value kind). Kinds: `int`, `reference` (signed int), `text`,
#: `call-result`, `callback-type`, `chain-scope`, `date-time`, `dialing-mode`.
ATTRIBUTE_KEYS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "reference_id": ("GSW_REFERENCE_ID", "reference"),
        "record_handle": ("GSW_RECORD_HANDLE", "int"),
        "application_id": ("GSW_APPLICATION_ID", "int"),
        "campaign_name": ("GSW_CAMPAIGN_NAME", "text"),
        "calling_list": ("GSW_CALLING_LIST", "text"),
        "chain_id": ("GSW_CHAIN_ID", "int"),
        "phone": ("GSW_PHONE", "text"),
        "call_result": ("GSW_CALL_RESULT", "call-result"),
        "date_time": ("GSW_DATE_TIME", "date-time"),
        "callback_type": ("GSW_CALLBACK_TYPE", "callback-type"),
        "chain_scope": ("GSW_CHAIN_ATTR", "chain-scope"),
        "campaign_mode": ("GSW_CAMPAIGN_MODE", "dialing-mode"),
        "campaign_description": ("GSW_CAMPAIGN_DESCRIPTION", "text"),
        "treatment": ("GSW_TREATMENT", "treatment-mode"),
        "error": ("GSW_ERROR", "text"),
        "error_number": ("GSW_ERROR_NUMBER", "reference"),
    }
)

#: Keys no available source spells out; inferred from the Web Services parameter name
#: (`chainAttribute`), the treatment values (`RecordTreatCampaign`, reference §3.2) and the
#: GSW_ naming of the others.
INFERRED_KEYS: frozenset[str] = frozenset({"GSW_CHAIN_ATTR", "GSW_TREATMENT"})
