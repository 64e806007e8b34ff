"""The Webex Contact Center OutboundCallStateChange message (seed 004), read into typed values.

The seed documents the message twice, and the two do not agree: its tables give a flat
`ResponseActual` with `Response Fields`, `Call Variables` and `callType`, its full sample nests
the call under `ResponseActual.data.interaction` with `ResponseFields`, `CallVariables` and
`CallType`. The reader follows the sample and also accepts the tables' spellings where that
costs nothing; `docs/sources.md` lists every reading. The channel, topic and subtopic are
compared without regard to case and spacing, as the seed itself varies them.

Unknown call events and states are kept (`CallEvent.UNKNOWN` / `CallState.UNKNOWN` with the raw
text). Anything malformed raises `WireFormatError` whose `path` names the place, e.g.
`message.call.ResponseActual.data.interaction.state`, and nothing else escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from outbound_core.wire._webex_fields import (
    _ACTUAL,
    _CALL,
    _DATA,
    _DETAILS,
    _EPOCH,
    _INTERACTION,
    _MAX_MILLISECONDS,
    CHANNEL,
    SUBTOPIC,
    TOPIC,
    _envelope,
    _fail,
    _first_rona,
    _flag,
    _instant,
    _interaction_id,
    _is_hold,
    _lcm_key,
    _object,
    _optional_object,
    _participants,
    _pick,
    _seconds,
    _text,
)
from outbound_core.wire.json_text import parse_json
from outbound_core.wire.webex_events import (
    CallEvent,
    CallState,
    LcmKey,
    OutboundCallStateChange,
    Participant,
)
from outbound_core.wire.webex_native import _decode, read_task_notification
from outbound_core.wire.webex_notifications import TaskNotification

__all__ = [
    "CHANNEL",
    "SUBTOPIC",
    "TOPIC",
    "CallEvent",
    "CallState",
    "LcmKey",
    "OutboundCallStateChange",
    "Participant",
    "TaskNotification",
    "is_wrapper",
    "read_outbound_call_state_change",
    "read_task_notification",
    "read_webex_event",
]


def is_wrapper(raw: object) -> bool:
    """Whether a parsed message is a seed 004 OutboundCallStateChange (it has a `message`
    under a `channel`), rather than a native notification."""
    return type(raw) is dict and "message" in raw and "channel" in raw


def read_webex_event(source: str | bytes | bytearray | Mapping[str, Any]) -> TaskNotification:
    """Read a Webex task notification of either shape (JSON text, or the parsed object).

    A native notification reads as `read_task_notification` does. A seed 004
    OutboundCallStateChange reads into the native notification its `ResponseActual` nests,
    with the wrapper's call event [`event`] and call state [`ResponseFields.CallState`], and
    the whole message kept in `wrapper`; seed 004's table fields (`Ep_id`, `FlowTagid`,
    `mediaType`, `mediaProperties.sessionId` / `siteid` / `QMrgName`) are read where the
    nested event lacks them.

    Raises:
        WireFormatError: not JSON, neither shape, or a value of the wrong type or range;
            `details["path"]` names the place.
    """
    raw = parse_json(source) if isinstance(source, str | bytes | bytearray) else source
    if type(raw) is not dict:
        raise _fail("$", f"a message is an object, not {type(raw).__name__}", raw)
    if "message" not in raw or "channel" not in raw:
        return _decode(raw, "")
    _envelope(raw)
    message = _object(raw.get("message"), "message")
    call = _object(message.get("call"), _CALL)
    call_id = call.get("id")
    if type(call_id) is not str or not call_id:
        raise _fail(f"{_CALL}.id", "expected the call id, a non-empty string", call_id)
    event_text = call.get("event")
    if type(event_text) is not str:
        raise _fail(f"{_CALL}.event", "expected the call event, a string", event_text)
    fields = _optional_object(call, ("ResponseFields", "Response Fields"), _CALL)
    state_text = fields.get("CallState")
    if state_text is not None and type(state_text) is not str:
        raise _fail(f"{_CALL}.ResponseFields.CallState", "expected a string", state_text)
    actual = call.get("ResponseActual")
    if type(actual) is not dict:
        raise _fail(f"{_ACTUAL}", "expected the nested notification, an object", actual)
    return _decode(
        actual,
        f"{_ACTUAL}.",
        call_event_text=event_text,
        call_state_text=state_text,
        wrapper=raw,
    )


def read_outbound_call_state_change(
    source: str | bytes | bytearray | Mapping[str, Any],
) -> OutboundCallStateChange:
    """Read one OutboundCallStateChange message (JSON text, or the parsed object).

    Raises:
        WireFormatError: not JSON, not an OutboundCallStateChange, or a value of the wrong
            type or range; `details["path"]` names the place (`message.call.event`, ...).
    """
    raw = parse_json(source) if isinstance(source, str | bytes | bytearray) else source
    if type(raw) is not dict:
        raise _fail("$", f"a message is an object, not {type(raw).__name__}", raw)
    channel, topic, subtopic = _envelope(raw)
    message = _object(raw.get("message"), "message")
    call = _object(message.get("call"), _CALL)
    call_id = _text(call, "id", _CALL)
    if not call_id:
        raise _fail(f"{_CALL}.id", "expected the call id, a non-empty string", call_id)
    event_text = _text(call, "event", _CALL)
    if event_text is None:
        raise _fail(f"{_CALL}.event", "expected the call event, a string", event_text)
    actual = (
        _o
        if type(_o := call.get("ResponseActual")) is dict
        else _optional_object(call, ("ResponseActual",), _CALL)
    )
    data = (
        _o
        if type(_o := actual.get("data")) is dict
        else _optional_object(actual, ("data",), _ACTUAL)
    )
    interaction = (
        _o
        if type(_o := data.get("interaction")) is dict
        else _optional_object(data, ("interaction",), _DATA)
    )
    details = (
        _o
        if type(_o := interaction.get("callProcessingDetails")) is dict
        else _optional_object(interaction, ("callProcessingDetails",), _INTERACTION)
    )
    fields = _optional_object(call, ("ResponseFields", "Response Fields"), _CALL)
    variables = _optional_object(call, ("CallVariables", "Call Variables"), _CALL)
    properties = (
        _o
        if type(_o := interaction.get("mediaProperties")) is dict
        else _optional_object(interaction, ("mediaProperties",), _INTERACTION)
    ) or (
        _o
        if type(_o := actual.get("mediaProperties")) is dict
        else _optional_object(actual, ("mediaProperties",), _ACTUAL)
    )
    props_path = (
        f"{_INTERACTION}.mediaProperties"
        if interaction.get("mediaProperties")
        else (f"{_ACTUAL}.mediaProperties")
    )
    fields_path = f"{_CALL}.ResponseFields"
    variables_path = f"{_CALL}.CallVariables"
    state_text = (
        _v
        if type(_v := interaction.get("state")) is str
        else _pick(
            (interaction, "state", _INTERACTION),
            (fields, "CallState", fields_path),
            (actual, "state", _ACTUAL),
        )
    )
    participants = _participants(interaction)
    agent_data: dict[str, Any] = {}
    agent_path = f"{_INTERACTION}.participants"
    for party in participants.values():
        if (party.get("pType") or party.get("type")) == "Agent":
            agent_data = party
            break
    media_resource_id = (
        _v
        if type(_v := data.get("mediaResourceId")) is str
        else _pick((data, "mediaResourceId", _DATA), (properties, "MediaResourceid", props_path))
    )
    lcm_text = (
        _v
        if type(_v := details.get("LCMKey")) is str
        else _pick(
            (details, "LCMKey", _DETAILS),
            (variables, "LCMKey", variables_path),
            (actual, "LCMKey", _ACTUAL),
        )
    )
    rona = _first_rona(details, variables, actual)
    return OutboundCallStateChange(
        channel=channel,
        topic=topic,
        subtopic=subtopic,
        source=(
            _v
            if type(_v := message.get("source")) is str
            else _pick((message, "source", "message"))
        ),
        call_id=call_id,
        event=CallEvent.read(event_text),
        event_text=event_text,
        state=None if state_text is None else CallState.read(state_text),
        state_text=state_text,
        call_type=(
            _v
            if type(_v := call.get("CallType")) is str
            else _pick((call, "CallType", _CALL), (call, "callType", _CALL))
        ),
        interaction_id=_interaction_id(call_id, actual, data, interaction),
        tracking_id=(
            _v
            if type(_v := actual.get("trackingId")) is str
            else _pick((actual, "trackingId", _ACTUAL))
        ),
        routing_tracking_id=(
            _v if type(_v := data.get("trackingId")) is str else _pick((data, "trackingId", _DATA))
        ),
        media_resource_id=media_resource_id,
        agent_id=(
            _v
            if type(_v := data.get("agentId")) is str
            else _pick(
                (data, "agentId", _DATA), (agent_data, "id", agent_path), (actual, "id", _ACTUAL)
            )
        ),
        queue_id=(
            _v
            if type(_v := interaction.get("currentVTeam")) is str
            else _pick(
                (interaction, "currentVTeam", _INTERACTION),
                (agent_data, "queueId", agent_path),
                (properties, "QueueId", props_path),
            )
        ),
        team_id=(
            _v
            if type(_v := agent_data.get("teamId")) is str
            else _pick((agent_data, "teamId", agent_path), (properties, "teamId", props_path))
        ),
        team_name=(
            _v
            if type(_v := agent_data.get("teamName")) is str
            else _pick((agent_data, "teamName", agent_path), (properties, "teamName", props_path))
        ),
        dialed_number=(
            _v
            if type(_v := details.get("dnis")) is str
            else _pick(
                (details, "dnis", _DETAILS),
                (properties, "dialednumber", props_path),
                (fields, "toAddress", fields_path),
                (fields, "toaddress", fields_path),
                (actual, "toAddress", _ACTUAL),
                (variables, "dn", variables_path),
            )
        ),
        agent_number=(
            _v
            if type(_v := fields.get("fromAddress")) is str
            else _pick(
                (fields, "fromAddress", fields_path),
                (fields, "fromaddress", fields_path),
                (actual, "fromaddress", _ACTUAL),
                (details, "ani", _DETAILS),
            )
        ),
        campaign_id=(
            _v
            if type(_v := details.get("campaignId")) is str
            else _pick(
                (details, "campaignId", _DETAILS),
                (variables, "campaignId", variables_path),
                (fields, "CampaignId", fields_path),
            )
        ),
        lcm_key=None if lcm_text is None else _lcm_key(lcm_text),
        rona_timeout=None if rona is None else _seconds(rona),
        event_time=(
            _EPOCH + timedelta(milliseconds=_t)
            if type(_t := data.get("eventTime")) is int and 0 <= _t <= _MAX_MILLISECONDS
            else _instant(data, "eventTime", _DATA)
        ),
        created_at=(
            _EPOCH + timedelta(milliseconds=_t)
            if type(_t := interaction.get("createdTimestamp")) is int
            and 0 <= _t <= _MAX_MILLISECONDS
            else _instant(interaction, "createdTimestamp", _INTERACTION)
        ),
        queued_at=(
            _EPOCH + timedelta(milliseconds=_t)
            if type(_t := interaction.get("queuedTimestamp")) is int
            and 0 <= _t <= _MAX_MILLISECONDS
            else _instant(interaction, "queuedTimestamp", _INTERACTION)
        )
        or (
            _EPOCH + timedelta(milliseconds=_t)
            if type(_t := properties.get("queuedTimestamp")) is int and 0 <= _t <= _MAX_MILLISECONDS
            else _instant(properties, "queuedTimestamp", props_path)
        ),
        is_hold=_is_hold(interaction, media_resource_id),
        is_terminated=_flag(interaction, "isTerminated", _INTERACTION),
        call_variables=variables,
        participant_data=participants,
        response_fields=fields,
    )
