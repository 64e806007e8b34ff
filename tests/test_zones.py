"""Record zones: the Genesys name table, IANA keys, offsets and their consistency check."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from tests.strategies import junk, record_zones

from outbound_core import InvalidValue, RecordZone, ZoneSource, resolve_zone, tz_database_version
from outbound_core.timing.zones import GENESYS_ZONES, LEGACY_US_ZONES, require_instant

JAN = datetime(2026, 1, 15, 12, tzinfo=UTC)
JUL = datetime(2026, 7, 15, 12, tzinfo=UTC)

# Reference §1.3: name → (January offset, July offset) in seconds, tzdata 2025b.
TABLE_OFFSETS = {
    "ACT": (34200, 34200),
    "AET": (39600, 36000),
    "AGT": (-10800, -10800),
    "ART": (7200, 10800),
    "AST": (-32400, -28800),
    "BET": (-10800, -10800),
    "BST": (21600, 21600),
    "CAT": (7200, 7200),
    "CET": (3600, 7200),
    "CNT": (-12600, -9000),
    "CST": (-21600, -18000),
    "CTT": (28800, 28800),
    "EAT": (10800, 10800),
    "ECT": (3600, 7200),
    "EET": (7200, 10800),
    "EST": (-18000, -18000),
    "GMT": (0, 0),
    "HST": (-36000, -36000),
    "IET": (-18000, -14400),
    "IST": (19800, 19800),
    "JST": (32400, 32400),
    "MET": (3600, 7200),
    "MIT": (46800, 46800),
    "MST": (-25200, -25200),
    "NET": (14400, 14400),
    "NST": (46800, 43200),
    "PLT": (18000, 18000),
    "PNT": (-25200, -25200),
    "PRT": (-14400, -14400),
    "PST": (-28800, -25200),
    "SST": (39600, 39600),
    "UTC": (0, 0),
    "VST": (25200, 25200),
    "WET": (0, 3600),
}


def test_table_is_the_reference_table() -> None:
    assert set(GENESYS_ZONES) == set(TABLE_OFFSETS)


@pytest.mark.parametrize(("name", "offsets"), sorted(TABLE_OFFSETS.items()))
def test_every_genesys_name_has_the_reference_offsets(name: str, offsets: tuple[int, int]) -> None:
    zone = resolve_zone(name)
    assert zone.source is ZoneSource.GENESYS
    assert (zone.offset_at(JAN), zone.offset_at(JUL)) == offsets


def test_seed_act_record_is_darwin_and_its_offset_agrees() -> None:
    zone = resolve_zone("ACT", 34200)
    assert zone.key == "Australia/Darwin"
    assert zone.check_offset(34200, JAN)
    assert zone.check_offset(34200, JUL)
    assert not zone.check_offset(37800, JAN)  # not Adelaide's summer offset


def test_bst_is_dhaka_not_british_summer_time() -> None:
    assert resolve_zone("BST").key == "Asia/Dhaka"
    assert resolve_zone("BST").offset_at(JUL) == 6 * 3600


def test_est_mst_hst_are_fixed_unless_legacy_us() -> None:
    for name, key in LEGACY_US_ZONES.items():
        fixed, legacy = resolve_zone(name), resolve_zone(name, legacy_us=True)
        assert fixed.key is None
        assert fixed.offset_at(JAN) == fixed.offset_at(JUL)
        assert legacy.key == key
    assert resolve_zone("EST", legacy_us=True).offset_at(JUL) == -4 * 3600


def test_aet_offset_is_current_or_standard() -> None:
    aet = resolve_zone("AET", 39600)
    assert aet.check_offset(39600, JAN)  # current (AEDT)
    assert aet.check_offset(36000, JAN)  # base (AEST)
    assert not aet.check_offset(39600, JUL)  # summer offset in winter: stale or wrong
    assert resolve_zone("PST").check_offset(-25200, datetime(2015, 6, 10, tzinfo=UTC))


def test_lord_howe_half_hour_daylight_offset_is_recognised() -> None:
    howe = resolve_zone("Australia/Lord_Howe")
    assert howe.offset_at(JAN) == 39600
    assert howe.standard_offset_at(JAN) == 37800
    assert howe.check_offset(37800, JAN)


def test_offset_only_gives_a_fixed_zone() -> None:
    for name in (None, "", "   "):
        zone = resolve_zone(name, -12600)
        assert zone.source is ZoneSource.OFFSET
        assert zone.name == "UTC-03:30"
        assert zone.tzinfo == timezone(timedelta(hours=-3, minutes=-30))


def test_iana_keys_are_accepted_and_genesys_names_win() -> None:
    assert resolve_zone("Europe/London").source is ZoneSource.IANA
    assert resolve_zone("CET").source is ZoneSource.GENESYS
    assert resolve_zone("Europe/London", 3600).key == "Europe/London"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("act", "ACT"), ("america/new_york", "America/New_York"), ("Europe/Londn", "Europe/London")],
)
def test_names_are_case_sensitive_with_suggestions(name: str, suggestion: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        resolve_zone(name)
    assert caught.value.code == "unknown-zone"
    assert caught.value.details["suggestions"][0] == suggestion
    assert suggestion in str(caught.value)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "../../etc/passwd", "localtime", "posixrules", "x" * 500]
)
def test_unknown_and_machine_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        resolve_zone(name)
    assert caught.value.code == "unknown-zone"


@pytest.mark.parametrize(
    ("offset", "code"),
    [
        (True, "wrong-type"),
        (3.5, "wrong-type"),
        ("3600", "wrong-type"),
        (64801, "invalid-value"),
        (-86400, "invalid-value"),
        (10**30, "invalid-value"),
        (30, "invalid-value"),
    ],
)
def test_unusable_offsets(offset: object, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        resolve_zone(None, offset)  # type: ignore[arg-type]
    assert caught.value.code == code
    with pytest.raises(InvalidValue):
        resolve_zone("ACT").check_offset(offset, JAN)  # type: ignore[arg-type]


def test_no_name_and_no_offset() -> None:
    with pytest.raises(InvalidValue) as caught:
        resolve_zone()
    assert caught.value.code == "unknown-zone"


@given(junk)
def test_junk_names_are_wrong_type(value: object) -> None:
    if value is None:
        return
    with pytest.raises(InvalidValue) as caught:
        resolve_zone(value)  # type: ignore[arg-type]
    assert caught.value.code == "wrong-type"


def test_naive_instants_are_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        resolve_zone("ACT").offset_at(datetime(2026, 1, 1))
    assert caught.value.code == "naive-date-time"
    with pytest.raises(InvalidValue) as caught:
        require_instant("2026-01-01")
    assert caught.value.code == "wrong-type"


def test_inconsistent_parts_are_refused() -> None:
    with pytest.raises(InvalidValue):
        RecordZone("ACT", "genesys", "Europe/London")
    with pytest.raises(InvalidValue):
        RecordZone("UTC+01:00", "offset", None, 7200)
    with pytest.raises(InvalidValue):
        RecordZone("ACT", "genesys", "Australia/Darwin", 34200)
    with pytest.raises(InvalidValue):
        RecordZone.from_dict({"name": "ACT"})


@given(record_zones)
def test_zones_round_trip_through_json_and_pickle(zone: RecordZone) -> None:
    assert RecordZone.from_dict(json.loads(json.dumps(zone.to_dict()))) == zone
    copy = pickle.loads(pickle.dumps(zone))
    assert copy == zone
    assert copy.offset_at(JUL) == zone.offset_at(JUL)
    assert hash(copy) == hash(zone)


def test_tz_database_version_is_reported() -> None:
    version = tz_database_version()
    assert version is not None
    assert version[:4].isdigit()
    assert version[4:].isalpha()
