"""Record status and chain state as the outbound server keeps them (reference §2.1, §2.5, §4).

`RecordStatusMachine` follows one record's `record_status`. Its state ids are the lower-case
names of `outbound_core.codes.RecordStatus` members, and `RECORD_STATUSES` maps each to its
member. The moves come from the agent actions of the reference (§4.3) and its inferred status
flows (§4.5); most are inferred, and `docs/sources.md` gives the reading behind each:

* a record without status (0) is made Ready when the server takes it up (a calling list's
  records arrive Ready);
* the server retrieves a Ready record (or a Chain Ready member, or a Missed CallBack) for an
  agent or a dial; the chain's other live records become Chain Ready while it is worked. When
  the agent dials another record of the chain, the record retrieved hands over to it (back to
  Chain Ready) and the dialed record is retrieved;
* a retrieved record is finished by Mark Done (Updated); Do Not Call finishes any live record
  (Updated, type No Call, reference §3.4); a reject or a time-out returns it to Ready; a
  reschedule makes it Ready again with a callback type and a dialing time;
* a cancel makes any live record Cancelled;
* the server marks a retrieved record Stale when it stays unfinished too long, or Agent Error
  when a treatment says so (a retrieved one, or a due personal callback whose agent is gone); a campaign callback not delivered in time is Missed CallBack, and
  may still be retrieved; the server finalizes a record it holds without delivering it (a
  personal callback whose agent is gone, with no treatment);
* Chain Ready members return to Ready when the chain goes on without being finished, or become
  Chain Updated when another member finishes the chain.

Updated, Stale, Cancelled, Agent Error and Chain Updated are final for the campaign run: nothing
retrieves such a record again. A record's type changes only with the events that give it one
(`TYPE_EVENTS`).

`ChainMachine` is the chain's state as reported to Info Mart (§2.5): unloaded (0), scheduled (1),
processing (2), processed (3); `CHAIN_STATE_CODES` gives the numbers. A chain is scheduled while
it waits (in a queue, or for a callback), processing while it is out with an agent or a dial,
and processed once it is finished; a reschedule (an agent's callback, a treatment) schedules it
again.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from statemachine import State, StateMachine

from outbound_core.codes import RecordStatus, RecordType

__all__ = [
    "CHAIN_STATE_CODES",
    "RECORD_STATUSES",
    "TYPE_EVENTS",
    "ChainMachine",
    "RecordStatusMachine",
]


class RecordStatusMachine(StateMachine):
    """One calling-list record's status, from no status to a final status."""

    no_record_status = State("No Record Status", initial=True)
    ready = State("Ready")
    retrieved = State("Retrieved")
    chain_ready = State("Chain Ready")
    missed_callback = State("Missed CallBack")
    updated = State("Updated", final=True)
    stale = State("Stale", final=True)
    cancelled = State("Cancelled", final=True)
    agent_error = State("Agent Error", final=True)
    chain_updated = State("Chain Updated", final=True)

    make_ready = no_record_status.to(ready)
    retrieve = ready.to(retrieved) | chain_ready.to(retrieved) | missed_callback.to(retrieved)
    chain_member_retrieved = ready.to(chain_ready) | missed_callback.to(chain_ready)
    hand_over = retrieved.to(chain_ready)
    mark_done = retrieved.to(updated)
    reject = retrieved.to(ready)
    reschedule = (
        retrieved.to(ready) | chain_ready.to(ready) | ready.to(ready) | missed_callback.to(ready)
    )
    unschedule = retrieved.to(retrieved)
    cancel = (
        ready.to(cancelled)
        | retrieved.to(cancelled)
        | chain_ready.to(cancelled)
        | missed_callback.to(cancelled)
    )
    mark_do_not_call = (
        ready.to(updated)
        | retrieved.to(updated)
        | chain_ready.to(updated)
        | missed_callback.to(updated)
    )
    go_stale = retrieved.to(stale)
    mark_agent_error = retrieved.to(agent_error) | ready.to(agent_error)
    miss_callback = ready.to(missed_callback)
    finalize = ready.to(updated) | missed_callback.to(updated)
    chain_member_ready = chain_ready.to(ready)
    chain_member_updated = (
        ready.to(chain_updated) | chain_ready.to(chain_updated) | missed_callback.to(chain_updated)
    )


#: `RecordStatusMachine` state id to the `record_status` it stands for (every status has one).
RECORD_STATUSES: Mapping[str, RecordStatus] = MappingProxyType(
    {status.name.lower(): status for status in RecordStatus}
)

#: The events that may change a record's type, and the types each may give it: a reschedule
#: makes a callback (an agent's) or a rescheduled record (a treatment's, or a missed callback
#: given to the campaign); Do Not Call makes it No Call; removing the schedule of a callback
#: record makes it General again.
TYPE_EVENTS: Mapping[str, frozenset[RecordType]] = MappingProxyType(
    {
        "reschedule": frozenset(
            {
                RecordType.PERSONAL_CALLBACK,
                RecordType.CAMPAIGN_CALLBACK,
                RecordType.PERSONAL_RESCHEDULED,
                RecordType.CAMPAIGN_RESCHEDULED,
            }
        ),
        "mark_do_not_call": frozenset({RecordType.NO_CALL}),
        "unschedule": frozenset({RecordType.GENERAL}),
    }
)


class ChainMachine(StateMachine):
    """One chain's processing attempts, as the outbound server reports them (§2.5)."""

    unloaded = State("Unloaded", initial=True)
    scheduled = State("Scheduled")
    processing = State("Processing")
    processed = State("Processed")

    load = unloaded.to(scheduled)
    start_processing = scheduled.to(processing)
    return_to_queue = processing.to(scheduled)
    reschedule = processing.to(scheduled) | processed.to(scheduled)
    process = processing.to(processed) | scheduled.to(processed)
    unload = scheduled.to(unloaded) | processing.to(unloaded) | processed.to(unloaded)


#: `ChainMachine` state id to the chain state number of the Info Mart history (§2.5).
CHAIN_STATE_CODES: Mapping[str, int] = MappingProxyType(
    {"unloaded": 0, "scheduled": 1, "processing": 2, "processed": 3}
)
