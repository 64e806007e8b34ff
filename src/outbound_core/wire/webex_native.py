"""Native Webex Contact Center task notifications, read into `TaskNotification` values.

The agent desktop's websocket carries `{"type": "RoutingMessage", "orgId": ..., "trackingId":
..., "data": {"type": "AgentContactAssigned", "interactionId": ..., "eventTime": ...,
"interaction": {...}}}` (seed 004's `ResponseActual` is one); the Webex JavaScript SDK's own
tests feed `{"data": {...}}`, and listeners receive the `data` object alone. All three are read:
the name is `data.type`, else the top-level `type` unless that is only the envelope's kind
(`RoutingMessage`). Unknown names are kept (`NotificationType.UNKNOWN`, the text in `name`).

Anything malformed raises `WireFormatError` whose `path` names the place (`data.eventTime`,
`data.interaction.participants.<id>.hasJoined`, ...); nothing else escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from outbound_core.wire._webex_fields import (
    _MAX_MILLISECONDS,
    _count,
    _fail,
    _flag,
    _object,
    _text,
)
from outbound_core.wire.json_text import parse_json
from outbound_core.wire.webex_events import CallEvent, CallState
from outbound_core.wire.webex_names import _BY_FOLDED as _BY_NAME
from outbound_core.wire.webex_names import NotificationType
from outbound_core.wire.webex_notifications import TaskNotification

__all__ = ["ENVELOPE_KINDS", "read_task_notification"]

#: Top-level `type` values that name the kind of websocket message, not the notification.
ENVELOPE_KINDS: Final = frozenset({"RoutingMessage"})

_TEXT_TYPES: Final = frozenset({str, type(None)})
_DATA_TEXTS: Final = (
    "agentId",
    "orgId",
    "trackingId",
    "mediaResourceId",
    "eventType",
    "queueMgr",
    "owner",
    "reservationInteractionId",
    "campaignId",
    "reason",
)
_INTERACTION_TEXTS: Final = ("state", "outboundType", "mediaType", "owner", "interactionId")
_QUEUE_MANAGER_KEYS: Final = ("QMrgName", "QueueMrgid", "queuemrg")
_TABLE_TEXTS: Final = ("Ep_id", "FlowTagid", "mediaType")
_NO_AGENT: Final[dict[str, Any]] = {}


def read_task_notification(
    source: str | bytes | bytearray | Mapping[str, Any],
) -> TaskNotification:
    """Read one native task notification (JSON text, or the parsed object).

    Raises:
        WireFormatError: not JSON, not a notification (no interaction id, no name), or a value
            of the wrong type or range; `details["path"]` names the place.
    """
    raw = parse_json(source) if isinstance(source, str | bytes | bytearray) else source
    if type(raw) is not dict:
        raise _fail("$", f"a notification is an object, not {type(raw).__name__}", raw)
    return _decode(raw, "")


def _first_text(texts: tuple[object, ...], keys: tuple[str, ...], parent: str) -> None:
    for value, key in zip(texts, keys, strict=True):
        if type(value) not in _TEXT_TYPES:
            raise _fail(f"{parent}.{key}", f"expected a string, not {type(value).__name__}", value)


def _where(base: str, nested: bool) -> str:
    if nested:
        return f"{base}data"
    return base[:-1] if base else "$"


def _decode(
    raw: dict[str, Any],
    base: str,
    *,
    call_event_text: str | None = None,
    call_state_text: str | None = None,
    wrapper: dict[str, Any] | None = None,
) -> TaskNotification:
    """The notification in `raw`; `base` prefixes error paths (`message.call.ResponseActual.`).
    The wrapper's call event names a nested event that names itself nowhere."""
    found = raw.get("data")
    nested = type(found) is dict
    data: dict[str, Any] = found if type(found) is dict else raw
    if not nested and found is not None and "interactionId" not in raw:
        _object(found, f"{base}data")
    get = data.get
    # ---- the name -------------------------------------------------------------------------
    name = get("type")
    if type(name) is not str or not name:
        if name is not None and type(name) is not str:
            raise _fail(f"{_where(base, nested)}.type", "expected the notification's name", name)
        top = raw.get("type") if nested else None
        if type(top) is str and top and top not in ENVELOPE_KINDS:
            name = top
        elif call_event_text:
            name = call_event_text
        else:
            raise _fail(
                f"{_where(base, nested)}.type", "the notification names no event", get("type")
            )
    # ---- the interaction ------------------------------------------------------------------
    interaction = get("interaction")
    if interaction is None:
        interaction = {}
    elif type(interaction) is not dict:
        raise _fail(f"{_where(base, nested)}.interaction", "expected an object", interaction)
    iget = interaction.get
    texts = (
        get("agentId"),
        get("orgId"),
        get("trackingId"),
        get("mediaResourceId"),
        get("eventType"),
        get("queueMgr"),
        get("owner"),
        get("reservationInteractionId"),
        get("campaignId"),
        get("reason"),
    )
    itexts = (
        iget("state"),
        iget("outboundType"),
        iget("mediaType"),
        iget("owner"),
        iget("interactionId"),
    )
    if not _TEXT_TYPES.issuperset(map(type, texts + itexts)):
        _first_text(texts, _DATA_TEXTS, _where(base, nested))
        _first_text(itexts, _INTERACTION_TEXTS, f"{_where(base, nested)}.interaction")
    (
        agent_id,
        org_id,
        tracking_id,
        media_resource_id,
        event_type,
        queue_manager,
        owner,
        reservation_id,
        campaign_id,
        reason,
    ) = texts
    state, outbound_type, media_type, interaction_owner, interaction_key = itexts
    interaction_id = get("interactionId")
    if not (
        type(interaction_id) is str
        and interaction_id
        and (interaction_key is None or interaction_key == interaction_id)
        and (not nested or raw.get("interactionId") in (None, interaction_id))
    ):
        interaction_id = _interaction_id(raw, data, interaction_key, base, nested)
    details = iget("callProcessingDetails")
    if details is None:
        details = {}
    entry_point = None
    if type(details) is dict:
        entry_point = details.get("EP_ID")
        if campaign_id is None:
            campaign_id = details.get("campaignId")
        if type(entry_point) not in _TEXT_TYPES or type(campaign_id) not in _TEXT_TYPES:
            where = f"{_where(base, nested)}.interaction.callProcessingDetails"
            _first_text((entry_point, campaign_id), ("EP_ID", "campaignId"), where)
    else:
        raise _fail(
            f"{_where(base, nested)}.interaction.callProcessingDetails",
            "expected an object",
            details,
        )
    # ---- times ----------------------------------------------------------------------------
    event_millis = get("eventTime")
    if not (type(event_millis) is int and 0 <= event_millis <= _MAX_MILLISECONDS):
        event_millis = _count(data, "eventTime", _where(base, nested), _MAX_MILLISECONDS)
    created_millis = iget("createdTimestamp")
    if not (type(created_millis) is int and 0 <= created_millis <= _MAX_MILLISECONDS):
        created_millis = _count(
            interaction,
            "createdTimestamp",
            f"{_where(base, nested)}.interaction",
            _MAX_MILLISECONDS,
        )
    # ---- participants, media --------------------------------------------------------------
    parties = iget("participants")
    if parties is None:
        parties = {}
    elif type(parties) is not dict:
        raise _fail(
            f"{_where(base, nested)}.interaction.participants", "expected an object", parties
        )
    # Participants are checked when read (`TaskNotification.participants`); the agent's own
    # entry is found and its session and site checked here.
    agent = parties.get(agent_id) if agent_id is not None else None
    if type(agent) is not dict:
        agent = _NO_AGENT
        for party in parties.values():
            if type(party) is dict and (party.get("pType") or party.get("type")) == "Agent":
                agent = party
                break
    session_id, site_id = agent.get("sessionId"), agent.get("siteId")
    if type(session_id) not in _TEXT_TYPES or type(site_id) not in _TEXT_TYPES:
        key = next(k for k, v in parties.items() if v is agent)
        _first_text(
            (session_id, site_id),
            ("sessionId", "siteId"),
            f"{_where(base, nested)}.interaction.participants.{key}",
        )
    is_hold = False
    media = iget("media")
    if media is not None:
        if type(media) is not dict:
            raise _fail(f"{_where(base, nested)}.interaction.media", "expected an object", media)
        for key, leg in media.items():
            if type(leg) is not dict:
                raise _fail(
                    f"{_where(base, nested)}.interaction.media.{key}", "expected an object", leg
                )
            if key == media_resource_id or leg.get("mType") == "mainCall":
                hold = leg.get("isHold")
                if hold is True or hold is False:
                    is_hold = hold
                else:
                    where = f"{_where(base, nested)}.interaction.media.{key}"
                    is_hold = _flag(leg, "isHold", where) is True
                break
    terminated = iget("isTerminated")
    if terminated is not None and type(terminated) is not bool:
        terminated = _flag(interaction, "isTerminated", f"{_where(base, nested)}.interaction")
    reason_code = get("reasonCode")
    if reason_code is not None and type(reason_code) is not int and type(reason_code) is not str:
        raise _fail(
            f"{_where(base, nested)}.reasonCode", "expected a number or its text", reason_code
        )
    # ---- seed 004's table fields, read where the flat form puts them ----------------------
    flow_tag = None
    properties = iget("mediaProperties")
    if properties is None:
        properties = raw.get("mediaProperties")
    if properties is not None or "Ep_id" in raw or "FlowTagid" in raw or "mediaType" in raw:
        top_texts = tuple(map(raw.get, _TABLE_TEXTS))
        if not _TEXT_TYPES.issuperset(map(type, top_texts)):
            _first_text(top_texts, _TABLE_TEXTS, base[:-1] if base else "$")
        entry_point = entry_point or top_texts[0]
        flow_tag = top_texts[1]
        media_type = media_type or top_texts[2]
        if properties is not None:
            inside = type(iget("mediaProperties")) is dict
            where = (
                f"{_where(base, nested)}.interaction.mediaProperties"
                if inside
                else f"{base}mediaProperties"
            )
            properties = _object(properties, where)
            session_id = session_id or _text(properties, "sessionId", where)
            site_id = site_id or _text(properties, "siteid", where)
            for key in _QUEUE_MANAGER_KEYS:
                queue_manager = queue_manager or _text(properties, key, where)
            media_resource_id = media_resource_id or _text(properties, "MediaResourceid", where)
    top_org = top_tracking = None
    if nested:
        top_org, top_tracking = raw.get("orgId"), raw.get("trackingId")
        if type(top_org) not in _TEXT_TYPES or type(top_tracking) not in _TEXT_TYPES:
            _first_text((top_org, top_tracking), ("orgId", "trackingId"), base[:-1] or "$")
    elif state is None:
        state = _text(data, "state", _where(base, nested))
    kind = _BY_NAME.get(name)
    return TaskNotification(
        name,
        kind if kind is not None else NotificationType.read(name),
        interaction_id,
        event_millis,
        state,
        tracking_id,
        reservation_id,
        is_hold,
        None if call_event_text is None else CallEvent.read(call_event_text),
        call_event_text,
        None if call_state_text is None else CallState.read(call_state_text),
        call_state_text,
        data,
        parties,
        wrapper,
        (
            media_type,
            org_id or top_org,
            top_tracking,
            event_type,
            queue_manager,
            owner or interaction_owner,
            entry_point,
            flow_tag,
            session_id,
            site_id,
            terminated,
            created_millis,
            outbound_type,
            campaign_id,
            media_resource_id,
            agent_id,
            reason,
            reason_code,
        ),
    )


def _interaction_id(
    raw: dict[str, Any], data: dict[str, Any], in_interaction: str | None, base: str, nested: bool
) -> str:
    where = _where(base, nested)
    found: list[tuple[str, object]] = [
        (f"{where}.interactionId", data.get("interactionId")),
        (f"{where}.interaction.interactionId", in_interaction),
    ]
    if nested:
        found.append((f"{base}interactionId", raw.get("interactionId")))
    chosen: str | None = None
    for path, value in found:
        if value is None:
            continue
        if type(value) is not str or not value:
            raise _fail(path, "an interaction id is a non-empty string", value)
        if chosen is not None and value != chosen:
            raise _fail(path, f"names another interaction than {chosen!r}", value)
        chosen = value
    if chosen is None:
        raise _fail(f"{where}.interactionId", "the notification names no interaction", None)
    return chosen
