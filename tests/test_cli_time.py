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


# ---- the agent's zone: gaps and folds warn, and reject refuses (issue 13) ---------------------

AGENT_GAP = [
    "--zone",
    "America/New_York",
    "--at",
    "03/29/2026 01:30",
    "--agent-zone",
    "Europe/London",
]
AGENT_FOLD = [
    "--zone",
    "America/New_York",
    "--at",
    "10/25/2026 01:30",
    "--agent-zone",
    "Europe/London",
]
NOW = ["--now", "2026-01-01T00:00:00Z"]


def test_a_gap_in_the_agents_zone_warns(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "reschedule", *AGENT_GAP, *NOW, "--json")
    data = json.loads(out)
    assert status == 0
    assert data["text"] == "03/28/2026 21:30"  # 02:30 BST, the gap shifted forward
    [warning] = data["warnings"]
    assert "03/29/2026 01:30 does not exist in Europe/London (the agent's zone" in warning
    assert "moved to 03/29/2026 02:30" in warning


def test_a_gap_in_the_agents_zone_is_refused_with_gap_reject(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "reschedule", *AGENT_GAP, *NOW, "--gap", "reject")
    assert (status, out) == (2, "")
    assert ": nonexistent-local-time: --at '03/29/2026 01:30' does not exist in" in err
    assert "(the agent's zone)" in err
    assert "--gap shift-forward" in err


def test_a_fold_in_the_agents_zone_warns_and_is_refused_with_fold_reject(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "reschedule", *AGENT_FOLD, *NOW)
    assert status == 0
    assert "warning: ambiguous in the agent's zone: 10/25/2026 01:30 happens twice" in out
    later = run(capsys, "reschedule", *AGENT_FOLD, *NOW, "--fold", "later", "--json")[1]
    assert json.loads(later)["instant"] == "2026-10-25T01:30:00+00:00"
    status, _, err = run(capsys, "reschedule", *AGENT_FOLD, *NOW, "--fold", "reject")
    assert status == 2
    assert "happens twice in Europe/London (the agent's zone)" in err
    assert "choose --fold earlier or --fold later" in err


def test_fold_reject_refuses_an_ambiguous_reschedule_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--zone", "America/New_York", "--in", "1h", "--now", "2026-11-01T05:00:00Z"]
    status, out, _ = run(capsys, "reschedule", *argv)
    assert status == 0
    assert "ambiguous: 11/01/2026 01:00 happens twice" in out
    status, _, err = run(capsys, "reschedule", *argv, "--fold", "reject")
    assert status == 2
    assert "11/01/2026 01:00 happens twice in America/New_York (the record's zone)" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--in", "1h"], "give --zone NAME"),
        (["--in", "1h"], "or --offset SECONDS"),
        (
            ["--zone", "America/New_York", "--at", "11/01/2026 01:30", "--fold", "reject"],
            "--fold earlier",
        ),
        (["--zone", "act", "--in", "1h"], "--zone act: unknown time zone"),
        (["--zone", "UTC", "--agent-zone", "Bar", "--at", "01/01/2026 10:00"], "--agent-zone Bar:"),
        (["--zone", "UTC", "--in", "1x"], "--in 1x:"),
        (["--zone", "UTC", "--at", "02/30/2026 10:00"], "--at '02/30/2026 10:00':"),
        (
            ["--zone", "UTC", "--in", "1h", "--now", "2026-06-15T12:00"],
            "--now 2026-06-15T12:00 has no UTC offset",
        ),
        (
            ["--zone", "UTC", "--in", "1h", "--now", "0001-01-01T00:00:00+05:00"],
            "--now = 0001-01-01T00:00:00+05:00 is outside",
        ),
        (
            ["--zone", "UTC", "--in", "1h", "--now", "9999-12-31T23:30Z"],
            "--now 9999-12-31T23:30Z --in 1h:",
        ),
        (["--offset", "99999", "--in", "1h"], "--offset 99999:"),
        (
            ["--zone", "UTC", "--at", "01/01/2026 10:00", "--from", "5", "--till", "5"],
            "--from 5 --till 5:",
        ),
        (["--zone", "UTC", "--at", "01/01/2026 10:00", "--till", "86400"], "--till 86400:"),
    ],
)
def test_errors_name_the_flag_the_user_gave(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    status, out, err = run(capsys, "reschedule", *argv)
    assert (status, out) == (2, "")
    assert said in err
    assert "GSW_" not in err
    assert "fold=" not in err


def test_callable_errors_name_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "callable", "--zone", "ACT", "--zone", "Bar")
    assert (status, "--zone Bar: unknown time zone" in err) == (2, True)
    status, _, err = run(capsys, "callable", "--zone", "ACT", "--from", "99999")
    assert (status, "--from 99999:" in err) == (2, True)
    status, _, err = run(
        capsys,
        "callable",
        "--zone",
        "UTC",
        "--now",
        "9999-12-30T00:00Z",
        "--from",
        "0",
        "--till",
        "3600",
    )
    assert (status, "--now 9999-12-30T00:00Z:" in err) == (2, True)


def test_a_window_that_cannot_be_checked_at_the_calendars_end_is_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--offset", "0", "--at", "12/31/9999 23:59", "--from", "75599", *NOW]
    status, out, err = run(capsys, "reschedule", *argv)
    assert (status, err) == (0, "")
    assert "warning: not checked against the calling window or rules: " in out


def test_an_error_is_one_line_whatever_the_user_typed(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "reschedule", "--zone", "UTC", "--in", "1h", "--now", "\n")
    assert (status, out) == (2, "")
    assert (
        err
        == "outbound-core: invalid-date-time: --now '\\n' is not ISO 8601 (e.g. 2026-06-15T14:30:00+01:00)\n"
    )
    status, _, err = run(capsys, "diagram", "two\nlines")
    assert status == 2
    assert err.count("\n") == 1
