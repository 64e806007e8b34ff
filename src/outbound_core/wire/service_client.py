"""The Service Client's Outbound namespace as seed 002 writes it: camelCase, callbacks, envelopes.

`ServiceClientAdapter` wraps an `OutboundService` so that a JavaScript-shaped harness ports
line by line: `adapter.rescheduleRecord('1', 257, '05/27/2021 10:55', 'PERSONAL', succeeded,
failed)`. Each method calls `succeeded` with the response envelope (`wire.wwe`) or `failed`
with an error envelope, and returns nothing, as the Service Client does.

The error envelope has the response envelope's keys; its `data` is the error as plain data:
`{"request": "outbound.<method>", "data": {"error": "<class>", "code": "<error code>",
"message": "...", "details": {...}}, "userAgent": "WWE Server", "protocolVersion": 2}`.

Where seed 002 gives no response sample the `data` is: getCampaigns, a list of
`{"name", "mode", "state", "agents"}`; getPreviewRecord, `{"interactionId", "recordHandle",
"records": [...]}` or null when no record is left; callPreviewRecord, rejectPreviewRecord and
cancelPreviewRecord, `{"interactionId"}` (the call's id, or the interaction acted on);
setCallResult, the number set; rescheduleRecord, `{"recordHandle", "rescheduleDate",
"callbackType"}`; updateRecordFields, the normalized values buffered; the others null.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from outbound_core.codes import CallResult
from outbound_core.desk.service import OutboundService
from outbound_core.errors import OutboundError
from outbound_core.wire.wwe import (
    PROTOCOL_VERSION,
    USER_AGENT,
    Envelope,
    Method,
    encode_record,
    write_call_result,
    write_call_results,
    write_chained_records,
    write_envelope,
    write_record_fields,
)

__all__ = ["Callback", "ServiceClientAdapter", "error_envelope"]

#: A `succeeded` or `failed` function: it receives one envelope.
Callback = Callable[[dict[str, Any]], object] | None


def error_envelope(
    method: Method, error: OutboundError, user_agent: str = USER_AGENT
) -> dict[str, Any]:
    """The envelope `failed` receives: the method's envelope with the error as its data."""
    return write_envelope(Envelope(method, error.to_dict(), user_agent, PROTOCOL_VERSION))


class ServiceClientAdapter:
    """The 17 Outbound methods of seed 002 over one agent's desk."""

    def __init__(self, desk: OutboundService, user_agent: str = USER_AGENT) -> None:
        self.desk = desk
        self.user_agent = user_agent

    def _run(
        self, method: Method, work: Callable[[], dict[str, Any] | Any], succeeded: Callback,
        failed: Callback, *, envelope: bool = False,
    ) -> None:  # fmt: skip
        try:
            result = work()
        except OutboundError as error:
            if failed is not None:
                failed(error_envelope(method, error, self.user_agent))
            return
        if succeeded is None:
            return
        if envelope:
            result["userAgent"] = self.user_agent
            succeeded(result)
        else:
            succeeded(write_envelope(Envelope(method, result, self.user_agent, PROTOCOL_VERSION)))

    def getCampaigns(self, succeeded: Callback = None, failed: Callback = None) -> None:
        """getCampaigns(succeeded, failed)."""
        self._run(Method.GET_CAMPAIGNS, self.desk.get_campaigns, succeeded, failed)

    def getPreviewRecord(
        self,
        campaignName: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """getPreviewRecord(campaignName, succeeded, failed)."""

        def work() -> dict[str, Any] | None:
            interaction_id = self.desk.get_preview_record(campaignName)
            if interaction_id is None:
                return None
            interaction = self.desk.held[interaction_id].interaction
            return {
                "interactionId": interaction_id,
                "recordHandle": interaction.record.record_handle,
                "records": [encode_record(record) for record in interaction.chain],
            }

        self._run(Method.GET_PREVIEW_RECORD, work, succeeded, failed)

    def callPreviewRecord(
        self, interactionId: str, recordHandle: int, succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:  # fmt: skip
        """callPreviewRecord(interactionId, recordHandle, succeeded, failed)."""
        self._run(
            Method.CALL_PREVIEW_RECORD,
            lambda: {"interactionId": self.desk.call_preview_record(interactionId, recordHandle)},
            succeeded,
            failed,
        )

    def rejectPreviewRecord(self, succeeded: Callback = None, failed: Callback = None) -> None:
        """rejectPreviewRecord(succeeded, failed): the latest preview record."""
        self._run(
            Method.REJECT_PREVIEW_RECORD,
            lambda: {"interactionId": self.desk.reject_preview_record()},
            succeeded,
            failed,
        )

    def cancelPreviewRecord(self, succeeded: Callback = None, failed: Callback = None) -> None:
        """cancelPreviewRecord(succeeded, failed): the latest preview record."""
        self._run(
            Method.CANCEL_PREVIEW_RECORD,
            lambda: {"interactionId": self.desk.cancel_preview_record()},
            succeeded,
            failed,
        )

    def startDirectPushPreview(self, succeeded: Callback = None, failed: Callback = None) -> None:
        """startDirectPushPreview(succeeded, failed)."""
        self._run(
            Method.START_DIRECT_PUSH_PREVIEW, self.desk.start_direct_push_preview, succeeded, failed
        )

    def stopDirectPushPreview(self, succeeded: Callback = None, failed: Callback = None) -> None:
        """stopDirectPushPreview(succeeded, failed)."""
        self._run(
            Method.STOP_DIRECT_PUSH_PREVIEW, self.desk.stop_direct_push_preview, succeeded, failed
        )

    def getListOfCallResults(self, succeeded: Callback = None, failed: Callback = None) -> None:
        """getListOfCallResults(succeeded, failed)."""
        self._run(
            Method.GET_LIST_OF_CALL_RESULTS,
            lambda: write_call_results(
                {name: CallResult(n) for name, n in self.desk.get_list_of_call_results().items()}
            ),
            succeeded,
            failed,
            envelope=True,
        )

    def setCallResult(
        self, interactionId: str, callResult: int | str, succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:  # fmt: skip
        """setCallResult(interactionId, callResult, succeeded, failed)."""
        self._run(
            Method.SET_CALL_RESULT,
            lambda: self.desk.set_call_result(interactionId, callResult),
            succeeded,
            failed,
        )

    def getCallResult(
        self,
        interactionId: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """getCallResult(interactionId, succeeded, failed)."""

        def work() -> dict[str, Any]:
            number = self.desk.get_call_result(interactionId)
            return write_call_result(None if number is None else CallResult(number))

        self._run(Method.GET_CALL_RESULT, work, succeeded, failed, envelope=True)

    def setDoNotCall(
        self,
        interactionId: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """setDoNotCall(interactionId, succeeded, failed)."""
        self._run(
            Method.SET_DO_NOT_CALL,
            lambda: self.desk.set_do_not_call(interactionId),
            succeeded,
            failed,
        )

    def removeDoNotCall(
        self,
        interactionId: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """removeDoNotCall(interactionId, succeeded, failed)."""
        self._run(
            Method.REMOVE_DO_NOT_CALL,
            lambda: self.desk.remove_do_not_call(interactionId),
            succeeded,
            failed,
        )

    def rescheduleRecord(
        self, interactionId: str, recordHandle: int, rescheduleDate: str,
        callbackType: str, succeeded: Callback = None, failed: Callback = None,
    ) -> None:  # fmt: skip
        """rescheduleRecord(interactionId, recordHandle, rescheduleDate, callbackType,
        succeeded, failed)."""

        def work() -> dict[str, Any]:
            done = self.desk.reschedule_record(
                interactionId, recordHandle, rescheduleDate, callbackType
            )
            return {
                "recordHandle": done["record_handle"],
                "rescheduleDate": done["when"]["text"],
                "callbackType": done["callback_type"],
            }

        self._run(Method.RESCHEDULE_RECORD, work, succeeded, failed)

    def cancelReschedule(
        self,
        interactionId: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """cancelReschedule(interactionId, succeeded, failed)."""
        self._run(
            Method.CANCEL_RESCHEDULE,
            lambda: self.desk.cancel_reschedule(interactionId),
            succeeded,
            failed,
        )

    def getChainedRecords(
        self,
        interactionId: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """getChainedRecords(interactionId, succeeded, failed)."""
        self._run(
            Method.GET_CHAINED_RECORDS,
            lambda: write_chained_records(self.desk.get_chained_records(interactionId)),
            succeeded,
            failed,
            envelope=True,
        )

    def getRecordFields(
        self,
        interactionId: str,
        succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:
        """getRecordFields(interactionId, succeeded, failed)."""
        self._run(
            Method.GET_RECORD_FIELDS,
            lambda: write_record_fields(self.desk.get_record_fields(interactionId)),
            succeeded,
            failed,
            envelope=True,
        )

    def updateRecordFields(
        self, interactionId: str, recordData: dict[str, Any], succeeded: Callback = None,
        failed: Callback = None,
    ) -> None:  # fmt: skip
        """updateRecordFields(interactionId, recordData, succeeded, failed)."""
        self._run(
            Method.UPDATE_RECORD_FIELDS,
            lambda: self.desk.update_record_fields(interactionId, recordData),
            succeeded,
            failed,
        )
