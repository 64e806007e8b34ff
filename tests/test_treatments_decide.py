"""The treatment decision: worked examples from the sources, and the rules as properties."""

from __future__ import annotations

import itertools
import json
import pickle
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.strategies import TREATED_RESULTS, calling_list_chains, treatment_tables
from tests.treatment_runs import NOW, by_id, fixture_table, row, run

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import InvalidValue, NotFound, OutboundError, TransitionNotAllowed
from outbound_core.machines import ChainMachine, RecordStatusMachine, compile_machine
from outbound_core.options import TreatmentMode
from outbound_core.records import DoNotCallList
from outbound_core.timing import check_callable
from outbound_core.treatments import (
    Attempt,
    AttemptHistory,
    CallAction,
    DecisionReason,
    RecordAction,
    TreatmentDecision,
    TreatmentRules,
    TreatmentTable,
    apply_decision,
    decide,
    dialed,
    shipped_treatments,
)

R = CallResult
NO_RULES = TreatmentRules()
MACHINES = {
    "record-status": compile_machine(RecordStatusMachine),
    "chain": compile_machine(ChainMachine),
}


def one(**changes: object) -> tuple:
    return (row(1, **changes),)  # type: ignore[arg-type]


# Worked examples.


def test_genesys_treatment_sequences_example_1() -> None:
    """Genesys *Treatment Sequences*, Example 1: a broken sequence restarts at step 1."""
    table = fixture_table("genesys-sequence-example.json")
    results = [R.BUSY, R.ANSWERING_MACHINE, R.BUSY, R.ANSWERING_MACHINE, R.ANSWERING_MACHINE,
               R.ANSWER]  # fmt: skip
    decisions, rows, _ = run(one(), table, TreatmentRules(max_attempts=8), results)
    assert [d.action for d in decisions] == [
        RecordAction.REDIAL,
        RecordAction.RETRY_IN,
        RecordAction.REDIAL,
        RecordAction.RETRY_IN,
        RecordAction.RETRY_AT_SPECIFIED_DATE,
        RecordAction.NO_TREATMENT,
    ]
    assert [d.step for d in decisions] == [1, 1, 1, 1, 2, 0]
    fifth = decisions[4]
    assert fifth.next_attempt_local == "06/22/2026 10:00"
    assert decisions[-1].chain_finalized
    assert decisions[-1].reasons == (DecisionReason.NO_TREATMENT,)
    assert by_id(rows, 1).status is RecordStatus.UPDATED
    assert by_id(rows, 1).attempts == 6


def test_the_issue_example_waits_10_15_20_minutes_then_next_in_chain() -> None:
    table = fixture_table("interval-increment.json")
    rows = (row(1), row(2))
    decisions, _, _ = run(rows, table, NO_RULES, [R.BUSY] * 4)
    times = [NOW] + [d.next_attempt for d in decisions]
    assert [b - a for a, b in itertools.pairwise(times)] == [
        timedelta(minutes=10),
        timedelta(minutes=15),
        timedelta(minutes=20),
        timedelta(0),
    ]
    assert [d.repeat for d in decisions] == [1, 2, 3, 1]
    assert decisions[3].action is RecordAction.NEXT_IN_CHAIN
    assert decisions[3].next_record_id == 2
    assert decisions[3].next_attempt == times[3]  # at once: the first record's dial time


def test_cx_contact_busy_example() -> None:
    """Busy: wait 30 minutes, redial every 5 minutes more, up to 3 times, then next record."""
    decisions, _, _ = run((row(1), row(2)), fixture_table("cx-contact-busy.json"), NO_RULES,
                          [R.BUSY] * 4)  # fmt: skip
    gaps = [d.next_attempt - d.due for d in decisions]
    assert gaps == [timedelta(0)] * 4
    assert [d.due for d in decisions[:3]] == [
        NOW + timedelta(minutes=30),
        NOW + timedelta(minutes=30 + 35),
        NOW + timedelta(minutes=30 + 35 + 40),
    ]
    assert decisions[3].next_record_id == 2


def test_next_in_chain_dials_in_chain_order_and_repeats_the_sequence() -> None:
    """Genesys's chain 19: home n=1, work n=3, mobile n=2 are dialed home, mobile, work."""
    table = fixture_table("interval-increment.json")
    rows = (row(101, chain_id=19, chain_n=1), row(102, chain_id=19, chain_n=3),
            row(103, chain_id=19, chain_n=2))  # fmt: skip
    decisions, final_rows, _ = run(rows, table, NO_RULES, [R.BUSY] * 20, first=101)
    dialed_ids = [101] + [d.next_record_id for d in decisions if d.next_record_id is not None]
    # Each record: one dial and three redials, then the next record; the sequence repeats.
    assert dialed_ids == [101] * 4 + [103] * 4 + [102] * 4
    last = decisions[-1]
    assert last.chain_finalized
    assert last.reasons == (DecisionReason.CHAIN_CYCLES_EXHAUSTED,)
    assert {r.status for r in final_rows} == {RecordStatus.UPDATED, RecordStatus.CHAIN_UPDATED}


def test_a_second_pass_waits_the_interval_and_counts_passes() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": "Busy", "action": "Next In Chain", "cycle_attempt": 2,'
        ' "interval": "0:01:00", "increment": 30}]'
    )
    decisions, _, _ = run((row(1), row(2)), table, NO_RULES, [R.BUSY] * 10)
    assert [(d.next_record_id, d.chain_pass) for d in decisions] == [
        (2, 1),
        (1, 2),
        (2, 2),
        (None, 1),
    ]
    assert decisions[1].next_attempt == NOW + timedelta(hours=1)
    assert decisions[3].reasons == (DecisionReason.CHAIN_CYCLES_EXHAUSTED,)


def test_next_in_chain_on_a_single_record_starts_a_new_pass_on_it() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 7, "action": "Next In Chain", "cycle_attempt": 2, "interval": "0:02:00"}]'
    )
    decisions, _, _ = run(one(), table, NO_RULES, [R.NO_ANSWER] * 3)
    assert decisions[0].next_record_id == 1
    assert decisions[0].next_attempt == NOW + timedelta(hours=2)
    assert decisions[0].record_type is RecordType.CAMPAIGN_RESCHEDULED
    assert decisions[1].chain_finalized


def test_next_in_chain_after_waits_before_each_move() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 7, "action": "Next In Chain After", "cycle_attempt": 1,'
        ' "interval": "0:01:00", "increment": 10}]'
    )
    decisions, _, _ = run((row(1), row(2), row(3)), table, NO_RULES, [R.NO_ANSWER] * 3)
    assert [d.next_record_id for d in decisions] == [2, 3, None]
    assert decisions[0].next_attempt == NOW + timedelta(hours=1)
    assert decisions[1].next_attempt == NOW + timedelta(hours=2, minutes=10)


def test_no_treatment_finalizes_the_record_and_its_chain() -> None:
    rows = dialed((row(1), row(2)), 1, NOW)
    decision = decide(by_id(rows, 1), rows, AttemptHistory(), R.ANSWER, shipped_treatments(),
                      NO_RULES, NOW)  # fmt: skip
    assert decision.chain_finalized
    assert decision.record_status is RecordStatus.UPDATED
    assert decision.next_attempt is None
    assert decision.next_attempt_local is None
    assert decision.members == (2,)
    assert [(m.subject, m.event) for m in decision.moves] == [
        (1, "mark_done"),
        (2, "chain_member_updated"),
        (1, "process"),
        (1, "unload"),
    ]


@pytest.mark.parametrize(
    ("action", "status", "member_status"),
    [
        ("Mark As Agent Error", RecordStatus.AGENT_ERROR, RecordStatus.CHAIN_UPDATED),
        ("Cancel Record", RecordStatus.CANCELLED, RecordStatus.CANCELLED),
        ("Update All Records In Chain", RecordStatus.UPDATED, RecordStatus.CHAIN_UPDATED),
        ("No Treatment", RecordStatus.UPDATED, RecordStatus.CHAIN_UPDATED),
    ],
)
def test_finalizing_actions(action: str, status: RecordStatus, member_status: RecordStatus) -> None:
    table = TreatmentTable.from_json(json.dumps([{"call_result": 40, "action": action}]))
    decisions, rows, _ = run((row(1), row(2)), table, NO_RULES, [R.WRONG_PARTY])
    assert decisions[0].record_status is status
    assert decisions[0].chain_finalized
    assert by_id(rows, 2).status is member_status


def test_agent_callback_error_assigned_to_the_group() -> None:
    table = shipped_treatments()
    decisions, rows, _ = run(one(record_type=RecordType.PERSONAL_CALLBACK), table, NO_RULES,
                             [R.AGENT_CALLBACK_ERROR])  # fmt: skip
    decision = decisions[0]
    assert decision.action is RecordAction.ASSIGN_TO_GROUP
    assert decision.record_type is RecordType.CAMPAIGN_CALLBACK
    assert decision.next_attempt == NOW
    assert decision.record_status is RecordStatus.READY
    assert by_id(rows, 1).record_type is RecordType.CAMPAIGN_CALLBACK


def test_call_actions() -> None:
    connect = TreatmentTable.from_json(
        '[{"call_result": 9, "apply_to": "call", "action": "Connect", "destination_dn": "7001"}]'
    )
    ignored = TreatmentTable.from_json(
        '[{"call_result": 9, "apply_to": "call", "action": "Connect"}]'
    )
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.ANSWERING_MACHINE, connect, NO_RULES, NOW)
    assert (decision.call_action, decision.destination_dn) == (CallAction.CONNECT, "7001")
    assert decision.chain_finalized  # no Apply-to-Record treatment: Updated
    decision = decide(rows[0], rows, AttemptHistory(), R.ANSWERING_MACHINE, ignored, NO_RULES, NOW)
    assert decision.call_action is CallAction.DROP
    assert decision.destination_dn is None
    assert DecisionReason.CALL_TREATMENT_IGNORED in decision.reasons
    decision = decide(rows[0], rows, AttemptHistory(), R.SILENCE, TreatmentTable(), NO_RULES, NOW)
    assert decision.call_action is CallAction.DROP
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, connect, NO_RULES, NOW)
    assert decision.call_action is None


def test_a_retry_due_in_a_closed_window_moves_to_the_next_open_instant() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 6, "action": "Retry In", "interval": "0:12:00"}]'
    )
    rows = dialed(one(window=(9 * 3600, 20 * 3600 - 1)), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, NO_RULES, NOW)
    assert decision.due == NOW + timedelta(hours=12)  # 22:00 in New York
    assert decision.next_attempt_local == "06/16/2026 09:00"
    assert decision.moved_to_open
    assert DecisionReason.OUTSIDE_WINDOW in decision.reasons
    rules = TreatmentRules(calling_hours=("us-florida",))
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, rules, NOW)
    assert decision.next_attempt_local == "06/16/2026 08:00"
    assert decision.reasons == (DecisionReason.LEGAL_HOURS,)


def test_an_abandoned_number_waits_the_recall_delay() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 21, "action": "Retry In", "interval": "0:00:10"}]'
    )
    rules = TreatmentRules(abandoned_recall_delay=timedelta(hours=72))
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.ABANDONED, table, rules, NOW)
    assert decision.next_attempt == NOW + timedelta(hours=72)
    assert DecisionReason.RECALL_DELAY in decision.reasons
    # Without the delay the treatment's own 10 minutes stand.
    decision = decide(rows[0], rows, AttemptHistory(), R.ABANDONED, table, NO_RULES, NOW)
    assert decision.next_attempt == NOW + timedelta(minutes=10)


def test_an_abandoned_call_holds_the_number_in_later_decisions_too() -> None:
    table = fixture_table("interval-increment.json")
    rules = TreatmentRules(abandoned_recall_delay=timedelta(hours=72))
    history = AttemptHistory((Attempt(1, NOW - timedelta(hours=1), R.ABANDONED),))
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, history, R.BUSY, table, rules, NOW)
    assert decision.next_attempt == NOW + timedelta(hours=71)


def test_a_number_held_by_no_recall_until() -> None:
    table = fixture_table("interval-increment.json")
    until = NOW + timedelta(days=2)
    rules = TreatmentRules(no_recall_until={"+1 (212) 555-0001": until})
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, rules, NOW)
    assert decision.next_attempt == until
    # Another number of the chain is not held.
    rows = dialed((row(1), row(2)), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory((Attempt(1, NOW, R.BUSY),) * 0), R.WRONG_NUMBER,
                      shipped_treatments(), rules, NOW)  # fmt: skip
    assert decision.next_record_id == 2
    assert decision.next_attempt == NOW


def test_do_not_call_and_no_call_are_never_dialed() -> None:
    table = fixture_table("interval-increment.json")
    listed = DoNotCallList()
    listed.add("+1-212-555-0001")
    rules = NO_RULES.with_do_not_call(listed)
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, rules, NOW)
    assert decision.chain_finalized
    assert decision.reasons == (DecisionReason.DO_NOT_CALL,)
    # Next in chain passes a listed record and a No Call record by.
    rows = dialed((row(1), row(2), row(3, record_type=RecordType.NO_CALL), row(4)), 1, NOW)
    rules = NO_RULES.with_do_not_call(DoNotCallList({"+12125550002"}))
    decision = decide(rows[0], rows, AttemptHistory(), R.WRONG_NUMBER, shipped_treatments(),
                      rules, NOW)  # fmt: skip
    assert decision.next_record_id == 4
    assert DecisionReason.DO_NOT_CALL in decision.reasons


def test_maximum_attempts_end_the_sequence() -> None:
    table = fixture_table("interval-increment.json")
    decisions, rows, _ = run(one(), table, TreatmentRules(max_attempts=2), [R.BUSY] * 5)
    assert len(decisions) == 2
    assert decisions[-1].reasons == (DecisionReason.MAX_ATTEMPTS,)
    assert by_id(rows, 1).attempts == 2


def test_treatment_modes() -> None:
    table = fixture_table("interval-increment.json")
    rows = dialed(one(), 1, NOW)
    none = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, NO_RULES, NOW,
                  mode=TreatmentMode.NONE)  # fmt: skip
    assert none.chain_finalized
    assert none.reasons == (DecisionReason.TREATMENT_MODE_NONE,)
    personal = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, NO_RULES, NOW,
                      mode="personal")  # type: ignore[arg-type]  # fmt: skip
    assert personal.record_type is RecordType.PERSONAL_RESCHEDULED


def test_retry_at_a_date_on_the_record_wall_clock_and_a_passed_date() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 7, "action": "Retry At Specified Date", "date": "06/15/2026 09:00"}]'
    )
    rows = dialed(one(zone="Europe/London"), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.NO_ANSWER, table, NO_RULES, NOW)
    assert decision.due == datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
    assert decision.next_attempt == NOW
    assert DecisionReason.DATE_PASSED in decision.reasons


def test_the_wait_counts_from_the_dial() -> None:
    table = fixture_table("interval-increment.json")
    rows = dialed(one(), 1, NOW)
    later = NOW + timedelta(minutes=4)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, NO_RULES, later,
                      dialed_at=NOW)  # fmt: skip
    assert decision.next_attempt == NOW + timedelta(minutes=10)
    late = NOW + timedelta(minutes=30)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY, table, NO_RULES, late,
                      dialed_at=NOW)  # fmt: skip
    assert decision.next_attempt == late
    assert DecisionReason.OVERDUE in decision.reasons


# Refusals.


def test_nothing_acts_on_a_finalized_record() -> None:
    rows = one(status=RecordStatus.UPDATED)
    with pytest.raises(TransitionNotAllowed):
        decide(rows[0], rows, AttemptHistory(), R.BUSY, TreatmentTable(), NO_RULES, NOW)


def test_the_record_must_be_in_its_chain() -> None:
    with pytest.raises(NotFound):
        decide(row(1), (row(2),), AttemptHistory(), R.BUSY, TreatmentTable(), NO_RULES, NOW)
    with pytest.raises(InvalidValue):
        decide(row(1), (row(1), row(2, chain_id=9)), AttemptHistory(), R.BUSY, TreatmentTable(),
               NO_RULES, NOW)  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        {"now": datetime(2026, 6, 15)},
        {"now": "2026-06-15"},
        {"result": "Bussy"},
        {"result": True},
        {"history": ()},
        {"table": []},
        {"rules": None},
        {"chain": "x"},
        {"chain_pass": 0},
        {"mode": "both"},
        {"dialed_at": 3},
    ],
)
def test_unusable_input_is_refused(change: dict[str, object]) -> None:
    args: dict[str, object] = {
        "record": row(1),
        "chain": (row(1),),
        "history": AttemptHistory(),
        "result": R.BUSY,
        "table": TreatmentTable(),
        "rules": NO_RULES,
        "now": NOW,
    }
    args.update(change)
    with pytest.raises(OutboundError):
        decide(**args)  # type: ignore[arg-type]


# Properties.


@st.composite
def situations(draw: st.DrawFn) -> tuple:
    """A live chain, a table, rules, and a run of results."""
    chain = draw(calling_list_chains(live=True))
    table = draw(treatment_tables())
    rules = TreatmentRules(
        max_attempts=draw(st.none() | st.integers(1, 6)),
        calling_hours=draw(st.sampled_from([(), ("us-federal",), ("canada",), ("australia",)])),
        abandoned_recall_delay=draw(st.none() | st.just(timedelta(hours=72))),
    )
    results = draw(st.lists(st.sampled_from(TREATED_RESULTS).map(lambda n: R[n]), min_size=1,
                            max_size=12))  # fmt: skip
    start = draw(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1),
                              timezones=st.just(UTC)))  # fmt: skip
    return chain, table, rules, results, start


#: Runs are costly to generate: a quarter of the profile's examples.
FEWER = settings(max_examples=max(20, settings.default.max_examples // 4))


@FEWER
@given(situations())
def test_the_rules_hold_over_any_run(situation: tuple) -> None:
    chain, table, rules, results, start = situation
    # The first dial is of a record that may be dialed now.
    first = chain[0]
    assume(rules.max_attempts is None or first.attempts < rules.max_attempts)
    assume(check_callable(start, first.zone, first.window, rules=rules.calling_hours).allowed)
    decisions, rows, history = run(chain, table, rules, results, start=start, first=first.record_id)
    ids = {r.record_id for r in chain}
    for decision in decisions:
        # Every move the decision implies is allowed by its lifecycle.
        for move in decision.moves:
            assert MACHINES[move.machine].next(move.source, move.event) == move.target, move
        if decision.next_attempt is None:
            assert decision.chain_finalized
            assert decision.next_record_id is None
            continue
        assert decision.next_record_id in ids
        assert not decision.chain_finalized
        target = by_id(chain, decision.next_record_id)
        # No attempt inside a closed window or outside the legal hours.
        allowed = check_callable(decision.next_attempt, target.zone, target.window,
                                 rules=rules.calling_hours)  # fmt: skip
        assert allowed.allowed, (decision, allowed)
        assert decision.due is not None
        assert decision.next_attempt >= decision.due - timedelta(days=400)
    # Attempts never exceed the maximum: a record is dialed only below it.
    if rules.max_attempts is not None:
        for before in chain:
            after = by_id(rows, before.record_id).attempts
            assert after == before.attempts or after <= rules.max_attempts
    assert sum(r.attempts for r in rows) - sum(r.attempts for r in chain) == len(history)
    # An abandoned number is never dialed again within the delay.
    if rules.abandoned_recall_delay is not None:
        attempts = list(history)
        phones = {r.record_id: r.phone_key for r in chain}
        for i, earlier in enumerate(attempts):
            if earlier.call_result is not R.ABANDONED:
                continue
            for later in attempts[i + 1 :]:
                if phones[later.record_id] == phones[earlier.record_id]:
                    assert later.at >= earlier.at + rules.abandoned_recall_delay


@FEWER
@given(situations(), st.sampled_from(TREATED_RESULTS))
def test_the_counter_restarts_on_a_different_result(situation: tuple, other: str) -> None:
    chain, table, rules, results, start = situation
    result = R[other]
    assume(results[-1] is not result)
    rows = dialed(chain, chain[0].record_id, start)
    history = AttemptHistory(
        tuple(
            Attempt(chain[0].record_id, start - timedelta(hours=len(results) - i), r)
            for i, r in enumerate(results)
        )
    )
    record = by_id(rows, chain[0].record_id)
    decision = decide(record, rows, history, result, table, rules, start)
    if table.sequence(result) and decision.step:
        assert (decision.step, decision.repeat) == (1, 1)
    fresh = decide(record, rows, AttemptHistory(), result, table, rules, start)
    assert (fresh.step, fresh.repeat, fresh.action) == (
        decision.step,
        decision.repeat,
        decision.action,
    )


@FEWER
@given(situations())
def test_same_inputs_same_decision(situation: tuple) -> None:
    chain, table, rules, results, start = situation
    rows = dialed(chain, chain[0].record_id, start)
    record = by_id(rows, chain[0].record_id)
    history = AttemptHistory(tuple(Attempt(record.record_id, start, r) for r in results[:-1]))
    first = decide(record, rows, history, results[-1], table, rules, start)
    again = decide(*pickle.loads(pickle.dumps((record, rows, history, results[-1], table, rules,
                                               start))))  # fmt: skip
    assert first == again
    assert TreatmentDecision.from_dict(json.loads(json.dumps(first.to_dict()))) == first
    assert pickle.loads(pickle.dumps(first)) == first


def test_a_decision_whose_text_was_tampered_with_is_refused() -> None:
    rows = dialed(one(), 1, NOW)
    decision = decide(rows[0], rows, AttemptHistory(), R.BUSY,
                      fixture_table("interval-increment.json"), NO_RULES, NOW)  # fmt: skip
    data = decision.to_dict()
    data["next_attempt_local"] = "01/01/2030 00:00"
    with pytest.raises(InvalidValue):
        TreatmentDecision.from_dict(data)
    with pytest.raises(InvalidValue):
        TreatmentDecision.from_dict({"record_id": 1})


def test_the_effects_follow_the_decision() -> None:
    rows = dialed((row(1), row(2), row(3, status=RecordStatus.UPDATED)), 1, NOW)
    assert [r.status for r in rows] == [RecordStatus.RETRIEVED, RecordStatus.CHAIN_READY,
                                        RecordStatus.UPDATED]  # fmt: skip
    assert rows[0].attempts == 1
    assert rows[0].call_time == NOW
    decision = decide(rows[0], rows, AttemptHistory(), R.WRONG_NUMBER, shipped_treatments(),
                      NO_RULES, NOW)  # fmt: skip
    after = apply_decision(rows, decision)
    assert [r.status for r in after] == [RecordStatus.READY, RecordStatus.READY,
                                         RecordStatus.UPDATED]  # fmt: skip
    assert after[1].dial_sched_time == NOW
    assert after[1].record_type is RecordType.CAMPAIGN_RESCHEDULED
    assert after[0].call_result is R.WRONG_NUMBER


def test_the_generated_builders_make_what_init_makes() -> None:
    import attrs

    from outbound_core.treatments import PlanEntry, plan_records

    rows = dialed((row(1), row(2)), 1, NOW)
    for result in (R.BUSY, R.WRONG_NUMBER, R.ANSWER):
        made = decide(rows[0], rows, AttemptHistory(), result, shipped_treatments(), NO_RULES, NOW)
        values = [getattr(made, f.name) for f in attrs.fields(TreatmentDecision)]
        assert TreatmentDecision(*values) == made
        assert attrs.asdict(made) == attrs.asdict(TreatmentDecision(*values))
    for entry in plan_records([(row(1),), (row(2, status=RecordStatus.UPDATED),)], NO_RULES, NOW):
        values = [getattr(entry, f.name) for f in attrs.fields(PlanEntry)]
        assert PlanEntry(*values) == entry


@given(situations())
def test_histories_rules_and_moves_round_trip(situation: tuple) -> None:
    from outbound_core.treatments import Move

    chain, _, rules, results, start = situation
    history = AttemptHistory(
        tuple(Attempt(chain[0].record_id, start, r, 1 + i % 2) for i, r in enumerate(results))
    )
    assert AttemptHistory.from_dict(json.loads(json.dumps(history.to_dict()))) == history
    assert pickle.loads(pickle.dumps(history)) == history
    held = TreatmentRules(
        max_attempts=rules.max_attempts,
        calling_hours=rules.calling_hours,
        do_not_call_numbers={"+1 212 555 0100"},
        do_not_call_chains={7},
        abandoned_recall_delay=rules.abandoned_recall_delay,
        no_recall_until={"0033 6 47 00 50": start},
    )
    assert TreatmentRules.from_dict(json.loads(json.dumps(held.to_dict()))) == held
    assert pickle.loads(pickle.dumps(held)) == held
    rows = dialed(chain, chain[0].record_id, start)
    decision = decide(by_id(rows, chain[0].record_id), rows, AttemptHistory(), results[0],
                      shipped_treatments(), rules, start)  # fmt: skip
    for move in decision.moves:
        assert Move.from_dict(json.loads(json.dumps(move.to_dict()))) == move


@pytest.mark.parametrize(
    "bad",
    [
        {"attempts": [{"record_id": 1, "at": "x", "call_result": 6, "chain_pass": 1}]},
        {"attempts": "none"},
        {
            "attempts": [
                {
                    "record_id": True,
                    "at": "2026-06-15T14:00:00+00:00",
                    "call_result": 6,
                    "chain_pass": 1,
                }
            ]
        },
        {},
    ],
)
def test_a_bad_history_is_refused(bad: dict) -> None:
    with pytest.raises(OutboundError):
        AttemptHistory.from_dict(bad)


def test_attempts_come_in_order() -> None:
    later = Attempt(1, NOW, R.BUSY)
    with pytest.raises(InvalidValue):
        AttemptHistory((later, Attempt(1, NOW - timedelta(minutes=1), R.BUSY)))
    with pytest.raises(InvalidValue):
        AttemptHistory((later,)).then(Attempt(1, NOW - timedelta(minutes=1), R.BUSY))
