"""One Webex Contact Center task notification as a value, whichever shape it arrived in.

The agent desktop receives native notifications (`{"type": "RoutingMessage", "data": {"type":
"AgentContactAssigned", "interactionId": ..., "eventTime": ..., "interaction": {...}}}`); seed
004's OutboundCallStateChange is a third-party wrapper whose `ResponseActual` nests one of them
and adds its own call event (`CustAnswered`, ...) and call state. Both read into the same
`TaskNotification` (`outbound_core.wire.webex.read_webex_event`): the native event, plus the
wrapper's call event and state when there was a wrapper. What the library does not model is kept
as received (`data`, `wrapper`), never dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final

import attrs

from outbound_core.wire._webex_fields import _fail, _flag, _text
from outbound_core.wire.webex_events import CallEvent, CallState, Participant
from outbound_core.wire.webex_names import NotificationType

__all__ = ["MediaLeg", "TaskNotification"]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_TEXT_TYPES: Final = frozenset({str, type(None)})
_FLAG_TYPES: Final = frozenset({bool, str, type(None)})
_FLAGS: Final = frozenset({True, False, "true", "false", None})
_PARTY_TEXTS: Final = ("id", "pType", "type", "name", "queueId", "teamId", "teamName")
_PARTY_FLAGS: Final = ("hasJoined", "hasLeft", "isWrapUp")


@attrs.define(frozen=True, slots=True)
class MediaLeg:
    """One media leg of the interaction [`interaction.media[id]`]: the main call, a consult leg.

    Attributes:
        id: the media resource id (the key in `interaction.media`).
        kind: `mainCall`, `consult`, ... [`mType`].
        participants: the participant ids on the leg, in order.
        is_hold: whether the leg is on hold [`isHold`].
    """

    id: str
    kind: str | None
    media_type: str | None
    participants: tuple[str, ...]
    is_hold: bool


@attrs.define(frozen=True, slots=True)
class TaskNotification:
    """One notification about an agent's task (a voice call, a preview-campaign contact).

    Attributes:
        name: the notification's own name, as received [`data.type`, else `type`; for a seed 004
            wrapper whose nested event names none, the wrapper's `event`].
        kind: the notification `name` names; `UNKNOWN` when this library does not know it.
        interaction_id: the task's interaction id [`interactionId`], the key events apply by.
        event_millis: when it happened [`eventTime`], epoch milliseconds; None when absent.
            Read `event_time` for the instant.
        state: the interaction's state as received [`interaction.state`, or the flat `state`],
            e.g. `new`, `connected`, `wrapUp`.
        tracking_id: the notification's tracking id [`data.trackingId`].
        reservation_interaction_id: for a preview-campaign contact the agent accepted, the
            interaction of the reservation it came from [`reservationInteractionId`].
        is_hold: whether the main media leg is on hold [`media[id].isHold`].
        call_event: seed 004 only: the wrapper's call event [`event`], `UNKNOWN` when not one of
            the seed's; None for a native notification.
        call_event_text: the wrapper's call event as received, or None.
        call_state: seed 004 only: the wrapper's call state [`ResponseFields.CallState`].
        call_state_text: the wrapper's call state as received, or None.
        data: the notification's `data` object as received (checked where read): everything this
            library does not model is there.
        participant_data: the participants by id as received; read `participants`, which
            checks them.
        wrapper: the seed 004 message as received when the notification came in one, else None.
        context: `media_type`, `org_id`, `notification_tracking_id`, `event_type`,
            `queue_manager`, `owner`, `entry_point_id`, `flow_tag_id`, `session_id`, `site_id`,
            `is_terminated`, `created_millis`, `outbound_type`, `campaign_id`,
            `media_resource_id`, `agent_id`, `reason` and `reason_code`, in that order; read
            them by those names (one tuple is built faster than eighteen attributes, and a
            notification is built per message).
    """

    name: str
    kind: NotificationType
    interaction_id: str
    event_millis: int | None = None
    state: str | None = None
    tracking_id: str | None = None
    reservation_interaction_id: str | None = None
    is_hold: bool = False
    call_event: CallEvent | None = None
    call_event_text: str | None = None
    call_state: CallState | None = None
    call_state_text: str | None = None
    data: dict[str, Any] = attrs.field(factory=dict, hash=False, repr=False)
    participant_data: dict[str, dict[str, Any]] = attrs.field(factory=dict, hash=False, repr=False)
    wrapper: dict[str, Any] | None = attrs.field(default=None, hash=False, repr=False)
    context: tuple[Any, ...] = attrs.field(default=(None,) * 18, repr=False)

    @property
    def media_type(self) -> str | None:
        """The task's channel [`interaction.mediaType`, seed 004 `mediaType`], e.g. `telephony`."""
        value: str | None = self.context[0]
        return value

    @property
    def org_id(self) -> str | None:
        """The tenant [`orgId`]."""
        value: str | None = self.context[1]
        return value

    @property
    def notification_tracking_id(self) -> str | None:
        """The websocket message's tracking id [top-level `trackingId`, `notifs_...`]."""
        value: str | None = self.context[2]
        return value

    @property
    def event_type(self) -> str | None:
        """The kind of message [`eventType`], e.g. `RoutingMessage`."""
        value: str | None = self.context[3]
        return value

    @property
    def queue_manager(self) -> str | None:
        """The queue manager [`queueMgr`; seed 004 `QMrgName` / `QueueMrgid` / `queuemrg`], e.g. `aqm`."""
        value: str | None = self.context[4]
        return value

    @property
    def owner(self) -> str | None:
        """The agent who owns the task [`owner`, `interaction.owner`]."""
        value: str | None = self.context[5]
        return value

    @property
    def entry_point_id(self) -> str | None:
        """The entry point [`callProcessingDetails.EP_ID`; seed 004 `Ep_id`]."""
        value: str | None = self.context[6]
        return value

    @property
    def flow_tag_id(self) -> str | None:
        """The flow tag [seed 004 `FlowTagid`]."""
        value: str | None = self.context[7]
        return value

    @property
    def session_id(self) -> str | None:
        """The agent's session [the agent participant's `sessionId`; seed 004 `mediaProperties.sessionId`]."""
        value: str | None = self.context[8]
        return value

    @property
    def site_id(self) -> str | None:
        """The agent's site [the agent participant's `siteId`; seed 004 `siteid`]."""
        value: str | None = self.context[9]
        return value

    @property
    def is_terminated(self) -> bool | None:
        """Whether the interaction is over [`interaction.isTerminated`]."""
        value: bool | None = self.context[10]
        return value

    @property
    def created_millis(self) -> int | None:
        """When the interaction was created [`createdTimestamp`], epoch milliseconds."""
        value: int | None = self.context[11]
        return value

    @property
    def outbound_type(self) -> str | None:
        """What kind of outbound task [`interaction.outboundType`]: `CAMPAIGN`, `OUTDIAL`, `STANDARD_PREVIEW_CAMPAIGN`, ... as received."""
        value: str | None = self.context[12]
        return value

    @property
    def campaign_id(self) -> str | None:
        """The campaign [`campaignId`, else `callProcessingDetails.campaignId`]."""
        value: str | None = self.context[13]
        return value

    @property
    def media_resource_id(self) -> str | None:
        """The main media resource [`mediaResourceId`]."""
        value: str | None = self.context[14]
        return value

    @property
    def agent_id(self) -> str | None:
        """The agent the notification is for [`agentId`]."""
        value: str | None = self.context[15]
        return value

    @property
    def reason(self) -> str | None:
        """Why, for a failure [`reason`], e.g. `CUSTOMER_BUSY`."""
        value: str | None = self.context[16]
        return value

    @property
    def reason_code(self) -> int | str | None:
        """The failure's code [`reasonCode`], a number or text as received."""
        value: int | str | None = self.context[17]
        return value

    @property
    def event_time(self) -> datetime | None:
        """When it happened [`eventTime`], an aware UTC datetime; None when absent."""
        millis = self.event_millis
        return None if millis is None else _EPOCH + timedelta(milliseconds=millis)

    @property
    def created_at(self) -> datetime | None:
        """When the interaction was created [`createdTimestamp`], UTC; None when absent."""
        millis = self.created_millis
        return None if millis is None else _EPOCH + timedelta(milliseconds=millis)

    @property
    def participants(self) -> tuple[Participant, ...]:
        """The parties of the task, in the order received, built and checked on each access.

        Raises:
            WireFormatError: a participant that is not an object, or a value of the wrong type
                (`interaction.participants.<id>.hasJoined`, ...).
        """
        found = []
        for key, party in self.participant_data.items():
            if type(party) is not dict:
                raise _fail(f"interaction.participants.{key}", "expected an object", party)
            get = party.get
            if not (
                _TEXT_TYPES.issuperset(map(type, map(get, _PARTY_TEXTS)))
                and _FLAG_TYPES.issuperset(map(type, map(get, _PARTY_FLAGS)))
                and _FLAGS.issuperset(map(get, _PARTY_FLAGS))
            ):
                where = f"interaction.participants.{key}"
                for text in _PARTY_TEXTS:
                    _text(party, text, where)
                for flag in _PARTY_FLAGS:
                    _flag(party, flag, where)
            found.append(Participant.of(key, party))
        return tuple(found)

    @property
    def interaction(self) -> dict[str, Any]:
        """The `interaction` object as received ({} when absent)."""
        found = self.data.get("interaction")
        return found if type(found) is dict else {}

    @property
    def call_processing_details(self) -> dict[str, Any]:
        """The interaction's `callProcessingDetails` as received ({} when absent)."""
        found = self.interaction.get("callProcessingDetails")
        return found if type(found) is dict else {}

    @property
    def media(self) -> tuple[MediaLeg, ...]:
        """The interaction's media legs, in the order received, checked on each access.

        Raises:
            WireFormatError: a leg that is not an object, or a value of the wrong type.
        """
        media = self.interaction.get("media")
        if media is None:
            return ()
        if type(media) is not dict:
            raise _fail("interaction.media", "expected an object", media)
        legs = []
        for key, leg in media.items():
            where = f"interaction.media.{key}"
            if type(leg) is not dict:
                raise _fail(where, "expected an object", leg)
            parties = leg.get("participants")
            if parties is not None and (
                type(parties) is not list or not all(type(p) is str for p in parties)
            ):
                raise _fail(f"{where}.participants", "expected a list of ids", parties)
            legs.append(
                MediaLeg(
                    key,
                    _text(leg, "mType", where),
                    _text(leg, "mediaType", where),
                    tuple(parties or ()),
                    _flag(leg, "isHold", where) is True,
                )
            )
        return tuple(legs)

    @property
    def is_wrapped(self) -> bool:
        """Whether the notification came inside a seed 004 OutboundCallStateChange."""
        return self.wrapper is not None
