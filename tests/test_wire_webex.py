"""Seed 004: the Webex OutboundCallStateChange message, read into typed values."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.errors import WireFormatError
from outbound_core.wire.webex import read_outbound_call_state_change as read
from outbound_core.wire.webex_events import CallEvent, CallState, LcmKey

SAMPLE_PATH = Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json"
SAMPLE_TEXT = SAMPLE_PATH.read_text(encoding="utf-8")
SEED = Path("/work/shared/seeds/004_b6e03d5cf4c63e61.txt")


def sample() -> dict[str, Any]:
    value: dict[str, Any] = json.loads(SAMPLE_TEXT)
    return value


def test_the_fixture_is_the_seed_sample_byte_for_byte() -> None:
    if not SEED.exists():
        pytest.skip("the seed is not available on this machine")
    seed = SEED.read_bytes()
    start = seed.index(b"Sample Response\n") + len(b"Sample Response\n")
    end = seed.index(b"Compatible Workspace Version")
    assert SAMPLE_PATH.read_bytes() == seed[start:end]


def test_the_seed_sample_decodes_as_is() -> None:
    message = read(SAMPLE_TEXT)
    assert (message.channel, message.topic, message.subtopic) == (
        "Webexcc",
        "outbound",
        "OutBoundCallStateChange",
    )
    assert message.source == "event"
    assert message.call_id == "013dce5c-a8aa-4590-bebe-fed6d419dcc4"
    assert message.event is CallEvent.CUSTOMER_ANSWERED
    assert message.event_text == "CustAnswered"
    assert message.state is CallState.CONNECTED
    assert message.state_text == "connected"
    assert message.call_type == "Regular-Call"
    assert message.interaction_id == "1191fe75-f6ab-413a-8275-2be7e7669a97"
    assert message.tracking_id == "notifs_d7a08953-b76d-4a4c-a479-086efcdeb644"
    assert message.routing_tracking_id == "bcad9a92-240a-4dc0-b11d-1d59f995860d"
    assert message.media_resource_id == "1191fe75-f6ab-413a-8275-2be7e7669a97"
    assert message.agent_id == "97f9e4c2-1b32-42a6-b6aa-13ba08fe4ae0"
    assert message.queue_id == "98b8bda8-67c3-4c1b-ae6c-2c61d498266e"
    assert message.team_id == "56cf5b28-56b0-4905-9d49-6893257100b1"
    assert message.team_name == "Acqueon_Site1_Team1"
    assert message.dialed_number == "+918374491160"
    assert message.agent_number == "1908603511"
    assert message.campaign_id == "ADDLR_PreviewGroup"
    assert message.lcm_key == LcmKey("57|3|4|0|0|44|2", (57, 3, 4, 0, 0, 44, 2))
    assert str(message.lcm_key) == "57|3|4|0|0|44|2"
    assert message.rona_timeout == timedelta(seconds=18)
    assert message.event_time == datetime(2024, 6, 21, 10, 29, 13, 439000, tzinfo=UTC)
    assert message.created_at == datetime(2024, 6, 21, 10, 28, 48, 859000, tzinfo=UTC)
    assert message.queued_at is None  # null in the sample
    assert message.is_hold is False
    assert message.is_terminated is False
    assert message.call_variables["Campaign Group"] == "ADDLR_PreviewGroup"
    assert message.response_fields["Campaign"] == "013dce5c-a8aa-4590-bebe-fed6d419dcc4"
    kinds = {p.id: p.kind for p in message.participants}
    assert kinds == {"+918374491160": "Customer", "97f9e4c2-1b32-42a6-b6aa-13ba08fe4ae0": "Agent"}
    agent = message.participants[1]
    assert agent.name == "wxcc-test-qa-acqueon_org agent1"
    assert agent.has_joined is True
    assert read(SAMPLE_TEXT.encode()) == read(sample()) == message


@pytest.mark.parametrize(
    ("channel", "topic", "subtopic"),
    [
        ("Webex cc", "Outbound", "OutboundCallStateChange"),
        ("WEBEX  CC", "OUTBOUND", "outbound call state change"),
        ("Webexcc", "outbound", "OutBoundCallStateChange"),
    ],
)
def test_envelope_names_match_without_case_or_spacing(
    channel: str, topic: str, subtopic: str
) -> None:
    raw = sample() | {"channel": channel, "topic": topic, "subtopic": subtopic}
    message = read(raw)
    assert (message.channel, message.topic, message.subtopic) == (channel, topic, subtopic)


@pytest.mark.parametrize(
    ("key", "value"), [("channel", "Webex"), ("topic", "Inbound"), ("subtopic", "AgentStateChange")]
)
def test_other_envelopes_are_refused(key: str, value: str) -> None:
    with pytest.raises(WireFormatError) as caught:
        read(sample() | {key: value})
    assert caught.value.details["path"] == key


def test_unknown_events_and_states_are_kept() -> None:
    raw = sample()
    raw["message"]["call"]["event"] = "eAgentWrapup"
    raw["message"]["call"]["ResponseActual"]["data"]["interaction"]["state"] = "parked"
    message = read(raw)
    assert message.event is CallEvent.UNKNOWN
    assert message.event_text == "eAgentWrapup"
    assert message.state is CallState.UNKNOWN
    assert message.state_text == "parked"


@pytest.mark.parametrize(
    "event",
    [
        "eAgentOfferContact",
        "CustAnswered",
        "eCallRecordingStarted",
        "eAgentContactEnded",
        "acw",
        "DROPPED",
    ],
)
def test_every_seed_event_is_known(event: str) -> None:
    raw = sample()
    raw["message"]["call"]["event"] = event
    assert read(raw).event.value == event


def test_the_tables_spellings_are_read_too() -> None:
    """Seed 004's tables: `Response Fields`, `Call Variables`, `callType`, a flat ResponseActual."""
    raw = sample()
    call = raw["message"]["call"]
    call["Response Fields"] = call.pop("ResponseFields")
    call["Call Variables"] = call.pop("CallVariables")
    call["callType"] = call.pop("CallType")
    call["ResponseActual"] = {
        "interactionId": "f955e728-e9bd-494e-83a8-29a3049c97ec",
        "state": "consulting",
        "LCMKey": "57|3|4|0|0|44|2",
        "ronaTimeout": "18",
        "mediaProperties": {
            "QueueId": "a9247c33",
            "queuedTimestamp": "1718779908620",
            "dialednumber": "+91",
        },
    }
    del call["Response Fields"]["CallState"]
    message = read(raw)
    assert message.interaction_id == "f955e728-e9bd-494e-83a8-29a3049c97ec"
    assert message.state is CallState.CONSULTING
    assert message.call_type == "Regular-Call"
    assert message.call_variables["dn"] == "+918374491160"
    assert message.queue_id == "a9247c33"
    assert message.queued_at == datetime(2024, 6, 19, 6, 51, 48, 620000, tzinfo=UTC)
    assert message.dialed_number == "+91"


def test_hold_is_read_from_the_main_media() -> None:
    raw = sample()
    media = raw["message"]["call"]["ResponseActual"]["data"]["interaction"]["media"]
    next(iter(media.values()))["isHold"] = True
    assert read(raw).is_hold is True


def path_to(raw: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    *parents, last = path.split(".")
    node = raw
    for key in parents:
        node = node[key]
    return node, last


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("message.call.ResponseActual.data.interaction.state", 3),
        ("message.call.event", None),
        ("message.call.id", ""),
        ("message.call.ResponseActual.data.eventTime", -1),
        ("message.call.ResponseActual.data.eventTime", 10**30),
        ("message.call.ResponseActual.data.eventTime", 1.5),
        ("message.call.ResponseActual.data.interaction.createdTimestamp", True),
        ("message.call.ResponseActual.data.interaction.callProcessingDetails.ronaTimeout", "18s"),
        ("message.call.ResponseActual.data.interaction.interactionId", "another"),
        ("message.call.ResponseActual.data.interaction", []),
        ("message.call.ResponseActual.data.interaction.isTerminated", "maybe"),
        ("message.call.CallVariables", "x"),
        ("message.call", None),
    ],
)
def test_malformed_messages_name_the_path(path: str, value: object) -> None:
    raw = sample()
    node, key = path_to(raw, path)
    node[key] = value
    with pytest.raises(WireFormatError) as caught:
        read(raw)
    assert caught.value.details["path"] == path


def test_a_message_without_an_interaction_is_refused() -> None:
    raw = sample()
    data = raw["message"]["call"]["ResponseActual"]["data"]
    del data["interactionId"], data["interaction"]["interactionId"]
    with pytest.raises(WireFormatError) as caught:
        read(raw)
    assert caught.value.details["path"] == "message.call.ResponseActual.data.interactionId"


def test_bad_text_is_a_wire_format_error_with_line_and_column() -> None:
    with pytest.raises(WireFormatError) as caught:
        read(SAMPLE_TEXT[:200])
    assert "line" in caught.value.details


def test_decimal_parts_of_the_lcm_key_are_ints() -> None:
    assert LcmKey.read("57|x|0044|").parts == (57, "x", 44, "")
    assert LcmKey.read("٣|1").parts == ("٣", 1)  # only ASCII digits are numbers


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


SAMPLE_PATHS = _paths(sample())[1:]


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": [value]}
    return value


@given(st.data())
def test_fuzz_mutated_seed_samples(data: st.DataObject) -> None:
    raw = sample()
    deep = False
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(SAMPLE_PATHS))
        node: Any = raw
        with contextlib.suppress(KeyError, IndexError, TypeError):
            for key in path[:-1]:
                node = node[key]
            action = data.draw(st.sampled_from(["delete", "replace", "deep"]))
            if action == "delete":
                del node[path[-1]]
            elif action == "replace":
                node[path[-1]] = data.draw(
                    _LEAVES
                    | st.lists(_LEAVES, max_size=2)
                    | st.dictionaries(st.text(max_size=3), _LEAVES, max_size=2)
                )
            else:
                node[path[-1]] = _deep(data.draw(st.integers(1, 3000)))
                deep = True
    with contextlib.suppress(WireFormatError):
        decoded = read(raw)
        assert all(isinstance(p.id, str) for p in decoded.participants)
    if not deep:
        with contextlib.suppress(WireFormatError):
            read(json.dumps(raw))


@given(st.data())
def test_fuzz_text_cuts_and_inserts(data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(SAMPLE_TEXT)))
    mutated = (
        SAMPLE_TEXT[:cut]
        + data.draw(st.text(max_size=4))
        + SAMPLE_TEXT[cut + data.draw(st.integers(0, 4)) :]
    )
    with contextlib.suppress(WireFormatError):
        read(mutated)


@given(
    st.recursive(
        _LEAVES,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["channel", "topic", "subtopic", "message", "call", "id", "event"]),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_fuzz_arbitrary_values(value: Any) -> None:
    with contextlib.suppress(WireFormatError):
        read(value)


def test_deep_nesting_in_text_is_a_wire_format_error() -> None:
    with pytest.raises(WireFormatError):
        read("[" * 100_000 + "]" * 100_000)
