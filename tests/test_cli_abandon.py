"""`outbound-core abandon`: the report, its JSON schema, its exit codes, and fuzzing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import LOG_START, call_stories, story_events

from outbound_core.cli import main
from outbound_core.pacing import (
    AgentConnected,
    CallAbandoned,
    DialOutcome,
    DialPlaced,
    GreetingEnded,
    MessagePlayed,
    to_trace_event,
)


def _write(path: Path, events: list[Any], extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [to_trace_event(e, n).to_json() for n, e in enumerate(events, start=1)]
    path.write_text("\n".join([*extra, *lines]) + "\n", encoding="utf-8")
    return path


def _calls(campaign: str, count: int, abandoned: int, phone: str = "+44 20 7946 0001") -> list[Any]:
    events: list[Any] = []
    for n in range(count):
        t = LOG_START + timedelta(minutes=n)
        call = f"{campaign}-{n}"
        events += [
            DialPlaced(t, campaign, call, phone),
            DialOutcome(t + timedelta(seconds=5), campaign, call, "live-answer"),
            GreetingEnded(t + timedelta(seconds=6), campaign, call),
        ]
        if n < abandoned:
            events += [
                MessagePlayed(t + timedelta(seconds=8), campaign, call),
                CallAbandoned(t + timedelta(seconds=8), campaign, call),
            ]
        else:
            events.append(AgentConnected(t + timedelta(seconds=7), campaign, call, "agent-1"))
    return events


def test_a_compliant_trace_exits_0_and_reports_each_campaign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = json.dumps(
        {"seq": 0, "kind": "server", "event": "dial-started", "interaction_id": None}
    )
    trace = _write(tmp_path / "t.jsonl", _calls("A", 100, 3) + _calls("B", 10, 0), [other])
    assert main(["abandon", str(trace), "--rules", "ofcom"]) == 0
    out = capsys.readouterr().out
    assert "A: 100 dials, 100 live answers, 3 abandoned (0 silent), rate 3.00 %" in out
    assert "within-limit" in out
    assert "+442079460001" in out  # not to be called again for 72 hours
    assert out.rstrip().endswith("compliant")


def test_over_the_limit_exits_1_and_the_json_follows_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = _write(tmp_path / "t.jsonl", _calls("A", 100, 4))
    assert main(["abandon", str(trace), "--rules", "tsr", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"rules", "verdict", "campaigns"}
    assert report["verdict"] == "not-compliant"
    assert set(report["rules"]) == {
        "name", "threshold_seconds", "start_point", "denominator", "window", "limit_percent",
        "abandoned_recall_delay_seconds", "message_required",
    }  # fmt: skip
    (campaign,) = report["campaigns"]
    assert set(campaign) == {
        "campaign", "dials", "live_answers", "reached_queue", "abandoned", "silent",
        "rate_percent", "worst_rate_percent", "limit_percent", "verdict", "periods", "no_recall",
    }  # fmt: skip
    assert campaign["verdict"] == "over-limit"
    assert campaign["rate_percent"] == 4.0
    assert campaign["no_recall"] == []  # the TSR sets no recall delay
    (period,) = campaign["periods"]
    assert period["start"] == "2026-06-15T08:00:00Z"
    assert period["end"] == "2026-07-15T08:00:00Z"
    assert period["over_limit"] is True


def test_an_unreadable_trace_exits_2_naming_the_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["abandon", str(tmp_path / "missing.jsonl"), "--rules", "tsr"]) == 2
    assert "TRACE.jsonl" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "pacing", "event": "hang-up"}\nnot json\n', encoding="utf-8")
    assert main(["abandon", str(bad), "--rules", "tsr"]) == 2
    err = capsys.readouterr().err
    assert "TRACE.jsonl" in err
    assert "line 1" in err
    (tmp_path / "binary.jsonl").write_bytes(b"\xff\xfe\x00")
    assert main(["abandon", str(tmp_path / "binary.jsonl"), "--rules", "tsr"]) == 2


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["abandon", "t.jsonl", "--rules", "fcc"], "--rules"),
        (["abandon", "t.jsonl"], "--rules"),
        (["abandon", "--rules", "tsr"], "TRACE.jsonl"),
    ],
)
def test_bad_arguments_exit_2_naming_the_flag(
    argv: list[str], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert flag in err
    assert "Traceback" not in err


lines = st.one_of(
    st.text(max_size=40),
    call_stories()
    .map(lambda s: [to_trace_event(e, 1).to_json() for e in story_events(s, "c")])
    .map("\n".join),
    st.builds(
        lambda key, value: json.dumps({"kind": "pacing", "event": "dial-placed", key: value}),
        st.sampled_from(["time", "args", "agent_id"]),
        st.one_of(
            st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2)
        ),
    ),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(lines, max_size=6), st.sampled_from(["tsr", "ofcom"]), st.booleans())
def test_the_command_never_shows_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: list[str], rules: str, as_json: bool
) -> None:
    trace = tmp_path / "fuzz.jsonl"
    trace.write_text("\n".join(text), encoding="utf-8")
    status = main(["abandon", str(trace), "--rules", rules, *(["--json"] if as_json else [])])
    out, err = capsys.readouterr()
    assert status in (0, 1, 2)
    assert "Traceback" not in out + err
    if status == 2:
        assert err.startswith("outbound-core: wire-format: TRACE.jsonl")
    elif as_json:
        assert json.loads(out)["verdict"] in ("compliant", "not-compliant")
