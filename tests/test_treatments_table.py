"""Treatment actions, intervals and tables: names, the loader's checks, hostile JSON."""

from __future__ import annotations

import contextlib
import json
import pickle
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import treatment_tables

from outbound_core.codes import CallResult
from outbound_core.errors import InvalidValue, OutboundError, WireFormatError
from outbound_core.treatments import (
    TREATMENT_KEYS,
    ApplyTo,
    CallAction,
    RecordAction,
    Treatment,
    TreatmentTable,
    format_interval,
    parse_interval,
    shipped_treatments,
)

# Actions and their sources.


@pytest.mark.parametrize(
    ("spelling", "action"),
    [
        ("Redial", RecordAction.REDIAL),
        ("retry in", RecordAction.RETRY_IN),
        ("Retry At Specified Date", RecordAction.RETRY_AT_SPECIFIED_DATE),
        ("retry-at-date", RecordAction.RETRY_AT_SPECIFIED_DATE),
        ("NEXT_IN_CHAIN_AFTER", RecordAction.NEXT_IN_CHAIN_AFTER),
        ("Next in chain at date", RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE),
        ("CFGRACCycle", RecordAction.REDIAL),
        ("MarkAllChain", RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN),
        ("AssignToGroup", RecordAction.ASSIGN_TO_GROUP),
        ("No Treatment", RecordAction.NO_TREATMENT),
        ("cancel-record", RecordAction.CANCEL_RECORD),
        (RecordAction.REDIAL, RecordAction.REDIAL),
    ],
)
def test_record_actions_read_every_spelling(spelling: object, action: RecordAction) -> None:
    assert RecordAction.parse(spelling) is action
    assert RecordAction.parse(action.label) is action
    assert RecordAction.parse(action.value) is action


@pytest.mark.parametrize(
    ("spelling", "action"),
    [("drop", CallAction.DROP), ("Connect", CallAction.CONNECT), ("transfer", CallAction.CONNECT)],
)
def test_call_actions(spelling: str, action: CallAction) -> None:
    assert CallAction.parse(spelling) is action


@pytest.mark.parametrize("bad", ["Redail", "", "drop", 3, None, True, ["Redial"]])
def test_unknown_record_actions_are_refused(bad: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        RecordAction.parse(bad)
    assert caught.value.code in ("unknown-treatment-action", "wrong-type")


def test_redail_suggests_redial() -> None:
    with pytest.raises(InvalidValue) as caught:
        RecordAction.parse("Redail")
    assert "Redial" in caught.value.details["suggestions"]


def test_three_actions_are_only_recalled_and_the_others_cite_a_genesys_page() -> None:
    recalled = {a for a in RecordAction if not a.confirmed}
    assert recalled == {
        RecordAction.NO_TREATMENT,
        RecordAction.UPDATE_ALL_RECORDS_IN_CHAIN,
        RecordAction.CANCEL_RECORD,
    }
    for action in RecordAction:
        assert ("[RECALL]" in action.source) is (action in recalled)
        if action.confirmed:
            assert "https://docs.genesys.com/" in action.source


def test_apply_to() -> None:
    assert ApplyTo.parse(" Call ") is ApplyTo.CALL
    with pytest.raises(InvalidValue):
        ApplyTo.parse("chain")


# Intervals.


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("0:00:10", timedelta(minutes=10)),
        ("3:00:00", timedelta(days=3)),
        ("1:2:30", timedelta(days=1, hours=2, minutes=30)),
        ("365:23:59", timedelta(days=365, hours=23, minutes=59)),
    ],
)
def test_intervals(text: str, interval: timedelta) -> None:
    assert parse_interval(text) == interval
    assert parse_interval(format_interval(interval)) == interval


@pytest.mark.parametrize(
    "bad", ["10", "0:10", "0:24:00", "0:00:60", "366:00:00", "-1:00:00", "1:00:00:00", "", "a:b:c"]
)
def test_bad_intervals(bad: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_interval(bad)
    assert caught.value.code == "invalid-duration"


@given(st.integers(0, 365 * 24 * 60 + 23 * 60 + 59))
def test_interval_text_round_trips(minutes: int) -> None:
    interval = timedelta(minutes=minutes)
    assert parse_interval(format_interval(interval)) == interval


# The loader: every refusal names the treatment and the parameter.

BUSY_REDIAL = {
    "call_result": "Busy",
    "action": "Redial",
    "cycle_attempt": 3,
    "interval": "0:00:10",
    "increment": 5,
}


def step(number: int, **more: Any) -> dict[str, Any]:
    return {**BUSY_REDIAL, "number_in_sequence": number, **more}


REFUSALS = [
    # (table, index, parameter, words in the message)
    ([step(1), step(2), step(4)], 2, "number_in_sequence", "no step 3"),
    ([step(2), step(3)], 0, "number_in_sequence", "no step 1"),
    ([step(1), step(1)], 1, "number_in_sequence", "already treatments[0]"),
    (
        [
            step(1, action="Next In Chain", increment=0),
            step(2),
        ],
        1,
        "number_in_sequence",
        "Next-in-Chain step must be the last",
    ),
    (
        [
            {"call_result": "Busy", "action": "No Treatment", "number_in_sequence": 1},
            step(2),
        ],
        1,
        "number_in_sequence",
        "finalizes the chain",
    ),
    (
        [{"call_result": "Busy", "apply_to": "call", "action": "Drop"}],
        0,
        "apply_to",
        "answers only",
    ),
    (
        [{"call_result": 9, "apply_to": "call", "action": "Drop", "number_in_sequence": 2}],
        0,
        "number_in_sequence",
        "cannot be sequenced",
    ),
    (
        [
            {"call_result": 9, "apply_to": "call", "action": "Drop"},
            {"call_result": 9, "apply_to": "call", "action": "Connect", "destination_dn": "7001"},
        ],
        1,
        "apply_to",
        "second Apply-to-Call",
    ),
    (
        [{"call_result": "Busy", "action": "Redial", "cycle_attempt": 2}],
        0,
        "interval",
        "needs interval",
    ),
    (
        [{"call_result": "Busy", "action": "Redial", "interval": "0:00:10"}],
        0,
        "cycle_attempt",
        "needs cycle_attempt",
    ),
    (
        [{"call_result": "Busy", "action": "Retry At Specified Date", "interval": "0:00:10"}],
        0,
        "date",
        "needs date",
    ),
    (
        [
            {
                "call_result": "Busy",
                "action": "Retry At Specified Date",
                "date": "01/05/2027 10:00",
                "interval": "0:00:10",
            }
        ],
        0,
        "interval",
        "does not take interval",
    ),
    (
        [{"call_result": "Busy", "action": "Retry At Specified Date", "date": "2027-01-05 10:00"}],
        0,
        "date",
        "MM/DD/YYYY HH:MM",
    ),
    (
        [{"call_result": 9, "apply_to": "call", "action": "Drop", "destination_dn": "7001"}],
        0,
        "destination_dn",
        "does not take destination_dn",
    ),
    ([step(1, destination_dn="7001")], 0, "destination_dn", "does not take"),
    ([step(1, action="Redail")], 0, "action", "did you mean"),
    ([step(1, action=None)], 0, "action", "missing"),
    ([step(1, colour="red")], 0, "colour", "unknown key"),
    ([{"action": "Redial"}], 0, "call_result", "missing"),
    ([step(1, call_result="Bussy")], 0, "call_result", "not a call result"),
    (
        [
            {
                "call_result": "Agent CallBack Error",
                "action": "Next In Chain",
                "cycle_attempt": 1,
                "interval": "0:00:00",
            }
        ],
        0,
        "action",
        "cannot answer Agent CallBack Error",
    ),
    ([step(1, cycle_attempt=0)], 0, "cycle_attempt", "more than 0"),
    ([step(1, cycle_attempt=10**30)], 0, "cycle_attempt", "outside"),
    ([step(1, cycle_attempt=True)], 0, "cycle_attempt", "whole number"),
    ([step(1, cycle_attempt="3")], 0, "cycle_attempt", "whole number"),
    ([step(1, increment=-5)], 0, "increment", "outside"),
    ([step(1, increment=2.5)], 0, "increment", "whole number"),
    ([step(1, interval="0:25:00")], 0, "interval", "24"[:0] + "more than 23"),
    ([step(1, interval=10)], 0, "interval", "D:H:M"),
    ([step(1, number_in_sequence=0)], 0, "number_in_sequence", "outside"),
    ([step(1, name="")], 0, "name", "not blank"),
    ([step(1, apply_to="chain")], 0, "apply_to", "'record' or 'call'"),
    ([step(1), "Busy"], 1, "treatment", "expected an object"),
    ([step(1), None], 1, "treatment", "expected an object"),
    (
        [{"call_result": "Fax Detected", "apply_to": "call", "action": "Redial"}],
        0,
        "action",
        "not a call treatment action",
    ),
]


@pytest.mark.parametrize(("table", "index", "parameter", "words"), REFUSALS)
def test_each_refusal_names_the_treatment_and_the_parameter(
    table: list[Any], index: int, parameter: str, words: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        TreatmentTable.from_json(json.dumps(table))
    error = caught.value
    assert error.code == "invalid-treatment", error
    assert error.details["treatment"] == index, error
    assert error.details["parameter"] == parameter, error
    assert error.message.startswith(f"treatments[{index}]"), error
    assert f": {parameter}: " in error.message
    assert words in error.message, error.message


def test_every_unreachable_step_is_named() -> None:
    with pytest.raises(InvalidValue) as caught:
        TreatmentTable.from_json(json.dumps([step(1), step(3), step(4), step(6)]))
    assert caught.value.details["unreachable"] == [1, 2, 3]
    assert caught.value.details["missing_step"] == 2
    assert "treatments[1] (step 3), treatments[2] (step 4), treatments[3] (step 6)" in str(
        caught.value
    )


def test_a_refusal_names_the_call_result_by_its_label() -> None:
    with pytest.raises(InvalidValue) as caught:
        TreatmentTable.from_json(json.dumps([step(1, call_result=6, interval="x")]))
    assert caught.value.details["call_result"] == "Busy"
    assert "treatments[0] (Busy): interval:" in str(caught.value)


def test_a_treatment_built_directly_is_checked_too() -> None:
    with pytest.raises(InvalidValue) as caught:
        Treatment(CallResult.BUSY, RecordAction.REDIAL, interval=timedelta(minutes=5))
    assert caught.value.details["parameter"] == "cycle_attempt"
    assert caught.value.details["treatment"] is None
    with pytest.raises(InvalidValue):
        TreatmentTable((BUSY_REDIAL,))  # type: ignore[arg-type]


def test_connect_without_a_destination_loads() -> None:
    table = TreatmentTable.from_json(
        '[{"call_result": 9, "apply_to": "call", "action": "Connect"}]'
    )
    treatment = table.call_treatment(CallResult.ANSWERING_MACHINE)
    assert treatment is not None
    assert treatment.destination_dn is None
    assert table.sequence(CallResult.ANSWERING_MACHINE) == ()


def test_sequences_are_in_step_order_whatever_the_list_order() -> None:
    table = TreatmentTable.from_json(
        json.dumps([step(3), step(1), step(2, action="Retry In", cycle_attempt=None)])
    )
    assert [t.number_in_sequence for t in table.sequence(CallResult.BUSY)] == [1, 2, 3]
    assert table.sequence(CallResult.NO_ANSWER) == ()


def test_dates_are_wall_clock_or_instants() -> None:
    table = TreatmentTable.from_json(
        json.dumps(
            [
                {"call_result": 6, "action": "Retry At Specified Date", "date": "01/05/2027 10:00"},
                {
                    "call_result": 7,
                    "action": "Retry At Specified Date",
                    "date": "2027-01-05T10:00:00+01:00",
                },
            ]
        )
    )
    naive = table.sequence(CallResult.BUSY)[0].date
    aware = table.sequence(CallResult.NO_ANSWER)[0].date
    assert naive == datetime(2027, 1, 5, 10, 0)
    assert naive.tzinfo is None
    assert aware == datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


# Hostile JSON: read or refused with an OutboundError, never anything else.

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["Busy", "Redial", "0:00:10", "call", "record", "Next In Chain", 9, 6]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from([*TREATMENT_KEYS, "x"]), inner, max_size=6)
    ),
    max_leaves=25,
)


@given(json_values)
def test_any_json_value_is_read_or_refused_cleanly(value: object) -> None:
    try:
        table = TreatmentTable.from_json(json.dumps(value))
    except OutboundError:
        return
    assert TreatmentTable.from_list(table.to_list()) == table


@settings(max_examples=max(25, settings.default.max_examples // 4))
@given(
    st.lists(st.dictionaries(st.sampled_from(TREATMENT_KEYS), json_values, max_size=8), max_size=4)
)
def test_any_list_of_objects_is_read_or_refused_cleanly(value: list[dict[str, Any]]) -> None:
    try:
        TreatmentTable.from_list(value)
    except OutboundError as error:
        assert error.code in ("invalid-treatment", "wrong-type")


@given(st.text(max_size=60) | st.binary(max_size=40))
def test_any_text_is_read_or_refused_cleanly(text: str | bytes) -> None:
    with contextlib.suppress(OutboundError):
        TreatmentTable.from_json(text)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" + "9" * 20_000 + "]",
        "[NaN]",
        '[{"call_result": Infinity}]',
        b"\xff\xfe[",
        "",
        "{}",
        '{"treatments": []}',
        "null",
        json.dumps([step(1, cycle_attempt=1e308)]),
        json.dumps([{**step(1), "interval": "0:00:1" + "0" * 5000}]),
    ],
)
def test_hostile_texts(text: str | bytes) -> None:
    with pytest.raises(OutboundError):
        TreatmentTable.from_json(text)


def test_a_byte_order_mark_is_read() -> None:
    assert TreatmentTable.from_json("\ufeff[]") == TreatmentTable()
    assert TreatmentTable.from_json("\ufeff[]".encode()) == TreatmentTable()


def test_a_refused_table_is_a_wire_error_only_when_it_is_not_json() -> None:
    with pytest.raises(WireFormatError) as caught:
        TreatmentTable.from_json('[{"call_result": 6,}]')
    assert caught.value.details["line"] == 1


# Round trips.


@given(treatment_tables())
def test_tables_round_trip_through_json_dicts_and_pickle(table: TreatmentTable) -> None:
    assert TreatmentTable.from_json(json.dumps(table.to_list())) == table
    assert TreatmentTable.from_dict(table.to_dict()) == table
    again = pickle.loads(pickle.dumps(table))
    assert again == table
    for result in CallResult:
        assert again.sequence(result) == table.sequence(result)
        assert again.call_treatment(result) == table.call_treatment(result)


# The shipped table.


def test_the_shipped_table_loads_and_covers_the_day() -> None:
    table = shipped_treatments()
    busy = table.sequence(CallResult.BUSY)
    assert [t.action for t in busy] == [RecordAction.REDIAL, RecordAction.NEXT_IN_CHAIN]
    assert [busy[0].wait(k) for k in (1, 2, 3)] == [timedelta(minutes=m) for m in (10, 15, 20)]
    machine = table.call_treatment(CallResult.ANSWERING_MACHINE)
    assert machine is not None
    assert machine.action is CallAction.DROP
    assert table.sequence(CallResult.ANSWERING_MACHINE)[0].action is RecordAction.RETRY_IN
    assert table.sequence(CallResult.ABANDONED)[0].interval == timedelta(hours=72)
    assert table.sequence(CallResult.WRONG_NUMBER)[0].action is RecordAction.NEXT_IN_CHAIN
    assert table.sequence(CallResult.ANSWER) == ()
    for treatment in table.treatments:
        assert treatment.name, treatment


def test_the_concept_pages_examples_run() -> None:
    import doctest
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "treatments.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 4
    globs: dict[str, object] = {}
    for block in blocks:  # the blocks build on each other, as a reader runs them
        test = doctest.DocTestParser().get_doctest(block, globs, "treatments.md", None, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, clear_globs=False)
        assert runner.summarize(verbose=False).failed == 0
        globs = test.globs


def test_the_shipped_table_is_the_documented_one() -> None:
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "treatments.md"
    text = page.read_text(encoding="utf-8").split("## The shipped table")[1]
    documented = {int(n) for n in re.findall(r"\((\d+)\)", text.split("Every other")[0])}
    assert documented == {int(r) for r in shipped_treatments().call_results}
