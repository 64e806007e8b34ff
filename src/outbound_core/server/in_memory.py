"""An in-memory outbound server: calling lists, campaigns, agents, Do Not Call and callbacks.

`InMemoryOutboundServer` implements `OutboundServer` with the record semantics of the
reference (§4; every choice where the sources are silent is in `docs/sources.md`). It is
composed of parts that each own their state, given the record store and the clock they need:
the record store (`store`), the campaigns (`campaigns`), the agents (`agents`), the open leases
(`leases`), the scheduled callbacks, the Do-Not-Call list (`dnc`), retrieval and delivery, the
record side of every return (`outcomes`), the system dialer and the web callbacks
(`web_callbacks`). The server itself checks each command and settles what crosses parts: a
record leaving a desk, an agent's logout completing, the clock moving.

Its clock moves only when the caller calls `advance(now)`; everything due by then happens in
`advance`: callbacks fall due, records held too long go Stale, unanswered offers return to the
queue, negotiated logouts expire, and records are pushed to the agents who may receive them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from outbound_core.agent import AgentSession
from outbound_core.campaign import Campaign, CampaignNotification
from outbound_core.codes import CallResult, DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, TransitionNotAllowed, shorten
from outbound_core.options import OutboundOptions
from outbound_core.privileges import Privilege, Privileges
from outbound_core.records import Chain, DoNotCallList, FieldSet, Outcome, Record
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.callbacks import CallbackSchedule
from outbound_core.server.campaigns import CampaignRegistry
from outbound_core.server.clock import ServerClock
from outbound_core.server.delivery import RecordDelivery
from outbound_core.server.dialing import DialAttempt, SystemDialer
from outbound_core.server.leases import Lease, LeaseBook
from outbound_core.server.outcomes import RecordOutcomes
from outbound_core.server.protocol import (
    Delivery,
    Notice,
    NoticeKind,
    OutboundServer,
    ReturnReason,
    ServerSettings,
)
from outbound_core.server.store import Rank, RecordStore
from outbound_core.server.web_callbacks import WebCallbackBoard
from outbound_core.trace import Tracer

__all__ = ["InMemoryOutboundServer", "OutboundServer"]


class InMemoryOutboundServer:
    """A whole outbound server in memory (see the module docs)."""

    def __init__(
        self, now: datetime, settings: ServerSettings | None = None, tracer: Tracer | None = None
    ) -> None:
        self._clock = clock = ServerClock(now)
        self.settings = settings = settings or ServerSettings()
        self.trace = tracer = tracer or Tracer(lambda: clock.now)
        self.stats: Counter[str] = Counter()
        self.store = RecordStore()
        self.dnc = DoNotCallList()
        self.campaigns = CampaignRegistry()
        self.agents = AgentRegistry(tracer)
        self.leases = LeaseBook()
        self._callbacks = CallbackSchedule()
        self._delivery = RecordDelivery(
            self.store, self.campaigns, self.agents, self.leases, self._callbacks, self.dnc,
            clock, tracer, settings, self.stats,
        )  # fmt: skip
        self.outcomes = RecordOutcomes(
            self.store, self._callbacks, self.dnc, self.agents, clock, tracer, settings, self.stats
        )
        self._dialer = SystemDialer(
            self.store, self.campaigns, self.agents, self.leases, self._delivery, tracer, settings
        )
        self.web_callbacks = WebCallbackBoard(self.agents, clock, tracer, settings, self.stats)

    # ---- set-up ----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The server's current instant (UTC)."""
        return self._clock.now

    @property
    def callbacks(self) -> CallbackSchedule:
        """The scheduled callbacks (read them; the server moves them)."""
        return self._callbacks

    def add_campaign(
        self, name: str, mode: DialingMode | str, fields: FieldSet | None = None
    ) -> Campaign:
        """Create a campaign (group) in `mode`, unloaded, with the field list of its records."""
        campaign = self.campaigns.add(name, mode, fields)
        self.store.add_queue()
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
        self.agents.add(
            agent_id, privileges or Privileges.everything(), options or OutboundOptions()
        )
        self.store.add_personal_queue(agent_id)
        for name in campaigns:
            self.campaign(name).assign(agent_id)

    def load_chains(self, campaign_name: str, chains: Iterable[Chain | Iterable[Record]]) -> int:
        """Add chains to a campaign's calling list, in chain order; returns how many."""
        index = self.campaigns.index(campaign_name)
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
            if self.agents.get(note.agent_id).session.logged_in:
                self.agents.tell(note.agent_id, Notice(NoticeKind.CAMPAIGN, notification=note))
        self._dispatch()
        return notes

    # ---- reading ---------------------------------------------------------------------------

    def campaign(self, name: str) -> Campaign:
        """The campaign of this name.

        Raises:
            NotFound: no such campaign.
        """
        return self.campaigns.get(name)

    def privileges_of(self, agent_id: str) -> Privileges:
        """The agent's privileges."""
        return self.agents.get(agent_id).privileges

    def options_of(self, agent_id: str) -> OutboundOptions:
        """The agent's Workspace options."""
        return self.agents.get(agent_id).session.options

    def session_of(self, agent_id: str) -> AgentSession:
        """The agent's session (read it, do not move it: use the server's methods)."""
        return self.agents.get(agent_id).session

    def fields_of(self, campaign_name: str) -> FieldSet | None:
        """The campaign's field list."""
        return self.campaigns.fields(campaign_name)

    def campaigns_of(self, agent_id: str) -> list[Campaign]:
        """The loaded and running campaigns of the agent, by name [getCampaigns]."""
        self.agents.get(agent_id)
        return self.campaigns.assigned_to(agent_id)

    def holds(self, agent_id: str, delivery_id: str) -> bool:
        """Whether the delivery is still with this agent."""
        lease = self.leases.find(delivery_id)
        return lease is not None and lease.agent_id == agent_id

    def poll(self, agent_id: str) -> list[Notice]:
        """What happened for the agent since the last poll, oldest first."""
        return self.agents.take_notices(agent_id)

    # ---- the clock -------------------------------------------------------------------------

    def advance(self, now: datetime) -> None:
        """Move the clock to `now` and do everything due by then.

        Raises:
            InvalidValue: `now` is before the server's clock (it never goes back).
        """
        now = self._clock.checked(now)
        self._clock.now = now
        store = self.store
        for key, version in self._callbacks.pop_due(now.timestamp()):
            if store.chain_version[key] == version:
                self.outcomes.callback_due(key)
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
                self.agents.tell(
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
        agent = self.agents.get(agent_id)
        self.agents.move(agent_id, "login", agent.session.login)
        notes: list[CampaignNotification] = []
        for campaign in self.campaigns.assigned_to(agent_id):
            notes.extend(campaign.notifications_at_login(agent_id))
        for note in notes:
            self.agents.tell(agent_id, Notice(NoticeKind.CAMPAIGN, notification=note))
        return tuple(notes)

    def make_ready(self, agent_id: str) -> None:
        """The agent goes Ready; due records are pushed at once."""
        agent = self.agents.get(agent_id)
        self.agents.move(agent_id, "make_ready", agent.session.make_ready)
        self._dispatch()

    def make_not_ready(self, agent_id: str) -> None:
        """The agent goes Not Ready."""
        agent = self.agents.get(agent_id)
        self.agents.move(agent_id, "make_not_ready", agent.session.make_not_ready)

    def logout(self, agent_id: str) -> datetime | None:
        """Ask to log out (negotiated, reference §4.6): immediate with nothing in flight, else
        pending until every record is returned or completed, or the deadline passes."""
        session = self.agents.get(agent_id).session
        before = session.state
        deadline = session.logout(self._clock.now, self.settings.logout_wait)
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
        agent = self.agents.logged_in(agent_id)
        agent.privileges.require(Privilege.PUSH_PREVIEW_CAN_USE)
        agent.direct_push = True
        self.trace.emit("agent", "direct-push-preview-started", agent_id=agent_id)
        self._dispatch()

    def stop_direct_push_preview(self, agent_id: str) -> None:
        """Stop sending Direct Push Preview records [stopDirectPushPreview].

        Raises:
            TransitionNotAllowed: the agent did not start it.
        """
        agent = self.agents.logged_in(agent_id)
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
        agent = self.agents.logged_in(agent_id)
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
        index = self.campaigns.index(campaign_name)
        return self._delivery.next_for(agent_id, index, DialingMode.PREVIEW)

    def accept(self, agent_id: str, delivery_id: str) -> None:
        """The agent accepted an offered Push Preview record: no more offer timeout."""
        self.leases.held_by(agent_id, delivery_id).accepted = True

    def return_record(self, agent_id: str, delivery_id: str, reason: ReturnReason) -> None:
        """A record comes back undone: rejected or timed out to the top of the queue for
        another agent; cancelled or discarded, not processed again in this campaign run; left
        for the next record, back in its place in the queue."""
        self._give_back(self.leases.held_by(agent_id, delivery_id), ReturnReason(reason))
        self._dispatch()

    def complete(self, agent_id: str, delivery_id: str, outcome: Outcome) -> None:
        """Apply what the agent's Mark Done says (see `outcomes.RecordOutcomes.apply_outcome`)."""
        lease = self.leases.held_by(agent_id, delivery_id)
        if not isinstance(outcome, Outcome):
            raise InvalidValue(f"not an Outcome: {shorten(outcome)}", code=ErrorCode.WRONG_TYPE)
        self.outcomes.apply_outcome(lease.key, outcome, agent_id)
        self._release(lease, "record-completed", {"call_result": int(outcome.call_result)})
        self._dispatch()

    def dial(self, campaign_name: str) -> DialAttempt | None:
        """Progressive / Predictive: dial the campaign's next record, or None when there is no
        record or no agent for it (see `dialing`).

        Raises:
            NotFound: no such campaign.
            TransitionNotAllowed: the campaign is not running or does not dial by itself.
        """
        return self._dialer.start(campaign_name)

    def dial_answered(self, dial_id: str) -> Delivery | None:
        """The dialed customer answered: the call goes, connected, to the reserved agent or to a
        Ready one; with nobody Ready it is abandoned (None).

        Raises:
            NotFound: no such dial in progress.
        """
        lease = self.leases.dialing(dial_id)
        agent_id = lease.reserved
        if agent_id is not None and not self.agents.get(agent_id).session.may_take(lease.mode):
            # The reserved agent went Not Ready meanwhile: the call goes to another agent.
            self.agents.get(agent_id).session.call_not_established()
            self._maybe_authorize(agent_id)
            agent_id = lease.reserved = None
        if agent_id is None:
            campaign = self.campaigns.name_of(self.store.chain_campaign[lease.key])
            agent_id = self._dialer.ready_agent(campaign)
            if agent_id is not None:
                self.agents.get(agent_id).session.call_establishing()
        if agent_id is None:
            self.outcomes.finish_dial(lease.key, lease.slot, CallResult.ABANDONED)
            self._release(lease, "dial-abandoned", {"call_result": int(CallResult.ABANDONED)})
            self._dispatch()
            return None
        delivery = self._delivery.deliver(lease, agent_id)
        self._dispatch()
        return delivery

    def dial_failed(self, dial_id: str, call_result: CallResult | int | str) -> None:
        """The dial did not connect (busy, no answer, ...): the record is done with that result.

        Raises:
            NotFound: no such dial in progress.
            InvalidValue: not a call result.
        """
        lease = self.leases.dialing(dial_id)
        result = CallResult.parse(call_result)
        if lease.reserved is not None:
            self.agents.get(lease.reserved).session.call_not_established()
        self.outcomes.finish_dial(lease.key, lease.slot, result)
        self._release(lease, "dial-failed", {"call_result": int(result)})
        if lease.reserved is not None:
            self._maybe_authorize(lease.reserved)

    # ---- what crosses parts --------------------------------------------------------------------

    def _dispatch(self) -> None:
        """Push due records to the agents who may receive them, and route web callbacks."""
        self._delivery.push()
        self.web_callbacks.route()

    def _give_back(self, lease: Lease, reason: ReturnReason) -> None:
        key, slot = lease.key, lease.slot
        if reason in (ReturnReason.CANCEL, ReturnReason.DISCARD):
            self.outcomes.cancel(key, slot)
            self._release(lease, "record-returned", {"reason": reason.value})
            self.outcomes.requeue(key, Rank.GENERAL)
            return
        top = reason in (ReturnReason.REJECT, ReturnReason.TIME_OUT)
        if top and lease.agent_id is not None:
            self.store.returned_by.setdefault(key, set()).add(lease.agent_id)
        self._release(lease, "record-returned", {"reason": reason.value})
        self.outcomes.returned(key, slot, to_the_top=top)

    def _go_stale(self, lease: Lease) -> None:
        self.outcomes.go_stale(lease.key, lease.slot)
        assert lease.agent_id is not None
        self.agents.tell(lease.agent_id, Notice(NoticeKind.STALE, delivery_id=lease.delivery_id))
        self._release(lease, "record-stale", {})

    def _release(self, lease: Lease, event: str, args: dict[str, object]) -> None:
        """The lease ends: the record leaves the agent's desk; a pending logout may complete."""
        self.leases.close(lease)
        record = self.store.records[lease.slot]
        agent_id = lease.agent_id
        before = after = None
        if agent_id is not None:
            session = self.agents.get(agent_id).session
            before = session.state
            session.finish(lease.delivery_id)
            after = session.state
        self.trace.emit(
            "server", event, agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=lease.mode.value, state_before=before,
            state_after=after, args={"delivery_id": lease.delivery_id, **args},
        )  # fmt: skip
        if agent_id is not None:
            self._maybe_authorize(agent_id)

    def _maybe_authorize(self, agent_id: str) -> None:
        session = self.agents.get(agent_id).session
        if session.state == "logout_pending" and not session.call_in_flight:
            session.authorize_logout()
            self._logged_out(agent_id, "authorize_logout")

    def _logged_out(self, agent_id: str, event: str | None) -> None:
        self.agents.get(agent_id).direct_push = False
        if event is not None:
            self.trace.emit(
                "agent", event, agent_id=agent_id, state_before="logout_pending",
                state_after="logged_out",
            )  # fmt: skip
            self.agents.tell(agent_id, Notice(NoticeKind.LOGOUT_AUTHORIZED))
        self.outcomes.miss_personal_callbacks(agent_id)
        self.web_callbacks.agent_gone(agent_id)
