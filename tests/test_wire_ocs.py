"""The Outbound Contact desktop protocol: key-value user events, correlation, desk requests."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.codes import CallbackType, CallResult, ChainScope, DialingMode
from outbound_core.errors import InvalidValue, WireFormatError
from outbound_core.wire import ocs
from outbound_core.wire.ocs import (
    ANSWERS,
    DESK_ACTION_REQUESTS,
    NO_RECORDS_AVAILABLE,
    Correlation,
    Correlator,
    DesktopRequest,
    RequestType,
    ServerEvent,
    UserEventType,
    decode,
    encode,
    request_for,
)


def test_a_reschedule_request_reads_into_domain_values() -> None:
    request = decode(
        {
            "GSW_AGENT_REQ_TYPE": "RecordReschedule",
            "GSW_REFERENCE_ID": 7,
            "GSW_RECORD_HANDLE": "12",
            "GSW_APPLICATION_ID": 101,
            "GSW_CAMPAIGN_NAME": "Sales",
            "GSW_DATE_TIME": "05/27/2026 10:55",
            "GSW_CALLBACK_TYPE": "Personal",
            "GSW_CALL_RESULT": 28,
            "GSW_CHAIN_ATTR": "AllChain",
            "Region": "North",
        }
    )
    assert isinstance(request, DesktopRequest)
    assert request.request is RequestType.RECORD_RESCHEDULE
    assert (request.reference_id, request.record_handle, request.application_id) == (7, 12, 101)
    assert request.date_time == datetime(2026, 5, 27, 10, 55)
    assert request.callback_type is CallbackType.PERSONAL
    assert request.call_result is CallResult(28)
    assert request.chain_scope is ChainScope.ALL_CHAIN
    assert request.other == {"Region": "North"}
    assert encode(request)["GSW_CALLBACK_TYPE"] == "Personal"
    assert encode(request)["GSW_RECORD_HANDLE"] == 12


def test_an_error_answer() -> None:
    event = decode(
        {
            "GSW_USER_EVENT": "PreviewRecord",
            "GSW_ERROR": NO_RECORDS_AVAILABLE,
            "GSW_ERROR_NUMBER": 3,
            "GSW_REFERENCE_ID": 1,
        }
    )
    assert isinstance(event, ServerEvent)
    assert event.is_error
    assert event.error == "No Records Available"
    assert event.error_number == 3


def test_aliases_and_unknown_names_are_kept() -> None:
    logout = decode({"GSW_AGENT_REQ_TYPE": "Logout"})
    assert isinstance(logout, DesktopRequest)
    assert logout.request is RequestType.LOG_OUT
    assert logout.name == "Logout"
    assert encode(logout) == {"GSW_AGENT_REQ_TYPE": "Logout"}
    odd = decode({"GSW_USER_EVENT": "SomethingNew", "X": [1, {"y": 2}]})
    assert isinstance(odd, ServerEvent)
    assert odd.event is None
    assert odd.other == {"X": [1, {"y": 2}]}


def test_campaign_events_carry_the_mode() -> None:
    event = decode(
        {
            "GSW_USER_EVENT": "CampaignModeChanged",
            "GSW_CAMPAIGN_NAME": "C",
            "GSW_CAMPAIGN_MODE": "Progressive",
        }
    )
    assert isinstance(event, ServerEvent)
    assert event.campaign_mode is DialingMode.PROGRESSIVE


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({}, "$"),
        ({"GSW_AGENT_REQ_TYPE": "DoNotCall", "GSW_USER_EVENT": "DoNotCallAcknowledge"}, "$"),
        ({"GSW_AGENT_REQ_TYPE": 5}, "GSW_AGENT_REQ_TYPE"),
        ({"GSW_AGENT_REQ_TYPE": "DoNotCall", "GSW_RECORD_HANDLE": -1}, "GSW_RECORD_HANDLE"),
        ({"GSW_AGENT_REQ_TYPE": "DoNotCall", "GSW_RECORD_HANDLE": "+-5"}, "GSW_RECORD_HANDLE"),
        ({"GSW_AGENT_REQ_TYPE": "DoNotCall", "GSW_RECORD_HANDLE": True}, "GSW_RECORD_HANDLE"),
        (
            {"GSW_AGENT_REQ_TYPE": "RecordReschedule", "GSW_DATE_TIME": "2026-05-27 10:55"},
            "GSW_DATE_TIME",
        ),
        (
            {"GSW_AGENT_REQ_TYPE": "RecordReschedule", "GSW_CALLBACK_TYPE": "Later"},
            "GSW_CALLBACK_TYPE",
        ),
        ({"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_CALL_RESULT": 54}, "GSW_CALL_RESULT"),
        ({"GSW_USER_EVENT": "CampaignLoaded", "GSW_CAMPAIGN_MODE": "Turbo"}, "GSW_CAMPAIGN_MODE"),
        ({"GSW_USER_EVENT": "PreviewRecord", "GSW_ERROR_NUMBER": 2**40}, "GSW_ERROR_NUMBER"),
    ],
)
def test_malformed_messages_name_the_key(raw: dict[str, Any], path: str) -> None:
    with pytest.raises(WireFormatError) as caught:
        decode(raw)
    assert caught.value.details["path"] == path


# ---- round trips ------------------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8"), max_size=8)
_MINUTES = st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
_COMMON = {
    "reference_id": st.none() | st.integers(-(2**31), 2**31 - 1),
    "record_handle": st.none() | st.integers(0, 2**31 - 1),
    "application_id": st.none() | st.integers(0, 2**31 - 1),
    "campaign_name": st.none() | _TEXT,
    "calling_list": st.none() | _TEXT,
    "chain_id": st.none() | st.integers(0, 2**31 - 1),
    "phone": st.none() | _TEXT,
    "call_result": st.none() | st.sampled_from(list(CallResult)),
    "date_time": st.none() | _MINUTES,
    "callback_type": st.none() | st.sampled_from(list(CallbackType)),
    "chain_scope": st.none() | st.sampled_from(list(ChainScope)),
    "campaign_mode": st.none() | st.sampled_from(list(DialingMode)),
    "campaign_description": st.none() | _TEXT,
    "other": st.dictionaries(
        st.sampled_from(["Region", "custom_1", "IW_X"]), st.integers() | _TEXT, max_size=2
    ),
}
requests = st.builds(
    lambda kind, fields: DesktopRequest(request=kind, name=kind.value, **fields),
    st.sampled_from(list(RequestType)),
    st.fixed_dictionaries(_COMMON),
)
events = st.builds(
    lambda kind, fields, error, number: ServerEvent(
        event=kind, name=kind.value, error=error, error_number=number, **fields
    ),
    st.sampled_from(list(UserEventType)),
    st.fixed_dictionaries(_COMMON),
    st.none() | _TEXT,
    st.none() | st.integers(-(2**31), 2**31 - 1),
)


@given(requests | events)
def test_encode_then_decode_is_the_same_message(message: DesktopRequest | ServerEvent) -> None:
    data = encode(message)
    assert all(isinstance(v, str | int) for k, v in data.items() if k.startswith("GSW_"))
    assert decode(data) == message


# ---- correlation ------------------------------------------------------------------------------


def sent(name: str, reference: int, **more: Any) -> DesktopRequest:
    message = decode({"GSW_AGENT_REQ_TYPE": name, "GSW_REFERENCE_ID": reference, **more})
    assert isinstance(message, DesktopRequest)
    return message


def answer(name: str, reference: int | None, **more: Any) -> ServerEvent:
    data: dict[str, Any] = {"GSW_USER_EVENT": name, **more}
    if reference is not None:
        data["GSW_REFERENCE_ID"] = reference
    message = decode(data)
    assert isinstance(message, ServerEvent)
    return message


def test_answers_are_matched_by_reference_id() -> None:
    correlator = Correlator().sent(sent("RecordProcessed", 1)).sent(sent("ChainedRecordRequest", 2))
    correlator, match = correlator.received(answer("ChainedRecord", 2))
    assert match.kind is Correlation.PARTIAL
    assert 2 in correlator.pending
    correlator, match = correlator.received(answer("ChainedRecordsDataEnd", 2))
    assert match.kind is Correlation.ANSWERED
    assert match.request is not None
    assert match.request.request is RequestType.CHAINED_RECORD_REQUEST
    correlator, match = correlator.received(answer("DoNotCallAcknowledge", 1))
    assert match.kind is Correlation.UNEXPECTED
    assert 1 in correlator.pending
    correlator, match = correlator.received(answer("RecordProcessedAcknowledge", 1, GSW_ERROR="x"))
    assert match.kind is Correlation.FAILED
    assert not correlator.pending
    _, match = correlator.received(answer("RecordProcessedAcknowledge", 1))
    assert match.kind is Correlation.UNMATCHED
    _, match = correlator.received(answer("CampaignStarted", None))
    assert match.kind is Correlation.UNSOLICITED


def test_a_reference_id_is_needed_and_used_once_at_a_time() -> None:
    with pytest.raises(InvalidValue):
        Correlator().sent(
            request_for("logout", record_handle=None, campaign_name=None, application_id=None)
        )
    with pytest.raises(InvalidValue):
        Correlator().sent(sent("LogOut", 3)).sent(sent("DoNotCall", 3))


def test_every_request_has_its_answers() -> None:
    assert set(ANSWERS) == set(RequestType)
    for request, answers in ANSWERS.items():
        assert not (answers & ocs.UNSOLICITED) or request is RequestType.CAMPAIGN_STATUS_REQUEST


# ---- the request a desktop sends for a desk action ------------------------------------------


@pytest.mark.parametrize("action", sorted(DESK_ACTION_REQUESTS))
def test_request_for_every_desk_action(action: str) -> None:
    request = request_for(
        action,
        record_handle=12,
        campaign_name="Sales",
        application_id=101,
        calling_list="List_1",
        reference_id=9,
        date_time=datetime(2026, 5, 27, 10, 55),
        callback_type=CallbackType.CAMPAIGN,
        call_result=CallResult(33),
    )
    assert request.request is DESK_ACTION_REQUESTS[action]
    data = encode(request)
    assert data["GSW_AGENT_REQ_TYPE"] == DESK_ACTION_REQUESTS[action].value
    assert (data["GSW_RECORD_HANDLE"], data["GSW_CAMPAIGN_NAME"], data["GSW_REFERENCE_ID"]) == (
        12,
        "Sales",
        9,
    )
    assert data["GSW_DATE_TIME"] == "05/27/2026 10:55"
    assert data["GSW_CALLBACK_TYPE"] == "Campaign"
    assert decode(data) == request


def test_request_for_refuses_what_the_protocol_cannot_say() -> None:
    with pytest.raises(InvalidValue, match="no request for 'call'"):
        request_for("call", record_handle=1, campaign_name="C", application_id=1)
    with pytest.raises(InvalidValue, match="needs date_time, callback_type"):
        request_for("reschedule", record_handle=1, campaign_name="C", application_id=1)
    with pytest.raises(InvalidValue, match="needs record_handle"):
        request_for("mark_done", record_handle=None, campaign_name="C", application_id=1)
    with pytest.raises(InvalidValue):
        request_for(
            "mark_done", record_handle=1, campaign_name="C", application_id=1, call_result=99
        )
    with pytest.raises(InvalidValue):
        request_for(
            "mark_done", record_handle=1, campaign_name="C", application_id=1, callback_type=3
        )
    with pytest.raises(InvalidValue):
        request_for(
            "set_call_result", record_handle=1, campaign_name="C", application_id=1, Extra=[1]
        )


def test_request_for_sends_custom_fields_as_their_own_keys() -> None:
    request = request_for(
        RequestType.UPDATE_CALL_COMPLETION_STATS,
        record_handle=1,
        campaign_name="C",
        application_id=1,
        Region="North",
    )
    assert encode(request)["Region"] == "North"


# ---- fuzzing ----------------------------------------------------------------------------------

_KEYS = st.sampled_from(
    [
        "GSW_AGENT_REQ_TYPE",
        "GSW_USER_EVENT",
        "GSW_REFERENCE_ID",
        "GSW_RECORD_HANDLE",
        "GSW_CALL_RESULT",
        "GSW_DATE_TIME",
        "GSW_CALLBACK_TYPE",
        "GSW_CHAIN_ATTR",
        "GSW_CAMPAIGN_MODE",
        "GSW_ERROR_NUMBER",
        "x",
    ]
)
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["12", "+-1", "05/27/2026 10:55", "Personal", "RecordProcessed"]),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=6,
)


@given(st.dictionaries(_KEYS | st.text(max_size=4), _VALUES, max_size=6) | _VALUES)
def test_fuzz_decode(raw: Any) -> None:
    with contextlib.suppress(WireFormatError):
        decode(raw)


@given(st.text(max_size=60))
def test_fuzz_decode_text(text: str) -> None:
    with contextlib.suppress(WireFormatError):
        decode(text)


def test_non_string_keys_are_refused() -> None:
    with pytest.raises(WireFormatError):
        decode({"GSW_USER_EVENT": "ScheduledCall", 5: "x"})  # type: ignore[dict-item]
