"""The Outbound Contact desktop-protocol requests a real desktop sends for the desk's actions.

Give an `OutboundService` the observer `DesktopProtocol(send)` and `send` receives each
request as the agent's action succeeds, so an integration can put the library between its UI
and a real server (reference §3). What is sent when (reference §7.2's flow, seed 002's "the
updated fields are sent to Outbound Contact Server when the record is marked done"):

| desk action | request |
|---|---|
| getPreviewRecord | PreviewRecordRequest |
| startDirectPushPreview / stopDirectPushPreview | PreviewDialingModeStart / PreviewDialingModeOver |
| getChainedRecords | ChainedRecordRequest |
| getCampaigns | CampaignStatusRequest |
| setCallResult | UpdateCallCompletionStats with the call result |
| reject | RecordReject |
| cancel, discard | RequestRecordCancel |
| next preview record | RecordProcessed for the record left |
| Mark Done | UpdateCallCompletionStats with buffered field values (if any), then RecordReschedule for a callback (AddRecord for one on a new number), then DoNotCall or RecordProcessed |
| logout | LogOut |

Dialing, call events, Do Not Call marks and reschedules wait for Mark Done: Workspace sends them
then, so nothing the agent undoes (removeDoNotCall, cancelReschedule) ever reaches the server.
Each request carries a `GSW_REFERENCE_ID` from the translator's own counter (1, 2, ...).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from outbound_core.desk.actions import (
    DeskAction,
    RecordAction,
    RecordDone,
    SessionAction,
    SessionRequest,
)
from outbound_core.records import Record
from outbound_core.wire.ocs import DesktopRequest, RequestType, request_for

__all__ = ["SESSION_REQUESTS", "DesktopProtocol", "requests_for"]

_ON_EVENT: Mapping[str, RequestType] = MappingProxyType(
    {
        "set_call_result": RequestType.UPDATE_CALL_COMPLETION_STATS,
        "reject": RequestType.RECORD_REJECT,
        "cancel": RequestType.REQUEST_RECORD_CANCEL,
        "discard": RequestType.REQUEST_RECORD_CANCEL,
        "get_next": RequestType.RECORD_PROCESSED,
    }
)

#: The request a desktop sends for each session action.
SESSION_REQUESTS: Mapping[SessionRequest, RequestType] = MappingProxyType(
    {
        SessionRequest.LOG_OUT: RequestType.LOG_OUT,
        SessionRequest.CAMPAIGN_STATUS: RequestType.CAMPAIGN_STATUS_REQUEST,
        SessionRequest.PREVIEW_RECORD: RequestType.PREVIEW_RECORD_REQUEST,
        SessionRequest.DIRECT_PUSH_PREVIEW_START: RequestType.PREVIEW_DIALING_MODE_START,
        SessionRequest.DIRECT_PUSH_PREVIEW_STOP: RequestType.PREVIEW_DIALING_MODE_OVER,
        SessionRequest.CHAINED_RECORDS: RequestType.CHAINED_RECORD_REQUEST,
    }
)


def _about(record: Record, campaign_name: str, reference_id: int) -> dict[str, Any]:
    return {
        "record_handle": record.record_handle,
        "campaign_name": campaign_name,
        "application_id": record.application_id,
        "calling_list": record.calling_list,
        "reference_id": reference_id,
    }


def requests_for(action: DeskAction, references: Iterator[int]) -> list[DesktopRequest]:
    """The requests a desktop sends when `action` has just happened (none for most events),
    each with the next reference id of `references`."""
    if isinstance(action, SessionAction):
        return [
            request_for(
                SESSION_REQUESTS[action.request],
                record_handle=action.record_handle,
                campaign_name=action.campaign_name,
                application_id=action.application_id,
                reference_id=next(references),
            )
        ]
    if isinstance(action, RecordDone):
        return _done_requests(action, references)
    if not isinstance(action, RecordAction):
        return []  # a party action starts another medium: nothing of the outbound protocol
    on_event = _ON_EVENT.get(action.event)
    if on_event is None:
        return []
    about = _about(action.record, action.campaign_name, next(references))
    if on_event is RequestType.UPDATE_CALL_COMPLETION_STATS:
        about["call_result"] = action.call_result
    return [request_for(on_event, **about)]


def _done_requests(action: RecordDone, references: Iterator[int]) -> list[DesktopRequest]:
    """The requests sent when the record is marked done, in the order a desktop sends them."""
    outcome, record, campaign_name = action.outcome, action.record, action.campaign_name
    requests = []
    if outcome.field_updates:
        about = _about(record, campaign_name, next(references))
        requests.append(
            request_for(
                RequestType.UPDATE_CALL_COMPLETION_STATS,
                **about,
                call_result=outcome.call_result,
                **outcome.field_updates,
            )
        )
    scheduled = outcome.scheduled
    if scheduled is not None:
        about = _about(record, campaign_name, next(references))
        when: dict[str, Any] = {
            "date_time": scheduled.when.text,
            "callback_type": scheduled.callback_type,
        }
        if scheduled.on_new_number:
            added = outcome.chain.record(scheduled.record_handle)
            about.pop("record_handle")
            requests.append(
                request_for(
                    RequestType.ADD_RECORD,
                    **about,
                    chain_id=outcome.chain.chain_id,
                    phone=added.phone,
                    **when,
                )
            )
        else:
            about["record_handle"] = scheduled.record_handle
            requests.append(request_for(RequestType.RECORD_RESCHEDULE, **about, **when))
    about = _about(record, campaign_name, next(references))
    if outcome.do_not_call:
        requests.append(
            request_for(RequestType.DO_NOT_CALL, **about, call_result=outcome.call_result)
        )
    else:
        requests.append(
            request_for(
                RequestType.RECORD_PROCESSED,
                **about,
                call_result=outcome.call_result,
                treatment=outcome.treatment.protocol_value,
            )
        )
    return requests


class DesktopProtocol:
    """A desk observer that sends, for each action, the requests a real desktop would send."""

    __slots__ = ("_references", "send")

    def __init__(self, send: Callable[[DesktopRequest], object]) -> None:
        #: Receives each request, in the order a desktop sends them.
        self.send = send
        self._references = itertools.count(1)

    def __call__(self, action: DeskAction) -> None:
        for request in requests_for(action, self._references):
            self.send(request)
