"""Many seeded days without Dask, the engine flags, and what happens when Dask is missing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.command_line import run

from outbound_core import scale
from outbound_core.errors import ErrorCode, InvalidValue
from outbound_core.scale.days import (
    MAX_SEEDS,
    aggregate_days,
    day_summary,
    parse_seeds,
    simulate_day,
    simulate_seeds,
)
from outbound_core.scale.parcels import pack, unpack
from outbound_core.simulation import simulate

RECORDS = 120


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 5)), min_size=1, max_size=5))
def test_seed_lists_and_ranges(pieces: list[tuple[int, int]]) -> None:
    text = ",".join(f"{a}-{a + n}" if n else str(a) for a, n in pieces)
    expected = list(dict.fromkeys(s for a, n in pieces for s in range(a, a + n + 1)))
    assert parse_seeds(text) == tuple(expected)


@pytest.mark.parametrize(
    "text", ["", " ", "a", "1-", "-1", "3-1", "1,,2", "1.5", "0-999999999", "1-2-3", "１"]
)
def test_bad_seed_lists_are_refused_naming_the_flag(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_seeds(text)
    assert caught.value.details["flag"] == "--seeds"
    assert caught.value.message.startswith("--seeds")


def test_at_most_max_seeds() -> None:
    assert len(parse_seeds(f"0-{MAX_SEEDS - 1}")) == MAX_SEEDS
    with pytest.raises(InvalidValue, match="at most"):
        parse_seeds(f"0-{MAX_SEEDS}")


def test_days_add_up_every_whole_number_key_by_key() -> None:
    days = [
        {"seed": 1, "failed": False, "summary": {"a": 1, "b": {"x": 2}, "f": 0.5, "t": "s"}},
        {"seed": 2, "failed": True, "summary": {"a": 3, "b": {"x": 1, "y": 4}, "n": True}},
    ]
    together = aggregate_days(days)
    assert together["seeds"] == [1, 2]
    assert together["failed"] == [2]
    assert together["totals"] == {"a": 4, "b": {"x": 3, "y": 4}}
    assert together["days"] == days


def test_each_day_is_the_single_day_and_the_days_add_up() -> None:
    together = simulate_seeds([3, 1], records=RECORDS)
    assert together["seeds"] == [3, 1]
    for day, seed in zip(together["days"], (3, 1), strict=True):
        assert day == simulate_day(seed, RECORDS, 10, "all")
        assert day["summary"] == day_summary(simulate(RECORDS, seed=seed))
    for key in ("records", "events"):
        assert together["totals"][key] == sum(d["summary"][key] for d in together["days"])
    assert together["totals"]["events"] == sum(d["summary"]["events"] for d in together["days"])
    json.dumps(together)  # plain data


def test_simulate_seeds_on_the_command_line() -> None:
    status, out, err = run("simulate", "--records", str(RECORDS), "--seeds", "0-1", "--json")
    assert status == 0, err
    assert json.loads(out) == simulate_seeds([0, 1], records=RECORDS)
    status, text, _ = run("simulate", "--records", str(RECORDS), "--seeds", "0-1")
    assert status == 0
    assert text.startswith("days: 2 (seeds 0-1), 10 agents each\ntotals over the days:\n")
    records = simulate_seeds([0, 1], records=RECORDS)["totals"]["records"]
    assert f"  records {records:>47}" in text
    assert "  seed 1: accounting checked, consistent" in text
    status, out, _ = run("simulate", "--records", str(RECORDS), "--seed", "4", "--json")
    assert status == 0
    assert json.loads(out) == day_summary(simulate(RECORDS, seed=4))


def test_seeded_days_are_paced_as_the_single_day_is() -> None:
    pacing = ["--mode", "predictive", "--abandon-target", "1", "--pacing", "progressive"]
    status, out, err = run("simulate", "--records", str(RECORDS), "--seeds", "2", *pacing, "--json")
    assert status == 0, err
    (day,) = json.loads(out)["days"]
    status, single, err = run(
        "simulate", "--records", str(RECORDS), "--seed", "2", *pacing, "--json"
    )
    assert status == 0, err
    assert day["summary"] == json.loads(single)
    status, plain, _ = run("simulate", "--records", str(RECORDS), "--seed", "2", "--json")
    assert json.loads(plain) != day["summary"]  # the flags changed the day


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["simulate", "--seeds", "1", "--seed", "2"], "--seed"),
        (["simulate", "--seeds", "1", "--seed", "0"], "--seed"),
        (["simulate", "--seeds", "1", "--trace", "t.jsonl"], "--trace"),
        (["simulate", "--seeds", "1", "--store", "day.sqlite"], "--store"),
        (["simulate", "--engine", "dask", "--store", "day.sqlite"], "--engine"),
        (["simulate", "--seeds", "x"], "--seeds"),
        (["simulate", "--engine", "dask"], "--engine"),
        (["simulate", "--seeds", "1", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
        (["check", "t.jsonl", "--workers", "2"], "--workers"),
        (["plan", "l.csv", "--treatments", "t", "--now", "x", "--workers", "2"], "--workers"),
        (["check", "t.jsonl", "--engine", "dask", "--workers", "0"], "--workers"),
        (
            ["check", "t", "--engine", "dask", "--scheduler", "tcp://h:1", "--workers", "2"],
            "--workers",
        ),
    ],
)
def test_engine_flags_that_do_not_fit_exit_2_naming_the_flag(argv: list[str], flag: str) -> None:
    status, out, err = run(*argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert flag in err
    assert "Traceback" not in err


@pytest.fixture
def without_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without the dask extra: importing it fails."""
    for name in list(sys.modules):
        if name.partition(".")[0] in ("dask", "distributed") or (
            name.startswith("outbound_core.scale.") and name != "outbound_core.scale.days"
        ):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "distributed", None)
    for name in ("engine_client", "check_traces", "plan_list", "simulate_days"):
        monkeypatch.delitem(vars(scale), name, raising=False)


@pytest.mark.usefixtures("without_dask")
def test_without_dask_the_engine_says_what_to_install(tmp_path: Path) -> None:
    trace = tmp_path / "t.jsonl"
    trace.write_text('{"seq": 1, "interaction_id": "i", "mode": "Preview", "event": "deliver"}\n')
    assert run("check", str(trace))[0] == 0
    status, out, err = run("check", str(trace), "--engine", "dask")
    assert (status, out) == (2, "")
    assert err == (
        "outbound-core: engine-unavailable: --engine dask needs Dask: install "
        "outbound-core[dask] (pip install 'outbound-core[dask]')\n"
    )
    with pytest.raises(InvalidValue) as caught:
        scale.check_traces
    assert caught.value.code == ErrorCode.ENGINE_UNAVAILABLE
    assert caught.value.details["missing"].startswith("dask")
    assert run("simulate", "--records", str(RECORDS), "--seeds", "0")[0] == 0


def test_the_lazy_face() -> None:
    assert set(scale.__all__) <= set(dir(scale))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        scale.nothing
    assert scale.parse_seeds("2") == (2,)


def test_a_day_summary_prefers_the_summary_s_own_to_dict() -> None:
    class Own:
        def to_dict(self) -> dict[str, Any]:
            return {"own": 1}

    assert day_summary(Own()) == {"own": 1}  # type: ignore[arg-type]


def test_a_parcel_holds_what_was_packed() -> None:
    lines = [(1, '{"seq": 1}\n'), (7, "")]
    assert unpack(pack(lines)) == lines
    assert isinstance(pack(lines), bytes)
