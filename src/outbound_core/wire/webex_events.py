"""Webex Contact Center outbound call events as values (seed 004, OutboundCallStateChange).

Webex Contact Center tells the desktop about an outbound call with an OutboundCallStateChange
message: the call event that happened (offer to the agent, customer answered, recording started,
contact ended, after-call work, dropped) and the call's state (connected, consulting, consult,
conference, wrapUp). `outbound_core.wire.webex` reads the wire message into these values;
`outbound_core.replay.webex_calls` applies them to the call lifecycle.

Events and states that the seed does not list are kept, not dropped: their member is `UNKNOWN`
and the message keeps the raw text beside it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import attrs

from outbound_core.errors import WireFormatError, shorten

__all__ = [
    "CallEvent",
    "CallState",
    "LcmKey",
    "OutboundCallStateChange",
    "Participant",
]


class CallEvent(StrEnum):
    """The call event of an OutboundCallStateChange [`event`], as the seed lists them."""

    AGENT_OFFER_CONTACT = "eAgentOfferContact"
    CUSTOMER_ANSWERED = "CustAnswered"
    RECORDING_STARTED = "eCallRecordingStarted"
    AGENT_CONTACT_ENDED = "eAgentContactEnded"
    AFTER_CALL_WORK = "acw"
    DROPPED = "DROPPED"
    UNKNOWN = "unknown"

    @classmethod
    def read(cls, text: str) -> CallEvent:
        """The event `text` names, in any case; `UNKNOWN` for anything else (kept, not fatal).

        Raises:
            WireFormatError: `text` is not text.
        """
        _text(text, "event")
        found = _EVENTS.get(text)
        return found if found is not None else _EVENTS.get(text.casefold(), cls.UNKNOWN)


class CallState(StrEnum):
    """The call state of an OutboundCallStateChange [`state`, `CallState`]."""

    CONNECTED = "connected"
    CONSULTING = "consulting"
    CONSULT = "consult"
    CONFERENCE = "conference"
    WRAP_UP = "wrapUp"
    UNKNOWN = "unknown"

    @classmethod
    def read(cls, text: str) -> CallState:
        """The state `text` names, in any case; `UNKNOWN` for anything else (kept, not fatal).

        Raises:
            WireFormatError: `text` is not text.
        """
        _text(text, "state")
        found = _STATES.get(text)
        return found if found is not None else _STATES.get(text.casefold(), cls.UNKNOWN)


def _text(value: object, path: str) -> None:
    if type(value) is not str:
        raise WireFormatError(
            f"{path}: expected a string, not {type(value).__name__}",
            path=path,
            value=shorten(value),
        )


_EVENTS = {m.value.casefold(): m for m in CallEvent if m is not CallEvent.UNKNOWN} | {
    m.value: m for m in CallEvent if m is not CallEvent.UNKNOWN
}
_STATES = {m.value.casefold(): m for m in CallState if m is not CallState.UNKNOWN} | {
    m.value: m for m in CallState if m is not CallState.UNKNOWN
}


@attrs.define(frozen=True, slots=True)
class LcmKey:
    """The list-and-campaign-manager key of the contact [`LCMKey`], e.g. `57|3|4|0|0|44|2`.

    The seed says only that it references "a specific lifecycle management instance"; what each
    `|`-separated part means is not documented anywhere available, so the parts are kept in
    order, as ints where they are decimal digits and as text otherwise. `text` is the key as
    received; `str(key)` gives it back.
    """

    text: str
    parts: tuple[int | str, ...]

    @classmethod
    def read(cls, text: str) -> LcmKey:
        """Split `text` on `|`; decimal parts (at most 18 digits) become ints.

        Raises:
            WireFormatError: `text` is not text.
        """
        _text(text, "lcmKey")
        parts: list[int | str] = []
        for part in text.split("|"):
            parts.append(
                int(part) if part.isdecimal() and part.isascii() and len(part) <= 18 else part
            )
        return cls(text, tuple(parts))

    def __str__(self) -> str:
        return self.text


@attrs.define(frozen=True, slots=True)
class Participant:
    """One party of the call: the agent or the customer [`interaction.participants[id]`].

    Attributes:
        id: the participant id (the agent id, or the customer's number).
        kind: `Agent`, `Customer`, ... [`pType`, else `type`].
        has_joined: whether the party joined the call [`hasJoined`].
        has_left: whether the party left it [`hasLeft`].
        name: the agent's display name, when given.
        queue_id: the queue the agent took the call from [`queueId`].
        team_id: the agent's team [`teamId`].
        team_name: the agent's team name [`teamName`].
        is_wrap_up: whether the agent is in wrap-up [`isWrapUp`].
        attributes: every key of the participant object, as received.
    """

    id: str
    kind: str | None
    has_joined: bool | None = None
    has_left: bool | None = None
    name: str | None = None
    queue_id: str | None = None
    team_id: str | None = None
    team_name: str | None = None
    is_wrap_up: bool | None = None
    attributes: dict[str, Any] = attrs.field(factory=dict, eq=False, hash=False, repr=False)

    @classmethod
    def of(cls, key: str, party: dict[str, Any]) -> Participant:
        """The participant of a checked wire object (`wire.webex` checks the types), keyed
        `key` in `interaction.participants`; flags given as "true"/"false" text are read."""
        get = party.get
        return cls(
            get("id") or key,
            get("pType") or get("type"),
            _FLAGS[get("hasJoined")],
            _FLAGS[get("hasLeft")],
            get("name"),
            get("queueId"),
            get("teamId"),
            get("teamName"),
            _FLAGS[get("isWrapUp")],
            party,
        )


_FLAGS: dict[object, bool | None] = {
    True: True,
    False: False,
    "true": True,
    "false": False,
    None: None,
}


@attrs.define(frozen=True, slots=True)
class OutboundCallStateChange:
    """One Webex Contact Center outbound call event (seed 004).

    Attributes:
        channel: the channel as received (`Webex cc`, `Webexcc`, ...).
        topic: the topic as received (`Outbound`, `outbound`).
        subtopic: the subtopic as received (`OutboundCallStateChange`, `OutBoundCallStateChange`).
        source: the message's `source` (`event`), when given.
        call_id: the Webex call id [`call.id`].
        event: the call event; `UNKNOWN` when the seed does not list it.
        event_text: the call event exactly as received.
        state: the call state, or None when the message carries none.
        state_text: the call state exactly as received, or None.
        call_type: the call type [`CallType` / `callType`], e.g. `Regular-Call`.
        interaction_id: the Webex interaction (task) id, the key events are applied by.
        tracking_id: the notification's tracking id [`ResponseActual.trackingId`].
        routing_tracking_id: the routing message's tracking id [`ResponseActual.data.trackingId`].
        media_resource_id: the media resource [`mediaResourceId`].
        agent_id: the agent the call is for [`agentId`].
        queue_id: the queue (virtual team) the call came through.
        team_id: the agent's team.
        team_name: the agent's team name.
        dialed_number: the customer's number that was dialed.
        agent_number: the agent's number [`fromAddress`, `ani`].
        campaign_id: the campaign [`campaignId`], e.g. `ADDLR_PreviewGroup`.
        lcm_key: the list-and-campaign-manager key, split.
        rona_timeout: how long the offer rings before Redirection On No Answer.
        event_time: when the event happened [`eventTime`, milliseconds], UTC.
        created_at: when the interaction was created [`createdTimestamp`], UTC.
        queued_at: when the interaction was queued [`queuedTimestamp`], UTC; null in the seed.
        is_hold: whether the call's main media is on hold [`media[id].isHold`].
        is_terminated: whether the interaction is over [`isTerminated`].
        call_variables: the customer details sent with the call [`CallVariables`].
        participant_data: the participant objects by id, as received (checked); read them as
            `participants`.
        response_fields: the summary object [`ResponseFields`], as received.
    """

    channel: str
    topic: str
    subtopic: str
    call_id: str
    event: CallEvent
    event_text: str
    interaction_id: str
    state: CallState | None = None
    state_text: str | None = None
    source: str | None = None
    call_type: str | None = None
    tracking_id: str | None = None
    routing_tracking_id: str | None = None
    media_resource_id: str | None = None
    agent_id: str | None = None
    queue_id: str | None = None
    team_id: str | None = None
    team_name: str | None = None
    dialed_number: str | None = None
    agent_number: str | None = None
    campaign_id: str | None = None
    lcm_key: LcmKey | None = None
    rona_timeout: timedelta | None = None
    event_time: datetime | None = None
    created_at: datetime | None = None
    queued_at: datetime | None = None
    is_hold: bool = False
    is_terminated: bool | None = None
    call_variables: dict[str, Any] = attrs.field(factory=dict, hash=False)
    participant_data: dict[str, dict[str, Any]] = attrs.field(factory=dict, hash=False, repr=False)
    response_fields: dict[str, Any] = attrs.field(factory=dict, hash=False)

    @property
    def participants(self) -> tuple[Participant, ...]:
        """The parties of the call, in the order received (built on each access)."""
        return tuple(Participant.of(key, party) for key, party in self.participant_data.items())
