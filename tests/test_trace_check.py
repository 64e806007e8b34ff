"""Checking recorded traces: the readers, the checker, and `outbound-core check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.cli import main
from outbound_core.codes import DialingMode
from outbound_core.errors import WireFormatError
from outbound_core.interaction import MODE_MACHINES
from outbound_core.replay.check import TraceReport, check_steps
from outbound_core.replay.readers import TraceFormat, detect_format, read_steps

SAMPLE = json.loads(
    (Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json").read_text()
)


def webex_line(event: str, state: str | None, millisecond: int, interaction: str = "i-1") -> str:
    message: dict[str, Any] = json.loads(json.dumps(SAMPLE))
    call = message["message"]["call"]
    call["event"] = event
    data = call["ResponseActual"]["data"]
    data["eventTime"] = 1718965753439 + millisecond
    data["interactionId"] = data["interaction"]["interactionId"] = interaction
    data["interaction"]["state"] = state
    call["ResponseFields"]["CallState"] = state
    return json.dumps(message)


WEBEX_CALL = [
    webex_line("eAgentOfferContact", None, 0),
    webex_line("CustAnswered", "connected", 1),
    webex_line("eCallRecordingStarted", "connected", 2),
    webex_line("eAgentContactEnded", None, 3),
    webex_line("acw", "wrapUp", 4),
]


def check(lines: list[str], trace_format: str = "auto") -> TraceReport:
    return check_steps(read_steps(lines, trace_format))


def test_a_legal_webex_trace() -> None:
    report = check(WEBEX_CALL)
    assert report.legal
    assert report.steps == 5
    (call,) = report.interactions
    assert (call.state, call.finished, call.duplicates, call.reordered) == ("wrap_up", True, (), ())


def test_webex_duplicates_and_reorderings_are_reported_not_illegal() -> None:
    lines = [*WEBEX_CALL[:2], WEBEX_CALL[1], WEBEX_CALL[3], WEBEX_CALL[2], WEBEX_CALL[4]]
    report = check(lines)
    assert report.legal
    (call,) = report.interactions
    assert [f.line for f in call.duplicates] == [3]
    assert [(f.line, f.state) for f in call.reordered] == [(5, "ended")]


def test_the_first_illegal_step_per_interaction() -> None:
    other = [
        webex_line("CustAnswered", "connected", 1, "i-2"),
        webex_line("acw", "wrapUp", 2, "i-2"),
    ]
    report = check([WEBEX_CALL[0], other[0], WEBEX_CALL[1], WEBEX_CALL[4], other[1]])
    assert not report.legal
    by_id = {r.interaction_id: r for r in report.interactions}
    assert by_id["i-2"].first_illegal is not None
    assert by_id["i-2"].first_illegal.line == 2
    assert "not offered" in by_id["i-2"].first_illegal.reason
    first = by_id["i-1"].first_illegal
    assert first is not None
    assert (first.line, first.state) == (4, "connected")


# ---- simulate ---------------------------------------------------------------------------------

PREVIEW = ["deliver", "call", "call_connected", "set_call_result", "call_ended", "mark_done"]


def simulate_lines(
    events: list[str],
    mode: str = "Preview",
    interaction: str = "i-1",
    seqs: list[int] | None = None,
) -> list[str]:
    numbers = seqs or list(range(1, len(events) + 1))
    return [
        json.dumps({"seq": n, "interaction_id": interaction, "mode": mode, "event": e})
        for n, e in zip(numbers, events, strict=True)
    ]


def test_a_legal_simulated_interaction() -> None:
    report = check(simulate_lines(PREVIEW))
    assert report.legal
    assert report.interactions[0].state == "done"
    assert report.interactions[0].finished


@st.composite
def legal_walks(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A legal event sequence of a dialing mode's interaction, drawn from its compiled table."""
    mode = draw(st.sampled_from(list(MODE_MACHINES)))
    machine = MODE_MACHINES[mode]
    state, facts, events = machine.initial, set[str](), []
    for _ in range(draw(st.integers(0, 12))):
        choices = [
            e for e in machine.events_from(state) if machine.allows(state, e, facts.__contains__)
        ]
        if not choices:
            break
        event = draw(st.sampled_from(choices))
        state = machine.next(state, event, facts.__contains__)
        facts |= {"set_do_not_call": {"do_not_call_set"}, "reschedule": {"reschedule_set"}}.get(
            event, set()
        )
        facts -= {
            "remove_do_not_call": {"do_not_call_set"},
            "cancel_reschedule": {"reschedule_set"},
        }.get(event, set())
        events.append(event)
    return mode.value, events


@given(legal_walks())
def test_generated_legal_walks_are_legal(walk: tuple[str, list[str]]) -> None:
    mode, events = walk
    assert check(simulate_lines(events, mode), "simulate").legal


@given(legal_walks(), st.data())
def test_mutated_walks_are_judged_as_the_lifecycle_says(
    walk: tuple[str, list[str]], data: st.DataObject
) -> None:
    mode, events = walk
    if not events:
        return
    machine = MODE_MACHINES[DialingMode.parse(mode)]
    index = data.draw(st.integers(0, len(events) - 1))
    removed = events[:index] + events[index + 1 :]
    state, facts, legal = machine.initial, set[str](), True
    for event in removed:  # the reference judgement, straight from the compiled table
        if not machine.allows(state, event, facts.__contains__):
            legal = False
            break
        state = machine.next(state, event, facts.__contains__)
        facts |= {"set_do_not_call": {"do_not_call_set"}, "reschedule": {"reschedule_set"}}.get(
            event, set()
        )
        facts -= {
            "remove_do_not_call": {"do_not_call_set"},
            "cancel_reschedule": {"reschedule_set"},
        }.get(event, set())
    assert check(simulate_lines(removed, mode), "simulate").legal is legal
    # The same line twice is one step delivered twice: a duplicate, not an illegal step.
    lines = simulate_lines(events, mode)
    repeated = check([*lines[: index + 1], lines[index], *lines[index + 1 :]], "simulate")
    assert repeated.legal
    assert len(repeated.interactions[0].duplicates) == 1


def test_a_removed_repeated_or_swapped_step() -> None:
    assert not check(simulate_lines([e for e in PREVIEW if e != "call"])).legal
    again = check(simulate_lines([*PREVIEW[:2], "call", *PREVIEW[2:]]))  # a new step, a second call
    assert not again.legal
    assert again.interactions[0].first_illegal is not None
    assert again.interactions[0].first_illegal.line == 3
    lines = simulate_lines(PREVIEW)
    swapped = check([lines[0], lines[2], lines[1], *lines[3:]])
    assert not swapped.legal
    assert swapped.interactions[0].first_illegal is not None
    assert swapped.interactions[0].first_illegal.event == "call_connected"


def test_guards_follow_the_earlier_events() -> None:
    events = ["deliver", "call", "call_connected", "set_do_not_call", "set_call_result"]
    report = check(simulate_lines(events))
    assert report.interactions[0].first_illegal is not None
    assert report.interactions[0].first_illegal.line == 5
    assert check(simulate_lines([*events[:4], "remove_do_not_call", "set_call_result"])).legal


def test_desk_trace_lines_with_kinds() -> None:
    """The shape `simulate --trace` writes (issue 6): kind, agent, recorded states."""
    lines = [
        {"seq": 1, "kind": "server", "event": "load", "interaction_id": None},
        {"seq": 2, "kind": "agent", "event": "login", "agent_id": "a", "state_after": "not_ready"},
        {"seq": 3, "kind": "agent", "event": "make_ready", "agent_id": "a", "state_after": "ready"},
        {
            "seq": 4,
            "kind": "interaction",
            "event": "deliver",
            "interaction_id": "i",
            "mode": "Progressive",
        },
        {"seq": 5, "kind": "agent", "event": "deliver", "agent_id": "a", "state_after": "engaged"},
        {"seq": 6, "kind": "agent", "event": "finish", "agent_id": "a", "state_after": "ready"},
    ]
    report = check([json.dumps(line) for line in lines])
    assert report.legal
    assert {r.interaction_id for r in report.interactions} == {"agent a", "i"}
    lines[5]["state_after"] = "logged_out"
    report = check([json.dumps(line) for line in lines])
    assert not report.legal


# ---- ocs --------------------------------------------------------------------------------------

OCS = [
    {"GSW_AGENT_REQ_TYPE": "PreviewRecordRequest", "GSW_REFERENCE_ID": 1, "GSW_CAMPAIGN_NAME": "C"},
    {"GSW_USER_EVENT": "PreviewRecord", "GSW_REFERENCE_ID": 1, "GSW_RECORD_HANDLE": 12},
    {
        "GSW_AGENT_REQ_TYPE": "UpdateCallCompletionStats",
        "GSW_REFERENCE_ID": 2,
        "GSW_RECORD_HANDLE": 12,
        "GSW_CALL_RESULT": 33,
    },
    {"GSW_USER_EVENT": "UpdateCallCompletionStatsAcknowledge", "GSW_REFERENCE_ID": 2},
    {"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_REFERENCE_ID": 3, "GSW_RECORD_HANDLE": 12},
    {"GSW_USER_EVENT": "RecordProcessedAcknowledge", "GSW_REFERENCE_ID": 3},
    {"GSW_USER_EVENT": "CampaignStarted", "GSW_CAMPAIGN_NAME": "C"},
]


def ocs_lines(messages: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(m) for m in messages]


def test_a_legal_desktop_exchange() -> None:
    report = check(ocs_lines(OCS))
    assert report.legal
    states = {r.interaction_id: r.state for r in report.interactions}
    assert states == {
        "reference 1": "answered",
        "reference 2": "answered",
        "reference 3": "answered",
        "record 12": "finalized",
    }


def test_nothing_acts_on_a_processed_record() -> None:
    late = {"GSW_AGENT_REQ_TYPE": "DoNotCall", "GSW_REFERENCE_ID": 4, "GSW_RECORD_HANDLE": 12}
    report = check(ocs_lines([*OCS, late]))
    record = next(r for r in report.interactions if r.interaction_id == "record 12")
    assert record.first_illegal is not None
    assert record.first_illegal.line == 8


def test_answers_that_match_no_request_or_the_wrong_one() -> None:
    report = check(ocs_lines([OCS[1]]))
    assert not report.legal
    assert "no request" in report.interactions[0].first_illegal.reason
    wrong = {"GSW_USER_EVENT": "DoNotCallAcknowledge", "GSW_REFERENCE_ID": 3}
    report = check(ocs_lines([*OCS[:5], wrong]))
    assert not report.legal
    repeated = check(ocs_lines([*OCS[:6], OCS[5]]))
    assert repeated.legal
    assert len(repeated.interactions[-1].duplicates) == 1


# ---- reading ----------------------------------------------------------------------------------


def test_detect_format() -> None:
    assert detect_format(json.loads(WEBEX_CALL[0])) is TraceFormat.WEBEX
    assert detect_format(OCS[0]) is TraceFormat.OCS
    assert detect_format({"seq": 1, "interaction_id": "i", "event": "x"}) is TraceFormat.SIMULATE
    with pytest.raises(WireFormatError):
        detect_format({"hello": 1})


@pytest.mark.parametrize(
    ("lines", "trace_format", "line"),
    [
        (["", "{oops"], "auto", 2),
        (["[1]"], "auto", 1),
        ([WEBEX_CALL[0], '{"channel": "Webexcc"}'], "webex", 2),
        ([json.dumps(OCS[0]), '{"GSW_USER_EVENT": 5}'], "ocs", 2),
        (['{"seq": 1, "interaction_id": "i", "mode": "Turbo", "event": "deliver"}'], "simulate", 1),
        (
            ['{"seq": "1", "interaction_id": "i", "mode": "Preview", "event": "deliver"}'],
            "simulate",
            1,
        ),
    ],
)
def test_unreadable_lines_are_named(lines: list[str], trace_format: str, line: int) -> None:
    with pytest.raises(WireFormatError) as caught:
        check(lines, trace_format)
    assert caught.value.details["line"] == line


# ---- the command line -------------------------------------------------------------------------


def write(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "trace.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, WEBEX_CALL)]) == 0
    verdict, *_, read = capsys.readouterr().out.splitlines()
    assert read.endswith("trace.jsonl: JSON Lines, 5 Webex task notifications")
    assert verdict.startswith("legal: 5 steps")  # a legal trace's report begins with its verdict
    assert (
        main(["check", write(tmp_path, [WEBEX_CALL[0], WEBEX_CALL[4]]), "--format", "webex"]) == 1
    )
    out = capsys.readouterr().out
    assert "i-1: illegal at line 2: acw (wrapUp) in state dialing" in out
    assert main(["check", write(tmp_path, [WEBEX_CALL[0], "{"])]) == 2
    assert "line 2" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing.jsonl")]) == 2
    assert main(["check", write(tmp_path, simulate_lines(PREVIEW)), "--format", "simulate"]) == 0
    assert main(["check", write(tmp_path, ocs_lines(OCS)), "--format", "ocs"]) == 0


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [*WEBEX_CALL[:2], WEBEX_CALL[1]]
    assert main(["check", write(tmp_path, lines), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["legal"] is True
    assert report["steps"] == 3
    assert report["interactions"][0]["duplicates"][0]["line"] == 3
