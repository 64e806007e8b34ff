"""`outbound-core fields validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.seed002 import FIXTURES

from outbound_core.cli import main

SEED_FIELDS = FIXTURES / "getRecordFields.txt"
SEED_UPDATE = FIXTURES / "updateRecordFields.request.txt"


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_valid_update_prints_the_normalized_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = [{"name": "GSW_FROM", "fieldType": "time", "valueType": "string", "isEditable": True}]
    update = write(tmp_path, "u.json", {"GSW_FROM": "10.15"})
    assert main(["fields", "validate", str(write(tmp_path, "f.json", fields)), str(update)]) == 0
    assert json.loads(capsys.readouterr().out) == {"GSW_FROM": "10:15"}


def test_the_seed_update_is_refused_with_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fields", "validate", str(SEED_FIELDS), str(SEED_UPDATE)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("GSW_FROM: unknown-field: ")
    assert out[1].startswith("GSW_UNTIL: unknown-field: ")
    assert len(out) == 2


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fields", "validate", "--json", str(SEED_FIELDS), str(SEED_UPDATE)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["code"] == "field-validation"
    assert [p["field"] for p in report["details"]["problems"]] == ["GSW_FROM", "GSW_UNTIL"]


def test_bare_field_list_and_request_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    envelope = json.loads(SEED_FIELDS.read_text())
    fields = write(tmp_path, "f.json", envelope["data"])
    request = write(tmp_path, "r.json", {"interactionId": "1", "recordData": {"GSW_PHONE_TYPE": 4}})
    assert main(["fields", "validate", str(fields), str(request)]) == 0
    assert json.loads(capsys.readouterr().out) == {"GSW_PHONE_TYPE": 4}


def test_lenient_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update = write(tmp_path, "u.txt", "{\n  GSW_PHONE_TYPE: 4\n  GSW_CUSTOM_STRING: 'x',\n}")
    assert main(["fields", "validate", str(SEED_FIELDS), str(update)]) == 2
    capsys.readouterr()
    assert main(["fields", "validate", "--lenient", str(SEED_FIELDS), str(update)]) == 0
    assert json.loads(capsys.readouterr().out) == {"GSW_PHONE_TYPE": 4, "GSW_CUSTOM_STRING": "x"}


@pytest.mark.parametrize(
    ("fields", "update"),
    [
        ("missing.json", None),
        (None, "missing.json"),
        ("{not json", None),
        (None, "[1, 2]"),
        (None, "{"),
        (
            '{"request": "outbound.getCallResult", "data": 6, "userAgent": "W", "protocolVersion": 2}',
            None,
        ),
    ],
)
def test_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: str | None, update: str | None
) -> None:
    def path(content: str | None, default: Path, name: str) -> str:
        if content is None:
            return str(default)
        if content.endswith(".json") and " " not in content:
            return str(tmp_path / content)
        return str(write(tmp_path, name, content))

    argv = [
        "fields",
        "validate",
        path(fields, SEED_FIELDS, "f.json"),
        path(update, SEED_UPDATE, "u.json"),
    ]
    assert main(argv) == 2
    assert "wire-format" in capsys.readouterr().err


def test_console_dump_without_lenient_says_to_add_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    update = write(tmp_path, "u.txt", "{\n  GSW_PHONE_TYPE: 4\n}")
    assert main(["fields", "validate", str(SEED_FIELDS), str(update)]) == 2
    err = capsys.readouterr().err
    assert "u.txt: line 2, column 3:" in err
    assert "console-dump notation" in err
    assert "add --lenient to read it" in err
    assert main(["fields", "validate", str(SEED_FIELDS), str(update), "--lenient"]) == 0
