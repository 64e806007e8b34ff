"""One server, three desks, four campaigns and web callbacks, driven by legal and illegal commands.

A harness drives the library as an integration would, mixing good commands with bad ids and
types, missing privileges, wrong states, bad field values and unknown campaigns. After every
refused command the snapshots of the server and of every desk are unchanged; after every
command the accounting holds: every record in exactly one place, nothing delivered twice,
nothing on a desk the server does not hold and the reverse. At the end, every move of the trace
replays legally through its lifecycle.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outbound_core import (
    FieldSet,
    FieldSpec,
    InMemoryOutboundServer,
    OutboundOptions,
    OutboundService,
    Privileges,
    Record,
)
from outbound_core.codes import RecordStatus, RecordType
from outbound_core.errors import OutboundError
from outbound_core.replay import TraceFormat, check_steps, read_steps
from outbound_core.server import NoticeKind, WebCallbackRequest
from outbound_core.server.campaigns import CampaignRules
from outbound_core.simulation import TraceAccounts, check_accounts
from outbound_core.timing import CallingWindow, Reschedule, resolve_zone
from outbound_core.trace import TraceEvent
from outbound_core.treatments import shipped_treatments

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
FIELDS = FieldSet(
    (
        FieldSpec("Visits", "int", "number", editable=True),
        FieldSpec("GSW_PHONE", "var-char", "string", editable=True),
    )
)
CAMPAIGNS = {"pv": "Preview", "pp": "PushPreview", "prog": "Progressive", "pred": "Predictive"}
EVERYTHING = Privileges.everything()
CAREFUL = EVERYTHING.without(
    "privilege.outbound.can-reject-record",
    "privilege.outbound.can-cancel-record",
    "privilege.outbound.can-mark-do-not-call",
)
AGENTS = {
    "a": (EVERYTHING, ["pv", "pp", "prog", "pred"]),
    "b": (CAREFUL, ["pv", "pp", "pred"]),
    "c": (Privileges.from_names([]), ["pv", "prog"]),
}
#: What each agent's desktop asks for at Done (outbound.treatment-mode).
TREATMENT_MODES = {"a": "campaign", "b": "personal", "c": "none"}
#: The system-dialed campaigns and the Preview one treat results with the shipped table
#: (Maximum Attempts 4); Push Preview has no treatments.
RULES = {
    "pv": CampaignRules(shipped_treatments(), max_attempts=4),
    "prog": CampaignRules(shipped_treatments(), max_attempts=4),
    "pred": CampaignRules(shipped_treatments(), max_attempts=4, abandon="ofcom"),
}
JUNK: list[Any] = [None, "", [], {}, 10**40, "\ud800", "no such id"]
COMMANDS: Counter[str] = Counter()


def _records() -> list[list[Record]]:
    chains = []
    for n in range(1, 13):
        chains.append(
            [
                Record(
                    record_handle=10 * n + k,
                    chain_id=n,
                    phone=f"+1 555 01{n:02d}{k}",
                    tz_name="EST",
                    attempts=0,
                    custom={"Visits": 0},
                )
                for k in (1, 2)
            ]
        )
    return chains


class ServerAndDesks(RuleBasedStateMachine):
    """The whole library as one harness drives it."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[TraceEvent] = []
        self.accounts = TraceAccounts()
        self.server = InMemoryOutboundServer(NOW)
        self.server.trace.sinks.extend([self.events.append, self.accounts])
        chains = _records()
        for index, (name, mode) in enumerate(CAMPAIGNS.items()):
            self.server.add_campaign(name, mode, FIELDS, rules=RULES.get(name))
            self.server.load_chains(name, chains[3 * index : 3 * index + 3])
            self.server.campaign_event(name, "load")
            self.server.campaign_event(name, "start")
        for agent, (privileges, campaigns) in AGENTS.items():
            options = OutboundOptions.from_mapping(
                {"outbound.treatment-mode": TREATMENT_MODES[agent]}
            )
            self.server.add_agent(
                agent, privileges=privileges, options=options, campaigns=campaigns
            )
        for n in range(3):
            self.server.web_callbacks.submit(
                WebCallbackRequest(
                    f"w{n}", f"+1 555 02{n:02d}", "EST", NOW, NOW + timedelta(hours=2),
                    CallingWindow(0, 86399),
                )
            )  # fmt: skip
        self.desks = {agent: OutboundService(self.server, agent) for agent in AGENTS}
        self.refused = 0

    # ---- the snapshot rule ----------------------------------------------------------------

    def _state(self) -> str:
        desks = {agent: desk.snapshot() for agent, desk in self.desks.items()}
        return json.dumps({"server": self.server.snapshot(), "desks": desks}, default=str)

    def _run(self, name: str, command: Any) -> None:
        COMMANDS[name] += 1
        before = self._state()
        try:
            command()
        except OutboundError:
            self.refused += 1
            assert self._state() == before, f"{name} was refused and changed something"

    def _iid(self, data: st.DataObject, agent: str) -> Any:
        return data.draw(st.sampled_from(sorted(self.desks[agent].held) + JUNK))

    def _later(self, hours: float) -> str:
        return Reschedule(self.server.now + timedelta(hours=hours), resolve_zone("EST")).text

    # ---- sessions ---------------------------------------------------------------------------

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(["login", "ready", "not_ready", "logout", "sync"]),
    )
    def session(self, agent: str, action: str) -> None:
        self._run(action, getattr(self.desks[agent], action))

    @rule(agent=st.sampled_from(sorted(AGENTS)), start=st.booleans())
    def direct_push_preview(self, agent: str, start: bool) -> None:
        desk = self.desks[agent]
        action = desk.start_direct_push_preview if start else desk.stop_direct_push_preview
        self._run("direct_push_preview", action)

    # ---- preview records ----------------------------------------------------------------------

    @rule(agent=st.sampled_from(sorted(AGENTS)), campaign=st.sampled_from([*CAMPAIGNS, *JUNK]))
    def get_preview_record(self, agent: str, campaign: Any) -> None:
        self._run("get_preview_record", lambda: self.desks[agent].get_preview_record(campaign))

    @rule(agent=st.sampled_from(sorted(AGENTS)), data=st.data())
    def call_preview_record(self, agent: str, data: st.DataObject) -> None:
        desk = self.desks[agent]
        iid = self._iid(data, agent)
        held = desk.held.get(iid) if isinstance(iid, str) else None
        handles = list(held.interaction.chain.handles) if held is not None else []
        handle = data.draw(st.sampled_from([*handles, 999, "11", None]))
        self._run("call_preview_record", lambda: desk.call_preview_record(iid, handle))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(["accept", "reject", "discard", "cancel", "cancel_reschedule"]),
        data=st.data(),
    )
    def record_action(self, agent: str, action: str, data: st.DataObject) -> None:
        iid = self._iid(data, agent)
        self._run(action, lambda: getattr(self.desks[agent], action)(iid))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(["reject_preview_record", "cancel_preview_record"]),
    )
    def latest_record_action(self, agent: str, action: str) -> None:
        self._run(action, getattr(self.desks[agent], action))

    @rule(agent=st.sampled_from(sorted(AGENTS)), data=st.data())
    def get_next_preview_record(self, agent: str, data: st.DataObject) -> None:
        iid = self._iid(data, agent)
        campaign = data.draw(st.sampled_from(["pv", "pp", "unknown", None]))
        self._run(
            "get_next_preview_record",
            lambda: self.desks[agent].get_next_preview_record(iid, campaign),
        )

    # ---- the call and the record ------------------------------------------------------------------

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(
            ["call_connected", "call_failed", "call_held", "call_resumed", "call_ended",
             "set_do_not_call", "remove_do_not_call", "mark_done", "get_chained_records",
             "get_record_fields", "get_call_result"]
        ),
        data=st.data(),
    )  # fmt: skip
    def interaction_action(self, agent: str, action: str, data: st.DataObject) -> None:
        iid = self._iid(data, agent)
        self._run(action, lambda: getattr(self.desks[agent], action)(iid))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        result=st.sampled_from([33, "33", 6, 7, 52, "Busy", None, 10**40, 999]),
        data=st.data(),
    )
    def set_call_result(self, agent: str, result: Any, data: st.DataObject) -> None:
        iid = self._iid(data, agent)
        self._run("set_call_result", lambda: self.desks[agent].set_call_result(iid, result))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        hours=st.sampled_from([1.0, 3.0, 26.0, -1.0]),
        kind=st.sampled_from(["PERSONAL", "CAMPAIGN", "someone"]),
        new_number=st.sampled_from([None, "+1 555 0999", "", "not a number"]),
        data=st.data(),
    )
    def reschedule(
        self, agent: str, hours: float, kind: str, new_number: str | None, data: st.DataObject
    ) -> None:
        desk = self.desks[agent]
        iid = self._iid(data, agent)
        held = desk.held.get(iid) if isinstance(iid, str) else None
        handle = held.interaction.record.record_handle if held is not None else 11
        text = data.draw(st.sampled_from([self._later(hours), "13/45/2026 10:00", ""]))
        if new_number is None:
            self._run("reschedule", lambda: desk.reschedule_record(iid, handle, text, kind))
        else:
            self._run(
                "reschedule_on_new_number",
                lambda: desk.reschedule_on_new_number(iid, new_number, text, kind),
            )

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        update=st.sampled_from(
            [{"Visits": 3}, {"Visits": "many"}, {"GSW_PHONE": "call me"}, {"Nope": 1}, [], None]
        ),
        data=st.data(),
    )
    def update_record_fields(self, agent: str, update: Any, data: st.DataObject) -> None:
        iid = self._iid(data, agent)
        self._run(
            "update_record_fields", lambda: self.desks[agent].update_record_fields(iid, update)
        )

    # ---- call actions (seed 003) ------------------------------------------------------------------

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(
            ["hold", "resume", "end_call", "consultation_accepted", "consultation_declined",
             "consultation_ended_by_target", "end_consultation", "complete_transfer",
             "complete_conference", "call_status"]
        ),
        data=st.data(),
    )  # fmt: skip
    def call_action(self, agent: str, action: str, data: st.DataObject) -> None:
        iid = data.draw(st.sampled_from(self._call_ids(agent)))
        self._run(action, lambda: getattr(self.desks[agent], action)(iid))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(["transfer", "conference", "start_consultation"]),
        party=st.sampled_from(
            ["agent:a", "agent:b", "agent:c", "agent:nobody", "+1 555 0177", "garbage", None]
        ),
        data=st.data(),
    )
    def hand_over(self, agent: str, action: str, party: Any, data: st.DataObject) -> None:
        iid = data.draw(st.sampled_from(self._call_ids(agent)))
        self._run(action, lambda: getattr(self.desks[agent], action)(iid, party))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        action=st.sampled_from(["send_dtmf", "add_note", "set_disposition"]),
        text=st.sampled_from(["12#", "Resolved", "asked for a callback", "", "XYZ", None]),
        data=st.data(),
    )
    def case_history(self, agent: str, action: str, text: Any, data: st.DataObject) -> None:
        iid = data.draw(st.sampled_from(self._call_ids(agent)))
        self._run(action, lambda: getattr(self.desks[agent], action)(iid, text))

    def _call_ids(self, agent: str) -> list[Any]:
        """The desk's interactions and web callbacks, and junk."""
        return [*sorted(self.desks[agent].held), "w0", "w1", "w2", *JUNK]

    # ---- web callbacks -----------------------------------------------------------------------------

    @rule(agent=st.sampled_from(sorted(AGENTS)), ready=st.booleans())
    def web_callback_ready(self, agent: str, ready: bool) -> None:
        self._run("web_callback_ready", lambda: self.desks[agent].web_callback_ready(ready))

    @rule(
        agent=st.sampled_from(sorted(AGENTS)),
        request=st.sampled_from(["w0", "w1", "w2", None, []]),
        event=st.sampled_from(
            ["accept", "reject", "call", "answer", "dialing_failed", "end_call", "mark_done",
             "schedule_callback", "set_disposition", "route", 7]
        ),
        argument=st.sampled_from([None, "Resolved", "nope"]),
    )  # fmt: skip
    def web_callback(self, agent: str, request: Any, event: Any, argument: Any) -> None:
        if event == "schedule_callback":
            argument = self._later(2)
        self._run("web_callback", lambda: self.desks[agent].web_callback(request, event, argument))

    # ---- the server -----------------------------------------------------------------------------------

    @rule(seconds=st.sampled_from([0, 1, 2, 3, 20, 31, 600, 3600, 7200]))
    def advance(self, seconds: int) -> None:
        self._run(
            "advance", lambda: self.server.advance(self.server.now + timedelta(seconds=seconds))
        )

    @rule(campaign=st.sampled_from(["prog", "pred", "pv", "unknown", None]))
    def dial(self, campaign: Any) -> None:
        self._run("dial", lambda: self.server.dial(campaign))

    @rule(campaign=st.sampled_from(["prog", "pred", "pv", "unknown", None]))
    def pace(self, campaign: Any) -> None:
        self._run("pace", lambda: self.server.pace(campaign))

    @rule(data=st.data())
    def hang_up(self, data: st.DataObject) -> None:
        waiting = [dial_id for dial_id, _ in self.server.pacer.waiting()]
        dials = sorted(self.server.leases)
        dial_id = data.draw(st.sampled_from([*waiting, *dials, *JUNK]))
        self._run("dial_hung_up", lambda: self.server.dial_hung_up(dial_id))

    @rule(answered=st.booleans(), data=st.data())
    def end_dial(self, answered: bool, data: st.DataObject) -> None:
        dials = sorted(d for d, lease in self.server.leases.items() if lease.agent_id is None)
        dial_id = data.draw(
            st.sampled_from(dials)
            if dials and data.draw(st.booleans())
            else st.sampled_from([*dials, *JUNK])
        )
        if answered:
            self._run("dial_answered", lambda: self.server.dial_answered(dial_id))
        else:
            result = data.draw(
                st.sampled_from(["Busy", 7, "Answering Machine Detected", 26, "garbage", None])
            )
            self._run("dial_failed", lambda: self.server.dial_failed(dial_id, result))

    @rule(
        campaign=st.sampled_from([*CAMPAIGNS, "unknown"]),
        event=st.sampled_from(["load", "start", "stop", "unload", "explode", None]),
    )
    def campaign_event(self, campaign: str, event: Any) -> None:
        self._run("campaign_event", lambda: self.server.campaign_event(campaign, event))

    # ---- what always holds ------------------------------------------------------------------------------

    @invariant()
    def every_record_is_in_exactly_one_place(self) -> None:
        lost, problems = check_accounts(self.server, self.accounts)
        assert lost == 0
        assert problems == []

    @invariant()
    def the_desks_hold_exactly_what_the_server_leased_them(self) -> None:
        server = self.server
        for agent, desk in self.desks.items():
            inbox = server.agents.get(agent).inbox
            coming = {n.delivery.delivery_id for n in inbox if n.delivery is not None}
            going = {
                n.delivery_id for n in inbox if n.kind in (NoticeKind.STALE, NoticeKind.TIMED_OUT)
            }
            on_desk = {held.delivery.delivery_id for held in desk.held.values()}
            leased = {d for d, lease in server.leases.items() if agent in lease.holders}
            assert on_desk - going == leased - coming

    @invariant()
    def one_retrieved_record_per_chain_and_do_not_call_records_say_so(self) -> None:
        store = self.server.store
        for slots in store.chains:
            retrieved = [s for s in slots if store.status[s] == RecordStatus.RETRIEVED]
            assert len(retrieved) <= 1
            for slot in slots:
                if store.rtype[slot] == RecordType.NO_CALL:
                    assert store.records[slot].call_result == 51

    @invariant()
    def a_waiting_call_is_a_dial_nobody_holds_with_a_deadline_ahead(self) -> None:
        server = self.server
        for dial_id, _ in server.pacer.waiting():
            assert server.leases[dial_id].agent_id is None
        deadline = server.next_deadline()
        assert deadline is None or deadline > server.now

    @invariant()
    def a_retry_never_waits_on_a_record_at_its_maximum_attempts(self) -> None:
        server = self.server
        store = server.store
        for key in range(len(store.chains)):
            slot = server.callbacks.slot(key)
            if slot is not None and server.callbacks.is_retry(key) and not store.is_final(slot):
                assert (store.records[slot].attempts or 0) < 4

    def teardown(self) -> None:
        COMMANDS["(treatment decisions)"] += sum(
            e.event == "treatment-decision" for e in self.events
        )
        COMMANDS["(calls abandoned)"] += sum(e.event == "call-abandoned" for e in self.events)
        COMMANDS["(calls waiting)"] += sum(e.event == "dial-waiting" for e in self.events)
        report = check_steps(read_steps((e.to_json() for e in self.events), TraceFormat.SIMULATE))
        illegal = [r.to_dict() for r in report.interactions if r.first_illegal is not None]
        assert illegal == []


def teardown_module() -> None:
    print(f"\n{sum(COMMANDS.values())} commands: {dict(COMMANDS.most_common())}")


TestServerAndDesks = ServerAndDesks.TestCase
TestServerAndDesks.settings = settings(TestServerAndDesks.settings, stateful_step_count=60)
