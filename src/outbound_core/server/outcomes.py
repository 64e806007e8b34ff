"""What the in-memory server does with a record's outcome and with callbacks falling due.

`apply_outcome` applies Mark Done (reference §4.3, §4.5): the worked record gets its call
result, one more attempt when a call was made, and the buffered field updates; its status and
type follow `Outcome.status_and_type`; Do Not Call puts the number (or the chain) on the list
and finalizes; a scheduled callback puts the chain back on the schedule, a record added on a new
number included; otherwise the chain is done and its other live records become Chain Updated.

`callback_due` releases a callback at its instant: a campaign callback to the campaign's queue,
a personal one to its agent's own queue. A personal callback whose agent is not logged in then
(or who logs out before getting it) gets call result Agent CallBack Error (47, reference §2.4,
§4.3) and is handled as `ServerSettings.agent_callback_error` says.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import attrs

from outbound_core.codes import CallbackType, CallResult, ChainScope
from outbound_core.codes import RecordStatus as S
from outbound_core.codes import RecordType as T
from outbound_core.records.outcome import Outcome
from outbound_core.server.store import Place, Rank

if TYPE_CHECKING:
    from outbound_core.server.in_memory import InMemoryOutboundServer

__all__ = ["apply_outcome", "callback_due", "miss_personal_callbacks"]


def _add_new_records(server: InMemoryOutboundServer, key: int, outcome: Outcome) -> dict[int, int]:
    """Store the records the interaction added to the chain; returns their handle remapping
    (a handle another chain of the server already uses gets a free one)."""
    store = server.store
    remap: dict[int, int] = {}
    for record in outcome.chain.records:
        handle = record.record_handle
        slot = store.slot_of.get(handle)
        if slot is not None and store.chain_of[slot] == key:
            continue
        if slot is not None:
            remap[handle] = store.free_handle()
            record = attrs.evolve(record, record_handle=remap[handle])
        store.chains[key].append(store.add_record(record, key))
        server.stats["records added on a new number"] += 1
    return remap


def apply_outcome(
    server: InMemoryOutboundServer, key: int, worked_slot: int, outcome: Outcome, agent_id: str
) -> None:
    """Apply a Mark Done outcome to chain `key` (see the module docs)."""
    store = server.store
    remap = _add_new_records(server, key, outcome)
    worked = store.slot_of[remap.get(outcome.record_handle, outcome.record_handle)]
    record = store.records[worked]
    if outcome.field_updates:
        record = record.updated(outcome.field_updates)
    result = CallResult.DO_NOT_CALL if outcome.do_not_call else outcome.call_result
    attempts = (record.attempts or 0) + (1 if outcome.called else 0)
    store.records[worked] = attrs.evolve(record, call_result=result, attempts=attempts)
    back = {new: old for old, new in remap.items()}
    for slot in store.chains[key]:
        handle = store.records[slot].record_handle
        moved = outcome.status_and_type(back.get(handle, handle), T(store.rtype[slot]))
        if moved is not None:
            store.set(slot, *moved)
        elif slot != worked and not store.is_final(slot) and outcome.scheduled is not None:
            store.set(slot, S.READY)
    server._rejected_by.pop(key, None)
    kind = server._callback_kind(key)
    if kind is not None and outcome.called:
        server.stats["callbacks kept"] += 1
    server._callback_slot.pop(key, None)
    server.callback_owner.pop(key, None)
    if outcome.do_not_call:
        chain_id = store.records[worked].chain_id
        if server.settings.dnc_scope is ChainScope.ALL_CHAIN:
            phones = [store.records[slot].phone for slot in store.chains[key]]
            server.dnc.add_chain(chain_id, phones)
            for slot in store.live_slots(key):
                store.set(slot, S.UPDATED, T.NO_CALL)
        else:
            server.dnc.add(store.records[worked].phone)
        server.stats["do not call"] += 1
    scheduled = outcome.scheduled
    if scheduled is None:
        for slot in store.live_slots(key):
            store.set(slot, S.CHAIN_UPDATED)
        store.move(key, Place.DONE)
        return
    handle = remap.get(scheduled.record_handle, scheduled.record_handle)
    server._callback_slot[key] = store.slot_of[handle]
    personal = scheduled.callback_type is CallbackType.PERSONAL
    server.callback_owner[key] = agent_id if personal else None
    server.stats[f"callbacks scheduled ({scheduled.callback_type.value.lower()})"] += 1
    server._schedule_at(key, scheduled.when.instant.timestamp())


def callback_due(server: InMemoryOutboundServer, key: int) -> None:
    """A scheduled callback's instant has come (see the module docs)."""
    store = server.store
    slot = server._callback_slot.get(key)
    if slot is None or store.is_final(slot):
        store.move(key, Place.DONE if not store.live_slots(key) else Place.QUEUED)
        if store.live_slots(key):
            store.enqueue(key, Rank.GENERAL, server.now.timestamp())
        return
    record = store.records[slot]
    owner = server.callback_owner.get(key)
    server.trace.emit(
        "server", "callback-due", agent_id=owner, record_handle=record.record_handle,
        chain_id=record.chain_id,
        args={"callback": "PERSONAL" if owner is not None else "CAMPAIGN"},
    )  # fmt: skip
    if owner is None:
        store.enqueue(key, Rank.CAMPAIGN_CALLBACK, server.now.timestamp())
        return
    session = server.agents[owner].session
    if session.logged_in and not session.logout_pending:
        store.enqueue(
            key, Rank.PERSONAL_CALLBACK, server.now.timestamp(), server.agents[owner].personal
        )
        return
    _agent_callback_error(server, key)


def _agent_callback_error(server: InMemoryOutboundServer, key: int) -> None:
    store = server.store
    slot = server._callback_slot[key]
    record = store.records[slot]
    store.records[slot] = attrs.evolve(record, call_result=CallResult.AGENT_CALLBACK_ERROR)
    server.stats["callbacks missed (agent callback error)"] += 1
    server.trace.emit(
        "server", "agent-callback-error", agent_id=server.callback_owner.get(key),
        record_handle=record.record_handle, chain_id=record.chain_id,
        args={"handling": server.settings.agent_callback_error},
    )  # fmt: skip
    server.callback_owner[key] = None
    if server.settings.agent_callback_error == "assign-to-group":
        store.set(slot, S.READY, T.CAMPAIGN_CALLBACK)
        store.enqueue(key, Rank.CAMPAIGN_CALLBACK, server.now.timestamp())
        return
    store.set(slot, S.UPDATED)
    for member in store.live_slots(key):
        store.set(member, S.CHAIN_UPDATED)
    server._callback_slot.pop(key, None)
    server.callback_owner.pop(key, None)
    store.move(key, Place.DONE)


def miss_personal_callbacks(server: InMemoryOutboundServer, agent_id: str) -> None:
    """The agent logged out: due personal callbacks still waiting for them are missed."""
    agent = server.agents[agent_id]
    waiting, agent.personal = agent.personal, []
    while waiting:
        entry = heapq.heappop(waiting)
        if server.store.valid(entry):
            _agent_callback_error(server, entry[2])
