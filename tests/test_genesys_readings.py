"""Genesys readers that agree: numbers, key-value lists, field data types and kinds, the
calling-list annex, and the reschedule acknowledgements the Web Services layer sends."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.errors import WireFormatError
from outbound_core.records.fields import FieldType, ValueType
from outbound_core.replay import check_steps, read_steps
from outbound_core.wire import ocs
from outbound_core.wire.calling_list import read_calling_list_fields
from outbound_core.wire.numbers import whole_number
from outbound_core.wire.user_data import flat, is_key_value_list
from outbound_core.wire.wwe import (
    UpdateRecordFieldsRequest,
    decode_record,
    encode_record,
    read_record_fields,
    write_record_fields,
)

GENESYS = Path(__file__).parent / "fixtures" / "genesys"


def fixture(name: str) -> Any:
    return json.loads((GENESYS / f"{name}.json").read_text(encoding="utf-8"))


def kv_list(flat_object: dict[str, Any]) -> list[dict[str, Any]]:
    """The Workspace API's form of a flat object."""
    return [
        {"key": key, "type": "int" if type(value) is int else "str", "value": value}
        for key, value in flat_object.items()
    ]


# ---- one reading of numbers --------------------------------------------------------------------


def test_the_simulators_preview_record_reads_alike_in_both_readers() -> None:
    (raw,) = fixture("pull-preview")
    record = decode_record(raw)
    message = ocs.decode(raw)
    assert record.application_id == message.application_id == 1
    assert record.record_handle == message.record_handle == 1
    assert record.chain_id == message.chain_id == 1
    assert record.number_texts == {"GSW_APPLICATION_ID": "1"}
    assert encode_record(record) == raw  # the text comes back as text
    assert record.custom == {
        "Segment": "Private",
        "Prioprity": 1,
        "CallType": "Call Type",
        "AnotherFloat": "2.2",
        "AnotherInt": 19,
    }


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (1, 1),
        ("1", 1),
        ("+7", 7),
        ("007", 7),
        ("-1", None),  # read, but out of range for an application id
        ("1.0", None),
        (" 1", None),
        ("1e3", None),
        ("١", None),
        (1.0, None),
        (True, None),
        ("", None),
        ("99999999999", None),  # read, but beyond 32 bits
    ],
)
def test_both_readers_read_the_same_numbers(value: object, number: int | None) -> None:
    raw = {"GSW_USER_EVENT": "PreviewRecord", "GSW_RECORD_HANDLE": 5, "GSW_CHAIN_ID": 6}
    raw |= {"GSW_PHONE": "+1", "GSW_APPLICATION_ID": value}
    outcomes = []
    for read in (lambda r: decode_record(r).application_id, lambda r: ocs.decode(r).application_id):
        try:
            outcomes.append(read(raw))
        except WireFormatError:
            outcomes.append(None)
    assert outcomes == [number, number]


@given(st.integers(-(10**12), 10**12) | st.text(max_size=13) | st.booleans() | st.floats())
def test_whole_numbers(value: object) -> None:
    number = whole_number(value)
    if type(value) is int:
        assert number == value
    elif type(value) is str:
        body = value[1:] if value and value[0] in "+-" else value
        plain = body.isascii() and body.isdigit() and len(body) <= 11
        assert number == (int(value) if plain else None)
    else:
        assert number is None


# ---- key-value lists ---------------------------------------------------------------------------


def test_key_value_lists_are_read_wherever_a_flat_object_is() -> None:
    (raw,) = fixture("pull-preview")
    assert decode_record(kv_list(raw)) == decode_record(raw)
    assert ocs.decode(kv_list(raw)) == ocs.decode(raw)
    request = UpdateRecordFieldsRequest.read(
        {"interactionId": "i-1", "recordData": kv_list({"AnotherInt": 20, "Segment": "Gold"})}
    )
    assert request.record_data == {"AnotherInt": 20, "Segment": "Gold"}
    nested = [
        {"key": "GSW_AGENT_REQ_TYPE", "type": "str", "value": "RecordProcessed"},
        {"key": "GSW_RECORD_HANDLE", "type": "int", "value": 12},
        {"key": "Extra", "type": "kvlist", "value": [{"key": "a", "type": "int", "value": 1}]},
    ]
    message = ocs.decode(nested)
    assert message.record_handle == 12
    assert message.other == {"Extra": {"a": 1}}


def test_ocs_traces_of_key_value_lists() -> None:
    lines = [
        json.dumps(
            kv_list(
                {"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_RECORD_HANDLE": 12}
                | {"GSW_REFERENCE_ID": 1}
            )
        ),
        json.dumps(
            kv_list({"GSW_USER_EVENT": "RecordProcessedAcknowledge", "GSW_REFERENCE_ID": 1})
        ),
    ]
    report = check_steps(read_steps(lines, "auto"))
    assert report.legal
    assert {i.interaction_id for i in report.interactions} == {"record 12", "reference 1"}


@pytest.mark.parametrize(
    "pairs",
    [
        [{"key": "a", "type": "str", "value": "x"}, {"key": "a", "type": "str", "value": "y"}],
        [{"key": "a", "type": "str", "value": "x"}, "b"],
        [{"key": "a", "type": "str", "value": "x"}, {"key": 3, "type": "str", "value": "y"}],
        [{"key": "a", "type": "kvlist", "value": "not a list"}],
        [{"key": "a", "type": 7, "value": 1}],
        [{"key": "a", "type": "str", "value": "x"}, {"key": "b", "value": 1, "other": 2}],
    ],
)
def test_malformed_key_value_lists_are_refused(pairs: list[Any]) -> None:
    with pytest.raises(WireFormatError):
        flat(pairs)


def test_a_key_given_twice_with_one_value_is_read_once() -> None:
    pairs = [{"key": "a", "type": "int", "value": 1}, {"key": "a", "type": "int", "value": 1}]
    assert flat(pairs) == {"a": 1}
    assert not is_key_value_list([])
    assert flat([]) == []  # not a key-value list: the caller's own check refuses it


def _deep_kv(depth: int) -> list[Any]:
    value: list[Any] = [{"key": "x", "type": "int", "value": 1}]
    for _ in range(depth):
        value = [{"key": "n", "type": "kvlist", "value": value}]
    return value


def test_deep_key_value_lists_are_refused() -> None:
    assert flat(_deep_kv(30))
    with pytest.raises(WireFormatError, match="deeper"):
        flat(_deep_kv(40))


_VALUES = st.none() | st.booleans() | st.integers() | st.text(max_size=4) | st.floats()


@given(
    st.recursive(
        _VALUES,
        lambda inner: st.lists(
            st.fixed_dictionaries(
                {"key": st.text(max_size=2) | _VALUES, "value": inner},
                optional={"type": st.sampled_from(["str", "int", "kvlist", "x"]) | _VALUES},
            )
            | inner,
            max_size=4,
        ),
        max_leaves=10,
    )
)
def test_fuzz_key_value_lists(value: Any) -> None:
    with contextlib.suppress(WireFormatError):
        flat(value)
    with contextlib.suppress(WireFormatError):
        ocs.decode(value)
    with contextlib.suppress(WireFormatError):
        decode_record(value)


# ---- data types and field kinds ----------------------------------------------------------------


def test_type_is_the_data_type_and_a_numeric_field_type_is_the_kind() -> None:
    config_object = {"name": "AnotherFloat", "type": "float", "fieldType": 16}
    (spec,) = read_record_fields([config_object | {"valueType": "number"}])
    assert (spec.field_type, spec.field_kind) == (FieldType.FLOAT, 16)
    wire = write_record_fields([spec])["data"][0]
    assert (wire["type"], wire["fieldType"]) == ("float", 16)
    assert read_record_fields([wire]) == (spec,)
    (seed,) = read_record_fields([{"name": "F", "type": "time", "valueType": "string"}])
    assert (seed.field_type, seed.field_kind) == (FieldType.TIME, None)
    (text_kind,) = read_record_fields(
        [{"name": "V", "type": "varchar", "fieldType": "16", "valueType": "string"}]
    )
    assert (text_kind.field_type, text_kind.field_kind) == (FieldType.VAR_CHAR, 16)
    for bad in (
        {"name": "X", "type": "float", "fieldType": "int", "valueType": "number"},
        {"name": "X", "fieldType": 16, "valueType": "number"},
        {"name": "X", "type": 3, "valueType": "number"},
        {"name": "X", "type": "int", "fieldType": -1, "valueType": "number"},
    ):
        with pytest.raises(WireFormatError):
            read_record_fields([bad])


# ---- the calling-list field annex --------------------------------------------------------------


def test_the_simulators_calling_list_yields_field_specs() -> None:
    specs = read_calling_list_fields(fixture("calling-list"))
    assert [(s.name, s.field_type, s.value_type, s.field_kind) for s in specs] == [
        ("AnotherFloat", FieldType.FLOAT, ValueType.NUMBER, 16),
        ("AnotherInt", FieldType.INT, ValueType.NUMBER, 16),
    ]
    assert [(s.editable, s.mandatory) for s in specs] == [(True, False), (True, True)]
    assert specs[0].extra["isNullable"] == "false"
    assert specs[0].extra["length"] == 1
    text = (GENESYS / "calling-list.json").read_text(encoding="utf-8")
    assert read_calling_list_fields(text) == specs
    (calling_list,) = fixture("calling-list")["campaign"]["callingLists"]
    assert read_calling_list_fields(calling_list) == specs
    assert read_calling_list_fields(calling_list["fields"]) == specs


def test_annex_readings() -> None:
    field = {"name": "Notes", "type": "varchar", "fieldType": 16, "length": 40}
    (spec,) = read_calling_list_fields([field])
    assert (spec.name, spec.editable, spec.mandatory, spec.max_length) == (
        "Notes",
        False,
        False,
        40,
    )
    annex = {"interaction-workspace": [{"key": "read-only", "type": "str", "value": "false"}]}
    (spec,) = read_calling_list_fields([field | {"userProperties": annex}])
    assert spec.editable
    both = {
        "campaign": {
            "callingLists": [{"name": "A", "fields": [field]}, {"name": "B", "fields": []}]
        }
    }
    assert read_calling_list_fields(both, calling_list="B") == ()
    for bad, kwargs in (
        (both, {}),
        (both, {"calling_list": "C"}),
        ([{"type": "int", "fieldType": 16}], {}),  # no name, no send_attribute
        ([field | {"userProperties": {"interaction-workspace": {"mandatory": "yes"}}}], {}),
        ([field, field], {}),
        ([field | {"type": "blob"}], {}),
        ([field | {"type": "enum"}], {}),  # an enum needs options
        ({"campaign": []}, {}),
    ):
        with pytest.raises(WireFormatError):
            read_calling_list_fields(bad, **kwargs)


@given(
    st.recursive(
        _VALUES,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "campaign",
                        "callingLists",
                        "fields",
                        "name",
                        "type",
                        "fieldType",
                        "userProperties",
                        "OCServer",
                        "interaction-workspace",
                        "read-only",
                        "length",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=14,
    )
)
def test_fuzz_calling_lists(value: Any) -> None:
    with contextlib.suppress(WireFormatError):
        read_calling_list_fields(value)


# ---- request / answer pairs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_name", "answer", "kind"),
    [
        ("RecordReschedule", "RecordRescheduleAcknowledge", ocs.Correlation.ANSWERED),
        ("RecordReschedule", "ScheduledRecordRescheduleAcknowledge", ocs.Correlation.ANSWERED),
        (
            "ScheduledRecordReschedule",
            "ScheduledRecordRescheduleAcknowledge",
            ocs.Correlation.ANSWERED,
        ),
        ("ScheduledRecordReschedule", "RecordRescheduleAcknowledge", ocs.Correlation.UNEXPECTED),
    ],
)
def test_reschedule_acknowledgements(request_name: str, answer: str, kind: ocs.Correlation) -> None:
    request = ocs.decode(
        {
            "GSW_AGENT_REQ_TYPE": request_name,
            "GSW_RECORD_HANDLE": 3,
            "GSW_DATE_TIME": "06/15/2026 10:30",
            "GSW_CALLBACK_TYPE": "Personal",
            "GSW_REFERENCE_ID": 9,
        }
    )
    assert isinstance(request, ocs.DesktopRequest)
    correlator = ocs.Correlator().sent(request)
    event = ocs.decode({"GSW_USER_EVENT": answer, "GSW_REFERENCE_ID": 9})
    assert isinstance(event, ocs.ServerEvent)
    _after, match = correlator.received(event)
    assert match.kind is kind


def test_the_fields_pages_calling_list_example_runs() -> None:
    page = Path(__file__).parent.parent / "docs" / "concepts" / "fields.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    (example,) = [block for block in blocks if "read_calling_list_fields" in block]
    exec(compile(example, str(page), "exec"), {})
