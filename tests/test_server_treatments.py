"""The server applies the calling list's treatments when a call result is final (issue 14).

Scenarios a harness drives from outside: a system dial that fails, is abandoned or meets an
answering machine; Mark Done with the treatment the desktop asks for; a personal callback whose
agent is gone. Each checks the record's status, type, attempts and next attempt, the chain's
place, and that the trace replays legally.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from outbound_core import (
    InMemoryOutboundServer,
    OutboundOptions,
    OutboundService,
    Record,
)
from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import OutboundError
from outbound_core.replay import TraceFormat, check_steps, read_steps
from outbound_core.server.campaigns import CampaignRules
from outbound_core.server.store import Place
from outbound_core.timing import calling_hours_preset
from outbound_core.trace import TraceEvent
from outbound_core.treatments import TreatmentTable, shipped_treatments

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)  # 10:00 in New York, a Monday
TABLE = shipped_treatments()


def table(*rows: dict[str, Any]) -> TreatmentTable:
    return TreatmentTable.from_list(list(rows))


def chain(chain_id: int, *phones: str, **more: Any) -> list[Record]:
    given = {"tz_name": "America/New_York", "attempts": 0} | more
    return [
        Record(record_handle=10 * chain_id + n, chain_id=chain_id, phone=phone, **given)
        for n, phone in enumerate(phones, 1)
    ]


class Day:
    """One server with one campaign and one agent, its trace kept."""

    def __init__(
        self,
        mode: str = "Progressive",
        rules: CampaignRules | None = None,
        chains: list[list[Record]] | None = None,
        treatment_mode: str = "none",
        **campaign: Any,
    ) -> None:
        self.trace: list[TraceEvent] = []
        self.server = server = InMemoryOutboundServer(NOW)
        server.trace.sinks.append(self.trace.append)
        server.add_campaign("c", mode, rules=rules or CampaignRules(TABLE), **campaign)
        server.load_chains("c", chains or [chain(1, "+1 212 555 0101", "+1 212 555 0102")])
        server.campaign_event("c", "load")
        server.campaign_event("c", "start")
        options = OutboundOptions.from_mapping({"outbound.treatment-mode": treatment_mode})
        server.add_agent("a", options=options, campaigns=["c"])
        self.desk = OutboundService(server, "a")
        self.desk.login()
        self.desk.ready()

    def status(self, handle: int) -> tuple[RecordStatus, RecordType, int | None, Any]:
        server = self.server
        record = server.record(handle)
        return (
            server.record_status(handle),
            server.record_type(handle),
            record.attempts,
            record.call_result,
        )

    def place(self, chain_id: int) -> Place:
        store = self.server.store
        return Place(store.chain_place[store.chain_key_of(10 * chain_id + 1)])

    def dial_fails(self, result: CallResult | str) -> int:
        attempt = self.server.dial("c")
        assert attempt is not None
        self.server.dial_failed(attempt.dial_id, result)
        return attempt.record_handle

    def decisions(self) -> list[dict[str, Any]]:
        return [e.args for e in self.trace if e.event == "treatment-decision"]

    def legal(self) -> None:
        lines = [event.to_json() for event in self.trace]
        report = check_steps(read_steps(lines, TraceFormat.SIMULATE))
        assert [r.to_dict() for r in report.interactions if r.first_illegal] == []


def test_a_busy_number_is_redialed_after_10_then_15_then_20_minutes_then_the_next_number() -> None:
    day = Day()
    waits = []
    for _ in range(3):
        handle = day.dial_fails("Busy")
        assert handle == 11
        status, kind, _, result = day.status(11)
        assert (status, kind, result) == (RecordStatus.READY, RecordType.CAMPAIGN_RESCHEDULED, 6)
        assert day.place(1) is Place.SCHEDULED
        due = datetime.fromisoformat(day.decisions()[-1]["next_attempt"])
        waits.append(due - day.server.now)
        assert day.server.dial("c") is None  # nothing else to dial until it is due
        day.server.advance(due)
    assert waits == [timedelta(minutes=10), timedelta(minutes=15), timedelta(minutes=20)]
    assert day.status(11)[2] == 3
    # Busy a fourth time: step 2, Next In Chain, dials the customer's next number at once.
    assert day.dial_fails("Busy") == 11
    assert day.decisions()[-1]["action"] == "next-in-chain"
    assert day.decisions()[-1]["next_record"] == 12
    day.server.advance(day.server.now)
    attempt = day.server.dial("c")
    assert attempt is not None
    assert attempt.record_handle == 12
    assert day.status(11)[:3] == (RecordStatus.CHAIN_READY, RecordType.CAMPAIGN_RESCHEDULED, 4)
    day.legal()


def test_maximum_attempts_finalize_the_chain() -> None:
    day = Day(rules=CampaignRules(TABLE, max_attempts=2))
    day.dial_fails("Busy")
    day.server.advance(day.server.now + timedelta(minutes=10))
    day.dial_fails("Busy")
    assert day.status(11)[:3] == (RecordStatus.UPDATED, RecordType.CAMPAIGN_RESCHEDULED, 2)
    assert day.status(12)[0] is RecordStatus.CHAIN_UPDATED
    assert day.place(1) is Place.DONE
    assert "max-attempts" in day.decisions()[-1]["reasons"]
    day.legal()


def test_a_result_with_no_treatment_finalizes_the_record_updated() -> None:
    day = Day()
    day.dial_fails("General Error")
    assert day.status(11) == (RecordStatus.UPDATED, RecordType.GENERAL, 1, CallResult.GENERAL_ERROR)
    assert day.place(1) is Place.DONE
    assert day.decisions()[-1]["action"] == "no-treatment"


def test_without_treatments_a_failed_dial_ends_the_chain_as_before() -> None:
    day = Day(rules=CampaignRules())
    day.dial_fails("Busy")
    assert day.status(11) == (RecordStatus.UPDATED, RecordType.GENERAL, 1, CallResult.BUSY)
    assert day.decisions() == []


def test_a_retry_due_in_a_closed_window_moves_to_the_next_open_instant() -> None:
    # 20:50 in New York: the record may be called until 21:00; a retry in 2 hours would fall
    # at 22:50 and moves to 09:00 the next morning.
    late = [chain(1, "+1 212 555 0101", daily_from=9 * 3600, daily_until=21 * 3600 - 1)]
    day = Day(chains=late)
    day.server.advance(datetime(2026, 6, 16, 0, 50, tzinfo=UTC))
    day.dial_fails("No Answer")
    decision = day.decisions()[-1]
    assert "outside-window" in decision["reasons"]
    assert decision["next_attempt"] == "2026-06-16T13:00:00+00:00"


def test_the_legal_calling_hours_hold_a_retry_too() -> None:
    day = Day(calling_hours=[calling_hours_preset("us-federal")])
    day.server.advance(datetime(2026, 6, 16, 0, 30, tzinfo=UTC))  # 20:30 in New York
    day.dial_fails("Silence")  # retry in 30 minutes: 21:00, the federal limit
    decision = day.decisions()[-1]
    assert decision["next_attempt"] == "2026-06-16T12:00:00+00:00"  # 08:00 the next day
    assert "legal-hours" in decision["reasons"]


def test_an_answering_machine_is_dropped_or_connected_to_a_dn_and_the_record_retried() -> None:
    day = Day()
    day.dial_fails("Answering Machine Detected")
    failed = [e for e in day.trace if e.event == "dial-failed"][-1]
    assert failed.args["call_action"] == "drop"
    assert day.status(11)[:2] == (RecordStatus.READY, RecordType.CAMPAIGN_RESCHEDULED)
    connect = table(
        {"call_result": "Answering Machine Detected", "apply_to": "call", "action": "Connect",
         "destination_dn": "7001"},
        {"call_result": "Answering Machine Detected", "action": "Retry In",
         "number_in_sequence": 1, "interval": "0:04:00"},
    )  # fmt: skip
    day = Day(rules=CampaignRules(connect))
    day.dial_fails("Answering Machine Detected")
    failed = [e for e in day.trace if e.event == "dial-failed"][-1]
    assert (failed.args["call_action"], failed.args["destination_dn"]) == ("connect", "7001")
    assert day.server.stats["calls connect"] == 1


def test_an_abandoned_call_is_retried_after_three_days_and_its_number_held_under_ofcom() -> None:
    day = Day(rules=CampaignRules(TABLE, abandon="ofcom"))
    attempt = day.server.dial("c")
    assert attempt is not None
    day.desk.not_ready()  # nobody to take the answered call
    assert day.server.dial_answered(attempt.dial_id) is None
    day.server.advance(NOW + timedelta(seconds=2))  # the threshold: the call is abandoned
    assert day.status(11)[3] is CallResult.ABANDONED
    decision = day.decisions()[-1]
    assert decision["action"] == "retry-in"
    assert datetime.fromisoformat(decision["next_attempt"]) >= NOW + timedelta(hours=72)
    held = day.server.treating.holds()
    assert held == {"+12125550101": NOW + timedelta(seconds=2, hours=72)}


@pytest.mark.parametrize(
    ("mode", "kind", "queue"),
    [
        ("campaign", RecordType.CAMPAIGN_RESCHEDULED, "campaign"),
        ("personal", RecordType.PERSONAL_RESCHEDULED, "personal"),
    ],
)
def test_mark_done_asks_for_the_treatment_the_agent_s_option_names(
    mode: str, kind: RecordType, queue: str
) -> None:
    day = Day("Preview", treatment_mode=mode)
    iid = day.desk.get_preview_record("c")
    assert iid is not None
    call = day.desk.call_preview_record(iid, 11)
    day.desk.call_connected(call)
    day.desk.set_call_result(call, 6)
    day.desk.call_ended(call)
    outcome = day.desk.mark_done(call)
    assert outcome.treatment.value == mode
    assert day.status(11)[:3] == (RecordStatus.READY, kind, 1)
    day.server.advance(NOW + timedelta(minutes=10))
    store = day.server.store
    personal = [e for e in store.personal["a"] if store.valid(e)]
    assert bool(personal) == (queue == "personal")
    day.legal()


def test_mark_done_without_a_treatment_asked_for_finalizes_as_before() -> None:
    day = Day("Preview")
    iid = day.desk.get_preview_record("c")
    assert iid is not None
    call = day.desk.call_preview_record(iid, 11)
    day.desk.call_connected(call)
    day.desk.set_call_result(call, 6)
    day.desk.call_ended(call)
    day.desk.mark_done(call)
    assert day.status(11)[0] is RecordStatus.UPDATED
    assert day.decisions() == []


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("Assign To Group", RecordStatus.READY, RecordType.CAMPAIGN_CALLBACK),
        ("Mark As Agent Error", RecordStatus.AGENT_ERROR, RecordType.PERSONAL_CALLBACK),
    ],
)
def test_a_personal_callback_whose_agent_is_gone_is_treated(
    action: str, status: RecordStatus, kind: RecordType
) -> None:
    rules = CampaignRules(table({"call_result": "Agent CallBack Error", "action": action}))
    day = Day("Preview", rules=rules)
    iid = day.desk.get_preview_record("c")
    assert iid is not None
    when = (NOW + timedelta(hours=1)).astimezone(UTC)
    day.desk.reschedule_record(iid, 11, "06/15/2026 11:00", "PERSONAL")
    day.desk.mark_done(iid)
    day.desk.logout()
    day.server.advance(when + timedelta(minutes=1))
    assert day.status(11)[0] is status
    assert day.status(11)[1] is kind
    assert day.status(11)[3] is CallResult.AGENT_CALLBACK_ERROR
    day.legal()


def test_do_not_call_added_meanwhile_stops_the_retry() -> None:
    day = Day(chains=[chain(1, "+1 212 555 0101")])
    day.dial_fails("No Answer")
    day.server.dnc.add("+1 212 555 0101")
    day.server.advance(NOW + timedelta(hours=2))
    assert day.server.dial("c") is None
    assert day.status(11)[1] is RecordType.NO_CALL


def test_a_snapshot_taken_while_a_retry_waits_resumes_the_same() -> None:
    day = Day()
    day.dial_fails("Busy")
    copy = InMemoryOutboundServer.from_snapshot(json.loads(json.dumps(day.server.snapshot())))
    assert copy.snapshot() == day.server.snapshot()
    for server in (day.server, copy):
        server.advance(NOW + timedelta(minutes=10))
        attempt = server.dial("c")
        assert attempt is not None
        server.dial_failed(attempt.dial_id, "Busy")
    assert copy.snapshot() == day.server.snapshot()
    assert copy.treating.history(0) == day.server.treating.history(0)
    assert len(copy.treating.history(0)) == 2


def test_a_refused_dial_result_changes_nothing() -> None:
    day = Day()
    attempt = day.server.dial("c")
    assert attempt is not None
    before = json.dumps(day.server.snapshot())
    with pytest.raises(OutboundError):
        day.server.dial_failed(attempt.dial_id, "garbage")
    assert json.dumps(day.server.snapshot()) == before


def test_a_retry_is_no_callback_and_never_goes_missed() -> None:
    day = Day("Preview")
    day.server.treating
    iid = day.desk.get_preview_record("c")
    assert iid is not None
    call = day.desk.call_preview_record(iid, 11)
    day.desk.call_connected(call)
    day.desk.set_call_result(call, 7)  # No Answer: retry in 2 hours
    day.desk.call_ended(call)
    day.desk.mark_done(call)
    assert day.decisions() == []  # the agent's desktop asks for no treatment
    day = Day("Preview", treatment_mode="campaign")
    iid = day.desk.get_preview_record("c")
    assert iid is not None
    call = day.desk.call_preview_record(iid, 11)
    day.desk.call_connected(call)
    day.desk.set_call_result(call, 7)
    day.desk.call_ended(call)
    day.desk.mark_done(call)
    assert day.server.callbacks.kind(0) is None
    day.server.advance(NOW + timedelta(hours=3))  # due an hour ago: no callback grace applies
    assert day.status(11)[0] is RecordStatus.READY
    assert day.server.stats["callbacks missed (group callback error)"] == 0
    again = day.desk.get_preview_record("c")
    assert again is not None
    assert day.desk.held[again].delivery.callback is None
    assert day.desk.held[again].delivery.record_handle == 11


def test_a_number_held_after_an_abandoned_call_holds_every_record_with_it() -> None:
    day = Day(chains=[chain(1, "+1 212 555 0101")])
    until = NOW + timedelta(days=1)
    day.server.treating.hold("+1 (212) 555-0101", until)
    day.dial_fails("Busy")
    decision = day.decisions()[-1]
    assert "recall-delay" in decision["reasons"]
    assert datetime.fromisoformat(decision["next_attempt"]) >= until


def test_do_not_call_added_while_the_dial_rings_finalizes_the_chain() -> None:
    day = Day(chains=[chain(1, "+1 212 555 0101")])
    attempt = day.server.dial("c")
    assert attempt is not None
    day.server.dnc.add("+1 212 555 0101")
    day.server.dial_failed(attempt.dial_id, "Busy")
    assert day.status(11)[0] is RecordStatus.UPDATED
    assert "do-not-call" in day.decisions()[-1]["reasons"]


def test_next_in_chain_passes_end_after_their_cycle_attempt() -> None:
    # Busy every time: three redials, then the next number (Next In Chain, two passes).
    day = Day()
    dials: list[int] = []
    while day.place(1) is not Place.DONE and len(dials) < 100:
        day.server.advance(day.server.now + timedelta(minutes=1))
        attempt = day.server.dial("c")
        if attempt is None:
            due = day.decisions()[-1]["next_attempt"]
            day.server.advance(max(day.server.now, datetime.fromisoformat(due)))
            continue
        dials.append(attempt.record_handle)
        day.server.dial_failed(attempt.dial_id, "Busy")
    assert dials == [11, 11, 11, 11, 12, 12, 12, 12, 11, 11, 11, 11, 12, 12, 12, 12]
    assert "chain-cycles-exhausted" in day.decisions()[-1]["reasons"]
    day.legal()
