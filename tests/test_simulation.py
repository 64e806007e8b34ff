"""`outbound-core simulate`: deterministic, checked, and its trace follows the documented schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from outbound_core.cli import main
from outbound_core.errors import InvalidValue
from outbound_core.simulation import TraceAccounts, check_accounts, simulate
from outbound_core.simulation.limits import MAX_RECORDS
from outbound_core.simulation.progress import PHASES
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


# ---- a newcomer's first runs (issue 13) --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--records", "99999999999999"], "--records 99999999999999 is outside 1 to 1,000,000"),
        (["--records", "1000001"], "--records 1000001 is outside 1 to 1,000,000"),
        (["--agents", "1001"], "--agents 1001 is outside 1 to 1,000"),
        (
            ["--trace", "/no/such/directory/day.jsonl"],
            "--trace /no/such/directory/day.jsonl: cannot",
        ),
    ],
)
def test_sizes_above_the_maximum_are_refused_at_once(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert said in err


def test_the_library_refuses_a_day_it_cannot_run() -> None:
    for kwargs in ({"records": MAX_RECORDS + 1}, {"agents": 0}, {"mode": "nope"}, {"seed": "7"}):
        with pytest.raises(InvalidValue):
            simulate(**kwargs)  # type: ignore[arg-type]


def test_progress_starts_at_once_and_covers_every_phase() -> None:
    heard: list[tuple[str, float]] = []
    simulate(records=600, agents=5, mode="all", progress=lambda p, d: heard.append((p, d)))
    assert heard[0] == (PHASES[0], 0.0)
    phases = [phase for phase, _ in heard]
    assert [p for n, p in enumerate(phases) if n == 0 or phases[n - 1] != p] == list(PHASES)
    for phase in PHASES:
        done = [d for p, d in heard if p == phase]
        assert done == sorted(done), phase
        assert done[-1] == 1.0, phase
    # The list is grown, not made, before the day: loading reports each campaign's share.
    loading = [d for p, d in heard if p == PHASES[1]]
    assert loading == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])


def test_progress_on_a_terminal_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["simulate", "--records", "200", "--agents", "2", "--mode", "preview"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("\rsimulating (1/4): building the calling list   0%")
    assert "(4/4): checking the accounts 100%" in err
    assert err.endswith("simulating: done" + " " * 44 + "\n")
    main(["simulate", "--records", "200", "--agents", "2", "--mode", "preview", "--no-progress"])
    assert capsys.readouterr().err == ""


def test_forced_progress_in_a_log_is_a_line_per_tenth(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--records", "200", "--agents", "2", "--progress"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "simulating (1/4): building the calling list 0%"
    assert lines[-1] == "simulating (4/4): checking the accounts 100%"
    assert "\r" not in "".join(lines)


def test_the_summary_explains_itself_and_sorts_call_results_by_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--seed", "7", "--records", "3000"]) == 0
    out = capsys.readouterr().out.splitlines()
    results = out[out.index("records by call result:") + 1 : out.index("records by place:")]
    numbers = [int(line.split()[0]) for line in results[:-1]]
    assert numbers == sorted(numbers)
    assert numbers[:2] == [0, 6]
    assert results[-1].split()[0] == "none"
    assert "no call result: never dialed" in results[-1]
    chain_updated = next(line for line in out if line.strip().startswith("Chain Updated"))
    assert "another record of the same customer's chain" in chain_updated
    refused = next(line for line in out if line.startswith("refused actions"))
    assert "the scripted agents' deliberate mistakes" in refused


def test_the_json_summary_carries_every_figure_of_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["simulate", "--seed", "3", "--records", "800", "--agents", "4"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    shown = [
        data["records"],
        data["events"],
        *(row["records"] for row in data["by_status"]),
        *(row["records"] for row in data["by_call_result"]),
        *(row["records"] for row in data["by_place"]),
        *data["stats"].values(),
        *data["refused"].values(),
        *(int(attempts) for attempts in data["attempts_per_record"]),
        *data["attempts_per_record"].values(),
        *data["by_treatment_action"].values(),
        *(
            figures[key]
            for figures in data["pacing"].values()
            for key in ("dials", "live_answers", "connected", "abandoned")
        ),
        data["lost"],
        data["double_delivered"],
    ]
    figures = [int(word.rstrip(",")) for word in text.split() if word.rstrip(",").isdigit()]
    call_result_numbers = [
        row["number"] for row in data["by_call_result"] if row["number"] is not None
    ]
    assert sorted(figures) == sorted(shown + call_result_numbers)
    assert data["consistent"] is True
    assert data["by_status"][0]["label"] == "Ready"
    assert data["by_call_result"][-1] == {
        "number": None,
        "name": None,
        "label": "none",
        "records": data["by_call_result"][-1]["records"],
    }


def test_a_large_day_writes_a_legal_trace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = tmp_path / "day.jsonl"
    assert main(["simulate", "--records", "8000", "--trace", str(trace)]) == 0
    capsys.readouterr()
    assert main(["check", str(trace)]) == 0
