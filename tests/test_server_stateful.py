"""One in-memory server and several desks, driven at random, with the issue's invariants."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outbound_core.codes import RecordStatus
from outbound_core.desk.service import OutboundService
from outbound_core.errors import OutboundError
from outbound_core.records import GrownList, Record
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.store import FINAL_STATUSES
from outbound_core.simulation import TraceAccounts, check_accounts
from outbound_core.simulation.calling_list import pattern_chains
from outbound_core.timing.reschedule import Reschedule
from outbound_core.timing.zones import resolve_zone
from outbound_core.trace import TraceEvent

START = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
#: The first customers of the shipped list, in many zones and windows (some open at START).
PATTERNS = pattern_chains()[:6]
AGENTS = ("a1", "a2", "a3")
CAMPAIGNS = {"pv": "Preview", "pp": "PushPreview", "pg": "Progressive"}
EVENTS = (
    "reject", "cancel", "discard", "accept", "call", "connected", "failed", "ended", "held",
    "resumed", "result", "dnc", "undnc", "personal", "campaign", "new-number", "cancel-reschedule",
    "fields", "done",
)  # fmt: skip


def chains(campaign: int) -> list[list[Record]]:
    made = []
    for n in range(4):
        chain_id = campaign * 10 + n
        made.append([
            Record(record_handle=chain_id * 10 + k, chain_id=chain_id,
                   phone=f"+1 555 {chain_id:03d} {k:02d}", tz_name="EST", attempts=0)
            for k in range(1 + n % 2)
        ])  # fmt: skip
    return made


class DeskAndServer(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.server = InMemoryOutboundServer(START)
        self.accounts = TraceAccounts()
        self.delivered_when_final: list[int] = []
        self.personal_owner: dict[int, str] = {}
        self.wrong_personal: list[tuple[int, str]] = []
        self.server.trace.sinks.extend([self.accounts, self.watch])
        for n, (name, mode) in enumerate(CAMPAIGNS.items()):
            self.server.add_campaign(name, mode)
            self.load_list(n, name)
        for agent in AGENTS:
            self.server.add_agent(agent, campaigns=list(CAMPAIGNS))
        for name in CAMPAIGNS:
            self.server.campaign_event(name, "load")
            self.server.campaign_event(name, "start")
        self.desks = {a: OutboundService(self.server, a, id_prefix=f"{a}:") for a in AGENTS}
        for desk in self.desks.values():
            desk.login()
            desk.ready()
        self.dials: list[str] = []

    def load_list(self, n: int, name: str) -> None:
        self.server.load_chains(name, chains(n + 1))

    def watch(self, event: TraceEvent) -> None:
        if event.kind == "server" and event.event == "record-delivered":
            handle = event.record_handle
            assert handle is not None
            if self.server.store.record_status(handle) not in (RecordStatus.RETRIEVED,):
                self.delivered_when_final.append(handle)
            if (
                event.args.get("callback") == "PERSONAL"
                and self.personal_owner.get(handle) != event.agent_id
            ):
                self.wrong_personal.append((handle, str(event.agent_id)))
        if event.kind == "interaction" and event.event == "mark_done":
            scheduled = event.args.get("scheduled")
            if (
                scheduled
                and scheduled["callback_type"] == "PERSONAL"
                and not scheduled["on_new_number"]
            ):
                self.personal_owner[scheduled["record_handle"]] = str(event.agent_id)

    def attempt(self, action: Any) -> None:
        with contextlib.suppress(OutboundError):
            action()

    @rule(
        agent=st.sampled_from(AGENTS),
        what=st.sampled_from(["login", "ready", "not-ready", "logout"]),
    )
    def session(self, agent: str, what: str) -> None:
        desk = self.desks[agent]
        action = {"login": desk.login, "ready": desk.ready, "not-ready": desk.not_ready,
                  "logout": desk.logout}[what]  # fmt: skip
        self.attempt(action)

    @rule(agent=st.sampled_from(AGENTS))
    def ask_for_a_preview(self, agent: str) -> None:
        self.attempt(lambda: self.desks[agent].get_preview_record("pv"))

    @rule()
    def dial(self) -> None:
        attempt = None
        with contextlib.suppress(OutboundError):
            attempt = self.server.dial("pg")
        if attempt is not None:
            self.dials.append(attempt.dial_id)

    @rule(answered=st.booleans())
    def dial_ends(self, answered: bool) -> None:
        if self.dials:
            dial_id = self.dials.pop(0)
            if answered:
                self.server.dial_answered(dial_id)
            else:
                self.server.dial_failed(dial_id, 7)

    @rule(minutes=st.sampled_from([0, 1, 20, 90, 150]))
    def time_passes(self, minutes: int) -> None:
        self.server.advance(self.server.now + timedelta(minutes=minutes, seconds=10))

    @rule(agent=st.sampled_from(AGENTS), pick=st.integers(0, 3), event=st.sampled_from(EVENTS))
    def work(self, agent: str, pick: int, event: str) -> None:
        desk = self.desks[agent]
        desk.sync()
        if not desk.held:
            return
        iid = sorted(desk.held)[pick % len(desk.held)]
        record = desk.held[iid].interaction.record
        later = Reschedule(self.server.now + timedelta(hours=2), resolve_zone("EST")).text
        actions = {
            "reject": lambda: desk.reject(iid), "cancel": lambda: desk.cancel(iid),
            "discard": lambda: desk.discard(iid), "accept": lambda: desk.accept(iid),
            "call": lambda: desk.call_preview_record(iid, record.record_handle),
            "connected": lambda: desk.call_connected(iid), "failed": lambda: desk.call_failed(iid),
            "ended": lambda: desk.call_ended(iid), "held": lambda: desk.call_held(iid),
            "resumed": lambda: desk.call_resumed(iid), "result": lambda: desk.set_call_result(iid, 33),
            "dnc": lambda: desk.set_do_not_call(iid), "undnc": lambda: desk.remove_do_not_call(iid),
            "personal": lambda: desk.reschedule_record(iid, record.record_handle, later, "PERSONAL"),
            "campaign": lambda: desk.reschedule_record(iid, record.record_handle, later, "CAMPAIGN"),
            "new-number": lambda: desk.reschedule_on_new_number(iid, f"+1 666 {pick}", later, "CAMPAIGN"),
            "cancel-reschedule": lambda: desk.cancel_reschedule(iid),
            "fields": lambda: desk.update_record_fields(iid, {}), "done": lambda: desk.mark_done(iid),
        }  # fmt: skip
        try:
            actions[event]()
        except OutboundError:
            # Refused (nothing changed): move the record on instead, so that days progress.
            for step in ("accept", "call", "connected", "result", "ended", "done"):
                if iid in desk.held:
                    self.attempt(actions[step])

    @invariant()
    def every_record_is_in_exactly_one_place(self) -> None:
        lost, problems = check_accounts(self.server, self.accounts)
        assert (lost, problems) == (0, [])

    @invariant()
    def no_record_is_with_two_agents_and_nothing_a_desk_holds_is_lost(self) -> None:
        keys = [lease.key for lease in self.server.leases.values()]
        assert len(keys) == len(set(keys))
        for agent, desk in self.desks.items():
            desk.sync()
            mine = {d for d, lease in self.server.leases.items() if lease.agent_id == agent}
            assert {held.delivery.delivery_id for held in desk.held.values()} == mine

    @invariant()
    def finalized_and_do_not_call_records_are_never_delivered_again(self) -> None:
        assert self.delivered_when_final == []
        for lease in self.server.leases.values():
            record = self.server.store.records[lease.slot]
            assert not self.server.dnc.blocks(record.phone, record.chain_id)
            assert self.server.store.status[lease.slot] not in FINAL_STATUSES

    @invariant()
    def a_personal_callback_only_reaches_its_agent(self) -> None:
        assert self.wrong_personal == []


DeskAndServer.TestCase.settings = settings(
    settings.default, max_examples=min(settings.default.max_examples, 150), stateful_step_count=40
)
TestDeskAndServer = DeskAndServer.TestCase


class GrownDeskAndServer(DeskAndServer):
    """The same, each campaign's list a part of one grown list: its records made only when the
    server first reads them (issue 18)."""

    def load_list(self, n: int, name: str) -> None:
        grown = GrownList(PATTERNS, 14, part=n, parts=len(CAMPAIGNS))
        self.server.load_chains(name, grown)
        assert self.server.store.records.held() == 0


GrownDeskAndServer.TestCase.settings = DeskAndServer.TestCase.settings
TestGrownDeskAndServer = GrownDeskAndServer.TestCase
