"""`outbound-core plan`: the report, its JSON schema, and every bad input exits 2 by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.command_line import run

HERE = Path(__file__).resolve().parent
CSV = HERE / "fixtures" / "calling_list.csv"
TABLE = HERE / "fixtures" / "treatments" / "interval-increment.json"
NOW = "2026-06-15T14:00:00Z"


def plan(*more: str) -> tuple[int, str, str]:
    return run("plan", str(CSV), "--treatments", str(TABLE), "--now", NOW, "--zones",
               "104=Europe/London", *more)  # fmt: skip


def test_the_text_report() -> None:
    status, out, err = plan("--rules", "us-federal")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["record", "chain", "callable"]
    assert len(lines) == 1 + 6 + 1
    assert "06/15/2026 09:00" in lines[1]  # EST is a fixed UTC-05:00
    assert lines[-1] == (
        "1 of 6 callable now; 1 finalized; 1 on Do Not Call; "
        "2 waiting for another record of their chain; 1 scheduled later"
    )


def test_the_json_report_follows_its_schema() -> None:
    status, out, _ = plan("--json", "--max-attempts", "3", "--assume", "Busy", "--horizon", "2d")
    assert status == 0
    data = json.loads(out)
    assert set(data) == {
        "now",
        "treatments",
        "max_attempts",
        "rules",
        "assume",
        "horizon_seconds",
        "abandoned_recall_delay_seconds",
        "records",
        "chains",
        "summary",
    }
    assert data["now"] == "2026-06-15T14:00:00Z"
    assert (data["assume"], data["horizon_seconds"], data["max_attempts"]) == ("BUSY", 172800, 3)
    first = data["records"][0]
    assert first == {
        "record_id": 1,
        "chain_id": 19,
        "callable_now": True,
        "reasons": [],
        "next_attempt": "2026-06-15T14:00:00Z",
        "next_attempt_local": "06/15/2026 09:00",
        "zone": {"name": "EST", "source": "genesys", "key": None, "fixed_offset": -18000},
    }
    assert data["records"][3]["reasons"] == ["scheduled"]
    assert data["records"][3]["next_attempt"] == "2026-06-16T10:00:00Z"
    assert data["summary"] == {
        "records": 6,
        "callable_now": 1,
        "blocked": {"finalized": 1, "do-not-call": 1, "chain-order": 2, "scheduled": 1},
    }
    chains = {c["chain_id"]: c for c in data["chains"]}
    assert set(chains) == {19, 20, 21, 22}
    timeline = chains[19]["timeline"]
    # Maximum Attempts 3 ends record 1's sequence, and the chain, after its third attempt.
    assert [s["record_id"] for s in timeline] == [1, 1, 1]
    assert timeline[0] == {
        "attempt": 1,
        "at": "2026-06-15T14:00:00Z",
        "at_local": "06/15/2026 09:00",
        "record_id": 1,
        "action": "redial",
    }
    assert chains[19]["end"] == "finalized"
    assert chains[21]["end"] == "not-callable"
    assert chains[21]["timeline"] == []


def test_the_text_report_with_timelines() -> None:
    status, out, _ = plan("--assume", "6")
    assert status == 0
    assert "timelines if every attempt ends with Busy (6):" in out
    assert "chain 19: 12 attempts, ends: finalized" in out


def test_the_package_json_list(tmp_path: Path) -> None:
    from importlib import resources

    listed = tmp_path / "list"
    listed.write_text(
        resources.files("outbound_core").joinpath("data/calling_list.json").read_text("utf-8")
    )
    status, out, _ = run("plan", str(listed), "--treatments", str(TABLE), "--now", NOW)
    assert status == 0
    assert out.splitlines()[-1].startswith("66 of 279 callable now")


@pytest.mark.parametrize(
    ("more", "flag"),
    [
        (["--now", "yesterday"], "--now"),
        (["--now", "2026-06-15T14:00:00"], "--now"),
        (["--horizon", "7x"], "--horizon"),
        (["--assume", "Bussy"], "--assume"),
        (["--zones", "EST"], "--zones"),
        (["--zones", "99999999999=EST"], "--zones"),
        (["--max-attempts", "0"], "--max-attempts"),
        (["--max-attempts", "x"], "--max-attempts"),
        (["--abandoned-recall-delay", "soon"], "--abandoned-recall-delay"),
        (["--rules", "mars"], "--rules"),
    ],
)
def test_a_bad_flag_exits_2_naming_it(more: list[str], flag: str) -> None:
    status, out, err = plan(*more)
    assert status == 2
    assert flag in err
    assert "Traceback" not in err
    assert out == ""


def test_unreadable_files_exit_2_naming_them(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    status, _, err = run("plan", str(missing), "--treatments", str(TABLE), "--now", NOW)
    assert status == 2
    assert f"LIST {missing}" in err
    bad_table = tmp_path / "t.json"
    bad_table.write_text('[{"call_result": "Busy", "action": "Redial"}]')
    status, _, err = run("plan", str(CSV), "--treatments", str(bad_table), "--now", NOW,
                         "--zones", "104=UTC")  # fmt: skip
    assert status == 2
    assert f"--treatments {bad_table}: treatments[0] (Busy): cycle_attempt:" in err
    assert "invalid-treatment" in err
    bad_list = tmp_path / "l.csv"
    bad_list.write_text("record_id,contact_info,chain_id,tz_name\n1,555,2,Mars\n")
    status, _, err = run("plan", str(bad_list), "--treatments", str(TABLE), "--now", NOW)
    assert status == 2
    assert f"LIST {bad_list}: line 2, column tz_name:" in err
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\xff\xfe\x00")
    status, _, err = run("plan", str(binary), "--treatments", str(TABLE), "--now", NOW)
    assert status == 2
    assert "cannot be read" in err
    status, _, err = run("plan", str(CSV), "--now", NOW)
    assert status == 2
    assert "--treatments" in err


arguments = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "--json",
                "--assume",
                "--horizon",
                "--max-attempts",
                "--rules",
                "--zones",
                "--now",
                "--abandoned-recall-delay",
                "--treatments",
                "Busy",
                "7d",
                "0",
                "-1",
                "us-federal",
                "104=EST",
                NOW,
                "",
                "x",
            ]
        ),
        st.text(max_size=6),
    ),
    max_size=6,
)


@settings(
    max_examples=max(30, settings.default.max_examples // 4),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(arguments)
def test_the_command_never_prints_a_traceback(more: list[str]) -> None:
    status, _, err = plan(*more)
    assert status in (0, 2)
    assert "Traceback" not in err
    if status == 2:
        assert err.strip()
