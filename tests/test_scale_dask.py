"""The batch commands on Dask give, byte for byte, what one process gives.

One `LocalCluster` of two worker processes serves the whole module (the tests share an
xdist group so that one process holds it). Skipped where the `dask` extra is not installed;
CI installs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

distributed = pytest.importorskip("dask.distributed")

from tests.command_line import run  # noqa: E402
from tests.strategies import (  # noqa: E402
    calling_list_chains,
    ocs_trace_lines,
    simulate_trace_lines,
    webex_trace_lines,
)

from outbound_core import scale  # noqa: E402
from outbound_core.codes import CallResult  # noqa: E402
from outbound_core.errors import ErrorCode, InvalidValue, WireFormatError  # noqa: E402
from outbound_core.replay.lines import check_lines  # noqa: E402
from outbound_core.scale import client as engine  # noqa: E402
from outbound_core.scale.days import simulate_seeds  # noqa: E402
from outbound_core.simulation import simulate  # noqa: E402
from outbound_core.treatments import (  # noqa: E402
    TreatmentRules,
    plan_records,
    plan_timelines,
    shipped_treatments,
    summarize,
)

pytestmark = [
    pytest.mark.xdist_group("dask"),
    # The cluster's own threads draw from `random` while Hypothesis generates examples.
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]

HERE = Path(__file__).resolve().parent
CSV = HERE / "fixtures" / "calling_list.csv"
TABLE = HERE / "fixtures" / "treatments" / "interval-increment.json"
NOW = datetime(2026, 6, 15, 14, tzinfo=UTC)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as running:
        yield running


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster, set_as_default=False) as connected:
        yield connected


def same_bytes(here: str, there: str) -> None:
    """The same text, and so the same lines once sorted."""
    assert there == here
    assert sorted(there.splitlines()) == sorted(here.splitlines())


def outcome(check: Any) -> tuple[Any, ...]:
    try:
        return ("report", json.dumps([r.to_dict() for r in check()]))
    except WireFormatError as error:
        return ("error", error.message, dict(error.details))


@settings(max_examples=8, deadline=None)
@given(
    st.sampled_from(["simulate", "ocs", "webex"]).flatmap(
        lambda f: st.tuples(
            st.just(f),
            {"simulate": simulate_trace_lines(), "ocs": ocs_trace_lines(),
             "webex": webex_trace_lines()}[f],
        )
    ),
    st.integers(1, 4),
    st.integers(1, 9),
)  # fmt: skip
def test_traces_checked_in_parts_give_the_single_process_report(
    client: Any, trace: tuple[str, list[str]], parts: int, chunk: int
) -> None:
    trace_format, lines = trace
    here = outcome(lambda: (check_lines(lines, trace_format),))
    there = outcome(
        lambda: scale.check_traces(client, [lines], trace_format, parts=parts, chunk_lines=chunk)
    )
    assert there == here


@pytest.fixture(scope="module")
def day_trace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated day's trace with a step repeated and two swapped: illegal in places."""
    path = tmp_path_factory.mktemp("day") / "day.jsonl"
    lines: list[str] = []
    simulate(400, sinks=[lambda event: lines.append(event.to_json() + "\n")])
    lines.insert(300, lines[250])
    lines[400], lines[401] = lines[401], lines[400]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_the_check_command_on_dask_prints_what_one_process_prints(
    cluster: Any, day_trace: Path, tmp_path: Path
) -> None:
    ocs = tmp_path / "ocs.jsonl"
    ocs.write_text(
        '{"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_REFERENCE_ID": 3, '
        '"GSW_RECORD_HANDLE": 12}\n{"GSW_USER_EVENT": "RecordProcessedAcknowledge", '
        '"GSW_REFERENCE_ID": 3}\n'
    )
    array = tmp_path / "array.json"  # a pretty-printed array: its findings name file lines
    steps = [json.loads(line) for line in day_trace.read_text(encoding="utf-8").splitlines()]
    array.write_text(json.dumps(steps[:600], indent=2), encoding="utf-8")
    dask = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
    for traces in ([str(day_trace)], [str(day_trace), str(ocs)], [str(array), str(ocs)]):
        for shape in ([], ["--json"]):
            here = run("check", *traces, *shape)
            there = run("check", *traces, *shape, *dask)
            assert there[0] == here[0]
            same_bytes(here[1], there[1])
    bad = tmp_path / "bad.jsonl"
    text = day_trace.read_text(encoding="utf-8").splitlines(keepends=True)
    late = '{"seq": 1, "interaction_id": "i-9", "mode": "bogus", "event": "deliver"}\n'
    bad.write_text("".join([*text[:500], "{\n", *text[500:-5], late, "[]\n", *text[-5:]]))
    here = run("check", str(bad))
    assert here[0] == 2
    assert run("check", str(bad), *dask) == here


def test_plan_on_dask_gives_the_same_entries_timelines_and_summary(client: Any) -> None:
    status, here, err = run(
        "plan", str(CSV), "--treatments", str(TABLE), "--now", "2026-06-15T14:00:00Z",
        "--zones", "104=Europe/London", "--assume", "busy", "--json",
    )  # fmt: skip
    assert status == 0, err
    there = run(
        "plan", str(CSV), "--treatments", str(TABLE), "--now", "2026-06-15T14:00:00Z",
        "--zones", "104=Europe/London", "--assume", "busy", "--json",
        "--engine", "dask", "--scheduler", client.scheduler.address,
    )  # fmt: skip
    assert there[0] == 0
    same_bytes(here, there[1])


@settings(max_examples=5, deadline=None)
@given(st.lists(calling_list_chains(), max_size=8), st.integers(1, 5))
def test_plan_list_is_plan_records(client: Any, chains: list[Any], parts: int) -> None:
    rules = TreatmentRules(max_attempts=3, calling_hours=("us-federal",))
    entries, summary = scale.plan_list(client, chains, rules, NOW, parts=parts)
    expected = list(plan_records(chains, rules, NOW))
    assert entries == expected
    assert summary == summarize(expected)
    timelines = scale.plan_list_timelines(
        client, chains, shipped_treatments(), rules, NOW, CallResult.BUSY, timedelta(days=2),
        parts=parts,
    )  # fmt: skip
    assert timelines == list(
        plan_timelines(chains, shipped_treatments(), rules, NOW, CallResult.BUSY, timedelta(days=2))
    )


def test_seeded_days_on_dask_are_the_days_one_after_the_other(client: Any) -> None:
    assert scale.simulate_days(client, [2, 0, 5], records=150) == simulate_seeds(
        [2, 0, 5], records=150
    )
    argv = ["simulate", "--records", "150", "--seeds", "0-2,7"]
    for shape in ([], ["--json"]):
        here = run(*argv, *shape)
        there = run(*argv, *shape, "--engine", "dask", "--scheduler", client.scheduler.address)
        assert there[0] == here[0] == 0
        same_bytes(here[1], there[1])


def test_an_unreachable_scheduler_is_one_line_naming_the_flag(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(engine, "CONNECT_SECONDS", 0.5)
    trace = tmp_path / "t.jsonl"
    trace.write_text('{"seq": 1, "interaction_id": "i", "mode": "Preview", "event": "deliver"}\n')
    status, out, err = run(
        "check", str(trace), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"
    )
    assert (status, out) == (2, "")
    assert err.startswith("outbound-core: engine-unavailable: --scheduler 'tcp://127.0.0.1:9'")
    assert err.count("\n") == 1
    with pytest.raises(InvalidValue) as caught, scale.engine_client("tcp://127.0.0.1:9"):
        pass
    assert caught.value.code == ErrorCode.ENGINE_UNAVAILABLE


@pytest.mark.parametrize(
    "address", ["", "foo", "tcp://", "udp://1.2.3.4:5", "tcp://127.0.0.1:99999", "inproc://x"]
)
def test_what_is_no_scheduler_address_is_refused_before_connecting(address: str) -> None:
    status, out, err = run("check", "t.jsonl", "--engine", "dask", "--scheduler", address)
    assert (status, out) == (2, "")
    assert err.startswith(f"outbound-core: engine-unavailable: --scheduler {address!r}: not a")
    assert err.count("\n") == 1
