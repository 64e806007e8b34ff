"""The interaction lifecycle of one outbound record, by dialing mode (seeds 000, 001, 002).

Each mode is one class with every state and transition written out, so a reader sees a mode's
whole table in one class statement; the modes repeat each other on purpose. Every mode ends in
the same call phase: while the call is active (`in_call`) or once it has ended (`after_call`),
the agent sets the call result, marks or unmarks Do Not Call, reschedules or cancels the
reschedule, updates fields, and finally marks the record done. What differs is how the record
reaches the agent:

- **Preview** (manual delivery): the agent asks for a record, previews it, then calls, rejects,
  cancels, asks for the next one, reschedules before the call, or marks it done.
- **Push Preview**: the record is offered unasked; the agent accepts it, rejects it back to the
  top of the queue, or discards it; no answer returns it like a reject. Accepted, it is
  previewed as in Preview, without "next record".
- **Direct Push Preview**: the record is pushed straight into the preview.
- **Progressive** and **Predictive**: the system dials and delivers a call already connected;
  there is no preview, reject or cancel before the call.

Every mode also takes a call another agent hands over with its record (`take_call`: an instant
or completed transfer, or a conference that shares the record, reference "Outbound Record Sharing
Between Multiple Desktops"), loses the record when its agent transfers the call to another agent
(`transfer_away`), and ends when another agent of a conference finishes the record first
(`processed_elsewhere`). A disposition code (`set_disposition`) and a note (`add_note`) may be
attached to an ongoing or terminated interaction (seed 003).

Guards are state facts the aggregate answers: `do_not_call_set` (seed 002: no call result once
Do Not Call is set), `reschedule_set` (a reschedule was set in this interaction: it excludes Do
Not Call) and `schedule_set` (the record carries schedule information, set here or because it
arrived as a scheduled callback: cancelReschedule removes it, seed 002) and
`disposition_missing` (the agent must give a disposition code before Mark Done, seed 003, and has
not). Privileges are checked by the aggregate before an
event is sent (`outbound_core.interaction.ACTION_PRIVILEGES`), so a refusal for a missing
privilege names the privilege rather than a guard.
"""

from __future__ import annotations

from statemachine import State, StateMachine

__all__ = [
    "AFTER_DELIVERY_STATES",
    "DirectPushPreviewInteractionMachine",
    "PredictiveInteractionMachine",
    "PreviewInteractionMachine",
    "ProgressiveInteractionMachine",
    "PushPreviewInteractionMachine",
]

#: States in which the record is with the agent and has not been finalized.
AFTER_DELIVERY_STATES = frozenset({"previewing", "dialing", "in_call", "after_call"})


class PreviewInteractionMachine(StateMachine):
    """A Preview record: the agent asks for it, previews it and dials it (seed 001)."""

    requested = State("Requested", initial=True)
    previewing = State("Previewing")
    dialing = State("Dialing")
    no_record = State("No record", final=True)
    replaced = State("Replaced by the next record", final=True)
    rejected = State("Rejected", final=True)
    cancelled = State("Cancelled", final=True)
    in_call = State("In call")
    after_call = State("After call")
    done = State("Done", final=True)
    transferred = State("Transferred to another agent", final=True)
    done_elsewhere = State("Done by another agent", final=True)

    deliver = requested.to(previewing)
    take_call = requested.to(in_call)
    no_records = requested.to(no_record)
    get_next = previewing.to(replaced)
    reject = previewing.to(rejected)
    call = previewing.to(dialing)
    cancel = previewing.to(cancelled)
    call_connected = dialing.to(in_call)
    call_failed = dialing.to(after_call)
    call_ended = in_call.to(after_call)
    set_call_result = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    set_do_not_call = in_call.to(in_call, unless="reschedule_set") | after_call.to(
        after_call, unless="reschedule_set"
    )
    remove_do_not_call = in_call.to(in_call, cond="do_not_call_set") | after_call.to(
        after_call, cond="do_not_call_set"
    )
    reschedule = (
        previewing.to(previewing, unless="do_not_call_set")
        | in_call.to(in_call, unless="do_not_call_set")
        | after_call.to(after_call, unless="do_not_call_set")
    )
    cancel_reschedule = (
        previewing.to(previewing, cond="schedule_set")
        | in_call.to(in_call, cond="schedule_set")
        | after_call.to(after_call, cond="schedule_set")
    )
    update_fields = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    mark_done = previewing.to(done, unless="disposition_missing") | after_call.to(
        done, unless="disposition_missing"
    )
    set_disposition = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    add_note = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    transfer_away = in_call.to(transferred)
    processed_elsewhere = in_call.to(done_elsewhere) | after_call.to(done_elsewhere)


class PushPreviewInteractionMachine(StateMachine):
    """A Push Preview record: offered unasked; accepted, rejected or discarded (seed 000)."""

    offered = State("Offered", initial=True)
    previewing = State("Previewing")
    dialing = State("Dialing")
    returned = State("Returned to the queue", final=True)
    discarded = State("Discarded", final=True)
    rejected = State("Rejected", final=True)
    cancelled = State("Cancelled", final=True)
    in_call = State("In call")
    after_call = State("After call")
    done = State("Done", final=True)
    transferred = State("Transferred to another agent", final=True)
    done_elsewhere = State("Done by another agent", final=True)

    accept = offered.to(previewing)
    take_call = offered.to(in_call)
    reject = offered.to(returned) | previewing.to(rejected)
    discard = offered.to(discarded)
    time_out = offered.to(returned)
    call = previewing.to(dialing)
    cancel = previewing.to(cancelled)
    call_connected = dialing.to(in_call)
    call_failed = dialing.to(after_call)
    call_ended = in_call.to(after_call)
    set_call_result = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    set_do_not_call = in_call.to(in_call, unless="reschedule_set") | after_call.to(
        after_call, unless="reschedule_set"
    )
    remove_do_not_call = in_call.to(in_call, cond="do_not_call_set") | after_call.to(
        after_call, cond="do_not_call_set"
    )
    reschedule = (
        previewing.to(previewing, unless="do_not_call_set")
        | in_call.to(in_call, unless="do_not_call_set")
        | after_call.to(after_call, unless="do_not_call_set")
    )
    cancel_reschedule = (
        previewing.to(previewing, cond="schedule_set")
        | in_call.to(in_call, cond="schedule_set")
        | after_call.to(after_call, cond="schedule_set")
    )
    update_fields = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    mark_done = previewing.to(done, unless="disposition_missing") | after_call.to(
        done, unless="disposition_missing"
    )
    set_disposition = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    add_note = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    transfer_away = in_call.to(transferred)
    processed_elsewhere = in_call.to(done_elsewhere) | after_call.to(done_elsewhere)


class DirectPushPreviewInteractionMachine(StateMachine):
    """A Direct Push Preview record: pushed straight into the preview (seed 002)."""

    pushed = State("Pushed", initial=True)
    previewing = State("Previewing")
    dialing = State("Dialing")
    rejected = State("Rejected", final=True)
    cancelled = State("Cancelled", final=True)
    in_call = State("In call")
    after_call = State("After call")
    done = State("Done", final=True)
    transferred = State("Transferred to another agent", final=True)
    done_elsewhere = State("Done by another agent", final=True)

    deliver = pushed.to(previewing)
    take_call = pushed.to(in_call)
    reject = previewing.to(rejected)
    call = previewing.to(dialing)
    cancel = previewing.to(cancelled)
    call_connected = dialing.to(in_call)
    call_failed = dialing.to(after_call)
    call_ended = in_call.to(after_call)
    set_call_result = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    set_do_not_call = in_call.to(in_call, unless="reschedule_set") | after_call.to(
        after_call, unless="reschedule_set"
    )
    remove_do_not_call = in_call.to(in_call, cond="do_not_call_set") | after_call.to(
        after_call, cond="do_not_call_set"
    )
    reschedule = (
        previewing.to(previewing, unless="do_not_call_set")
        | in_call.to(in_call, unless="do_not_call_set")
        | after_call.to(after_call, unless="do_not_call_set")
    )
    cancel_reschedule = (
        previewing.to(previewing, cond="schedule_set")
        | in_call.to(in_call, cond="schedule_set")
        | after_call.to(after_call, cond="schedule_set")
    )
    update_fields = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    mark_done = previewing.to(done, unless="disposition_missing") | after_call.to(
        done, unless="disposition_missing"
    )
    set_disposition = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    add_note = (
        previewing.to(previewing)
        | dialing.to(dialing)
        | in_call.to(in_call)
        | after_call.to(after_call)
    )
    transfer_away = in_call.to(transferred)
    processed_elsewhere = in_call.to(done_elsewhere) | after_call.to(done_elsewhere)


class ProgressiveInteractionMachine(StateMachine):
    """A Progressive call: the system dials one call per available agent and delivers it
    connected (seed 001)."""

    connecting = State("Connecting", initial=True)
    in_call = State("In call")
    after_call = State("After call")
    done = State("Done", final=True)
    transferred = State("Transferred to another agent", final=True)
    done_elsewhere = State("Done by another agent", final=True)

    deliver = connecting.to(in_call)
    take_call = connecting.to(in_call)
    call_ended = in_call.to(after_call)
    set_call_result = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    set_do_not_call = in_call.to(in_call, unless="reschedule_set") | after_call.to(
        after_call, unless="reschedule_set"
    )
    remove_do_not_call = in_call.to(in_call, cond="do_not_call_set") | after_call.to(
        after_call, cond="do_not_call_set"
    )
    reschedule = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    cancel_reschedule = in_call.to(in_call, cond="schedule_set") | after_call.to(
        after_call, cond="schedule_set"
    )
    update_fields = in_call.to(in_call) | after_call.to(after_call)
    mark_done = after_call.to(done, unless="disposition_missing")
    set_disposition = in_call.to(in_call) | after_call.to(after_call)
    add_note = in_call.to(in_call) | after_call.to(after_call)
    transfer_away = in_call.to(transferred)
    processed_elsewhere = in_call.to(done_elsewhere) | after_call.to(done_elsewhere)


class PredictiveInteractionMachine(StateMachine):
    """A Predictive call: the system dials ahead of free agents and delivers it connected
    (seed 001)."""

    connecting = State("Connecting", initial=True)
    in_call = State("In call")
    after_call = State("After call")
    done = State("Done", final=True)
    transferred = State("Transferred to another agent", final=True)
    done_elsewhere = State("Done by another agent", final=True)

    deliver = connecting.to(in_call)
    take_call = connecting.to(in_call)
    call_ended = in_call.to(after_call)
    set_call_result = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    set_do_not_call = in_call.to(in_call, unless="reschedule_set") | after_call.to(
        after_call, unless="reschedule_set"
    )
    remove_do_not_call = in_call.to(in_call, cond="do_not_call_set") | after_call.to(
        after_call, cond="do_not_call_set"
    )
    reschedule = in_call.to(in_call, unless="do_not_call_set") | after_call.to(
        after_call, unless="do_not_call_set"
    )
    cancel_reschedule = in_call.to(in_call, cond="schedule_set") | after_call.to(
        after_call, cond="schedule_set"
    )
    update_fields = in_call.to(in_call) | after_call.to(after_call)
    mark_done = after_call.to(done, unless="disposition_missing")
    set_disposition = in_call.to(in_call) | after_call.to(after_call)
    add_note = in_call.to(in_call) | after_call.to(after_call)
    transfer_away = in_call.to(transferred)
    processed_elsewhere = in_call.to(done_elsewhere) | after_call.to(done_elsewhere)
