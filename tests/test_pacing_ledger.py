"""The abandon ledger: a brute-force recount agrees, for every preset and random rules."""

from __future__ import annotations

import contextlib
import pickle
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import LOG_START, call_logs, story_events

from outbound_core.errors import InvalidValue, OutboundError
from outbound_core.pacing import (
    OFCOM,
    PRESETS,
    TSR,
    AbandonRules,
    AbandonWindow,
    AgentConnected,
    AgentStateChanged,
    CallAbandoned,
    Denominator,
    DialOutcome,
    DialPlaced,
    GreetingEnded,
    HangUp,
    StartPoint,
    abandon_ledger,
    abandon_rules,
)
from outbound_core.records import normalize_phone

custom_rules = st.builds(
    AbandonRules,
    name=st.just("custom"),
    threshold=st.sampled_from([timedelta(0), timedelta(seconds=1), timedelta(seconds=2)]),
    start_point=st.sampled_from(list(StartPoint)),
    denominator=st.sampled_from(list(Denominator)),
    window=st.sampled_from(list(AbandonWindow)),
    limit_percent=st.sampled_from([0.0, 1.0, 3.0, 50.0, 100.0]),
    abandoned_recall_delay=st.none() | st.just(timedelta(hours=72)),
)


def _first(times: list[datetime]) -> datetime | None:
    return min(times) if times else None


def _recount(stories: list[dict[str, Any]], rules: AbandonRules) -> dict[str, Any]:
    """The ledger's figures, counted the slow and obvious way from the stories."""
    window = {
        AbandonWindow.CAMPAIGN: None,
        AbandonWindow.HOURS_24: timedelta(days=1),
        AbandonWindow.DAYS_30: timedelta(days=30),
    }[rules.window]
    out: dict[str, Any] = {}
    for campaign in sorted({s["campaign"] for s in stories}):
        calls = []
        for story in stories:
            if story["campaign"] != campaign or not (story["placed"] or story["result"]):
                continue
            every = [
                *([story["placed_at"]] if story["placed"] else []),
                *([story["answer_at"]] if story["result"] is not None else []),
                *story["greeting_start"], *story["greeting_end"], *story["connected"],
                *story["customer_left"], *story["other_hang_up"], *story["dropped"],
                *story["message"],
            ]  # fmt: skip
            anchor = story["placed_at"] if story["placed"] else min(every)
            live = story["result"] is not None and story["result"].value == "live-answer"
            abandoned = False
            if live:
                start = story["answer_at"]
                starts = {
                    StartPoint.CONNECTED: [start],
                    StartPoint.GREETING_START: [_first(story["greeting_start"]), start],
                    StartPoint.GREETING_END: [
                        _first(story["greeting_end"]),
                        _first(story["greeting_start"]),
                        start,
                    ],
                }[rules.start_point]
                start = next(s for s in starts if s is not None)
                deadline = start + rules.threshold
                connected = _first(story["connected"])
                left = _first(story["customer_left"])
                dropped = _first(story["dropped"])
                if connected is not None:
                    abandoned = connected > deadline
                else:
                    gave_up = left is not None and left <= deadline
                    gave_up = gave_up and (dropped is None or left <= dropped)
                    abandoned = not gave_up
            calls.append(
                {
                    "anchor": anchor,
                    "live": live,
                    "queued": live or bool(story["connected"]),
                    "abandoned": abandoned,
                    "silent": abandoned and not story["message"],
                    "phone": story["phone"] if story["placed"] else None,
                    "last": max(every),
                }
            )
        first = min(c["anchor"] for c in calls)
        periods: dict[int, dict[str, int]] = {}
        for call in calls:
            index = 0 if window is None else int((call["anchor"] - first) / window)
            while window is not None and first + index * window > call["anchor"]:
                index -= 1  # float division rounding up at an edge
            while window is not None and first + (index + 1) * window <= call["anchor"]:
                index += 1
            p = periods.setdefault(
                index, {"dials": 0, "live": 0, "queued": 0, "abandoned": 0, "silent": 0}
            )
            p["dials"] += 1
            p["live"] += call["live"]
            p["queued"] += call["queued"]
            p["abandoned"] += call["abandoned"]
            p["silent"] += call["silent"]
        recall: dict[str, datetime] = {}
        if rules.abandoned_recall_delay is not None:
            for call in calls:
                if call["abandoned"] and call["phone"] is not None:
                    key = normalize_phone(call["phone"])
                    until = call["last"] + rules.abandoned_recall_delay
                    recall[key] = max(until, recall.get(key, until))
        denominator = {
            Denominator.ALL_DIALS: "dials",
            Denominator.LIVE_ANSWERED: "live",
            Denominator.REACHED_QUEUE: "queued",
        }[rules.denominator]
        out[campaign] = {
            "periods": [
                (
                    first if window is None else first + i * window,
                    p["dials"],
                    p["live"],
                    p["queued"],
                    p["abandoned"],
                    p["silent"],
                    p[denominator],
                    p["abandoned"] * 100 > rules.limit_percent * p[denominator],
                )
                for i, p in sorted(periods.items())
            ],
            "recall": recall,
        }
    return out


@pytest.mark.parametrize("preset", ["tsr", "ofcom", "random rules"])
@settings(max_examples=min(150, settings.default.max_examples))
@given(call_logs, custom_rules, st.randoms(use_true_random=False))
def test_the_ledger_equals_a_brute_force_recount(
    preset: str, stories: list[dict[str, Any]], custom: AbandonRules, rng: random.Random
) -> None:
    rules = PRESETS.get(preset, custom)
    # Call ids restart in each campaign: the same id in two campaigns is two calls.
    numbers = [
        sum(1 for t in stories[:n] if t["campaign"] == s["campaign"]) for n, s in enumerate(stories)
    ]
    events = [e for n, s in zip(numbers, stories, strict=True) for e in story_events(s, f"c{n}")]
    rng.shuffle(events)  # the ledger does not depend on the order of events
    ledger = abandon_ledger(events, rules)
    expected = _recount(stories, rules)
    assert sorted(ledger.campaigns) == sorted(expected)
    for name, campaign in ledger.campaigns.items():
        got = [
            (
                p.start, p.dials, p.live_answers, p.reached_queue, p.abandoned, p.silent,
                p.denominator, p.over_limit,
            )
            for p in campaign.periods
        ]  # fmt: skip
        assert got == expected[name]["periods"]
        assert dict(campaign.no_recall_until) == expected[name]["recall"]
        assert campaign.over_limit == any(p[-1] for p in expected[name]["periods"])


def _call(
    campaign: str, call_id: str, phone: str, dial: float, answer: float, **facts: float
) -> list[Any]:
    """A live-answered call, events at seconds after LOG_START: connected 1 s after its
    greeting ends unless it is `dropped`."""

    def at(seconds: float) -> datetime:
        return LOG_START + timedelta(seconds=seconds)

    events: list[Any] = [
        DialPlaced(at(dial), campaign, call_id, phone),
        DialOutcome(at(answer), campaign, call_id, "live-answer"),
    ]
    if "greeting_end" in facts:
        events.append(GreetingEnded(at(facts["greeting_end"]), campaign, call_id))
    if "dropped" in facts:
        events.append(CallAbandoned(at(facts["dropped"]), campaign, call_id))
    else:
        connect = facts.get("greeting_end", answer) + 1
        events.append(AgentConnected(at(connect), campaign, call_id, "agent-1"))
    return events


def test_the_presets_are_the_rules_of_the_reference() -> None:
    assert TSR.limit_percent == OFCOM.limit_percent == 3.0
    assert TSR.threshold == OFCOM.threshold == timedelta(seconds=2)
    assert TSR.start_point is OFCOM.start_point is StartPoint.GREETING_END
    assert TSR.denominator is OFCOM.denominator is Denominator.LIVE_ANSWERED
    assert TSR.window is AbandonWindow.DAYS_30
    assert OFCOM.window is AbandonWindow.HOURS_24
    assert TSR.abandoned_recall_delay is None
    assert OFCOM.abandoned_recall_delay == timedelta(hours=72)
    assert abandon_rules(" OFCOM ") is OFCOM
    assert AbandonRules.from_dict(OFCOM.to_dict()) == OFCOM
    assert pickle.loads(pickle.dumps(TSR)) == TSR


def test_three_percent_is_within_the_limit_and_more_is_over() -> None:
    events: list[Any] = []
    for n in range(100):
        at, call = n * 60, f"a{n}"
        # 3 of 100 abandoned: exactly the limit.
        facts = {"greeting_end": at + 6, **({"dropped": at + 8} if n < 3 else {})}
        events += _call("A", call, "+1 555 0100", at, at + 5, **facts)
    ledger = abandon_ledger(events, TSR)
    assert ledger.campaigns["A"].abandoned == 3
    assert not ledger.campaigns["A"].over_limit
    late = [e for e in events if not (isinstance(e, AgentConnected) and e.call_id == "a3")]
    assert abandon_ledger(late, TSR).campaigns["A"].over_limit


def test_ofcom_measures_each_24_hours_and_the_tsr_each_30_days() -> None:
    events: list[Any] = []
    for day in range(3):
        for n in range(10):
            call = f"d{day}-{n}"
            t = day * 86400 + n * 60
            facts = {"greeting_end": t + 6, **({"dropped": t + 8} if call == "d0-0" else {})}
            events += _call("A", call, "+44 20 7946 0001", t, t + 5, **facts)
    ofcom = abandon_ledger(events, OFCOM).campaigns["A"]
    assert [p.rate_percent for p in ofcom.periods] == [10.0, 0.0, 0.0]
    assert ofcom.over_limit  # one day at 10 %
    tsr = abandon_ledger(events, TSR).campaigns["A"]
    assert len(tsr.periods) == 1
    assert tsr.rate_percent == pytest.approx(100 / 30)
    assert tsr.over_limit


def test_the_two_seconds_count_from_the_end_of_the_greeting() -> None:
    # Answered at 5 s, greeting ends at 7 s, connected at 8.5 s: 1.5 s after the greeting.
    events = _call("A", "c1", "+1 555 0100", 0, 5, greeting_end=7)
    events[-1] = AgentConnected(LOG_START + timedelta(seconds=8.5), "A", "c1", "agent-1")
    assert abandon_ledger(events, TSR).campaigns["A"].abandoned == 0
    from_answer = AbandonRules("answer", start_point=StartPoint.CONNECTED)
    assert abandon_ledger(events, from_answer).campaigns["A"].abandoned == 1


def test_the_ofcom_no_recall_set_is_keyed_by_the_normalized_number() -> None:
    events = _call("A", "c1", "0044 (20) 7946-0001", 0, 5, greeting_end=6, dropped=8)
    ledger = abandon_ledger(events, OFCOM)
    until = LOG_START + timedelta(seconds=8, hours=72)
    assert dict(ledger.no_recall_until) == {"+442079460001": until}
    assert dict(abandon_ledger(events, TSR).no_recall_until) == {}
    assert OFCOM.no_recall_until(LOG_START) == LOG_START + timedelta(hours=72)
    end_of_time = datetime.max.replace(tzinfo=UTC)
    assert OFCOM.no_recall_until(end_of_time) == end_of_time


def test_agent_states_do_not_matter_and_an_empty_log_is_compliant() -> None:
    ledger = abandon_ledger([AgentStateChanged(LOG_START, "A", "a1", "ready")], OFCOM)
    assert ledger.campaigns == {}
    assert ledger.compliant
    assert ledger.to_dict()["verdict"] == "compliant"


def test_silent_abandoned_calls_make_a_campaign_not_compliant() -> None:
    events = _call("A", "c1", "+1 555 0100", 0, 5, greeting_end=6, dropped=8)
    lenient = AbandonRules("lenient", limit_percent=100.0)
    campaign = abandon_ledger(events, lenient).campaigns["A"]
    assert campaign.silent == 1
    assert not campaign.over_limit
    assert campaign.verdict == "silent-calls"
    quiet = AbandonRules("quiet", limit_percent=100.0, message_required=False)
    assert abandon_ledger(events, quiet).campaigns["A"].verdict == "within-limit"


@given(st.lists(st.one_of(st.none(), st.integers(), st.text(), st.just(object())), min_size=1))
def test_anything_but_call_events_is_refused(items: list[object]) -> None:
    with pytest.raises(InvalidValue):
        abandon_ledger(items, TSR)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": ""},
        {"name": 3},
        {"threshold": 2},
        {"threshold": timedelta(seconds=-1)},
        {"start_point": "hello"},
        {"denominator": None},
        {"window": "week"},
        {"limit_percent": float("nan")},
        {"limit_percent": True},
        {"limit_percent": 101},
        {"abandoned_recall_delay": 72},
        {"message_required": "yes"},
    ],
)
def test_bad_rules_are_refused_naming_the_setting(kwargs: dict[str, Any]) -> None:
    values = {"name": "x", **kwargs}
    with pytest.raises(InvalidValue) as caught:
        AbandonRules(**values)
    assert caught.value.details["field"] in kwargs


@given(st.one_of(st.text(), st.none(), st.integers()))
def test_unknown_presets_are_refused(name: object) -> None:
    if isinstance(name, str) and name.strip().casefold() in PRESETS:
        return
    with pytest.raises(OutboundError) as caught:
        abandon_rules(name)  # type: ignore[arg-type]
    assert caught.value.code in ("unknown-abandon-rules", "wrong-type")


@given(st.dictionaries(st.text(max_size=30), st.one_of(st.none(), st.integers(), st.text())))
def test_rules_from_bad_data_raise_only_outbound_errors(data: dict[str, Any]) -> None:
    with contextlib.suppress(OutboundError):
        AbandonRules.from_dict(data)


def _abandoned(events: list[Any], rules: AbandonRules = TSR) -> int:
    return abandon_ledger(events, rules).campaigns["A"].abandoned


def test_the_edges_of_the_definition() -> None:
    def at(seconds: float) -> datetime:
        return LOG_START + timedelta(seconds=seconds)

    base = [
        DialPlaced(at(0), "A", "c", "+1 555 0100"),
        DialOutcome(at(5), "A", "c", "live-answer"),
        GreetingEnded(at(6), "A", "c"),
    ]
    # Connected exactly 2 s after the greeting: in time. A microsecond later: abandoned.
    assert _abandoned([*base, AgentConnected(at(8), "A", "c", "a")]) == 0
    assert _abandoned([*base, AgentConnected(at(8.000001), "A", "c", "a")]) == 1
    # The customer hung up, unconnected, exactly at the deadline: they gave up first.
    assert _abandoned([*base, HangUp(at(8), "A", "c", "customer")]) == 0
    assert _abandoned([*base, HangUp(at(8.000001), "A", "c", "customer")]) == 1
    # ... but not when the system had already dropped the call.
    dropped = [*base, CallAbandoned(at(7), "A", "c"), HangUp(at(7.5), "A", "c", "customer")]
    assert _abandoned(dropped) == 1
    assert (
        _abandoned([*base, CallAbandoned(at(7), "A", "c"), HangUp(at(7), "A", "c", "customer")])
        == 0
    )
    # The earliest of repeated events counts, whatever their order in the log.
    twice = [
        AgentConnected(at(12), "A", "c", "a"),
        DialOutcome(at(11), "A", "c", "live-answer"),
        *base,
    ]
    from_answer = AbandonRules("answer", start_point=StartPoint.CONNECTED)
    assert _abandoned(twice, from_answer) == 1  # 7 s after the first live answer at 5 s
