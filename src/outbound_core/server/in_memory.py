"""An in-memory outbound server: calling lists, campaigns, agents, Do Not Call and callbacks.

`InMemoryOutboundServer` implements `OutboundServer` with the record semantics of the
reference (§4; every choice where the sources are silent is in `docs/sources.md`). Its clock
moves only when the caller calls `advance(now)`; everything due by then happens in `advance`:
callbacks fall due, records held too long go Stale, unanswered offers return to the queue,
negotiated logouts expire, and records are pushed to the agents who may receive them. The
system-dialed modes live in `server_dialing` and the web callbacks in `web_callbacks`.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

from outbound_core.agent import AgentSession
from outbound_core.campaign import Campaign, CampaignNotification, assigned_campaigns
from outbound_core.codes import CallResult, DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, TransitionNotAllowed, shorten
from outbound_core.options import OutboundOptions
from outbound_core.privileges import Privilege, Privileges
from outbound_core.records import Chain, Record
from outbound_core.records.dnc import DoNotCallList
from outbound_core.records.fields import FieldSet
from outbound_core.records.outcome import Outcome
from outbound_core.server.delivery import _Agent, _Lease
from outbound_core.server.dialing import DialAttempt, dial_answered, dial_failed, start_dial
from outbound_core.server.leases import LeaseMixin
from outbound_core.server.protocol import (
    Delivery,
    Notice,
    NoticeKind,
    OutboundServer,
    ReturnReason,
    ServerSettings,
)
from outbound_core.server.store import RecordStore
from outbound_core.server.web_callbacks import WebCallbackBoard
from outbound_core.timing.zones import require_instant
from outbound_core.trace import Tracer

__all__ = ["InMemoryOutboundServer", "OutboundServer"]

_PUSHED = (DialingMode.PUSH_PREVIEW, DialingMode.DIRECT_PUSH_PREVIEW)


class InMemoryOutboundServer(LeaseMixin):
    """A whole outbound server in memory (see the module docs)."""

    def __init__(
        self, now: datetime, settings: ServerSettings | None = None, tracer: Tracer | None = None
    ) -> None:
        self._now = require_instant(now).astimezone(UTC)
        self.settings = settings or ServerSettings()
        self.trace = tracer or Tracer(lambda: self._now)
        self.store = RecordStore()
        self.dnc = DoNotCallList()
        self.campaigns: dict[str, Campaign] = {}
        self._campaign_index: dict[str, int] = {}
        self._campaign_names: list[str] = []
        self._fields: dict[str, FieldSet | None] = {}
        self.agents: dict[str, _Agent] = {}
        self.leases: dict[str, _Lease] = {}
        self._lease_of_chain: dict[int, str] = {}
        self._schedule: list[tuple[float, int, int]] = []
        self.callback_owner: dict[int, str | None] = {}
        self._callback_slot: dict[int, int] = {}
        self._rejected_by: dict[int, set[str]] = {}
        self._counter = 0
        self.stats: Counter[str] = Counter()
        self.web_callbacks = WebCallbackBoard(self)

    # ---- set-up ----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The server's current instant (UTC)."""
        return self._now

    def add_campaign(
        self, name: str, mode: DialingMode | str, fields: FieldSet | None = None
    ) -> Campaign:
        """Create a campaign (group) in `mode`, unloaded, with the field list of its records."""
        if name in self.campaigns:
            raise InvalidValue(f"campaign {name} exists already", value=name)
        campaign = Campaign(name, mode)
        self.campaigns[name] = campaign
        self._campaign_index[name] = len(self._campaign_names)
        self._campaign_names.append(name)
        self._fields[name] = fields
        self.store.queues.append([])
        return campaign

    def add_agent(
        self,
        agent_id: str,
        *,
        privileges: Privileges | None = None,
        options: OutboundOptions | None = None,
        campaigns: Iterable[str] = (),
    ) -> None:
        """Register an agent, logged out, with privileges, options and campaign assignments."""
        if agent_id in self.agents:
            raise InvalidValue(f"agent {agent_id} exists already", value=agent_id)
        session = AgentSession(agent_id, options or OutboundOptions())
        self.agents[agent_id] = _Agent(session, privileges or Privileges.everything())
        for name in campaigns:
            self.campaign(name).assign(agent_id)

    def load_chains(self, campaign_name: str, chains: Iterable[Chain | Iterable[Record]]) -> int:
        """Add chains to a campaign's calling list, in chain order; returns how many."""
        index = self._index(campaign_name)
        count = 0
        for chain in chains:
            self.store.add_chain(index, chain.records if isinstance(chain, Chain) else chain)
            count += 1
        self.trace.emit("server", "list-loaded", args={"campaign": campaign_name, "chains": count})
        return count

    def campaign_event(self, name: str, event: str) -> tuple[CampaignNotification, ...]:
        """Move a campaign (`load`, `start`, `stop`, `unload`); its logged-in agents are told."""
        campaign = self.campaign(name)
        moves = {"load": campaign.load, "start": campaign.start, "stop": campaign.stop}
        move = moves.get(event, campaign.unload if event == "unload" else None)
        if move is None:
            raise InvalidValue(f"no campaign event {shorten(event)}", value=shorten(event))
        before = campaign.state
        notes = move()
        self.trace.emit(
            "campaign", event, mode=campaign.mode.value, state_before=before,
            state_after=campaign.state, args={"campaign": name},
        )  # fmt: skip
        for note in notes:
            if self.agents[note.agent_id].session.logged_in:
                self._tell(note.agent_id, Notice(NoticeKind.CAMPAIGN, notification=note))
        self._dispatch()
        return notes

    # ---- reading ---------------------------------------------------------------------------

    def campaign(self, name: str) -> Campaign:
        """The campaign of this name.

        Raises:
            NotFound: no such campaign.
        """
        try:
            return self.campaigns[name]
        except (KeyError, TypeError):
            raise NotFound(f"no campaign {shorten(name)}", campaign=shorten(name)) from None

    def privileges_of(self, agent_id: str) -> Privileges:
        """The agent's privileges."""
        return self._agent(agent_id).privileges

    def options_of(self, agent_id: str) -> OutboundOptions:
        """The agent's Workspace options."""
        return self._agent(agent_id).session.options

    def session_of(self, agent_id: str) -> AgentSession:
        """The agent's session (read it, do not move it: use the server's methods)."""
        return self._agent(agent_id).session

    def fields_of(self, campaign_name: str) -> FieldSet | None:
        """The campaign's field list."""
        self.campaign(campaign_name)
        return self._fields[campaign_name]

    def campaigns_of(self, agent_id: str) -> list[Campaign]:
        """The loaded and running campaigns of the agent, by name [getCampaigns]."""
        self._agent(agent_id)
        return assigned_campaigns(self.campaigns.values(), agent_id)

    def holds(self, agent_id: str, delivery_id: str) -> bool:
        """Whether the delivery is still with this agent."""
        lease = self.leases.get(delivery_id)
        return lease is not None and lease.agent_id == agent_id

    def poll(self, agent_id: str) -> list[Notice]:
        """What happened for the agent since the last poll, oldest first."""
        agent = self._agent(agent_id)
        notices, agent.inbox = agent.inbox, []
        return notices

    # ---- the clock -------------------------------------------------------------------------

    def advance(self, now: datetime) -> None:
        """Move the clock to `now` and do everything due by then.

        Raises:
            InvalidValue: `now` is before the server's clock (it never goes back).
        """
        now = require_instant(now).astimezone(UTC)
        if now < self._now:
            raise InvalidValue(
                f"the clock does not go back: {now.isoformat()} is before {self._now.isoformat()}",
                code=ErrorCode.INVALID_VALUE,
                value=now.isoformat(),
            )
        self._now = now
        stamp = now.timestamp()
        while self._schedule and self._schedule[0][0] <= stamp:
            _, key, version = heapq.heappop(self._schedule)
            if self.store.chain_version[key] == version:
                self._callback_due(key)
        for lease in list(self.leases.values()):
            if lease.agent_id is None:
                continue
            if now - lease.since >= self.settings.stale_after:
                self._go_stale(lease)
            elif (
                lease.mode is DialingMode.PUSH_PREVIEW
                and not lease.accepted
                and now - lease.since >= self.settings.offer_timeout
            ):
                self._tell(
                    lease.agent_id, Notice(NoticeKind.TIMED_OUT, delivery_id=lease.delivery_id)
                )
                self._give_back(lease, ReturnReason.TIME_OUT)
        for agent_id, agent in self.agents.items():
            if agent.session.state == "logout_pending" and agent.session.expire(now):
                self._logged_out(agent_id, "logout_deadline")
        self.web_callbacks.advance(now)
        self._dispatch()

    # ---- agents ----------------------------------------------------------------------------

    def login(self, agent_id: str) -> tuple[CampaignNotification, ...]:
        """Log the agent in (Not Ready); the messages of the running campaigns (seed 001)."""
        agent = self._agent(agent_id)
        self._session_move(agent_id, "login", agent.session.login)
        notes: list[CampaignNotification] = []
        for campaign in assigned_campaigns(self.campaigns.values(), agent_id):
            notes.extend(campaign.notifications_at_login(agent_id))
        for note in notes:
            self._tell(agent_id, Notice(NoticeKind.CAMPAIGN, notification=note))
        return tuple(notes)

    def make_ready(self, agent_id: str) -> None:
        """The agent goes Ready; due records are pushed at once."""
        agent = self._agent(agent_id)
        self._session_move(agent_id, "make_ready", agent.session.make_ready)
        self._dispatch()

    def make_not_ready(self, agent_id: str) -> None:
        """The agent goes Not Ready."""
        agent = self._agent(agent_id)
        self._session_move(agent_id, "make_not_ready", agent.session.make_not_ready)

    def logout(self, agent_id: str) -> datetime | None:
        """Ask to log out (negotiated, reference §4.6): immediate with nothing in flight, else
        pending until every record is returned or completed, or the deadline passes."""
        session = self._agent(agent_id).session
        before = session.state
        deadline = session.logout(self._now, self.settings.logout_wait)
        self.trace.emit(
            "agent", "logout", agent_id=agent_id, state_before=before,
            state_after=session.state,
            args={"deadline": None if deadline is None else deadline.isoformat()},
        )  # fmt: skip
        if deadline is None:
            self._logged_out(agent_id, None)
        return deadline

    def start_direct_push_preview(self, agent_id: str) -> None:
        """Send the agent Direct Push Preview records from now on [startDirectPushPreview].

        Raises:
            PrivilegeMissing: without push-preview.can-use.
            TransitionNotAllowed: the agent is not logged in.
        """
        agent = self._logged_in(agent_id)
        agent.privileges.require(Privilege.PUSH_PREVIEW_CAN_USE)
        agent.direct_push = True
        self.trace.emit("agent", "direct-push-preview-started", agent_id=agent_id)
        self._dispatch()

    def stop_direct_push_preview(self, agent_id: str) -> None:
        """Stop sending Direct Push Preview records [stopDirectPushPreview].

        Raises:
            TransitionNotAllowed: the agent did not start it.
        """
        agent = self._logged_in(agent_id)
        if not agent.direct_push:
            raise TransitionNotAllowed(
                f"agent {agent_id} did not start direct push preview",
                state="stopped", event="stop_direct_push_preview", machine="server",
                failed_guards=[],
            )  # fmt: skip
        agent.direct_push = False
        self.trace.emit("agent", "direct-push-preview-stopped", agent_id=agent_id)

    # ---- records ---------------------------------------------------------------------------

    def request_preview(self, agent_id: str, campaign_name: str) -> Delivery | None:
        """The agent's next Preview record of the campaign [getPreviewRecord]: the agent's due
        personal callbacks first, then the campaign's queue; None when nothing is left.

        Raises:
            NotFound: no such campaign.
            TransitionNotAllowed: the campaign is not running, not in Preview, the agent is
                not assigned to it, or the agent may not take another record now.
        """
        campaign = self.campaign(campaign_name)
        agent = self._logged_in(agent_id)
        problem = None
        if not campaign.running:
            problem = f"campaign {campaign_name} is not running ({campaign.state})"
        elif campaign.mode is not DialingMode.PREVIEW:
            problem = f"campaign {campaign_name} dials in {campaign.mode.label} mode, not Preview"
        elif agent_id not in campaign.agents:
            problem = f"agent {agent_id} is not assigned to campaign {campaign_name}"
        elif agent.session.call_in_flight or not agent.session.may_take(DialingMode.PREVIEW):
            problem = f"agent {agent_id} may not take another record now ({agent.session.state})"
        if problem is not None:
            raise TransitionNotAllowed(
                problem, state=agent.session.state, event="get_preview_record",
                machine="server", failed_guards=[], campaign=campaign_name,
            )  # fmt: skip
        return self._next_for(agent_id, self._index(campaign_name), DialingMode.PREVIEW)

    def accept(self, agent_id: str, delivery_id: str) -> None:
        """The agent accepted an offered Push Preview record: no more offer timeout."""
        self._lease(agent_id, delivery_id).accepted = True

    def return_record(self, agent_id: str, delivery_id: str, reason: ReturnReason) -> None:
        """A record comes back undone: rejected or timed out to the top of the queue for
        another agent; cancelled or discarded, not processed again in this campaign run; left
        for the next record, back in its place in the queue."""
        self._give_back(self._lease(agent_id, delivery_id), ReturnReason(reason))
        self._dispatch()

    def complete(self, agent_id: str, delivery_id: str, outcome: Outcome) -> None:
        """Apply what the agent's Mark Done says (see `server_outcomes.apply_outcome`)."""
        from outbound_core.server.outcomes import apply_outcome

        lease = self._lease(agent_id, delivery_id)
        if not isinstance(outcome, Outcome):
            raise InvalidValue(f"not an Outcome: {shorten(outcome)}", code=ErrorCode.WRONG_TYPE)
        apply_outcome(self, lease.key, lease.slot, outcome, agent_id)
        self._release(lease, "record-completed", {"call_result": int(outcome.call_result)})
        self._dispatch()

    def dial(self, campaign_name: str) -> DialAttempt | None:
        """Progressive / Predictive: dial the next record (see `server_dialing.start_dial`)."""
        return start_dial(self, campaign_name)

    def dial_answered(self, dial_id: str) -> Delivery | None:
        """The dialed customer answered (see `server_dialing.dial_answered`)."""
        delivery = dial_answered(self, dial_id)
        self._dispatch()
        return delivery

    def dial_failed(self, dial_id: str, call_result: CallResult | int | str) -> None:
        """The dial did not connect (see `server_dialing.dial_failed`)."""
        dial_failed(self, dial_id, call_result)

    # ---- internals: small helpers --------------------------------------------------------------

    def _session_move(self, agent_id: str, event: str, move: object) -> None:
        session = self.agents[agent_id].session
        before = session.state
        move()  # type: ignore[operator]
        self.trace.emit(
            "agent", event, agent_id=agent_id, state_before=before, state_after=session.state
        )

    def _agent(self, agent_id: str) -> _Agent:
        try:
            return self.agents[agent_id]
        except (KeyError, TypeError):
            raise NotFound(f"no agent {shorten(agent_id)}", agent_id=shorten(agent_id)) from None

    def _logged_in(self, agent_id: str) -> _Agent:
        agent = self._agent(agent_id)
        if not agent.session.logged_in:
            raise TransitionNotAllowed(
                f"agent {agent_id} is not logged in", state=agent.session.state,
                event="request", machine="server", failed_guards=[],
            )  # fmt: skip
        return agent

    def _index(self, campaign_name: str) -> int:
        self.campaign(campaign_name)
        return self._campaign_index[campaign_name]

    def _lease(self, agent_id: str, delivery_id: str) -> _Lease:
        lease = self.leases.get(delivery_id)
        if lease is None or lease.agent_id != agent_id:
            raise NotFound(
                f"delivery {shorten(delivery_id)} is not with agent {shorten(agent_id)} (done, "
                "returned or gone stale)",
                delivery_id=shorten(delivery_id),
                agent_id=shorten(agent_id),
            )
        return lease
