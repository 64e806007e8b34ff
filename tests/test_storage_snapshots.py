"""A server saved to the SQLite store and loaded back is the same server (issue 17).

The servers are those the desks-and-server harness drives with legal and illegal commands
(`test_server_desks_stateful`): four campaigns, three agents, web callbacks, leases, callbacks,
Do-Not-Call entries. At random moments the harness saves the server, loads it back and compares
the snapshots; it also tells a `SqliteJournal` what changed since the last save or commit (as a server will) and
checks that what the journal commits loads back the same.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule
from tests import test_server_desks_stateful as harness

from outbound_core import FieldSet, FieldSpec, InMemoryOutboundServer, Record
from outbound_core.errors import ErrorCode
from outbound_core.journal import CALLBACK_HEAP, ChangeJournal, campaign_heap, personal_heap
from outbound_core.simulation import MODES, day, simulate
from outbound_core.simulation.progress import WORKING
from outbound_core.storage import SqliteJournal, SqliteStore
from outbound_core.storage.journal_writer import ITEM_READERS, PART_READERS
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)


def typed(snapshot: Any) -> str:
    """The snapshot as JSON with sorted keys: equal only when the types are too (True is not 1,
    1.0 is not 1), whatever order the store gives a mapping's keys back in."""
    return json.dumps(snapshot, sort_keys=True)


def report_differences(
    journal: SqliteJournal, before: dict[str, Any], server: InMemoryOutboundServer
) -> None:
    """Report to `journal` exactly what differs between the snapshot `before` and `server`:
    the records, chains, queues and parts a server would report for the commands between."""
    after = server.snapshot()
    old, new = before["store"], after["store"]
    journal.records_changed(
        slot
        for slot in range(len(new["records"]))
        if slot >= len(old["records"])
        or (old["records"][slot], old["status"][slot], old["type"][slot])
        != (new["records"][slot], new["status"][slot], new["type"][slot])
    )

    def chain(store: dict[str, Any], key: int) -> Any:
        return (
            store["chains"][key], store["chain_campaign"][key], store["chain_place"][key],
            store["chain_version"][key], store["returned_by"].get(str(key)),
        )  # fmt: skip

    journal.chains_changed(
        key
        for key in range(len(new["chains"]))
        if key >= len(old["chains"]) or chain(old, key) != chain(new, key)
    )
    heaps = {campaign_heap(n): q for n, q in enumerate(new["queues"])}
    heaps |= {personal_heap(agent): q for agent, q in new["personal"].items()}
    heaps[CALLBACK_HEAP] = after["callbacks"]["heap"]
    old_heaps = {campaign_heap(n): q for n, q in enumerate(old["queues"])}
    old_heaps |= {personal_heap(agent): q for agent, q in old["personal"].items()}
    old_heaps[CALLBACK_HEAP] = before["callbacks"]["heap"]
    for name, queue in heaps.items():
        if old_heaps.get(name) != queue:
            journal.heap_replaced(name, queue)
    for part, key_of in (
        ("agents", lambda a: a["session"]["agent_id"]),
        ("campaigns", lambda c: c["name"]),
    ):
        was = {key_of(item): item for item in before[part]}
        journal.items_changed(part, [key_of(i) for i in after[part] if was.get(key_of(i)) != i])
        assert [ITEM_READERS[part](server, key_of(i)) for i in after[part]] == after[part]
    was = {r["request"]["request_id"]: r for r in before["web_callbacks"]["requests"]}
    now = {r["request"]["request_id"]: r for r in after["web_callbacks"]["requests"]}
    journal.items_changed(
        "web_callbacks", [key for key in [*was, *now] if was.get(key) != now.get(key)]
    )
    for part, chain_maps in (
        ("callbacks", ("slot", "owner", "due_since")),
        ("treatments", ("history", "passes")),
    ):

        def chain_item(
            snapshot: dict[str, Any], key: str, part: str = part, maps: Any = chain_maps
        ) -> Any:
            item = [snapshot[part][m].get(key, "-") for m in maps]
            return [*item, int(key) in snapshot[part].get("retries", ())]

        keys = {k for m in chain_maps for s in (before, after) for k in s[part][m]}
        keys |= {str(k) for s in (before, after) for k in s[part].get("retries", ())}
        journal.items_changed(
            part, sorted(k for k in keys if chain_item(before, k) != chain_item(after, k))
        )
    for name in PART_READERS:
        if name in ("agents", "campaigns"):
            continue
        if name == "callbacks":
            differs = {k: v for k, v in after[name].items() if k != "heap"} != {
                k: v for k, v in before[name].items() if k != "heap"
            }
        else:
            differs = after[name] != before[name]
        if differs:
            journal.part_changed(name)


class StoredServerAndDesks(harness.ServerAndDesks):
    """The harness in the storage runs, which check storage: the harness's own invariants are
    checked by its own test."""

    @invariant()
    def every_record_is_in_exactly_one_place(self) -> None:
        pass

    @invariant()
    def the_desks_hold_exactly_what_the_server_leased_them(self) -> None:
        pass

    @invariant()
    def one_retrieved_record_per_chain_and_do_not_call_records_say_so(self) -> None:
        pass


class SavedServerAndDesks(StoredServerAndDesks):
    """The harness, saving and loading its server at random moments."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="outbound-store-"))
        self.store = SqliteStore(self.folder / "day.sqlite", synchronous="normal")
        self.committed = self.server.snapshot()
        self.store.save(self.committed)
        self.journal = SqliteJournal(self.store, self.server)
        self.server.trace.sinks.append(self.journal.trace_event)

    @rule()
    def save_and_load(self) -> None:
        # The journal's events so far go first: a snapshot holds no events of the trace.
        self.journal.commit()
        snapshot = self.server.snapshot()
        self.store.save(snapshot)
        loaded = self.store.load()
        assert typed(loaded) == typed(snapshot)
        assert InMemoryOutboundServer.from_snapshot(loaded).snapshot() == snapshot
        self.committed = snapshot
        self.journal = SqliteJournal(self.store, self.server)
        self.server.trace.sinks[-1] = self.journal.trace_event

    @rule()
    def commit_the_changes(self) -> None:
        report_differences(self.journal, self.committed, self.server)
        self.journal.commit()
        self.committed = self.server.snapshot()
        assert typed(self.store.load()) == typed(self.committed)
        seqs = [event.seq for event in self.store.trace()]
        assert seqs == list(range(self.server.trace.seq - len(seqs) + 1, self.server.trace.seq + 1))

    def teardown(self) -> None:
        self.save_and_load()
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TestSavedServerAndDesks = SavedServerAndDesks.TestCase
TestSavedServerAndDesks.settings = settings(
    TestSavedServerAndDesks.settings,
    stateful_step_count=40,
    max_examples=max(10, settings.default.max_examples // 10),
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
    assert typed(store.load()) == typed(snapshot)
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


def test_a_chain_s_order_is_its_own_not_its_slots(store: SqliteStore) -> None:
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("c", "Preview")
    server.load_chains(
        "c", [[Record(record_handle=n, chain_id=1, phone=f"55{n}", tz_name="UTC") for n in (1, 2)]]
    )
    snapshot = server.snapshot()
    snapshot["store"]["chains"] = [[1, 0]]
    store.save(snapshot)
    assert store.load()["store"]["chains"] == [[1, 0]]


@settings(
    max_examples=max(2, settings.default.max_examples // 50),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**16), mode=st.sampled_from(sorted(MODES)))
def test_a_simulated_day_is_saved_and_committed_at_every_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, mode: str
) -> None:
    made: list[InMemoryOutboundServer] = []

    class Watched(InMemoryOutboundServer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(day, "InMemoryOutboundServer", Watched)
    path = tmp_path / f"day-{seed}-{mode}.sqlite"
    path.unlink(missing_ok=True)
    store = SqliteStore(path, synchronous="normal")
    kept: dict[str, Any] = {}

    def checkpoint(phase: str, done: float) -> None:
        if phase != WORKING or not made:
            return
        server = made[-1]
        if "journal" not in kept:
            kept["committed"] = server.snapshot()
            store.save(kept["committed"])
            kept["journal"] = SqliteJournal(store, server)
            server.trace.sinks.append(kept["journal"].trace_event)
            return
        report_differences(kept["journal"], kept["committed"], server)
        kept["journal"].commit()
        kept["committed"] = server.snapshot()
        assert typed(store.load()) == typed(kept["committed"])

    simulate(records=120, agents=6, mode=mode, seed=seed, progress=checkpoint)
    checkpoint(WORKING, 1.0)
    final = store.load()
    store.save(final)
    assert typed(store.load()) == typed(made[-1].snapshot())
    assert InMemoryOutboundServer.from_snapshot(final).snapshot() == made[-1].snapshot()
    store.close()


STORAGE_PAGE = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "storage.md"


def test_the_storage_page_s_example_runs() -> None:
    text = STORAGE_PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        exec(block, {})


def test_the_storage_page_lists_every_fault() -> None:
    text = STORAGE_PAGE.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(store-[a-z-]+)` \|", text, re.M))
    assert listed == {code.value for code in ErrorCode if code.value.startswith("store-")}
