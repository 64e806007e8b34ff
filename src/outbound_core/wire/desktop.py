"""The Outbound Contact desktop-protocol requests a real desktop sends for the desk's actions.

With `OutboundService(..., on_request=send)`, the desk hands `send` each request as its action
succeeds, so an integration can put the library between its UI and a real server (reference
§3). What is sent when (reference §7.2's flow, seed 002's "the updated fields are sent to
Outbound Contact Server when the record is marked done"):

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
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from outbound_core.interaction import Interaction
from outbound_core.records.outcome import Outcome
from outbound_core.wire.ocs import DesktopRequest, RequestType, request_for

__all__ = ["done_requests", "event_requests", "session_request"]

_ON_EVENT = {
    "set_call_result": RequestType.UPDATE_CALL_COMPLETION_STATS,
    "reject": RequestType.RECORD_REJECT,
    "cancel": RequestType.REQUEST_RECORD_CANCEL,
    "discard": RequestType.REQUEST_RECORD_CANCEL,
    "get_next": RequestType.RECORD_PROCESSED,
}


def _about(interaction: Interaction, campaign_name: str, reference_id: int) -> dict[str, Any]:
    record = interaction.record
    return {
        "record_handle": record.record_handle,
        "campaign_name": campaign_name,
        "application_id": record.application_id,
        "calling_list": record.calling_list,
        "reference_id": reference_id,
    }


def event_requests(
    event: str, interaction: Interaction, campaign_name: str, references: Iterator[int]
) -> list[DesktopRequest]:
    """The requests sent when `event` has just happened to `interaction` (none for most)."""
    request = _ON_EVENT.get(event)
    if request is None:
        return []
    about = _about(interaction, campaign_name, next(references))
    if request is RequestType.UPDATE_CALL_COMPLETION_STATS:
        about["call_result"] = interaction.call_result
    return [request_for(request, **about)]


def done_requests(
    interaction: Interaction, outcome: Outcome, campaign_name: str, references: Iterator[int]
) -> list[DesktopRequest]:
    """The requests sent when the record is marked done, in the order a desktop sends them."""
    requests = []
    if outcome.field_updates:
        about = _about(interaction, campaign_name, next(references))
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
        about = _about(interaction, campaign_name, next(references))
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
    final = RequestType.DO_NOT_CALL if outcome.do_not_call else RequestType.RECORD_PROCESSED
    about = _about(interaction, campaign_name, next(references))
    requests.append(request_for(final, **about, call_result=outcome.call_result))
    return requests


def session_request(
    request: RequestType, references: Iterator[int], **attributes: Any
) -> DesktopRequest:
    """A request about the agent's session rather than one record (logout, preview mode, ...)."""
    given = {"record_handle": None, "campaign_name": None, "application_id": None} | attributes
    return request_for(request, reference_id=next(references), **given)
