"""A Webex Contact Center preview-campaign contact, from the agent's reservation to its end.

Webex's help for agents ("Make an outbound preview campaign call"): the dialer reserves an
available agent for the campaign with a reservation call; once the agent answers it, a preview
pop-over shows the customer's details, and the agent may Accept the contact (the dialer then
dials out to the customer), Skip it (move to another contact of the campaign), Remove it (never
call it again) or cancel and leave the campaign. A time-out may take the configured action by
itself, and the campaign may disable Skip or Remove for its agents.

The agent desktop sees this as notifications (the Webex JavaScript SDK's `CC_EVENTS`):
AgentOfferCampaignReservation offers the contact, CampaignContactUpdated reports the contact
updated while an accept goes through, and CampaignPreviewAcceptFailed / SkipFailed /
RemoveFailed report a request that failed (the contact stays offered). A successful skip or
remove has no notification of its own: the reservation simply ends (ContactEnded), so `end`
leads to `ended` and `skip` / `remove`, the agent's requests, to `skipped` / `removed`. The
dial-out's own voice task (AgentContactReserved, AgentOfferContact, AgentContactAssigned naming
the reservation) is `dial`; a dial-out or an offer that fails (AgentOutboundFailed,
AgentContactAssignFailed, AgentOfferContactRona) is `fail`. Guards: `skip_disabled` and
`remove_disabled` [`campaignPreviewSkipDisabled`, `campaignPreviewRemoveDisabled`].
"""

from __future__ import annotations

from statemachine import State, StateMachine

__all__ = ["WebexPreviewCampaignMachine"]


class WebexPreviewCampaignMachine(StateMachine):
    """One preview-campaign contact reserved for one agent."""

    reserved = State("Reserved", initial=True)
    offered = State("Offered")
    accepted = State("Accepted")
    dialled = State("Dialled")
    skipped = State("Skipped", final=True)
    removed = State("Removed", final=True)
    failed = State("Failed", final=True)
    ended = State("Ended", final=True)

    offer = reserved.to(offered) | offered.to(offered)
    accept = offered.to(accepted) | accepted.to(accepted)
    accept_failed = offered.to(offered) | accepted.to(offered)
    skip = offered.to(skipped, unless="skip_disabled")
    skip_failed = offered.to(offered)
    remove = offered.to(removed, unless="remove_disabled")
    remove_failed = offered.to(offered)
    dial = offered.to(dialled) | accepted.to(dialled) | dialled.to(dialled)
    fail = offered.to(failed) | accepted.to(failed) | dialled.to(failed)
    end = offered.to(ended) | accepted.to(ended) | dialled.to(dialled)
