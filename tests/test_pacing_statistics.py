"""Pacing statistics: deterministic, windowed as documented, refusing what they cannot use."""

from __future__ import annotations

import contextlib
import json
import pickle
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import LOG_START

from outbound_core.errors import InvalidValue, NotFound, OutboundError
from outbound_core.pacing import (
    AgentActivity,
    AgentConnected,
    AgentStateChanged,
    CallAbandoned,
    DialOutcome,
    DialPlaced,
    DialResult,
    HangUp,
    PacingStatistics,
)

AGENTS = ("a1", "a2", "a3")


@st.composite
def event_streams(draw: st.DrawFn) -> list[Any]:
    """A campaign's events in time order: dials and their outcomes, connections,
    abandonments, hang-ups and agents changing state."""
    events: list[Any] = []
    at = LOG_START
    open_calls: list[str] = []
    answered: list[str] = []
    for n in range(draw(st.integers(0, 60))):
        at += timedelta(seconds=draw(st.sampled_from([0.0, 0.5, 1.0, 7.25, 30.0])))
        action = draw(st.sampled_from(["dial", "outcome", "connect", "abandon", "hang", "agent"]))
        if action == "dial" or (action == "outcome" and not open_calls):
            call = f"c{n}"
            open_calls.append(call)
            events.append(DialPlaced(at, "P", call, "+1 555 0100"))
        elif action == "outcome":
            call = open_calls.pop(draw(st.integers(0, len(open_calls) - 1)))
            result = draw(st.sampled_from(list(DialResult)))
            events.append(DialOutcome(at, "P", call, result))
            if result is DialResult.LIVE_ANSWER:
                answered.append(call)
        elif action in ("connect", "abandon", "hang") and answered:
            call = answered.pop(0)
            if action == "connect":
                events.append(AgentConnected(at, "P", call, draw(st.sampled_from(AGENTS))))
            elif action == "abandon":
                events.append(CallAbandoned(at, "P", call))
            else:
                events.append(HangUp(at, "P", call, "customer"))
        else:
            agent = draw(st.sampled_from(AGENTS))
            events.append(
                AgentStateChanged(at, "P", agent, draw(st.sampled_from(list(AgentActivity))))
            )
    return events


def _fold(events: list[Any], window: int = 100) -> PacingStatistics:
    statistics = PacingStatistics("P", window)
    for event in events:
        statistics = statistics.fed(event)
    return statistics


def _brute(events: list[Any], window: int) -> dict[str, Any]:
    """The statistics' figures, recomputed from the whole stream the obvious way."""
    outcomes, answers, talks, wraps = [], [], [], []
    placed: dict[str, datetime] = {}
    agents: dict[str, tuple[AgentActivity, datetime]] = {}
    ringing: set[str] = set()
    waiting: set[str] = set()
    for e in events:
        if isinstance(e, DialPlaced):
            placed[e.call_id] = e.at
            ringing.add(e.call_id)
        elif isinstance(e, DialOutcome):
            outcomes.append(e.result is DialResult.LIVE_ANSWER)
            if e.result is DialResult.LIVE_ANSWER:
                waiting.add(e.call_id)
                if e.call_id in ringing:
                    answers.append((e.at - placed[e.call_id]).total_seconds())
            ringing.discard(e.call_id)
        elif isinstance(e, AgentConnected | CallAbandoned | HangUp):
            waiting.discard(e.call_id)
            if not isinstance(e, CallAbandoned):
                ringing.discard(e.call_id)
        elif isinstance(e, AgentStateChanged):
            before = agents.pop(e.agent_id, None)
            if before is not None and before[0] is e.state:
                agents[e.agent_id] = before
                continue
            if before is not None:
                spent = (e.at - before[1]).total_seconds()
                if before[0] is AgentActivity.BUSY:
                    talks.append(spent)
                    if e.state is not AgentActivity.WRAP_UP:
                        wraps.append(0.0)
                elif before[0] is AgentActivity.WRAP_UP:
                    wraps.append(spent)
            if e.state is not AgentActivity.LOGGED_OUT:
                agents[e.agent_id] = (e.state, e.at)

    def mean(values: list[float]) -> float:
        last = values[-window:]
        return sum(last) / len(last) if last else 0.0

    last = outcomes[-window:]
    return {
        "hit_rate": sum(last) / len(last) if last else 0.0,
        "mean_answer_seconds": mean(answers),
        "mean_talk_seconds": mean(talks),
        "mean_wrap_seconds": mean(wraps),
        "ready": sum(1 for s, _ in agents.values() if s is AgentActivity.READY),
        "busy_since": sorted(t.timestamp() for s, t in agents.values() if s is AgentActivity.BUSY),
        "wrap_since": sorted(
            t.timestamp() for s, t in agents.values() if s is AgentActivity.WRAP_UP
        ),
        "ringing": sorted(ringing),
        "waiting": sorted(waiting),
        "logged_in": len(agents),
    }


@given(event_streams(), st.sampled_from([1, 3, 100]))
def test_the_statistics_equal_a_recount_over_the_window(events: list[Any], window: int) -> None:
    statistics = _fold(events, window)
    expected = _brute(events, window)
    assert statistics.hit_rate == pytest.approx(expected["hit_rate"])
    assert statistics.mean_answer_seconds == pytest.approx(expected["mean_answer_seconds"])
    assert statistics.mean_talk_seconds == pytest.approx(expected["mean_talk_seconds"])
    assert statistics.mean_wrap_seconds == pytest.approx(expected["mean_wrap_seconds"])
    assert statistics.mean_handle_seconds == pytest.approx(
        expected["mean_talk_seconds"] + expected["mean_wrap_seconds"]
    )
    assert statistics.ready == expected["ready"]
    assert list(statistics.busy_since) == expected["busy_since"]
    assert list(statistics.wrap_since) == expected["wrap_since"]
    assert sorted(statistics.ringing) == expected["ringing"]
    assert sorted(statistics.waiting) == expected["waiting"]
    assert statistics.logged_in == expected["logged_in"]
    assert len(statistics.outcomes) <= window
    assert statistics.calls_in_progress == len(expected["ringing"]) + len(expected["waiting"])


@given(event_streams())
def test_the_statistics_are_deterministic_and_round_trip(events: list[Any]) -> None:
    statistics = _fold(events)
    assert _fold(list(events)) == statistics
    assert pickle.loads(pickle.dumps(statistics)) == statistics
    again = PacingStatistics.from_dict(json.loads(json.dumps(statistics.to_dict())))
    assert again == statistics


def test_the_hit_rate_forgets_dials_older_than_the_window() -> None:
    statistics = PacingStatistics("P", window=4)
    at = LOG_START
    for n, result in enumerate(["live-answer"] * 4 + ["no-answer"] * 3):
        at += timedelta(seconds=1)
        statistics = statistics.fed(DialPlaced(at, "P", f"c{n}", "+1 555 0100"))
        statistics = statistics.fed(DialOutcome(at + timedelta(seconds=2), "P", f"c{n}", result))
        at += timedelta(seconds=2)
    assert statistics.outcomes == (True, False, False, False)
    assert statistics.hit_rate == 0.25
    assert statistics.mean_answer_seconds == 2.0
    assert statistics.dials_total == 7
    assert statistics.live_total == 4


def test_time_in_state_and_agents_free_within() -> None:
    statistics = _fold(
        [
            AgentStateChanged(LOG_START, "P", "a1", "busy"),
            AgentStateChanged(LOG_START + timedelta(seconds=100), "P", "a1", "wrap-up"),
            AgentStateChanged(LOG_START + timedelta(seconds=120), "P", "a1", "ready"),
            AgentStateChanged(LOG_START + timedelta(seconds=120), "P", "a2", "busy"),
        ]
    )
    assert statistics.mean_talk_seconds == 100.0
    assert statistics.mean_wrap_seconds == 20.0
    now = LOG_START + timedelta(seconds=200)
    assert statistics.time_in_state("a2", now) == 80.0
    # a2 is expected to finish 120 s after going Busy: at 240 s, 40 s from now.
    assert statistics.agents_free_within(39.0, now.timestamp()) == 0
    assert statistics.agents_free_within(40.0, now.timestamp()) == 1
    with pytest.raises(NotFound):
        statistics.time_in_state("a9", now)


def test_events_of_another_campaign_or_out_of_order_are_refused() -> None:
    statistics = PacingStatistics("P").fed(AgentStateChanged(LOG_START, "P", "a1", "ready"))
    with pytest.raises(InvalidValue, match="campaign"):
        statistics.fed(AgentStateChanged(LOG_START, "Q", "a1", "ready"))
    with pytest.raises(InvalidValue, match="time order"):
        statistics.fed(AgentStateChanged(LOG_START - timedelta(seconds=1), "P", "a1", "busy"))
    with pytest.raises(InvalidValue):
        statistics.fed("dial")  # type: ignore[arg-type]
    assert statistics.ready == 1  # nothing changed


@pytest.mark.parametrize(
    "kwargs", [{"campaign": ""}, {"campaign": 3}, {"window": 0}, {"window": True}, {"window": 2.5}]
)
def test_bad_settings_are_refused(kwargs: dict[str, Any]) -> None:
    values = {"campaign": "P", **kwargs}
    with pytest.raises(InvalidValue):
        PacingStatistics(**values)


@given(
    st.dictionaries(
        st.text(max_size=20),
        st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers())),
    )
)
def test_statistics_from_bad_data_raise_only_outbound_errors(data: dict[str, Any]) -> None:
    with contextlib.suppress(OutboundError):
        PacingStatistics.from_dict(data)
