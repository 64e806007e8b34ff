"""What the command line does with unusable input: exit 2, one line on stderr, never a traceback.

The crashes issue 13 lists (a `kind` that is a list, lone surrogates in a trace or an update),
and how `check` frames a trace file: JSON Lines, one JSON document, or a JSON array.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.test_trace_check import WEBEX_CALL

from outbound_core.cli import main

SEED_004 = Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2, (out, err)
    assert out == ""
    assert len(err.splitlines()) == 1, err
    return err


def write(path: Path, text: str) -> str:
    path.write_bytes(text.encode("utf-8"))
    return str(path)


# ---- the escapes the issue lists -----------------------------------------------------------------


def test_check_refuses_a_kind_that_is_not_a_string(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = write(tmp_path / "t", '{"seq":1,"interaction_id":"i","event":"x","kind":[]}\n')
    err = refused(capsys, "check", trace)
    assert "line 1: kind: expected a non-empty string" in err


def test_check_refuses_a_lone_surrogate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = '{"seq":1,"interaction_id":"\\ud800","event":"mark_done","mode":"Preview"}\n'
    err = refused(capsys, "check", write(tmp_path / "t.jsonl", line))
    assert "line 1: $.interaction_id: '\\ud800' holds a lone UTF-16 surrogate" in err
    # A surrogate pair is text, and a backslash before "u" is not an escape.
    pair = (
        '{"seq":1,"interaction_id":"\\ud83d\\ude00 \\\\ud800","event":"mark_done","mode":"Preview"}'
    )
    status, out, _ = run(capsys, "check", write(tmp_path / "p.jsonl", pair))
    assert status == 1
    assert "\U0001f600 \\ud800: illegal at line 1" in out


def test_fields_validate_refuses_a_lone_surrogate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = [{"name": "Note", "fieldType": "var-char", "valueType": "string", "isEditable": True}]
    specs = write(tmp_path / "f.json", json.dumps(fields))
    update = write(tmp_path / "u.json", '{"Note": "\\ud800"}')
    err = refused(capsys, "fields", "validate", specs, update)
    assert "u.json: the update: $.Note: '\\ud800' holds a lone UTF-16 surrogate" in err
    as_key = write(tmp_path / "k.json", '{"\\udfff": 1}')
    assert "(a key)" in refused(capsys, "fields", "validate", specs, as_key)


def test_a_file_name_that_is_not_utf8_is_written_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(b"\xff-missing.jsonl")  # a surrogate escape, as argv holds it
    err = refused(capsys, "check", str(tmp_path / name))
    assert "\\udcff-missing.jsonl: cannot be read: No such file or directory" in err


# ---- how check frames a trace -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n  \n", "[]", " [ \n ] \n"])
def test_nothing_to_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    err = refused(capsys, "check", write(tmp_path / "t.jsonl", text))
    assert "empty-input" in err
    assert "nothing to check" in err


def test_the_seed_sample_is_one_pretty_printed_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", str(SEED_004))
    assert status == 1  # a lone CustAnswered: the contact was never offered
    finding, _verdict, read = out.splitlines()
    assert read.endswith(": one JSON document, 1 Webex task notification")
    assert "illegal at line 1: CustAnswered" in finding
    status, out, _ = run(capsys, "check", str(SEED_004), "--json")
    assert json.loads(out)["input"] == {
        "path": str(SEED_004),
        "framing": "json-document",
        "format": "webex",
        "messages": 1,
    }


def test_a_pretty_printed_array_keeps_the_lines_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messages = [json.loads(line) for line in [*WEBEX_CALL[:2], WEBEX_CALL[1], *WEBEX_CALL[2:]]]
    text = json.dumps(messages, indent=2)
    status, out, _ = run(capsys, "check", write(tmp_path / "t.json", text), "--json")
    report = json.loads(out)
    assert status == 0
    assert report["input"]["framing"] == "json-array"
    assert report["input"]["messages"] == 6
    duplicate = report["interactions"][0]["duplicates"][0]["line"]
    starts = [n for n, line in enumerate(text.splitlines(), start=1) if line == "  {"]
    assert duplicate == starts[2]


def test_json_lines_are_read_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trace = write(tmp_path / "t.jsonl", "\n".join(WEBEX_CALL) + "\n")
    status, out, _ = run(capsys, "check", trace, "--json")
    assert status == 0
    assert json.loads(out)["input"]["framing"] == "json-lines"
    assert json.loads(out)["input"]["messages"] == 5


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (WEBEX_CALL[0] + '\n{"b":\n 2}', "line 2"),  # JSON Lines: the reader names the line
        ('{\n"a": 1\n}\n{\n"b": 2\n}\n', "line 4, column 1: more than one JSON document"),
        ("[\n{}\n{}\n]", "line 3, column 1: expected , or ] after an array element"),
        ("[\n" + "[" * 100_000, "nesting too deep"),
        ('{\n"a": NaN}', "NaN is not a JSON number"),
        ("[1, 2]", "line 1: not a line of any trace format"),
    ],
)
def test_unreadable_traces_name_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    err = refused(capsys, "check", write(tmp_path / "t.json", text))
    assert said in err


def test_a_forced_format_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trace = write(tmp_path / "t.jsonl", '{"seq": 1, "interaction_id": "i", "event": "e"}\n')
    assert "(read as --format webex)" in refused(capsys, "check", trace, "--format", "webex")


def test_bytes_that_are_not_utf8_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"a": "\xff"}\n')
    assert "not UTF-8 text (byte 0xff at offset 7)" in refused(capsys, "check", str(path))
