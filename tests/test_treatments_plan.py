"""The plan: callable now, why not, when next; summaries; timelines."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import calling_list_chains, treatment_tables
from tests.treatment_runs import NOW, fixture_table, row

from outbound_core.codes import CallResult, RecordStatus, RecordType
from outbound_core.errors import OutboundError
from outbound_core.timing import check_callable
from outbound_core.treatments import (
    PlanReason,
    PlanSummary,
    RecordAction,
    TimelineEnd,
    TreatmentRules,
    TreatmentTable,
    plan_records,
    plan_timelines,
    shipped_treatments,
    summarize,
)

R = CallResult
P = PlanReason
WINDOW = (9 * 3600, 20 * 3600 - 1)  # 09:00 to 19:59:59


def plan(*chains: tuple, rules: TreatmentRules | None = None, now: datetime = NOW) -> dict:
    entries = plan_records(chains, rules or TreatmentRules(), now)
    return {entry.record_id: entry for entry in entries}


@pytest.mark.parametrize(
    ("chain", "rules", "reasons"),
    [
        ((row(1),), None, ()),
        ((row(1, status=RecordStatus.UPDATED),), None, (P.FINALIZED,)),
        ((row(1, status=RecordStatus.CHAIN_UPDATED),), None, (P.FINALIZED,)),
        ((row(1, status=RecordStatus.CANCELLED),), None, (P.FINALIZED,)),
        ((row(1, record_type=RecordType.NO_CALL),), None, (P.DO_NOT_CALL,)),
        ((row(1),), TreatmentRules(do_not_call_numbers={"(212) 555-0001"}), ()),
        ((row(1),), TreatmentRules(do_not_call_numbers={"+1 212 555 0001"}), (P.DO_NOT_CALL,)),
        ((row(1),), TreatmentRules(do_not_call_chains={1}), (P.DO_NOT_CALL,)),
        ((row(1, attempts=3),), TreatmentRules(max_attempts=3), (P.MAX_ATTEMPTS,)),
        ((row(1, attempts=2),), TreatmentRules(max_attempts=3), ()),
        ((row(1, status=RecordStatus.RETRIEVED),), None, (P.IN_PROGRESS,)),
        ((row(1, status=RecordStatus.MISSED_CALLBACK),), None, (P.MISSED_CALLBACK,)),
        ((row(1, window=(21 * 3600, 22 * 3600)),), None, (P.OUTSIDE_WINDOW,)),
        ((row(1),), TreatmentRules(calling_hours=("canada",)), ()),
        (
            (row(1, zone="Australia/Adelaide"),),
            TreatmentRules(calling_hours=("australia",)),
            (P.LEGAL_HOURS,),
        ),
        ((row(1, scheduled=NOW + timedelta(hours=1)),), None, (P.SCHEDULED,)),
        ((row(1, scheduled=NOW - timedelta(hours=1)),), None, ()),
        (
            (row(1),),
            TreatmentRules(no_recall_until={"+12125550001": NOW + timedelta(hours=1)}),
            (P.RECALL_DELAY,),
        ),
        (
            (row(1, attempts=5, record_type=RecordType.NO_CALL),),
            TreatmentRules(max_attempts=5),
            (P.DO_NOT_CALL, P.MAX_ATTEMPTS),
        ),
    ],
)
def test_reasons(chain: tuple, rules: TreatmentRules | None, reasons: tuple) -> None:
    entry = plan(chain, rules=rules)[1]
    assert entry.reasons == reasons
    assert entry.callable_now is (not reasons)
    if not reasons:
        assert entry.next_attempt == NOW


def test_when_next_is_the_next_open_instant() -> None:
    entry = plan((row(1, window=WINDOW),), now=NOW.replace(hour=2))[1]  # 22:00 in New York
    assert entry.reasons == (P.OUTSIDE_WINDOW,)
    assert entry.next_attempt_local == "06/15/2026 09:00"
    assert entry.next_attempt == datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
    entry = plan((row(1, window=WINDOW, scheduled=NOW.replace(hour=23)),))[1]  # 19:00 local
    assert entry.reasons == (P.SCHEDULED,)
    assert entry.next_attempt_local == "06/15/2026 19:00"
    entry = plan((row(1, window=WINDOW, scheduled=NOW.replace(day=16, hour=1)),),
                 now=NOW.replace(hour=2))[1]  # fmt: skip
    assert entry.reasons == (P.SCHEDULED, P.OUTSIDE_WINDOW)
    assert entry.next_attempt_local == "06/16/2026 09:00"
    for finalized in plan((row(1, status=RecordStatus.UPDATED),)).values():
        assert finalized.next_attempt is None
        assert finalized.next_attempt_local is None


def test_a_chain_dials_one_record_at_a_time() -> None:
    chain = (row(1, chain_n=2), row(2, chain_n=1), row(3, chain_n=3))
    found = plan(chain)
    assert found[2].callable_now
    assert found[1].reasons == found[3].reasons == (P.CHAIN_ORDER,)
    # A finalized or listed first record gives its turn to the next.
    chain = (row(1, chain_n=2), row(2, chain_n=1, status=RecordStatus.UPDATED), row(3, chain_n=3))
    found = plan(chain)
    assert found[1].callable_now
    assert found[3].reasons == (P.CHAIN_ORDER,)
    # A scheduled record is the chain's next one.
    chain = (
        row(1),
        row(2, scheduled=NOW + timedelta(hours=2), record_type=RecordType.CAMPAIGN_RESCHEDULED),
    )
    found = plan(chain)
    assert found[1].reasons == (P.CHAIN_ORDER,)
    assert found[2].reasons == (P.SCHEDULED,)
    # A record waiting for its window keeps its turn.
    chain = (row(1, window=(21 * 3600, 22 * 3600)), row(2))
    found = plan(chain)
    assert found[1].reasons == (P.OUTSIDE_WINDOW,)
    assert found[2].reasons == (P.CHAIN_ORDER,)
    # A chain being worked: every live record is in progress.
    chain = (row(1, status=RecordStatus.RETRIEVED), row(2, status=RecordStatus.CHAIN_READY), row(3))
    assert {e.reasons for e in plan(chain).values()} == {(P.IN_PROGRESS,)}


def test_the_summary_sentence() -> None:
    chains = [(row(i, chain_id=i),) for i in range(1, 4)] + [
        (row(4, chain_id=4, window=(21 * 3600, 22 * 3600)),),
        (row(5, chain_id=5, status=RecordStatus.UPDATED),),
        (row(6, chain_id=6), row(7, chain_id=6)),
    ]
    summary = summarize(plan_records(chains, TreatmentRules(), NOW))
    assert summary == PlanSummary(7, 4, {P.OUTSIDE_WINDOW: 1, P.FINALIZED: 1, P.CHAIN_ORDER: 1})
    assert summary.sentence() == (
        "4 of 7 callable now; 1 finalized; 1 waiting for another record of their chain; "
        "1 outside their window"
    )
    big = PlanSummary(5000, 1204, {P.OUTSIDE_WINDOW: 3100})
    assert big.sentence() == "1,204 of 5,000 callable now; 3,100 outside their window"
    assert PlanSummary.from_dict(summary.to_dict()) == summary
    assert pickle.loads(pickle.dumps(summary)) == summary


@settings(max_examples=max(20, settings.default.max_examples // 8))
@given(
    st.lists(calling_list_chains(), min_size=1, max_size=8, unique_by=lambda c: c[0].chain_id),
    st.integers(1, 7),
    st.sampled_from([(), ("us-federal",), ("australia",)]),
    st.none() | st.integers(1, 10),
    st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
    ),
)
def test_plans_are_pure_partitionable_and_agree_with_the_window_check(
    chains: list[tuple], cut: int, hours: tuple[str, ...], most: int | None, now: datetime
) -> None:
    rules = TreatmentRules(max_attempts=most, calling_hours=hours)
    entries = list(plan_records(chains, rules, now))
    # Same inputs, same plan (and the inputs survive a trip through pickle).
    assert list(plan_records(pickle.loads(pickle.dumps(chains)), rules, now)) == entries
    # Partitions of whole chains add up to the same summary.
    whole = summarize(entries)
    parts = summarize(plan_records(chains[:cut], rules, now)) + summarize(
        plan_records(chains[cut:], rules, now)
    )
    assert parts == whole
    assert whole.records == sum(len(c) for c in chains)
    rows = {(r.chain_id, r.record_id): r for chain in chains for r in chain}
    for entry in entries:
        record = rows[(entry.chain_id, entry.record_id)]
        check = check_callable(now, record.zone, record.window, rules=hours)
        if entry.callable_now:
            assert check.allowed
            assert most is None or record.attempts < most
            assert not record.is_final
        if entry.next_attempt is not None:
            later = check_callable(entry.next_attempt, record.zone, record.window, rules=hours)
            assert later.allowed
            assert entry.next_attempt >= now
        if P.OUTSIDE_WINDOW in entry.reasons or P.LEGAL_HOURS in entry.reasons:
            assert not check.allowed


def test_plan_refuses_unusable_input() -> None:
    with pytest.raises(OutboundError):
        list(plan_records([(row(1), row(2, chain_id=2))], TreatmentRules(), NOW))
    with pytest.raises(OutboundError):
        list(plan_records([()], TreatmentRules(), NOW))
    with pytest.raises(OutboundError):
        list(plan_records([(row(1),)], TreatmentRules(), datetime(2026, 6, 15)))
    with pytest.raises(OutboundError):
        list(plan_records([(row(1),)], None, NOW))  # type: ignore[arg-type]


# Timelines.


def test_a_busy_timeline_with_the_shipped_table() -> None:
    rules = TreatmentRules(max_attempts=10, calling_hours=("us-federal",))
    (timeline,) = plan_timelines([(row(1), row(2))], shipped_treatments(), rules, NOW, R.BUSY,
                                 timedelta(days=7))  # fmt: skip
    assert timeline.end is TimelineEnd.FINALIZED
    assert [s.record_id for s in timeline.steps] == [1] * 4 + [2] * 4 + [1] * 4 + [2] * 4
    assert [s.at - NOW for s in timeline.steps[:4]] == [
        timedelta(0),
        timedelta(minutes=10),
        timedelta(minutes=25),
        timedelta(minutes=45),
    ]
    assert timeline.steps[8].at == timeline.steps[7].at + timedelta(hours=1)  # the second pass
    assert timeline.to_dict()["timeline"][0] == {
        "attempt": 1,
        "at": "2026-06-15T14:00:00Z",
        "at_local": "06/15/2026 10:00",
        "record_id": 1,
        "action": "redial",
    }


def test_timelines_stop_at_the_horizon_the_limit_or_when_nothing_may_be_called() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 7, "action": "Retry In", "interval": "1:00:00", "cycle_attempt": 50}]'
    )
    (timeline,) = plan_timelines([(row(1),)], table, TreatmentRules(), NOW, R.NO_ANSWER,
                                 timedelta(days=3, hours=1))  # fmt: skip
    assert timeline.end is TimelineEnd.HORIZON
    assert len(timeline.steps) == 4
    (timeline,) = plan_timelines([(row(1),)], table, TreatmentRules(), NOW, R.NO_ANSWER,
                                 timedelta(days=300), limit=5)  # fmt: skip
    assert timeline.end is TimelineEnd.LIMIT
    assert len(timeline.steps) == 5
    (timeline,) = plan_timelines([(row(1, status=RecordStatus.UPDATED),)], table,
                                 TreatmentRules(), NOW, R.NO_ANSWER, timedelta(days=1))  # fmt: skip
    assert timeline.end is TimelineEnd.NOT_CALLABLE
    assert timeline.steps == ()
    (timeline,) = plan_timelines([(row(1),)], table, TreatmentRules(), NOW, R.ANSWER,
                                 timedelta(days=1))  # fmt: skip
    assert [s.action for s in timeline.steps] == [RecordAction.NO_TREATMENT]


def test_an_abandoned_timeline_waits_the_delay() -> None:
    table = fixture_table("interval-increment.json")
    rules = TreatmentRules(abandoned_recall_delay=timedelta(hours=72))
    table = TreatmentTable.from_json(
        '[{"call_result": 21, "action": "Retry In", "interval": "0:00:10", "cycle_attempt": 3}]'
    )
    (timeline,) = plan_timelines([(row(1),)], table, rules, NOW, R.ABANDONED, timedelta(days=30))
    gaps = [b.at - a.at for a, b in zip(timeline.steps, timeline.steps[1:], strict=False)]
    assert gaps == [timedelta(hours=72)] * 3


@settings(max_examples=max(10, settings.default.max_examples // 8))
@given(
    calling_list_chains(live=True),
    treatment_tables(),
    st.sampled_from([R.BUSY, R.NO_ANSWER, R.WRONG_NUMBER, R.ANSWERING_MACHINE, R.ABANDONED]),
    st.none() | st.integers(1, 5),
)
def test_timelines_keep_the_rules(
    chain: tuple, table: TreatmentTable, result: CallResult, most: int | None
) -> None:
    rules = TreatmentRules(max_attempts=most, calling_hours=("us-federal",))
    (timeline,) = plan_timelines([chain], table, rules, NOW, result, timedelta(days=14))
    again = list(plan_timelines([chain], table, rules, NOW, result, timedelta(days=14)))
    assert again == [timeline]
    rows = {r.record_id: r for r in chain}
    counts: dict[int, int] = {}
    for step in timeline.steps:
        record = rows[step.record_id]
        counts[step.record_id] = counts.get(step.record_id, 0) + 1
        assert most is None or record.attempts + counts[step.record_id] <= most
        assert check_callable(step.at, record.zone, record.window, rules=("us-federal",)).allowed
        assert step.at <= NOW + timedelta(days=14)
    times = [s.at for s in timeline.steps]
    assert times == sorted(times)


@given(st.lists(calling_list_chains(), min_size=1, max_size=3, unique_by=lambda c: c[0].chain_id))
def test_plan_values_round_trip(chains: list[tuple]) -> None:
    import json

    from outbound_core.treatments import ChainTimeline, PlanEntry

    rules = TreatmentRules(calling_hours=("us-federal",))
    for entry in plan_records(chains, rules, NOW):
        assert PlanEntry.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry
        assert pickle.loads(pickle.dumps(entry)) == entry
    for timeline in plan_timelines(chains, shipped_treatments(), rules, NOW, R.BUSY,
                                   timedelta(days=2)):  # fmt: skip
        assert ChainTimeline.from_dict(json.loads(json.dumps(timeline.to_dict()))) == timeline
        assert pickle.loads(pickle.dumps(timeline)) == timeline


def test_plan_values_refuse_what_they_did_not_write() -> None:
    from outbound_core.treatments import ChainTimeline, PlanEntry

    (entry,) = plan_records([(row(1),)], TreatmentRules(), NOW)
    data = entry.to_dict()
    with pytest.raises(OutboundError):
        PlanEntry.from_dict({**data, "callable_now": False})
    with pytest.raises(OutboundError):
        PlanEntry.from_dict({**data, "reasons": ["sleeping"]})
    with pytest.raises(OutboundError):
        ChainTimeline.from_dict({"chain_id": 1, "timeline": [{}], "end": "finalized"})
