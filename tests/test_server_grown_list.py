"""A grown list loaded without making its records: the same server as its chains loaded one by
one, before and after work, and refused whole when it cannot load."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from outbound_core.codes import RecordStatus
from outbound_core.desk import OutboundService
from outbound_core.errors import InvalidValue
from outbound_core.records import GrownList, Record
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.record_column import RecordColumn
from outbound_core.server.store import Place
from outbound_core.simulation import TraceAccounts, check_accounts, field_list, simulate
from outbound_core.simulation.calling_list import pattern_chains
from outbound_core.trace import TraceEvent

NOW = datetime(2026, 6, 15, 14, 0, tzinfo=UTC)
PATTERNS = pattern_chains()


def _server(lists: list[Any]) -> InMemoryOutboundServer:
    server = InMemoryOutboundServer(NOW)
    for n, chains in enumerate(lists):
        name = f"c{n}"
        server.add_campaign(name, "Preview", field_list())
        server.add_agent(f"a{n}", campaigns=[name])
        server.load_chains(name, chains)
        server.campaign_event(name, "load")
        server.campaign_event(name, "start")
    return server


def _work(server: InMemoryOutboundServer, campaigns: int, records: int) -> None:
    """Each agent takes `records` previews and marks them done with a call result."""
    for n in range(campaigns):
        desk = OutboundService(server, f"a{n}", id_prefix=f"a{n}:")
        desk.login()
        desk.ready()
        for result in (33, 7, 28, 6)[:records]:
            iid = desk.get_preview_record(f"c{n}")
            if iid is None:
                return
            desk.update_record_fields(iid, {"Balance_Due": 1.5})
            handle = desk.held[iid].interaction.record.record_handle
            call = desk.call_preview_record(iid, handle)
            desk.call_connected(call)
            desk.set_call_result(call, result)
            desk.call_ended(call)
            desk.mark_done(call)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 3_000), st.integers(1, 3), st.integers(0, 4))
@example(3_000, 2, 3)  # many rounds: a pattern's untouched records counted many times over
def test_a_grown_list_loads_as_its_chains_would(records: int, parts: int, work: int) -> None:
    grown = [GrownList(PATTERNS, records, part=n, parts=parts) for n in range(parts)]
    lazy, made = _server(grown), _server([list(g) for g in grown])
    assert lazy.snapshot() == made.snapshot()
    _work(lazy, parts, work)
    _work(made, parts, work)
    assert lazy.snapshot() == made.snapshot()
    assert lazy.store.records.tally("call_result") == Counter(
        r.call_result for r in made.store.records
    )
    assert lazy.store.records.tally("attempts") == Counter(r.attempts for r in made.store.records)
    # Only the chains the work was given were made.
    assert lazy.store.records.held() <= parts * work * max(len(chain) for chain in PATTERNS)


def test_loading_touches_no_record() -> None:
    server = _server([GrownList(PATTERNS, 100_000)])
    assert len(server.store.records) == 100_000
    assert server.store.records.held() == 0
    assert server.record(54_321).record_handle == 54_321
    assert server.store.records.held() == 1


def test_a_grown_list_whose_handles_are_loaded_is_refused_whole() -> None:
    grown = GrownList(PATTERNS, 500, part=0, parts=2)
    server = _server([grown])
    before = server.snapshot()
    for again in (grown, GrownList(PATTERNS, 600)):
        with pytest.raises(InvalidValue, match="already loaded"):
            server.load_chains("c0", again)
        assert server.snapshot() == before
    clash = [[Record(record_handle=1, chain_id=9_999, phone="+1 555 0100")]]
    with pytest.raises(InvalidValue, match="already loaded"):
        server.load_chains("c0", clash)
    assert server.snapshot() == before
    # The other part has none of these handles.
    assert server.load_chains("c0", GrownList(PATTERNS, 500, part=1, parts=2)) > 0


def test_chains_after_a_grown_list_take_the_next_handles() -> None:
    server = _server([GrownList(PATTERNS, 300)])
    assert server.store.free_handle() == 301


@pytest.mark.parametrize(
    "breakage",
    ["twice queued", "not queued", "done with live records", "queued with none", "out unleased",
     "leased and queued", "scheduled and queued"],
)  # fmt: skip
def test_the_accounts_find_a_chain_out_of_place(breakage: str) -> None:
    server = _server([GrownList(PATTERNS, 50)])
    accounts = TraceAccounts()
    server.trace.sinks.append(accounts)
    assert check_accounts(server, accounts) == (0, [])
    store = server.store
    if breakage == "twice queued":
        store.queues[0].append(store.queues[0][0])
    elif breakage == "not queued":
        store.queues[0].clear()
    elif breakage == "done with live records":
        store.chain_place[0] = Place.DONE
    elif breakage == "queued with none":
        for slot in store.chains[0]:
            store.status[slot] = int(RecordStatus.UPDATED)  # final, the chain still queued
    elif breakage == "out unleased":
        store.chain_place[0] = Place.OUT
    elif breakage == "scheduled and queued":
        server.callbacks.at(0, 0.0, store.chain_version[0])
    else:
        server.login("a0")
        server.make_ready("a0")
        delivery = server.request_preview("a0", "c0")
        assert delivery is not None
        key = server.leases[delivery.delivery_id].key
        store.chain_place[key] = Place.QUEUED
        store.queues[0].append((4, 0.0, key, store.chain_version[key]))
    lost, problems = check_accounts(server, accounts)
    assert problems
    assert lost >= 1 or breakage == "queued with none"


def test_a_column_makes_a_record_on_first_reading_and_holds_it() -> None:
    grown = GrownList(PATTERNS, 40, part=1, parts=2)
    column = RecordColumn([PATTERNS[0].records[0]])
    assert column.add_grown(grown) == range(1, 1 + len(grown))
    assert list(column) == [PATTERNS[0].records[0], *(grown.record(i) for i in range(len(grown)))]
    assert column.held() == 1  # reading it whole keeps nothing
    first = column[1]
    assert first is column[1]
    assert column[-1] == grown.record(len(grown) - 1)
    assert column.held() == 3
    changed = Record(record_handle=first.record_handle, chain_id=first.chain_id, phone="+1 555")
    column[1] = changed
    assert column[1] is changed
    assert column.tally("phone") == Counter(r.phone for r in column)
    assert column.tally("call_result") == Counter(r.call_result for r in column)


@settings(max_examples=4, deadline=None)
@given(st.integers(1, 2_000), st.integers(0, 50), st.sampled_from(["all", "push-preview"]))
def test_a_simulated_day_on_a_grown_list_is_the_day_on_its_chains(
    records: int, seed: int, mode: str
) -> None:
    def day() -> tuple[Any, list[dict[str, Any]]]:
        events: list[TraceEvent] = []
        summary = simulate(records=records, agents=5, mode=mode, seed=seed, sinks=[events.append])
        return summary, [event.to_dict() for event in events]

    lazy = day()
    real = InMemoryOutboundServer.load_chains

    def made(self: InMemoryOutboundServer, name: str, chains: Any) -> int:
        return real(self, name, list(chains) if isinstance(chains, GrownList) else chains)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(InMemoryOutboundServer, "load_chains", made)
        eager = day()
    assert lazy == eager
