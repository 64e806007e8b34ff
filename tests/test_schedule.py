"""Reschedule dates: the seed's example, DST gaps and folds, elapsed time, guards, round trips."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.strategies import elapsed, instants, minute_instants, record_zones

from outbound_core import (
    AmbiguousLocalTime,
    CallingWindow,
    InvalidValue,
    NonexistentLocalTime,
    Reschedule,
    ScheduleError,
    callback_at,
    callback_in,
    format_reschedule_date,
    parse_duration,
    parse_reschedule_date,
    resolve_zone,
)

LONDON = resolve_zone("Europe/London")
NEW_YORK = resolve_zone("America/New_York")
HOUR = timedelta(hours=1)


def test_seed_002_example_agent_in_london_customer_in_new_york() -> None:
    agent_now = datetime(2026, 6, 15, 14, 30, tzinfo=LONDON.tzinfo)  # 2:30 PM BST
    assert agent_now.astimezone(NEW_YORK.tzinfo).strftime("%H:%M") == "09:30"  # EDT
    callback = callback_in(agent_now, HOUR, NEW_YORK)
    assert callback.text == "06/15/2026 10:30"  # not 15:30
    assert callback.in_zone(LONDON).text == "06/15/2026 15:30"
    assert callback.instant == datetime(2026, 6, 15, 14, 30, tzinfo=UTC)
    # The agent picking 15:30 on their own clock gives the same record-zone text.
    assert callback_at("06/15/2026 15:30", LONDON).in_zone(NEW_YORK).text == "06/15/2026 10:30"


def test_seed_act_record() -> None:
    act = resolve_zone("ACT", 34200)
    callback = callback_in(datetime(2021, 5, 27, 0, 55, tzinfo=UTC), HOUR, act)
    assert callback.text == "05/27/2021 11:25"


# (zone, gap text, shifted text, last minute before, first minute after)
GAPS = [
    (
        "America/New_York",
        "03/08/2026 02:30",
        "03/08/2026 03:30",
        "03/08/2026 01:59",
        "03/08/2026 03:00",
    ),
    (
        "Europe/London",
        "03/29/2026 01:15",
        "03/29/2026 02:15",
        "03/29/2026 00:59",
        "03/29/2026 02:00",
    ),
    (
        "Australia/Adelaide",
        "10/04/2026 02:00",
        "10/04/2026 03:00",
        "10/04/2026 01:59",
        "10/04/2026 03:00",
    ),
    (
        "Australia/Lord_Howe",
        "10/04/2026 02:15",
        "10/04/2026 02:45",
        "10/04/2026 01:59",
        "10/04/2026 02:30",
    ),
    (
        "Pacific/Chatham",
        "09/27/2026 02:50",
        "09/27/2026 03:50",
        "09/27/2026 02:44",
        "09/27/2026 03:45",
    ),
]


@pytest.mark.parametrize(("name", "text", "shifted", "last", "first"), GAPS)
def test_gap_times_shift_forward_or_are_rejected(
    name: str, text: str, shifted: str, last: str, first: str
) -> None:
    zone = resolve_zone(name)
    moved = callback_at(text, zone)
    assert moved.text == shifted
    assert not moved.ambiguous
    with pytest.raises(NonexistentLocalTime) as caught:
        callback_at(text, zone, gap="reject")
    error = caught.value
    assert error.code == "nonexistent-local-time"
    assert (error.details["zone"], error.details["text"]) == (name, text)
    assert (error.details["last_before"], error.details["first_after"]) == (last, first)
    assert error.details["shifted"] == shifted
    # The minutes at the edges exist.
    assert callback_at(last, zone, gap="reject").text == last
    assert callback_at(first, zone, gap="reject").text == first


# (zone, fold text, earlier UTC, later UTC)
FOLDS = [
    (
        "America/New_York",
        "11/01/2026 01:30",
        datetime(2026, 11, 1, 5, 30),
        datetime(2026, 11, 1, 6, 30),
    ),
    (
        "Europe/London",
        "10/25/2026 01:30",
        datetime(2026, 10, 25, 0, 30),
        datetime(2026, 10, 25, 1, 30),
    ),
    (
        "Australia/Adelaide",
        "04/05/2026 02:30",
        datetime(2026, 4, 4, 16, 0),
        datetime(2026, 4, 4, 17, 0),
    ),
    (
        "Australia/Lord_Howe",
        "04/05/2026 01:45",
        datetime(2026, 4, 4, 14, 45),
        datetime(2026, 4, 4, 15, 15),
    ),
    (
        "Pacific/Chatham",
        "04/05/2026 03:00",
        datetime(2026, 4, 4, 13, 15),
        datetime(2026, 4, 4, 14, 15),
    ),
]


@pytest.mark.parametrize(("name", "text", "earlier", "later"), FOLDS)
def test_fold_times_take_a_policy(name: str, text: str, earlier: datetime, later: datetime) -> None:
    zone = resolve_zone(name)
    first = callback_at(text, zone)
    second = callback_at(text, zone, fold="later")
    assert first.instant == earlier.replace(tzinfo=UTC)
    assert second.instant == later.replace(tzinfo=UTC)
    assert first.text == second.text == text
    assert first.ambiguous
    assert second.ambiguous
    with pytest.raises(AmbiguousLocalTime) as caught:
        callback_at(text, zone, fold="reject")
    details = caught.value.details
    assert caught.value.code == "ambiguous-local-time"
    assert (details["zone"], details["text"]) == (name, text)
    assert details["earlier"] == first.instant.isoformat()
    assert details["later"] == second.instant.isoformat()


def test_kolkata_has_no_gap_or_fold() -> None:
    kolkata = resolve_zone("IST")
    for text in ("03/08/2026 02:30", "11/01/2026 01:30", "03/29/2026 01:15"):
        result = callback_at(text, kolkata, gap="reject", fold="reject")
        assert result.text == text
        assert result.instant.astimezone(kolkata.tzinfo).utcoffset() == timedelta(
            hours=5, minutes=30
        )


def test_elapsed_time_across_spring_forward_is_not_wall_clock() -> None:
    before = callback_at("03/08/2026 01:30", NEW_YORK)
    after = callback_in(before.instant, HOUR, NEW_YORK)
    assert after.text == "03/08/2026 03:30"  # wall clock would say the non-existent 02:30
    wall = before.instant.astimezone(NEW_YORK.tzinfo) + HOUR
    assert wall.strftime("%H:%M") == "02:30"


def test_elapsed_time_across_fall_back_lands_in_the_fold_and_says_so() -> None:
    start = callback_at("11/01/2026 00:30", NEW_YORK)
    first = callback_in(start.instant, HOUR, NEW_YORK)
    second = callback_in(start.instant, 2 * HOUR, NEW_YORK)
    assert first.text == second.text == "11/01/2026 01:30"
    assert first.ambiguous
    assert second.ambiguous
    assert second.instant - first.instant == HOUR
    assert not callback_in(start.instant, 3 * HOUR, NEW_YORK).ambiguous


def test_lord_howe_thirty_minute_shift_in_elapsed_time() -> None:
    howe = resolve_zone("Australia/Lord_Howe")
    start = callback_at("10/04/2026 01:45", howe)
    assert callback_in(start.instant, timedelta(minutes=30), howe).text == "10/04/2026 02:45"


def test_us_eu_mismatch_week_is_four_hours() -> None:
    agent = datetime(2026, 3, 20, 14, 30, tzinfo=LONDON.tzinfo)
    assert callback_in(agent, HOUR, NEW_YORK).text == "03/20/2026 11:30"


def test_date_line_and_date_roll() -> None:
    kiritimati = resolve_zone("Pacific/Kiritimati")
    pago = resolve_zone("Pacific/Pago_Pago")
    agent = datetime(2026, 12, 31, 23, 30, tzinfo=LONDON.tzinfo)
    callback = callback_in(agent, timedelta(minutes=30), kiritimati)
    assert callback.text == "01/01/2027 14:00"
    assert callback_at("01/01/2027 00:30", kiritimati).in_zone(pago).text == "12/30/2026 23:30"
    sydney = callback_in(datetime(2026, 6, 30, 15, tzinfo=UTC), HOUR, resolve_zone("AET"))
    assert sydney.text == "07/01/2026 02:00"


def test_agent_zone_conversion_crosses_dst_mismatch() -> None:
    agent = resolve_zone("Europe/London")
    customer = resolve_zone("CNT")  # St John's, -02:30 in summer
    assert callback_at("07/01/2026 12:00", agent).in_zone(customer).text == "07/01/2026 08:30"


@pytest.mark.parametrize(
    "text",
    [
        "13/01/2026 10:00",
        "02/30/2026 10:00",
        "01/01/2026 24:00",
        "1/1/26 10:00",
        "01/01/2026 10:00 ",
        "",
        "01/01/2026",
    ],
)
def test_strict_reschedule_date_format(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_reschedule_date(text)
    assert caught.value.code == "invalid-date-time"
    with pytest.raises(InvalidValue):
        callback_at(text, NEW_YORK)


def test_format_reschedule_date() -> None:
    assert format_reschedule_date(datetime(2021, 5, 27, 10, 55, 59)) == "05/27/2021 10:55"
    with pytest.raises(InvalidValue):
        format_reschedule_date("05/27/2021 10:55")  # type: ignore[arg-type]


def test_guards_each_have_their_own_code() -> None:
    now = datetime(2026, 6, 15, 13, 30, 40, tzinfo=UTC)
    with pytest.raises(ScheduleError) as caught:
        callback_at("06/15/2026 09:29", NEW_YORK, now=now)
    assert caught.value.code == "callback-in-past"
    assert callback_at("06/15/2026 09:30", NEW_YORK, now=now).text == "06/15/2026 09:30"
    with pytest.raises(ScheduleError) as caught:
        callback_in(now, -timedelta(seconds=1), NEW_YORK)
    assert caught.value.code == "callback-in-past"
    with pytest.raises(ScheduleError) as caught:
        callback_in(now, timedelta(days=91), NEW_YORK, horizon=timedelta(days=90))
    assert caught.value.code == "callback-beyond-horizon"
    assert callback_in(now, timedelta(days=90), NEW_YORK, horizon=timedelta(days=90))
    window = CallingWindow(9 * 3600, 17 * 3600 - 1)
    with pytest.raises(ScheduleError) as caught:
        callback_at("06/15/2026 18:00", NEW_YORK, window=window)
    assert caught.value.code == "callback-outside-window"
    assert caught.value.details["next_open"] == "2026-06-16T13:00:00+00:00"
    with pytest.raises(ScheduleError) as caught:
        callback_at("06/14/2026 10:00", NEW_YORK, rules=["us-florida", "australia"])
    assert caught.value.code == "callback-outside-window"  # a Sunday under the Australian rule
    assert callback_at("06/15/2026 10:00", NEW_YORK, window=window, rules=["us-federal"])


def test_unusable_guards_and_inputs() -> None:
    now = datetime(2026, 6, 15, 13, 30, tzinfo=UTC)
    with pytest.raises(InvalidValue) as caught:
        callback_in(datetime(2026, 6, 15, 13, 30), HOUR, NEW_YORK)
    assert caught.value.code == "naive-date-time"
    with pytest.raises(InvalidValue) as caught:
        callback_in(now, 3600, NEW_YORK)  # type: ignore[arg-type]
    assert caught.value.code == "wrong-type"
    with pytest.raises(InvalidValue):
        callback_in(now, timedelta(days=10**5), NEW_YORK)
    with pytest.raises(InvalidValue):
        callback_in(now, HOUR, NEW_YORK, horizon=now - HOUR)
    with pytest.raises(InvalidValue):
        callback_in(now, HOUR, NEW_YORK, horizon=-HOUR)
    with pytest.raises(InvalidValue):
        callback_at("06/15/2026 10:00", NEW_YORK, horizon=HOUR)  # elapsed horizon needs now
    with pytest.raises(InvalidValue):
        callback_at("06/15/2026 10:00", "America/New_York")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        callback_at("06/15/2026 10:00", NEW_YORK, gap="compatible")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        callback_at("06/15/2026 10:00", NEW_YORK, fold=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        Reschedule(datetime(2026, 1, 1), NEW_YORK)
    with pytest.raises(InvalidValue):
        callback_in(datetime(9999, 12, 31, tzinfo=UTC), timedelta(days=2), NEW_YORK)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90m", 5400),
        ("1h30m", 5400),
        ("2d", 172800),
        ("45s", 45),
        ("1d2h3m4s", 93784),
        ("PT1H", 3600),
        ("P1DT2H30M", 95400),
        ("PT90M", 5400),
        ("P2D", 172800),
        ("0m", 0),
    ],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text",
    ["", "90", "1m1h", "-1h", "1.5h", "P1Y", "P1W", "PT", "P", "1h 30m", "h", "99999999d", "1H"],
)
def test_bad_durations(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_duration(text)
    assert caught.value.code == "invalid-duration"


@given(instants, elapsed, record_zones)
def test_callback_in_adds_exact_elapsed_time(now: datetime, delta: timedelta, zone) -> None:  # type: ignore[no-untyped-def]
    result = callback_in(now, delta, zone)
    assert result.instant - now == delta
    assert result.instant.tzinfo is UTC


@given(minute_instants, st.integers(0, 600_000).map(lambda m: timedelta(minutes=m)), record_zones)
def test_callback_at_reads_back_callback_in(now: datetime, delta: timedelta, zone) -> None:  # type: ignore[no-untyped-def]
    result = callback_in(now, delta, zone)
    assume(not result.ambiguous)
    assert callback_at(result.text, zone, gap="reject", fold="reject").instant == result.instant


@given(instants, record_zones)
def test_text_is_the_minute_holding_the_instant(now: datetime, zone) -> None:  # type: ignore[no-untyped-def]
    result = callback_in(now, timedelta(0), zone)
    back = callback_at(result.text, zone, fold="later" if result.local.fold else "earlier")
    assert back.instant == now.replace(second=0, microsecond=0)


@given(minute_instants, record_zones, record_zones)
def test_in_zone_keeps_the_instant_and_values_round_trip(now: datetime, zone, other) -> None:  # type: ignore[no-untyped-def]
    result = callback_in(now, timedelta(0), zone)
    moved = result.in_zone(other)
    assert moved.instant == result.instant
    assert Reschedule.from_dict(json.loads(json.dumps(moved.to_dict()))) == moved
    assert pickle.loads(pickle.dumps(moved)) == moved


def test_from_dict_checks_the_text() -> None:
    data = callback_in(datetime(2026, 6, 15, tzinfo=UTC), HOUR, NEW_YORK).to_dict()
    data["text"] = "06/15/2026 01:00"
    with pytest.raises(InvalidValue):
        Reschedule.from_dict(data)
    with pytest.raises(InvalidValue):
        Reschedule.from_dict({"instant": "soon"})
