"""Fuzzing every `outbound-core` subcommand in-process: no traceback, exit 0, 1 or 2, ever.

Each example draws, for every subcommand, an argument list from that subcommand's flags, values
that fit them, values on every edge and junk, and files prepared in a temporary directory (empty,
unreadable, a lone surrogate, a deep nest, the seed samples, ...). `cli.main` runs with stdout and
stderr as strict UTF-8 streams, as a terminal's are. It must exit 0, 1 or 2 (argparse's usage
errors exit 2 through `SystemExit`, `--help` 0); never print a traceback nor take the "internal
error" path (70); an error (exit 2) is one line that names a flag or an argument; a report asked
for with `--json` is JSON. Each subcommand gets every example: 10,000 under the `ci` profile.

`simulate` runs with its day replaced by a stand-in that checks its arguments as the real one
does (`simulation.limits.check_day`), reports every phase and writes one trace event: a real day
takes a tenth of a second, and its engine is not a parser of the command line's input (the real
days run in `test_simulation.py`). `--trace` only ever names files in the temporary directory.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.seed002 import FIXTURES
from tests.strategies import EDGE_TEXTS, hostile_text
from tests.test_trace_check import WEBEX_CALL

from outbound_core.cli import INTERNAL_ERROR, main
from outbound_core.commands import simulate as simulate_command
from outbound_core.errors import shorten
from outbound_core.machines import MACHINES
from outbound_core.simulation import MODES, simulate
from outbound_core.simulation.day import PACING
from outbound_core.simulation.limits import check_day
from outbound_core.simulation.progress import PHASES, Progress
from outbound_core.trace import TraceEvent, TraceSink

FUZZ = (
    settings(max_examples=10_000, suppress_health_check=list(HealthCheck))
    if settings.get_current_profile_name() == "ci"
    else settings(suppress_health_check=list(HealthCheck))
)
SEED_004 = Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json"

# ---- files to read --------------------------------------------------------------------------

_SIMULATE_STEPS = [
    {"seq": 1, "interaction_id": "i-1", "mode": "Preview", "event": "deliver"},
    {"seq": 2, "interaction_id": "i-1", "mode": "Preview", "event": "call_connected"},
]
_FIELDS = [
    {"name": "Note", "fieldType": "var-char", "valueType": "string", "isEditable": True},
    {"name": "Visits", "fieldType": "int", "valueType": "number", "isEditable": True},
    {
        "name": "GSW_PHONE_TYPE",
        "fieldType": "enum",
        "valueType": "number",
        "isEditable": True,
        "options": {"1": "Home Phone", "4": "Mobile"},
    },
]
FILES: dict[str, str | bytes] = {
    "empty.jsonl": "",
    "blank.jsonl": "\n  \n",
    "garbage.json": "not json {",
    "binary.jsonl": b"\xff\xfe\x00{",
    "webex.jsonl": "\n".join(WEBEX_CALL) + "\n",
    "webex-illegal.jsonl": "\n".join([WEBEX_CALL[0], WEBEX_CALL[4]]) + "\n",
    "webex-pretty.json": SEED_004.read_text(encoding="utf-8"),
    "webex-array.json": json.dumps([json.loads(line) for line in WEBEX_CALL], indent=2),
    "two-documents.json": '{\n"a": 1\n}\n{\n"b": 2\n}\n',
    "simulate.jsonl": "".join(json.dumps(step) + "\n" for step in _SIMULATE_STEPS),
    "kind-list.jsonl": '{"seq":1,"interaction_id":"i","event":"x","kind":[]}\n',
    "surrogate.jsonl": '{"seq":1,"interaction_id":"\\ud800","event":"mark_done","mode":"Preview"}\n',
    "ocs.jsonl": '{"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_RECORD_HANDLE": 12}\n',
    "deep.json": "[" * 5000,
    "huge-int.json": '{"a": ' + "9" * 5000 + "}",
    "nan.json": '{"a": NaN}',
    "fields.json": json.dumps(_FIELDS),
    "fields-seed.txt": (FIXTURES / "getRecordFields.txt").read_text(encoding="utf-8"),
    "update.json": json.dumps({"Note": "x", "Visits": 2, "GSW_PHONE_TYPE": 4}),
    "update-bad.json": json.dumps({"Note": 5, "Visits": "x", "Nope": 1}),
    "update-surrogate.json": '{"Note": "\\ud800"}',
    "update-call.txt": (FIXTURES / "updateRecordFields.request.txt").read_text(encoding="utf-8"),
    "update-dump.txt": "{\n  Note: 'x'\n  Visits: 3,\n}",
    "chained.txt": (FIXTURES / "getChainedRecords.txt").read_text(encoding="utf-8"),
    "list.csv": (FIXTURES.parent / "calling_list.csv").read_text(encoding="utf-8"),
    "treatments.json": (FIXTURES.parent / "treatments" / "interval-increment.json").read_text(
        encoding="utf-8"
    ),
    "pacing.jsonl": (
        '{"seq":1,"time":"2026-06-15T08:00:00Z","kind":"pacing","event":"dial-placed",'
        '"agent_id":null,"args":{"campaign":"c","call_id":"1","phone":"+1 555 0100"}}\n'
        '{"seq":2,"time":"2026-06-15T08:00:09Z","kind":"pacing","event":"dial-outcome",'
        '"agent_id":null,"args":{"campaign":"c","call_id":"1","result":"live-answer"}}\n'
        '{"seq":3,"time":"2026-06-15T08:00:12Z","kind":"pacing","event":"call-abandoned",'
        '"agent_id":null,"args":{"campaign":"c","call_id":"1"}}\n'
    ),
}
#: Paths `--trace` may name: a file to create in the directory, and paths that cannot be.
TRACE_PATHS = ("day.jsonl", "no/such/dir/day.jsonl", ".", "")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory holding the files, the current directory while the tests run."""
    directory = tmp_path_factory.mktemp("cli-fuzz")
    for name, content in FILES.items():
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (directory / "a-directory").mkdir()
    before = Path.cwd()
    os.chdir(directory)
    try:
        yield directory
    finally:
        os.chdir(before)


READ_PATHS = (
    *FILES,
    "a-directory",
    "missing.jsonl",
    os.fsdecode(b"\xff-name.jsonl"),
    "nul\x00.jsonl",
)

# ---- the argument lists ------------------------------------------------------------------------

ZONES = ("ACT", "America/New_York", "Europe/London", "PST", "UTC", "EST", "act", "Mars/Base", "")
INSTANTS = (
    "2026-01-01T00:00:00Z",
    "2026-06-15T14:30:00+01:00",
    "2026-11-01T05:00:00Z",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:30Z",
    "9999-12-30T00:00Z",
    "2026-06-15T12:00",
    "yesterday",
)
DATES = (
    "03/29/2026 01:30",
    "11/01/2026 01:30",
    "06/15/2026 10:30",
    "12/31/9999 23:59",
    "01/01/0001 00:00",
    "02/30/2026 10:00",
    "24:00",
)
SECONDS = ("0", "32400", "75599", "86399", "5", "86400", "-1", "99999", "x", "9" * 30)
DURATIONS = ("1h", "90m", "PT1H", "2d", "0s", "1x", "9" * 4301 + "d", "P1Y", "-1h")
RULES = ("us-federal", "canada", "australia", "mars")
_JUNK = (*EDGE_TEXTS, "-", "--", "--nope", "-x")

FLAGS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "call-results": {"--json": None, "--offered": None},
    "reschedule": {
        "--zone": ZONES,
        "--offset": ("0", "34200", "-18000", "99999", "61", "x"),
        "--legacy-us": None,
        "--in": DURATIONS,
        "--at": DATES,
        "--agent-zone": ZONES,
        "--gap": ("shift-forward", "reject", "never"),
        "--fold": ("earlier", "later", "reject", "both"),
        "--from": SECONDS,
        "--till": SECONDS,
        "--now": INSTANTS,
        "--rules": RULES,
        "--json": None,
    },
    "callable": {
        "--zone": ZONES,
        "--offset": ("0", "34200", "99999", "x"),
        "--legacy-us": None,
        "--from": SECONDS,
        "--till": SECONDS,
        "--now": INSTANTS,
        "--rules": RULES,
        "--json": None,
    },
    "fields validate": {"--json": None, "--lenient": None},
    "diagram": {"--list": None, "--json": None},
    "check": {"--format": ("webex", "ocs", "simulate", "auto", "xml"), "--json": None},
    "simulate": {
        "--records": ("1", "300", "0", "-5", "1000000", "1000001", "99999999999999", "x"),
        "--agents": ("1", "10", "0", "1000", "1001"),
        "--mode": (*MODES, "nope"),
        "--seed": ("0", "7", "-1", "9" * 40),
        "--trace": TRACE_PATHS,
        "--progress": None,
        "--no-progress": None,
        "--json": None,
        "--abandon-target": ("3", "1", "0.01", "0", "100", "101", "nan", "inf", "-1", "x"),
        "--pacing": ("progressive", "predictive", "nope"),
    },
    "abandon": {"--rules": ("tsr", "ofcom", "TSR", "fcc", ""), "--json": None},
    "plan": {
        "--treatments": READ_PATHS,
        "--now": INSTANTS,
        "--max-attempts": ("1", "3", "0", "-1", "2147483648", "x"),
        "--rules": RULES,
        "--assume": ("Busy", "33", "NoAnswer", "Answering Machine Detected", "99", "nope"),
        "--horizon": DURATIONS,
        "--abandoned-recall-delay": DURATIONS,
        "--zones": ("104=Europe/London", "104=Mars/Base", "x=UTC", "104", "=", "105=EST"),
        "--json": None,
    },
}
POSITIONALS: dict[str, tuple[tuple[str, ...], ...]] = {
    "fields validate": (READ_PATHS, READ_PATHS),
    "diagram": ((*MACHINES, "chain", "nope", "Voice-Call"),),
    "check": (READ_PATHS,),
    "abandon": (READ_PATHS,),
    "plan": (READ_PATHS,),
}
COMMANDS = tuple(FLAGS)


def argv_of(command: str, data: bytes, generated: str) -> list[str]:
    """The argument list `data` picks for `command`; `generated` is a value of its own."""
    argv = command.split()
    flags = FLAGS[command]
    names = list(flags)
    for n, pool in enumerate(POSITIONALS.get(command, ())):
        if data[1 + n] % 16:  # now and then left out
            argv.append(pool[data[3 + n] % len(pool)])
    for k in range(data[0] % 8):
        pick, choice = data[5 + 2 * k], data[6 + 2 * k]
        if pick % 13 == 0:
            argv.append(_JUNK[choice % len(_JUNK)])  # a stray token
            continue
        flag = names[pick % len(names)]
        argv.append(flag)
        values = flags[flag]
        if values is None:
            continue
        if flag == "--trace":
            argv.append(values[choice % len(values)])
        elif choice % 8 == 0:
            argv.append(generated)
        elif choice % 8 == 1:
            argv.append(_JUNK[choice // 8 % len(_JUNK)])
        else:
            argv.append(values[choice % len(values)])
    return argv


# ---- running it -------------------------------------------------------------------------------


def _stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="", write_through=True)


def run(argv: list[str]) -> tuple[int, str, str]:
    """`main(argv)` with strict UTF-8 stdout and stderr: the status and what each got."""
    out, err = _stream(), _stream()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse: --help, --version, a usage error
            status = exit_.code if isinstance(exit_.code, int) else 2
    texts = [stream.buffer.getvalue().decode("utf-8") for stream in (out, err)]  # type: ignore[attr-defined]
    return status, texts[0], texts[1]


def _names_an_argument(message: str, argv: list[str]) -> bool:
    if re.search(r"--[a-z]", message):
        return True
    given = argv[1:]
    shown = (lambda token: token, repr, lambda token: repr(token)[1:-1], shorten)
    return any(form(token) in message for token in given for form in shown if form(token))


def judge(argv: list[str]) -> None:
    status, out, err = run(argv)
    assert status != INTERNAL_ERROR, (argv, err)
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in out + err, argv
    if status == 2 and err.startswith("outbound-core: "):
        assert err.count("\n") == 1, (argv, err)
        assert out == "", (argv, out)
        assert _names_an_argument(err, argv), (argv, err)
    wants_json = "--json" in argv and not {"-h", "--help", "--version"} & set(argv)
    if status in (0, 1) and wants_json:
        json.loads(out)


# ---- simulate's stand-in day ------------------------------------------------------------------

_DAY = simulate(records=50, agents=1, mode="preview")


def _stand_in(
    records: object, agents: object, mode: object, seed: object, sinks: list[TraceSink] | None,
    progress: Progress | None, abandon_target: object = 3.0, pacing: object = None,
) -> Any:  # fmt: skip
    check_day(records, agents, mode, seed, MODES)
    assert type(abandon_target) is float
    assert 0.01 <= abandon_target <= 100  # the command refuses the rest with exit 2
    assert pacing in (None, *PACING)
    for phase in PHASES:
        if progress is not None:
            progress(phase, 0.0)
            progress(phase, 1.0)
    for sink in sinks or ():
        sink(TraceEvent(1, datetime(2026, 6, 15, tzinfo=UTC), "server", "list-loaded"))
    return _DAY


@pytest.fixture
def stand_in_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(simulate_command, "simulate", _stand_in)


@FUZZ
@given(st.binary(min_size=24 * len(COMMANDS), max_size=24 * len(COMMANDS)), hostile_text)
def test_no_subcommand_ever_prints_a_traceback(
    workdir: Path, stand_in_day: None, data: bytes, generated: str
) -> None:
    for n, command in enumerate(COMMANDS):
        judge(argv_of(command, data[24 * n : 24 * (n + 1)], generated))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_flag_and_value_once(workdir: Path, stand_in_day: None, command: str) -> None:
    # An exhaustive pass: each flag with each of its values, each positional value.
    base = command.split()
    positionals = [pool[0] for pool in POSITIONALS.get(command, ())]
    for flag, values in FLAGS[command].items():
        for value in values or (None,):
            judge([*base, *positionals, flag, *([] if value is None else [value])])
    for n, pool in enumerate(POSITIONALS.get(command, ())):
        for value in pool:
            judge([*base, *positionals[:n], value, *positionals[n + 1 :]])
