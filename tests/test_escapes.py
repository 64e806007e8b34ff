"""Every escape issue 13 lists: bad input that raised a Python error instead of an `OutboundError`.

Each case here once raised `OverflowError`, `ValueError`, `RecursionError` or `TypeError`; now it
raises an `OutboundError` with a stable code. The siblings found afterwards (the same mistake
elsewhere) are here too; the fuzz suite (`test_fuzz.py`) keeps looking for more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from outbound_core import (
    CallbackType,
    CallResult,
    ChainScope,
    DialingMode,
    OutboundError,
    OutboundOptions,
    PhoneType,
    Privileges,
    Record,
    RecordStatus,
    RecordType,
    Reschedule,
    australian_national_holidays,
    callback_at,
    callback_in,
    check_callable,
    check_reschedule,
    parse_duration,
    resolve_zone,
)
from outbound_core.errors import ErrorCode, shorten
from outbound_core.timing.window import CallingWindow

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
    assert shorten([HUGE]) == "<list that cannot be shown>"
    assert "nested too deep" in shorten(_deep())

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
