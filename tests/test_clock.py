"""The strict MM/DD/YYYY HH:MM and HH:MM readers shared by fields and reschedules."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core import InvalidValue
from outbound_core.timing.clock import format_clock, format_date_time, parse_clock, parse_date_time

minutes = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59))


def test_the_seed_sample_date() -> None:
    assert parse_date_time("05/27/2021 10:55") == datetime(2021, 5, 27, 10, 55)


@given(minutes)
def test_date_time_round_trip(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    assert parse_date_time(format_date_time(moment)) == moment


@given(st.times())
def test_clock_round_trip(moment: time) -> None:
    moment = moment.replace(second=0, microsecond=0)
    assert parse_clock(format_clock(moment)) == moment


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("13/01/2021 10:00", "month 13 does not exist"),
        ("00/01/2021 10:00", "month 00 does not exist"),
        ("02/30/2021 10:00", "February 30 does not exist in 2021"),
        ("02/29/2023 10:00", "February 29 does not exist in 2023"),
        ("04/31/2021 10:00", "April 31 does not exist"),
        ("01/00/2021 10:00", "January 0 does not exist"),
        ("01/01/2021 24:00", "24:00 is not a clock time"),
        ("01/01/2021 25:00", "hour 25 does not exist"),
        ("01/01/2021 10:60", "minute 60 does not exist"),
        ("05/27/21 10:55", "four digits"),
        ("5/27/21 10:55", "four digits"),
        ("05/27/2021 10:55 ", "text before or after"),
        ("on 05/27/2021 10:55", "text before or after"),
        ("05/27/2021 10:55:00", "text before or after"),
        ("5/27/2021 10:55", "two-digit"),
        ("2021-05-27 10:55", "two-digit"),
        ("05/27/2021 10.55", "two-digit"),
        ("", "two-digit"),
        ("01/01/0000 10:00", "year 0000"),
        ("０5/27/2021 10:55", "two-digit"),
    ],
)
def test_bad_dates_say_why(text: str, why: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_date_time(text)
    assert caught.value.code == "invalid-date-time"
    assert why in str(caught.value)


def test_leap_day() -> None:
    assert parse_date_time("02/29/2024 23:59") == datetime(2024, 2, 29, 23, 59)


@pytest.mark.parametrize("text", ["24:00", "23:60", "7:30", "07:3", "0730", " 07:30", "10.15", ""])
def test_bad_clock_times(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_clock(text)
    assert caught.value.code == "invalid-date-time"


def test_the_seed_dotted_time_only_when_asked() -> None:
    assert parse_clock("10.15", allow_dot=True) == time(10, 15)
    assert parse_clock("10:15", allow_dot=True) == time(10, 15)
    with pytest.raises(InvalidValue):
        parse_clock("24.00", allow_dot=True)


@pytest.mark.parametrize("value", [None, 1015, b"10:15", datetime(2021, 1, 1)])
def test_wrong_types(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_clock(value)  # type: ignore[arg-type]
    assert caught.value.code == "wrong-type"
    with pytest.raises(InvalidValue):
        parse_date_time(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, "05/27/2021 10:55", time(10, 15), 1.5])
def test_format_wrong_types(value: object) -> None:
    with pytest.raises(InvalidValue):
        format_date_time(value)  # type: ignore[arg-type]
    if not isinstance(value, time):
        with pytest.raises(InvalidValue):
            format_clock(value)  # type: ignore[arg-type]


@given(st.text(max_size=20))
def test_any_text_is_read_or_refused_cleanly(text: str) -> None:
    for reader in (parse_date_time, parse_clock):
        try:
            reader(text)
        except InvalidValue as error:
            assert error.code == "invalid-date-time"
