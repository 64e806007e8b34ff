"""Native Webex task notifications and seed 004's wrapper, read into one TaskNotification."""

from __future__ import annotations

import contextlib
import copy
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.errors import WireFormatError
from outbound_core.wire.webex import read_outbound_call_state_change, read_webex_event
from outbound_core.wire.webex_events import CallEvent, CallState
from outbound_core.wire.webex_names import DESKTOP_SPELLINGS, NotificationType
from outbound_core.wire.webex_native import read_task_notification

FIXTURES = Path(__file__).parent / "fixtures" / "webex"
SEED_SAMPLE = Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.json"))
#: What the issue asks a fixture for, at least.
REQUIRED = {
    "AgentContactReserved",
    "AgentOfferContact",
    "AgentContactAssigned",
    "AgentContact",
    "AgentContactAssignFailed",
    "AgentOfferContactRona",
    "AgentContactHeld",
    "AgentContactUnheld",
    "AgentConsultCreated",
    "AgentOfferConsult",
    "AgentConsulting",
    "AgentConsultEnded",
    "AgentConsultConferenced",
    "AgentConsultConferencing",
    "ParticipantJoinedConference",
    "ParticipantLeftConference",
    "AgentWrapup",
    "AgentWrappedUp",
    "ContactEnded",
    "AgentOutboundFailed",
    "AgentOfferCampaignReservation",
    "CampaignContactUpdated",
    "CampaignPreviewAcceptFailed",
    "CampaignPreviewSkipFailed",
    "CampaignPreviewRemoveFailed",
    "eAgentOfferContact",
}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def test_every_listed_event_has_a_fixture_with_its_source_named() -> None:
    assert set(NAMES) >= REQUIRED
    for name in NAMES:
        sidecar = FIXTURES / f"{name}.source.md"
        assert sidecar.exists(), f"{name}.json names no source"
        text = sidecar.read_text(encoding="utf-8")
        assert "Source:" in text
        assert "npm package" in text or "seed 004" in text


@pytest.mark.parametrize("name", NAMES)
def test_each_fixture_decodes_with_its_name_interaction_and_time(name: str) -> None:
    raw = fixture(name)
    text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    notification = read_webex_event(text)
    assert notification == read_webex_event(raw) == read_task_notification(raw)
    assert notification.name == name
    assert notification.kind is not NotificationType.UNKNOWN
    assert notification.kind is NotificationType.read(name)
    assert notification.interaction_id
    assert isinstance(notification.event_time, datetime)
    assert notification.event_time.tzinfo is UTC
    assert notification.call_event is None
    assert notification.wrapper is None


def test_the_desktop_spellings_name_the_native_notifications() -> None:
    for spelling, member in DESKTOP_SPELLINGS.items():
        assert spelling.startswith("e")
        assert NotificationType.read(spelling) is member
        assert NotificationType.read(spelling.upper()) is member
    assert NotificationType.read("eAgentContactEnded") is NotificationType.CONTACT_ENDED
    assert NotificationType.read("eOutdialFailed") is NotificationType.AGENT_OUTBOUND_FAILED
    assert NotificationType.read("agentofferCONTACT") is NotificationType.AGENT_OFFER_CONTACT
    assert NotificationType.read("Welcome") is NotificationType.UNKNOWN
    for spelling in ("eAgentOfferContact", "eAgentContactEnded", "eOutdialFailed"):
        assert read_webex_event(fixture(spelling)).kind is NotificationType.read(spelling)


def test_outbound_failures_keep_reason_and_code() -> None:
    failed = read_webex_event(fixture("AgentOutboundFailed"))
    assert (failed.reason, failed.reason_code) == ("CUSTOMER_BUSY", 1022)
    assert failed.outbound_type == "OUTDIAL"
    assert failed.state == "new"
    assert failed.is_terminated is True
    declined = read_webex_event(fixture("AgentContactAssignFailed"))
    assert (declined.reason, declined.reason_code) == ("USER_DECLINED", 156)
    text_code = fixture("AgentOutboundFailed")
    text_code["data"]["reasonCode"] = "1022"
    assert read_webex_event(text_code).reason_code == "1022"


def test_campaign_ids_and_the_preview_shape() -> None:
    offer = read_webex_event(fixture("AgentOfferCampaignReservation"))
    assert offer.campaign_id == "campaign-789"
    assert offer.call_processing_details == {"campaignId": "campaign-789"}
    assert offer.media_type == "telephony"
    skip = read_webex_event(fixture("CampaignPreviewSkipFailed"))
    assert skip.campaign_id == "campaign-789"
    assert skip.event_type == "RoutingMessage"
    assert skip.org_id == "6ecef209-9a34-4ed1-a07a-7ddd1dbe925a"


def test_participants_and_media_are_kept() -> None:
    joined = read_webex_event(fixture("ParticipantJoinedConference"))
    assert [p.id for p in joined.participants] == [
        "723a8ffb-a26e-496d-b14a-ff44fb83b64f",
        "new-participant-123",
    ]
    assert [leg.kind for leg in joined.media] == ["mainCall"]
    assert joined.media[0].participants == (
        "723a8ffb-a26e-496d-b14a-ff44fb83b64f",
        "new-participant-123",
    )
    assert joined.data["participantId"] == "new-participant-123"  # not modelled: kept as data


def test_the_seed_wrapper_reads_into_the_native_event_it_nests() -> None:
    wrapped = read_webex_event(SEED_SAMPLE.read_text(encoding="utf-8"))
    native = read_webex_event(fixture("AgentContactAssigned"))
    assert wrapped.kind is native.kind is NotificationType.AGENT_CONTACT_ASSIGNED
    for field in (
        "name",
        "interaction_id",
        "event_millis",
        "state",
        "outbound_type",
        "campaign_id",
        "agent_id",
        "tracking_id",
        "notification_tracking_id",
        "participant_data",
        "data",
    ):
        assert getattr(wrapped, field) == getattr(native, field), field
    assert wrapped.call_event is CallEvent.CUSTOMER_ANSWERED
    assert wrapped.call_event_text == "CustAnswered"
    assert wrapped.call_state is CallState.CONNECTED
    assert wrapped.is_wrapped
    assert not native.is_wrapped
    assert native.outbound_type == "CAMPAIGN"
    assert native.queue_manager == "aqm"
    assert native.entry_point_id == "0c96e7f5-fad5-4766-bf55-43c0508d55c9"
    assert native.session_id == "e2d38719-7dda-4fad-b020-a5401dba6b38"
    assert native.site_id == "5729b45e-2913-4425-b5e2-0d730aa6db0a"
    assert native.event_time == datetime(2024, 6, 21, 10, 29, 13, 439000, tzinfo=UTC)
    assert native.created_at == datetime(2024, 6, 21, 10, 28, 48, 859000, tzinfo=UTC)
    legacy = read_outbound_call_state_change(SEED_SAMPLE.read_text(encoding="utf-8"))
    assert legacy.interaction_id == wrapped.interaction_id
    assert legacy.event_time == wrapped.event_time


def test_the_seed_tables_fields_are_read() -> None:
    """Seed 004's tables: `mediaType`, `Ep_id`, `FlowTagid` on a flat ResponseActual, and
    `sessionId`, `siteid`, `QMrgName` in `mediaProperties`; read nowhere before."""
    raw = json.loads(SEED_SAMPLE.read_text(encoding="utf-8"))
    raw["message"]["call"]["ResponseActual"] = {
        "interactionId": "f955e728-e9bd-494e-83a8-29a3049c97ec",
        "mediaType": "telephony",
        "state": "connected",
        "Ep_id": "729d9201-ae9b-46f7-8ee0-9abb260bf647",
        "FlowTagid": "Latest",
        "mediaProperties": {
            "QMrgName": "aqm",
            "sessionId": "7ad90a98-e6a2-44ed-9e49-8c2cb61ed525",
            "siteid": "5729b45e-2913-4425-b5e2-0d730aa6db0a",
        },
    }
    message = read_webex_event(raw)
    assert message.name == "CustAnswered"  # the nested event names none: the wrapper's
    assert message.state == "connected"
    assert message.media_type == "telephony"
    assert message.entry_point_id == "729d9201-ae9b-46f7-8ee0-9abb260bf647"
    assert message.flow_tag_id == "Latest"
    assert message.queue_manager == "aqm"
    assert message.session_id == "7ad90a98-e6a2-44ed-9e49-8c2cb61ed525"
    assert message.site_id == "5729b45e-2913-4425-b5e2-0d730aa6db0a"


def test_the_name_comes_from_data_then_the_message_type() -> None:
    raw = fixture("AgentWrapup")
    raw["type"] = "RoutingMessage"
    assert read_webex_event(raw).name == "AgentWrapup"
    del raw["data"]["type"]
    with pytest.raises(WireFormatError) as caught:
        read_webex_event(raw)
    assert caught.value.details["path"] == "data.type"
    raw["type"] = "AgentWrapup"  # the issue's `{"type": ..., "data": {...}}`
    assert read_webex_event(raw).name == "AgentWrapup"
    assert read_webex_event(raw["data"] | {"type": "AgentWrapup"}).name == "AgentWrapup"


def test_unknown_names_are_kept() -> None:
    raw = fixture("AgentWrapup")
    raw["data"]["type"] = "AgentSomethingNew"
    notification = read_webex_event(raw)
    assert notification.kind is NotificationType.UNKNOWN
    assert notification.name == "AgentSomethingNew"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("data.interactionId", ""),
        ("data.interactionId", 7),
        ("data.eventTime", -1),
        ("data.eventTime", 1.5),
        ("data.eventTime", True),
        ("data.reason", 3),
        ("data.reasonCode", [1]),
        ("data.interaction", "x"),
        ("data.interaction.state", 2),
        ("data.interaction.isTerminated", "maybe"),
        ("data.type", 5),
    ],
)
def test_malformed_notifications_name_the_path(path: str, value: object) -> None:
    raw = fixture("AgentOutboundFailed")
    *parents, last = path.split(".")
    node = raw
    for key in parents:
        node = node[key]
    node[last] = value
    with pytest.raises(WireFormatError) as caught:
        read_webex_event(raw)
    assert caught.value.details["path"] == path


def test_participants_are_checked_when_read() -> None:
    raw = fixture("ParticipantJoinedConference")
    raw["data"]["interaction"]["participants"]["new-participant-123"]["hasLeft"] = "perhaps"
    notification = read_webex_event(raw)
    with pytest.raises(WireFormatError) as caught:
        _ = notification.participants
    assert caught.value.details["path"] == "interaction.participants.new-participant-123.hasLeft"
    raw["data"]["interaction"]["media"]["0ae913a4-c857-4705-8d49-76dd3dde75e4"]["mType"] = 3
    with pytest.raises(WireFormatError):
        _ = read_webex_event(raw).media


# ---- fuzzing: nothing but WireFormatError escapes ----------------------------------------------

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**40), 10**40)
    | st.floats()
    | st.text(max_size=6)
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


SOURCES = [fixture(name) for name in NAMES] + [json.loads(SEED_SAMPLE.read_text("utf-8"))]


@given(st.data())
def test_fuzz_mutated_fixtures_of_both_shapes(data: st.DataObject) -> None:
    raw = copy.deepcopy(data.draw(st.sampled_from(SOURCES)))
    paths = _paths(raw)[1:]
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        node: Any = raw
        with contextlib.suppress(KeyError, IndexError, TypeError):
            for key in path[:-1]:
                node = node[key]
            if data.draw(st.booleans()):
                del node[path[-1]]
            else:
                node[path[-1]] = data.draw(
                    _LEAVES
                    | st.lists(_LEAVES, max_size=2)
                    | st.dictionaries(st.text(max_size=3), _LEAVES, max_size=2)
                )
    with contextlib.suppress(WireFormatError):
        decoded = read_webex_event(raw)
        with contextlib.suppress(WireFormatError):
            assert all(isinstance(p.id, str) for p in decoded.participants)
        with contextlib.suppress(WireFormatError):
            assert all(isinstance(leg.id, str) for leg in decoded.media)
        assert decoded.event_time is None or decoded.event_time.tzinfo is UTC
        _ = (decoded.created_at, decoded.call_processing_details, decoded.session_id)
    with contextlib.suppress(WireFormatError):
        read_webex_event(json.dumps(raw))


@given(
    st.recursive(
        _LEAVES,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["type", "data", "interactionId", "interaction", "eventTime", "message"]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_fuzz_arbitrary_values(value: Any) -> None:
    with contextlib.suppress(WireFormatError):
        read_webex_event(value)


def test_the_concept_pages_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    page = Path(__file__).parent.parent / "docs" / "concepts" / "webex.md"
    (example,) = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    monkeypatch.chdir(page.parent.parent.parent)
    exec(compile(example, str(page), "exec"), {})
