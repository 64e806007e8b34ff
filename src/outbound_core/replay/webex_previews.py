"""Webex preview-campaign notifications applied to `WebexPreviewCampaignMachine`, per contact.

A preview-campaign contact is keyed by the interaction of its reservation: the one
AgentOfferCampaignReservation names, which an accepted contact's own voice task names again in
`reservationInteractionId` when it gets a new interaction. Like the call, every step goes through
`replay.advance`: duplicates change nothing, older notifications that would move the contact
backwards are reported, not applied.

| notification | preview event |
|---|---|
| AgentOfferCampaignReservation (eAgentOfferCampaignReserved) | `offer` |
| CampaignContactUpdated (eAgentCampaignContactUpdated) | `accept` (no move once dialled) |
| CampaignPreviewAcceptFailed / SkipFailed / RemoveFailed | `accept_failed` / `skip_failed` / `remove_failed` |
| AgentContactReserved, AgentOfferContact, AgentContactAssigned for the contact | `dial` |
| AgentOutboundFailed, AgentContactAssignFailed, AgentOfferContactRona, AgentInviteFailed for the contact | `fail` |
| ContactEnded for the contact | `end` |

`skip` and `remove` are the agent's requests (a successful one has no notification of its
own): `apply_preview_action` applies them, and any other event by name, answering the campaign's
`skip_disabled` / `remove_disabled` guards from what the offer said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from outbound_core.errors import TransitionNotAllowed
from outbound_core.machines import CompiledMachine, WebexPreviewCampaignMachine, compile_machine
from outbound_core.replay.advance import Move, Position, StepVerdict, advance, progress_ranks
from outbound_core.replay.check import machine_move
from outbound_core.replay.webex_calls import CAMPAIGN_NOTIFICATIONS, identity
from outbound_core.wire.webex_names import NotificationType
from outbound_core.wire.webex_notifications import TaskNotification

__all__ = [
    "PREVIEW",
    "PREVIEW_RANKS",
    "WebexPreview",
    "WebexPreviews",
    "apply_preview_action",
    "apply_preview_event",
    "preview_event",
    "preview_key",
    "preview_move",
]

#: The preview-campaign lifecycle, compiled.
PREVIEW: CompiledMachine = compile_machine(WebexPreviewCampaignMachine)
#: Progress ranks of its states.
PREVIEW_RANKS: Mapping[str, int] = progress_ranks(PREVIEW)

_N = NotificationType
_EVENTS: Final[Mapping[NotificationType, str]] = MappingProxyType(
    {
        _N.AGENT_OFFER_CAMPAIGN_RESERVATION: "offer",
        _N.CAMPAIGN_CONTACT_UPDATED: "accept",
        _N.CAMPAIGN_PREVIEW_ACCEPT_FAILED: "accept_failed",
        _N.CAMPAIGN_PREVIEW_SKIP_FAILED: "skip_failed",
        _N.CAMPAIGN_PREVIEW_REMOVE_FAILED: "remove_failed",
        _N.AGENT_CONTACT_RESERVED: "dial",
        _N.AGENT_OFFER_CONTACT: "dial",
        _N.AGENT_CONTACT_ASSIGNED: "dial",
        _N.AGENT_OUTBOUND_FAILED: "fail",
        _N.AGENT_CONTACT_ASSIGN_FAILED: "fail",
        _N.AGENT_OFFER_CONTACT_RONA: "fail",
        _N.AGENT_INVITE_FAILED: "fail",
        _N.CONTACT_ENDED: "end",
    }
)
#: The guard facts the offer sets [`callProcessingDetails.campaignPreviewSkipDisabled`, ...].
_SWITCHES: Final = (
    ("campaignPreviewSkipDisabled", "skip_disabled"),
    ("campaignPreviewRemoveDisabled", "remove_disabled"),
)
_TRUE: Final = (True, "true")


def preview_key(notification: TaskNotification) -> str:
    """The interaction of the reservation the notification is about."""
    return notification.reservation_interaction_id or notification.interaction_id


def preview_event(notification: TaskNotification) -> str | None:
    """The preview lifecycle's event for `notification` (see the module table), or None when
    it is not one of the contact's (a consultation, a hold, ...)."""
    if notification.call_event is not None and notification.kind not in CAMPAIGN_NOTIFICATIONS:
        return None  # a seed 004 wrapper: its call event is the call's, not the preview's
    return _EVENTS.get(notification.kind)


def preview_move(notification: TaskNotification) -> Move:
    """The move `notification` makes on its preview contact, for `replay.advance`."""
    event = preview_event(notification)
    name = notification.name
    details = notification.call_processing_details
    switches = frozenset(fact for key, fact in _SWITCHES if details.get(key) in _TRUE)
    plain = machine_move(PREVIEW, event) if event is not None else None

    def move(state: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
        if plain is None:
            raise TransitionNotAllowed(
                f"{name} is not a preview-campaign notification", state=state, event=name
            )
        if event == "accept" and state == "dialled":
            return state, facts  # the contact updated again after the dial-out
        if event == "offer":
            facts = (facts - {fact for _key, fact in _SWITCHES}) | switches
        try:
            return plain(state, facts)
        except TransitionNotAllowed as refusal:
            raise TransitionNotAllowed(
                f"{name} in state {state}: {refusal.message}",
                state=state,
                event=name,
                machine="webex-preview-campaign",
            ) from None

    return move


@attrs.define(frozen=True, slots=True)
class WebexPreview:
    """One preview-campaign contact as the notifications so far describe it.

    Attributes:
        interaction_id: the interaction of the reservation.
        position: the replay position on `WebexPreviewCampaignMachine` (facts: the campaign's
            `skip_disabled` / `remove_disabled`, as the offer said).
    """

    interaction_id: str
    position: Position = attrs.field(factory=lambda: Position(PREVIEW.initial))

    @property
    def state(self) -> str:
        """The preview state id (`reserved`, `offered`, `accepted`, `dialled`, ...)."""
        return self.position.state


def apply_preview_event(
    preview: WebexPreview | None, notification: TaskNotification
) -> tuple[WebexPreview, StepVerdict]:
    """Apply one notification to its preview contact (None: not seen yet); pure."""
    if preview is None:
        preview = WebexPreview(preview_key(notification))
    position, verdict = advance(
        preview.position,
        identity(notification),
        notification.event_millis,
        preview_move(notification),
        PREVIEW_RANKS,
    )
    if position is preview.position:
        return preview, verdict
    return WebexPreview(preview.interaction_id, position), verdict


def apply_preview_action(preview: WebexPreview, action: str) -> WebexPreview:
    """The contact after the agent's `action` (`accept`, `skip`, `remove`, or any event of the
    machine); the campaign's switches answer the guards.

    Raises:
        TransitionNotAllowed: the contact cannot take `action` now (skip disabled, not offered,
            ...), or the machine has no such event.
    """
    target, facts = machine_move(PREVIEW, action)(preview.position.state, preview.position.facts)
    return WebexPreview(
        preview.interaction_id, attrs.evolve(preview.position, state=target, facts=facts)
    )


def _read_only(previews: Mapping[str, WebexPreview]) -> Mapping[str, WebexPreview]:
    return MappingProxyType(dict(previews))


@attrs.define(frozen=True, slots=True)
class WebexPreviews:
    """Every preview-campaign contact, by reservation interaction id; a value.

    Attributes:
        previews: the contacts by interaction id (read-only).
    """

    previews: Mapping[str, WebexPreview] = attrs.field(factory=dict, converter=_read_only)

    def apply(self, notification: TaskNotification) -> tuple[WebexPreviews, StepVerdict | None]:
        """The contacts after `notification` and its verdict; None (and `self`) when the
        notification is not about a preview contact seen so far (a campaign notification
        always is)."""
        key = preview_key(notification)
        known = self.previews.get(key)
        if preview_event(notification) is None or (
            known is None and notification.kind not in CAMPAIGN_NOTIFICATIONS
        ):
            return self, None
        preview, verdict = apply_preview_event(known, notification)
        if preview is known:
            return self, verdict
        return WebexPreviews({**self.previews, key: preview}), verdict

    def apply_all(
        self, notifications: Iterable[TaskNotification]
    ) -> tuple[WebexPreviews, tuple[StepVerdict, ...]]:
        """Apply `notifications` in arrival order; the contacts after them and the verdicts of
        the notifications that were about one."""
        previews = self
        verdicts = []
        for notification in notifications:
            previews, verdict = previews.apply(notification)
            if verdict is not None:
                verdicts.append(verdict)
        return previews, tuple(verdicts)
