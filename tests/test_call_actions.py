"""Every call action of seed 003 on the desk, in every dialing mode and on web callbacks.

Seed 003: End Call, Hold, Resume, Instant Call Transfer and Conference to a contact or an
internal target, Start Consultation (the target may decline, either side may end it, the agent
may then transfer or conference), Send DTMF, Schedule a Callback, Mark Done (a disposition code
may be required first), the Notepad and the Party Action Menu. What the record does when the
call goes to another agent follows Genesys' "Outbound Record Sharing Between Multiple Desktops"
(docs/sources.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from outbound_core import (
    FieldSet,
    FieldSpec,
    InMemoryOutboundServer,
    OutboundOptions,
    OutboundService,
    PhoneType,
    Record,
)
from outbound_core.codes import RecordStatus
from outbound_core.desk.actions import DeskAction, PartyAction, PartyActionRequested
from outbound_core.desk.targets import CallTarget
from outbound_core.errors import InvalidValue, NotFound, OutboundError, TransitionNotAllowed
from outbound_core.replay import TraceFormat, check_steps, read_steps
from outbound_core.server import WebCallbackRequest
from outbound_core.timing import CallingWindow
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)
FIELDS = FieldSet((FieldSpec("Visits", "int", "number", editable=True),))
MODES = ["Preview", "PushPreview", "DirectPushPreview", "Progressive", "Predictive"]


def record(handle: int, chain: int, **more: Any) -> Record:
    given = {"phone": f"+1555{handle:04d}", "tz_name": "EST", "attempts": 0} | more
    return Record(record_handle=handle, chain_id=chain, **given)


class Day:
    """A server with desks a and b, one campaign in `mode`, and a trace."""

    def __init__(self, mode: str, options: OutboundOptions | None = None) -> None:
        self.trace: list[TraceEvent] = []
        self.actions: list[DeskAction] = []
        self.server = InMemoryOutboundServer(NOW)
        self.server.trace.sinks.append(self.trace.append)
        self.server.add_campaign("c", mode, FIELDS)
        for agent in ("a", "b"):
            self.server.add_agent(agent, options=options, campaigns=["c"] if agent == "a" else [])
        email = record(12, 1, phone="jane@example.com", phone_type=PhoneType.EMAIL_ADDRESS)
        self.server.load_chains("c", [[record(11, 1), email], [record(21, 2)], [record(31, 3)]])
        self.server.campaign_event("c", "load")
        self.server.campaign_event("c", "start")
        self.desks = {
            agent: OutboundService(
                self.server, agent, id_prefix=f"{agent}:", observer=self.actions.append
            )
            for agent in ("a", "b")
        }
        for agent, desk in self.desks.items():
            desk.login()
            if agent == "b":
                desk.ready()
        self.mode = mode

    @property
    def a(self) -> OutboundService:
        return self.desks["a"]

    @property
    def b(self) -> OutboundService:
        return self.desks["b"]

    def connected_call(self) -> str:
        """Agent a on a connected call with record 11, whatever the mode."""
        a = self.a
        a.ready()
        if self.mode == "Preview":
            iid = a.get_preview_record("c") or ""
        elif self.mode == "DirectPushPreview":
            a.start_direct_push_preview()
            iid = next(iter(a.held))
        elif self.mode == "PushPreview":
            iid = next(iter(a.held))
            a.accept(iid)
        else:
            attempt = self.server.dial("c")
            assert attempt is not None
            self.server.dial_answered(attempt.dial_id)
            a.sync()
            return next(iter(a.held))
        call = a.call_preview_record(iid, a.held[iid].interaction.record.record_handle)
        a.call_connected(call)
        return call

    def state(self) -> str:
        desks = {k: d.snapshot() for k, d in self.desks.items()}
        return json.dumps({"server": self.server.snapshot(), "desks": desks}, default=str)

    def refused(self, command: Callable[[], object], error: type[OutboundError]) -> None:
        before = self.state()
        with pytest.raises(error):
            command()
        assert self.state() == before

    def legal(self) -> None:
        report = check_steps(read_steps([e.to_json() for e in self.trace], TraceFormat.SIMULATE))
        assert [r.to_dict() for r in report.interactions if r.first_illegal is not None] == []


@pytest.fixture(params=MODES)
def day(request: pytest.FixtureRequest) -> Day:
    return Day(request.param)


# ---- hold, resume, end call, statuses ----------------------------------------------------------


def test_hold_resume_and_end_call_give_seed_003s_statuses(day: Day) -> None:
    a = day.a
    call = day.connected_call()
    assert a.call_status(call) == "Connected"
    a.hold(call)
    assert a.call_status(call) == "On Hold"
    day.refused(lambda: a.hold(call), TransitionNotAllowed)
    a.resume(call)
    assert a.call_status(call) == "Connected"
    a.end_call(call)
    assert a.call_status(call) == "Ready to Call"
    assert a.held[call].interaction.state == "after_call"
    a.mark_done(call)
    day.legal()


@pytest.mark.parametrize("mode", ["Preview", "PushPreview", "DirectPushPreview"])
def test_a_preview_not_yet_called_is_ready_to_call(mode: str) -> None:
    day = Day(mode)
    day.a.ready()
    if mode == "Preview":
        iid = day.a.get_preview_record("c") or ""
    else:
        if mode == "DirectPushPreview":
            day.a.start_direct_push_preview()
        iid = next(iter(day.a.held))
    assert day.a.call_status(iid) == "Ready to Call"
    for action in (day.a.hold, day.a.end_call, lambda i: day.a.send_dtmf(i, "1")):
        day.refused(lambda action=action: action(iid), TransitionNotAllowed)
    for hand in (day.a.transfer, day.a.conference, day.a.start_consultation):
        day.refused(lambda hand=hand: hand(iid, CallTarget.agent("b")), TransitionNotAllowed)


# ---- DTMF and the case history -----------------------------------------------------------------------


def test_dtmf_is_attached_to_the_case_history_and_refused_on_hold(day: Day) -> None:
    a = day.a
    call = day.connected_call()
    a.send_dtmf(call, "12*#AD")
    assert [(e.kind, e.text) for e in a.held[call].interaction.history] == [("dtmf", "12*#AD")]
    a.hold(call)
    day.refused(lambda: a.send_dtmf(call, "1"), TransitionNotAllowed)
    a.resume(call)
    for bad in ("", "12E", "x", None, 7, "1" * 65):
        day.refused(lambda bad=bad: a.send_dtmf(call, bad), InvalidValue)
    day.legal()


def test_notes_and_dispositions_on_an_ongoing_or_ended_call(day: Day) -> None:
    a = day.a
    call = day.connected_call()
    a.add_note(call, "asked about the new plan")
    a.set_disposition(call, "Resolved")
    a.end_call(call)
    a.set_disposition(call, "Call back later")
    interaction = a.held[call].interaction
    assert interaction.disposition == "Call back later"
    assert [e.kind for e in interaction.history] == ["note", "disposition", "disposition"]
    day.refused(lambda: a.set_disposition(call, "Not a code"), InvalidValue)
    day.refused(lambda: a.add_note(call, "   "), InvalidValue)
    a.mark_done(call)
    day.legal()


@pytest.mark.parametrize("mode", MODES)
def test_a_mandatory_disposition_is_asked_for_before_mark_done(mode: str) -> None:
    options = OutboundOptions.from_mapping({"interaction.disposition.is-mandatory": "true"})
    day = Day(mode, options)
    a = day.a
    call = day.connected_call()
    a.end_call(call)
    day.refused(lambda: a.mark_done(call), TransitionNotAllowed)
    a.set_disposition(call, "Resolved")
    a.mark_done(call)
    assert day.server.record_status(11) is RecordStatus.UPDATED


# ---- transfer, conference and consultation ----------------------------------------------------------


def test_a_transfer_to_an_agent_gives_them_the_record_and_its_rights(day: Day) -> None:
    a, b = day.a, day.b
    call = day.connected_call()
    delivery_id = a.held[call].delivery.delivery_id
    a.transfer(call, CallTarget.agent("b"))
    assert call not in a.held
    b.sync()
    (taken,) = b.held
    assert b.held[taken].interaction.state == "in_call"
    assert b.call_status(taken) == "Connected"
    assert day.server.record_status(11) is RecordStatus.RETRIEVED
    assert not day.server.holds("a", delivery_id)
    assert delivery_id not in day.server.session_of("a").interactions
    b.end_call(taken)
    b.mark_done(taken)
    assert day.server.record_status(11) is RecordStatus.UPDATED
    day.legal()


def test_a_transfer_to_a_contact_leaves_the_record_to_finish_here(day: Day) -> None:
    a = day.a
    call = day.connected_call()
    a.transfer(call, CallTarget.contact("+1 555 0199"))
    assert a.held[call].interaction.state == "after_call"
    assert a.call_status(call) == "Ready to Call"
    a.mark_done(call)
    day.legal()


def test_a_transfer_to_an_agent_who_cannot_take_it_changes_nothing(day: Day) -> None:
    a, b = day.a, day.b
    call = day.connected_call()
    b.not_ready()
    day.refused(lambda: a.transfer(call, CallTarget.agent("b")), TransitionNotAllowed)
    day.refused(lambda: a.transfer(call, CallTarget.agent("nobody")), NotFound)
    day.refused(lambda: a.transfer(call, CallTarget.agent("a")), TransitionNotAllowed)
    day.refused(lambda: a.transfer(call, "not a number"), InvalidValue)
    day.refused(lambda: a.transfer(call, 42), InvalidValue)  # type: ignore[arg-type]


def test_a_conference_shares_the_record_and_the_first_to_finish_wins(day: Day) -> None:
    a, b = day.a, day.b
    call = day.connected_call()
    delivery_id = a.held[call].delivery.delivery_id
    a.conference(call, "agent:b")
    b.sync()
    (shared,) = b.held
    assert b.call_status(shared) == "Connected"
    assert day.server.holds("a", day.a.held[call].delivery.delivery_id)
    b.end_call(shared)
    b.set_call_result(shared, 33)
    b.mark_done(shared)
    a.sync()
    assert call not in a.held
    assert day.server.record(11).call_result == 33
    assert delivery_id not in day.server.session_of("a").interactions
    day.legal()


def test_a_consultation_completed_as_a_transfer(day: Day) -> None:
    a, b = day.a, day.b
    call = day.connected_call()
    a.start_consultation(call, CallTarget.agent("b"))
    assert a.call_status(call) == "On Hold"
    day.refused(lambda: a.complete_transfer(call), TransitionNotAllowed)  # not accepted yet
    a.consultation_accepted(call)
    a.complete_transfer(call)
    assert call not in a.held
    b.sync()
    assert len(b.held) == 1
    day.legal()


def test_a_desk_rebuilt_mid_consultation_keeps_its_target(day: Day) -> None:
    a = day.a
    call = day.connected_call()
    a.start_consultation(call, "agent:b")
    a.consultation_accepted(call)
    saved = a.snapshot()
    assert json.loads(json.dumps(saved)) == saved
    again = OutboundService.from_snapshot(day.server, saved)
    assert again.snapshot() == saved
    assert again.held[call].consultation == CallTarget.agent("b")
    again.complete_transfer(call)
    assert call not in again.held
    day.b.sync()
    assert len(day.b.held) == 1


def test_a_consultation_completed_as_a_conference(day: Day) -> None:
    a, b = day.a, day.b
    call = day.connected_call()
    a.start_consultation(call, "agent:b")
    a.consultation_accepted(call)
    a.complete_conference(call)
    assert a.call_status(call) == "Connected"
    b.sync()
    assert len(b.held) == 1
    a.end_call(call)
    a.mark_done(call)
    b.sync()
    assert b.held == {}
    day.legal()


@pytest.mark.parametrize("ending", ["declined", "ended_by_target", "ended_by_agent"])
def test_a_consultation_declined_or_ended_leaves_the_call_on_hold(day: Day, ending: str) -> None:
    a = day.a
    call = day.connected_call()
    a.start_consultation(call, "+1 555 0177")
    if ending == "declined":
        a.consultation_declined(call)
    else:
        a.consultation_accepted(call)
        if ending == "ended_by_target":
            a.consultation_ended_by_target(call)
        else:
            a.end_consultation(call)
    assert a.call_status(call) == "On Hold"
    day.refused(lambda: a.complete_transfer(call), TransitionNotAllowed)
    a.resume(call)
    assert a.call_status(call) == "Connected"
    day.legal()


# ---- the Party Action Menu ---------------------------------------------------------------------------------


def test_the_party_action_menu_offers_the_contacts_other_channels() -> None:
    day = Day("Preview")
    day.a.ready()
    iid = day.a.get_preview_record("c") or ""
    actions = day.a.party_actions(iid)
    assert actions == (PartyAction("email", "jane@example.com", 12),)
    day.a.start_party_action(iid, actions[0])
    assert day.actions[-1] == PartyActionRequested("a", iid, actions[0])
    day.refused(
        lambda: day.a.start_party_action(iid, PartyAction("email", "x@y.z", 99)), InvalidValue
    )


# ---- web callbacks once called ----------------------------------------------------------------------------


def web_day() -> tuple[Day, str]:
    day = Day("Preview")
    day.server.web_callbacks.submit(
        WebCallbackRequest(
            "w", "+15550199", "EST", NOW, NOW + timedelta(hours=2), CallingWindow(0, 86399)
        )
    )
    day.a.ready()
    day.a.web_callback_ready(True)
    day.a.web_callback("w", "accept")
    day.a.web_callback("w", "call")
    day.a.web_callback("w", "answer")
    return day, "w"


def test_a_web_callbacks_call_has_every_call_action() -> None:
    day, w = web_day()
    a = day.a
    assert a.call_status(w) == "Connected"
    a.send_dtmf(w, "42")
    a.add_note(w, "wants the premium plan")
    a.hold(w)
    assert a.call_status(w) == "On Hold"
    assert day.server.web_callbacks.requests[w].state == "on_hold"
    day.refused(lambda: a.send_dtmf(w, "1"), TransitionNotAllowed)
    a.resume(w)
    a.start_consultation(w, "+1 555 0188")
    assert day.server.web_callbacks.requests[w].state == "on_hold"
    a.consultation_declined(w)
    a.resume(w)
    a.conference(w, "+1 555 0166")
    assert a.call_status(w) == "Connected"
    a.end_call(w)
    assert a.call_status(w) == "Ready to Call"
    a.set_disposition(w, "Resolved")
    a.web_callback(w, "mark_done")
    history = [e.kind for e in day.server.web_callbacks.requests[w].history]
    assert history == ["dtmf", "note", "start_consultation", "instant_conference"]
    day.legal()


def test_a_web_callback_transferred_to_an_agent_goes_on_with_them() -> None:
    day, w = web_day()
    day.a.transfer(w, CallTarget.agent("b"))
    assert w not in day.a.web_callbacks_offered
    day.b.sync()
    assert day.b.web_callbacks_offered == [w]
    assert day.b.call_status(w) == "Connected"
    day.b.end_call(w)
    day.b.set_disposition(w, "Resolved")
    day.b.web_callback(w, "mark_done")
    day.legal()


def test_a_web_callback_transferred_to_a_contact_is_ready_to_call() -> None:
    day, w = web_day()
    day.a.transfer(w, "contact:+1 555 0155")
    assert day.a.call_status(w) == "Ready to Call"
    assert day.server.web_callbacks.requests[w].state == "ready_to_call"


def test_the_call_actions_page_example_runs() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "call-actions.md"
    text = page.read_text(encoding="utf-8")
    block = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(block, "call-actions.md", "exec"), {})
