"""A server saved to the SQLite store and loaded back is the same server (issue 17).

The servers are those the desks-and-server harness drives with legal and illegal commands
(`test_server_desks_stateful`): four campaigns, three agents, web callbacks, leases, callbacks,
Do-Not-Call entries. At random moments the harness saves the server, loads it back and compares
the snapshots; it also tells a `SqliteJournal` that everything changed and checks that what the
journal commits loads back the same.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.stateful import invariant, rule
from tests import test_server_desks_stateful as harness

from outbound_core import FieldSet, FieldSpec, InMemoryOutboundServer, Record
from outbound_core.journal import CALLBACK_HEAP, ChangeJournal, campaign_heap, personal_heap
from outbound_core.storage import SqliteJournal, SqliteStore
from outbound_core.storage.journal_writer import PART_READERS
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)


def everything_changed(journal: SqliteJournal, server: InMemoryOutboundServer) -> None:
    """Report every record, chain, queue and part of `server` as changed."""
    store = server.store
    journal.records_changed(range(len(store.records)))
    journal.chains_changed(range(len(store.chains)))
    for index, queue in enumerate(store.queues):
        journal.heap_replaced(campaign_heap(index), queue)
    for agent, queue in store.personal.items():
        journal.heap_replaced(personal_heap(agent), queue)
    journal.heap_replaced(CALLBACK_HEAP, list(server.callbacks.entries()))
    for name in PART_READERS:
        journal.part_changed(name)


class SavedServerAndDesks(harness.ServerAndDesks):
    """The harness, saving and loading its server at random moments."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="outbound-store-"))
        self.store = SqliteStore(self.folder / "day.sqlite", synchronous="normal")
        self.store.save(self.server.snapshot())
        self.journal = SqliteJournal(self.store, self.server)
        self.server.trace.sinks.append(self.journal.trace_event)

    @rule()
    def save_and_load(self) -> None:
        snapshot = self.server.snapshot()
        self.store.save(snapshot)
        loaded = self.store.load()
        assert loaded == snapshot
        assert InMemoryOutboundServer.from_snapshot(loaded).snapshot() == snapshot
        self.journal = SqliteJournal(self.store, self.server)
        self.server.trace.sinks[-1] = self.journal.trace_event

    @rule()
    def commit_everything(self) -> None:
        everything_changed(self.journal, self.server)
        self.journal.commit()
        assert self.store.load() == self.server.snapshot()
        seqs = [event.seq for event in self.store.trace()]
        assert seqs == list(range(self.server.trace.seq - len(seqs) + 1, self.server.trace.seq + 1))

    # The harness's own invariants are checked by its own test; these runs check storage.
    @invariant()
    def every_record_is_in_exactly_one_place(self) -> None:
        pass

    @invariant()
    def the_desks_hold_exactly_what_the_server_leased_them(self) -> None:
        pass

    @invariant()
    def one_retrieved_record_per_chain_and_do_not_call_records_say_so(self) -> None:
        pass

    def teardown(self) -> None:
        self.save_and_load()
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TestSavedServerAndDesks = SavedServerAndDesks.TestCase
TestSavedServerAndDesks.settings = settings(
    TestSavedServerAndDesks.settings,
    stateful_step_count=40,
    max_examples=max(10, settings.default.max_examples // 5),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "s.sqlite") as opened:
        yield opened


def test_the_journal_is_a_change_journal(store: SqliteStore) -> None:
    server = InMemoryOutboundServer(NOW)
    store.save(server.snapshot())
    assert isinstance(SqliteJournal(store, server), ChangeJournal)


def _server_with_odd_records() -> InMemoryOutboundServer:
    server = InMemoryOutboundServer(NOW)
    fields = FieldSet(
        (FieldSpec("Visits", "int", "number"), FieldSpec("IW_Note", "var-char", "string"))
    )
    server.add_campaign('c"; DROP TABLE chains; --', "Preview", fields)
    server.add_campaign("Visits", "Progressive")
    odd = [
        Record(
            record_handle=1, chain_id=1, phone="+1 555 0100", tz_name="EST",
            custom={"Visits": True, "Zeta": 2**70, "Alpha": None, "visits": 1.5, "": "empty"},
            extra={"IW_Data": [1, {"x": None}], "IW_Text": "t\ud800"},
            key_order=("GSW_PHONE", "Visits"), number_texts={"GSW_ATTEMPTS": "01"},
            campaign_name="c", reference_id=-5, user_event="ChainedRecord",
        ),
        Record(record_handle=2, chain_id=1, phone="\ud83d\ude00 é", tz_offset=3600,
               custom={"Alpha": "a", "Visits": 3}),
    ]  # fmt: skip
    server.load_chains('c"; DROP TABLE chains; --', [odd])
    server.load_chains("Visits", [[Record(record_handle=3, chain_id=9, phone="1", tz_name="UTC")]])
    server.add_agent("a\ud800", campaigns=["Visits"])
    server.dnc.add("+1 555 0100")
    server.dnc.add("Someone@Example.com")
    server.dnc.chains.add(7)
    return server


def test_odd_records_and_names_round_trip(store: SqliteStore) -> None:
    server = _server_with_odd_records()
    snapshot = server.snapshot()
    store.save(snapshot)
    assert store.load() == snapshot
    assert {info.name for info in store.lists()} == {'c"; DROP TABLE chains; --', "Visits"}
    info = store.list_info('c"; DROP TABLE chains; --')
    assert info.records == 2
    assert info.fields == ("Visits", "IW_Note", "Zeta", "Alpha", "visits", "", "IW_Data", "IW_Text")
    with sqlite3.connect(store.path) as reader:
        columns = [row[1] for row in reader.execute(f"PRAGMA table_info({info.table})")]
    # A name SQLite would confuse with another column gets a column of the library's own.
    assert columns[-8:] == ["Visits", "IW_Note", "Zeta", "Alpha", "oc_field_29", "oc_field_30",
                            "IW_Data", "IW_Text"]  # fmt: skip


def test_saving_again_replaces_the_server(store: SqliteStore) -> None:
    store.save(_server_with_odd_records().snapshot())
    smaller = InMemoryOutboundServer(NOW)
    smaller.add_campaign("other", "Preview")
    snapshot = smaller.snapshot()
    store.save(snapshot)
    assert store.load() == snapshot
    # The old campaigns' lists stay, as lists no server holds.
    assert {info.name: info.campaign for info in store.lists()} == {
        'c"; DROP TABLE chains; --': None,
        "Visits": None,
        "other": "other",
    }


def test_unknown_parts_are_kept_whole(store: SqliteStore) -> None:
    snapshot: dict[str, Any] = InMemoryOutboundServer(NOW).snapshot()
    snapshot["pacing"] = {"campaigns": {"c": {"rate": 1.5, "history": [1, 2, None]}}}
    snapshot["leases"]["later_key"] = ["kept"]
    snapshot["store"]["attempt_histories"] = {"3": [{"result": 7}]}
    store.save(snapshot)
    assert store.load() == snapshot
    assert list(store.load()) == list(snapshot)


def test_the_trace_is_kept_up_to_the_snapshot(store: SqliteStore) -> None:
    server = _server_with_odd_records()
    events = [TraceEvent(n, NOW, "server", "x\ud800", args={"n": n}) for n in range(1, 6)]
    store.append_trace(events)
    assert store.trace() == events
    assert store.trace(after=3) == events[3:]
    server.trace.seq = 3
    store.save(server.snapshot())
    assert store.trace() == events[:3]
