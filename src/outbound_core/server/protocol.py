"""The values the in-memory server and a desk exchange, and the protocol a server implements.

`OutboundServer` is what `outbound_core.desk.OutboundService` needs from a server: a real
backend (OCS behind a Workspace server, a Webex CC adapter) can implement it and take the
in-memory server's place. Everything that crosses it is a frozen value.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, Protocol

import attrs

from outbound_core.agent import DEFAULT_LOGOUT_WAIT
from outbound_core.campaign import Campaign, CampaignNotification
from outbound_core.codes import CallbackType, ChainScope, DialingMode
from outbound_core.options import OutboundOptions
from outbound_core.privileges import Privileges
from outbound_core.records import Chain
from outbound_core.records.fields import FieldSet
from outbound_core.records.outcome import Outcome

__all__ = [
    "Delivery",
    "Notice",
    "NoticeKind",
    "OutboundServer",
    "ReturnReason",
    "ServerSettings",
]


class ReturnReason(StrEnum):
    """Why a record comes back from a desk before it is done (named as interaction events)."""

    REJECT = "reject"
    CANCEL = "cancel"
    DISCARD = "discard"
    TIME_OUT = "time_out"
    GET_NEXT = "get_next"


class NoticeKind(StrEnum):
    """What the server tells a desk between its requests."""

    DELIVERED = "delivered"
    CAMPAIGN = "campaign"
    STALE = "stale"
    TIMED_OUT = "timed-out"
    LOGOUT_AUTHORIZED = "logout-authorized"
    WEB_CALLBACK_OFFERED = "web-callback-offered"
    WEB_CALLBACK_WITHDRAWN = "web-callback-withdrawn"


@attrs.define(frozen=True, slots=True)
class Delivery:
    """A record (with its chain) handed to one agent.

    Attributes:
        delivery_id: the server's name for this hand-over; the desk names its interaction.
        agent_id: the agent it went to.
        campaign_name: the campaign (group) it belongs to.
        mode: the dialing mode it arrives in.
        chain: the customer's records, the selected one named.
        record_handle: the selected record.
        callback: the callback type when it comes back as a scheduled callback.
    """

    delivery_id: str
    agent_id: str
    campaign_name: str
    mode: DialingMode
    chain: Chain
    record_handle: int
    callback: CallbackType | None = None


@attrs.define(frozen=True, slots=True)
class Notice:
    """One thing the server tells a desk: a delivery, a campaign message, a record taken back,
    a logout authorized, or a web callback offered or withdrawn."""

    kind: NoticeKind
    delivery: Delivery | None = None
    notification: CampaignNotification | None = None
    delivery_id: str | None = None
    request_id: str | None = None


@attrs.define(frozen=True, slots=True)
class ServerSettings:
    """The server's own rules where the sources leave a choice (see `docs/sources.md`).

    Attributes:
        stale_after: how long a desk may hold a record before it goes Stale (call result 46).
        offer_timeout: how long an offered Push Preview record or web callback waits for an
            answer before it returns to the queue.
        logout_wait: the negotiated logout's longest wait.
        dnc_scope: what Do Not Call puts on the list: the number, or the whole chain.
        cancel_scope: what a cancel finalizes: the record, or the whole chain.
        agent_callback_error: a personal callback whose agent is not logged in when it falls
            due gets call result Agent CallBack Error (47) and is then `finalize`d (Updated, as
            with no treatment) or assigned to the campaign (`assign-to-group`).
        predictive_overdial: how many calls Predictive may dial per Ready agent.
        pushed_per_agent: how many pushed (Push / Direct Push Preview) records an agent
            holds at once; the preview limit of the agent's options applies too.
    """

    stale_after: timedelta = timedelta(hours=1)
    offer_timeout: timedelta = timedelta(seconds=30)
    logout_wait: timedelta = DEFAULT_LOGOUT_WAIT
    dnc_scope: ChainScope = ChainScope.ALL_CHAIN
    cancel_scope: ChainScope = ChainScope.ALL_CHAIN
    agent_callback_error: Literal["finalize", "assign-to-group"] = "finalize"
    predictive_overdial: int = 2
    pushed_per_agent: int = 1


class OutboundServer(Protocol):
    """What a desk needs from an outbound server."""

    @property
    def now(self) -> datetime:
        """The server's current instant."""

    def privileges_of(self, agent_id: str) -> Privileges:
        """The agent's outbound privileges."""

    def options_of(self, agent_id: str) -> OutboundOptions:
        """The agent's Workspace outbound options."""

    def fields_of(self, campaign_name: str) -> FieldSet | None:
        """The field list of a campaign's records [getRecordFields], if it has one."""

    def campaigns_of(self, agent_id: str) -> list[Campaign]:
        """The loaded and running campaigns of the agent [getCampaigns]."""

    def login(self, agent_id: str) -> tuple[CampaignNotification, ...]:
        """Log the agent in; the messages of campaigns already running."""

    def make_ready(self, agent_id: str) -> None:
        """The agent is Ready."""

    def make_not_ready(self, agent_id: str) -> None:
        """The agent is Not Ready."""

    def logout(self, agent_id: str) -> datetime | None:
        """Ask to log out; the deadline of a negotiated logout, or None when logged out now."""

    def request_preview(self, agent_id: str, campaign_name: str) -> Delivery | None:
        """The next preview record of a campaign for the agent, or None when none is left."""

    def start_direct_push_preview(self, agent_id: str) -> None:
        """Start sending the agent Direct Push Preview records."""

    def stop_direct_push_preview(self, agent_id: str) -> None:
        """Stop sending the agent Direct Push Preview records."""

    def poll(self, agent_id: str) -> list[Notice]:
        """What happened for the agent since the last poll."""

    def holds(self, agent_id: str, delivery_id: str) -> bool:
        """Whether the delivery is still with the agent."""

    def accept(self, agent_id: str, delivery_id: str) -> None:
        """The agent accepted an offered record."""

    def return_record(self, agent_id: str, delivery_id: str, reason: ReturnReason) -> None:
        """The record comes back undone (reject, cancel, discard, time out, next record)."""

    def complete(self, agent_id: str, delivery_id: str, outcome: Outcome) -> None:
        """The agent marked the record done: apply its outcome."""
