"""Every escape issue 13 lists: bad input that raised a Python error instead of an `OutboundError`.

Each case here once raised `OverflowError`, `ValueError`, `RecursionError` or `TypeError`; now it
raises an `OutboundError` with a stable code. The siblings found afterwards (the same mistake
elsewhere) are here too; the fuzz suite (`test_fuzz.py`) keeps looking for more.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from outbound_core import (
    CallbackType,
    CallingHours,
    CallResult,
    ChainScope,
    DialingMode,
    FieldSet,
    FieldSpec,
    OutboundError,
    OutboundOptions,
    PhoneType,
    Privileges,
    Record,
    RecordStatus,
    RecordType,
    RecordZone,
    Reschedule,
    RingingBell,
    australian_national_holidays,
    callback_at,
    callback_in,
    calling_hours_preset,
    check_callable,
    check_reschedule,
    parse_duration,
    resolve_zone,
)
from outbound_core.commands.diagram import mermaid
from outbound_core.errors import ErrorCode, close_matches, shorten
from outbound_core.records import DoNotCallList, is_custom_key, is_read_only_system_field
from outbound_core.replay import read_steps
from outbound_core.timing.calling_hours import check_seconds
from outbound_core.timing.window import CallingWindow, Reason
from outbound_core.wire import ocs, wwe

HUGE = 10**5000


def _deep(depth: int = 10_000) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _refused(action: Callable[[], object], code: str | None = None) -> OutboundError:
    with pytest.raises(OutboundError) as caught:
        action()
    if code is not None:
        assert caught.value.code == code, caught.value
    assert str(caught.value)
    return caught.value


# ---- huge and deep values ----------------------------------------------------------------------


def test_shorten_shows_what_cannot_be_written() -> None:
    assert shorten(HUGE) == "<int of about 5001 digits>"
    assert shorten([HUGE]) == "[<int of about 5001 digits>]"
    assert shorten(_deep()) == "[[[[[...]]]]]"

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert shorten(Hostile()) == "<Hostile that cannot be shown>"


@pytest.mark.parametrize(
    "parse",
    [
        CallResult.parse,
        PhoneType.parse,
        DialingMode.parse,
        CallbackType.parse,
        RecordStatus.parse,
        RecordType.parse,
        ChainScope.parse,
    ],
)
def test_name_tables_refuse_huge_and_deep_values(parse: Callable[[object], object]) -> None:
    assert _refused(lambda: parse(HUGE)).code != ""
    _refused(lambda: parse(-HUGE))
    _refused(lambda: parse(_deep()), "wrong-type")


def test_privileges_refuse_a_deep_list() -> None:
    _refused(lambda: Privileges.from_names(_deep()), "wrong-type")
    _refused(lambda: Privileges.from_names([HUGE]), "unknown-privilege")
    _refused(lambda: Privileges.from_dict({"granted": _deep()}), "wrong-type")


def test_a_huge_offset_is_refused() -> None:
    _refused(lambda: resolve_zone(None, HUGE), "invalid-value")
    _refused(lambda: resolve_zone("UTC", -HUGE), "invalid-value")


def test_a_huge_record_handle_is_refused() -> None:
    error = _refused(lambda: Record(record_handle=HUGE, chain_id=1, phone="1"), "invalid-value")
    assert "record_handle" in str(error)


def test_a_duration_with_more_digits_than_python_writes_is_beyond_100_years() -> None:
    _refused(lambda: parse_duration("9" * 4301 + "d"), "invalid-duration")
    _refused(lambda: parse_duration("PT" + "9" * 5000 + "S"), "invalid-duration")
    assert parse_duration("0" * 5000 + "1d") == timedelta(days=1)


# ---- calendar limits ---------------------------------------------------------------------------


def test_wall_clock_times_beyond_the_calendar_are_refused() -> None:
    _refused(lambda: callback_at("12/31/9999 23:59", resolve_zone("PST")), "date-out-of-range")
    _refused(lambda: callback_at("01/01/0001 00:00", resolve_zone("JST")), "date-out-of-range")
    # The last minute UTC can write is still fine where the wall clock is behind it.
    assert callback_at("12/31/9999 23:59", resolve_zone("UTC")).text == "12/31/9999 23:59"


def test_an_instant_whose_wall_clock_is_before_year_1_is_refused() -> None:
    _refused(
        lambda: Reschedule(datetime(1, 1, 1, tzinfo=UTC), resolve_zone("PST")), "date-out-of-range"
    )
    _refused(
        lambda: Reschedule(datetime.max.replace(tzinfo=UTC), resolve_zone("JST")),
        "date-out-of-range",
    )


def test_a_horizon_past_the_end_of_the_calendar_allows_everything() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    proposed = callback_in(now, timedelta(hours=1), resolve_zone("UTC"))
    checked = check_reschedule(proposed, now=now, horizon=timedelta(days=999_999_999))
    assert checked == proposed


@pytest.mark.parametrize(
    "edge", [datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC)]
)
@pytest.mark.parametrize("zone", ["UTC", "JST"])
def test_check_callable_at_the_ends_of_the_calendar_is_refused(edge: datetime, zone: str) -> None:
    window = CallingWindow(0, 3600)
    _refused(lambda: check_callable(edge, resolve_zone(zone), window), "date-out-of-range")


def test_an_instant_that_utc_cannot_hold_is_refused() -> None:
    before_year_1 = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
    _refused(
        lambda: callback_in(before_year_1, timedelta(hours=1), resolve_zone("UTC")),
        "date-out-of-range",
    )
    _refused(lambda: check_callable(before_year_1, resolve_zone("UTC"), None), "date-out-of-range")
    _refused(lambda: resolve_zone("JST").offset_at(before_year_1), "date-out-of-range")


def test_a_sum_past_year_9999_is_refused() -> None:
    _refused(
        lambda: callback_in(
            datetime(9999, 12, 31, tzinfo=UTC), timedelta(days=2), resolve_zone("UTC")
        ),
        "date-out-of-range",
    )


# ---- unchecked arguments -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "code"),
    [
        ("2026", "wrong-type"),
        (None, "wrong-type"),
        (1.0, "wrong-type"),
        (True, "wrong-type"),
        (0, "invalid-value"),
        (-1, "invalid-value"),
        (10_000, "invalid-value"),
        (2**31, "invalid-value"),
        (HUGE, "invalid-value"),
    ],
    ids=["str", "None", "float", "bool", "0", "-1", "10000", "2**31", "10**5000"],
)
def test_holidays_need_a_year_of_the_calendar(year: object, code: str) -> None:
    _refused(lambda: australian_national_holidays(year), code)  # type: ignore[arg-type]


def test_holidays_at_the_ends_of_the_calendar() -> None:
    assert len(australian_national_holidays(1)) == 7
    assert len(australian_national_holidays(9999)) == 7


@pytest.mark.parametrize(
    "values", [5, 2.5, None, object(), [None], [_deep()], b"Busy"], ids=lambda v: type(v).__name__
)
def test_options_need_call_results(values: object) -> None:
    _refused(lambda: OutboundOptions(call_result_values=values))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "limit", ["3", 1.5, HUGE, [], True], ids=["str", "float", "huge", "list", "bool"]
)
def test_options_need_a_whole_preview_limit(limit: object) -> None:
    _refused(lambda: OutboundOptions(max_simultaneous_preview_records=limit), "invalid-option")  # type: ignore[arg-type]


def test_errors_hold_plain_data() -> None:
    error = _refused(lambda: CallResult.parse(_deep()))
    assert error.code == ErrorCode.WRONG_TYPE
    assert len(error.details["value"]) <= 60


# ---- siblings: the same mistakes elsewhere, found by looking and by test_fuzz.py ----------------

LONG = "[" * 3000
SIBLINGS: dict[str, tuple[Callable[[], object], str]] = {
    "RingingBell with a huge priority": (lambda: RingingBell("BELL", HUGE, 0), "invalid-option"),
    "RingingBell with a long sound": (lambda: RingingBell(LONG, 1, 0), "invalid-option"),
    "Record key_order not a sequence": (
        lambda: Record(record_handle=1, chain_id=1, phone="1", key_order=5),  # type: ignore[arg-type]
        "wrong-type",
    ),
    "Record custom key too long to show": (
        lambda: Record(record_handle=1, chain_id=1, phone="1", custom={LONG: [1]}),
        "invalid-value",
    ),
    "Record.from_dict with a huge code": (
        lambda: Record.from_dict(
            {"record_handle": 1, "chain_id": 1, "phone": "1", "phone_type": HUGE}
        ),
        "invalid-value",
    ),
    "Record.from_dict with long unknown keys": (
        lambda: Record.from_dict({LONG + str(n): 1 for n in range(5)}),
        "invalid-value",
    ),
    "write_call_results of a number": (lambda: wwe.write_call_results(5), "wrong-type"),  # type: ignore[arg-type]
    "read_envelope with keys of mixed types": (
        lambda: wwe.read_envelope({1: 2, "zz": 3, "request": "x", "data": None}),  # type: ignore[dict-item]
        "wire-format",
    ),
    "read_call_results with a long key": (
        lambda: wwe.read_call_results(
            wwe.write_envelope(wwe.Envelope(wwe.Method.GET_LIST_OF_CALL_RESULTS, {LONG: 99}))
        ),
        "wire-format",
    ),
    "UpdateRecordFieldsRequest of a long callee": (
        lambda: wwe.UpdateRecordFieldsRequest.read("a" * 3000 + '("1", {})'),
        "wire-format",
    ),
    "CallingHours.weekly with a huge key": (
        lambda: CallingHours.weekly("w", {HUGE: None}),  # type: ignore[dict-item]
        "invalid-window",
    ),
    "CallingHours.weekly with excluded dates not a collection": (
        lambda: CallingHours.weekly("w", {"daily": (0, 1)}, excluded_dates=5),  # type: ignore[arg-type]
        "invalid-window",
    ),
    "CallingHours.excluding a long text": (
        lambda: calling_hours_preset("canada").excluding([LONG]),
        "invalid-window",
    ),
    "CallingHours.closed_day of a list": (
        lambda: calling_hours_preset("canada").closed_day([]),  # type: ignore[arg-type]
        "wrong-type",
    ),
    "check_seconds of a huge int": (lambda: check_seconds(HUGE, "from"), "invalid-window"),
    "RecordZone with a deep source": (
        lambda: RecordZone("UTC", _deep(), "UTC", None),  # type: ignore[arg-type]
        "wrong-type",
    ),
    "Reschedule.from_dict with a huge text": (
        lambda: Reschedule.from_dict({**_RESCHEDULE.to_dict(), "text": HUGE}),
        "invalid-value",
    ),
    "check_reschedule of something else": (lambda: check_reschedule(None), "wrong-type"),  # type: ignore[arg-type]
    "check_reschedule with rules=True": (
        lambda: check_reschedule(_RESCHEDULE, rules=True),  # type: ignore[arg-type]
        "wrong-type",
    ),
    "FieldSet.validate of many unknown fields": (
        lambda: FieldSet(()).validate({LONG + str(n): n for n in range(100)}),
        "field-validation",
    ),
    "FieldSet with a long name twice": (
        lambda: FieldSet([FieldSpec(LONG, "int", "number")] * 2),
        "invalid-value",
    ),
    "call-result-values with many unknown names": (
        lambda: OutboundOptions.from_mapping(
            {"outbound.call-result-values": ",".join(["x" * 99] * 99)}
        ),
        "invalid-option",
    ),
    "read_steps in an unknown format": (lambda: list(read_steps([], "nope")), "invalid-value"),
    "read_steps of a line that is not text": (lambda: list(read_steps([None])), "wire-format"),  # type: ignore[list-item]
    "read_steps of a long event": (
        lambda: list(
            read_steps(
                ['{"seq":1,"interaction_id":"i","mode":"Preview","event":"' + "e" * 3000 + '"}']
            )
        ),
        None,
    ),
    "diagram of a long name": (lambda: mermaid(LONG), "not-found"),
    "Reason with an unknown code": (lambda: Reason("x", "why"), "invalid-value"),
    "Reason with a sentence that is not text": (lambda: Reason("outside-window", 5), "wrong-type"),  # type: ignore[arg-type]
    "request_for an unhashable action": (
        lambda: ocs.request_for({}, record_handle=1, campaign_name="c", application_id=1),  # type: ignore[arg-type]
        "invalid-value",
    ),
    "request_for a huge action": (
        lambda: ocs.request_for(HUGE, record_handle=1, campaign_name="c", application_id=1),  # type: ignore[arg-type]
        "invalid-value",
    ),
}
_RESCHEDULE = callback_in(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1), resolve_zone("UTC"))


@pytest.mark.parametrize("name", list(SIBLINGS))
def test_siblings_are_refused_with_a_short_message(name: str) -> None:
    action, code = SIBLINGS[name]
    try:
        action()
    except OutboundError as error:
        assert code is None or error.code == code, error
        assert len(error.message) <= 1000, error.message
        pickle.loads(pickle.dumps(error))
    else:
        assert code is None, f"{name} was accepted"


def test_predicates_answer_false_for_what_is_not_a_key() -> None:
    assert is_custom_key(b"x") is False  # type: ignore[arg-type]
    assert is_read_only_system_field(None) is False  # type: ignore[arg-type]
    assert DoNotCallList().blocks("+1 555", {}) is False  # type: ignore[arg-type]
    assert close_matches(HUGE, ["Busy"]) == ()
    assert close_matches(_deep(), ["Busy"]) == ()


@pytest.mark.parametrize("value", [[], {}, HUGE], ids=["list", "dict", "huge"])
def test_compiled_machines_refuse_states_and_events_that_are_not_names(value: object) -> None:
    from outbound_core.machines import MACHINES, compile_machine

    machine = compile_machine(MACHINES["preview"])
    for action in (
        lambda: machine.next(value, "call"),  # type: ignore[arg-type]
        lambda: machine.next("previewing", value),  # type: ignore[arg-type]
        lambda: machine.allows(value, "call"),  # type: ignore[arg-type]
        lambda: machine.events_from(value),  # type: ignore[arg-type]
    ):
        with pytest.raises(OutboundError):
            action()
