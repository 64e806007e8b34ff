"""The names of Webex Contact Center agent-desktop notifications about tasks [`data.type`].

A Webex Contact Center agent desktop receives every change of its tasks (a voice call offered,
assigned, held, consulted, conferenced, ended, wrapped up; a preview-campaign contact offered,
accepted, skipped, removed) as a notification on its websocket, named by `type`. The names are
the `CC_EVENTS` catalogue of the Webex JavaScript SDK (`@webex/contact-center`,
`src/services/config/types.ts`); the Desktop SDK (`@wxcc-desktop/sdk`) spells the same
notifications with an `e` prefix for its listeners (`eAgentOfferContact`, ...), and seed 004's
OutboundCallStateChange names its call events in that spelling (`eAgentOfferContact`,
`eAgentContactEnded`, `eCallRecordingStarted`). `NotificationType.read` reads either spelling,
in any case; an unknown name is `UNKNOWN` and the text is kept by the caller, never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = ["DESKTOP_SPELLINGS", "NotificationType"]


class NotificationType(StrEnum):
    """A Webex Contact Center task notification, by its native name [`CC_EVENTS`]."""

    # The voice task offered to the agent, and what becomes of the offer.
    AGENT_CONTACT_RESERVED = "AgentContactReserved"
    AGENT_OFFER_CONTACT = "AgentOfferContact"
    AGENT_CONTACT_ASSIGNED = "AgentContactAssigned"
    AGENT_CONTACT = "AgentContact"
    AGENT_CONTACT_ASSIGN_FAILED = "AgentContactAssignFailed"
    AGENT_OFFER_CONTACT_RONA = "AgentOfferContactRona"
    AGENT_INVITE_FAILED = "AgentInviteFailed"
    AGENT_CONTACT_UNASSIGNED = "AgentContactUnassigned"
    AGENT_OUTBOUND_FAILED = "AgentOutboundFailed"
    # Hold.
    AGENT_CONTACT_HELD = "AgentContactHeld"
    AGENT_CONTACT_HOLD_FAILED = "AgentContactHoldFailed"
    AGENT_CONTACT_UNHELD = "AgentContactUnheld"
    AGENT_CONTACT_UNHOLD_FAILED = "AgentContactUnHoldFailed"
    # Consultation.
    AGENT_CONSULT_CREATED = "AgentConsultCreated"
    AGENT_OFFER_CONSULT = "AgentOfferConsult"
    AGENT_CONSULTING = "AgentConsulting"
    AGENT_CONSULT_FAILED = "AgentConsultFailed"
    AGENT_CONSULT_ENDED = "AgentConsultEnded"
    AGENT_CONSULT_END_FAILED = "AgentConsultEndFailed"
    AGENT_CTQ_FAILED = "AgentCtqFailed"
    AGENT_CTQ_CANCELLED = "AgentCtqCancelled"
    AGENT_CTQ_CANCEL_FAILED = "AgentCtqCancelFailed"
    # Conference.
    AGENT_CONSULT_CONFERENCING = "AgentConsultConferencing"
    AGENT_CONSULT_CONFERENCED = "AgentConsultConferenced"
    AGENT_CONSULT_CONFERENCE_FAILED = "AgentConsultConferenceFailed"
    AGENT_CONSULT_CONFERENCE_ENDED = "AgentConsultConferenceEnded"
    AGENT_CONSULT_CONFERENCE_END_FAILED = "AgentConsultConferenceEndFailed"
    PARTICIPANT_JOINED_CONFERENCE = "ParticipantJoinedConference"
    PARTICIPANT_LEFT_CONFERENCE = "ParticipantLeftConference"
    PARTICIPANT_LEFT_CONFERENCE_FAILED = "ParticipantLeftConferenceFailed"
    # Transfers.
    AGENT_CONFERENCE_TRANSFERRED = "AgentConferenceTransferred"
    AGENT_CONFERENCE_TRANSFER_FAILED = "AgentConferenceTransferFailed"
    AGENT_BLIND_TRANSFERRED = "AgentBlindTransferred"
    AGENT_BLIND_TRANSFER_FAILED = "AgentBlindTransferFailed"
    AGENT_VTEAM_TRANSFERRED = "AgentVteamTransferred"
    AGENT_VTEAM_TRANSFER_FAILED = "AgentVteamTransferFailed"
    AGENT_CONSULT_TRANSFERRING = "AgentConsultTransferring"
    AGENT_CONSULT_TRANSFERRED = "AgentConsultTransferred"
    AGENT_CONSULT_TRANSFER_FAILED = "AgentConsultTransferFailed"
    # Recording.
    CONTACT_RECORDING_STARTED = "ContactRecordingStarted"
    CONTACT_RECORDING_PAUSED = "ContactRecordingPaused"
    CONTACT_RECORDING_PAUSE_FAILED = "ContactRecordingPauseFailed"
    CONTACT_RECORDING_RESUMED = "ContactRecordingResumed"
    CONTACT_RECORDING_RESUME_FAILED = "ContactRecordingResumeFailed"
    # The end of the contact and after-call work.
    CONTACT_ENDED = "ContactEnded"
    AGENT_CONTACT_END_FAILED = "AgentContactEndFailed"
    CONTACT_MERGED = "ContactMerged"
    PARTICIPANT_POST_CALL_ACTIVITY = "ParticipantPostCallActivity"
    AGENT_WRAPUP = "AgentWrapup"
    AGENT_WRAPPEDUP = "AgentWrappedUp"
    AGENT_WRAPUP_FAILED = "AgentWrapupFailed"
    # Preview campaigns.
    AGENT_OFFER_CAMPAIGN_RESERVATION = "AgentOfferCampaignReservation"
    CAMPAIGN_CONTACT_UPDATED = "CampaignContactUpdated"
    CAMPAIGN_PREVIEW_ACCEPT_FAILED = "CampaignPreviewAcceptFailed"
    CAMPAIGN_PREVIEW_SKIP_FAILED = "CampaignPreviewSkipFailed"
    CAMPAIGN_PREVIEW_REMOVE_FAILED = "CampaignPreviewRemoveFailed"
    #: A name this library does not know; the notification keeps the text.
    UNKNOWN = "unknown"

    @classmethod
    def read(cls, text: str) -> NotificationType:
        """The notification `text` names, native or Desktop SDK spelling, in any case;
        `UNKNOWN` for anything else (kept by the caller, not fatal)."""
        found = _BY_FOLDED.get(text)
        if found is None:
            found = _BY_FOLDED.get(text.casefold(), cls.UNKNOWN)
        return found


_N = NotificationType

#: The Desktop SDK's listener names [`@wxcc-desktop/sdk` 2.0.15, README and `jsapi/*.d.ts`] for
#: the notifications above. Most are `e` + the native name; the others are read as the notification
#: they announce (the Desktop SDK does not publish its binding; see `docs/sources.md`).
DESKTOP_SPELLINGS: Final[Mapping[str, NotificationType]] = MappingProxyType(
    {
        **{f"e{member.value}": member for member in NotificationType if member is not _N.UNKNOWN},
        "eAgentContactEnded": _N.CONTACT_ENDED,
        "eAgentContactWrappedUp": _N.AGENT_WRAPPEDUP,
        "eAgentContactUnHeld": _N.AGENT_CONTACT_UNHELD,
        "eCallRecordingStarted": _N.CONTACT_RECORDING_STARTED,
        "ePauseRecording": _N.CONTACT_RECORDING_PAUSED,
        "eResumeRecording": _N.CONTACT_RECORDING_RESUMED,
        "eAgentOfferCampaignReserved": _N.AGENT_OFFER_CAMPAIGN_RESERVATION,
        "eAgentCampaignContactUpdated": _N.CAMPAIGN_CONTACT_UPDATED,
        "eOutdialFailed": _N.AGENT_OUTBOUND_FAILED,
        "eAgentblindTransferred": _N.AGENT_BLIND_TRANSFERRED,
        "eAgentvteamTransfer": _N.AGENT_VTEAM_TRANSFERRED,
        "eConsultTransfer": _N.AGENT_CONSULT_TRANSFERRED,
    }
)

_BY_FOLDED: Final[dict[str, NotificationType]] = {}
for _member in NotificationType:
    if _member is not _N.UNKNOWN:
        _BY_FOLDED[_member.value] = _member
        _BY_FOLDED[_member.value.casefold()] = _member
for _spelling, _member in DESKTOP_SPELLINGS.items():
    _BY_FOLDED[_spelling] = _member
    _BY_FOLDED[_spelling.casefold()] = _member
