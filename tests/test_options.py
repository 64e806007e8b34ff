"""Workspace outbound options (seed 000): defaults, readings, and every bad value."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import call_results

from outbound_core import (
    SERVICE_CLIENT_CALL_RESULTS,
    CallResult,
    InvalidValue,
    OutboundOptions,
    RingingBell,
)
from outbound_core.options import (
    CALL_RESULT_AUTOMATICALLY_SELECTED,
    CALL_RESULT_VALUES,
    DEFAULT_CALL_RESULT_VALUES,
    MAX_SIMULTANEOUS_PREVIEW_RECORD,
    RINGING_BELL,
    TREATMENT_MODE,
    TreatmentMode,
)

SEED_EXAMPLE = "Answered, NoAnswer, AnsweringMachine, Busy, WrongNumber"


def read(**options: object) -> OutboundOptions:
    keys = {
        "values": CALL_RESULT_VALUES,
        "selected": CALL_RESULT_AUTOMATICALLY_SELECTED,
        "limit": MAX_SIMULTANEOUS_PREVIEW_RECORD,
        "bell": RINGING_BELL,
        "mode": TREATMENT_MODE,
    }
    return OutboundOptions.from_mapping({keys[k]: v for k, v in options.items()})


def test_the_seed_example_in_its_order() -> None:
    options = read(values=SEED_EXAMPLE)
    assert options.call_result_values == (
        CallResult.ANSWER,
        CallResult.NO_ANSWER,
        CallResult.ANSWERING_MACHINE,
        CallResult.BUSY,
        CallResult.WRONG_NUMBER,
    )


def test_missing_options_take_the_defaults() -> None:
    options = OutboundOptions.from_mapping({})
    assert options == OutboundOptions()
    assert options.call_result_values == DEFAULT_CALL_RESULT_VALUES
    assert options.call_result_values == SERVICE_CLIENT_CALL_RESULTS
    assert len(options.call_result_values) == 39
    assert options.call_result_automatically_selected is None
    assert options.max_simultaneous_preview_records is None
    assert options.callback_ringing_bell is None
    assert options.treatment_mode is TreatmentMode.NONE


def test_empty_values_take_the_defaults() -> None:
    assert read(values="", selected="", limit="", bell="  ", mode=" ") == OutboundOptions()


@pytest.mark.parametrize(
    ("text", "mode", "request_value"),
    [
        ("none", TreatmentMode.NONE, None),
        ("campaign", TreatmentMode.CAMPAIGN, "RecordTreatCampaign"),
        ("Personal", TreatmentMode.PERSONAL, "RecordTreatPersonal"),
        (" CAMPAIGN ", TreatmentMode.CAMPAIGN, "RecordTreatCampaign"),
    ],
)
def test_treatment_mode(text: str, mode: TreatmentMode, request_value: str | None) -> None:
    options = read(mode=text)
    assert options.treatment_mode is mode
    assert options.treatment_mode.protocol_value == request_value
    assert options.to_mapping()[TREATMENT_MODE] == mode.value


def test_other_keys_of_the_section_are_ignored() -> None:
    assert OutboundOptions.from_mapping({"voice.auto-answer": "true"}) == OutboundOptions()


def test_automatic_selection_wins_over_the_record() -> None:
    options = read(values=SEED_EXAMPLE, selected="Busy")
    assert options.preselected_call_result(CallResult.NO_ANSWER) is CallResult.BUSY
    assert options.preselected_call_result(None) is CallResult.BUSY


def test_empty_selection_means_current_or_unknown() -> None:
    options = read(values=SEED_EXAMPLE, selected="")
    assert options.preselected_call_result(CallResult.NO_ANSWER) is CallResult.NO_ANSWER
    assert options.preselected_call_result(9) is CallResult.ANSWERING_MACHINE
    assert options.preselected_call_result(None) is CallResult.UNKNOWN
    assert options.preselected_call_result(CallResult.OK) is CallResult.OK


@pytest.mark.parametrize(
    ("limit", "expected"),
    [("5", 5), (" 1 ", 1), ("0", None), ("-1", None), ("-300", None), (7, 7), (0, None)],
)
def test_preview_limit(limit: object, expected: int | None) -> None:
    assert read(limit=limit).max_simultaneous_preview_records == expected


def test_offers() -> None:
    options = read(values=SEED_EXAMPLE)
    assert options.offers("NoAnswer")
    assert options.offers(33)
    assert not options.offers(CallResult.DO_NOT_CALL)


@pytest.mark.parametrize(
    ("options", "option", "in_message"),
    [
        ({"values": "Answered, Nope, Busy"}, CALL_RESULT_VALUES, "unknown: Nope"),
        ({"values": "Answered, Nope, Busy, Nah"}, CALL_RESULT_VALUES, "unknown: Nope, Nah"),
        ({"values": "Busy,,NoAnswer"}, CALL_RESULT_VALUES, "empty entry"),
        ({"values": "Busy,"}, CALL_RESULT_VALUES, "empty entry"),
        ({"values": "Busy, busy"}, CALL_RESULT_VALUES, "listed twice: Busy"),
        ({"values": "Answered, Answer, 33"}, CALL_RESULT_VALUES, "listed twice: Answer"),
        ({"values": 6}, CALL_RESULT_VALUES, "not a string"),
        ({"values": None}, CALL_RESULT_VALUES, "not a string"),
        ({"selected": "Transferred"}, CALL_RESULT_AUTOMATICALLY_SELECTED, "not among"),
        (
            {"values": "Busy", "selected": "Silence"},
            CALL_RESULT_AUTOMATICALLY_SELECTED,
            "not among",
        ),
        ({"selected": "Nope"}, CALL_RESULT_AUTOMATICALLY_SELECTED, "Nope"),
        ({"selected": 6}, CALL_RESULT_AUTOMATICALLY_SELECTED, "not a string"),
        ({"limit": "1.5"}, MAX_SIMULTANEOUS_PREVIEW_RECORD, "not a whole number"),
        ({"limit": "five"}, MAX_SIMULTANEOUS_PREVIEW_RECORD, "not a whole number"),
        ({"limit": True}, MAX_SIMULTANEOUS_PREVIEW_RECORD, "boolean"),
        ({"limit": None}, MAX_SIMULTANEOUS_PREVIEW_RECORD, "not a whole number"),
        ({"limit": "2147483648"}, MAX_SIMULTANEOUS_PREVIEW_RECORD, "outside"),
        ({"limit": "9" * 5000}, MAX_SIMULTANEOUS_PREVIEW_RECORD, "outside"),
        ({"bell": "BELL|7"}, RINGING_BELL, "2 parts instead of 3"),
        ({"bell": "BELL|7|0|primary"}, RINGING_BELL, "4 parts instead of 3"),
        ({"bell": "GONG|7|0"}, RINGING_BELL, "neither a sound name nor a URL"),
        ({"bell": "ftp://host/ring.mp3|1|0"}, RINGING_BELL, "neither a sound name nor a URL"),
        ({"bell": "https://host/ring.wav|1|0"}, RINGING_BELL, ".mp3"),
        ({"bell": "|7|0"}, RINGING_BELL, "no sound name"),
        ({"bell": "BELL|-1|0"}, RINGING_BELL, "outside"),
        ({"bell": "BELL|7|-2"}, RINGING_BELL, "outside"),
        ({"bell": "BELL|high|0"}, RINGING_BELL, "not a whole number"),
        ({"bell": 7}, RINGING_BELL, "not a string"),
        ({"mode": "both"}, TREATMENT_MODE, "none, campaign or personal"),
        ({"mode": "RecordTreatCampaign"}, TREATMENT_MODE, "none, campaign or personal"),
        ({"mode": 1}, TREATMENT_MODE, "none, campaign or personal"),
        ({"mode": None}, TREATMENT_MODE, "none, campaign or personal"),
    ],
)
def test_bad_values_name_the_option_value_and_what_is_allowed(
    options: dict[str, object], option: str, in_message: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        read(**options)
    error = caught.value
    assert error.code == "invalid-option"
    assert error.details["option"] == option
    assert "allowed" in error.details
    assert option in str(error)
    assert in_message in str(error)


@pytest.mark.parametrize("mapping", [None, "outbound.call-result-values", [("a", "b")], 3])
def test_the_section_must_be_a_mapping(mapping: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        OutboundOptions.from_mapping(mapping)  # type: ignore[arg-type]
    assert caught.value.code == "wrong-type"


@pytest.mark.parametrize(
    ("text", "bell"),
    [
        ("BELL|7|0", RingingBell("BELL", 7, 0)),
        ("ring | 1 | -1", RingingBell("RING", 1, -1)),
        ("Chord|0|2500", RingingBell("CHORD", 0, 2500)),
        (
            "https://cdn.example.com/a/b.MP3?v=2|3|0",
            RingingBell("https://cdn.example.com/a/b.MP3?v=2", 3, 0),
        ),
    ],
)
def test_ringing_bell(text: str, bell: RingingBell) -> None:
    assert RingingBell.parse(text) == bell
    assert RingingBell.parse(str(bell)) == bell


def test_ringing_bell_meanings() -> None:
    assert RingingBell("BELL", 1, -1).repeats_until_stopped
    assert RingingBell("BELL", 1, 0).plays_once
    assert not RingingBell("BELL", 1, 10).plays_once
    assert RingingBell("http://h/x.mp3", 1, 0).is_url
    assert not RingingBell("WARNING", 1, 0).is_url


@pytest.mark.parametrize(
    "args", [("BELL", "7", 0), ("BELL", True, 0), ("BELL", 1, 1.5), ("bell", 1, 0), ("", 1, 0)]
)
def test_ringing_bell_constructor_checks_types(args: tuple[object, object, object]) -> None:
    with pytest.raises(InvalidValue):
        RingingBell(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"call_result_values": ()},
        {"call_result_values": (CallResult.BUSY, CallResult.BUSY)},
        {"call_result_values": (CallResult.BUSY,), "call_result_automatically_selected": 7},
        {"max_simultaneous_preview_records": 0},
        {"max_simultaneous_preview_records": True},
        {"callback_ringing_bell": "BELL|7|0"},
    ],
)
def test_constructor_keeps_the_invariants(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        OutboundOptions(**kwargs)  # type: ignore[arg-type]


bells = st.builds(
    RingingBell,
    st.sampled_from(["BELL", "RING", "CHORD", "WARNING", "https://example.com/x.mp3"]),
    st.integers(0, 2**31 - 1),
    st.integers(-1, 2**31 - 1),
)


@st.composite
def outbound_options(draw: st.DrawFn) -> OutboundOptions:
    values = tuple(draw(st.lists(call_results, min_size=1, max_size=8, unique=True)))
    return OutboundOptions(
        call_result_values=values,
        call_result_automatically_selected=draw(st.none() | st.sampled_from(values)),
        max_simultaneous_preview_records=draw(st.none() | st.integers(1, 2**31 - 1)),
        callback_ringing_bell=draw(st.none() | bells),
        treatment_mode=draw(st.sampled_from(list(TreatmentMode))),
    )


@given(outbound_options())
def test_round_trips(options: OutboundOptions) -> None:
    assert OutboundOptions.from_mapping(options.to_mapping()) == options
    assert OutboundOptions.from_dict(options.to_dict()) == options
    assert pickle.loads(pickle.dumps(options)) == options


@given(
    st.dictionaries(
        st.sampled_from(
            [
                CALL_RESULT_VALUES,
                CALL_RESULT_AUTOMATICALLY_SELECTED,
                MAX_SIMULTANEOUS_PREVIEW_RECORD,
                RINGING_BELL,
                TREATMENT_MODE,
            ]
        ),
        st.text(max_size=20) | st.integers() | st.none(),
    )
)
def test_any_section_is_read_or_refused_cleanly(section: dict[str, object]) -> None:
    try:
        options = OutboundOptions.from_mapping(section)
    except InvalidValue as error:
        assert error.code == "invalid-option"
        return
    assert OutboundOptions.from_mapping(options.to_mapping()) == options
