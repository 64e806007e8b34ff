"""A server on a durable store: every command commits what it changed, before it returns
(issue 17).

The desks-and-server harness (`test_server_desks_stateful`) drives a server with a
`SqliteJournal` attached, with legal and illegal commands. Every call the harness and the desks
make into that server (each outermost command, refused or not, and each event a desk traces on
its own) is replayed on a twin server built the same way and kept in memory only. After every
command: the twin's snapshot equals the durable server's (and a refused command is refused by
both, with the same code); the store holds the server as it is (typed comparison: `True` is not
`1`); a server rebuilt from the store's file equals the live one; and after the events the desks
traced on their own are committed, the trace too.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import rule
from tests import test_server_desks_stateful as harness
from tests.test_storage_snapshots import StoredServerAndDesks, typed

from outbound_core import InMemoryOutboundServer, Record
from outbound_core.codes import DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, OutboundError, StorageError
from outbound_core.journal import NULL_JOURNAL
from outbound_core.simulation import ScriptedAgent
from outbound_core.storage import SqliteJournal, SqliteStore
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)


def without_trace_seq(snapshot: dict[str, Any]) -> str:
    return typed({name: part for name, part in snapshot.items() if name != "trace_seq"})


class CallLog:
    """Every outermost command called on a server (on it or its web callback board), with its
    arguments and the code it was refused with (None: it succeeded), and every event traced
    outside a command (a desk's own), in order; `replay` makes the same calls on another
    server."""

    def __init__(self, server: InMemoryOutboundServer) -> None:
        self.server = server
        self.calls: list[tuple[str, str, tuple[Any, ...], dict[str, Any], str | None]] = []
        for part, target in (("server", server), ("board", server.web_callbacks)):
            for name in dir(type(target)):
                method = getattr(type(target), name)
                if callable(method) and hasattr(method, "__wrapped__"):  # a `command`
                    setattr(target, name, self._recorder(part, name, getattr(target, name)))
        server.trace.sinks.append(self._traced)

    def _recorder(self, part: str, name: str, method: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if self.server.scope.depth:
                return method(*args, **kwargs)
            try:
                result = method(*args, **kwargs)
            except OutboundError as error:
                self.calls.append((part, name, args, kwargs, error.code))
                raise
            self.calls.append((part, name, args, kwargs, None))
            return result

        return call

    def _traced(self, event: TraceEvent) -> None:
        if not self.server.scope.depth:
            facts = {k: v for k, v in attrs.asdict(event, recurse=False).items()
                     if k not in ("seq", "time", "kind", "event")}  # fmt: skip
            self.calls.append(("trace", event.kind, (event.event,), facts, None))

    def replay(self, twin: InMemoryOutboundServer) -> None:
        """Make the calls logged since the last replay on `twin`; each is refused by `twin`
        exactly when it was refused here, with the same code."""
        for part, name, args, kwargs, code in self.calls:
            if part == "trace":
                twin.trace.emit(name, *args, **kwargs)
                continue
            target = twin if part == "server" else twin.web_callbacks
            try:
                getattr(target, name)(*args, **kwargs)
            except OutboundError as error:
                assert error.code == code, f"{name}: refused with {error.code}, not {code}"
            else:
                assert code is None, f"{name}: refused here with {code}, not by the twin"
        self.calls.clear()


class DurableServerAndDesks(StoredServerAndDesks):
    """The harness, its server on a store from the start of a working day."""

    def __init__(self) -> None:
        super().__init__()
        self.twin = harness.ServerAndDesks().server  # built the same way, in memory only
        self.calls = CallLog(self.server)
        for desk in self.desks.values():  # a working day: the agents are in and Ready
            desk.login()
            desk.ready()
        self.folder = Path(tempfile.mkdtemp(prefix="outbound-journal-"))
        self.store = SqliteStore(self.folder / "day.sqlite", synchronous="normal")
        self.store.save(self.server.snapshot())
        self.store.append_trace(self.events)
        self.journal = SqliteJournal(self.store, self.server)
        self.server.attach(self.journal)

    def _run(self, name: str, command: Any) -> None:
        super()._run(name, command)
        # The same calls give the server in memory the same state, refused or not.
        self.calls.replay(self.twin)
        assert typed(self.twin.snapshot()) == typed(self.server.snapshot())
        # The server's state is in the store: every command committed what it changed.
        stored = self.store.load()
        assert without_trace_seq(stored) == without_trace_seq(self.server.snapshot())
        reloaded = InMemoryOutboundServer.from_snapshot(stored).snapshot()
        assert without_trace_seq(reloaded) == without_trace_seq(self.server.snapshot())
        # A desk traces some events without asking the server anything; they are written
        # with the next command, or now.
        self.journal.commit()
        assert typed(self.store.load()) == typed(self.server.snapshot())
        assert self.store.trace() == self.events

    @rule(
        agent=st.sampled_from(sorted(harness.AGENTS)),
        campaign=st.sampled_from(sorted(harness.CAMPAIGNS)),
        seed=st.integers(0, 2**32 - 1),
        steps=st.integers(1, 30),
    )
    def work_like_an_agent(self, agent: str, campaign: str, seed: int, steps: int) -> None:
        """A scripted agent's steps (`simulation.ScriptedAgent`): the legal paths the other
        rules reach rarely (accept, call, set a result, mark done, reschedule, transfer, ...),
        20 seconds apart, each step checked."""
        scripted = ScriptedAgent(
            self.desks[agent], campaign, DialingMode.parse(harness.CAMPAIGNS[campaign]),
            random.Random(seed), self.server.now + timedelta(hours=8), Counter(),
            web_callbacks=True,
        )  # fmt: skip

        def step() -> None:
            self.server.advance(self.server.now + timedelta(seconds=20))
            scripted.step(self.server.now)

        for _ in range(steps):
            self._run("work_like_an_agent", step)

    @rule(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 5))
    def dial_like_a_dialer(self, seed: int, rounds: int) -> None:
        """The system-dialed campaigns' dials as a dialer places and ends them, each command
        checked."""
        rng = random.Random(seed)
        server = self.server
        for _ in range(rounds):
            for campaign in ("prog", "pred"):
                self._run("pace", lambda: server.pace(campaign))  # noqa: B023
            ringing = [
                dial_id for dial_id, lease in sorted(server.leases.items())
                if lease.agent_id is None and not server.pacer.is_waiting(dial_id)
            ]  # fmt: skip
            for dial_id in ringing:
                if rng.random() < 0.4:
                    self._run("dial_answered", lambda: server.dial_answered(dial_id))  # noqa: B023
                else:
                    result = rng.choice(["Busy", 7, "Answering Machine Detected", 41])
                    self._run("dial_failed", lambda: server.dial_failed(dial_id, result))  # noqa: B023
            self._run("advance", lambda: server.advance(server.now + timedelta(seconds=3)))

    def teardown(self) -> None:
        assert self.calls.calls == []
        loaded = InMemoryOutboundServer.from_snapshot(self.store.load())
        assert loaded.snapshot() == self.server.snapshot()
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TestDurableServerAndDesks = DurableServerAndDesks.TestCase
TestDurableServerAndDesks.settings = settings(
    TestDurableServerAndDesks.settings,
    stateful_step_count=40,
    max_examples=max(10, settings.default.max_examples // 10),  # each step reloads the file
)


# ---- attaching and committing ------------------------------------------------------------------


def small_server() -> InMemoryOutboundServer:
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("c", "Preview")
    server.add_agent("a", campaigns=["c"])
    server.load_chains(
        "c", [[Record(record_handle=n, chain_id=n, phone=f"+1 555 010{n}", tz_name="EST")]
              for n in (1, 2, 3)],
    )  # fmt: skip
    server.campaign_event("c", "load")
    server.campaign_event("c", "start")
    return server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "s.sqlite", synchronous="normal") as opened:
        yield opened


def test_a_server_commits_each_command_before_it_returns(store: SqliteStore) -> None:
    server = small_server()
    store.save(server.snapshot())
    server.attach(SqliteJournal(store, server))
    server.login("a")
    server.make_ready("a")
    delivery = server.request_preview("a", "c")
    assert delivery is not None
    # Another connection sees the delivery: it was committed when the command returned.
    with sqlite3.connect(f"{Path(store.path).as_uri()}?mode=ro", uri=True) as reader:
        (leases,) = reader.execute("SELECT count(*) FROM leases").fetchone()
    assert leases == 1
    assert store.load() == server.snapshot()


def test_attach_refuses_what_is_not_a_journal_and_detaches_the_last(store: SqliteStore) -> None:
    server = small_server()
    with pytest.raises(InvalidValue):
        server.attach("journal")  # type: ignore[arg-type]
    store.save(server.snapshot())
    first = SqliteJournal(store, server)
    server.attach(first)
    assert server.journal is first
    assert first.trace_event in server.trace.sinks
    server.attach(NULL_JOURNAL)
    assert server.journal is NULL_JOURNAL
    assert first.trace_event not in server.trace.sinks
    assert server.store.journal is NULL_JOURNAL


def test_a_refused_command_writes_nothing(store: SqliteStore) -> None:
    server = small_server()
    store.save(server.snapshot())
    server.attach(SqliteJournal(store, server))
    before = store.transactions
    with pytest.raises(InvalidValue):
        server.advance(NOW - timedelta(hours=1))
    assert store.transactions == before


def test_a_failed_commit_leaves_the_server_ahead_and_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    server = small_server()
    with SqliteStore(path) as saving:
        saving.save(server.snapshot())
    store = SqliteStore(path, busy_timeout=0.05)
    server.attach(SqliteJournal(store, server))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as caught:
            server.login("a")
        assert caught.value.code == ErrorCode.STORE_LOCKED
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert server.session_of("a").logged_in  # the server went ahead
    with pytest.raises(StorageError) as behind:
        server.make_ready("a")
    assert behind.value.code == ErrorCode.STORE_BEHIND
    # Rebuilt from the store, the server is as it was before the failed command.
    rebuilt = InMemoryOutboundServer.from_snapshot(store.load())
    assert not rebuilt.session_of("a").logged_in
    rebuilt.attach(SqliteJournal(store, rebuilt))
    rebuilt.login("a")
    assert store.load() == rebuilt.snapshot()
    store.close()


def test_a_commit_joins_the_caller_s_transaction(store: SqliteStore) -> None:
    server = small_server()
    store.save(server.snapshot())
    journal = SqliteJournal(store, server)
    server.attach(journal)
    with store.transaction():
        server.login("a")
        server.make_ready("a")
        store.put_part("driver", {"step": 1})
    assert store.load() == {**server.snapshot(), "driver": {"step": 1}}

    class Interrupted(Exception):
        pass

    def interrupted_step() -> None:
        with store.transaction():
            server.make_not_ready("a")
            raise Interrupted

    with pytest.raises(Interrupted):
        interrupted_step()
    # The transaction the command's commit joined rolled back: the server is ahead.
    assert journal.behind
    with pytest.raises(StorageError) as behind:
        server.make_ready("a")
    assert behind.value.code == ErrorCode.STORE_BEHIND


def test_a_batch_writes_its_commands_together_when_it_ends(store: SqliteStore) -> None:
    server = small_server()
    store.save(server.snapshot())
    journal = SqliteJournal(store, server)
    server.attach(journal)
    begun = store.transactions
    with journal.batch():
        server.login("a")
        with journal.batch():  # part of the outer batch
            server.make_ready("a")
        assert store.load()["agents"] != server.snapshot()["agents"]  # not written yet
        store.put_part("driver", {"step": 1})
    assert store.transactions == begun + 1
    assert store.load() == {**server.snapshot(), "driver": {"step": 1}}
    server.make_not_ready("a")  # after the batch, each command commits again
    assert store.transactions == begun + 2
    assert store.load() == {**server.snapshot(), "driver": {"step": 1}}


def test_a_batch_that_raises_writes_nothing_and_leaves_the_journal_behind(
    store: SqliteStore,
) -> None:
    server = small_server()
    store.save(server.snapshot())
    journal = SqliteJournal(store, server)
    server.attach(journal)
    before = store.load()

    class Interrupted(Exception):
        pass

    def interrupted_step() -> None:
        with journal.batch():
            server.login("a")
            raise Interrupted

    with pytest.raises(Interrupted):
        interrupted_step()
    assert store.load() == before
    assert journal.behind
    with pytest.raises(StorageError) as behind:
        server.make_ready("a")
    assert behind.value.code == ErrorCode.STORE_BEHIND
