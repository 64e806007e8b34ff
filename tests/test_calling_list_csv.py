"""Genesys calling lists in CSV and the package's calling-list JSON."""

from __future__ import annotations

import contextlib
import io
import json
import pickle
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import calling_list_records

from outbound_core.codes import CallResult, PhoneType, RecordStatus, RecordType
from outbound_core.errors import OutboundError, WireFormatError
from outbound_core.records import CallingListRecord, Record
from outbound_core.wire.calling_list_csv import (
    CALLING_LIST_COLUMNS,
    read_calling_list_csv,
    write_calling_list_csv,
)
from outbound_core.wire.calling_list_json import load_calling_list_json, read_calling_list_json

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "calling_list.csv"
HEADER = "record_id,contact_info,chain_id,tz_name"


def read(text: str, **kwargs: object) -> list[CallingListRecord]:
    return list(read_calling_list_csv(io.StringIO(text), **kwargs))  # type: ignore[arg-type]


def test_the_fixture_reads_with_a_zone_map() -> None:
    with FIXTURE.open(encoding="utf-8", newline="") as source:
        rows = list(read_calling_list_csv(source, zones={104: "Europe/London"}))
    assert [r.record_id for r in rows] == [1, 2, 3, 4, 5, 6]
    first = rows[0]
    assert first.record.phone_type is PhoneType.HOME_PHONE
    assert first.record.call_result is CallResult.UNKNOWN
    assert first.zone.name == "EST"  # the abbreviation Genesys writes for tz_dbid
    assert (first.record.daily_from, first.record.daily_until) == (32400, 75599)
    assert (first.dial_sched_time, first.call_time) == (None, None)
    assert [r.chain_n for r in rows[:3]] == [1, 2, 3]
    fourth = rows[3]
    assert fourth.zone.key == "Europe/London"
    assert fourth.record_type is RecordType.CAMPAIGN_RESCHEDULED
    assert fourth.dial_sched_time == datetime(2026, 6, 16, 10, 0, tzinfo=UTC)
    assert fourth.record.attempts == 2
    assert fourth.record.custom == {
        "agent_id": "",
        "Customer_Name": "Green, Janet",
        "Balance_Due": "0",
    }
    assert rows[4].status is RecordStatus.UPDATED
    assert rows[5].record_type is RecordType.NO_CALL
    assert rows[5].record.custom["Customer_Name"] == 'Bo "Ace" Chen'


def test_defaults_and_names() -> None:
    (found,) = read(
        "record_id,contact_info,chain_id,tz_name,record_status,call_result,contact_info_type\n"
        "7, 555 0100 ,3,Europe/Paris,Ready,Busy,Mobile\n"
    )
    assert found.status is RecordStatus.READY
    assert found.record_type is RecordType.GENERAL
    assert found.record.call_result is CallResult.BUSY
    assert found.record.phone_type is PhoneType.MOBILE
    assert found.record.attempts == 0
    assert found.window is None
    assert found.chain_n == 1
    rows = read(f"{HEADER}\n1,5550100,3,UTC\n2,5550101,3,UTC\n\n3,5550102,4,UTC\n")
    assert [r.chain_n for r in rows] == [1, 2, 1]


def test_iso_times_and_a_bom() -> None:
    (found,) = read(
        "\ufeffrecord_id,contact_info,chain_id,tz_name,dial_sched_time\n"
        "1,5550100,3,UTC,2026-06-16T12:00:00+02:00\n"
    )
    assert found.dial_sched_time == datetime(2026, 6, 16, 10, 0, tzinfo=UTC)


BAD_ROWS = [
    # (csv text, line, column, words)
    (f"{HEADER}\nx,5550100,3,UTC\n", 2, "record_id", "not a whole number"),
    (f"{HEADER}\n1,,3,UTC\n", 2, "contact_info", "required"),
    (f"{HEADER}\n1,5550100,3,UTC\n1,5550101,4,UTC\n", 3, "record_id", "already on line 2"),
    (f"{HEADER}\n1,5550100,3,Mars/Olympus\n", 2, "tz_name", "unknown time zone"),
    (f"{HEADER}\n1,5550100,3,\n", 2, "tz_name", "needs a time zone"),
    (f"{HEADER}\n1,5550100,99999999999,UTC\n", 2, "chain_id", "outside"),
    (f"{HEADER}\n1,5550100,3,UTC,9\n", 2, None, "fields where the header has"),
    (f"{HEADER},attempt\n1,5550100,3,UTC,-1\n", 2, "attempt", "outside"),
    (f"{HEADER},record_status\n1,5550100,3,UTC,Done\n", 2, "record_status", "not a record status"),
    (f"{HEADER},call_result\n1,5550100,3,UTC,Bussy\n", 2, "call_result", "did you mean"),
    (f"{HEADER},daily_from,daily_till\n1,5550100,3,UTC,100,100\n", 2, "daily_from/daily_till", ""),
    (f"{HEADER},daily_from\n1,5550100,3,UTC,86400\n", 2, "daily_from", "outside"),
    (f"{HEADER},dial_sched_time\n1,5550100,3,UTC,tomorrow\n", 2, "dial_sched_time", "POSIX"),
    (f"{HEADER},dial_sched_time\n1,5550100,3,UTC,2026-06-16T12:00\n", 2, "dial_sched_time", ""),
    (f"{HEADER},chain_n\n1,5550100,3,UTC,1\n2,5550101,3,UTC,1\n", 3, "chain_n", "already has"),
    (f"{HEADER},chain_n\n1,5550100,3,UTC,\n", 2, "chain_n", "empty"),
    ("record_id,contact_info,chain_id,tz_dbid\n1,5550100,3,104\n", 2, "tz_dbid", "104=EST"),
    (f'{HEADER}\n1,"5550100,3,UTC\n', 2, None, "not CSV"),
    ("record_id,contact_info,chain_id\n1,5550100,3\n", 1, "tz_name", "one column"),
    ("record_id,contact_info,chain_id,tz_name,tz_dbid\n", 1, "tz_name", "not both"),
    ("record_id,contact_info,tz_name\n", 1, "chain_id", "lacks chain_id"),
    (f"{HEADER},record_id\n", 1, "record_id", "twice"),
    (f"{HEADER},\n", 1, 5, "no name"),
    (f"{HEADER},GSW_PHONE\n", 1, "GSW_PHONE", "desktop key"),
    ("", 1, None, "empty"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), BAD_ROWS)
def test_each_bad_row_is_named_by_line_and_column(
    text: str, line: int, column: object, words: str
) -> None:
    with pytest.raises(WireFormatError) as caught:
        read(text)
    error = caught.value
    assert error.details["line"] == line, error
    assert error.details["column"] == column, error
    assert error.message.startswith(f"line {line}") or "empty" in error.message
    assert words in error.message, error.message


def test_rows_before_a_bad_one_are_read() -> None:
    rows = read_calling_list_csv(io.StringIO(f"{HEADER}\n1,5550100,3,UTC\n2,x,y,UTC\n"))
    assert next(rows).record_id == 1
    with pytest.raises(WireFormatError):
        next(rows)


@settings(max_examples=max(20, settings.default.max_examples // 2))
@given(st.lists(calling_list_records(), min_size=1, max_size=6, unique_by=lambda r: r.record_id))
def test_write_then_read_gives_the_rows_back(rows: list[CallingListRecord]) -> None:
    rows = _distinct_places(rows)
    rows = [_whole_seconds(r) for r in rows]
    out = io.StringIO()
    write_calling_list_csv(rows, out)
    back = read(out.getvalue())
    # Every row has every column: a custom field another row has reads back empty.
    keys = {key for r in rows for key in r.record.custom}
    expected = [
        attrs.evolve(
            r, record=attrs.evolve(r.record, custom=dict.fromkeys(keys, "") | r.record.custom)
        )
        for r in rows
    ]
    assert back == expected
    assert [b.zone for b in back] == [r.zone for r in rows]
    assert pickle.loads(pickle.dumps(back)) == back
    assert [CallingListRecord.from_dict(b.to_dict()) for b in back] == back


def _distinct_places(rows: list[CallingListRecord]) -> list[CallingListRecord]:
    seen: set[tuple[int, int]] = set()
    found = []
    for r in rows:
        n = r.chain_n
        while (r.chain_id, n) in seen:
            n += 1
        seen.add((r.chain_id, n))
        found.append(attrs.evolve(r, chain_n=n))
    return found


def _whole_seconds(row: CallingListRecord) -> CallingListRecord:
    def whole(t: datetime | None) -> datetime | None:
        return None if t is None or t.timestamp() <= 0 else t.replace(microsecond=0)

    return attrs.evolve(
        row, dial_sched_time=whole(row.dial_sched_time), call_time=whole(row.call_time)
    )


def test_the_writer_writes_dbids_when_it_can() -> None:
    rows = [
        CallingListRecord(Record(1, 2, "5550100", tz_name="Europe/London", custom={"Vip": True})),
        CallingListRecord(Record(2, 2, "5550101", tz_name="EST", custom={"Note": None}), chain_n=2),
    ]
    out = io.StringIO()
    write_calling_list_csv(rows, out, tz_column="tz_dbid", zones={104: "Europe/London"})
    text = out.getvalue()
    header, first, second = text.splitlines()
    assert header.split(",")[: len(CALLING_LIST_COLUMNS)] == [
        "tz_dbid" if c == "tz_name" else c for c in CALLING_LIST_COLUMNS
    ]
    assert header.endswith("Vip,Note")
    assert ",104,2,1,true," in first
    assert ",EST,2,2,," in second
    back = read(text, zones={104: "Europe/London"})
    assert back[0].zone.key == "Europe/London"
    assert back[0].record.custom == {"Vip": "true", "Note": ""}
    with pytest.raises(OutboundError):
        write_calling_list_csv(rows, io.StringIO(), tz_column="zone")


@settings(max_examples=max(50, settings.default.max_examples))
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_with_an_outbound_error(text: str) -> None:
    with contextlib.suppress(OutboundError):
        read(text)


csv_cells = st.one_of(
    st.sampled_from(
        [
            "",
            "1",
            "-1",
            "0",
            "UTC",
            "EST",
            "Busy",
            "Ready",
            "86399",
            "99999999999",
            "2026-06-16T12:00:00Z",
            "\x00",
            '"',
            "\n",
            "nan",
            "1e9",
            "9" * 40,
        ]
    ),
    st.text(max_size=8),
)


@settings(max_examples=max(50, settings.default.max_examples))
@given(
    st.lists(
        st.sampled_from([*CALLING_LIST_COLUMNS, "tz_dbid", "Custom"]),
        min_size=1,
        max_size=8,
        unique=True,
    ),
    st.lists(st.lists(csv_cells, min_size=1, max_size=9), max_size=4),
)
def test_any_rows_are_read_or_refused_with_an_outbound_error(
    header: list[str], rows: list[list[str]]
) -> None:
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(header)
    for fields in rows:
        writer.writerow(fields)
    with contextlib.suppress(OutboundError):
        read(out.getvalue(), zones={104: "EST"})


# The package's JSON calling list.


def test_the_shipped_list_reads() -> None:
    text = resources.files("outbound_core").joinpath("data/calling_list.json").read_text("utf-8")
    rows = list(load_calling_list_json(text))
    assert len(rows) == 279
    assert [r.record_id for r in rows] == list(range(1, 280))
    assert rows[0].chain_id == 1
    assert rows[0].chain_n == 1
    assert rows[1].chain_n == 2
    assert rows[0].record.calling_list == "Day calling list"
    assert rows[0].record.custom["Customer_Name"] == "Giulia Dubois"


def test_json_records_may_carry_list_columns() -> None:
    data = {
        "customers": [
            {
                "chain_id": 5,
                "records": [
                    {
                        "phone": "5550100",
                        "tz_name": "UTC",
                        "record_id": 50,
                        "attempts": 2,
                        "call_result": "Busy",
                        "record_status": 0,
                        "record_type": "Campaign Rescheduled",
                        "dial_sched_time": "2026-06-16T10:00:00Z",
                        "call_time": 1781596800,
                    },
                ],
            }
        ]
    }
    (found,) = read_calling_list_json(data)
    assert found.record_id == 50
    assert found.attempts == 2
    assert found.status is RecordStatus.NO_RECORD_STATUS
    assert found.record_type is RecordType.CAMPAIGN_RESCHEDULED
    assert found.dial_sched_time == datetime(2026, 6, 16, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ([], "$"),
        ({"customers": {}}, "$.customers"),
        ({"customers": [], "colour": 1}, "$"),
        ({"customers": [{"records": []}]}, "$.customers[0].chain_id"),
        ({"customers": [{"chain_id": 1, "records": []}]}, "$.customers[0].records"),
        (
            {"customers": [{"chain_id": 1, "records": [{"phone": "1"}]}]},
            "$.customers[0].records[0].tz_name",
        ),
        (
            {"customers": [{"chain_id": 1, "records": [{"phone": "1", "tz_name": "Mars"}]}]},
            "$.customers[0].records[0].tz_name",
        ),
        (
            {
                "customers": [
                    {"chain_id": 1, "records": [{"phone": "1", "tz_name": "UTC", "attempts": -1}]}
                ]
            },
            "$.customers[0].records[0].attempts",
        ),
        (
            {
                "customers": [
                    {
                        "chain_id": 1,
                        "records": [{"phone": "1", "tz_name": "UTC", "call_result": "Bussy"}],
                    }
                ]
            },
            "$.customers[0].records[0].call_result",
        ),
        (
            {
                "customers": [
                    {
                        "chain_id": 1,
                        "records": [{"phone": "1", "tz_name": "UTC", "dial_sched_time": "soon"}],
                    }
                ]
            },
            "$.customers[0].records[0].dial_sched_time",
        ),
        (
            {"customers": [{"chain_id": 1, "records": [{"phone": 1, "tz_name": "UTC"}]}]},
            "$.customers[0].records[0].phone",
        ),
        (
            {
                "customers": [
                    {"chain_id": 1, "records": [{"phone": "1", "tz_name": "UTC"}]},
                    {"chain_id": 1, "records": [{"phone": "2", "tz_name": "UTC"}]},
                ]
            },
            "$.customers[1].chain_id",
        ),
    ],
)
def test_json_refusals_name_the_path(data: object, path: str) -> None:
    with pytest.raises(WireFormatError) as caught:
        list(read_calling_list_json(data))  # type: ignore[arg-type]
    assert caught.value.details["path"] == path, caught.value


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(["UTC", "Busy"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "customers",
                    "chain_id",
                    "records",
                    "phone",
                    "tz_name",
                    "custom",
                    "attempts",
                    "record_status",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(json_like)
def test_any_json_calling_list_is_read_or_refused_cleanly(data: object) -> None:
    with contextlib.suppress(OutboundError):
        list(load_calling_list_json(json.dumps(data)))
