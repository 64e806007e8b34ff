"""Writing one command's changes: records, chains, queue operations, parts, the Do-Not-Call
list and the trace, in one transaction that commits or changes nothing (issue 17)."""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outbound_core.errors import ErrorCode, InvalidValue, OutboundError, StorageError
from outbound_core.journal import CALLBACK_HEAP, NULL_JOURNAL, campaign_heap, personal_heap
from outbound_core.records import Record
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.storage import ChainRow, ListRow, SqliteJournal, SqliteStore
from outbound_core.storage.heaps import read_heaps
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
STORE_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def small_server() -> InMemoryOutboundServer:
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("c", "Preview")
    server.add_agent("a", campaigns=["c"])
    server.load_chains(
        "c",
        [[Record(record_handle=n, chain_id=n, phone=f"+1 555 010{n}", tz_name="EST",
                 custom={"Visits": n})] for n in (1, 2, 3)],
    )  # fmt: skip
    return server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "s.sqlite", synchronous="normal") as opened:
        yield opened


@pytest.fixture
def saved(store: SqliteStore) -> tuple[SqliteStore, dict[str, Any]]:
    snapshot = small_server().snapshot()
    store.save(snapshot)
    return store, snapshot


# ---- queues ----------------------------------------------------------------------------------

HEAPS = [campaign_heap(0), campaign_heap(1), personal_heap("a/b"), CALLBACK_HEAP]
entries = st.tuples(
    st.integers(0, 4), st.floats(0, 1e9, allow_nan=False), st.integers(0, 50), st.integers(0, 5)
)
heap_ops = st.lists(
    st.tuples(
        st.sampled_from(["push", "push", "pop", "replace", "commit"]),
        st.sampled_from(HEAPS),
        entries,
        st.lists(entries, max_size=4),
    ),
    max_size=40,
)


def _entry(heap: str, entry: tuple[Any, ...]) -> tuple[Any, ...]:
    return entry[1:] if heap == CALLBACK_HEAP else entry


@STORE_SETTINGS
@given(ops=heap_ops)
def test_the_queue_log_replays_to_the_server_s_heaps(store: SqliteStore, ops: list[Any]) -> None:
    store.save(InMemoryOutboundServer(NOW).snapshot())  # forgets the queues of earlier examples
    model: dict[str, list[tuple[Any, ...]]] = {CALLBACK_HEAP: []}
    pending: list[tuple[str, Any]] = []
    for op, heap, entry, many in ops:
        if op == "push":
            heapq.heappush(model.setdefault(heap, []), _entry(heap, entry))
            pending.append((heap, _entry(heap, entry)))
        elif op == "pop" and model.get(heap):
            heapq.heappop(model[heap])
            pending.append((heap, None))
        elif op == "replace":
            store.log_heap(pending)
            pending = []
            queue = model[heap] = [_entry(heap, e) for e in many]
            heapq.heapify(queue)
            store.replace_heap(heap, queue)
        elif op == "commit":
            store.log_heap(pending)
            pending = []
    store.log_heap(pending)
    expected = {name: [list(e) for e in queue] for name, queue in model.items()}
    with sqlite3.connect(store.path) as reader:
        assert read_heaps(reader) == expected
    store.compact_heaps()
    with sqlite3.connect(store.path) as reader:
        assert read_heaps(reader) == expected
        assert reader.execute("SELECT count(*) FROM heap_ops").fetchone() == (0,)


def test_bad_queue_entries_are_refused(saved: tuple[SqliteStore, dict[str, Any]]) -> None:
    store, snapshot = saved
    for bad in [
        (1, 2),
        ("x", 0.0, 1, 0),
        (1, 0.0, 1.5, 0),
        (2**63, 0.0, 1, 0),
        "abc",
        [1, True, 1, 1],
    ]:
        with pytest.raises(InvalidValue):
            store.log_heap([(campaign_heap(0), (1, 0.0, 1, 1)), (campaign_heap(0), bad)])
    with pytest.raises(InvalidValue):
        store.create_heap("")
    assert store.load() == snapshot


# ---- parts -----------------------------------------------------------------------------------


def test_a_part_s_keys_are_written_and_the_others_kept(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    store.put_part("leases", {"counter": 42})
    store.put_part("store", {"next_handle": 99})
    callbacks = {
        "slot": {"2": 1, "0": 0},
        "owner": {"2": "a", "0": None},  # a campaign callback: owned by nobody, not absent
        "due_since": {"7": 5.0},
        "retries": [2],
    }
    store.put_part("callbacks", callbacks)
    store.put_part("later", {"c": {"rate": 1.25}})  # a part a later library may add
    store.put_part("now", "2026-06-15T14:00:00+00:00")
    found = store.load()
    assert found["leases"] == {**snapshot["leases"], "counter": 42}
    assert found["store"] == {**snapshot["store"], "next_handle": 99}
    assert found["callbacks"] == {**snapshot["callbacks"], **callbacks}
    assert found["now"] == "2026-06-15T14:00:00+00:00"
    assert list(found) == [*snapshot, "later"]
    assert found["later"] == {"c": {"rate": 1.25}}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("callbacks", {"slot": {}}),  # its three maps go together
        ("store", {"records": []}),  # the records go with their statuses and chains
        ("campaigns", {"not": "a list"}),
        ("leases", ["not", "a", "mapping"]),
        ("stats", {"n": object()}),
        ("dnc", {"numbers": [1], "contacts": [], "chains": []}),
        (7, {}),
    ],
)
def test_a_bad_part_is_refused_and_changes_nothing(
    saved: tuple[SqliteStore, dict[str, Any]], name: Any, value: Any
) -> None:
    store, snapshot = saved
    with pytest.raises(InvalidValue):
        store.put_part(name, value)
    assert store.load() == snapshot


def test_agents_and_campaigns_are_written_item_by_item(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    server = InMemoryOutboundServer.from_snapshot(snapshot)
    server.add_agent("b", campaigns=["c"])
    server.login("a")
    agents = server.agents.to_dict()
    store.upsert_items("agents", {"a": agents[0], "b": agents[1]})
    assert store.load()["agents"] == agents
    store.upsert_items("agents", {"a": None})
    assert store.load()["agents"] == agents[1:]
    store.upsert_items("agents", {"a": agents[0]})  # back, after the others
    assert store.load()["agents"] == [agents[1], agents[0]]
    campaign = {**snapshot["campaigns"][0], "state": "running"}
    store.upsert_items("campaigns", {"c": campaign})
    assert store.load()["campaigns"] == [campaign]
    lease = {"delivery_id": "d7", "agent_id": "a", "key": 0, "slot": 0}
    store.upsert_items("leases", {"d7": lease})
    assert store.load()["leases"] == {**snapshot["leases"], "leases": [lease]}
    request = {"request": {"request_id": "w1"}, "state": "queued", "agent_id": None}
    store.upsert_items("web_callbacks", {"w1": request})
    assert store.load()["web_callbacks"] == {**snapshot["web_callbacks"], "requests": [request]}
    before = store.load()
    for part, items in [
        ("agents", {"z": agents[0]}),  # the item of agent a under key z
        ("leases", {"d1": {}}),  # a lease without its delivery id
        ("stats", {"x": 1}),  # not kept item by item
        ("callbacks", {"1": {"slot": "x"}}),  # a chain's callback on no record slot
        ("callbacks", {"x": {"slot": 1}}),  # not a chain key
        ("callbacks", {"1": {"slot": 1, "when": 0}}),
        ("treatments", {"1": {"pass": 1.5}}),
        ("treatments", {"-1": {"pass": 1}}),
        ("agents", [agents[0]]),
        ("agents", {7: agents[0]}),
    ]:
        with pytest.raises(InvalidValue):
            store.upsert_items(part, items)  # type: ignore[arg-type]
    assert store.load() == before


def test_callbacks_and_treatments_are_written_chain_by_chain(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    store.upsert_items(
        "callbacks",
        {
            "2": {"slot": 1, "owner": "a", "retry": False},
            "0": {"slot": 0, "owner": None, "due_since": 5.0, "retry": False},  # a campaign's
            "7": {"slot": 3, "retry": True},  # a treatment's retry
        },
    )
    store.upsert_items("treatments", {"7": {"history": [{"n": 1}], "pass": 2}, "9": {"pass": 1}})
    found = store.load()
    assert found["callbacks"] == {
        **snapshot["callbacks"],
        "slot": {"0": 0, "2": 1, "7": 3},
        "owner": {"0": None, "2": "a"},
        "due_since": {"0": 5.0},
        "retries": [7],
    }
    assert found["treatments"] == {
        **snapshot["treatments"],
        "history": {"7": [{"n": 1}]},
        "passes": {"7": 2, "9": 1},
    }
    store.upsert_items("callbacks", {"2": None, "7": None})
    store.upsert_items("treatments", {"7": None})
    found = store.load()
    assert found["callbacks"]["slot"] == {"0": 0}
    assert found["callbacks"]["retries"] == []
    assert found["treatments"]["passes"] == {"9": 1}


# ---- records and chains ----------------------------------------------------------------------


def test_records_and_chains_are_upserted(saved: tuple[SqliteStore, dict[str, Any]]) -> None:
    store, snapshot = saved
    first = dict(snapshot["store"]["records"][0])
    first["attempts"] = 1
    first["custom"] = {"Visits": 2, "Outcome": "busy"}  # a new custom field: a new column
    store.upsert_records(0, [ListRow(first, 3, 3, 1, 0, 0, 0)])
    store.upsert_chains([ChainRow(0, 0, 4, 7, ("a",))])
    found = store.load()["store"]
    assert found["records"][0] == first
    assert (found["status"][0], found["type"][0]) == (3, 3)
    assert (found["chain_place"][0], found["chain_version"][0]) == (4, 7)
    assert found["returned_by"] == {"0": ["a"]}
    assert store.list_info("c").fields == ("Visits", "Outcome")


def test_a_new_campaign_gets_its_list_with_its_first_records(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    server = InMemoryOutboundServer.from_snapshot(snapshot)
    server.add_campaign("d", "Progressive")
    server.load_chains("d", [[Record(record_handle=9, chain_id=9, phone="9", tz_name="UTC")]])
    with store.transaction():
        store.put_part("campaigns", server.campaigns.to_dict())
        store.create_heap(campaign_heap(1))
        store.upsert_records(1, [ListRow(server.record(9).to_dict(), 1, 2, 1, 3, 3, 3)])
        store.upsert_chains([ChainRow(3, 1, 1, 0)])
        store.log_heap([(campaign_heap(1), (4, 0.0, 3, 0))])
        store.put_part("trace_seq", server.trace.seq)
        store.put_part("store", {"next_handle": server.store.next_handle})
    assert store.load() == server.snapshot()
    assert store.list_info("d").campaign == "d"


def test_records_of_a_campaign_the_store_lacks_are_refused(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    row = ListRow(snapshot["store"]["records"][0], 1, 2, 1, 0, 0, 0)
    with pytest.raises(InvalidValue, match="campaign number 5"):
        store.upsert_records(5, [row])
    for bad in [
        attrs.evolve(row, record={"record_handle": 1}),
        attrs.evolve(row, status="1"),
        attrs.evolve(row, slot=2**64),
        attrs.evolve(row, record={**row.record, "phone": 5}),
    ]:
        with pytest.raises(InvalidValue):
            store.upsert_records(0, [bad])
    with pytest.raises(InvalidValue):
        store.upsert_chains([ChainRow(0, 0, "1", 0)])  # type: ignore[arg-type]
    assert store.load() == snapshot


def test_the_do_not_call_list_grows_and_shrinks(saved: tuple[SqliteStore, dict[str, Any]]) -> None:
    store, _ = saved
    store.add_dnc("numbers", ["+15550100", "+15550101"])
    store.add_dnc("chains", [4])
    store.add_dnc("contacts", ["x@y.z"])
    store.remove_dnc("numbers", ["+15550100"])
    assert store.load()["dnc"] == {"numbers": ["+15550101"], "contacts": ["x@y.z"], "chains": [4]}
    with pytest.raises(InvalidValue):
        store.add_dnc("chains", ["4"])
    with pytest.raises(InvalidValue):
        store.add_dnc("phones", ["1"])


# ---- transactions -------------------------------------------------------------------------------


def test_a_transaction_commits_all_or_nothing(saved: tuple[SqliteStore, dict[str, Any]]) -> None:
    store, snapshot = saved

    def failing_command() -> None:
        with store.transaction():
            store.put_part("leases", {"counter": 42})
            with store.transaction():  # joins the outer one
                store.append_trace([TraceEvent(1, NOW, "server", "x")])
                assert store.in_transaction
            raise RuntimeError("the command failed")

    with pytest.raises(RuntimeError):
        failing_command()
    assert not store.in_transaction
    assert store.load() == snapshot
    assert store.trace() == []
    with store.transaction():
        store.put_part("leases", {"counter": 42})
        store.append_trace([TraceEvent(1, NOW, "server", "x")])
    assert store.load()["leases"]["counter"] == 42
    assert [e.seq for e in store.trace()] == [1]


# ---- the journal -------------------------------------------------------------------------------


def test_the_null_journal_keeps_nothing() -> None:
    NULL_JOURNAL.records_changed([1])
    NULL_JOURNAL.heap_pushed(CALLBACK_HEAP, (1.0, 1, 1))
    NULL_JOURNAL.commit()


def test_the_journal_watches_the_clock_the_counters_and_the_trace(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    server = InMemoryOutboundServer.from_snapshot(snapshot)
    journal = SqliteJournal(store, server)
    server.trace.sinks.append(journal.trace_event)
    server.advance(NOW + timedelta(minutes=5))
    server.stats["seen"] += 1
    server.trace.emit("server", "note")
    journal.commit()
    found = store.load()
    assert found["now"] == server.snapshot()["now"]
    assert found["stats"] == {"seen": 1}
    assert found["trace_seq"] == server.trace.seq
    assert [e.event for e in store.trace()] == ["note"]


def test_a_journal_with_nothing_to_write_does_not_touch_the_store(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    journal = SqliteJournal(store, InMemoryOutboundServer.from_snapshot(snapshot))
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        journal.commit()  # nothing changed: no transaction, so no wait for the lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_failed_commit_leaves_the_journal_behind(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    server = small_server()
    with SqliteStore(path) as store:
        store.save(server.snapshot())
    store = SqliteStore(path, busy_timeout=0.05)
    journal = SqliteJournal(store, server)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    server.stats["x"] += 1
    try:
        with pytest.raises(StorageError) as caught:
            journal.commit()
        assert caught.value.code == ErrorCode.STORE_LOCKED
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert journal.behind
    with pytest.raises(StorageError) as behind:
        journal.commit()
    assert behind.value.code == ErrorCode.STORE_BEHIND
    assert store.load() == small_server().snapshot()
    store.close()


def test_the_journal_writes_do_not_call_changes_as_differences(
    saved: tuple[SqliteStore, dict[str, Any]],
) -> None:
    store, snapshot = saved
    server = InMemoryOutboundServer.from_snapshot(snapshot)
    server.dnc.add("+1 555 0199")
    server.dnc.add("Somebody@Example.com")
    store.put_part("dnc", server.dnc.to_dict())
    journal = SqliteJournal(store, server)
    server.dnc.remove("+1 555 0199")
    server.dnc.add_chain(8, ["+1 555 0188"])
    journal.part_changed("dnc")
    journal.commit()
    assert store.load()["dnc"] == server.dnc.to_dict()


JUNK: list[Any] = [None, "", 7, -1, 2**70, True, 1.5, float("nan"), [], {}, [[[[]]]], "\ud800",
                   b"bytes", object(), {"a": {1, 2}}, ["campaign/0", None], [("", None)]]  # fmt: skip
_deep: list[Any] = []
for _ in range(3000):
    _deep = [_deep]
JUNK.append(_deep)
METHODS = [
    ("save", 1), ("upsert_records", 2), ("upsert_chains", 1), ("create_heap", 1),
    ("log_heap", 1), ("replace_heap", 2), ("put_part", 2), ("add_dnc", 2), ("remove_dnc", 2),
    ("append_trace", 1), ("trace", 1), ("upsert_items", 2), ("import_list", 2), ("list_info", 1),
    ("list_records", 1), ("drop_list", 1),
]  # fmt: skip


def contents(store: SqliteStore) -> list[str]:
    """Every row of every table, read by a connection of its own."""
    with sqlite3.connect(f"{Path(store.path).as_uri()}?mode=ro", uri=True) as reader:
        return list(reader.iterdump())


@settings(STORE_SETTINGS, max_examples=max(50, settings.default.max_examples))
@given(
    method=st.sampled_from(METHODS),
    arguments=st.lists(st.sampled_from(JUNK), min_size=2, max_size=2),
)
def test_hostile_arguments_raise_outbound_errors_and_change_nothing(
    saved: tuple[SqliteStore, dict[str, Any]], method: tuple[str, int], arguments: list[Any]
) -> None:
    store, _ = saved
    name, count = method
    before = contents(store)
    try:
        getattr(store, name)(*arguments[:count])
    except OutboundError:
        assert contents(store) == before, f"a refused {name} changed the store"


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        ("save", ({},)),  # a mapping, but no server's snapshot
        ("save", ({"store": {}},)),
        ("put_part", ("", 1)),
        ("put_part", ("  ", 1)),
        ("create_heap", ("queue",)),  # not a campaign's, an agent's or the callbacks' queue
        ("create_heap", ("campaign/01",)),
        ("log_heap", ([("campaign/x", None)],)),
        ("replace_heap", ("personal", [])),
    ],
)
def test_arguments_that_are_not_what_they_look_like_are_refused(
    saved: tuple[SqliteStore, dict[str, Any]], method: str, arguments: tuple[Any, ...]
) -> None:
    store, _ = saved
    before = contents(store)
    with pytest.raises(InvalidValue):
        getattr(store, method)(*arguments)
    assert contents(store) == before
