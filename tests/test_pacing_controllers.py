"""The controllers: line caps, no overdial at a 100 % hit rate, feedback, and their settings."""

from __future__ import annotations

import contextlib
import math
import pickle
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import LOG_START

from outbound_core.errors import InvalidValue, OutboundError
from outbound_core.pacing import (
    AgentActivity,
    PacingReason,
    PacingStatistics,
    PredictiveSettings,
    ProgressiveSettings,
    decide,
    dials_now,
    settings_from_dict,
    settings_to_dict,
)

NOW = LOG_START + timedelta(hours=1)


@st.composite
def statistics_now(
    draw: st.DrawFn,
    hit_rate: float | None = None,
    handle: float | None = None,
    busy_agents: bool = True,
) -> PacingStatistics:
    """Statistics in any state a campaign can be in at NOW."""
    window = draw(st.sampled_from([5, 20, 100]))
    outcomes = tuple(
        draw(st.lists(st.booleans(), max_size=window))
        if hit_rate is None
        else [hit_rate == 1.0] * draw(st.integers(0, window))
    )
    ready = draw(st.integers(0, 30))
    busy = draw(st.integers(0, 30 if busy_agents else 0))
    wrap = draw(st.integers(0, 30 if busy_agents else 0))
    not_ready = draw(st.integers(0, 5))
    since = st.floats(0.0, 3600.0).map(lambda s: NOW.timestamp() - s)
    busy_since = tuple(sorted(draw(st.lists(since, min_size=busy, max_size=busy))))
    wrap_since = tuple(sorted(draw(st.lists(since, min_size=wrap, max_size=wrap))))
    agents: dict[str, tuple[AgentActivity, float]] = {}
    for n in range(ready):
        agents[f"r{n}"] = (AgentActivity.READY, NOW.timestamp())
    for n, t in enumerate(busy_since):
        agents[f"b{n}"] = (AgentActivity.BUSY, t)
    for n, t in enumerate(wrap_since):
        agents[f"w{n}"] = (AgentActivity.WRAP_UP, t)
    for n in range(not_ready):
        agents[f"n{n}"] = (AgentActivity.NOT_READY, NOW.timestamp())
    ringing = {
        f"c{n}": NOW.timestamp() for n in range(draw(st.integers(0, 100) | st.integers(0, 5)))
    }
    waiting = {f"w{n}": NOW.timestamp() for n in range(draw(st.integers(0, 20) | st.just(0)))}
    live = draw(st.integers(0, 5000))
    talk = draw(st.floats(0.0, 600.0)) if handle is None else handle
    wrap_time = draw(st.floats(0.0, 120.0)) if handle is None else handle
    return PacingStatistics(
        "P", window, outcomes, (), (), (), agents, busy_since, wrap_since, ready, ringing,
        waiting, live * 3, live, live, draw(st.integers(0, live) | st.integers(0, live // 50)), NOW.timestamp(),
        sum(outcomes) / len(outcomes) if outcomes else 0.0,
        draw(st.floats(0.0, 60.0)), talk, wrap_time,
    )  # fmt: skip


predictive_settings = st.builds(
    PredictiveSettings,
    optimization_goal=st.sampled_from([0.5, 1.0, 3.0, 10.0]),
    max_lines_per_agent=st.sampled_from([1.0, 1.5, 2.0, 3.0, 15.0]),
    history_length=st.sampled_from([0, 1, 20, 1000]),
    predictive_gain=st.sampled_from([0.1, 0.5, 1.0]),
    predictive_correction=st.sampled_from([10, 100, 1000]),
    max_correction=st.sampled_from([0.0, 1.0, 2.0, 10.0]),
    abandon_reserve=st.sampled_from([0.0, 1.0, 2.0]),
)
progressive_settings = st.builds(
    ProgressiveSettings,
    ratio=st.sampled_from([0.5, 1.0, 1.5, 3.0]),
    max_lines_per_agent=st.just(3.0),
)
any_settings = st.one_of(predictive_settings, progressive_settings)


def _working(statistics: PacingStatistics) -> int:
    return statistics.ready + statistics.busy + statistics.in_wrap_up


@given(statistics_now(), any_settings)
def test_the_controller_never_dials_past_its_maximum_lines_per_agent(
    statistics: PacingStatistics, settings: Any
) -> None:
    dials = dials_now(statistics, settings, NOW)
    assert dials >= 0
    if dials:
        cap = math.floor(settings.max_lines_per_agent * _working(statistics) + 1e-9)
        assert statistics.calls_in_progress + dials <= cap


@given(statistics_now(hit_rate=1.0, handle=0.0), predictive_settings)
def test_at_a_full_hit_rate_and_no_handle_time_no_more_calls_than_free_agents(
    statistics: PacingStatistics, settings: PredictiveSettings
) -> None:
    dials = dials_now(statistics, settings, NOW)
    # With no handle time every agent who is not Not Ready is free now or at once.
    assert dials <= max(0, _working(statistics) - statistics.calls_in_progress)
    decision = decide(statistics, settings, NOW)
    assert decision.dials == dials
    assert dials <= max(0, math.floor(decision.expected_free) - statistics.calls_in_progress)


@given(statistics_now(), predictive_settings)
def test_the_fast_path_gives_the_step_by_step_decision(
    statistics: PacingStatistics, settings: PredictiveSettings
) -> None:
    decision = decide(statistics, settings, NOW)
    assert dials_now(statistics, settings, NOW) == decision.dials
    # Each agent is expected free at most once, however large the correction.
    assert decision.expected_free <= _working(statistics)


@given(statistics_now(hit_rate=1.0, busy_agents=False), predictive_settings)
def test_at_a_full_hit_rate_with_nobody_busy_only_ready_agents_get_calls(
    statistics: PacingStatistics, settings: PredictiveSettings
) -> None:
    dials = dials_now(statistics, settings, NOW)
    assert dials <= max(0, statistics.ready - statistics.calls_in_progress)


@given(statistics_now(), predictive_settings, st.integers(1, 50))
def test_more_abandoned_calls_never_mean_more_dials(
    statistics: PacingStatistics, settings: PredictiveSettings, more: int
) -> None:
    worse = attrs.evolve(statistics, abandoned_total=statistics.abandoned_total + more)
    assert dials_now(worse, settings, NOW) <= dials_now(statistics, settings, NOW)


@given(statistics_now(), progressive_settings)
def test_progressive_dials_its_ratio_of_ready_agents(
    statistics: PacingStatistics, settings: ProgressiveSettings
) -> None:
    wanted = math.floor(
        settings.ratio * (statistics.ready - len(statistics.waiting))
        - len(statistics.ringing)
        + 1e-9
    )
    cap = math.floor(settings.max_lines_per_agent * _working(statistics) + 1e-9)
    room = max(0, cap - statistics.calls_in_progress)
    assert dials_now(statistics, settings, NOW) == max(0, min(wanted, room))


def _ready_statistics(
    ready: int, outcomes: tuple[bool, ...], live: int, abandoned: int
) -> PacingStatistics:
    agents = {f"r{n}": (AgentActivity.READY, NOW.timestamp()) for n in range(ready)}
    return PacingStatistics(
        "P", 100, outcomes, (), (), (), agents, (), (), ready, {}, {}, live * 3, live, live,
        abandoned, NOW.timestamp(), sum(outcomes) / len(outcomes) if outcomes else 0.0,
        10.0, 120.0, 30.0,
    )  # fmt: skip


def test_predictive_warms_up_as_progressive_then_overdials_by_the_hit_rate() -> None:
    settings = PredictiveSettings(history_length=20)
    cold = _ready_statistics(4, (True, False) * 5, 0, 0)
    assert decide(cold, settings, NOW).reason is PacingReason.WARMING_UP
    assert dials_now(cold, settings, NOW) == 4
    # 25 % hit rate, a budget of one correction unit (3 abandons at 3 %): c = 1, 1/hit rate.
    warm = _ready_statistics(3, (True, False, False, False) * 10, 200, 1)
    decision = decide(warm, settings, NOW)
    assert decision.correction == pytest.approx(1.0)
    assert decision.ratio == pytest.approx(4.0)
    assert decision.dials == 9  # the line cap: 3 lines per agent
    assert decision.reason is PacingReason.LINES_CAP
    # Over the goal: no budget, no overdial.
    spent = _ready_statistics(3, (True, False, False, False) * 10, 200, 7)
    assert decide(spent, settings, NOW).correction == 0.0
    assert dials_now(spent, settings, NOW) == 3


def test_a_decision_reads_as_data() -> None:
    decision = decide(_ready_statistics(2, (), 0, 0), ProgressiveSettings(), NOW)
    assert decision.to_dict()["dials"] == 2
    assert decision.to_dict()["reason"] == "paced"


@given(any_settings)
def test_settings_round_trip(settings: Any) -> None:
    assert settings_from_dict(settings_to_dict(settings)) == settings
    assert pickle.loads(pickle.dumps(settings)) == settings


@pytest.mark.parametrize(
    ("cls", "kwargs", "field"),
    [
        (ProgressiveSettings, {"ratio": 0}, "ratio"),
        (ProgressiveSettings, {"ratio": 4.0}, "ratio"),
        (ProgressiveSettings, {"max_lines_per_agent": True}, "max_lines_per_agent"),
        (PredictiveSettings, {"optimization_goal": float("nan")}, "optimization_goal"),
        (PredictiveSettings, {"optimization_goal": "3"}, "optimization_goal"),
        (PredictiveSettings, {"max_lines_per_agent": 16}, "max_lines_per_agent"),
        (PredictiveSettings, {"history_length": 2.0}, "history_length"),
        (PredictiveSettings, {"predictive_gain": 0}, "predictive_gain"),
        (PredictiveSettings, {"predictive_correction": 9}, "predictive_correction"),
        (PredictiveSettings, {"max_correction": -1}, "max_correction"),
        (PredictiveSettings, {"abandon_reserve": None}, "abandon_reserve"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(
    cls: type, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        cls(**kwargs)
    assert caught.value.details["field"] == field


@given(
    st.dictionaries(
        st.text(max_size=25), st.one_of(st.none(), st.integers(), st.floats(), st.text())
    )
)
def test_settings_from_bad_data_raise_only_outbound_errors(data: dict[str, Any]) -> None:
    with contextlib.suppress(OutboundError):
        settings_from_dict(data)
    with contextlib.suppress(OutboundError):
        settings_from_dict({**data, "mode": "predictive"})


@pytest.mark.parametrize("now", [datetime(2026, 6, 15, 9), "09:00", None, 3.0])
def test_now_must_be_an_aware_datetime(now: Any) -> None:
    with pytest.raises(InvalidValue):
        dials_now(_ready_statistics(1, (), 0, 0), PredictiveSettings(), now)
    with pytest.raises(InvalidValue):
        dials_now("statistics", PredictiveSettings(), NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        dials_now(_ready_statistics(1, (), 0, 0), "predictive", NOW)  # type: ignore[arg-type]


def test_the_correction_spends_only_the_budget_beyond_its_reserve() -> None:
    settings = PredictiveSettings()  # 3 %, correction unit 3 abandons, gain 1, reserve 2
    outcomes = (True, False, False, False) * 10
    none = _ready_statistics(2, outcomes, 100, 0)  # budget 3 - 0, less 2 in reserve
    assert settings.correction(none) == pytest.approx(1 / 3)
    assert decide(none, settings, NOW).correction == pytest.approx(1 / 3)
    one = _ready_statistics(2, outcomes, 100, 1)  # budget 3 - 1 = 2: all of it in reserve
    assert settings.correction(one) == 0.0
    assert dials_now(one, settings, NOW) == 2  # one per Ready agent
    assert dials_now(none, settings, NOW) == 4  # 2 x (1 + 1/3 x 3)
    spender = PredictiveSettings(abandon_reserve=0.0)
    assert spender.correction(one) == pytest.approx(2 / 3)
