"""The desk emits the Outbound Contact desktop-protocol requests a real desktop would send."""

from __future__ import annotations

from datetime import timedelta

from tests.test_server import later, world

from outbound_core.desk.service import OutboundService
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.wire import ocs
from outbound_core.wire.desktop import DesktopProtocol
from outbound_core.wire.ocs import DesktopRequest


def listening(
    server: InMemoryOutboundServer, agent: str
) -> tuple[OutboundService, list[DesktopRequest]]:
    server.add_agent(agent, campaigns=["c"])
    sent: list[DesktopRequest] = []
    desk = OutboundService(
        server, agent, id_prefix=f"{agent}:", observer=DesktopProtocol(sent.append)
    )
    desk.login()
    desk.ready()
    return desk, sent


def kinds(sent: list[DesktopRequest]) -> list[str]:
    return [ocs.encode(request)[ocs.REQUEST_KEY] for request in sent]


def test_a_preview_record_worked_to_done() -> None:
    server, _ = world(agents=())
    desk, sent = listening(server, "a")
    iid = desk.get_preview_record("c")
    assert iid is not None
    handle = desk.held[iid].interaction.record.record_handle
    desk.get_chained_records(iid)
    call = desk.call_preview_record(iid, handle)
    desk.call_connected(call)
    desk.set_call_result(call, 33)
    desk.update_record_fields(call, {"Visits": 2})
    desk.reschedule_record(call, handle, later(server, 2), "PERSONAL")
    desk.call_ended(call)
    desk.mark_done(call)
    assert kinds(sent) == [
        "PreviewRecordRequest",
        "ChainedRecordRequest",
        "UpdateCallCompletionStats",
        "UpdateCallCompletionStats",
        "RecordReschedule",
        "RecordProcessed",
    ]
    wire = [ocs.encode(request) for request in sent]
    assert wire[0]["GSW_CAMPAIGN_NAME"] == "c"
    assert wire[2]["GSW_CALL_RESULT"] == 33
    assert wire[2]["GSW_RECORD_HANDLE"] == handle
    assert wire[3]["Visits"] == 2
    assert wire[4]["GSW_DATE_TIME"] == later(server, 2)
    assert wire[4]["GSW_CALLBACK_TYPE"] == "Personal"
    references = [w["GSW_REFERENCE_ID"] for w in wire]
    assert references == sorted(set(references))
    assert [ocs.decode(w) for w in wire] == sent


def test_do_not_call_replaces_record_processed_and_undone_marks_are_never_sent() -> None:
    server, _ = world(agents=())
    desk, sent = listening(server, "a")
    iid = desk.get_preview_record("c")
    assert iid is not None
    handle = desk.held[iid].interaction.record.record_handle
    call = desk.call_preview_record(iid, handle)
    desk.call_connected(call)
    desk.reschedule_record(call, handle, later(server, 2), "CAMPAIGN")
    desk.cancel_reschedule(call)
    desk.set_do_not_call(call)
    desk.call_ended(call)
    desk.mark_done(call)
    assert kinds(sent) == ["PreviewRecordRequest", "DoNotCall"]


def test_reject_cancel_and_session_requests() -> None:
    server, _ = world(agents=(), chains=4)
    desk, sent = listening(server, "a")
    desk.get_campaigns()
    desk.get_preview_record("c")
    desk.reject_preview_record()
    desk.get_preview_record("c")
    desk.cancel_preview_record()
    server.advance(server.now + timedelta(minutes=1))
    desk.logout()
    assert kinds(sent) == [
        "CampaignStatusRequest",
        "PreviewRecordRequest",
        "RecordReject",
        "PreviewRecordRequest",
        "RequestRecordCancel",
        "LogOut",
    ]


def test_without_a_listener_the_desk_works_the_same() -> None:
    _, desks = world(agents=("a",))
    iid = desks["a"].get_preview_record("c")
    assert iid is not None
    assert desks["a"].observer is None
