"""The voice call of an interaction on the desk: its moves, and what they mean for the record.

Each call on the desk follows `VoiceCallMachine`; the call events that matter to the record
also move the interaction's lifecycle (connected, failed, ended: a transfer to a contact ends
the agent's call too). Holding, resuming, consulting, conferencing and DTMF are the call's
alone. These functions check and apply one move to a held interaction and say what moved, for
the desk to trace and report. `call_status` names the call's status as seed 003 does.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from outbound_core.desk.held import HeldInteraction
from outbound_core.errors import TransitionNotAllowed
from outbound_core.machines import VOICE_CALL

__all__ = [
    "CALL_STATUSES",
    "INTERACTION_EVENTS",
    "CallMove",
    "call_status",
    "check_call",
    "close_call",
    "move_call",
]

#: The interaction event each call event brings along, where it matters to the record.
INTERACTION_EVENTS: Mapping[str, str] = MappingProxyType(
    {
        "answer": "call_connected",
        "dialing_failed": "call_failed",
        "end_call": "call_ended",
        "remote_hang_up": "call_ended",
    }
)

#: The call status seed 003 names for each `VoiceCallMachine` state ("Connected", "On Hold",
#: "Ready to Call"; "Ready to Call" is also "the default status if you or the other party end
#: the call"); while dialing, "Dialing".
CALL_STATUSES: Mapping[str, str] = MappingProxyType(
    {
        "dialing": "Dialing",
        "connected": "Connected",
        "conferenced": "Connected",
        "on_hold": "On Hold",
        "consult_requested": "On Hold",
        "consulting": "On Hold",
        "ended": "Ready to Call",
        "wrap_up": "Ready to Call",
        "closed": "Ready to Call",
    }
)


def call_status(voice: str | None) -> str:
    """The status of a call in `VoiceCallMachine` state `voice` (None: not called yet)."""
    return "Ready to Call" if voice is None else CALL_STATUSES[voice]


def check_call(held: HeldInteraction, interaction_id: str, event: str) -> str:
    """The call state `event` leads to, changing nothing.

    Raises:
        TransitionNotAllowed: there is no call yet, or the call refuses the event now.
    """
    if held.voice is None:
        raise TransitionNotAllowed(
            f"interaction {interaction_id} has no call (call the record first)",
            state=held.interaction.state, event=event, machine=VOICE_CALL.name,
            failed_guards=[],
        )  # fmt: skip
    return VOICE_CALL.next(held.voice, event)


@attrs.define(frozen=True, slots=True)
class CallMove:
    """One move of a call: the call's states around it and the interaction's, when it moved."""

    event: str
    call_before: str
    call_after: str
    interaction_event: str | None = None
    interaction_before: str | None = None


def move_call(
    held: HeldInteraction, interaction_id: str, event: str, record_event: str | None = ""
) -> CallMove:
    """Apply call event `event` to the held interaction's call and, where it matters to the
    record, the interaction (`record_event`, by default from `INTERACTION_EVENTS`).

    Raises:
        TransitionNotAllowed: there is no call yet, or the call or the interaction refuses.
    """
    target = check_call(held, interaction_id, event)
    if record_event == "":
        record_event = INTERACTION_EVENTS.get(event)
    before = held.interaction.state
    if record_event is not None:
        getattr(held.interaction, record_event)()
    call_before = held.voice or VOICE_CALL.initial
    held.voice = target
    return CallMove(event, call_before, target, record_event, before)


def close_call(held: HeldInteraction) -> CallMove | None:
    """Close the call at Mark Done, if it has ended; None when there is nothing to close."""
    if held.voice is None or not VOICE_CALL.allows(held.voice, "mark_done"):
        return None
    before, held.voice = held.voice, VOICE_CALL.next(held.voice, "mark_done")
    return CallMove("mark_done", before, held.voice)
