"""A refused command changes nothing; the server runs its own record lifecycle (issue 11).

One test per finding of the issue, each a scenario a harness drives from outside, and one per
rule that no test guarded. Where a refusal is the point, the whole observable state (the
server's and every desk's snapshot) is compared before and after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
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
    Privileges,
    Record,
    RingingBell,
)
from outbound_core.codes import CallResult, ChainScope, RecordStatus, RecordType
from outbound_core.errors import (
    FieldValidationError,
    InvalidValue,
    NotFound,
    OutboundError,
    PrivilegeMissing,
    ScheduleError,
)
from outbound_core.machines import RECORD_STATUS
from outbound_core.replay import TraceFormat, check_steps, read_steps
from outbound_core.server import Notice, NoticeKind, ServerSettings, WebCallbackRequest
from outbound_core.timing import CallingHours, CallingWindow, Reschedule, resolve_zone
from outbound_core.trace import TraceEvent
from outbound_core.wire.desktop import DesktopProtocol
from outbound_core.wire.ocs import DesktopRequest, encode

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)  # 10:00 in New York
FIELDS = FieldSet(
    (
        FieldSpec("Visits", "int", "number", editable=True),
        FieldSpec("GSW_PHONE", "var-char", "string", editable=True),
        FieldSpec("GSW_FROM", "var-char", "string", editable=True),
        FieldSpec("IW_Note", "var-char", "string", editable=True),
    )
)
EVERYTHING = Privileges.everything()


def record(handle: int, chain: int, phone: str = "", **more: Any) -> Record:
    given = {"tz_name": "EST", "attempts": 0, "custom": {"Visits": 1}} | more
    return Record(
        record_handle=handle, chain_id=chain, phone=phone or f"+1555{handle:04d}", **given
    )


def world(
    mode: str = "Preview",
    agents: dict[str, Privileges] | None = None,
    chains: list[list[Record]] | None = None,
    *,
    options: OutboundOptions | None = None,
    calling_hours: tuple[CallingHours, ...] = (),
    **settings: Any,
) -> tuple[InMemoryOutboundServer, dict[str, OutboundService], list[TraceEvent]]:
    trace: list[TraceEvent] = []
    server = InMemoryOutboundServer(NOW, ServerSettings(**settings))
    server.trace.sinks.append(trace.append)
    server.add_campaign("c", mode, FIELDS, calling_hours=calling_hours)
    agents = {"a": EVERYTHING} if agents is None else agents
    for agent, privileges in agents.items():
        server.add_agent(agent, privileges=privileges, options=options, campaigns=["c"])
    server.load_chains(
        "c", chains or [[record(10 * n + 1, n), record(10 * n + 2, n)] for n in (1, 2, 3)]
    )
    server.campaign_event("c", "load")
    server.campaign_event("c", "start")
    desks = {agent: OutboundService(server, agent, id_prefix=f"{agent}:") for agent in agents}
    for desk in desks.values():
        desk.login()
        desk.ready()
    return server, desks, trace


def state(server: InMemoryOutboundServer, desks: dict[str, OutboundService]) -> str:
    """Everything observable, as one JSON text."""
    return json.dumps(
        {"server": server.snapshot(), "desks": {k: d.snapshot() for k, d in desks.items()}},
        sort_keys=True,
        default=str,
    )


def refused(
    server: InMemoryOutboundServer,
    desks: dict[str, OutboundService],
    command: Callable[[], object],
    error: type[OutboundError] = OutboundError,
) -> OutboundError:
    before = state(server, desks)
    with pytest.raises(error) as caught:
        command()
    assert state(server, desks) == before, "a refused command changed something"
    return caught.value


def later(hours: float, zone: str = "EST") -> str:
    return Reschedule(NOW + timedelta(hours=hours), resolve_zone(zone)).text


def called(desk: OutboundService, iid: str, handle: int | None = None) -> str:
    held = desk.held[iid].interaction
    call = desk.call_preview_record(iid, held.record.record_handle if handle is None else handle)
    desk.call_connected(call)
    return call


def legal(trace: list[TraceEvent]) -> None:
    lines = [event.to_json() for event in trace]
    report = check_steps(read_steps(lines, TraceFormat.SIMULATE))
    bad = [r.to_dict() for r in report.interactions if r.first_illegal is not None]
    assert bad == []


# ---- 1. work leased to an agent who cannot take it ----------------------------------------------


def test_an_agent_without_can_use_gets_no_preview_record_and_nothing_is_leased() -> None:
    server, desks, _ = world(agents={"a": Privileges.from_names([])})
    refused(server, desks, lambda: desks["a"].get_preview_record("c"), PrivilegeMissing)
    assert server.record_status(11) is RecordStatus.READY
    assert len(server.leases) == 0


def test_a_system_dial_never_reserves_an_agent_without_can_use() -> None:
    server, _desks, _ = world("Progressive", agents={"x": Privileges.from_names([])})
    assert server.dial("c") is None
    assert len(server.leases) == 0
    assert server.session_of("x").state == "ready"


class _Pushing:
    """A backend that pushes a record the agent cannot work, with a campaign message after."""

    def __init__(self, server: InMemoryOutboundServer, delivery: Any) -> None:
        self._server = server
        self._extra = [
            Notice(NoticeKind.DELIVERED, delivery=delivery),
            Notice(NoticeKind.CAMPAIGN, notification=None),
        ]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)

    def poll(self, agent_id: str) -> list[Notice]:
        extra, self._extra = self._extra, []
        return extra + self._server.poll(agent_id)


def test_a_desk_gives_back_what_it_cannot_take_and_keeps_the_other_notices() -> None:
    server, desks, _ = world("Progressive", agents={"a": EVERYTHING, "x": EVERYTHING})
    attempt = server.dial("c")
    assert attempt is not None
    assert attempt.agent_id == "a"
    delivery = server.dial_answered(attempt.dial_id)
    assert delivery is not None
    desks["a"].sync()  # the delivery notice is taken; now replay it through a backend to x
    barred = OutboundService(_Pushing(server, delivery), "x")  # type: ignore[arg-type]
    server.agents.get("x").privileges = Privileges.from_names([])
    notices = barred.sync()
    assert [n.kind for n in notices][:2] == [NoticeKind.DELIVERED, NoticeKind.CAMPAIGN]
    assert barred.held == {}
    assert [e.code for e in barred.refused_deliveries] == ["privilege-missing"]


# ---- 2. Mark Done never fails halfway -------------------------------------------------------


def test_do_not_call_on_a_chain_holding_an_email_contact_completes() -> None:
    email = record(12, 1, "jane@example.com", phone_type=PhoneType.EMAIL_ADDRESS)
    server, desks, trace = world(chains=[[record(11, 1), email]])
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.set_do_not_call(call)
    desk.call_ended(call)
    desk.mark_done(call)
    assert server.record_status(11) is RecordStatus.UPDATED
    assert server.record_type(11) is RecordType.NO_CALL
    assert server.record(11).call_result is CallResult.DO_NOT_CALL
    assert server.dnc.blocks("+1 555 0011")
    assert server.dnc.blocks("JANE@example.com ")
    assert server.record_status(12) is RecordStatus.UPDATED
    assert len(server.leases) == 0
    assert server.session_of("a").state == "ready"
    legal(trace)


@pytest.mark.parametrize(
    "update",
    [
        {"GSW_PHONE": "call me later"},
        {"GSW_PHONE": None},
        {"GSW_FROM": "half past ten"},
        {"IW_Note": "an IW_ key is Genesys's, not a custom field"},
    ],
    ids=["phone-text", "phone-cleared", "from-text", "iw-key"],
)
def test_values_the_field_list_accepts_but_the_record_cannot_hold_are_refused(
    update: dict[str, Any],
) -> None:
    server, desks, _ = world()
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    refused(server, desks, lambda: desk.update_record_fields(call, update), FieldValidationError)
    desk.set_do_not_call(call)
    desk.call_ended(call)
    desk.mark_done(call)
    assert server.record_status(11) is RecordStatus.UPDATED


def test_a_mark_done_the_server_refuses_leaves_the_desk_as_it_was() -> None:
    server, desks, _ = world()
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.call_ended(call)
    original = server.complete

    def refusing(*args: Any) -> None:
        raise InvalidValue("the server is not taking outcomes now")

    server.complete = refusing  # type: ignore[method-assign]
    refused(server, desks, lambda: desk.mark_done(call), InvalidValue)
    server.complete = original  # type: ignore[method-assign]
    desk.mark_done(call)
    assert server.record_status(11) is RecordStatus.UPDATED


# ---- 3. refusals that changed something -----------------------------------------------------------


def test_a_refused_next_record_request_keeps_the_current_record() -> None:
    server, desks, _ = world()
    desk = desks["a"]
    iid = desk.get_preview_record("c") or ""
    refused(server, desks, lambda: desk.get_next_preview_record(iid, "no such campaign"), NotFound)
    assert desk.held[iid].interaction.state == "previewing"
    assert server.record_status(11) is RecordStatus.RETRIEVED


def test_an_agent_with_an_unknown_campaign_is_not_registered() -> None:
    server, desks, _ = world()
    refused(server, desks, lambda: server.add_agent("x", campaigns=["c", "unknown"]), NotFound)
    with pytest.raises(NotFound):
        server.session_of("x")


def test_chains_load_all_or_none() -> None:
    server, desks, _ = world()
    good, clash = [record(101, 10)], [record(11, 11)]  # 11 is loaded already
    refused(server, desks, lambda: server.load_chains("c", [good, clash]), InvalidValue)
    with pytest.raises(NotFound):
        server.record(101)


def test_a_refused_call_uses_up_no_interaction_id() -> None:
    server, desks, _ = world()
    desk = desks["a"]
    iid = desk.get_preview_record("c") or ""
    assert iid == "a:1"
    refused(server, desks, lambda: desk.call_preview_record(iid, 999), NotFound)
    assert desk.call_preview_record(iid, 11) == "a:2"


@pytest.mark.parametrize("junk", [[], {}, None, 10**40, "", "\ud800", float("nan")], ids=repr)
def test_junk_ids_are_refused_with_an_outbound_error_and_change_nothing(junk: Any) -> None:
    server, desks, _ = world()
    desk = desks["a"]
    desk.get_preview_record("c")
    for command in (
        lambda: desk.mark_done(junk),
        lambda: desk.set_call_result(junk, 33),
        lambda: server.return_record("a", junk, "reject"),
        lambda: server.return_record("a", "d1", junk),
        lambda: server.complete("a", junk, junk),
        lambda: server.dial_failed(junk, 6),
        lambda: server.record(junk),
        lambda: server.campaign_event("c", junk),
    ):
        refused(server, desks, command)


# ---- 4. the server runs its own record lifecycle -------------------------------------------------


def test_every_record_move_of_a_worked_chain_is_one_its_machine_allows() -> None:
    server, desks, trace = world()
    desk = desks["a"]
    iid = desk.get_preview_record("c") or ""
    call = called(desk, iid, 12)  # another number of the chain than the one retrieved
    desk.call_ended(call)
    desk.mark_done(call)
    assert server.record_status(12) is RecordStatus.UPDATED
    assert server.record_status(11) is RecordStatus.CHAIN_UPDATED
    moves = [(e.state_before, e.event, e.state_after) for e in trace if e.kind == "record"]
    assert ("retrieved", "hand_over", "chain_ready") in moves
    assert ("chain_ready", "retrieve", "retrieved") in moves
    for before, event, after in moves:
        assert RECORD_STATUS.next(before or "", event) == after
    legal(trace)


def test_a_campaign_callback_nobody_takes_in_time_is_a_missed_callback() -> None:
    server, desks, trace = world(agents={"a": EVERYTHING, "b": EVERYTHING})
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.reschedule_record(call, 11, later(1), "CAMPAIGN")
    desk.call_ended(call)
    desk.mark_done(call)
    server.advance(NOW + timedelta(hours=1, minutes=16))  # due, and 15 minutes of grace gone
    assert server.record_status(11) is RecordStatus.MISSED_CALLBACK
    assert server.record(11).call_result is CallResult.GROUP_CALLBACK_ERROR
    assert desks["b"].get_preview_record("c") is not None  # still goes to the next agent
    assert server.record_status(11) is RecordStatus.RETRIEVED
    legal(trace)


# ---- 5. check judges the simulator's own trace legal ------------------------------------------


@pytest.mark.parametrize(("records", "agents", "seed"), [(8000, 10, 0), (3000, 25, 3)])
def test_a_busy_day_checks_legal(records: int, agents: int, seed: int) -> None:
    from outbound_core.simulation import simulate

    lines: list[str] = []
    sinks = [lambda event: lines.append(event.to_json())]
    summary = simulate(records=records, agents=agents, seed=seed, sinks=sinks)
    assert not summary.problems
    report = check_steps(read_steps(lines, TraceFormat.SIMULATE))
    assert report.legal, [r.to_dict() for r in report.interactions if r.first_illegal][:3]


# ---- 6. one reading for next record and reject ----------------------------------------------------


def test_the_next_preview_record_processes_the_current_one_everywhere() -> None:
    server, _desks, trace = world()
    sent: list[DesktopRequest] = []
    desk = OutboundService(server, "b", observer=DesktopProtocol(sent.append))
    server.add_agent("b", campaigns=["c"])
    desk.login()
    desk.ready()
    first = desk.get_preview_record("c") or ""
    handle = desk.held[first].interaction.record.record_handle
    second = desk.get_next_preview_record(first, "c")
    assert second is not None
    assert first not in desk.held
    assert server.record_status(handle) is RecordStatus.UPDATED
    assert [encode(r)["GSW_AGENT_REQ_TYPE"] for r in sent] == [
        "PreviewRecordRequest",
        "RecordProcessed",
        "PreviewRecordRequest",
    ]
    legal(trace)


def test_a_rejected_record_delivered_again_reopens_on_the_desktop() -> None:
    lines = [
        {"GSW_USER_EVENT": "PreviewRecord", "GSW_RECORD_HANDLE": 7, "GSW_REFERENCE_ID": 1},
        {"GSW_AGENT_REQ_TYPE": "RecordReject", "GSW_RECORD_HANDLE": 7, "GSW_REFERENCE_ID": 2},
        {"GSW_USER_EVENT": "RecordRejectAcknowledge", "GSW_REFERENCE_ID": 2},
        {"GSW_USER_EVENT": "PreviewRecord", "GSW_RECORD_HANDLE": 7},
        {"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_RECORD_HANDLE": 7},
    ]
    report = check_steps(read_steps([json.dumps(x) for x in lines], TraceFormat.OCS))
    record_report = next(r for r in report.interactions if r.interaction_id == "record 7")
    assert record_report.first_illegal is None
    assert record_report.state == "finalized"


# ---- 7. rules now reached ---------------------------------------------------------------------------


def test_a_logout_deadline_waits_for_the_call_being_established() -> None:
    server, desks, _ = world("Progressive", logout_wait=timedelta(seconds=30))
    attempt = server.dial("c")
    assert attempt is not None
    assert attempt.agent_id == "a"
    desks["a"].logout()
    server.advance(NOW + timedelta(minutes=5))
    assert server.session_of("a").state == "logout_pending"
    assert server.dial_answered(attempt.dial_id) is not None
    desks["a"].sync()
    call = next(iter(desks["a"].held))
    desks["a"].call_ended(call)
    desks["a"].mark_done(call)
    assert server.session_of("a").state == "logged_out"


def test_a_web_callback_comes_back_to_the_only_agent_and_expires_with_availability() -> None:
    server, desks, _ = world()
    desk = desks["a"]
    request = WebCallbackRequest(
        "w", "+15550199", "EST", NOW, NOW + timedelta(hours=1), CallingWindow(0, 86399)
    )
    server.web_callbacks.submit(request)
    desk.web_callback_ready(True)
    assert desk.web_callbacks_offered == ["w"]
    desk.web_callback("w", "reject")
    assert desk.web_callbacks_offered == []
    server.advance(NOW + timedelta(seconds=31))
    desk.sync()
    assert desk.web_callbacks_offered == ["w"]  # offered again, the only Ready agent
    desk.web_callback("w", "reject")
    server.advance(NOW + timedelta(hours=1, minutes=1))
    assert server.web_callbacks.requests["w"].state == "expired"


def test_cancel_reschedule_removes_the_schedule_a_callback_arrived_with() -> None:
    server, desks, _ = world()
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.reschedule_record(call, 11, later(1), "PERSONAL")
    desk.call_ended(call)
    desk.mark_done(call)
    server.advance(NOW + timedelta(hours=1))
    iid = desk.get_preview_record("c") or ""
    assert desk.held[iid].interaction.record.record_handle == 11
    desk.cancel_reschedule(iid)
    desk.mark_done(iid)
    assert server.record_type(11) is RecordType.GENERAL


def test_a_desk_reschedule_respects_the_campaigns_legal_calling_hours() -> None:
    rule = CallingHours.weekly("test", {"daily": (9 * 3600, 17 * 3600)})
    server, desks, _ = world(calling_hours=(rule,))
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    evening = Reschedule(NOW.replace(hour=23), resolve_zone("EST")).text  # 19:00 in New York
    refused(
        server, desks, lambda: desk.reschedule_record(call, 11, evening, "PERSONAL"), ScheduleError
    )


def test_the_ringing_bell_reaches_a_callback_pushed_as_a_preview() -> None:
    options = OutboundOptions.from_mapping({"outbound-callback.ringing-bell": "BELL|7|0"})
    server, desks, trace = world("PushPreview", options=options)
    desk = desks["a"]
    iid = next(iter(desk.held))
    desk.accept(iid)
    call = called(desk, iid)
    handle = desk.held[call].interaction.record.record_handle
    desk.reschedule_record(call, handle, later(1), "PERSONAL")
    desk.call_ended(call)
    desk.mark_done(call)
    assert all(held.ringing_bell is None for held in desk.held.values())
    server.advance(NOW + timedelta(hours=1))
    desk.sync()
    back = [h for h in desk.held.values() if h.interaction.record.record_handle == handle]
    assert back
    assert back[0].ringing_bell == RingingBell("BELL", 7, 0)
    delivered = [e for e in trace if e.event == "offer" and e.record_handle == handle]
    assert delivered[-1].args["ringing_bell"] == "BELL|7|0"


# ---- 8. rules no test guarded ------------------------------------------------------------------------


@pytest.mark.parametrize("scope", [ChainScope.RECORD_ONLY, ChainScope.ALL_CHAIN])
def test_do_not_call_reaches_the_record_or_the_chain(scope: ChainScope) -> None:
    server, desks, _ = world(dnc_scope=scope)
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.set_do_not_call(call)
    desk.call_ended(call)
    desk.mark_done(call)
    assert server.dnc.blocks("+15550011")
    whole = scope is ChainScope.ALL_CHAIN
    assert server.dnc.blocks("+15550012") is whole
    assert server.record_type(12) is (RecordType.NO_CALL if whole else RecordType.GENERAL)
    assert server.record_status(12) is (
        RecordStatus.UPDATED if whole else RecordStatus.CHAIN_UPDATED
    )


@pytest.mark.parametrize("scope", [ChainScope.RECORD_ONLY, ChainScope.ALL_CHAIN])
def test_a_cancel_reaches_the_record_or_the_chain(scope: ChainScope) -> None:
    server, desks, _ = world(cancel_scope=scope)
    desks["a"].cancel_preview_record() if desks["a"].get_preview_record("c") else None
    assert server.record_status(11) is RecordStatus.CANCELLED
    whole = scope is ChainScope.ALL_CHAIN
    assert server.record_status(12) is (RecordStatus.CANCELLED if whole else RecordStatus.READY)


def test_remove_do_not_call_needs_its_privilege() -> None:
    names = [p for p in EVERYTHING.names() if p != "privilege.outbound.can-mark-do-not-call"]
    server, desks, _ = world()
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.set_do_not_call(call)
    desk.held[call].interaction.privileges = Privileges.from_names(names)
    refused(server, desks, lambda: desk.remove_do_not_call(call), PrivilegeMissing)


def test_the_desk_lists_call_results_in_the_configured_order() -> None:
    values = "Busy, Answer, NoAnswer"
    options = OutboundOptions.from_mapping({"outbound.call-result-values": values})
    _, desks, _ = world(options=options)
    assert list(desks["a"].get_list_of_call_results().values()) == [6, 33, 7]


def test_reschedule_record_works_whatever_the_reschedule_privileges_say() -> None:
    names = [p for p in EVERYTHING.names() if "reschedule" not in p]
    server, desks, _ = world(agents={"a": Privileges.from_names(names)})
    desk = desks["a"]
    iid = desk.get_preview_record("c") or ""
    assert desk.reschedule_record(iid, 11, later(2), "CAMPAIGN")["record_handle"] == 11
    call = called(desk, desk.get_preview_record("c") or "")
    refused(
        server, desks,
        lambda: desk.reschedule_on_new_number(call, "+1 555 0999", later(2), "PERSONAL"),
        PrivilegeMissing,
    )  # fmt: skip


def test_an_agents_reschedule_needs_can_reschedule_during_the_call_before_call_before() -> None:
    names = [p for p in EVERYTHING.names() if p != "privilege.outbound.can-reschedule-before-call"]
    _, desks, _ = world(agents={"a": Privileges.from_names(names)})
    desk = desks["a"]
    iid = desk.get_preview_record("c") or ""
    when = Reschedule(NOW + timedelta(hours=2), resolve_zone("EST"))
    with pytest.raises(PrivilegeMissing):
        desk.held[iid].interaction.reschedule(when, "PERSONAL", now=NOW)
    interaction = desk.held[called(desk, iid)].interaction
    assert interaction.reschedule(when, "PERSONAL", now=NOW).record_handle == 11
    interaction.cancel_reschedule()
    interaction.privileges = Privileges.from_names(
        [p for p in names if p != "privilege.outbound.can-reschedule"]
    )
    with pytest.raises(PrivilegeMissing):
        interaction.reschedule(when, "PERSONAL", now=NOW)


def test_get_record_fields_shows_the_buffered_values() -> None:
    _, desks, _ = world()
    desk = desks["a"]
    call = called(desk, desk.get_preview_record("c") or "")
    desk.update_record_fields(call, {"Visits": 7})
    shown = {spec.name: spec.value for spec in desk.get_record_fields(call)}
    assert shown["Visits"] == 7


def test_predictive_dials_ahead_and_abandons_what_nobody_takes() -> None:
    server, desks, _ = world("Predictive", predictive_overdial=2)
    desks["a"].not_ready()
    dials = [server.dial("c") for _ in range(3)]
    assert dials[0] is not None
    assert dials[1] is not None
    assert dials[2] is None
    assert dials[0].agent_id is None
    assert server.dial_answered(dials[0].dial_id) is None  # nobody Ready: it waits
    handle = dials[0].record_handle
    assert server.record(handle).call_result is None
    assert server.next_deadline() == server.now + timedelta(seconds=2)  # the TSR threshold
    server.advance(server.now + timedelta(seconds=5))  # nobody took it in 2 s: abandoned
    assert server.record(handle).call_result is CallResult.ABANDONED
    assert server.record_status(handle) is RecordStatus.UPDATED
    assert server.next_deadline() is None
    # The second call is answered too, and an agent goes Ready within the threshold: theirs.
    assert server.dial_answered(dials[1].dial_id) is None
    server.advance(server.now + timedelta(seconds=1))
    desks["a"].ready()
    desks["a"].sync()
    assert server.leases[dials[1].dial_id].agent_id == "a"
    assert server.next_deadline() is None


def test_a_failed_progressive_dial_finalizes_the_record() -> None:
    server, _, _ = world("Progressive")
    attempt = server.dial("c")
    assert attempt is not None
    server.dial_failed(attempt.dial_id, "Busy")
    assert server.record(attempt.record_handle).call_result is CallResult.BUSY
    assert server.record(attempt.record_handle).attempts == 1
    assert server.record_status(attempt.record_handle) is RecordStatus.UPDATED
    assert server.record_status(attempt.record_handle + 1) is RecordStatus.CHAIN_UPDATED
    assert server.session_of("a").state == "ready"
    assert not server.session_of("a").call_in_flight


def test_a_web_callback_is_routed_from_the_start_of_availability() -> None:
    server, desks, _ = world()
    desk = desks["a"]
    request = WebCallbackRequest(
        "w", "+15550199", "EST", NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    )
    server.web_callbacks.submit(request)
    desk.web_callback_ready(True)
    assert desk.web_callbacks_offered == []
    server.advance(NOW + timedelta(minutes=59))
    desk.sync()
    assert desk.web_callbacks_offered == []
    server.advance(NOW + timedelta(hours=1))
    desk.sync()
    assert desk.web_callbacks_offered == ["w"]


# ---- snapshots ------------------------------------------------------------------------------------


def _busy_day() -> Iterator[tuple[InMemoryOutboundServer, dict[str, OutboundService]]]:
    server, desks, _ = world("Preview", agents={"a": EVERYTHING, "b": EVERYTHING})
    a, b = desks["a"], desks["b"]
    first = a.get_preview_record("c") or ""
    call = called(a, first)
    a.update_record_fields(call, {"Visits": 3})
    a.reschedule_record(call, 11, later(1), "PERSONAL")
    yield server, desks
    b.get_preview_record("c")
    server.web_callbacks.submit(
        WebCallbackRequest("w", "+15550199", "EST", NOW, NOW + timedelta(hours=2))
    )
    b.web_callback_ready(True)
    yield server, desks
    a.call_ended(call)
    a.mark_done(call)
    server.advance(NOW + timedelta(hours=1))
    yield server, desks


def test_a_server_rebuilt_from_its_snapshot_is_equal() -> None:
    for server, desks in _busy_day():
        data = server.snapshot()
        copy = InMemoryOutboundServer.from_snapshot(json.loads(json.dumps(data)))
        assert copy.snapshot() == data
        for desk in desks.values():
            again = OutboundService.from_snapshot(copy, json.loads(json.dumps(desk.snapshot())))
            assert again.snapshot() == desk.snapshot()


def test_a_copy_goes_on_exactly_as_the_original() -> None:
    server, desks = next(_busy_day())
    copy = InMemoryOutboundServer.from_snapshot(server.snapshot())
    copies = {k: OutboundService.from_snapshot(copy, d.snapshot()) for k, d in desks.items()}
    for s, ds in ((server, desks), (copy, copies)):
        call = next(iter(ds["a"].held))
        ds["a"].call_ended(call)
        ds["a"].mark_done(call)
        s.advance(NOW + timedelta(hours=2))
        ds["b"].get_preview_record("c")
    assert state(server, desks) == state(copy, copies)


@pytest.mark.parametrize("junk", [None, {}, {"version": 99}, {"version": 1}, [], "x"])
def test_a_snapshot_that_is_not_one_is_refused(junk: Any) -> None:
    with pytest.raises(InvalidValue):
        InMemoryOutboundServer.from_snapshot(junk)
