"""What the agent did at the desk, as typed values an observer receives.

The desk reports each action as it succeeds: a request about the agent's session
(`SessionAction`), an event of an interaction's lifecycle (`RecordAction`), and the outcome of
a record marked done (`RecordDone`). An edge translates them into a protocol
(`outbound_core.wire.desktop` writes the Outbound Contact desktop-protocol requests a real
desktop sends); the desk itself knows no wire format (DESIGN, principle 6).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import attrs

from outbound_core.codes import CallResult, DialingMode
from outbound_core.records import Chain, Outcome, Record

__all__ = [
    "DeskAction",
    "DeskObserver",
    "PartyAction",
    "PartyActionRequested",
    "RecordAction",
    "RecordDone",
    "SessionAction",
    "SessionRequest",
]


class SessionRequest(StrEnum):
    """What the agent asked of the server that is about the session, not one record."""

    LOG_OUT = "log-out"
    CAMPAIGN_STATUS = "campaign-status"
    PREVIEW_RECORD = "preview-record"
    DIRECT_PUSH_PREVIEW_START = "direct-push-preview-start"
    DIRECT_PUSH_PREVIEW_STOP = "direct-push-preview-stop"
    CHAINED_RECORDS = "chained-records"


@attrs.define(frozen=True, slots=True)
class SessionAction:
    """The agent asked for something about the session: logout, campaigns, a preview record,
    the Direct Push Preview mode, or the chained records of a record."""

    agent_id: str
    request: SessionRequest
    campaign_name: str | None = None
    record_handle: int | None = None
    application_id: int | None = None


@attrs.define(frozen=True, slots=True)
class RecordAction:
    """An event of an interaction's lifecycle has just happened.

    Attributes:
        event: the lifecycle event (`set_call_result`, `reject`, `cancel`, ...).
        record: the record in play after the event.
        call_result: the call result set in the interaction, if any.
    """

    agent_id: str
    interaction_id: str
    event: str
    campaign_name: str
    mode: DialingMode
    record: Record
    chain: Chain
    call_result: CallResult | None


@attrs.define(frozen=True, slots=True)
class RecordDone:
    """The agent marked a record done [Mark Done]: the outcome the server applies."""

    agent_id: str
    interaction_id: str
    campaign_name: str
    record: Record
    outcome: Outcome


@attrs.define(frozen=True, slots=True)
class PartyAction:
    """Another interaction type the agent may start with the contact [Party Action Menu, seed
    003]: the medium and the address, from a record of the customer's chain.

    Attributes:
        media: `email` (a record of phone type E-Mail Address, 10) or `chat` (Instant
            Messaging, 11).
        address: the contact's address on that medium.
        record_handle: the record of the chain that holds it.
    """

    media: str
    address: str
    record_handle: int


@attrs.define(frozen=True, slots=True)
class PartyActionRequested:
    """The agent asked to start another interaction type with the contact; the integration
    starts it (an e-mail interaction, a chat), the desk only reports the request."""

    agent_id: str
    interaction_id: str
    action: PartyAction


#: Anything the desk reports.
DeskAction = SessionAction | RecordAction | RecordDone | PartyActionRequested
#: Something that receives each action as the desk reports it.
DeskObserver = Callable[[DeskAction], None]
