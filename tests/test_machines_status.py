"""Record status and chain state as the outbound server keeps them (reference §2.1, §2.5, §4)."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from outbound_core import RecordStatus, TransitionNotAllowed
from outbound_core.machines import (
    CHAIN_STATE_CODES,
    MACHINES,
    RECORD_STATUSES,
    ChainMachine,
    RecordStatusMachine,
    compile_machine,
)
from outbound_core.machines.compiled import CompiledMachine

RECORD = compile_machine(RecordStatusMachine)
CHAIN = compile_machine(ChainMachine)
FINAL = {"updated", "stale", "cancelled", "agent_error", "chain_updated"}
LIVE = {"ready", "retrieved", "chain_ready", "missed_callback"}


def run(*events: str, start: str = "ready", machine: CompiledMachine = RECORD) -> str:
    state = start
    for event in events:
        state = machine.next(state, event)
    return state


def refused(state: str, event: str, machine: CompiledMachine = RECORD) -> None:
    with pytest.raises(TransitionNotAllowed):
        machine.next(state, event)


def test_registered() -> None:
    assert MACHINES["record-status"] is RecordStatusMachine
    assert MACHINES["chain"] is ChainMachine


def test_every_record_status_has_exactly_one_state() -> None:
    assert set(RECORD_STATUSES) == set(RECORD.states)
    assert sorted(RECORD_STATUSES.values()) == sorted(RecordStatus)
    for state, status in RECORD_STATUSES.items():
        assert state == status.name.lower()
        assert RecordStatusMachine.states_map[state].name == status.label


def test_final_statuses() -> None:
    assert RECORD.final_states == FINAL
    assert set(RECORD.states) == FINAL | LIVE | {"no_record_status"}


def test_a_new_record_becomes_ready() -> None:
    assert RECORD.initial == "no_record_status"
    assert run("make_ready", start="no_record_status") == "ready"
    assert RECORD.events_from("no_record_status") == ("make_ready",)


def test_retrieve_and_mark_done() -> None:
    assert run("retrieve") == "retrieved"
    assert run("retrieve", "mark_done") == "updated"


def test_reject_sends_it_back_for_another_agent() -> None:
    assert run("retrieve", "reject") == "ready"
    assert run("retrieve", "reject", "retrieve") == "retrieved"
    refused("ready", "reject")


def test_reschedule_returns_it_to_ready() -> None:
    assert run("retrieve", "reschedule") == "ready"
    assert run("reschedule") == "ready"
    assert run("miss_callback", "reschedule") == "ready"


@pytest.mark.parametrize("state", sorted(LIVE))
def test_cancel_and_do_not_call_finalize_any_live_record(state: str) -> None:
    assert RECORD.next(state, "cancel") == "cancelled"
    assert RECORD.next(state, "mark_do_not_call") == "updated"


def test_stale_and_agent_error_end_a_retrieved_record() -> None:
    assert run("retrieve", "go_stale") == "stale"
    assert run("retrieve", "mark_agent_error") == "agent_error"
    refused("ready", "go_stale")
    refused("chain_ready", "mark_agent_error")
    refused("missed_callback", "mark_agent_error")


def test_a_treatment_marks_a_due_personal_callback_whose_agent_is_gone_agent_error() -> None:
    # Mark As Agent Error for call result Agent CallBack Error (47): the record was never
    # retrieved, it waited Ready for its agent.
    assert run("mark_agent_error") == "agent_error"


def test_a_missed_callback_goes_to_the_next_agent_or_is_finalized() -> None:
    assert run("miss_callback") == "missed_callback"
    assert run("miss_callback", "retrieve") == "retrieved"
    assert run("miss_callback", "finalize") == "updated"
    refused("retrieved", "miss_callback")


def test_the_record_retrieved_hands_over_when_another_number_is_dialed() -> None:
    assert run("retrieve", "hand_over") == "chain_ready"
    assert run("retrieve", "hand_over", "retrieve") == "retrieved"
    refused("ready", "hand_over")


def test_only_a_retrieved_record_loses_its_schedule() -> None:
    assert run("retrieve", "unschedule") == "retrieved"
    refused("ready", "unschedule")


def test_chain_members_wait_while_one_is_worked() -> None:
    assert run("chain_member_retrieved") == "chain_ready"
    refused("chain_ready", "chain_member_retrieved")
    assert run("chain_member_retrieved", "chain_member_ready") == "ready"
    assert run("chain_member_retrieved", "chain_member_updated") == "chain_updated"
    assert run("chain_member_updated") == "chain_updated"


def test_an_alternative_chained_record_is_retrieved_from_chain_ready() -> None:
    assert run("chain_member_retrieved", "retrieve") == "retrieved"


@pytest.mark.parametrize("state", sorted(FINAL))
def test_a_finalized_record_accepts_nothing(state: str) -> None:
    assert RECORD.events_from(state) == ()
    for event in RECORD.events:
        refused(state, event)


def test_chain_states_and_codes() -> None:
    assert CHAIN.initial == "unloaded"
    assert dict(CHAIN_STATE_CODES) == {
        "unloaded": 0,
        "scheduled": 1,
        "processing": 2,
        "processed": 3,
    }
    assert set(CHAIN_STATE_CODES) == set(CHAIN.states)
    assert CHAIN.final_states == frozenset()


def test_chain_attempt() -> None:
    path = ("load", "start_processing", "process", "unload")
    assert run(*path, start="unloaded", machine=CHAIN) == "unloaded"
    assert run(*path[:3], start="unloaded", machine=CHAIN) == "processed"


@pytest.mark.parametrize("state", ["processing", "processed"])
def test_rescheduling_returns_the_chain_to_scheduled(state: str) -> None:
    assert CHAIN.next(state, "reschedule") == "scheduled"


def test_a_waiting_chain_with_nothing_left_to_dial_is_processed() -> None:
    assert CHAIN.next("scheduled", "process") == "processed"


def test_a_returned_chain_waits_again() -> None:
    assert CHAIN.next("processing", "return_to_queue") == "scheduled"
    refused("scheduled", "return_to_queue", CHAIN)


def test_chain_refusals() -> None:
    refused("unloaded", "start_processing", CHAIN)
    refused("scheduled", "reschedule", CHAIN)
    refused("unloaded", "unload", CHAIN)
    refused("processed", "start_processing", CHAIN)


class RecordLifecycle(RuleBasedStateMachine):
    """Random server moves on one record; finalized records stay finalized."""

    def __init__(self) -> None:
        super().__init__()
        self.state = RECORD.initial
        self.finalized_at: str | None = None

    @rule(event=st.sampled_from(RECORD.events))
    def act(self, event: str) -> None:
        before = self.state
        try:
            after = RECORD.next(before, event)
        except TransitionNotAllowed:
            return
        assert before not in FINAL
        if after == "retrieved":
            assert before in {"ready", "chain_ready", "missed_callback", "retrieved"}
        if event in {"cancel", "mark_do_not_call", "mark_done"}:
            assert after in {"cancelled", "updated"}
        if event in {"reject", "reschedule"}:
            assert after == "ready"
        self.state = after
        if after in FINAL and self.finalized_at is None:
            self.finalized_at = after

    @invariant()
    def a_finalized_record_is_never_retrieved_again(self) -> None:
        if self.finalized_at is not None:
            assert self.state == self.finalized_at

    @invariant()
    def the_status_is_a_record_status(self) -> None:
        assert RECORD_STATUSES[self.state].name.lower() == self.state


class ChainLifecycle(RuleBasedStateMachine):
    """Random moves on one chain; processing is always entered from scheduled."""

    def __init__(self) -> None:
        super().__init__()
        self.state = CHAIN.initial

    @rule(event=st.sampled_from(CHAIN.events))
    def act(self, event: str) -> None:
        before = self.state
        try:
            after = CHAIN.next(before, event)
        except TransitionNotAllowed:
            assert event not in CHAIN.events_from(before)
            return
        if after == "processing":
            assert before == "scheduled"
        if after == "processed":
            assert before in {"processing", "scheduled"}
        if event == "reschedule":
            assert after == "scheduled"
        if before == "unloaded":
            assert after == "scheduled"
        self.state = after

    @invariant()
    def the_state_has_a_code(self) -> None:
        assert CHAIN_STATE_CODES[self.state] in range(4)


TestRecordLifecycle = RecordLifecycle.TestCase
TestRecordLifecycle.settings = settings(TestRecordLifecycle.settings, stateful_step_count=25)
TestChainLifecycle = ChainLifecycle.TestCase
TestChainLifecycle.settings = settings(TestChainLifecycle.settings, stateful_step_count=25)
