"""The server paces its system-dialed campaigns and keeps to the abandon rules (issue 15).

Scenarios from outside: the call events the server traces and feeds its statistics; an
answered call waiting for an agent up to the threshold, connected or abandoned at its deadline;
a customer hanging up while waiting; the dials `pace` places for each controller; and a
simulated day whose trace `outbound-core abandon` judges.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core import InMemoryOutboundServer, OutboundService, Record
from outbound_core.cli import main
from outbound_core.codes import CallResult, RecordStatus
from outbound_core.errors import OutboundError, TransitionNotAllowed
from outbound_core.pacing import (
    OFCOM,
    PACING_KIND,
    PredictiveSettings,
    ProgressiveSettings,
    abandon_ledger,
    read_call_events,
)
from outbound_core.server.campaigns import CampaignRules
from outbound_core.simulation import simulate
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)


class Floor:
    """A system-dialed campaign with agents, its trace kept."""

    def __init__(
        self, mode: str = "Predictive", agents: int = 2, records: int = 40, **rules: Any
    ) -> None:
        self.trace: list[TraceEvent] = []
        self.server = server = InMemoryOutboundServer(NOW)
        server.trace.sinks.append(self.trace.append)
        server.add_campaign("c", mode, rules=CampaignRules(**rules))
        server.load_chains(
            "c",
            [
                [Record(record_handle=n, chain_id=n, phone=f"+1 212 555 {n:04d}", tz_name="UTC")]
                for n in range(1, records + 1)
            ],
        )
        server.campaign_event("c", "load")
        server.campaign_event("c", "start")
        self.desks = {}
        for n in range(agents):
            agent = f"a{n}"
            server.add_agent(agent, campaigns=["c"])
            desk = OutboundService(server, agent)
            desk.login()
            desk.ready()
            self.desks[agent] = desk

    def events(self, name: str | None = None) -> list[TraceEvent]:
        return [
            e for e in self.trace if e.kind == PACING_KIND and (name is None or e.event == name)
        ]

    def lines(self) -> list[str]:
        return [e.to_json() for e in self.trace]

    def later(self, seconds: float) -> None:
        self.server.advance(self.server.now + timedelta(seconds=seconds))


def test_every_call_event_is_traced_and_fed_to_the_statistics() -> None:
    floor = Floor(agents=1)
    attempt = floor.server.dial("c")
    assert attempt is not None
    floor.later(8)
    floor.server.dial_answered(attempt.dial_id)
    names = [e.event for e in floor.events()]
    assert names == [
        "agent-state",  # a0: not ready
        "agent-state",  # a0: ready
        "dial-placed",
        "dial-outcome",
        "greeting-started",
        "greeting-ended",
        "agent-connected",
        "agent-state",  # a0: busy
    ]
    stats = floor.server.pacer.statistics("c")
    assert (stats.dials_total, stats.live_total, stats.connected_total) == (1, 1, 1)
    assert stats.busy == 1
    assert stats.ready == 0
    assert list(read_call_events(floor.lines()))[2].name == "dial-placed"


def test_an_answered_call_waits_up_to_the_threshold_then_is_abandoned_at_its_deadline() -> None:
    floor = Floor(agents=1, abandon="ofcom")
    floor.desks["a0"].not_ready()
    attempt = floor.server.dial("c")
    assert attempt is not None
    floor.later(10)
    answered = floor.server.now
    assert floor.server.dial_answered(attempt.dial_id) is None
    assert floor.server.next_deadline() == answered + timedelta(seconds=2)
    floor.later(60)  # the clock jumps far past the deadline
    abandoned = floor.events("call-abandoned")
    assert [e.time for e in abandoned] == [answered + timedelta(seconds=2)]
    assert [e.event for e in floor.events()[-3:]] == ["message-played", "call-abandoned", "hang-up"]
    assert floor.server.record(attempt.record_handle).call_result is CallResult.ABANDONED
    ledger = abandon_ledger(read_call_events(floor.lines()), OFCOM)
    assert ledger.campaigns["c"].abandoned == 1
    # Ofcom: the number is not called again for 72 hours.
    assert floor.server.treating.holds() == {
        "+12125550001": answered + timedelta(seconds=2, hours=72)
    }


def test_an_agent_free_within_the_threshold_takes_the_waiting_call() -> None:
    floor = Floor(agents=1)
    desk = floor.desks["a0"]
    desk.not_ready()
    attempt = floor.server.dial("c")
    assert attempt is not None
    floor.server.dial_answered(attempt.dial_id)
    floor.later(1.5)
    desk.ready()
    assert floor.server.leases[attempt.dial_id].agent_id == "a0"
    assert floor.server.next_deadline() is None
    floor.later(5)
    assert floor.events("call-abandoned") == []
    waited = floor.events("agent-connected")[0].time - floor.events("greeting-ended")[0].time
    assert waited == timedelta(seconds=1.5)


def test_a_customer_who_hangs_up_waiting_is_dropped_not_abandoned() -> None:
    floor = Floor(agents=1)
    floor.desks["a0"].not_ready()
    attempt = floor.server.dial("c")
    assert attempt is not None
    with pytest.raises(TransitionNotAllowed):
        floor.server.dial_hung_up(attempt.dial_id)  # still ringing: not waiting
    floor.server.dial_answered(attempt.dial_id)
    before = json.dumps(floor.server.snapshot())
    for refused in (
        lambda: floor.server.dial_answered(attempt.dial_id),
        lambda: floor.server.dial_failed(attempt.dial_id, "Busy"),
    ):
        with pytest.raises(TransitionNotAllowed):
            refused()
        assert json.dumps(floor.server.snapshot()) == before
    floor.later(1)
    floor.server.dial_hung_up(attempt.dial_id)
    assert floor.server.record(attempt.record_handle).call_result is CallResult.DROPPED
    assert floor.server.record_status(attempt.record_handle) is RecordStatus.UPDATED
    assert floor.events("call-abandoned") == []
    assert floor.events("hang-up")[-1].args["party"] == "customer"


def test_a_threshold_of_zero_abandons_at_once() -> None:
    rules = OFCOM.__class__("strict", threshold=timedelta(0))
    floor = Floor(agents=1, abandon=rules)
    floor.desks["a0"].not_ready()
    attempt = floor.server.dial("c")
    assert attempt is not None
    floor.server.dial_answered(attempt.dial_id)
    assert floor.server.record(attempt.record_handle).call_result is CallResult.ABANDONED


def test_progressive_pacing_reserves_an_agent_per_dial_predictive_does_not() -> None:
    floor = Floor("Progressive", agents=3, pacing=ProgressiveSettings())
    placed = floor.server.pace("c")
    assert len(placed) == 3
    assert sorted(a.agent_id for a in placed) == ["a0", "a1", "a2"]  # type: ignore[type-var]
    assert floor.server.pace("c") == []  # every Ready agent has its dial
    floor = Floor("Predictive", agents=3, pacing=PredictiveSettings(history_length=0))
    placed = floor.server.pace("c")
    assert len(placed) == 3  # warming up: one per Ready agent, none reserved
    assert {a.agent_id for a in placed} == {None}


def test_pace_places_nothing_when_the_campaign_is_not_running() -> None:
    floor = Floor("Progressive", agents=2)
    floor.server.campaign_event("c", "stop")
    assert floor.server.pace("c") == []


@given(
    agents=st.integers(1, 6),
    lines=st.sampled_from([1.0, 1.5, 2.0, 3.0]),
    answers=st.lists(st.booleans(), min_size=20, max_size=60),
)
def test_pacing_never_puts_more_calls_in_progress_than_the_line_cap(
    agents: int, lines: float, answers: list[bool]
) -> None:
    settings = PredictiveSettings(max_lines_per_agent=lines, history_length=5)
    floor = Floor("Predictive", agents=agents, records=200, pacing=settings)
    ringing: list[str] = []
    for answered in answers:
        ringing.extend(a.dial_id for a in floor.server.pace("c"))
        stats = floor.server.pacer.statistics("c")
        working = stats.ready + stats.busy + stats.in_wrap_up
        assert stats.calls_in_progress <= lines * working + 1e-9
        if ringing:
            dial_id = ringing.pop(0)
            floor.later(3)
            if answered:
                floor.server.dial_answered(dial_id)
            else:
                floor.server.dial_failed(dial_id, "No Answer")
        for desk in floor.desks.values():
            desk.sync()
            for iid in list(desk.held):
                desk.call_ended(iid)
                desk.set_call_result(iid, 33)
                desk.mark_done(iid)


def test_a_snapshot_with_a_call_waiting_resumes_the_same() -> None:
    floor = Floor(agents=1)
    floor.desks["a0"].not_ready()
    attempt = floor.server.dial("c")
    assert attempt is not None
    floor.server.dial_answered(attempt.dial_id)
    copy = InMemoryOutboundServer.from_snapshot(json.loads(json.dumps(floor.server.snapshot())))
    assert copy.snapshot() == floor.server.snapshot()
    for server in (floor.server, copy):
        server.advance(server.now + timedelta(seconds=3))
    assert copy.snapshot() == floor.server.snapshot()
    assert copy.pacer.statistics("c") == floor.server.pacer.statistics("c")


def test_a_simulated_day_s_trace_is_judged_by_the_abandon_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = tmp_path / "day.jsonl"
    args = ["simulate", "--mode", "predictive", "--records", "1500", "--agents", "4"]
    assert main([*args, "--seed", "2", "--trace", str(trace), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    figures = summary["pacing"]["Predictive campaign"]
    assert main(["abandon", str(trace), "--rules", "tsr", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    campaign = report["campaigns"][0]
    assert campaign["dials"] == figures["dials"]
    assert campaign["abandoned"] == figures["abandoned"]
    assert main(["check", str(trace)]) == 0


@pytest.mark.parametrize("target", [3.0, 1.0])
def test_predictive_holds_its_target_and_keeps_agents_busier_than_progressive(
    target: float,
) -> None:
    def day(pacing: str) -> dict[str, Any]:
        summary = simulate(8000, 8, "predictive", 5, abandon_target=target, pacing=pacing)
        assert summary.consistent
        return summary.pacing["Predictive campaign"]

    progressive, predictive = day("progressive"), day("predictive")
    assert progressive["abandoned"] == 0
    assert 0 < predictive["abandon_rate"]["tsr"] <= target
    assert predictive["abandon_rate"]["ofcom"] <= target
    assert predictive["occupancy"] > progressive["occupancy"]


def test_simulate_refuses_a_bad_target_or_pacing() -> None:
    for bad in ({"abandon_target": 0.0}, {"abandon_target": "3"}, {"pacing": "fast"}):
        with pytest.raises(OutboundError):
            simulate(10, 1, "predictive", **bad)  # type: ignore[arg-type]
