"""Calling windows and legal calling hours, against an independent minute-by-minute oracle."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import calling_windows, instants, record_zones, weekly_rules

from outbound_core import (
    CallingHours,
    CallingWindow,
    Decision,
    InvalidValue,
    RecordZone,
    australian_national_holidays,
    callback_at,
    calling_hours_preset,
    check_callable,
    resolve_zone,
)
from outbound_core.timing.calling_hours import PRESETS

NEW_YORK = resolve_zone("America/New_York")
NINE_TO_FIVE = CallingWindow(9 * 3600, 17 * 3600 - 1)
SCAN = timedelta(days=3)


def at(text: str, zone: RecordZone = NEW_YORK) -> datetime:
    return callback_at(text, zone).instant


# ---- the oracle: wall-clock arithmetic with nothing shared with the implementation ----


def _rule_allows(rule: CallingHours, local: datetime) -> bool:
    day = local.date()
    if day in rule.excluded_dates:
        return False
    if rule.holidays == "au-national" and day in australian_national_holidays(day.year):
        return False
    hours = rule.days[day.weekday()]
    second = local.hour * 3600 + local.minute * 60 + local.second
    return hours is not None and hours[0] <= second <= hours[1]


def oracle_allows(
    instant: datetime,
    zones: list[RecordZone],
    window: CallingWindow | None,
    rules: list[CallingHours],
) -> bool:
    for zone in zones:
        local = instant.astimezone(zone.tzinfo)
        second = local.hour * 3600 + local.minute * 60 + local.second
        if window is not None:
            start, till = window.daily_from, window.daily_till
            inside = start <= second <= till if start <= till else second >= start or second <= till
            if not inside:
                return False
        if not all(_rule_allows(rule, local) for rule in rules):
            return False
    return True


def oracle_next_open(
    now: datetime, zones: list[RecordZone], window: CallingWindow | None, rules: list[CallingHours]
) -> datetime | None:
    minute = now.replace(second=0, microsecond=0)
    if minute < now:
        minute += timedelta(minutes=1)
    while minute <= now + SCAN:
        if oracle_allows(minute, zones, window, rules):
            return minute
        minute += timedelta(minutes=1)
    return None


def agrees(
    now: datetime, zones: list[RecordZone], window: CallingWindow | None, rules: list[CallingHours]
) -> None:
    decision = check_callable(now, zones, window, rules=rules)
    assert decision.allowed == oracle_allows(now, zones, window, rules)
    if decision.allowed:
        assert decision.next_open == now
        assert decision.reasons == ()
        return
    assert decision.reasons
    expected = oracle_next_open(now, zones, window, rules)
    if expected is None:
        assert decision.next_open is None or decision.next_open > now + SCAN
    else:
        assert decision.next_open == expected


@given(instants, record_zones, calling_windows)
def test_window_agrees_with_minute_scan(
    now: datetime, zone: RecordZone, window: CallingWindow
) -> None:
    agrees(now, [zone], window, [])


@given(instants, st.lists(record_zones, min_size=1, max_size=3), calling_windows, st.data())
def test_zones_windows_and_rules_agree_with_minute_scan(
    now: datetime, zones: list[RecordZone], window: CallingWindow, data: st.DataObject
) -> None:
    rules = data.draw(
        st.lists(
            st.one_of(st.sampled_from(sorted(PRESETS.values(), key=str)), weekly_rules(now)),
            max_size=2,
        )
    )
    agrees(now, zones, window, rules)


DST_DAYS = [
    ("America/New_York", datetime(2026, 3, 8, 4, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, 4, tzinfo=UTC)),
    ("Europe/London", datetime(2026, 3, 29, 0, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 10, 3, 13, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 4, 4, 13, tzinfo=UTC)),
    ("Pacific/Chatham", datetime(2026, 9, 26, 11, tzinfo=UTC)),
    ("Australia/Adelaide", datetime(2026, 4, 4, 13, tzinfo=UTC)),
]


@pytest.mark.parametrize(("name", "start"), DST_DAYS)
@pytest.mark.parametrize(
    "window",
    [
        CallingWindow(2 * 3600, 2 * 3600 + 3599),
        CallingWindow(3600, 5399),
        CallingWindow(82800, 7199),
    ],
)
def test_windows_on_dst_days_every_ten_minutes(
    name: str, start: datetime, window: CallingWindow
) -> None:
    zone = resolve_zone(name)
    for step in range(0, 24 * 60, 10):
        agrees(start + timedelta(minutes=step, seconds=7), [zone], window, [])


def test_window_in_the_spring_gap_opens_at_the_transition_next_day() -> None:
    window = CallingWindow(2 * 3600, 2 * 3600 + 3599)  # 02:00-02:59 does not exist on 03/08/2026
    decision = check_callable(at("03/08/2026 00:30"), NEW_YORK, window)
    assert not decision.allowed
    assert decision.next_open == at("03/09/2026 02:00")


def test_window_in_the_fall_fold_happens_twice() -> None:
    window = CallingWindow(3600, 3600 + 1799)  # 01:00-01:29
    first = callback_at("11/01/2026 01:10", NEW_YORK)
    second = callback_at("11/01/2026 01:10", NEW_YORK, fold="later")
    assert check_callable(first, None, window).allowed
    assert check_callable(second, None, window).allowed
    between = callback_at("11/01/2026 01:40", NEW_YORK)
    assert check_callable(between, None, window).next_open == at("11/01/2026 01:00") + timedelta(
        hours=1
    )


def test_midnight_crossing_window_belongs_to_next_day_for_day_rules() -> None:
    window = CallingWindow(22 * 3600, 2 * 3600)
    no_sunday = CallingHours.weekly("no-sunday", {"daily": (0, 86399), "sunday": None})
    saturday_night = at("06/13/2026 23:00")
    sunday_morning = at("06/14/2026 01:00")
    assert check_callable(saturday_night, NEW_YORK, window, rules=[no_sunday]).allowed
    decision = check_callable(sunday_morning, NEW_YORK, window, rules=[no_sunday])
    assert not decision.allowed
    assert [r.code for r in decision.reasons] == ["no-calls-on-day"]
    assert decision.next_open == at("06/15/2026 00:00")
    assert check_callable(at("06/14/2026 12:00"), NEW_YORK, window).next_open == at(
        "06/14/2026 22:00"
    )


def test_till_is_inclusive_and_next_open_is_a_whole_minute() -> None:
    window = CallingWindow(9 * 3600 + 15, 17 * 3600)
    assert check_callable(at("06/15/2026 17:00"), NEW_YORK, window).allowed
    late = check_callable(at("06/15/2026 17:00") + timedelta(seconds=1), NEW_YORK, window)
    assert not late.allowed
    assert late.next_open == at("06/16/2026 09:01")


def test_presets() -> None:
    monday_0830 = at("06/15/2026 08:30")
    assert check_callable(monday_0830, NEW_YORK, None, rules=["us-federal"]).allowed
    assert not check_callable(at("06/15/2026 21:00"), NEW_YORK, None, rules=["us-federal"]).allowed
    assert check_callable(at("06/15/2026 20:59"), NEW_YORK, None, rules=["us-federal"]).allowed
    for state in ("us-florida", "us-oklahoma", "us-maryland"):
        assert not check_callable(at("06/15/2026 20:00"), NEW_YORK, None, rules=[state]).allowed
        assert check_callable(at("06/15/2026 19:59"), NEW_YORK, None, rules=[state]).allowed
    toronto = resolve_zone("America/Toronto")
    assert check_callable(at("06/15/2026 21:29", toronto), toronto, None, rules=["canada"]).allowed
    assert not check_callable(
        at("06/13/2026 18:00", toronto), toronto, None, rules=["canada"]
    ).allowed
    assert check_callable(at("06/13/2026 10:00", toronto), toronto, None, rules=["canada"]).allowed
    sydney = resolve_zone("AET")
    sunday = check_callable(at("06/14/2026 12:00", sydney), sydney, None, rules=["australia"])
    assert [r.code for r in sunday.reasons] == ["no-calls-on-day"]
    assert sunday.next_open == at("06/15/2026 09:00", sydney)
    anzac = check_callable(at("04/25/2025 10:00", sydney), sydney, None, rules=["australia"])
    assert [r.code for r in anzac.reasons] == ["public-holiday"]
    assert not check_callable(
        at("06/13/2026 17:00", sydney), sydney, None, rules=["australia"]
    ).allowed


def test_candidate_zones_intersect() -> None:
    chicago = resolve_zone("CST")
    decision = check_callable(
        at("06/15/2026 08:30"), [chicago, NEW_YORK], None, rules=["us-federal"]
    )
    assert not decision.allowed
    assert "America/Chicago" in decision.reasons[0].sentence
    assert decision.next_open == at("06/15/2026 09:00")
    evening = check_callable(
        at("06/15/2026 21:00"), [chicago, NEW_YORK], None, rules=["us-federal"]
    )
    assert not evening.allowed
    assert evening.next_open == at("06/16/2026 09:00")


def test_never_is_none() -> None:
    only_sunday = CallingHours.weekly("sunday-only", {"sunday": (36000, 43199)})
    only_monday = CallingHours.weekly("monday-only", {"monday": (36000, 43199)})
    decision = check_callable(
        at("06/15/2026 08:30"), NEW_YORK, None, rules=[only_sunday, only_monday]
    )
    assert not decision.allowed
    assert decision.next_open is None


def test_result_does_not_depend_on_cache_history() -> None:
    rule = CallingHours.weekly("history", {"weekdays": (36000, 43199)})
    late, early = at("07/20/2026 13:00"), at("06/15/2026 13:00")
    first = check_callable(early, NEW_YORK, NINE_TO_FIVE, rules=[rule])
    check_callable(late, NEW_YORK, NINE_TO_FIVE, rules=[rule])
    assert check_callable(early, NEW_YORK, NINE_TO_FIVE, rules=[rule]) == first
    assert first.next_open == at("06/16/2026 10:00")


def test_user_rules_and_excluded_dates() -> None:
    rule = CallingHours.weekly(
        "mine",
        {"weekdays": (32400, 61199), "friday": (32400, 43199)},
        excluded_dates=["2026-06-16"],
    )
    assert rule.days[4] == (32400, 43199)
    assert rule.days[5] is None
    decision = check_callable(at("06/16/2026 10:00"), NEW_YORK, None, rules=[rule])
    assert [r.code for r in decision.reasons] == ["excluded-date"]
    assert decision.next_open == at("06/17/2026 09:00")
    more = rule.excluding([date(2026, 6, 17)])
    assert check_callable(at("06/16/2026 10:00"), NEW_YORK, None, rules=[more]).next_open == at(
        "06/18/2026 09:00"
    )


def test_australian_holidays() -> None:
    assert australian_national_holidays(2026)[date(2026, 4, 3)] == "Good Friday"
    assert australian_national_holidays(2025)[date(2025, 4, 21)] == "Easter Monday"
    assert australian_national_holidays(2024)[date(2024, 3, 29)] == "Good Friday"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((-1, 10), "invalid-window"),
        ((0, 86400), "invalid-window"),
        ((True, 10), "invalid-window"),
        ((5, 5), "invalid-window"),
        (("0", 10), "invalid-window"),
        ((None, 10), "invalid-window"),
    ],
)
def test_bad_windows(args: tuple[object, object], code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        CallingWindow(*args)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_bad_rules_and_arguments() -> None:
    now = at("06/15/2026 10:00")
    with pytest.raises(InvalidValue) as caught:
        calling_hours_preset("us-federl")
    assert caught.value.code == "unknown-calling-hours"
    assert caught.value.details["suggestions"] == ["us-federal"]
    with pytest.raises(InvalidValue):
        CallingHours.weekly("x", {"funday": (0, 10)})
    with pytest.raises(InvalidValue):
        CallingHours.weekly("x", {"monday": (10, 0)})
    with pytest.raises(InvalidValue):
        CallingHours.weekly("", {"monday": (0, 10)})
    with pytest.raises(InvalidValue):
        CallingHours("x", (None,) * 6)
    with pytest.raises(InvalidValue):
        CallingHours("x", (None,) * 7, ["2026-13-01"])
    with pytest.raises(InvalidValue):
        CallingHours("x", (None,) * 7, holidays="mars")
    with pytest.raises(InvalidValue) as caught:
        check_callable(datetime(2026, 6, 15, 10), NEW_YORK, None)
    assert caught.value.code == "naive-date-time"
    for zone in ([], [None], 5, b"x"):
        with pytest.raises(InvalidValue):
            check_callable(now, zone, None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        check_callable(now, None, None)
    with pytest.raises(InvalidValue):
        check_callable(now, NEW_YORK, (0, 10))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        check_callable(now, NEW_YORK, None, rules=[5])  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        check_callable(now, "act", None)
    for edge in (datetime(9999, 12, 31, tzinfo=UTC), datetime(1, 1, 1, 12, tzinfo=UTC)):
        with pytest.raises(InvalidValue):
            check_callable(edge, NEW_YORK, NINE_TO_FIVE)
    late = check_callable(datetime(9999, 12, 20, 23, tzinfo=UTC), NEW_YORK, NINE_TO_FIVE)
    assert late.next_open == datetime(9999, 12, 21, 14, tzinfo=UTC)


@given(calling_windows, weekly_rules(), instants, record_zones)
def test_values_round_trip(
    window: CallingWindow, rule: CallingHours, now: datetime, zone: RecordZone
) -> None:
    assert CallingWindow.from_dict(json.loads(json.dumps(window.to_dict()))) == window
    assert CallingHours.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    decision = check_callable(now, zone, window, rules=[rule])
    assert Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision
    for value in (window, rule, decision):
        assert pickle.loads(pickle.dumps(value)) == value


def test_every_preset_round_trips_and_names_its_source() -> None:
    for name, rule in PRESETS.items():
        assert rule.name == name
        assert rule.source
        assert rule.confidence in {"verified", "secondary", "unverified"}
        assert CallingHours.from_dict(rule.to_dict()) == rule


def test_calling_hours_rules_are_a_tuple_of_calling_hours_or_refused() -> None:
    from outbound_core.errors import ErrorCode, InvalidValue
    from outbound_core.timing import calling_hours_preset, calling_hours_rules

    preset = calling_hours_preset("us-federal")
    assert calling_hours_rules([preset]) == (preset,)
    assert calling_hours_rules(iter([preset, preset])) == (preset, preset)
    assert calling_hours_rules(()) == ()
    for bad in ("tsr", b"x", {"a": 1}, 5, None, [preset, "tsr"]):
        with pytest.raises(InvalidValue) as refused:
            calling_hours_rules(bad)  # type: ignore[arg-type]
        assert refused.value.code == ErrorCode.WRONG_TYPE
