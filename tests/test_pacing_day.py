"""The pacing experiment: Predictive holds its target and keeps agents busier, measured."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest

from outbound_core.cli import main
from outbound_core.errors import InvalidValue
from outbound_core.pacing import (
    OFCOM,
    TSR,
    AgentStateChanged,
    CallAbandoned,
    DialOutcome,
    DialResult,
    PredictiveSettings,
    ProgressiveSettings,
    abandon_ledger,
    read_call_events,
    to_trace_event,
)
from outbound_core.simulation.pacing_day import (
    PREDICTIVE_CAMPAIGN,
    PROGRESSIVE_CAMPAIGN,
    PacingExperiment,
    pacing_experiment,
    run_campaign,
)


@cache
def _day(seed: int, target: float) -> PacingExperiment:
    return pacing_experiment(agents=10, hours=4.0, seed=seed, abandon_target=target)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("target", [3.0, 1.0])
def test_predictive_holds_its_target_and_keeps_agents_busier(seed: int, target: float) -> None:
    day = _day(seed, target)
    predictive = day.figures[PREDICTIVE_CAMPAIGN]
    progressive = day.figures[PROGRESSIVE_CAMPAIGN]
    for rules in ("tsr", "ofcom"):
        rate = predictive.abandon_rate[rules]
        assert rate is not None
        assert 0 < rate <= target
    assert predictive.occupancy is not None
    assert progressive.occupancy is not None
    assert predictive.occupancy > progressive.occupancy
    assert predictive.calls_per_agent_hour > progressive.calls_per_agent_hour  # type: ignore[operator]
    assert progressive.abandoned == 0  # one dial per Ready agent never abandons


def test_the_figures_are_measured_from_the_events() -> None:
    day = _day(0, 3.0)
    for name, figures in day.figures.items():
        events = [e for e in day.events if e.campaign == name]
        live = sum(
            1 for e in events if isinstance(e, DialOutcome) and e.result is DialResult.LIVE_ANSWER
        )
        dropped = sum(1 for e in events if isinstance(e, CallAbandoned))
        assert figures.live_answers == live
        assert figures.abandoned == dropped
        # The server waits exactly the threshold from the end of the greeting: the ledger
        # counts as abandoned exactly the calls the system dropped.
        for rules in (TSR, OFCOM):
            assert abandon_ledger(events, rules).campaigns[name].abandoned == dropped
        assert figures.abandon_rate["tsr"] == pytest.approx(100.0 * dropped / live)
        assert 0.0 < figures.occupancy < 100.0  # type: ignore[operator]
        assert 0.0 < figures.mean_customer_wait < 5.0  # type: ignore[operator]
        assert figures.agent_hours == pytest.approx(10 * 4.0, rel=0.05)
    series = day.series[PREDICTIVE_CAMPAIGN]
    assert len(series) == 16  # every 15 minutes of 4 hours
    assert series[-1]["abandon_rate"] == pytest.approx(
        day.figures[PREDICTIVE_CAMPAIGN].abandon_rate["tsr"]
    )
    assert day.to_dict()["pacing"][PREDICTIVE_CAMPAIGN]["abandon_rate"].keys() == {"tsr", "ofcom"}


def test_the_same_seed_gives_the_same_day_and_both_campaigns_dial_the_same_list() -> None:
    first = run_campaign(ProgressiveSettings(), campaign="X", agents=3, hours=0.5, seed=7)
    again = run_campaign(ProgressiveSettings(), campaign="X", agents=3, hours=0.5, seed=7)
    assert first == again
    other = run_campaign(PredictiveSettings(), campaign="X", agents=3, hours=0.5, seed=7)
    # Call n dials record n of the list in both campaigns: it answers the same way.
    results = {e.call_id: e.result for e in first if isinstance(e, DialOutcome)}
    other_results = {e.call_id: e.result for e in other if isinstance(e, DialOutcome)}
    common = set(results) & set(other_results)
    assert len(common) > 20
    assert all(results[c] == other_results[c] for c in common)


def test_every_agent_logs_in_and_out_and_the_trace_reads_back(tmp_path: Path) -> None:
    events = run_campaign(PredictiveSettings(), campaign="X", agents=4, hours=0.5, seed=3)
    states = [e for e in events if isinstance(e, AgentStateChanged)]
    assert {e.agent_id for e in states if e.state.value == "logged-out"} == {
        f"agent-0{n}" for n in range(1, 5)
    }
    trace = tmp_path / "day.jsonl"
    trace.write_text(
        "".join(to_trace_event(e, n).to_json() + "\n" for n, e in enumerate(events, start=1)),
        encoding="utf-8",
    )
    with trace.open(encoding="utf-8") as lines:
        assert tuple(read_call_events(lines)) == events
    status = main(["abandon", str(trace), "--rules", "ofcom"])
    expected = abandon_ledger(events, OFCOM)
    assert status == (0 if expected.compliant else 1)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"agents": 0},
        {"agents": True},
        {"hours": 0},
        {"hours": 25},
        {"threshold": timedelta(seconds=-1)},
        {"threshold": 2},
    ],
)
def test_bad_experiments_are_refused(kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {"campaign": "X", **kwargs}
    with pytest.raises(InvalidValue):
        run_campaign(ProgressiveSettings(), **values)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        run_campaign("fast", campaign="X")  # type: ignore[arg-type]


def test_the_pacing_page_examples_run() -> None:
    import doctest
    import re

    page = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "pacing.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 4
    namespace: dict[str, object] = {}
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, namespace, "pacing.md", "pacing.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, clear_globs=False)
        assert runner.summarize(verbose=False).failed == 0
        namespace = test.globs


def test_pacing_imports_only_the_layers_below_it() -> None:
    import ast

    allowed = (
        "outbound_core.pacing",
        "outbound_core.interaction",
        "outbound_core.agent",
        "outbound_core.campaign",
        "outbound_core.machines",
        "outbound_core.records",
        "outbound_core.timing",
        "outbound_core.codes",
        "outbound_core.errors",
        "outbound_core.trace",
    )
    folder = Path(__file__).resolve().parents[1] / "src" / "outbound_core" / "pacing"
    for module in folder.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("outbound_core"):
                    assert name.startswith(allowed), f"{module.name} imports {name}"


def test_figures_and_decisions_round_trip_through_json() -> None:
    import json
    import pickle

    from outbound_core.errors import OutboundError
    from outbound_core.pacing import CampaignFigures, PacingDecision, PacingStatistics, decide

    day = _day(0, 3.0)
    for name, figures in day.figures.items():
        data = json.loads(json.dumps(figures.to_dict()))
        assert CampaignFigures.from_dict(name, data) == figures
        assert pickle.loads(pickle.dumps(figures)) == figures
    statistics = PacingStatistics("X")
    for event in run_campaign(PredictiveSettings(), campaign="X", agents=3, hours=0.25, seed=1):
        statistics = statistics.fed(event)
    decision = decide(statistics, PredictiveSettings(), day.events[-1].at)
    assert PacingDecision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision
    for bad in ({}, {"dials": "1"}, {**decision.to_dict(), "reason": "why"}):
        with pytest.raises(OutboundError):
            PacingDecision.from_dict(bad)
    with pytest.raises(OutboundError):
        CampaignFigures.from_dict("X", {"dials": -1})
