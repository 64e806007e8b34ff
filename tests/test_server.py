"""The in-memory server's rules and the desk around them, one scenario each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from outbound_core import OutboundOptions, Privileges
from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.desk.service import OutboundService
from outbound_core.errors import (
    InvalidValue,
    NotFound,
    PrivilegeMissing,
    ScheduleError,
    TransitionNotAllowed,
)
from outbound_core.records import Record
from outbound_core.records.fields import FieldSet, FieldSpec
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.protocol import NoticeKind, ServerSettings
from outbound_core.server.web_callbacks import WebCallbackRequest
from outbound_core.timing.reschedule import Reschedule
from outbound_core.timing.window import CallingWindow
from outbound_core.timing.zones import resolve_zone

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)
FIELDS = FieldSet((FieldSpec("Visits", "int", "number", editable=True),))


def record(handle: int, chain: int, phone: str = "") -> Record:
    return Record(record_handle=handle, chain_id=chain, phone=phone or f"+1555{handle:04d}",
                  tz_name="EST", attempts=0, custom={"Visits": 1})  # fmt: skip


def world(
    mode: str = "Preview", agents: tuple[str, ...] = ("a", "b"), chains: int = 3, **kw: object
):
    server = InMemoryOutboundServer(NOW, ServerSettings(**kw))  # type: ignore[arg-type]
    server.add_campaign("c", mode, FIELDS)
    for agent in agents:
        server.add_agent(agent, campaigns=["c"])
    server.load_chains(
        "c", [[record(10 * n + 1, n), record(10 * n + 2, n)] for n in range(1, chains + 1)]
    )
    server.campaign_event("c", "load")
    server.campaign_event("c", "start")
    desks = {agent: OutboundService(server, agent, id_prefix=f"{agent}:") for agent in agents}
    for desk in desks.values():
        desk.login()
        desk.ready()
    return server, desks


def later(server: InMemoryOutboundServer, hours: float) -> str:
    return Reschedule(server.now + timedelta(hours=hours), resolve_zone("EST")).text


def work_to_done(desk: OutboundService, iid: str, result: int = 33) -> str:
    handle = desk.held[iid].interaction.record.record_handle
    call = desk.call_preview_record(iid, handle)
    desk.call_connected(call)
    desk.set_call_result(call, result)
    desk.call_ended(call)
    return call


def test_the_clock_never_goes_back() -> None:
    server, _ = world()
    with pytest.raises(InvalidValue):
        server.advance(NOW - timedelta(seconds=1))
    with pytest.raises(InvalidValue):
        server.advance(datetime(2026, 6, 15, 15, 0))  # naive
    server.advance(NOW + timedelta(minutes=1))
    assert server.now == NOW + timedelta(minutes=1)


def test_records_come_in_chain_order_and_the_chain_with_them() -> None:
    server, desks = world()
    iid = desks["a"].get_preview_record("c")
    assert iid == "a:1"
    interaction = desks["a"].held[iid].interaction
    assert interaction.record.record_handle == 11
    assert interaction.chain.handles == (11, 12)
    assert server.store.record_status(11) is RecordStatus.RETRIEVED
    assert server.store.record_status(12) is RecordStatus.CHAIN_READY


def test_call_renames_the_interaction_and_mark_done_applies_everything() -> None:
    server, desks = world()
    desk = desks["a"]
    iid = desk.get_preview_record("c")
    assert iid is not None
    desk.update_record_fields(iid, {"Visits": 7})
    call = work_to_done(desk, iid)
    assert call == "a:2"
    with pytest.raises(NotFound, match="a:2"):
        desk.get_call_result(iid)
    outcome = desk.mark_done(call)
    assert outcome.call_result is CallResult.ANSWER
    worked = server.store.record(11)
    assert (worked.call_result, worked.attempts, worked.custom["Visits"]) == (
        CallResult.ANSWER,
        1,
        7,
    )
    assert server.store.record_status(11) is RecordStatus.UPDATED
    assert server.store.record_status(12) is RecordStatus.CHAIN_UPDATED
    assert desk.held == {}


def test_reject_goes_to_the_top_for_another_agent() -> None:
    _server, desks = world()
    first = desks["a"].get_preview_record("c")
    assert desks["a"].reject_preview_record() == first
    assert desks["a"].get_preview_record("c") == "a:2"
    assert desks["a"].held["a:2"].interaction.record.record_handle == 21  # not 11 again
    iid = desks["b"].get_preview_record("c")
    assert desks["b"].held[str(iid)].interaction.record.record_handle == 11  # the top


def test_cancel_is_not_processed_again() -> None:
    server, desks = world(chains=1)
    desks["a"].get_preview_record("c")
    desks["a"].cancel_preview_record()
    assert server.store.record_status(11) is RecordStatus.CANCELLED
    assert server.store.record_status(12) is RecordStatus.CANCELLED
    assert desks["b"].get_preview_record("c") is None


def test_do_not_call_blocks_every_format_in_every_campaign() -> None:
    server, desks = world(chains=1)
    server.add_campaign("other", "Preview")
    server.campaign("other").assign("b")
    server.load_chains("other", [[record(900, 90, "001 (555) 0011")]])
    server.campaign_event("other", "load")
    server.campaign_event("other", "start")
    desk = desks["a"]
    iid = str(desk.get_preview_record("c"))
    call = desk.call_preview_record(iid, 11)
    desk.call_connected(call)
    desk.set_do_not_call(call)
    with pytest.raises(TransitionNotAllowed):
        desk.set_call_result(call, 33)
    desk.call_ended(call)
    desk.mark_done(call)
    assert server.store.record(11).call_result is CallResult.DO_NOT_CALL
    assert server.store.record_type(11) is RecordType.NO_CALL
    assert server.dnc.blocks("+1-555-0011")
    assert desks["b"].get_preview_record("other") is None
    assert server.store.record_type(900) is RecordType.NO_CALL


def test_personal_callback_reaches_its_agent_only() -> None:
    server, desks = world(chains=1)
    iid = str(desks["a"].get_preview_record("c"))
    call = work_to_done(desks["a"], iid)
    desks["a"].reschedule_record(call, 11, later(server, 2), "PERSONAL")
    desks["a"].mark_done(call)
    assert server.store.record_type(11) is RecordType.PERSONAL_CALLBACK
    server.advance(NOW + timedelta(hours=2, minutes=1))
    assert desks["b"].get_preview_record("c") is None
    back = desks["a"].get_preview_record("c")
    assert back is not None
    assert desks["a"].held[back].delivery.callback is not None


def test_personal_callback_of_a_logged_out_agent_is_an_agent_callback_error() -> None:
    server, desks = world(chains=1)
    iid = str(desks["a"].get_preview_record("c"))
    call = work_to_done(desks["a"], iid)
    desks["a"].reschedule_record(call, 11, later(server, 2), "PERSONAL")
    desks["a"].mark_done(call)
    desks["a"].not_ready()
    assert desks["a"].logout() is None
    server.advance(NOW + timedelta(hours=3))
    assert server.store.record(11).call_result is CallResult.AGENT_CALLBACK_ERROR
    assert server.store.record_status(11) is RecordStatus.UPDATED


def test_campaign_callback_on_a_new_number_goes_to_any_agent() -> None:
    server, desks = world(chains=1)
    iid = str(desks["a"].get_preview_record("c"))
    call = work_to_done(desks["a"], iid)
    desks["a"].reschedule_on_new_number(call, "+1 777 0000", later(server, 1), "CAMPAIGN")
    desks["a"].mark_done(call)
    server.advance(NOW + timedelta(hours=1, minutes=5))
    got = str(desks["b"].get_preview_record("c"))
    assert desks["b"].held[got].interaction.record.phone == "+1 777 0000"


def test_a_reschedule_outside_the_calling_window_is_refused() -> None:
    server, desks = world()
    iid = str(desks["a"].get_preview_record("c"))
    with pytest.raises(ScheduleError):
        desks["a"].reschedule_record(iid, 11, later(server, -2), "CAMPAIGN")


def test_a_record_held_too_long_goes_stale() -> None:
    server, desks = world(stale_after=timedelta(minutes=10))
    iid = str(desks["a"].get_preview_record("c"))
    server.advance(NOW + timedelta(minutes=11))
    assert server.store.record_status(11) is RecordStatus.STALE
    assert server.store.record(11).call_result is CallResult.STALE
    with pytest.raises(NotFound):
        desks["a"].mark_done(iid)


def test_push_preview_needs_its_privilege_and_times_out() -> None:
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("c", "PushPreview")
    server.add_agent(
        "plain", privileges=Privileges.everything().without("push-preview.can-use"), campaigns=["c"]
    )
    server.add_agent("a", campaigns=["c"])
    server.load_chains("c", [[record(1, 1)], [record(2, 2)]])
    server.campaign_event("c", "load")
    server.campaign_event("c", "start")
    plain, desk = OutboundService(server, "plain"), OutboundService(server, "a")
    for d in (plain, desk):
        d.login()
        d.ready()
    assert plain.held == {}
    assert list(desk.held) == ["1"]
    assert desk.held["1"].interaction.state == "offered"
    server.advance(NOW + timedelta(seconds=31))
    desk.sync()
    assert [h.interaction.record.record_handle for h in desk.held.values()] == [2]


def test_direct_push_preview_only_after_start() -> None:
    _server, desks = world("DirectPushPreview", agents=("a",))
    assert desks["a"].held == {}
    desks["a"].start_direct_push_preview()
    assert [h.interaction.state for h in desks["a"].held.values()] == ["previewing"]
    desks["a"].stop_direct_push_preview()
    with pytest.raises(TransitionNotAllowed):
        desks["a"].stop_direct_push_preview()


def test_progressive_delivers_connected_calls_and_logout_is_negotiated() -> None:
    server, desks = world("Progressive", agents=("a",))
    attempt = server.dial("c")
    assert attempt is not None
    assert attempt.agent_id == "a"
    deadline = desks["a"].logout()
    assert deadline is not None
    server.dial_answered(attempt.dial_id)
    desks["a"].sync()
    (iid,) = desks["a"].held
    assert desks["a"].held[iid].interaction.state == "in_call"
    assert server.dial("c") is None  # nothing new for an agent waiting to log out
    desks["a"].set_call_result(iid, 33)
    desks["a"].call_ended(iid)
    desks["a"].mark_done(iid)
    assert not server.session_of("a").logged_in
    assert desks["a"].logged_out_by_server


def test_the_preview_limit_holds() -> None:
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("c", "Preview")
    server.add_agent(
        "a", options=OutboundOptions(max_simultaneous_preview_records=1), campaigns=["c"]
    )
    server.load_chains("c", [[record(1, 1)], [record(2, 2)]])
    server.campaign_event("c", "load")
    server.campaign_event("c", "start")
    desk = OutboundService(server, "a")
    desk.login()
    desk.ready()
    desk.get_preview_record("c")
    with pytest.raises(TransitionNotAllowed):
        desk.get_preview_record("c")


def test_campaign_messages_reach_agents_who_log_in_later() -> None:
    server, _desks = world(agents=("a",))
    server.add_agent("late", campaigns=["c"])
    late = OutboundService(server, "late")
    notes = late.login()
    assert [n.at_login for n in notes] == [True]
    assert [c["name"] for c in late.get_campaigns()] == ["c"]
    server.campaign_event("c", "stop")
    late.sync()
    assert late.notifications[-1].event.value == "CampaignStopped"


def test_web_callbacks_route_reject_schedule_and_close() -> None:
    server, desks = world(agents=("a", "b"))
    request = WebCallbackRequest("w1", "+1 555 1234", "EST", NOW, NOW + timedelta(hours=2),
                                 CallingWindow(9 * 3600, 17 * 3600))  # fmt: skip
    server.web_callbacks.submit(request)
    desks["a"].web_callback_ready()
    assert desks["a"].web_callbacks_offered == ["w1"]
    desks["a"].web_callback("w1", "reject")
    desks["b"].web_callback_ready()
    assert desks["b"].web_callbacks_offered == ["w1"]
    b = desks["b"]
    for event in ("accept", "call", "answer"):
        b.web_callback("w1", event)
    with pytest.raises(ScheduleError):
        b.web_callback("w1", "schedule_callback", later(server, 12))  # 22:00 local: closed
    b.web_callback("w1", "schedule_callback", later(server, 25))
    b.web_callback("w1", "end_call")
    with pytest.raises(TransitionNotAllowed):
        b.web_callback("w1", "mark_done")  # a disposition code first
    with pytest.raises(InvalidValue):
        b.web_callback("w1", "set_disposition", "Whatever")
    b.web_callback("w1", "set_disposition", "Call back later")
    assert b.web_callback("w1", "mark_done") == "done"
    assert server.web_callbacks.requests["w1"].state == "queued"  # again, for its new time


def test_a_web_callback_left_unanswered_returns() -> None:
    server, desks = world(agents=("a",))
    server.web_callbacks.submit(
        WebCallbackRequest("w", "+1 555 1", "EST", NOW, NOW + timedelta(hours=1))
    )
    desks["a"].web_callback_ready()
    server.advance(NOW + timedelta(seconds=31))
    kinds = [n.kind for n in server.poll("a")]
    assert (
        NoticeKind.WEB_CALLBACK_WITHDRAWN in kinds
        or server.web_callbacks.requests["w"].state == "queued"
    )


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda d: d.get_preview_record(7), InvalidValue),
        (lambda d: d.get_preview_record(""), InvalidValue),
        (lambda d: d.call_preview_record("a:1", True), InvalidValue),
        (lambda d: d.set_call_result("a:1", 1.5), InvalidValue),
        (lambda d: d.set_call_result("a:1", "33"), TransitionNotAllowed),
        (lambda d: d.update_record_fields("a:1", [("Visits", 1)]), InvalidValue),
        (lambda d: d.update_record_fields("a:1", {"Visits": "many"}), InvalidValue),
        (lambda d: d.reschedule_record("a:1", 11, "06/15/2026 25:00", "CAMPAIGN"), InvalidValue),
        (lambda d: d.cancel_reschedule("a:1"), TransitionNotAllowed),
        (lambda d: d.remove_do_not_call("a:1"), TransitionNotAllowed),
        (lambda d: d.accept("a:1"), TransitionNotAllowed),
        (lambda d: d.call_held("a:1"), TransitionNotAllowed),
    ],
)
def test_ugly_inputs_change_nothing(call, error) -> None:  # type: ignore[no-untyped-def]
    server, desks = world()
    desk = desks["a"]
    desk.get_preview_record("c")
    before = (desk.held["a:1"].interaction.state, dict(server.leases), bytes(server.store.status))
    with pytest.raises(error):
        call(desk)
    assert (
        desk.held["a:1"].interaction.state,
        dict(server.leases),
        bytes(server.store.status),
    ) == before


def test_direct_push_preview_needs_push_preview_can_use() -> None:
    server, _ = world("DirectPushPreview", agents=("a",))
    server.add_agent(
        "x", privileges=Privileges.everything().without("push-preview.can-use"), campaigns=["c"]
    )
    OutboundService(server, "x").login()
    with pytest.raises(PrivilegeMissing):
        server.start_direct_push_preview("x")
