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

from outbound_core.wire.webex_events import CallEvent, CallState, Participant
from outbound_core.wire.webex_names import NotificationType

__all__ = ["MediaLeg", "TaskNotification"]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


@attrs.define(frozen=True, slots=True)
class MediaLeg:
    """One media leg of the interaction [`interaction.media[id]`]: the main call, a consult leg.

    Attributes:
        id: the media resource id (the key in `interaction.media`).
        kind: `mainCall`, `consult`, ... [`mType`].
        media_type: `telephony`, ... [`mediaType`].
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
        outbound_type: what kind of outbound task [`interaction.outboundType`]: `CAMPAIGN`,
            `OUTDIAL`, `STANDARD_PREVIEW_CAMPAIGN`, ... as received.
        campaign_id: the campaign [`campaignId`, else `callProcessingDetails.campaignId`].
        media_type: the task's channel [`interaction.mediaType`, `mediaType`], e.g. `telephony`.
        media_resource_id: the main media resource [`mediaResourceId`].
        agent_id: the agent the notification is for [`agentId`].
        org_id: the tenant [`orgId`].
        tracking_id: the notification's tracking id [`data.trackingId`].
        notification_tracking_id: the websocket message's tracking id [top-level `trackingId`,
            `notifs_...`].
        event_type: the kind of message [`eventType`], e.g. `RoutingMessage`.
        queue_manager: the queue manager [`queueMgr`; seed 004 `QMrgName` / `QueueMrgid` /
            `queuemrg`], e.g. `aqm`.
        owner: the agent who owns the task [`owner`, `interaction.owner`].
        reservation_interaction_id: for a preview-campaign contact the agent accepted, the
            interaction of the reservation it came from [`reservationInteractionId`].
        reason: why, for a failure [`reason`], e.g. `CUSTOMER_BUSY`.
        reason_code: the failure's code [`reasonCode`], a number or text as received.
        entry_point_id: the entry point [`callProcessingDetails.EP_ID`; seed 004 `Ep_id`].
        flow_tag_id: the flow tag [seed 004 `FlowTagid`].
        session_id: the agent's session [the agent participant's `sessionId`; seed 004
            `mediaProperties.sessionId`].
        site_id: the agent's site [the agent participant's `siteId`; seed 004 `siteid`].
        is_hold: whether the main media leg is on hold [`media[id].isHold`].
        is_terminated: whether the interaction is over [`interaction.isTerminated`].
        created_millis: when the interaction was created [`createdTimestamp`], epoch
            milliseconds; read `created_at` for the instant.
        call_event: seed 004 only: the wrapper's call event [`event`], `UNKNOWN` when not one of
            the seed's; None for a native notification.
        call_event_text: the wrapper's call event as received, or None.
        call_state: seed 004 only: the wrapper's call state [`ResponseFields.CallState`].
        call_state_text: the wrapper's call state as received, or None.
        data: the notification's `data` object as received (checked where read): everything this
            library does not model is there.
        participant_data: the participants by id as received (checked); read `participants`.
        wrapper: the seed 004 message as received when the notification came in one, else None.
    """

    name: str
    kind: NotificationType
    interaction_id: str
    event_millis: int | None = None
    state: str | None = None
    outbound_type: str | None = None
    campaign_id: str | None = None
    media_type: str | None = None
    media_resource_id: str | None = None
    agent_id: str | None = None
    org_id: str | None = None
    tracking_id: str | None = None
    notification_tracking_id: str | None = None
    event_type: str | None = None
    queue_manager: str | None = None
    owner: str | None = None
    reservation_interaction_id: str | None = None
    reason: str | None = None
    reason_code: int | str | None = None
    entry_point_id: str | None = None
    flow_tag_id: str | None = None
    session_id: str | None = None
    site_id: str | None = None
    is_hold: bool = False
    is_terminated: bool | None = None
    created_millis: int | None = None
    call_event: CallEvent | None = None
    call_event_text: str | None = None
    call_state: CallState | None = None
    call_state_text: str | None = None
    data: dict[str, Any] = attrs.field(factory=dict, hash=False, repr=False)
    participant_data: dict[str, dict[str, Any]] = attrs.field(factory=dict, hash=False, repr=False)
    wrapper: dict[str, Any] | None = attrs.field(default=None, hash=False, repr=False)

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
        """The parties of the task, in the order received (built on each access)."""
        return tuple(Participant.of(key, party) for key, party in self.participant_data.items())

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
        """The interaction's media legs, in the order received (checked when read)."""
        media = self.interaction.get("media")
        legs = []
        if type(media) is dict:
            for key, leg in media.items():
                if type(leg) is dict:
                    parties = leg.get("participants")
                    legs.append(
                        MediaLeg(
                            key,
                            leg.get("mType"),
                            leg.get("mediaType"),
                            tuple(p for p in parties if type(p) is str)
                            if type(parties) is list
                            else (),
                            leg.get("isHold") in (True, "true"),
                        )
                    )
        return tuple(legs)

    @property
    def is_wrapped(self) -> bool:
        """Whether the notification came inside a seed 004 OutboundCallStateChange."""
        return self.wrapper is not None
