"""The Service Client wire format: seed 002's samples verbatim, round trips, and fuzzing."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.seed002 import fixture, join_call_results, join_chained_records
from tests.strategies import chains, field_specs

from outbound_core.codes import SERVICE_CLIENT_CALL_RESULTS, CallResult, PhoneType
from outbound_core.errors import FieldValidationError, InvalidValue, WireFormatError
from outbound_core.records import Chain, Record
from outbound_core.records.fields import FieldSpec, FieldType, ValueType, validate_update
from outbound_core.wire import Name, read_call, read_lenient
from outbound_core.wire.wwe import (
    Envelope,
    Method,
    UpdateRecordFieldsRequest,
    decode_record,
    encode_record,
    load_text,
    read_call_result,
    read_call_results,
    read_chained_records,
    read_envelope,
    read_record_fields,
    write_call_result,
    write_call_results,
    write_chained_records,
    write_envelope,
    write_record_fields,
)

# The seed samples --------------------------------------------------------------------------


def test_the_joined_fixtures_follow_the_documented_rule() -> None:
    calls = join_call_results(
        fixture("getListOfCallResults.page1.txt"), fixture("getListOfCallResults.page2.txt")
    )
    assert calls == fixture("getListOfCallResults.txt")
    chained = join_chained_records(
        fixture("getChainedRecords.page1.txt"), fixture("getChainedRecords.page2.txt")
    )
    assert chained == fixture("getChainedRecords.txt")
    # Every line of the joined text is a line of one of the fragments: no character changed.
    pages = (
        fixture("getChainedRecords.page1.txt").splitlines()
        + fixture("getChainedRecords.page2.txt").splitlines()
    )
    assert set(chained.splitlines()) <= set(pages)


def test_get_list_of_call_results() -> None:
    results = read_call_results(fixture("getListOfCallResults.txt"))
    assert tuple(results.values()) == SERVICE_CLIENT_CALL_RESULTS
    assert all(name == result.name for name, result in results.items())
    raw = json.loads(fixture("getListOfCallResults.txt"))
    assert write_call_results(results) == raw
    assert json.dumps(write_call_results(results)) == json.dumps(raw)


def test_get_list_of_call_results_page_one_has_a_trailing_comma() -> None:
    page = fixture("getListOfCallResults.page1.txt")
    with pytest.raises(WireFormatError) as caught:
        load_text(page)
    assert caught.value.details["line"] == 41
    data = read_lenient(page)
    assert list(data["data"].values())[-1] == 51
    assert len(data["data"]) == 37
    with pytest.raises(WireFormatError, match="userAgent"):
        read_call_results(page, lenient=True)


def test_get_call_result() -> None:
    text = fixture("getCallResult.txt")
    assert read_call_result(text) is CallResult.BUSY
    assert write_call_result(CallResult.BUSY) == json.loads(text)
    assert read_call_result(write_call_result(None)) is None


def test_get_chained_records() -> None:
    text = fixture("getChainedRecords.txt")
    with pytest.raises(WireFormatError):
        load_text(text)  # console-dump notation is not JSON
    (chain,) = read_chained_records(text, lenient=True)
    assert chain.chain_id == 3
    assert chain.handles == (283, 284)
    first, second = chain.records
    assert chain.selected is first
    assert first.user_event == "PreviewRecord"
    assert second.is_chained_record
    assert (first.phone, second.phone) == ("+33647005", "+33647004")
    assert first.phone_type is PhoneType.HOME_PHONE
    assert first.call_result is CallResult.UNKNOWN
    assert (first.daily_from, first.daily_until, first.tz_name, first.tz_offset) == (
        0,
        86399,
        "ACT",
        34200,
    )
    assert first.campaign_group_name == "Outbound Campaign Custom@Agent Group Outbound"
    assert first.camp_type == "PreviewRecord"
    assert second.camp_type is None
    assert (first.interaction_type, first.interaction_subtype) == ("Outbound", "OutboundNew")
    assert first.custom["Custom_Float"] == "16.64"
    assert first.custom["Custom_Datetime"] == "2021-03-17 14:42:39"
    assert second.custom["Custom_String_with_default"] == "Hello General Kenobi"
    assert first.extra == {
        "IW_BundleUid": "27458420-0348-4345-c693-45bd95b5c81f",
        "IW_CaseUid": "a26f59d2-2979-43c5-5c1d-b0757f9ab077",
    }
    # Decode then encode gives the input back: keys, order, value types.
    raw = read_lenient(text)
    assert json.dumps(write_chained_records((chain,))) == json.dumps(raw)
    # The same structure as the equivalent JSON text.
    assert read_chained_records(json.dumps(raw)) == (chain,)


def test_chained_records_page_fragments() -> None:
    page1 = read_lenient(fixture("getChainedRecords.page1.txt"))
    assert page1["data"][0]["records"][1] == {
        "Custom_Character": "c",
        "Custom_Datetime": "2021-03-17 14:42:32",
        "Custom_Float": "51.69",
        "Custom_Integer": 0,
    }
    with pytest.raises(WireFormatError) as caught:
        read_lenient(fixture("getChainedRecords.page2.txt"))
    assert (caught.value.details["line"], caught.value.details["column"]) == (2, 1)


def test_get_record_fields() -> None:
    text = fixture("getRecordFields.txt")
    gws_from, custom_string, phone_type = read_record_fields(text)
    assert gws_from == FieldSpec(
        "GWS_FROM",
        FieldType.TIME,
        ValueType.STRING,
        display_name="Call From",
        editable=False,
        mandatory=True,
        value="10.15",
    )
    assert custom_string.display_name is None
    assert custom_string.value == "Custom message"
    assert custom_string.updatable
    assert phone_type.value is None
    assert phone_type.options[0] == (3, "Business With Extension")
    assert dict(phone_type.options) == {int(p): p.label for p in PhoneType}
    raw = json.loads(text)
    encoded = write_record_fields((gws_from, custom_string, phone_type))
    raw["data"][0]["fieldType"] = raw["data"][0].pop("type")  # the one documented change
    assert encoded == raw
    assert read_record_fields(encoded["data"]) == (gws_from, custom_string, phone_type)


def test_update_record_fields_request() -> None:
    request = UpdateRecordFieldsRequest.read(fixture("updateRecordFields.request.txt"))
    assert request.interaction_id == "1"
    assert request.record_data == {
        "GSW_FROM": "10.15",
        "GSW_UNTIL": "23:45",
        "GSW_PHONE_TYPE": 9,
        "GSW_CUSTOM_STRING": "Custom message",
    }
    assert UpdateRecordFieldsRequest.read(request.to_call()) == request
    assert UpdateRecordFieldsRequest.read(request.to_dict()) == request
    assert UpdateRecordFieldsRequest.read(json.dumps(request.to_dict())) == request


def test_the_seed_update_against_the_seed_fields() -> None:
    specs = read_record_fields(fixture("getRecordFields.txt"))
    request = UpdateRecordFieldsRequest.read(fixture("updateRecordFields.request.txt"))
    with pytest.raises(FieldValidationError) as caught:
        validate_update(specs, request.record_data)
    problems = caught.value.details["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [
        ("GSW_FROM", "unknown-field"),
        ("GSW_UNTIL", "unknown-field"),
    ]
    assert "did you mean GWS_FROM" in problems[0]["message"]
    # With Call From and Call Until in the field list, the same update passes.
    window = [FieldSpec(n, "time", "string", editable=True) for n in ("GSW_FROM", "GSW_UNTIL")]
    assert validate_update([*specs, *window], request.record_data) == {
        "GSW_FROM": "10:15", "GSW_UNTIL": "23:45", "GSW_PHONE_TYPE": 9, "GSW_CUSTOM_STRING": "Custom message"
    }  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "getListOfCallResults",
        "getCallResult",
        "getChainedRecords",
        "getRecordFields",
        "updateRecordFields",
        "rescheduleRecord",
    ],
)
def test_sample_requests_are_calls(name: str) -> None:
    text = fixture(
        "updateRecordFields.request.txt" if name == "updateRecordFields" else f"{name}.request.txt"
    )
    callee, arguments = read_call(text)
    assert callee == f"genesys.wwe.service.outbound.{name}"
    assert arguments[-2:] == [Name("succeeded"), Name("failed")]


# Envelopes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_every_method_has_an_envelope(method: Method) -> None:
    envelope = Envelope(method, {"any": [1, "data"]})
    wire = write_envelope(envelope)
    assert wire["request"] == f"outbound.{method.value}"
    assert read_envelope(json.dumps(wire)) == envelope
    assert read_envelope(wire, method=method) == envelope


@pytest.mark.parametrize(
    "raw",
    [
        [],
        {"request": "outbound.getCallResult", "data": 6, "userAgent": "WWE Server"},
        {"request": "outbound.nope", "data": 6, "userAgent": "WWE Server", "protocolVersion": 2},
        {"request": "getCallResult", "data": 6, "userAgent": "WWE Server", "protocolVersion": 2},
        {"request": 5, "data": 6, "userAgent": "WWE Server", "protocolVersion": 2},
        {"request": "outbound.getCallResult", "data": 6, "userAgent": 1, "protocolVersion": 2},
        {"request": "outbound.getCallResult", "data": 6, "userAgent": "W", "protocolVersion": True},
        {
            "request": "outbound.getCallResult",
            "data": 6,
            "userAgent": "W",
            "protocolVersion": 2,
            "x": 1,
        },
        {"request": "outbound.getCampaigns", "data": 6, "userAgent": "W", "protocolVersion": 2},
        {"request": "outbound.getCallResult", "data": 54, "userAgent": "W", "protocolVersion": 2},
        {"request": "outbound.getCallResult", "data": True, "userAgent": "W", "protocolVersion": 2},
        {"request": "outbound.getCallResult", "data": "6", "userAgent": "W", "protocolVersion": 2},
    ],
)
def test_bad_call_result_envelopes(raw: object) -> None:
    with pytest.raises(WireFormatError):
        read_call_result(raw)  # type: ignore[arg-type]


def records_envelope(*records: object) -> dict[str, object]:
    return {
        "request": "outbound.getChainedRecords",
        "data": [{"records": list(records)}],
        "userAgent": "W",
        "protocolVersion": 2,
    }


GOOD_RECORD = {"GSW_RECORD_HANDLE": 1, "GSW_CHAIN_ID": 2, "GSW_PHONE": "+1"}


@pytest.mark.parametrize(
    "envelope",
    [
        records_envelope(),
        records_envelope({"GSW_CHAIN_ID": 2, "GSW_PHONE": "+1"}),
        records_envelope({**GOOD_RECORD, "GSW_PHONE_TYPE": 12}),
        records_envelope({**GOOD_RECORD, "GSW_CALL_RESULT": "twenty-eight"}),
        records_envelope({**GOOD_RECORD, "GSW_FROM": "0.0"}),
        records_envelope({**GOOD_RECORD, "GSW_FROM": " 0"}),
        records_envelope({**GOOD_RECORD, "GSW_APPLICATION_ID": "-1"}),
        records_envelope({**GOOD_RECORD, "GSW_ATTEMPTS": 1.0}),
        records_envelope({**GOOD_RECORD, "Custom_X": {"nested": 1}}),
        records_envelope(GOOD_RECORD, {**GOOD_RECORD, "GSW_PHONE": "+2"}),
        records_envelope(GOOD_RECORD, {**GOOD_RECORD, "GSW_RECORD_HANDLE": 7, "GSW_CHAIN_ID": 9}),
        records_envelope([1]),
        {
            "request": "outbound.getChainedRecords",
            "data": [{"records": [GOOD_RECORD], "x": 1}],
            "userAgent": "W",
            "protocolVersion": 2,
        },
        {
            "request": "outbound.getChainedRecords",
            "data": {"records": []},
            "userAgent": "W",
            "protocolVersion": 2,
        },
    ],
)
def test_bad_chained_records(envelope: dict[str, object]) -> None:
    with pytest.raises(WireFormatError) as caught:
        read_chained_records(envelope)
    assert caught.value.details.get("path", "").startswith("$")


@pytest.mark.parametrize(
    "field",
    [
        {"name": "A", "valueType": "string"},
        {"name": "A", "fieldType": "time", "type": "date", "valueType": "string"},
        {"name": "A", "fieldType": "time", "valueType": "number"},
        {"name": "A", "fieldType": "time", "valueType": "string", "isEditable": "true"},
        {"name": "A", "fieldType": "enum", "valueType": "number", "options": {"x": "y"}},
        {"name": "A", "fieldType": "enum", "valueType": "number", "options": [["1", "y"]]},
        {"name": "A", "fieldType": "enum", "valueType": "string", "options": {"x": 1}},
        {"name": "A", "fieldType": "char", "valueType": "string", "value": [1]},
        {"name": 3, "fieldType": "char", "valueType": "string"},
        {"fieldType": "char", "valueType": "string"},
        "field",
    ],
)
def test_bad_fields(field: object) -> None:
    with pytest.raises(WireFormatError):
        read_record_fields([field])


def test_fields_both_type_keys_agreeing_and_unknown_keys_kept() -> None:
    (spec,) = read_record_fields(
        [
            {
                "name": "A",
                "fieldType": "char",
                "type": "char",
                "valueType": "string",
                "hint": {"x": 1},
            }
        ]
    )
    assert spec.field_type is FieldType.CHAR
    assert spec.extra == {"hint": {"x": 1}}
    assert write_record_fields([spec])["data"][0]["hint"] == {"x": 1}
    with pytest.raises(WireFormatError, match="twice"):
        read_record_fields([{"name": "A", "fieldType": "char", "valueType": "string"}] * 2)


# Round trips -------------------------------------------------------------------------------


@given(st.lists(chains(), max_size=3))
def test_chains_round_trip_through_the_wire(values: list[Chain]) -> None:
    text = json.dumps(write_chained_records(values))
    assert read_chained_records(text) == tuple(values)
    assert read_chained_records(text, lenient=True) == tuple(values)


@given(chains())
def test_records_decode_then_encode_unchanged(chain: Chain) -> None:
    for record in chain:
        wire = encode_record(record)
        again = decode_record(wire)
        assert again == record
        assert list(encode_record(again).items()) == list(wire.items())


@given(st.lists(field_specs(), max_size=4, unique_by=lambda s: s.name))
def test_specs_round_trip_through_the_wire(specs: list[FieldSpec]) -> None:
    # None and an absent value are one: a spec with value None round-trips.
    text = json.dumps(write_record_fields(specs))
    assert read_record_fields(text) == tuple(specs)


# The lenient reader ------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values, st.sampled_from([None, 2]))
def test_lenient_reads_json_like_json(value: object, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    assert read_lenient(text) == json.loads(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{a: 1\n b: 'x'}", {"a": 1, "b": "x"}),
        ("{a: 1,\n}", {"a": 1}),
        ("[1,\n2\n3,]", [1, 2, 3]),
        ("{\"a b\": 'it\\'s'}", {"a b": "it's"}),
        ("{$x_1: -0.5e3}", {"$x_1": -500.0}),
        ("  [ ]  ", []),
    ],
)
def test_lenient_liberties(text: str, expected: object) -> None:
    assert read_lenient(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("{a: 1 b: 2}", 1, 7),
        ("[1 2]", 1, 4),
        ("{a: 1,, b: 2}", 1, 7),
        ("[, 1]", 1, 2),
        ("{a: 1\na: 2}", 2, 1),
        ("{a: undefined}", 1, 5),
        ("{a: NaN}", 1, 5),
        ("[Infinity]", 1, 2),
        ("{a: 1} x", 1, 8),
        ("{a: 1", 1, 1),
        ("{a: 'x\ny'}", 1, 7),
        ('{a: "x', 1, 5),
        ("{a: 01}", 1, 6),
        ("{a: 12abc}", 1, 7),
        ("{a-b: 1}", 1, 3),
        ("{a 1}", 1, 4),
        ("// c\n1", 1, 1),
        ("[1e999]", 1, 2),
        ("", 1, 1),
        ("{'a': '\\q'}", 1, 8),
    ],
)
def test_lenient_refuses_ambiguity_with_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(WireFormatError) as caught:
        read_lenient(text)
    assert (caught.value.details["line"], caught.value.details["column"]) == (line, column)
    assert str(caught.value).startswith(f"line {line}, column {column}:")


def test_lenient_depth_and_size_limits() -> None:
    with pytest.raises(WireFormatError, match="deeper"):
        read_lenient("[" * 5000 + "]" * 5000)
    with pytest.raises(WireFormatError, match="characters"):
        read_lenient("9" * 5000)
    with pytest.raises(WireFormatError):
        load_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(WireFormatError):
        load_text("9" * 5000)
    with pytest.raises(WireFormatError):
        load_text("[NaN]")
    with pytest.raises(WireFormatError):
        load_text(b"\xff\xfe")
    with pytest.raises(WireFormatError):
        read_lenient(b"\xff")
    with pytest.raises(WireFormatError):
        read_lenient(5)  # type: ignore[arg-type]


# Fuzzing: nothing but WireFormatError escapes ----------------------------------------------

READERS = [
    read_call_results,
    read_call_result,
    read_chained_records,
    read_record_fields,
    read_envelope,
]


@given(st.text(max_size=80), st.booleans())
def test_fuzz_text(text: str, lenient: bool) -> None:
    for reader in READERS:
        with contextlib.suppress(WireFormatError):
            reader(text, lenient=lenient)
    with contextlib.suppress(WireFormatError):
        UpdateRecordFieldsRequest.read(text)


SEED_TEXTS = [
    fixture(n)
    for n in (
        "getChainedRecords.txt",
        "getRecordFields.txt",
        "getListOfCallResults.txt",
        "getCallResult.txt",
        "updateRecordFields.request.txt",
    )
]


@given(st.sampled_from(SEED_TEXTS), st.data())
def test_fuzz_truncated_and_mutated_samples(text: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.text(max_size=3))
    mutated = text[:cut] + insert + text[cut + data.draw(st.integers(0, 3)) :]
    for reader in READERS:
        for lenient in (False, True):
            with contextlib.suppress(WireFormatError):
                reader(mutated, lenient=lenient)
    with contextlib.suppress(WireFormatError):
        UpdateRecordFieldsRequest.read(mutated)


garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.sampled_from(
        [
            "outbound.getChainedRecords",
            "outbound.getRecordFields",
            "outbound.getCallResult",
            "GSW_RECORD_HANDLE",
            "records",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "request",
                    "data",
                    "userAgent",
                    "protocolVersion",
                    "records",
                    "name",
                    "fieldType",
                    "type",
                    "valueType",
                    "options",
                    "GSW_RECORD_HANDLE",
                    "GSW_CHAIN_ID",
                    "GSW_PHONE",
                    "Custom_X",
                ]
            )
            | st.text(max_size=4),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@given(garbage)
def test_fuzz_structures(value: object) -> None:
    for reader in [*READERS, UpdateRecordFieldsRequest.read]:
        with contextlib.suppress(WireFormatError):
            reader(value)  # type: ignore[operator]
    with contextlib.suppress(WireFormatError):
        decode_record(value)


@given(
    st.fixed_dictionaries(
        {
            "request": st.just("outbound.getChainedRecords"),
            "userAgent": st.just("W"),
            "protocolVersion": st.just(2),
            "data": st.lists(
                st.fixed_dictionaries(
                    {
                        "records": st.lists(
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "GSW_RECORD_HANDLE": garbage,
                                    "GSW_CHAIN_ID": garbage,
                                    "GSW_PHONE": garbage,
                                    "GSW_FROM": garbage,
                                    "GSW_PHONE_TYPE": garbage,
                                    "Custom_A": garbage,
                                    "IW_B": garbage,
                                },
                            ),
                            max_size=3,
                        )
                    }
                ),
                max_size=2,
            ),
        }
    )
)
def test_fuzz_records_near_the_real_shape(envelope: dict[str, object]) -> None:
    with contextlib.suppress(WireFormatError):
        read_chained_records(envelope)


def test_a_bad_record_deep_in_a_response_is_named_by_its_path() -> None:
    good = {"GSW_RECORD_HANDLE": 1, "GSW_CHAIN_ID": 3, "GSW_PHONE": "+1"}
    bad = {"GSW_RECORD_HANDLE": 2, "GSW_CHAIN_ID": 3, "GSW_PHONE": 5}
    data = [{"records": [good]}, {"records": [dict(good, GSW_CHAIN_ID=4), bad]}]
    envelope = {"request": "outbound.getChainedRecords", "data": data}
    text = json.dumps(envelope | {"userAgent": "WWE Server", "protocolVersion": 2})
    with pytest.raises(WireFormatError) as caught:
        read_chained_records(text)
    assert caught.value.details == {"path": "$.data[1].records[1]", "value": "5"}
    assert str(caught.value).startswith("$.data[1].records[1]: record phone [GSW_PHONE]")


def test_records_with_non_string_keys_take_the_keyword_path_and_are_refused() -> None:
    from outbound_core.wire._records import decode_record

    raw = {"GSW_RECORD_HANDLE": 1, "GSW_CHAIN_ID": 3, "GSW_PHONE": "+1", 7: "x"}
    with pytest.raises(WireFormatError, match="not an unknown Genesys key"):
        decode_record(raw)
    assert (
        decode_record({"GSW_RECORD_HANDLE": 1, "GSW_CHAIN_ID": 3, "GSW_PHONE": "+1"}).phone == "+1"
    )
    with pytest.raises(WireFormatError, match="lacks GSW_CHAIN_ID"):
        decode_record({"GSW_RECORD_HANDLE": 1, "GSW_PHONE": "+1", 8: 1})
    with pytest.raises(WireFormatError, match="not a PhoneType code"):
        decode_record(
            {"GSW_RECORD_HANDLE": 1, "GSW_CHAIN_ID": 3, "GSW_PHONE": "+1", "GSW_PHONE_TYPE": 12}
        )


_ANY_VALUE = (
    st.none()
    | st.booleans()
    | st.integers(-(2**32), 2**32)
    | st.sampled_from([0, 1, 86399, 86400, 2**31 - 1, 2**31, -1])
    | st.text(max_size=3)
    | st.floats(allow_nan=True)
    | st.sampled_from(["0", "1", "-1", "+5", "007", "86399", "86400", "2147483648", "1.0", " 1"])
    | st.integers(-(2**32), 2**32).map(str)
)


@given(
    st.fixed_dictionaries(
        {
            "GSW_RECORD_HANDLE": st.integers(0, 2**31 - 1) | _ANY_VALUE,
            "GSW_CHAIN_ID": st.integers(0, 2**31 - 1),
            "GSW_PHONE": st.sampled_from(["+33647005", " ", ""]) | _ANY_VALUE,
        },
        optional=dict.fromkeys(["GSW_ATTEMPTS", "GSW_TZ_OFFSET", "GSW_FROM", "GSW_UNTIL", "GSW_TZ_NAME", "GSW_PHONE_TYPE", "GSW_CALL_RESULT", "GSW_REFERENCE_ID", "Custom_A", "IW_Extra"], _ANY_VALUE),
    )
)  # fmt: skip
def test_the_generated_builder_accepts_exactly_what_record_accepts(raw: dict[str, object]) -> None:
    from outbound_core.wire._records import _BadCode, _MissingKey, _slow_builder, decode_record

    try:
        expected: object = _slow_builder(dict(raw), tuple(raw))
    except (_MissingKey, _BadCode, InvalidValue):
        expected = "refused"
    try:
        got: object = decode_record(raw)
    except WireFormatError:
        got = "refused"
    assert got == expected
    if isinstance(got, Record):
        wire = encode_record(got)
        assert decode_record(wire) == got
        for key, text in got.number_texts.items():  # numbers that came as text go back as text
            assert wire[key] == raw[key] == text


def test_console_dump_text_read_strictly_points_to_lenient() -> None:
    text = fixture("getChainedRecords.txt")
    with pytest.raises(WireFormatError) as caught:
        read_chained_records(text)
    assert "console-dump notation" in caught.value.message
    assert "lenient=True reads" in caught.value.message
    assert caught.value.details["lenient_reads"] is True
    assert caught.value.details["line"] == 7
    assert read_chained_records(text, lenient=True)
    with pytest.raises(WireFormatError) as caught:
        read_chained_records("{not: [json")  # neither reader reads it: no hint
    assert "lenient" not in caught.value.message
