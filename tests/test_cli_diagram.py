"""`outbound-core diagram`: every lifecycle as Mermaid, or as its compiled table."""

from __future__ import annotations

import json
import re

import pytest

from outbound_core.cli import main
from outbound_core.machines import MACHINES, compile_machine


def test_list_names_every_machine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "--list"]) == 0
    assert capsys.readouterr().out.split() == list(MACHINES)


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_mermaid_shows_every_state_and_transition(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diagram", name]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2\n")
    compiled = compile_machine(MACHINES[name])
    assert f"[*] --> {compiled.initial}\n" in out
    for state in compiled.states:
        assert re.search(rf'^\s+state ".+" as {state}$', out, re.MULTILINE), state
    drawn = set(re.findall(r"^\s+(\w+) --> (\w+) : ", out, re.MULTILINE))
    assert drawn == {(t.source, t.target) for ts in compiled.table.values() for t in ts}


def test_guards_are_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "web-callback"]) == 0
    out = capsys.readouterr().out
    assert "queued --> offered : Route [agent_ready_on_channel]" in out
    assert "ready_to_call --> done : Mark done [!disposition_missing]" in out


@pytest.mark.parametrize("name", ["voice-call", "record-status"])
def test_json_is_the_compiled_table(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", name, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == compile_machine(MACHINES[name]).to_dict()


@pytest.mark.parametrize("argv", [["voice-cal"], ["voice-cal", "--json"]])
def test_unknown_name_exits_2_with_close_matches(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diagram", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("outbound-core: not-found: no lifecycle named 'voice-cal'")
    assert "did you mean voice-call?" in captured.err


def test_no_close_match_lists_the_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "zzz"]) == 2
    err = capsys.readouterr().err
    assert "did you mean" not in err
    assert "web-callback" in err


def test_a_name_or_list_is_needed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram"]) == 2
    assert "invalid-value" in capsys.readouterr().err
