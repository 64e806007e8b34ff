"""The `reschedule` and `callable` commands."""

from __future__ import annotations

import json

import pytest

from outbound_core.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_reschedule_in_seed_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "reschedule",
        "--zone",
        "America/New_York",
        "--in",
        "1h",
        "--now",
        "2026-06-15T14:30:00+01:00",
    )
    assert status == 0
    assert "06/15/2026 10:30" in out
    assert "2026-06-15T14:30:00+00:00" in out
    assert "warning" not in out


def test_reschedule_at_agent_zone_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "reschedule",
        "--zone",
        "America/New_York",
        "--at",
        "06/15/2026 15:30",
        "--agent-zone",
        "Europe/London",
        "--now",
        "2026-06-15T13:30:00Z",
        "--json",
    )
    data = json.loads(out)
    assert status == 0
    assert data["text"] == "06/15/2026 10:30"
    assert data["warnings"] == []


def test_reschedule_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "reschedule",
        "--zone",
        "America/New_York",
        "--at",
        "11/01/2026 01:30",
        "--from",
        "32400",
        "--till",
        "75599",
        "--rules",
        "us-federal",
        "--now",
        "2026-11-02T00:00:00Z",
    )
    assert status == 0
    assert "ambiguous" in out
    assert "in the past" in out
    assert "outside the record's calling window" in out
    assert "next allowed: 11/01/2026 09:00" in out
    _, out, _ = run(
        capsys,
        "reschedule",
        "--zone",
        "America/New_York",
        "--at",
        "03/08/2026 02:30",
        "--now",
        "2026-03-01T00:00Z",
    )
    assert "moved to 03/08/2026 03:30" in out
    _, out, _ = run(
        capsys,
        "reschedule",
        "--zone",
        "ACT",
        "--offset",
        "36000",
        "--in",
        "PT1H",
        "--now",
        "2026-03-01T00:00Z",
    )
    assert "offset 36000 disagrees" in out
    _, out, _ = run(
        capsys, "reschedule", "--offset", "34200", "--in", "90m", "--now", "2026-03-01T00:00Z"
    )
    assert "03/01/2026 11:00 (UTC+09:30)" in out


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--zone", "act", "--in", "1h"], "unknown-zone"),
        (["--zone", "ACT", "--in", "1x"], "invalid-duration"),
        (["--zone", "ACT", "--in", "1h", "--now", "2026-06-15T12:00"], "naive-date-time"),
        (["--zone", "ACT", "--in", "1h", "--now", "yesterday"], "invalid-date-time"),
        (["--zone", "ACT", "--at", "02/30/2026 10:00"], "invalid-date-time"),
        (
            ["--zone", "America/New_York", "--at", "03/08/2026 02:30", "--gap", "reject"],
            "nonexistent-local-time",
        ),
        (
            ["--zone", "America/New_York", "--at", "11/01/2026 01:30", "--fold", "reject"],
            "ambiguous-local-time",
        ),
        (["--zone", "ACT", "--in", "1h", "--agent-zone", "UTC"], "invalid-value"),
        (["--in", "1h"], "unknown-zone"),
    ],
)
def test_reschedule_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: str
) -> None:
    status, _, err = run(capsys, "reschedule", *argv)
    assert status == 2
    assert f": {code}: " in err


def test_callable_allowed_and_not(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "callable",
        "--zone",
        "ACT",
        "--from",
        "79200",
        "--till",
        "7200",
        "--now",
        "2026-06-15T12:30:00Z",
    )
    assert (status, out.splitlines()[0]) == (0, "allowed: yes")
    status, out, _ = run(
        capsys,
        "callable",
        "--zone",
        "CST",
        "--zone",
        "America/New_York",
        "--from",
        "0",
        "--till",
        "86399",
        "--rules",
        "us-federal",
        "--now",
        "2026-06-15T12:30:00Z",
    )
    assert status == 1
    assert "allowed: no" in out
    assert "outside-calling-hours" in out
    assert "next open: 2026-06-15T13:00:00+00:00 (06/15/2026 08:00 CST (America/Chicago)" in out


def test_callable_json_and_never(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "callable",
        "--zone",
        "AET",
        "--from",
        "32400",
        "--till",
        "61199",
        "--rules",
        "australia",
        "--now",
        "2026-06-14T02:00:00Z",
        "--json",
    )
    data = json.loads(out)
    assert status == 1
    assert data["reasons"][0]["code"] == "no-calls-on-day"
    assert data["next_open"] == "2026-06-14T23:00:00+00:00"


def test_callable_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys,
        "callable",
        "--zone",
        "ACT",
        "--from",
        "5",
        "--till",
        "5",
        "--now",
        "2026-06-15T12:30:00Z",
    )
    assert status == 2
    assert "invalid-window" in err
    with pytest.raises(SystemExit):
        main(["callable", "--zone", "ACT", "--rules", "mars"])
    capsys.readouterr()
