"""The typed messages of the Outbound Contact desktop protocol (reference `genesys-ocs.md` §3.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from outbound_core.codes import CallbackType, CallResult, ChainScope, TreatmentMode
from outbound_core.codes.dialing_modes import DialingMode
from outbound_core.wire._ocs_catalogue import RequestType, UserEventType

__all__ = ["DesktopRequest", "Message", "ServerEvent"]


@attrs.define(frozen=True, slots=True, kw_only=True)
class _Message:
    """The attributes requests and events share; None where the message does not carry it."""

    reference_id: int | None = None
    record_handle: int | None = None
    application_id: int | None = None
    campaign_name: str | None = None
    calling_list: str | None = None
    chain_id: int | None = None
    phone: str | None = None
    call_result: CallResult | None = None
    date_time: datetime | None = None
    callback_type: CallbackType | None = None
    chain_scope: ChainScope | None = None
    campaign_mode: DialingMode | None = None
    campaign_description: str | None = None
    treatment: TreatmentMode | None = None
    other: dict[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.define(frozen=True, slots=True, kw_only=True)
class DesktopRequest(_Message):
    """A desktop request to OCS [`RequestDistributeUserEvent`, `GSW_AGENT_REQ_TYPE`].

    Attributes:
        request: the request, or None for a name the reference does not list.
        name: the `GSW_AGENT_REQ_TYPE` value as received (aliases such as `Logout` kept).
        reference_id: `GSW_REFERENCE_ID`, echoed on the answers.
        record_handle: `GSW_RECORD_HANDLE`, the record acted on.
        application_id: `GSW_APPLICATION_ID`, the OCS application DBID.
        campaign_name: `GSW_CAMPAIGN_NAME`.
        calling_list: `GSW_CALLING_LIST`.
        chain_id: `GSW_CHAIN_ID`.
        phone: `GSW_PHONE`.
        call_result: `GSW_CALL_RESULT`.
        date_time: `GSW_DATE_TIME` (`MM/DD/YYYY HH:MM`, the record's wall clock).
        callback_type: `GSW_CALLBACK_TYPE` (`Personal` or `Campaign` on the wire).
        chain_scope: `GSW_CHAIN_ATTR` (`AllChain` or `RecordOnly`; the key is inferred).
        campaign_mode: `GSW_CAMPAIGN_MODE`.
        campaign_description: `GSW_CAMPAIGN_DESCRIPTION`.
        treatment: `GSW_TREATMENT` on RecordProcessed: the treatment asked for
            (`RecordTreatCampaign` or `RecordTreatPersonal`; the key is inferred).
        other: every other key, as received (custom fields included).
    """

    request: RequestType | None
    name: str


@attrs.define(frozen=True, slots=True, kw_only=True)
class ServerEvent(_Message):
    """An answer or notification from OCS [`EventUserEvent`, `GSW_USER_EVENT`].

    Attributes:
        event: the user event, or None for a name the reference does not list.
        name: the `GSW_USER_EVENT` value as received.
        error: `GSW_ERROR`, the error text (e.g. "No Records Available"), or None.
        error_number: `GSW_ERROR_NUMBER`, carried as received: its meanings are not
            available (reference §3.3).
    """

    event: UserEventType | None
    name: str
    error: str | None = None
    error_number: int | None = None

    @property
    def is_error(self) -> bool:
        """Whether the event reports an error (it carries `GSW_ERROR` or `GSW_ERROR_NUMBER`)."""
        return self.error is not None or self.error_number is not None


Message = DesktopRequest | ServerEvent
