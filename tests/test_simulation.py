"""`outbound-core simulate`: deterministic, checked, and its trace follows the documented schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outbound_core.cli import main
from outbound_core.simulation import TraceAccounts, check_accounts, simulate
from outbound_core.trace import TRACE_KEYS


def test_the_default_day_is_checked_and_consistent() -> None:
    summary = simulate()
    assert summary.problems == ()
    assert summary.lost == 0
    assert summary.double_delivered == 0
    assert sum(summary.by_place.values()) == summary.records
    assert sum(summary.by_status.values()) == summary.records
    # The scripted agents do what the seeds allow, and some of it is refused (a day long
    # enough for callbacks to come back).
    summary = simulate(records=1000)
    for count in (
        "callbacks kept",
        "do not call",
        "web callbacks done",
        "records added on a new number",
    ):
        assert summary.stats.get(count, 0) > 0, count
    assert summary.refused


def test_same_seed_same_summary_and_trace_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for name in ("a.jsonl", "b.jsonl"):
        assert main(["simulate", "--seed", "7", "--trace", str(tmp_path / name)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert main(["simulate", "--seed", "8"]) == 0
    assert capsys.readouterr().out != outputs[0]


def test_the_trace_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.jsonl"
    assert main(["simulate", "--mode", "preview", "--agents", "3", "--trace", str(path)]) == 0
    capsys.readouterr()
    lines = path.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert all(tuple(e) == TRACE_KEYS for e in events)
    assert {e["kind"] for e in events} >= {
        "server",
        "campaign",
        "agent",
        "interaction",
        "call",
        "web-callback",
    }
    interaction = [e for e in events if e["kind"] == "interaction"]
    assert {e["event"] for e in interaction} >= {"deliver", "call", "mark_done", "set_call_result"}
    assert all(e["time"].endswith("Z") and e["mode"] == "Preview" for e in interaction)


def test_the_accounting_notices_a_lost_record() -> None:
    from datetime import UTC, datetime

    from outbound_core.records import Record
    from outbound_core.server.in_memory import InMemoryOutboundServer
    from outbound_core.server.store import Place

    server = InMemoryOutboundServer(datetime(2026, 1, 1, tzinfo=UTC))
    accounts = TraceAccounts()
    server.trace.sinks.append(accounts)
    server.add_campaign("c", "Preview")
    server.load_chains("c", [[Record(record_handle=1, chain_id=1, phone="+15550100")]])
    assert check_accounts(server, accounts) == (0, [])
    server.store.move(0, Place.SCHEDULED)  # in no schedule: lost
    lost, problems = check_accounts(server, accounts)
    assert lost == 1
    assert problems


@pytest.mark.parametrize("args", [["--records", "0"], ["--agents", "0"]])
def test_unusable_arguments(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", *args]) == 2


def test_more_records_than_shipped_and_each_mode(capsys: pytest.CaptureFixture[str]) -> None:
    for mode in ("push-preview", "progressive", "predictive"):
        summary = simulate(records=400, agents=4, mode=mode, seed=1)
        assert summary.records >= 400
        assert summary.problems == ()
