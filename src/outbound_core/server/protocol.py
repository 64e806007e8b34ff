"""The values the in-memory server and a desk exchange, and the protocol a server implements.

`OutboundServer` is what `outbound_core.desk.OutboundService` needs from a server: a real
backend (OCS behind a Workspace server, a Webex CC adapter) can implement it and take the
in-memory server's place. Everything that crosses it is a frozen value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, Protocol

import attrs

from outbound_core.agent import DEFAULT_LOGOUT_WAIT
from outbound_core.campaign import Campaign, CampaignNotification
from outbound_core.codes import CallbackType, ChainScope, DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.options import OutboundOptions
from outbound_core.privileges import Privileges
from outbound_core.records import Chain, FieldSet, Outcome
from outbound_core.timing import CallingHours

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
    PROCESSED_ELSEWHERE = "processed-elsewhere"
    WEB_CALLBACK_HANDED = "web-callback-handed"


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
        via: how a record already being worked reached this agent: `transfer` (the call and
            all rights to the record were transferred) or `conference` (the agent joined the
            call and shares the record); None for a record the server delivered.
    """

    delivery_id: str
    agent_id: str
    campaign_name: str
    mode: DialingMode
    chain: Chain
    record_handle: int
    callback: CallbackType | None = None
    via: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "via": self.via,
            "delivery_id": self.delivery_id,
            "agent_id": self.agent_id,
            "campaign_name": self.campaign_name,
            "mode": self.mode.value,
            "chain": self.chain.to_dict(),
            "record_handle": self.record_handle,
            "callback": None if self.callback is None else self.callback.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Delivery:
        """The delivery `to_dict` wrote."""
        callback = data["callback"]
        return cls(
            data["delivery_id"],
            data["agent_id"],
            data["campaign_name"],
            DialingMode.parse(data["mode"]),
            Chain.from_dict(data["chain"]),
            data["record_handle"],
            None if callback is None else CallbackType.parse(callback),
            data.get("via"),
        )


@attrs.define(frozen=True, slots=True)
class Notice:
    """One thing the server tells a desk: a delivery, a campaign message, a record taken back
    (stale, unanswered, or finished by another agent of a conference), a logout authorized, or
    a web callback offered or withdrawn."""

    kind: NoticeKind
    delivery: Delivery | None = None
    notification: CampaignNotification | None = None
    delivery_id: str | None = None
    request_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "kind": self.kind.value,
            "delivery": None if self.delivery is None else self.delivery.to_dict(),
            "notification": None if self.notification is None else self.notification.to_dict(),
            "delivery_id": self.delivery_id,
            "request_id": self.request_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Notice:
        """The notice `to_dict` wrote."""
        delivery, notification = data["delivery"], data["notification"]
        return cls(
            NoticeKind(data["kind"]),
            None if delivery is None else Delivery.from_dict(delivery),
            None if notification is None else CampaignNotification.from_dict(notification),
            data["delivery_id"],
            data["request_id"],
        )


def _duration(name: str) -> Any:
    def check(instance: object, attribute: object, value: object) -> None:
        if type(value) is not timedelta or value < timedelta(0):
            raise InvalidValue(
                f"ServerSettings.{name} is a non-negative timedelta, not {shorten(value)}",
                code=ErrorCode.WRONG_TYPE
                if type(value) is not timedelta
                else ErrorCode.INVALID_VALUE,
                value=shorten(value),
            )

    return check


def _count(name: str, low: int) -> Any:
    def check(instance: object, attribute: object, value: object) -> None:
        if type(value) is not int or not low <= value <= 1000:
            raise InvalidValue(
                f"ServerSettings.{name} is a whole number from {low} to 1000, not {shorten(value)}",
                code=ErrorCode.WRONG_TYPE if type(value) is not int else ErrorCode.INVALID_VALUE,
                value=shorten(value),
            )

    return check


def _scope(value: object) -> ChainScope:
    return ChainScope.parse(value)


def _callback_error_handling(instance: object, attribute: object, value: object) -> None:
    if value not in ("finalize", "assign-to-group"):
        raise InvalidValue(
            f"ServerSettings.agent_callback_error is finalize or assign-to-group, not "
            f"{shorten(value)}",
            value=shorten(value),
        )


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
        callback_grace: how long a campaign callback that fell due may wait in the queue
            before it is a Missed CallBack (status 8, call result Group CallBack Error, 48);
            it is still delivered to the next agent who may take it.

    Raises:
        InvalidValue: a value of the wrong type or out of range (checked when made).
    """

    stale_after: timedelta = attrs.field(
        default=timedelta(hours=1), validator=_duration("stale_after")
    )
    offer_timeout: timedelta = attrs.field(
        default=timedelta(seconds=30), validator=_duration("offer_timeout")
    )
    logout_wait: timedelta = attrs.field(
        default=DEFAULT_LOGOUT_WAIT, validator=_duration("logout_wait")
    )
    dnc_scope: ChainScope = attrs.field(default=ChainScope.ALL_CHAIN, converter=_scope)
    cancel_scope: ChainScope = attrs.field(default=ChainScope.ALL_CHAIN, converter=_scope)
    agent_callback_error: Literal["finalize", "assign-to-group"] = attrs.field(
        default="finalize", validator=_callback_error_handling
    )
    predictive_overdial: int = attrs.field(default=2, validator=_count("predictive_overdial", 1))
    pushed_per_agent: int = attrs.field(default=1, validator=_count("pushed_per_agent", 1))
    callback_grace: timedelta = attrs.field(
        default=timedelta(minutes=15), validator=_duration("callback_grace")
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain data: durations in seconds, scopes as their tokens."""
        return {
            "stale_after": self.stale_after.total_seconds(),
            "offer_timeout": self.offer_timeout.total_seconds(),
            "logout_wait": self.logout_wait.total_seconds(),
            "dnc_scope": self.dnc_scope.value,
            "cancel_scope": self.cancel_scope.value,
            "agent_callback_error": self.agent_callback_error,
            "predictive_overdial": self.predictive_overdial,
            "pushed_per_agent": self.pushed_per_agent,
            "callback_grace": self.callback_grace.total_seconds(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServerSettings:
        """The settings `to_dict` wrote.

        Raises:
            InvalidValue: a value the settings refuse.
        """
        seconds = ("stale_after", "offer_timeout", "logout_wait", "callback_grace")
        if not isinstance(data, Mapping):
            raise InvalidValue(
                f"server settings are a mapping, not {type(data).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(data),
            )
        try:
            given = {
                key: timedelta(seconds=value) if key in seconds else value
                for key, value in data.items()
            }
            return cls(**given)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not server settings: {shorten(data)} ({error})", value=shorten(data)
            ) from None


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

    def calling_hours_of(self, campaign_name: str) -> tuple[CallingHours, ...]:
        """The legal calling hours a campaign's records are called in."""

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
        """The agent marked the record done: apply its outcome (all of it, or nothing)."""

    def transfer_record(self, agent_id: str, delivery_id: str, to_agent: str) -> Delivery:
        """The agent transferred the record's call to another agent, who gets the record and
        all rights to it (an instant or completed transfer)."""

    def share_record(self, agent_id: str, delivery_id: str, with_agent: str) -> Delivery:
        """The agent added another agent to the record's call in a conference: both have full
        access to the record; the first to finish it wins."""

    def next_preview(
        self, agent_id: str, delivery_id: str, outcome: Outcome, campaign_name: str
    ) -> Delivery | None:
        """The agent finishes a preview record with `outcome` and asks for the next one of the
        campaign [can-get-next-preview-record]: both happen, or neither."""
