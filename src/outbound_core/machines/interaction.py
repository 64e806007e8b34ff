"""The interaction lifecycle of one outbound record, by dialing mode (seeds 000, 001, 002).

Every mode ends in the same call phase: while the call is active (`in_call`) or once it has
ended (`after_call`), the agent sets the call result, marks or unmarks Do Not Call, reschedules
or cancels the reschedule, updates fields, and finally marks the record done. What differs is
how the record reaches the agent:

- **Preview** (manual delivery): the agent asks for a record, previews it, then calls, rejects,
  cancels, asks for the next one, reschedules before the call, or marks it done.
- **Push Preview**: the record is offered unasked; the agent accepts it, rejects it back to the
  top of the queue, or discards it; no answer returns it like a reject. Accepted, it is
  previewed as in Preview, without "next record".
- **Direct Push Preview**: the record is pushed straight into the preview.
- **Progressive** and **Predictive**: the system dials and delivers a call already connected;
  there is no preview, reject or cancel before the call.

Guards are state facts the aggregate answers: `do_not_call_set` (seed 002: no call result once
Do Not Call is set) and `reschedule_set`. Privileges are checked by the aggregate before an
event is sent (`outbound_core.interaction.ACTION_PRIVILEGES`), so a refusal for a missing
privilege names the privilege rather than a guard.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any

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

_MachineType: Any = type(StateMachine)


def _each(sources: list[State], target: State | None = None, **guards: Any) -> Any:
    """One event's transitions from each source (to itself when no target), joined with `|`."""
    return functools.reduce(
        operator.or_, [source.to(target or source, **guards) for source in sources]
    )


def _declare(
    name: str, doc: str, front: Callable[[State], dict[str, Any]], *, preview: bool
) -> type[StateMachine]:
    """A mode's machine: its delivery states and events (`front`, given the in-call state),
    then the call phase every mode shares."""
    in_call = State("In call")
    after_call = State("After call")
    done = State("Done", final=True)
    declared = front(in_call)
    states = {key: value for key, value in declared.items() if isinstance(value, State)}
    events = {key: value for key, value in declared.items() if not isinstance(value, State)}
    working = [in_call, after_call]
    before_call: list[State] = []
    updatable = list(working)
    if preview:
        previewing, dialing = states["previewing"], states["dialing"]
        rejected = State("Rejected", final=True)
        cancelled = State("Cancelled", final=True)
        states |= {"rejected": rejected, "cancelled": cancelled}
        before_call = [previewing]
        updatable = [previewing, dialing, *working]
        reject = previewing.to(rejected)
        events |= {
            "call": previewing.to(dialing),
            "call_connected": dialing.to(in_call),
            "call_failed": dialing.to(after_call),
            "reject": events.pop("reject") | reject if "reject" in events else reject,
            "cancel": previewing.to(cancelled),
        }
    events |= {
        "call_ended": in_call.to(after_call),
        "set_call_result": _each(working, unless="do_not_call_set"),
        "set_do_not_call": _each(working, unless="reschedule_set"),
        "remove_do_not_call": _each(working, cond="do_not_call_set"),
        "reschedule": _each([*before_call, *working], unless="do_not_call_set"),
        "cancel_reschedule": _each([*before_call, *working], cond="reschedule_set"),
        "update_fields": _each(updatable),
        "mark_done": _each([*before_call, after_call], done),
    }
    namespace = {
        "__module__": __name__,
        "__doc__": doc,
        **states,
        "in_call": in_call,
        "after_call": after_call,
        "done": done,
        **events,
    }
    machine: type[StateMachine] = _MachineType(name, (StateMachine,), namespace)
    return machine


def _preview(in_call: State) -> dict[str, Any]:
    requested = State("Requested", initial=True)
    previewing = State("Previewing")
    return {
        "requested": requested,
        "previewing": previewing,
        "dialing": State("Dialing"),
        "no_record": (no_record := State("No record", final=True)),
        "replaced": (replaced := State("Replaced by the next record", final=True)),
        "deliver": requested.to(previewing),
        "no_records": requested.to(no_record),
        "get_next": previewing.to(replaced),
    }


def _push_preview(in_call: State) -> dict[str, Any]:
    offered = State("Offered", initial=True)
    previewing = State("Previewing")
    returned = State("Returned to the queue", final=True)
    discarded = State("Discarded", final=True)
    return {
        "offered": offered,
        "previewing": previewing,
        "dialing": State("Dialing"),
        "returned": returned,
        "discarded": discarded,
        "accept": offered.to(previewing),
        "reject": offered.to(returned),
        "discard": offered.to(discarded),
        "time_out": offered.to(returned),
    }


def _direct_push_preview(in_call: State) -> dict[str, Any]:
    pushed = State("Pushed", initial=True)
    previewing = State("Previewing")
    return {
        "pushed": pushed,
        "previewing": previewing,
        "dialing": State("Dialing"),
        "deliver": pushed.to(previewing),
    }


def _system_dialed(in_call: State) -> dict[str, Any]:
    connecting = State("Connecting", initial=True)
    return {"connecting": connecting, "deliver": connecting.to(in_call)}


PreviewInteractionMachine = _declare(
    "PreviewInteractionMachine",
    "A Preview record: the agent asks for it, previews it and dials it (seed 001).",
    _preview,
    preview=True,
)
PushPreviewInteractionMachine = _declare(
    "PushPreviewInteractionMachine",
    "A Push Preview record: offered unasked; accepted, rejected or discarded (seed 000).",
    _push_preview,
    preview=True,
)
DirectPushPreviewInteractionMachine = _declare(
    "DirectPushPreviewInteractionMachine",
    "A Direct Push Preview record: pushed straight into the preview (seed 002).",
    _direct_push_preview,
    preview=True,
)
ProgressiveInteractionMachine = _declare(
    "ProgressiveInteractionMachine",
    "A Progressive call: the system dials one call per available agent and delivers it "
    "connected (seed 001).",
    _system_dialed,
    preview=False,
)
PredictiveInteractionMachine = _declare(
    "PredictiveInteractionMachine",
    "A Predictive call: the system dials ahead of free agents and delivers it connected "
    "(seed 001).",
    _system_dialed,
    preview=False,
)
