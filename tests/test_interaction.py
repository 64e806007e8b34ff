"""The interaction aggregate: every rule of the seeds, one scenario each."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from outbound_core import (
    CallbackType,
    CallResult,
    FieldSet,
    FieldSpec,
    FieldValidationError,
    InvalidValue,
    NotFound,
    OutboundOptions,
    Privilege,
    PrivilegeMissing,
    Privileges,
    ScheduleError,
    TransitionNotAllowed,
    callback_at,
    callback_in,
    resolve_zone,
)
from outbound_core.interaction import ActionSource, Interaction
from outbound_core.records import Chain
from outbound_core.records.outcome import Outcome
from outbound_core.wire.wwe import read_chained_records

SEED = Path(__file__).parent / "fixtures" / "seed002" / "getChainedRecords.txt"
NOW = datetime(2026, 6, 15, 13, 30, tzinfo=UTC)
EVERYTHING = Privileges.everything()


def seed_chain() -> Chain:
    """Seed 002's chain: record 283 (selected, PreviewRecord) and 284 (ChainedRecord), ACT."""
    return read_chained_records(SEED.read_text(encoding="utf-8"), lenient=True)[0]


FIELDS = FieldSet(
    (
        FieldSpec("GSW_PHONE", "var-char", "string", editable=True, mandatory=True),
        FieldSpec("Custom_Integer", "int", "number", editable=True),
        FieldSpec("Custom_VarChar", "var-char", "string", editable=True),
    )
)


def deliver(
    mode: str = "Preview",
    privileges: Privileges = EVERYTHING,
    options: OutboundOptions | None = None,
) -> Interaction:
    return Interaction.deliver(
        "1", mode, seed_chain(), privileges=privileges, options=options, fields=FIELDS
    )


def without(*names: str) -> Privileges:
    return EVERYTHING.without(*names)


def in_an_hour(interaction: Interaction) -> object:
    return callback_in(NOW, timedelta(hours=1), interaction.zone)


def snapshot(interaction: Interaction) -> tuple[object, ...]:
    return (
        interaction.state,
        interaction.interaction_id,
        interaction.dialed_handle,
        interaction.call_result,
        interaction.do_not_call,
        interaction.scheduled,
        dict(interaction.pending_updates),
        interaction.chain,
        interaction.outcome,
    )


def test_preview_from_delivery_to_done() -> None:
    interaction = deliver()
    assert interaction.state == "previewing"
    assert interaction.record.record_handle == 283
    interaction.call("call-7")
    assert (interaction.state, interaction.interaction_id) == ("dialing", "call-7")
    interaction.call_connected()
    assert interaction.set_call_result(6) is CallResult.BUSY
    interaction.update_fields({"Custom_Integer": 42})
    interaction.call_ended()
    outcome = interaction.mark_done()
    assert interaction.finalized
    assert outcome.interaction_id == "call-7"
    assert outcome.record_handle == 283
    assert outcome.call_result is CallResult.BUSY
    assert outcome.called
    assert outcome.field_updates == {"Custom_Integer": 42}
    assert not outcome.do_not_call
    assert outcome.scheduled is None


@pytest.mark.parametrize("mode", ["Preview", "PushPreview", "DirectPushPreview"])
def test_the_interaction_id_becomes_the_calls(mode: str) -> None:
    interaction = deliver(mode)
    if mode == "PushPreview":
        interaction.accept()
    interaction.call("the-call")
    assert interaction.interaction_id == "the-call"


@pytest.mark.parametrize(
    ("event", "privilege"),
    [
        ("reject", "can-reject-record"),
        ("cancel", "can-cancel-record"),
        ("get_next", "can-get-next-preview-record"),
    ],
)
def test_preview_actions_need_their_privilege(event: str, privilege: str) -> None:
    interaction = deliver(privileges=without(privilege))
    before = snapshot(interaction)
    with pytest.raises(PrivilegeMissing) as caught:
        getattr(interaction, event)()
    assert caught.value.details["privilege"] == f"privilege.outbound.{privilege}"
    assert snapshot(interaction) == before
    granted = deliver()
    getattr(granted, event)()
    assert granted.finalized


def test_everything_needs_can_use() -> None:
    with pytest.raises(PrivilegeMissing):
        deliver(privileges=without("can-use"))


def test_dialing_another_chained_record_needs_its_privilege() -> None:
    interaction = deliver(privileges=without("can-dial-alternative-chained-record"))
    before = snapshot(interaction)
    with pytest.raises(PrivilegeMissing):
        interaction.call("c", 284)
    assert snapshot(interaction) == before
    interaction.call("c", 283)
    assert interaction.dialed_handle == 283
    allowed = deliver()
    allowed.call("c", 284)
    assert allowed.record.phone == "+33647004"


def test_dialing_a_handle_outside_the_chain() -> None:
    interaction = deliver()
    with pytest.raises(NotFound):
        interaction.call("c", 999)
    assert interaction.state == "previewing"


def test_call_result_needs_a_call_and_its_privilege() -> None:
    interaction = deliver()
    with pytest.raises(TransitionNotAllowed) as caught:
        interaction.set_call_result(6)
    assert "active or completed call" in str(caught.value)
    interaction.call("c")
    interaction.call_failed()
    interaction.set_call_result(6)
    refused = deliver(privileges=without("can-set-call-result"))
    refused.call("c")
    refused.call_connected()
    with pytest.raises(PrivilegeMissing):
        refused.set_call_result(6)
    assert refused.call_result is None


@pytest.mark.parametrize("value", ["Busy", "six", 6.0, True, None, ""])
def test_a_call_result_is_a_number(value: object) -> None:
    interaction = deliver("Progressive")
    with pytest.raises(InvalidValue):
        interaction.set_call_result(value)  # type: ignore[arg-type]
    assert interaction.call_result is None


def test_a_call_result_must_be_offered() -> None:
    options = OutboundOptions.from_mapping({"outbound.call-result-values": "Answered, Busy"})
    interaction = deliver("Progressive", options=options)
    assert interaction.set_call_result("6") is CallResult.BUSY
    for not_offered in (7, "7", 54, CallResult.TRANSFERRED):
        with pytest.raises(InvalidValue) as caught:
            interaction.set_call_result(not_offered)
        assert caught.value.code == "unknown-call-result"
    assert interaction.call_result is CallResult.BUSY


def test_no_call_result_once_do_not_call_is_set() -> None:
    interaction = deliver("Predictive")
    interaction.set_call_result(6)
    interaction.set_do_not_call()
    with pytest.raises(TransitionNotAllowed) as caught:
        interaction.set_call_result(7)
    assert "Do Not Call is set" in str(caught.value)
    assert interaction.call_result is CallResult.BUSY
    interaction.remove_do_not_call()
    interaction.set_call_result(7)
    assert interaction.call_result is CallResult.NO_ANSWER


def test_do_not_call_needs_a_call_and_its_privilege() -> None:
    interaction = deliver()
    with pytest.raises(TransitionNotAllowed):
        interaction.set_do_not_call()
    refused = deliver("Progressive", privileges=without("can-mark-do-not-call"))
    with pytest.raises(PrivilegeMissing):
        refused.set_do_not_call()
    with pytest.raises(TransitionNotAllowed):
        refused.remove_do_not_call()
    assert not refused.do_not_call


def test_do_not_call_and_a_reschedule_exclude_each_other() -> None:
    interaction = deliver("Progressive")
    interaction.reschedule(in_an_hour(interaction), "CAMPAIGN", now=NOW)
    with pytest.raises(TransitionNotAllowed, match="cancel it first"):
        interaction.set_do_not_call()
    interaction.cancel_reschedule()
    interaction.set_do_not_call()
    with pytest.raises(TransitionNotAllowed, match="remove it first"):
        interaction.reschedule(in_an_hour(interaction), "CAMPAIGN", now=NOW)


def test_reschedule_before_the_call_needs_both_privileges() -> None:
    only_before = without("can-reschedule")
    interaction = deliver(privileges=only_before)
    with pytest.raises(PrivilegeMissing) as caught:
        interaction.reschedule(in_an_hour(interaction), "PERSONAL", now=NOW)
    assert caught.value.code == "privilege-inactive"
    assert "can-reschedule" in str(caught.value)
    assert interaction.scheduled is None
    no_before = deliver(privileges=without("can-reschedule-before-call"))
    with pytest.raises(PrivilegeMissing):
        no_before.reschedule(in_an_hour(no_before), "PERSONAL", now=NOW)
    no_before.call("c")
    no_before.call_connected()
    no_before.reschedule(in_an_hour(no_before), "PERSONAL", now=NOW)
    assert no_before.scheduled is not None


def test_the_service_client_reschedules_whatever_the_reschedule_privileges() -> None:
    interaction = deliver(privileges=without("can-reschedule", "can-reschedule-before-call"))
    scheduled = interaction.reschedule(
        in_an_hour(interaction), "PERSONAL", now=NOW, source=ActionSource.SERVICE_CLIENT
    )
    assert scheduled.callback_type is CallbackType.PERSONAL
    assert interaction.state == "previewing"


def test_reschedule_is_written_in_the_records_zone() -> None:
    interaction = deliver("Progressive")
    agent_zone = resolve_zone("Europe/London")
    at_agent = callback_at("06/15/2026 16:00", agent_zone)
    scheduled = interaction.reschedule(at_agent, "PERSONAL", now=NOW)
    assert scheduled.when.instant == at_agent.instant
    assert scheduled.when.zone == resolve_zone("ACT")
    assert scheduled.when.text == "06/16/2026 00:30"


def test_reschedule_refuses_the_past_and_outside_the_window() -> None:
    interaction = deliver("Progressive")
    past = callback_in(NOW - timedelta(hours=2), timedelta(hours=1), interaction.zone)
    with pytest.raises(ScheduleError) as caught:
        interaction.reschedule(past, "PERSONAL", now=NOW)
    assert caught.value.code == "callback-in-past"
    narrow = interaction.chain.records[0]
    chain = Chain((narrow.updated({"GSW_FROM": "09:00", "GSW_UNTIL": "17:00"}),))
    windowed = Interaction.deliver("2", "Progressive", chain, privileges=EVERYTHING)
    night = callback_at("06/16/2026 23:00", windowed.zone)
    with pytest.raises(ScheduleError) as caught:
        windowed.reschedule(night, "PERSONAL", now=NOW)
    assert caught.value.code == "callback-outside-window"
    assert windowed.scheduled is None
    windowed.reschedule(night, "PERSONAL", now=NOW, check_window=False)
    assert windowed.scheduled is not None


def test_reschedule_on_a_new_number_adds_a_record_to_the_chain() -> None:
    refused = deliver("Progressive", privileges=without("can-reschedule-on-new-number"))
    with pytest.raises(PrivilegeMissing):
        refused.reschedule(in_an_hour(refused), "PERSONAL", now=NOW, new_phone="+33600000000")
    assert len(refused.chain) == 2
    interaction = deliver("Progressive")
    scheduled = interaction.reschedule(
        in_an_hour(interaction), "CAMPAIGN", now=NOW, new_phone="+33600000000", phone_type=4
    )
    assert len(interaction.chain) == 3
    added = interaction.chain.records[-1]
    assert (added.phone, added.record_handle, scheduled.record_handle) == ("+33600000000", 285, 285)
    assert added.tz_name == "ACT"
    assert scheduled.on_new_number
    outcome = (interaction.call_ended(), interaction.mark_done())[1]
    assert outcome.chain == interaction.chain


def test_reschedule_a_chained_record_by_handle() -> None:
    interaction = deliver("Progressive")
    scheduled = interaction.reschedule(
        in_an_hour(interaction), "CAMPAIGN", now=NOW, record_handle=284
    )
    assert scheduled.record_handle == 284
    with pytest.raises(NotFound):
        interaction.reschedule(in_an_hour(interaction), "CAMPAIGN", now=NOW, record_handle=5)


def test_field_updates_are_atomic_and_sent_at_mark_done() -> None:
    interaction = deliver("Progressive")
    interaction.update_fields({"Custom_Integer": 1, "Custom_VarChar": "a"})
    with pytest.raises(FieldValidationError) as caught:
        interaction.update_fields({"Custom_Integer": 2, "GSW_PHONE": " ", "Nope": 1})
    assert {p["field"] for p in caught.value.details["problems"]} == {"GSW_PHONE", "Nope"}
    assert interaction.pending_updates == {"Custom_Integer": 1, "Custom_VarChar": "a"}
    interaction.update_fields({"Custom_Integer": 3})
    interaction.call_ended()
    assert interaction.mark_done().field_updates == {"Custom_Integer": 3, "Custom_VarChar": "a"}


def test_updates_need_a_field_list() -> None:
    interaction = Interaction.deliver("1", "Preview", seed_chain(), privileges=EVERYTHING)
    with pytest.raises(InvalidValue, match="no field list"):
        interaction.update_fields({"Custom_Integer": 1})


def test_mark_done_sends_the_preselected_call_result() -> None:
    interaction = deliver("Progressive")
    interaction.call_ended()
    assert interaction.mark_done().call_result is CallResult.UNKNOWN
    options = OutboundOptions.from_mapping(
        {"outbound.call-result-automatically-selected": "AnsweringMachine"}
    )
    chosen = deliver("Progressive", options=options)
    chosen.call_ended()
    assert chosen.mark_done().call_result is CallResult.ANSWERING_MACHINE
    ok = deliver("Progressive")
    ok.set_call_result(0)
    ok.call_ended()
    assert ok.mark_done().call_result is CallResult.OK


def test_mark_done_waits_for_the_call_to_end() -> None:
    interaction = deliver("Progressive")
    with pytest.raises(TransitionNotAllowed, match="end it first"):
        interaction.mark_done()


def test_a_preview_record_can_be_done_without_a_call() -> None:
    interaction = deliver()
    interaction.reschedule(in_an_hour(interaction), "PERSONAL", now=NOW)
    outcome = interaction.mark_done()
    assert not outcome.called
    assert outcome.scheduled is not None


def test_system_dialed_modes_have_no_preview_actions() -> None:
    for mode in ("Progressive", "Predictive"):
        interaction = deliver(mode)
        assert interaction.state == "in_call"
        for event in ("reject", "cancel", "get_next", "accept"):
            with pytest.raises(TransitionNotAllowed):
                getattr(interaction, event)()
        with pytest.raises(TransitionNotAllowed):
            interaction.call("c")


def test_push_preview_is_offered_then_accepted_rejected_or_discarded() -> None:
    with pytest.raises(PrivilegeMissing):
        deliver("PushPreview", privileges=without("push-preview.can-use"))
    with pytest.raises(PrivilegeMissing):
        deliver("DirectPushPreview", privileges=without("push-preview.can-use"))
    offered = deliver("PushPreview")
    assert offered.state == "offered"
    with pytest.raises(TransitionNotAllowed):
        offered.call("c")
    offered.accept()
    assert offered.state == "previewing"
    rejected = deliver("PushPreview")
    rejected.reject()
    assert rejected.state == "returned"
    timed_out = deliver("PushPreview")
    timed_out.time_out()
    assert timed_out.state == "returned"
    no_cancel = deliver("PushPreview", privileges=without("can-cancel-record"))
    with pytest.raises(PrivilegeMissing):
        no_cancel.discard()
    discarded = deliver("PushPreview")
    discarded.discard()
    assert discarded.state == "discarded"
    direct = deliver("DirectPushPreview")
    assert direct.state == "previewing"
    with pytest.raises(TransitionNotAllowed):
        direct.get_next()


def test_nothing_acts_on_a_finalized_record() -> None:
    interaction = deliver("Progressive")
    interaction.call_ended()
    interaction.mark_done()
    before = snapshot(interaction)
    actions = [
        lambda: interaction.set_call_result(6),
        interaction.set_do_not_call,
        interaction.remove_do_not_call,
        lambda: interaction.reschedule(in_an_hour(interaction), "PERSONAL", now=NOW),
        interaction.cancel_reschedule,
        lambda: interaction.update_fields({"Custom_Integer": 1}),
        interaction.mark_done,
        interaction.reject,
        interaction.cancel,
    ]
    for action in actions:
        with pytest.raises(TransitionNotAllowed, match="already done"):
            action()
    assert snapshot(interaction) == before


def test_other_modes_and_bad_arguments_are_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        Interaction.deliver("1", "Power", seed_chain(), privileges=EVERYTHING)
    assert caught.value.code == "unknown-dialing-mode"
    for bad in (
        {"interaction_id": ""},
        {"interaction_id": 3},
        {"chain": [1]},
        {"privileges": ["privilege.outbound.can-use"]},
        {"options": {}},
    ):
        arguments = {"interaction_id": "1", "chain": seed_chain(), "privileges": EVERYTHING}
        arguments |= bad
        with pytest.raises(InvalidValue):
            Interaction.deliver(mode="Preview", **arguments)  # type: ignore[arg-type]
    interaction = deliver()
    with pytest.raises(InvalidValue):
        interaction.call("")
    with pytest.raises(InvalidValue):
        interaction.reschedule("06/15/2026 10:00", "PERSONAL", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        interaction.reschedule(in_an_hour(interaction), "LATER", now=NOW)
    assert interaction.state == "previewing"


def test_current_and_preselected_call_results() -> None:
    interaction = deliver("Progressive")
    assert interaction.current_call_result is CallResult.UNKNOWN
    assert interaction.preselected_call_result is CallResult.UNKNOWN
    interaction.set_call_result(9)
    assert interaction.current_call_result is CallResult.ANSWERING_MACHINE


def test_outcome_round_trips() -> None:
    interaction = deliver("Progressive")
    interaction.update_fields({"Custom_VarChar": "x"})
    interaction.reschedule(in_an_hour(interaction), "CAMPAIGN", now=NOW, new_phone="+33611111111")
    interaction.call_ended()
    outcome = interaction.mark_done()
    assert Outcome.from_dict(outcome.to_dict()) == outcome
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    with pytest.raises(InvalidValue):
        Outcome.from_dict({"interaction_id": "1"})


def test_privilege_table_names_only_known_events() -> None:
    from outbound_core.interaction import ACTION_PRIVILEGES, MODE_MACHINES

    events = {e for machine in MODE_MACHINES.values() for e in machine.events}
    assert set(ACTION_PRIVILEGES) <= events
    assert all(isinstance(p, Privilege) for ps in ACTION_PRIVILEGES.values() for p in ps)


def test_outcome_gives_each_record_its_status_and_type() -> None:
    from outbound_core import RecordStatus, RecordType

    plain = deliver("Progressive")
    plain.call_ended()
    done = plain.mark_done()
    assert done.status_and_type(283, RecordType.GENERAL) == (
        RecordStatus.UPDATED,
        RecordType.GENERAL,
    )
    assert done.status_and_type(284, RecordType.GENERAL) is None
    dnc = deliver("Progressive")
    dnc.set_do_not_call()
    dnc.call_ended()
    assert dnc.mark_done().status_and_type(283, RecordType.GENERAL) == (
        RecordStatus.UPDATED,
        RecordType.NO_CALL,
    )
    for kind, expected in (
        ("PERSONAL", RecordType.PERSONAL_CALLBACK),
        ("CAMPAIGN", RecordType.CAMPAIGN_CALLBACK),
    ):
        again = deliver("Progressive")
        again.reschedule(in_an_hour(again), kind, now=NOW)
        again.call_ended()
        assert again.mark_done().status_and_type(283, RecordType.GENERAL) == (
            RecordStatus.READY,
            expected,
        )
    other = deliver("Progressive")
    other.reschedule(in_an_hour(other), "CAMPAIGN", now=NOW, new_phone="+33612345678")
    other.call_ended()
    outcome = other.mark_done()
    assert outcome.status_and_type(285, RecordType.GENERAL) == (
        RecordStatus.READY,
        RecordType.CAMPAIGN_CALLBACK,
    )
    assert outcome.status_and_type(283, RecordType.GENERAL) == (
        RecordStatus.UPDATED,
        RecordType.GENERAL,
    )


def test_an_interaction_pickled_mid_call_carries_on() -> None:
    interaction = deliver()
    interaction.call("c")
    interaction.call_connected()
    interaction.set_call_result(33)
    resumed = pickle.loads(pickle.dumps(interaction))
    assert snapshot(resumed) == snapshot(interaction)
    resumed.call_ended()
    assert resumed.mark_done().call_result is CallResult.ANSWER
    assert interaction.state == "in_call"


def test_a_malformed_call_result_is_refused_for_its_form_before_the_state() -> None:
    interaction = deliver()  # previewing: no call yet
    with pytest.raises(InvalidValue) as caught:
        interaction.set_call_result("Busy")
    assert caught.value.code == "wrong-type"
    with pytest.raises(TransitionNotAllowed):
        interaction.set_call_result(6)
