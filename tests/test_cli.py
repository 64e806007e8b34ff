"""The `outbound-core` command line: call-results, help, version, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from outbound_core import SERVICE_CLIENT_CALL_RESULTS, CallResult, __version__
from outbound_core.cli import main


def test_call_results_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["call-results"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["#", "name", "label", "offered"]
    assert len(lines) == 55
    assert lines[1 + 9].split()[:2] == ["9", "ANSWERING_MACHINE"]
    assert "Answering Machine Detected" in lines[1 + 9]
    assert lines[1 + 9].endswith("yes")
    assert lines[1 + 1].endswith("no")


def test_call_results_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["call-results", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["number"] for row in rows] == list(range(54))
    assert rows[28] == {
        "number": 28,
        "name": "UNKNOWN",
        "label": "Unknown Call Result",
        "offered": True,
    }
    assert sum(row["offered"] for row in rows) == 39


def test_call_results_offered_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["call-results", "--json", "--offered"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["number"] for row in rows] == sorted(int(r) for r in SERVICE_CLIENT_CALL_RESULTS)
    assert all(CallResult(row["number"]).offered for row in rows)


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["call-results", "--help"]):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 0
        assert "usage: outbound-core" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"outbound-core {__version__}"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["no-such-command"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "outbound_core", "call-results", "--offered"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(done.stdout.splitlines()) == 40


def test_the_collector_is_paused_for_a_block_and_restored_as_it_was() -> None:
    import gc

    from outbound_core.commands._collector import collector_paused

    assert gc.isenabled()

    def fail_inside() -> None:
        with collector_paused():
            assert not gc.isenabled()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_simulate_and_check_run_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc

    from outbound_core.commands import check, simulate

    seen: list[bool] = []
    real_simulate, real_check_lines = simulate.simulate, check.check_lines

    def spy_simulate(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_simulate(*args, **kwargs)

    def spy_check_lines(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_check_lines(*args, **kwargs)

    monkeypatch.setattr(simulate, "simulate", spy_simulate)
    monkeypatch.setattr(check, "check_lines", spy_check_lines)
    trace = tmp_path / "t.jsonl"
    assert main(["simulate", "--records", "40", "--agents", "2", "--trace", str(trace)]) == 0
    assert main(["check", str(trace)]) == 0
    assert seen == [False, False]
    assert gc.isenabled()
