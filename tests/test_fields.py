"""Field specs and the rules of updateRecordFields (seed 002)."""

from __future__ import annotations

import math
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import clock_texts, date_texts, field_specs, junk

from outbound_core.errors import ErrorCode, FieldValidationError, InvalidValue
from outbound_core.records.fields import (
    COMPATIBLE_VALUE_TYPES,
    EDITABLE_SYSTEM_FIELDS,
    FieldSet,
    FieldSpec,
    FieldType,
    ValueType,
    is_read_only_system_field,
    validate_update,
)
from outbound_core.timing.clock import clock_to_seconds, seconds_to_clock


def spec(field_type: str, value_type: str, **kw: object) -> FieldSpec:
    kw.setdefault("editable", True)
    if field_type == "enum" and "options" not in kw:
        keys = (1, 2, 9) if value_type == "number" else ("a", "b")
        kw["options"] = tuple((k, f"label {k}") for k in keys)
    return FieldSpec("Custom_F", field_type, value_type, **kw)  # type: ignore[arg-type]


def problem(field_spec: FieldSpec, value: object) -> str | None:
    """The code of the problem validating {name: value}, or None when it passes."""
    try:
        validate_update([field_spec], {field_spec.name: value})
    except FieldValidationError as error:
        (only,) = error.details["problems"]
        return str(only["code"])
    return None


# The full matrix: field type x value type x good and bad values, with the expected code.
MATRIX = [
    # (field type, value type, value, expected problem code or None, normalized when good)
    ("int", "number", 42, None, 42),
    ("int", "number", -(2**31), None, -(2**31)),
    ("int", "number", 2**31 - 1, None, 2**31 - 1),
    ("int", "number", 2**31, "field-type", None),
    ("int", "number", -(2**31) - 1, "field-type", None),
    ("int", "number", 10**400, "field-type", None),
    ("int", "number", 4.5, "field-type", None),
    ("int", "number", True, "field-value-type", None),
    ("int", "number", "42", "field-value-type", None),
    ("int", "string", "+042", None, "42"),
    ("int", "string", "-7", None, "-7"),
    ("int", "string", "2147483648", "field-type", None),
    ("int", "string", "4.5", "field-type", None),
    ("int", "string", " 4", "field-type", None),
    ("int", "string", "", "field-type", None),
    ("int", "string", 42, "field-value-type", None),
    ("float", "number", 16.64, None, 16.64),
    ("float", "number", 16, None, 16.0),
    ("float", "number", math.nan, "field-type", None),
    ("float", "number", math.inf, "field-type", None),
    ("float", "number", 10**400, "field-type", None),
    ("float", "number", False, "field-value-type", None),
    ("float", "number", "16.64", "field-value-type", None),
    ("float", "string", "16.64", None, "16.64"),
    ("float", "string", "-1e3", None, "-1e3"),
    ("float", "string", "nan", "field-type", None),
    ("float", "string", "inf", "field-type", None),
    ("float", "string", "1e999", "field-type", None),
    ("float", "string", "1_000", "field-type", None),
    ("float", "string", 16.64, "field-value-type", None),
    ("char", "string", "c", None, "c"),
    ("char", "string", "cc", "field-type", None),
    ("char", "string", "", "field-type", None),
    ("char", "string", 7, "field-value-type", None),
    ("var-char", "string", "Custom message", None, "Custom message"),
    ("var-char", "string", "", None, ""),
    ("var-char", "string", "x" * 100_000, None, "x" * 100_000),
    ("var-char", "string", 3, "field-value-type", None),
    ("var-char", "string", None, None, None),
    ("date", "string", "05/27/2021 10:55", None, "05/27/2021 10:55"),
    ("date", "string", "02/29/2024 00:00", None, "02/29/2024 00:00"),
    ("date", "string", "02/29/2023 00:00", "field-type", None),
    ("date", "string", "02/30/2024 10:00", "field-type", None),
    ("date", "string", "13/01/2024 10:00", "field-type", None),
    ("date", "string", "01/01/2024 24:00", "field-type", None),
    ("date", "string", "01/01/0000 10:00", "field-type", None),
    ("date", "string", "2021-03-17 14:42:39", "field-type", None),
    ("date", "string", "5/27/2021 10:55", "field-type", None),
    ("date", "string", 20210527, "field-value-type", None),
    ("time", "string", "23:45", None, "23:45"),
    ("time", "string", "10.15", None, "10:15"),
    ("time", "string", "00:00", None, "00:00"),
    ("time", "string", "24:00", "field-type", None),
    ("time", "string", "23:60", "field-type", None),
    ("time", "string", "9:15", "field-type", None),
    ("time", "string", "10:15:00", "field-type", None),
    ("time", "string", 1015, "field-value-type", None),
    ("bool", "boolean", True, None, True),
    ("bool", "boolean", False, None, False),
    ("bool", "boolean", 1, "field-value-type", None),
    ("bool", "boolean", "true", "field-value-type", None),
    ("bool", "string", "true", None, "true"),
    ("bool", "string", "false", None, "false"),
    ("bool", "string", "True", "field-type", None),
    ("bool", "string", "yes", "field-type", None),
    ("bool", "string", True, "field-value-type", None),
    ("enum", "number", 9, None, 9),
    ("enum", "number", 3, "field-not-option", None),
    ("enum", "number", 9.0, "field-not-option", None),
    ("enum", "number", True, "field-value-type", None),
    ("enum", "number", "9", "field-value-type", None),
    ("enum", "string", "a", None, "a"),
    ("enum", "string", "c", "field-not-option", None),
    ("enum", "string", 1, "field-value-type", None),
]


@pytest.mark.parametrize(("field_type", "value_type", "value", "code", "normalized"), MATRIX)
def test_matrix(
    field_type: str, value_type: str, value: object, code: str | None, normalized: object
) -> None:
    field_spec = spec(field_type, value_type)
    assert problem(field_spec, value) == code
    if code is None:
        result = validate_update([field_spec], {"Custom_F": value})
        assert result == {"Custom_F": normalized}
        assert type(result["Custom_F"]) is type(normalized)


def test_matrix_covers_every_compatible_pair() -> None:
    covered = {(ft, vt) for ft, vt, *_ in MATRIX}
    expected = {(str(ft), str(vt)) for ft, vts in COMPATIBLE_VALUE_TYPES.items() for vt in vts}
    assert covered == expected


@pytest.mark.parametrize("field_type", list(FieldType))
@pytest.mark.parametrize("value_type", list(ValueType))
def test_incompatible_pairs_are_refused_in_the_spec(
    field_type: FieldType, value_type: ValueType
) -> None:
    if value_type in COMPATIBLE_VALUE_TYPES[field_type]:
        spec(field_type, value_type)
    else:
        with pytest.raises(InvalidValue, match="cannot take"):
            spec(field_type, value_type)


def test_var_char_length_limit() -> None:
    field_spec = spec("var-char", "string", max_length=3)
    assert problem(field_spec, "abc") is None
    assert problem(field_spec, "abcd") == "field-type"


@pytest.mark.parametrize("field_type", list(FieldType))
@pytest.mark.parametrize("blank", [None, "", "   ", "\t\n"])
def test_mandatory_fields_refuse_null_and_blank(field_type: FieldType, blank: object) -> None:
    value_type = sorted(COMPATIBLE_VALUE_TYPES[field_type])[0]
    field_spec = spec(field_type, value_type, mandatory=True)
    expected = "field-mandatory" if blank is None or value_type == "string" else "field-value-type"
    assert problem(field_spec, blank) == expected


def test_non_mandatory_field_can_be_cleared() -> None:
    assert validate_update([spec("int", "number")], {"Custom_F": None}) == {"Custom_F": None}


def test_unknown_and_not_editable() -> None:
    specs = [spec("int", "number"), FieldSpec("Custom_RO", "int", "number", editable=False)]
    with pytest.raises(FieldValidationError) as caught:
        validate_update(specs, {"Custom_G": 1, "Custom_RO": 2, "Custom_F": 3})
    problems = caught.value.details["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [
        ("Custom_G", "unknown-field"),
        ("Custom_RO", "field-not-editable"),
    ]
    assert "did you mean Custom_F" in problems[0]["message"]
    assert "isEditable is false" in problems[1]["message"]
    assert caught.value.code == "field-validation"


@pytest.mark.parametrize(
    "name", ["GSW_CALL_RESULT", "GSW_RECORD_HANDLE", "GSW_ATTEMPTS", "GSW_TZ_NAME", "GSW_FOO"]
)
def test_other_system_fields_are_read_only_whatever_the_spec(name: str) -> None:
    field_spec = FieldSpec(name, "int", "number", editable=True)
    assert is_read_only_system_field(name)
    assert not field_spec.updatable
    with pytest.raises(FieldValidationError) as caught:
        validate_update([field_spec], {name: 1})
    (only,) = caught.value.details["problems"]
    assert only["code"] == "field-not-editable"
    assert "system field" in only["message"]


@pytest.mark.parametrize(
    "name", [*sorted(EDITABLE_SYSTEM_FIELDS), "GSW_CUSTOM_STRING", "GWS_FROM", "Custom_X"]
)
def test_editable_system_fields_and_custom_fields_follow_their_spec(name: str) -> None:
    assert not is_read_only_system_field(name)
    assert FieldSpec(name, "var-char", "string", editable=True).updatable
    assert not FieldSpec(name, "var-char", "string", editable=False).updatable


def test_system_read_only_message_even_when_spec_says_not_editable() -> None:
    field_spec = FieldSpec("GSW_CALL_RESULT", "int", "number", editable=False)
    with pytest.raises(FieldValidationError, match="system field"):
        validate_update([field_spec], {"GSW_CALL_RESULT": 1})


def test_update_must_be_a_mapping_and_specs_a_sequence() -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_update([spec("int", "number")], [("Custom_F", 1)])  # type: ignore[arg-type]
    assert caught.value.code == "wrong-type"
    with pytest.raises(InvalidValue):
        validate_update("Custom_F", {})  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        validate_update(42, {})  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="twice"):
        FieldSet((spec("int", "number"), spec("char", "string")))


def test_non_string_keys_are_unknown_fields() -> None:
    with pytest.raises(FieldValidationError) as caught:
        validate_update([spec("int", "number")], {1: 1, None: 2})  # type: ignore[dict-item]
    assert [p["code"] for p in caught.value.details["problems"]] == ["unknown-field"] * 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"field_type": "decimal"},
        {"value_type": "object"},
        {"field_type": 3},
        {"editable": 1},
        {"mandatory": "yes"},
        {"field_type": "enum", "options": ()},
        {"options": ((1, "one"),)},
        {"field_type": "enum", "value_type": "number", "options": (("1x", "one"),)},
        {"field_type": "enum", "value_type": "number", "options": ((True, "one"),)},
        {"field_type": "enum", "value_type": "number", "options": ((1.0, "one"),)},
        {"field_type": "enum", "value_type": "number", "options": {"99999999999": "big"}},
        {"field_type": "enum", "value_type": "number", "options": {"1": "one", 1: "uno"}},
        {"field_type": "enum", "value_type": "string", "options": {None: "none"}},
        {"field_type": "enum", "value_type": "string", "options": "ab"},
        {"field_type": "enum", "value_type": "string", "options": 5},
        {"field_type": "enum", "value_type": "string", "options": [("a", 1)]},
        {"field_type": "enum", "value_type": "string", "options": (("a", "x"), ("a", "y"))},
        {"field_type": "enum", "value_type": "string", "options": ["a"]},
        {"max_length": 0},
        {"max_length": True},
        {"display_name": 5},
        {"name": ""},
        {"name": None},
        {"extra": []},
    ],
)
def test_bad_specs(kwargs: dict[str, object]) -> None:
    base: dict[str, object] = {"name": "Custom_F", "field_type": "int", "value_type": "number"}
    with pytest.raises(InvalidValue):
        FieldSpec(**{**base, **kwargs})  # type: ignore[arg-type]


@given(field_specs())
def test_spec_round_trips_through_dicts_and_pickle(field_spec: FieldSpec) -> None:
    assert FieldSpec.from_dict(field_spec.to_dict()) == field_spec
    assert pickle.loads(pickle.dumps(field_spec)) == field_spec


@given(st.lists(field_specs(), max_size=5, unique_by=lambda s: s.name))
def test_field_set_round_trips(specs: list[FieldSpec]) -> None:
    field_set = FieldSet(tuple(specs))
    assert FieldSet.from_dict(field_set.to_dict()) == field_set
    copy = pickle.loads(pickle.dumps(field_set))
    assert copy == field_set
    assert all(name in copy for name in (s.name for s in specs))


@given(junk)
def test_from_dict_refuses_junk(data: object) -> None:
    with pytest.raises(InvalidValue):
        FieldSpec.from_dict(data)  # type: ignore[arg-type]


GOOD = {
    "int": st.integers(-(2**31), 2**31 - 1),
    "float": st.floats(allow_nan=False, allow_infinity=False),
    "char": st.characters(),
    "var-char": st.text(max_size=20),
    "date": date_texts,
    "time": clock_texts,
    "bool": st.booleans(),
}
BAD = {
    "int": st.integers(2**31, 2**64) | st.booleans() | st.text(max_size=3),
    "float": st.sampled_from([math.nan, math.inf, -math.inf]) | st.booleans() | st.text(max_size=3),
    "char": st.text(min_size=2, max_size=5) | st.integers(),
    "var-char": st.integers() | st.booleans() | st.floats(),
    "date": st.text(max_size=6) | st.integers(),
    "time": st.text(max_size=3) | st.integers() | st.sampled_from(["24:00", "12:60", "1:00"]),
    "bool": st.integers() | st.text(max_size=3),
}
KINDS = sorted(GOOD)


@st.composite
def updates(draw: st.DrawFn) -> tuple[list[FieldSpec], dict[str, object], set[str]]:
    """A field list, an update mixing good and bad values, and the names of the bad ones."""
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=10))
    specs, update, bad = [], {}, set()
    for n, kind in enumerate(kinds):
        value_type = {"int": "number", "float": "number", "bool": "boolean"}.get(kind, "string")
        name = f"Custom_{n}"
        specs.append(FieldSpec(name, kind, value_type, editable=True))
        if draw(st.booleans()):
            update[name] = draw(BAD[kind])
            bad.add(name)
        else:
            update[name] = draw(GOOD[kind])
    if draw(st.booleans()):
        update["Unknown_field"] = 1
        bad.add("Unknown_field")
    return specs, update, bad


@given(updates())
def test_validate_update_is_all_or_nothing_and_names_exactly_the_bad_fields(
    case: tuple[list[FieldSpec], dict[str, object], set[str]],
) -> None:
    specs, update, bad = case
    before = dict(update)
    try:
        result = validate_update(specs, update)
    except FieldValidationError as error:
        assert bad
        assert {p["field"] for p in error.details["problems"]} == bad
        assert len(error.details["problems"]) == len(bad)
        assert all(p["value"] is update[p["field"]] for p in error.details["problems"])
        assert all(p["code"] in set(ErrorCode) for p in error.details["problems"])
        assert repr(pickle.loads(pickle.dumps(error)).details) == repr(error.details)
    else:
        assert not bad
        assert list(result) == list(update)
    assert update == before or any(isinstance(v, float) and v != v for v in update.values())


@given(clock_texts)
def test_validated_times_read_back(text: str) -> None:
    dotted = text.replace(":", ".")
    assert validate_update([spec("time", "string")], {"Custom_F": dotted}) == {"Custom_F": text}


# Call From / Call Until conversions -------------------------------------------------------


@given(st.integers(0, 86399))
def test_seconds_to_clock_then_back(seconds: int) -> None:
    text = seconds_to_clock(seconds)
    assert clock_to_seconds(text) == seconds - seconds % 60
    assert clock_to_seconds(text, until=True) == seconds - seconds % 60 + 59
    if seconds % 60 == 0:
        assert clock_to_seconds(text) == seconds
    if seconds % 60 == 59:
        assert clock_to_seconds(text, until=True) == seconds


@given(clock_texts, st.booleans())
def test_clock_to_seconds_then_back(text: str, until: bool) -> None:
    assert seconds_to_clock(clock_to_seconds(text, until=until)) == text


def test_the_seed_calling_window() -> None:
    assert seconds_to_clock(0) == "00:00"
    assert seconds_to_clock(86399) == "23:59"
    assert clock_to_seconds("00:00") == 0
    assert clock_to_seconds("23:59", until=True) == 86399
    assert clock_to_seconds("23:59") == 86340
    assert clock_to_seconds("10.15") == 36900
    assert clock_to_seconds("23:45", until=True) == 85559


@pytest.mark.parametrize("bad", [-1, 86400, 2**70, True, 1.5, "0", None])
def test_seconds_to_clock_refuses(bad: object) -> None:
    with pytest.raises(InvalidValue):
        seconds_to_clock(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["24:00", "", "7:00", None, 700, "10:15 "])
def test_clock_to_seconds_refuses(bad: object) -> None:
    with pytest.raises(InvalidValue):
        clock_to_seconds(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("page", ["fields.md", "records.md", "wire-wwe.md"])
def test_the_concept_pages_examples_run(page: str) -> None:
    import doctest
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "concepts" / page).read_text(
        encoding="utf-8"
    )
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, {}, page, page, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0


@given(st.data())
def test_the_fast_path_agrees_with_the_full_check(data: st.DataObject) -> None:
    from outbound_core.records.field_checks import Problem, compile_check

    kind = data.draw(st.sampled_from(KINDS))
    value_type = {"int": "number", "float": "number", "bool": "boolean"}.get(kind, "string")
    if kind == "float":
        value_type = data.draw(st.sampled_from(["number", "string"]))
    spec = FieldSpec(
        "Custom_X",
        kind,
        value_type,
        editable=True,
        mandatory=data.draw(st.booleans()),
        max_length=data.draw(st.none() | st.integers(1, 4)) if kind == "var-char" else None,
    )
    value = data.draw(
        GOOD[kind] | BAD[kind] | st.none() | st.text(max_size=20) | st.floats() | st.integers()
    )
    outcomes = []
    for fast in (True, False):
        try:
            outcomes.append(("ok", compile_check(spec, fast=fast)(value)))
        except Problem as problem:
            outcomes.append(("problem", problem.code))
    if outcomes[0][0] == "ok" and isinstance(outcomes[0][1], float) and math.isnan(outcomes[0][1]):
        return
    assert outcomes[0] == outcomes[1]


# ---- options in any shape, normalized (issue 13) ---------------------------------------------


def test_options_may_be_a_mapping_or_pairs_and_are_normalized() -> None:
    phone = FieldSpec("GSW_PHONE_TYPE", "enum", "number", options={1: "Home Phone"})
    assert phone.options == ((1, "Home Phone"),)
    pairs = FieldSpec("Kind", "enum", "number", options=[[1, "Home"], ["2", "Work"], (" 3", "x")])
    assert pairs.options == ((1, "Home"), (2, "Work"), (3, "x"))
    text = FieldSpec("Colour", "enum", "string", options={1: "one", "b": "bee"})
    assert text.options == (("1", "one"), ("b", "bee"))
    assert FieldSpec("Kind", "enum", "number", options=iter([(1, "a")])).options == ((1, "a"),)
    assert phone == FieldSpec("GSW_PHONE_TYPE", "enum", "number", options=((1, "Home Phone"),))


def test_from_dict_reads_the_wire_shape_of_options() -> None:
    wire = {
        "name": "GSW_PHONE_TYPE",
        "field_type": "enum",
        "value_type": "number",
        "editable": True,
        "options": {
            "3": "Business With Extension",
            "2": "Direct Business Phone",
            "1": "Home Phone",
        },
    }
    spec = FieldSpec.from_dict(wire)
    assert spec.options == (
        (3, "Business With Extension"),
        (2, "Direct Business Phone"),
        (1, "Home Phone"),
    )
    assert FieldSpec.from_dict(spec.to_dict()) == spec
    assert FieldSet((spec,)).validate({"GSW_PHONE_TYPE": 2}) == {"GSW_PHONE_TYPE": 2}


@given(field_specs())
def test_options_normalize_to_themselves(spec: FieldSpec) -> None:
    as_mapping = dict(spec.options)
    assert attrs.evolve(spec, options=as_mapping).options == spec.options
    assert attrs.evolve(spec, options=[list(pair) for pair in spec.options]).options == spec.options


def test_field_problems_are_typed_values_and_plain_data() -> None:
    letter = FieldSpec("Letter", "char", "string", editable=True)
    specs = FieldSet([spec("int", "number"), letter])
    with pytest.raises(FieldValidationError) as caught:
        specs.validate({"Custom_F": "x", "Letter": "ab", "Nope": 1})
    error = caught.value
    problems = error.problems
    assert [(p.field, p.code) for p in problems] == [
        ("Custom_F", "field-value-type"),
        ("Letter", "field-type"),
        ("Nope", "unknown-field"),
    ]
    assert problems[1].value == "ab"
    assert "has 2 characters" in problems[1].message
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        problems[0].code = "other"  # type: ignore[misc]
    assert [p.to_dict() for p in problems] == error.details["problems"]
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == problems
    assert FieldValidationError("no problems listed").problems == ()
