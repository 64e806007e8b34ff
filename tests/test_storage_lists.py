"""Calling lists in the store: Genesys-layout tables that give back what was put in (issue 17)."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import any_text, instants, stored_lists

from outbound_core.errors import InvalidValue, NotFound
from outbound_core.records import CallingListRecord, Record
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.storage import SqliteStore
from outbound_core.storage.list_tables import SYSTEM_COLUMNS
from outbound_core.wire.calling_list_csv import read_calling_list_csv, write_calling_list_csv

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "calling_list.csv"
STORE_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "lists.sqlite", synchronous="normal") as opened:
        yield opened


def exact(rows: list[CallingListRecord]) -> list[str]:
    """Everything a row holds, `key_order` and `number_texts` included, as JSON: types (True is
    not 1, 1.0 is not 1) and the order of the custom fields count."""
    return [
        json.dumps([row.to_dict(), row.record.key_order, row.record.number_texts], default=repr)
        for row in rows
    ]


def tables(store: SqliteStore) -> set[str]:
    with sqlite3.connect(store.path) as reader:
        return {name for (name,) in reader.execute("SELECT name FROM sqlite_master")}


@settings(STORE_SETTINGS, max_examples=max(20, settings.default.max_examples // 4))
@given(rows=stored_lists(), name=any_text.filter(str.strip))
def test_a_list_reads_back_exactly_as_imported(
    store: SqliteStore, rows: list[CallingListRecord], name: str
) -> None:
    before = tables(store)
    store.import_list(name, rows, replace=True)
    assert exact(store.list_records(name)) == exact(rows)
    info = store.list_info(name)
    assert info.records == len(rows)
    assert info.chains == len({row.chain_id for row in rows})
    assert tables(store) <= before | {info.table}
    with sqlite3.connect(store.path) as reader:
        assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        columns = [row[1] for row in reader.execute(f"PRAGMA table_info({info.table})")]
    assert columns[: len(SYSTEM_COLUMNS)] == [name for name, _ in SYSTEM_COLUMNS]
    assert len(columns) == len(SYSTEM_COLUMNS) + len(info.fields)


HOSTILE = [
    'x"; DROP TABLE calling_lists; --',
    "'); DELETE FROM parts; --",
    "record_id",
    "RECORD_ID",
    "oc_record",
    "sqlite_master",
    "a]b`c",
    "x" * 200,
    " padded ",
    "tab\there",
    "",
]


@pytest.mark.parametrize("field", HOSTILE)
def test_hostile_field_and_list_names_are_only_names(store: SqliteStore, field: str) -> None:
    record = Record(
        record_handle=1, chain_id=1, phone="555", tz_name="UTC", custom={field: "v", "Plain": 1}
    )
    rows = [CallingListRecord(record)]
    before = tables(store)
    name = field or "empty"
    info = store.import_list(name, rows)
    assert exact(store.list_records(name)) == exact(rows)
    assert tables(store) == before | {info.table}
    assert info.fields == (field, "Plain")
    with sqlite3.connect(store.path) as reader:
        assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_fixture_exports_as_the_csv_writer_writes_it(store: SqliteStore) -> None:
    zones = {104: "Europe/London"}
    with FIXTURE.open(encoding="utf-8", newline="") as source:
        rows = list(read_calling_list_csv(source, zones=zones))
    store.import_list("fixture", rows, tz_column="tz_dbid", zones=zones)
    info = store.list_info("fixture")
    assert (info.tz_column, dict(info.zones)) == ("tz_dbid", zones)
    assert info.fields == ("agent_id", "Customer_Name", "Balance_Due")
    written, exported = io.StringIO(), io.StringIO()
    write_calling_list_csv(rows, written, tz_column="tz_dbid", zones=zones)
    write_calling_list_csv(
        store.list_records("fixture"), exported, tz_column="tz_dbid", zones=zones
    )
    assert exported.getvalue() == written.getvalue()
    with sqlite3.connect(store.path) as reader:
        dbids = reader.execute(f"SELECT tz_dbid, tz_name FROM {info.table} ORDER BY oc_position")
        assert [row[0] for row in dbids] == [None, None, None, 104, 104, None]


def test_a_name_taken_is_refused_unless_replaced(store: SqliteStore) -> None:
    one = [CallingListRecord(Record(record_handle=1, chain_id=1, phone="5", tz_name="UTC"))]
    two = [CallingListRecord(Record(record_handle=2, chain_id=2, phone="6", tz_name="UTC"))]
    store.import_list("l", one)
    with pytest.raises(InvalidValue, match="already"):
        store.import_list("l", two)
    assert exact(store.list_records("l")) == exact(one)
    store.import_list("l", two, replace=True)
    assert exact(store.list_records("l")) == exact(two)
    store.drop_list("l")
    with pytest.raises(NotFound):
        store.list_records("l")


def test_bad_rows_are_refused_and_change_nothing(store: SqliteStore) -> None:
    row = CallingListRecord(Record(record_handle=1, chain_id=1, phone="5", tz_name="UTC"))
    before = tables(store)
    for name, rows, kwargs in [
        ("", [row], {}),
        ("l", [row, row], {}),
        ("l", [row.record], {}),
        ("l", [row], {"tz_column": "tz_id"}),
        ("l", [row], {"zones": {"x": "UTC"}}),
    ]:
        with pytest.raises(InvalidValue):
            store.import_list(name, rows, **kwargs)  # type: ignore[arg-type]
    assert tables(store) == before
    assert store.lists() == []


def test_a_campaigns_list_is_never_replaced_or_dropped(store: SqliteStore, tmp_path: Path) -> None:
    server = InMemoryOutboundServer(datetime_now())
    server.add_campaign("spring", "Preview")
    server.load_chains("spring", [[Record(record_handle=5, chain_id=1, phone="7", tz_name="UTC")]])
    store.save(server.snapshot())
    assert store.list_info("spring").campaign == "spring"
    row = CallingListRecord(Record(record_handle=1, chain_id=1, phone="5", tz_name="UTC"))
    with pytest.raises(InvalidValue, match="campaign"):
        store.import_list("spring", [row], replace=True)
    with pytest.raises(InvalidValue, match="campaign"):
        store.drop_list("spring")
    assert [r.record_id for r in store.list_records("spring")] == [5]


def test_an_imported_list_named_like_a_campaign_becomes_its_list(store: SqliteStore) -> None:
    imported = [
        CallingListRecord(Record(record_handle=n, chain_id=n, phone=f"55{n}", tz_name="UTC"))
        for n in (1, 2, 3)
    ]
    store.import_list("spring", imported)
    server = InMemoryOutboundServer(datetime_now())
    server.add_campaign("spring", "Preview")
    server.load_chains("spring", [[imported[1].record]])
    snapshot = server.snapshot()
    store.save(snapshot)
    assert store.load() == snapshot
    # Rows the server does not hold stay in the list; the one it holds is its row now.
    assert sorted(r.record_id for r in store.list_records("spring")) == [1, 2, 3]
    with sqlite3.connect(store.path) as reader:
        table = store.list_info("spring").table
        slots = reader.execute(f"SELECT record_id, oc_slot FROM {table} ORDER BY record_id")
        assert slots.fetchall() == [(1, None), (2, 0), (3, None)]


@given(st.data())
@STORE_SETTINGS
def test_whole_seconds_are_kept_and_fractions_dropped(store: SqliteStore, data: Any) -> None:
    when = data.draw(instants)
    row = CallingListRecord(
        Record(record_handle=1, chain_id=1, phone="5", tz_name="UTC"), dial_sched_time=when
    )
    store.import_list("t", [row], replace=True)
    (back,) = store.list_records("t")
    assert back.dial_sched_time == when.replace(microsecond=0)


def datetime_now() -> datetime:
    return datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
