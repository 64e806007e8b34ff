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

A server keeps up a durable store through a change journal (`attach`; `journal.ChangeJournal`):
its parts report every change as they make it, and each command (each public method that may
change state, `journaling.command`) ends by committing the journal, before it returns. Change
the server through its methods (and the desks'), not by writing to its parts: what a caller
writes to a part directly is not reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Self

from outbound_core.agent import AgentSession
from outbound_core.campaign import Campaign, CampaignNotification
from outbound_core.codes import CallResult, DialingMode, RecordStatus, RecordType
from outbound_core.errors import ErrorCode, InvalidValue, TransitionNotAllowed, shorten
from outbound_core.journal import NULL_JOURNAL, ChangeJournal
from outbound_core.options import OutboundOptions
from outbound_core.pacing import (
    AgentConnected,
    CallAbandoned,
    DialOutcome,
    DialPlaced,
    DialResult,
    GreetingEnded,
    GreetingStarted,
    HangUp,
    MessagePlayed,
    Party,
)
from outbound_core.privileges import Privilege, Privileges
from outbound_core.records import Chain, DoNotCallList, FieldSet, GrownList, Outcome, Record
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.callbacks import CallbackSchedule
from outbound_core.server.campaigns import CampaignRegistry, CampaignRules
from outbound_core.server.clock import ServerClock
from outbound_core.server.delivery import RecordDelivery
from outbound_core.server.dialing import DialAttempt, SystemDialer
from outbound_core.server.journaling import CommandScope, command
from outbound_core.server.leases import Lease, LeaseBook
from outbound_core.server.outcomes import CheckedOutcome, RecordOutcomes
from outbound_core.server.pacer import DialPacer, dial_result
from outbound_core.server.protocol import (
    Delivery,
    Notice,
    NoticeKind,
    OutboundServer,
    ReturnReason,
    ServerSettings,
)
from outbound_core.server.store import Rank, RecordStore
from outbound_core.server.treating import ResultTreatment
from outbound_core.server.web_callbacks import WebCallbackBoard
from outbound_core.timing import CallingHours
from outbound_core.trace import Tracer

__all__ = ["SNAPSHOT_VERSION", "InMemoryOutboundServer", "OutboundServer"]

#: The version of the data `InMemoryOutboundServer.snapshot` writes.
SNAPSHOT_VERSION = 2
#: Why a record may come back from a desk through `return_record`.
_RETURNS = frozenset(ReturnReason)


class InMemoryOutboundServer:
    """A whole outbound server in memory (see the module docs)."""

    def __init__(
        self, now: datetime, settings: ServerSettings | None = None, tracer: Tracer | None = None
    ) -> None:
        self._clock = clock = ServerClock(now)
        self.settings = settings = settings or ServerSettings()
        self.trace = tracer = tracer or Tracer(lambda: clock.now)
        #: The commands under way, and the journal each one ends by committing.
        self.scope = CommandScope()
        self.stats: Counter[str] = Counter()
        self.store = RecordStore(tracer)
        self.dnc = DoNotCallList()
        self.campaigns = CampaignRegistry()
        self.agents = AgentRegistry(tracer)
        self.leases = LeaseBook()
        self._callbacks = CallbackSchedule()
        self.web_callbacks = WebCallbackBoard(
            self.agents, clock, tracer, settings, self.stats, scope=self.scope
        )
        self.pacer = DialPacer(self.campaigns, self.agents, clock, tracer)
        self.agents.observers.append(self.pacer.agent_moved)
        self._rewire()

    # ---- set-up ----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The server's current instant (UTC)."""
        return self._clock.now

    @property
    def callbacks(self) -> CallbackSchedule:
        """The scheduled callbacks (read them; the server moves them)."""
        return self._callbacks

    @property
    def journal(self) -> ChangeJournal:
        """The change journal every command ends by committing (`NULL_JOURNAL` unless one
        was attached)."""
        return self.scope.journal

    def attach(self, journal: ChangeJournal) -> None:
        """Report every change from now on to `journal`, and commit it at the end of each
        command (see the module docs); its `trace_event` becomes a sink of the trace (but
        for `NULL_JOURNAL`). The journal must hold the server as it is now (a store the
        server was just saved to or loaded from). A journal attached before is detached.

        If a commit raises, the command's changes are in the server but not in the store:
        the server is ahead of it. Discard the server and rebuild it from the store
        (`from_snapshot(store.load())`, then attach a new journal).

        Raises:
            InvalidValue: `journal` is not a `ChangeJournal`, or a command is under way.
        """
        if not isinstance(journal, ChangeJournal):
            raise InvalidValue(
                f"a journal is a ChangeJournal, not {shorten(journal)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(journal),
            )
        if self.scope.depth:
            raise InvalidValue("a journal cannot be attached while a command is under way")
        old = self.scope.journal
        if old is not NULL_JOURNAL and old.trace_event in self.trace.sinks:
            self.trace.sinks.remove(old.trace_event)
        self.scope.journal = journal
        for part in (
            self.store, self.campaigns, self.agents, self.leases, self._callbacks, self.pacer,
        ):  # fmt: skip
            part.journal = journal
        if journal is not NULL_JOURNAL:
            self.trace.sinks.append(journal.trace_event)

    @command
    def add_campaign(
        self,
        name: str,
        mode: DialingMode | str,
        fields: FieldSet | None = None,
        *,
        calling_hours: Iterable[CallingHours] = (),
        rules: CampaignRules | None = None,
    ) -> Campaign:
        """Create a campaign (group) in `mode`, unloaded, with the field list of its records,
        the legal calling hours they are called in (a reschedule, and every treatment's next
        attempt, must fall within them) and its `CampaignRules` (treatments and Maximum
        Attempts, pacing, abandon rules; none by default)."""
        campaign = self.campaigns.add(name, mode, fields, calling_hours, rules)
        self.store.add_queue()
        return campaign

    @command
    def add_agent(
        self,
        agent_id: str,
        *,
        privileges: Privileges | None = None,
        options: OutboundOptions | None = None,
        campaigns: Iterable[str] = (),
    ) -> None:
        """Register an agent, logged out, with privileges, options and campaign assignments.

        Raises:
            InvalidValue: the agent exists already, a bad id, privileges or options.
            NotFound: a campaign that does not exist (the agent is not registered then).
        """
        if privileges is not None and not isinstance(privileges, Privileges):
            raise InvalidValue(
                f"privileges are a Privileges value, not {shorten(privileges)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(privileges),
            )
        if options is not None and not isinstance(options, OutboundOptions):
            raise InvalidValue(
                f"options are an OutboundOptions value, not {shorten(options)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(options),
            )
        if isinstance(campaigns, str | bytes) or not isinstance(campaigns, Iterable):
            raise InvalidValue(
                f"campaigns are a sequence of campaign names, not {shorten(campaigns)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(campaigns),
            )
        assigned = [self.campaign(name) for name in list(campaigns)]
        self.agents.add(
            agent_id, privileges or Privileges.everything(), options or OutboundOptions()
        )
        self.store.add_personal_queue(agent_id)
        for campaign in assigned:
            campaign.assign(agent_id)
            self.campaigns.changed(campaign.name)

    @command
    def load_chains(self, campaign_name: str, chains: Iterable[Chain | Iterable[Record]]) -> int:
        """Add chains to a campaign's calling list, in chain order; returns how many. All of
        them, or none: every chain is checked before the first is added. A `GrownList` is
        loaded without making its records (each is made when the server first reads it).

        Raises:
            NotFound: no such campaign.
            InvalidValue: a chain that is not one (see `Chain`), or a record handle the server
                already holds or that two chains share.
        """
        index = self.campaigns.index(campaign_name)
        if isinstance(chains, str | bytes | Mapping) or not isinstance(chains, Iterable):
            raise InvalidValue(
                f"chains are a sequence of chains, not {shorten(chains)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(chains),
            )
        if isinstance(chains, GrownList):
            self.store.check_new_grown(chains)
            loaded = self.store.add_grown(index, chains)
        else:
            checked = [chain if isinstance(chain, Chain) else Chain(chain) for chain in chains]
            self.store.check_new_chains(checked)
            for chain in checked:
                self.store.add_chain(index, chain)
            loaded = len(checked)
        self.trace.emit("server", "list-loaded", args={"campaign": campaign_name, "chains": loaded})
        return loaded

    @command
    def campaign_event(self, name: str, event: str) -> tuple[CampaignNotification, ...]:
        """Move a campaign (`load`, `start`, `stop`, `unload`); its logged-in agents are told."""
        campaign = self.campaign(name)
        moves = {
            "load": campaign.load,
            "start": campaign.start,
            "stop": campaign.stop,
            "unload": campaign.unload,
        }
        move = moves.get(event) if isinstance(event, str) else None
        if move is None:
            raise InvalidValue(
                f"no campaign event {shorten(event)}; one of load, start, stop, unload",
                value=shorten(event),
            )
        before = campaign.state
        notes = move()
        self.campaigns.changed(name)
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

    def calling_hours_of(self, campaign_name: str) -> tuple[CallingHours, ...]:
        """The legal calling hours the campaign's records are called in."""
        return self.campaigns.calling_hours(campaign_name)

    def record(self, handle: int) -> Record:
        """The record with this handle as the server holds it now.

        Raises:
            NotFound: no such record.
        """
        return self.store.record(handle)

    def record_status(self, handle: int) -> RecordStatus:
        """The status of the record with this handle [`record_status`].

        Raises:
            NotFound: no such record.
        """
        return self.store.record_status(handle)

    def record_type(self, handle: int) -> RecordType:
        """The type of the record with this handle [`record_type`].

        Raises:
            NotFound: no such record.
        """
        return self.store.record_type(handle)

    def campaigns_of(self, agent_id: str) -> list[Campaign]:
        """The loaded and running campaigns of the agent, by name [getCampaigns]."""
        self.agents.get(agent_id)
        return self.campaigns.assigned_to(agent_id)

    def holds(self, agent_id: str, delivery_id: str) -> bool:
        """Whether the delivery is still with this agent."""
        lease = self.leases.find(delivery_id)
        return lease is not None and agent_id in lease.holders

    @command
    def poll(self, agent_id: str) -> list[Notice]:
        """What happened for the agent since the last poll, oldest first."""
        return self.agents.take_notices(agent_id)

    # ---- the clock -------------------------------------------------------------------------

    @command
    def advance(self, now: datetime) -> None:
        """Move the clock to `now` and do everything due by then.

        Raises:
            InvalidValue: `now` is before the server's clock (it never goes back).
        """
        now = self._clock.checked(now)
        for deadline, dial_id in self.pacer.overdue(now.timestamp()):
            # Each waiting call is abandoned at its own deadline (the ledger counts on it).
            self._clock.now = max(self._clock.now, datetime.fromtimestamp(deadline, now.tzinfo))
            self._abandon(self.leases.dialing(dial_id))
        self._clock.now = now
        store = self.store
        for due, key, version in self._callbacks.pop_due(now.timestamp()):
            if store.chain_version[key] == version:
                self.outcomes.callback_due(key, due)
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
        self.outcomes.miss_campaign_callbacks()
        for agent_id, agent in list(self.agents.items()):
            session = agent.session
            if session.state == "logout_pending" and session.expire(now):
                self.agents.changed(agent_id)
                self.trace.emit(
                    "agent", "logout_deadline", agent_id=agent_id, state_before="logout_pending",
                    state_after=session.state,
                )  # fmt: skip
                self.pacer.agent_moved(agent_id)
                self._logged_out(agent_id, notify=True)
        self.web_callbacks.advance(now)
        self._dispatch()

    # ---- agents ----------------------------------------------------------------------------

    @command
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

    @command
    def make_ready(self, agent_id: str) -> None:
        """The agent goes Ready; due records are pushed at once."""
        agent = self.agents.get(agent_id)
        self.agents.move(agent_id, "make_ready", agent.session.make_ready)
        self._dispatch()

    @command
    def make_not_ready(self, agent_id: str) -> None:
        """The agent goes Not Ready."""
        agent = self.agents.get(agent_id)
        self.agents.move(agent_id, "make_not_ready", agent.session.make_not_ready)

    @command
    def logout(self, agent_id: str) -> datetime | None:
        """Ask to log out (negotiated, reference §4.6): immediate with nothing in flight, else
        pending until every record is returned or completed, or the deadline passes."""
        session = self.agents.get(agent_id).session
        before = session.state
        deadline = session.logout(self._clock.now, self.settings.logout_wait)
        self.agents.changed(agent_id)
        self.trace.emit(
            "agent", "logout", agent_id=agent_id, state_before=before,
            state_after=session.state,
            args={"deadline": None if deadline is None else deadline.isoformat()},
        )  # fmt: skip
        self.pacer.agent_moved(agent_id)
        if deadline is None:
            self._logged_out(agent_id, notify=False)
        return deadline

    @command
    def start_direct_push_preview(self, agent_id: str) -> None:
        """Send the agent Direct Push Preview records from now on [startDirectPushPreview].

        Raises:
            PrivilegeMissing: without push-preview.can-use.
            TransitionNotAllowed: the agent is not logged in.
        """
        agent = self.agents.logged_in(agent_id)
        agent.privileges.require(Privilege.PUSH_PREVIEW_CAN_USE)
        self.agents.set_direct_push(agent_id, True)
        self.trace.emit("agent", "direct-push-preview-started", agent_id=agent_id)
        self._dispatch()

    @command
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
        self.agents.set_direct_push(agent_id, False)
        self.trace.emit("agent", "direct-push-preview-stopped", agent_id=agent_id)

    # ---- records ---------------------------------------------------------------------------

    @command
    def request_preview(self, agent_id: str, campaign_name: str) -> Delivery | None:
        """The agent's next Preview record of the campaign [getPreviewRecord]: the agent's due
        personal callbacks first, then the campaign's queue; None when nothing is left.

        Raises:
            NotFound: no such campaign.
            PrivilegeMissing: the agent may not use outbound at all (`can-use`).
            TransitionNotAllowed: the campaign is not running, not in Preview, the agent is
                not assigned to it, or the agent may not take another record now.
        """
        self._check_preview_request(agent_id, campaign_name, None)
        index = self.campaigns.index(campaign_name)
        return self._delivery.next_for(agent_id, index, DialingMode.PREVIEW)

    def _check_preview_request(
        self, agent_id: str, campaign_name: str, leaving: str | None
    ) -> None:
        """Refuse a preview request, before anything changes; `leaving` is the delivery the
        agent finishes at the same time (see `next_preview`)."""
        campaign = self.campaign(campaign_name)
        agent = self.agents.logged_in(agent_id)
        agent.privileges.require(Privilege.CAN_USE)
        session = agent.session
        may_take = (
            session.may_take(DialingMode.PREVIEW)
            if leaving is None
            else session.may_take_after(leaving, DialingMode.PREVIEW)
        )
        problem = None
        if not campaign.running:
            problem = f"campaign {campaign_name} is not running ({campaign.state})"
        elif campaign.mode is not DialingMode.PREVIEW:
            problem = f"campaign {campaign_name} dials in {campaign.mode.label} mode, not Preview"
        elif agent_id not in campaign.agents:
            problem = f"agent {agent_id} is not assigned to campaign {campaign_name}"
        elif session.call_in_flight or not may_take:
            problem = f"agent {agent_id} may not take another record now ({session.state})"
        if problem is not None:
            raise TransitionNotAllowed(
                problem, state=session.state, event="get_preview_record",
                machine="server", failed_guards=[], campaign=campaign_name,
            )  # fmt: skip

    @command
    def accept(self, agent_id: str, delivery_id: str) -> None:
        """The agent accepted an offered Push Preview record: no more offer timeout."""
        lease = self.leases.held_by(agent_id, delivery_id)
        lease.accepted = True
        self.leases.changed(lease)

    @command
    def return_record(self, agent_id: str, delivery_id: str, reason: ReturnReason) -> None:
        """A record comes back undone: rejected or timed out to the top of the queue for
        another agent; cancelled or discarded, not processed again in this campaign run; left
        for the next record, back in its place in the queue."""
        lease = self.leases.held_by(agent_id, delivery_id)
        if not isinstance(reason, str) or reason not in _RETURNS:
            raise InvalidValue(
                f"a record comes back for one of {', '.join(r.value for r in _RETURNS)}, not "
                f"{shorten(reason)}",
                value=shorten(reason),
            )
        self._give_back(lease, ReturnReason(reason))
        self._dispatch()

    @command
    def complete(self, agent_id: str, delivery_id: str, outcome: Outcome) -> None:
        """Apply what the agent's Mark Done says (see `outcomes.RecordOutcomes.apply_outcome`)."""
        lease = self.leases.held_by(agent_id, delivery_id)
        checked = self._checked(lease, outcome)
        self._settle(lease, checked, agent_id)
        self._dispatch()

    @command
    def next_preview(
        self, agent_id: str, delivery_id: str, outcome: Outcome, campaign_name: str
    ) -> Delivery | None:
        """The agent finishes a preview record and asks for the next one of the campaign, "while
        terminating the processing of the previous record" [can-get-next-preview-record, seed
        000]: the record is processed with `outcome` as at Mark Done, and the next preview
        record is delivered (None when none is left). Both happen, or neither.

        Raises:
            NotFound: the delivery is not with the agent, or no such campaign.
            PrivilegeMissing, TransitionNotAllowed: as `request_preview` says.
            InvalidValue: an outcome the record cannot take.
        """
        lease = self.leases.held_by(agent_id, delivery_id)
        checked = self._checked(lease, outcome)
        self._check_preview_request(agent_id, campaign_name, delivery_id)
        self._settle(lease, checked, agent_id)
        index = self.campaigns.index(campaign_name)
        delivery = self._delivery.next_for(agent_id, index, DialingMode.PREVIEW)
        self._dispatch()
        return delivery

    def _checked(self, lease: Lease, outcome: Outcome) -> CheckedOutcome:
        if not isinstance(outcome, Outcome):
            raise InvalidValue(f"not an Outcome: {shorten(outcome)}", code=ErrorCode.WRONG_TYPE)
        return self.outcomes.check_outcome(lease.key, outcome)

    def _settle(self, lease: Lease, checked: CheckedOutcome, agent_id: str) -> None:
        self.outcomes.apply_outcome(lease.key, lease.slot, checked, agent_id, lease.since)
        result = int(checked.outcome.call_result)
        for other in lease.holders:
            if other != agent_id:
                notice = Notice(NoticeKind.PROCESSED_ELSEWHERE, delivery_id=lease.delivery_id)
                self.agents.tell(other, notice)
        self._release(lease, "record-completed", {"call_result": result, "by": agent_id})

    @command
    def transfer_record(self, agent_id: str, delivery_id: str, to_agent: str) -> Delivery:
        """The agent transferred the record's call to another agent (an instant transfer, or a
        consultation completed as a transfer): the record and all rights to it go to that agent
        (reference, Outbound Record Sharing Between Multiple Desktops, scenario 1). The record
        stays Retrieved; only its holder changes.

        Raises:
            NotFound: the delivery is not the agent's own, or no such agent.
            TransitionNotAllowed: the target cannot take a call now (not Ready, a call in flight,
                or the agent is the target).
            PrivilegeMissing: the target may not use outbound (`can-use`).
        """
        lease = self._owned(agent_id, delivery_id)
        self._check_can_take_call(agent_id, to_agent, lease)
        self.agents.finish(agent_id, lease.delivery_id)
        lease.agent_id = to_agent
        if to_agent in lease.sharers:
            lease.sharers.remove(to_agent)
        self.leases.changed(lease)
        delivery = self._hand(lease, to_agent, "transfer", agent_id)
        self._maybe_authorize(agent_id)
        self._dispatch()
        return delivery

    @command
    def share_record(self, agent_id: str, delivery_id: str, with_agent: str) -> Delivery:
        """The agent added another agent to the record's call in a conference (an instant
        conference, or a consultation completed as a conference): both have full access to the
        record, and the first to finish it wins (reference, Outbound Record Sharing, scenario 3).

        Raises:
            NotFound: the delivery is not with the agent, or no such agent.
            TransitionNotAllowed: the target cannot take a call now, or holds the record already.
            PrivilegeMissing: the target may not use outbound (`can-use`).
        """
        lease = self.leases.held_by(agent_id, delivery_id)
        self._check_can_take_call(agent_id, with_agent, lease)
        lease.sharers.append(with_agent)
        self.leases.changed(lease)
        return self._hand(lease, with_agent, "conference", agent_id)

    def _owned(self, agent_id: str, delivery_id: str) -> Lease:
        lease = self.leases.held_by(agent_id, delivery_id)
        if lease.agent_id != agent_id:
            raise TransitionNotAllowed(
                f"agent {agent_id} shares delivery {delivery_id} in a conference and cannot "
                "transfer it; its owner can",
                state="sharing", event="transfer", machine="server", failed_guards=[],
            )  # fmt: skip
        return lease

    def _check_can_take_call(self, agent_id: str, target: str, lease: Lease) -> None:
        agent = self.agents.get(target)
        session = agent.session
        if target == agent_id or target in lease.holders:
            problem = f"agent {target} already holds the record"
        elif session.state != "ready" or session.call_in_flight:
            problem = f"agent {target} cannot take a call now ({session.state})"
        else:
            agent.privileges.require(Privilege.CAN_USE)
            return
        raise TransitionNotAllowed(
            problem, state=session.state, event="take_call", machine="server",
            failed_guards=[], agent_id=target,
        )  # fmt: skip

    def _hand(self, lease: Lease, agent_id: str, via: str, from_agent: str) -> Delivery:
        """Give a record being worked to another agent, with its call."""
        store = self.store
        record = store.records[lease.slot]
        self.agents.deliver(agent_id, lease.delivery_id, lease.mode)
        campaign = self.campaigns.name_of(store.chain_campaign[lease.key])
        delivery = Delivery(
            lease.delivery_id, agent_id, campaign, lease.mode,
            store.chain(lease.key, lease.slot), record.record_handle, lease.callback, via,
        )  # fmt: skip
        self.trace.emit(
            "server", f"record-{via}", agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=lease.mode.value,
            args={"delivery_id": lease.delivery_id, "from": from_agent},
        )  # fmt: skip
        self.agents.tell(agent_id, Notice(NoticeKind.DELIVERED, delivery=delivery))
        return delivery

    @command
    def dial(self, campaign_name: str) -> DialAttempt | None:
        """Progressive / Predictive: dial the campaign's next record, or None when there is no
        record or no agent for it (see `dialing`; `pace` dials as the campaign's controller
        says).

        Raises:
            NotFound: no such campaign.
            TransitionNotAllowed: the campaign is not running or does not dial by itself.
        """
        return self._placed(self._dialer.start(campaign_name))

    @command
    def pace(self, campaign_name: str) -> list[DialAttempt]:
        """Progressive / Predictive: place as many dials as the campaign's pacing controller
        says now (`CampaignRules.pacing`; issue 15), fewer when its records run out. A
        Progressive controller's dials reserve the Ready agents they are placed for; a
        Predictive controller's go, answered, to whichever agent is free then.

        Raises:
            NotFound: no such campaign.
        """
        placed: list[DialAttempt] = []
        campaign = self.campaigns.get(campaign_name)
        settings = self.campaigns.rules(campaign_name).pacing_for(campaign.mode)
        reserve = settings.mode == "progressive"
        for _ in range(self.pacer.dials_now(campaign_name)):
            attempt = self._dialer.start(campaign_name, paced=True, reserve=reserve)
            attempt = self._placed(attempt)
            if attempt is None:
                break
            placed.append(attempt)
        return placed

    def next_deadline(self) -> datetime | None:
        """When the first answered call waiting for an agent is abandoned, unless an agent
        takes it first (advance the clock to it, at the latest); None when none waits."""
        deadline = self.pacer.next_deadline()
        return None if deadline is None else datetime.fromtimestamp(deadline, self.now.tzinfo)

    def _placed(self, attempt: DialAttempt | None) -> DialAttempt | None:
        if attempt is not None:
            self.pacer.emit(
                DialPlaced(self.now, attempt.campaign_name, attempt.dial_id, attempt.phone)
            )
        return attempt

    @command
    def dial_answered(self, dial_id: str) -> Delivery | None:
        """The dialed customer answered, and has finished their greeting: the call goes,
        connected, to the reserved agent or to a Ready one; with nobody Ready it waits for an
        agent up to the campaign's abandon threshold (`CampaignRules.abandon`), or is abandoned
        at once when the threshold is 0. None unless it reached an agent now.

        Raises:
            NotFound: no such dial in progress.
            TransitionNotAllowed: the call was answered already.
        """
        lease = self._ringing(dial_id, "dial_answered")
        campaign = self.campaigns.name_of(self.store.chain_campaign[lease.key])
        now = self.now
        self.pacer.emit(DialOutcome(now, campaign, dial_id, DialResult.LIVE_ANSWER))
        self.pacer.emit(GreetingStarted(now, campaign, dial_id))
        self.pacer.emit(GreetingEnded(now, campaign, dial_id))
        agent_id = lease.reserved
        if agent_id is not None and not self.agents.get(agent_id).session.may_take(lease.mode):
            # The reserved agent went Not Ready meanwhile: the call goes to another agent.
            self._call_not_established(agent_id)
            self._maybe_authorize(agent_id)
            agent_id = lease.reserved = None
            self.leases.changed(lease)
        if agent_id is not None:
            delivery = self._connect(lease, campaign, agent_id, reserved=True)
            self._dispatch()
            return delivery
        agent_id = self._dialer.ready_agent(campaign)
        if agent_id is not None:
            delivery = self._connect(lease, campaign, agent_id, reserved=False)
            self._dispatch()
            return delivery
        threshold = self.campaigns.rules(campaign).abandon.threshold
        if threshold:
            self.pacer.wait(dial_id, campaign, now + threshold)
            record = self.store.records[lease.slot]
            self.trace.emit(
                "server", "dial-waiting", record_handle=record.record_handle,
                chain_id=record.chain_id, mode=lease.mode.value,
                args={"delivery_id": dial_id, "deadline": (now + threshold).isoformat()},
            )  # fmt: skip
        else:
            self._abandon(lease)
        self._dispatch()
        return None

    @command
    def dial_failed(self, dial_id: str, call_result: CallResult | int | str) -> None:
        """The dial did not connect (busy, no answer, an answering machine, ...): the
        campaign's treatment for the call result says what happens to the record (with none,
        it is done with that result).

        Raises:
            NotFound: no such dial in progress.
            TransitionNotAllowed: the call was answered already.
            InvalidValue: not a call result.
        """
        lease = self._ringing(dial_id, "dial_failed")
        result = CallResult.parse(call_result)
        campaign = self.campaigns.name_of(self.store.chain_campaign[lease.key])
        outcome = dial_result(result)
        self.pacer.emit(DialOutcome(self.now, campaign, dial_id, outcome))
        if outcome is DialResult.ANSWERING_MACHINE:
            self.pacer.emit(HangUp(self.now, campaign, dial_id, Party.SYSTEM))
        if lease.reserved is not None:
            self._call_not_established(lease.reserved)
        decision = self.outcomes.finish_dial(lease.key, lease.slot, result, lease.since)
        args: dict[str, object] = {"call_result": int(result)}
        if decision is not None and decision.call_action is not None:
            # Apply to Call (answering machine, fax, silence): dropped, or connected to a DN.
            args["call_action"] = decision.call_action.value
            if decision.destination_dn is not None:
                args["destination_dn"] = decision.destination_dn
            self.stats[f"calls {decision.call_action.value.lower()}"] += 1
        self._release(lease, "dial-failed", args)
        if lease.reserved is not None:
            self._maybe_authorize(lease.reserved)
        self._dispatch()

    @command
    def dial_hung_up(self, dial_id: str) -> None:
        """The customer of an answered call hung up while waiting for an agent, before the
        abandon deadline: not an abandoned call (the system did not give up), the record's call
        result is Dropped (26), treated as the campaign says.

        Raises:
            NotFound: no such dial in progress.
            TransitionNotAllowed: the call is not waiting for an agent.
        """
        lease = self.leases.dialing(dial_id)
        if not self.pacer.is_waiting(dial_id):
            raise TransitionNotAllowed(
                f"dial {dial_id} is not waiting for an agent", state="ringing",
                event="dial_hung_up", machine="server", failed_guards=[],
            )  # fmt: skip
        campaign = self.campaigns.name_of(self.store.chain_campaign[lease.key])
        self.pacer.stop_waiting(dial_id)
        self.pacer.emit(HangUp(self.now, campaign, dial_id, Party.CUSTOMER))
        self.outcomes.finish_dial(lease.key, lease.slot, CallResult.DROPPED, lease.since)
        self._release(lease, "dial-failed", {"call_result": int(CallResult.DROPPED)})
        self._dispatch()

    def _ringing(self, dial_id: str, event: str) -> Lease:
        lease = self.leases.dialing(dial_id)
        if self.pacer.is_waiting(dial_id):
            raise TransitionNotAllowed(
                f"dial {dial_id} was answered and waits for an agent", state="waiting",
                event=event, machine="server", failed_guards=[],
            )  # fmt: skip
        return lease

    def _connect(self, lease: Lease, campaign: str, agent_id: str, *, reserved: bool) -> Delivery:
        """An answered call reaches an agent (a reserved one is already establishing it)."""
        if not reserved:
            session = self.agents.get(agent_id).session
            self.agents.move(agent_id, "call_establishing", session.call_establishing)
        self.pacer.emit(AgentConnected(self.now, campaign, lease.delivery_id, agent_id))
        return self._delivery.deliver(lease, agent_id)

    def _abandon(self, lease: Lease) -> None:
        """Nobody took the answered call in time: the recorded message plays and the system
        hangs up (call result Abandoned, 21, treated); under rules with a recall delay the
        number is held."""
        dial_id = lease.delivery_id
        campaign = self.campaigns.name_of(self.store.chain_campaign[lease.key])
        now = self.now
        if self.pacer.is_waiting(dial_id):
            self.pacer.stop_waiting(dial_id)
        self.pacer.emit(MessagePlayed(now, campaign, dial_id))
        self.pacer.emit(CallAbandoned(now, campaign, dial_id))
        self.pacer.emit(HangUp(now, campaign, dial_id, Party.SYSTEM))
        record = self.store.records[lease.slot]
        until = self.campaigns.rules(campaign).abandon.no_recall_until(now)
        if until is not None:
            self.treating.hold(record.phone, until)
        self.outcomes.finish_dial(lease.key, lease.slot, CallResult.ABANDONED, lease.since)
        self._release(lease, "dial-abandoned", {"call_result": int(CallResult.ABANDONED)})

    # ---- what crosses parts --------------------------------------------------------------------

    def _dispatch(self) -> None:
        """Connect answered calls waiting to free agents, push due records to the agents who
        may receive them, and route web callbacks."""
        for dial_id, campaign in self.pacer.waiting():
            agent_id = self._dialer.ready_agent(campaign)
            if agent_id is not None:
                self.pacer.stop_waiting(dial_id)
                self._connect(self.leases.dialing(dial_id), campaign, agent_id, reserved=False)
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
            self.store.returned(key, lease.agent_id)
        self._release(lease, "record-returned", {"reason": reason.value})
        self.outcomes.returned(key, slot, to_the_top=top)

    def _go_stale(self, lease: Lease) -> None:
        self.outcomes.go_stale(lease.key, lease.slot)
        for holder in lease.holders:
            self.agents.tell(holder, Notice(NoticeKind.STALE, delivery_id=lease.delivery_id))
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
            self.agents.finish(agent_id, lease.delivery_id)
            after = session.state
        for sharer in lease.sharers:
            self.agents.finish(sharer, lease.delivery_id)
        self.trace.emit(
            "server", event, agent_id=agent_id, record_handle=record.record_handle,
            chain_id=record.chain_id, mode=lease.mode.value, state_before=before,
            state_after=after, args={"delivery_id": lease.delivery_id, **args},
        )  # fmt: skip
        for holder in lease.holders:
            self._maybe_authorize(holder)

    def _call_not_established(self, agent_id: str) -> None:
        session = self.agents.get(agent_id).session
        self.agents.move(agent_id, "call_not_established", session.call_not_established)

    def _maybe_authorize(self, agent_id: str) -> None:
        session = self.agents.get(agent_id).session
        if session.state == "logout_pending" and not session.call_in_flight:
            self.agents.move(agent_id, "authorize_logout", session.authorize_logout)
            self._logged_out(agent_id, notify=True)

    def _logged_out(self, agent_id: str, *, notify: bool) -> None:
        self.agents.set_direct_push(agent_id, False)
        if notify:
            self.agents.tell(agent_id, Notice(NoticeKind.LOGOUT_AUTHORIZED))
        self.outcomes.miss_personal_callbacks(agent_id)
        self.web_callbacks.agent_gone(agent_id)

    # ---- snapshots ---------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The server's complete observable state as plain JSON-able data: what
        `from_snapshot` rebuilds an equal server from."""
        return {
            "version": SNAPSHOT_VERSION,
            "now": self._clock.now.isoformat(),
            "trace_seq": self.trace.seq,
            "settings": self.settings.to_dict(),
            "stats": dict(sorted(self.stats.items())),
            "campaigns": self.campaigns.to_dict(),
            "agents": self.agents.to_dict(),
            "store": self.store.to_dict(),
            "leases": self.leases.to_dict(),
            "callbacks": self._callbacks.to_dict(),
            "dnc": self.dnc.to_dict(),
            "web_callbacks": self.web_callbacks.to_dict(),
            "treatments": self.treating.to_dict(),
            "pacing": self.pacer.to_dict(),
        }

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any], tracer: Tracer | None = None) -> Self:
        """A server equal to the one whose `snapshot()` this is (its snapshot is equal); its
        trace goes on from the snapshot's sequence number, to `tracer`'s sinks if given.

        Raises:
            InvalidValue: not a snapshot this version of the library writes.
        """
        if not isinstance(data, Mapping) or data.get("version") != SNAPSHOT_VERSION:
            raise InvalidValue(
                f"not a server snapshot of version {SNAPSHOT_VERSION}",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(data),
            )
        try:
            server = cls(
                datetime.fromisoformat(data["now"]),
                ServerSettings.from_dict(data["settings"]),
                tracer,
            )
            server.trace.seq = int(data["trace_seq"])
            server.stats.update(data["stats"])
            server.campaigns.restore(data["campaigns"])
            server.agents.restore(data["agents"])
            server.store.restore(data["store"])
            server.leases.restore(data["leases"])
            server._callbacks.restore(data["callbacks"])
            server.dnc = DoNotCallList.from_dict(data["dnc"])
            server.web_callbacks.restore(data["web_callbacks"])
            server._rewire()
            server.treating.restore(data["treatments"])
            server.pacer.restore(data["pacing"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"the server snapshot cannot be read: {shorten(error)}",
                code=ErrorCode.INVALID_VALUE,
            ) from None
        return server

    def _rewire(self) -> None:
        """Build the parts that work across the others (on a restore: with the restored
        Do-Not-Call list)."""
        self.treating = ResultTreatment(
            self.store, self.campaigns, self._callbacks, self.dnc, self._clock, self.trace,
            self.stats,
        )  # fmt: skip
        self._delivery = RecordDelivery(
            self.store, self.campaigns, self.agents, self.leases, self._callbacks, self.dnc,
            self._clock, self.trace, self.settings, self.stats,
        )  # fmt: skip
        self.outcomes = RecordOutcomes(
            self.store, self._callbacks, self.dnc, self.agents, self._clock, self.trace,
            self.settings, self.stats, self.treating,
        )  # fmt: skip
        self._dialer = SystemDialer(
            self.store, self.campaigns, self.agents, self.leases, self._delivery, self.trace,
            self.settings,
        )  # fmt: skip
