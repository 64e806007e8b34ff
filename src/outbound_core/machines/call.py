"""The voice call as the agent handles it: dialing, talking, hold, consultation, wrap-up.

The call actions are seed 003's (Workspace voice and web-callback interaction views): End Call,
Hold, Resume, Instant Call Transfer, Instant Call Conference, Start Consultation (which the
target may decline or end, and which the agent may end or complete as a transfer or a
conference) and Send DTMF. Send DTMF attaches digits to the call and changes no state: it is a
self-transition, allowed while the agent's audio reaches the contact (connected or
conferenced). Mark Done closes the call after it ended, directly or after wrap-up. An agent who receives a call
another agent transferred answers it (`answer`); one added to a conference joins it
(`join_conference`).

The machine follows the agent's call with the contact. An instant or consultative transfer ends
it for this agent (the call goes on without them); the contact hanging up ends it even when an
internal target is still on a consultation leg, which is a separate call. Failed dialing (busy,
no answer, any other unsuccessful outcome, whose call result the aggregate records) ends the call
before it connects.

Webex Contact Center reports a call's state as one of connected, consulting, consult,
conference and wrapUp (seed 004); `WEBEX_CALL_STATES` maps each onto this machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from statemachine import State, StateMachine

__all__ = ["WEBEX_CALL_STATES", "VoiceCallMachine"]


class VoiceCallMachine(StateMachine):
    """One outbound voice call, from dialing to the closed interaction."""

    dialing = State("Dialing", initial=True)
    connected = State("Connected")
    on_hold = State("On hold")
    consult_requested = State("Consultation requested")
    consulting = State("Consulting")
    conferenced = State("Conferenced")
    ended = State("Ended")
    wrap_up = State("Wrap-up")
    closed = State("Closed", final=True)

    answer = dialing.to(connected)
    join_conference = dialing.to(conferenced)
    dialing_failed = dialing.to(ended)
    hold = connected.to(on_hold)
    resume = on_hold.to(connected)
    send_dtmf = connected.to(connected) | conferenced.to(conferenced)
    instant_transfer = connected.to(ended) | on_hold.to(ended)
    instant_conference = connected.to(conferenced)
    start_consultation = connected.to(consult_requested) | on_hold.to(consult_requested)
    target_accepts = consult_requested.to(consulting)
    target_declines = consult_requested.to(on_hold)
    target_ends_consultation = consulting.to(on_hold)
    end_consultation = consult_requested.to(on_hold) | consulting.to(on_hold)
    complete_transfer = consulting.to(ended)
    complete_conference = consulting.to(conferenced)
    target_leaves = conferenced.to(connected)
    end_call = dialing.to(ended) | connected.to(ended) | on_hold.to(ended) | conferenced.to(ended)
    remote_hang_up = (
        connected.to(ended)
        | on_hold.to(ended)
        | consult_requested.to(ended)
        | consulting.to(ended)
        | conferenced.to(ended)
    )
    start_wrap_up = ended.to(wrap_up)
    mark_done = ended.to(closed) | wrap_up.to(closed)


#: Webex Contact Center call states (seed 004's `state` / `CallState`) to `VoiceCallMachine`
#: state ids. `consult` is a consultation offered and not yet answered by the target (Webex
#: desktops treat it like an incoming task); `consulting` is the established consultation. Webex
#: reports hold as a flag on the media (`isHold`), not as a state: a held call still says
#: `connected`, and the caller chooses `on_hold` from the flag.
WEBEX_CALL_STATES: Mapping[str, str] = MappingProxyType(
    {
        "connected": "connected",
        "consulting": "consulting",
        "consult": "consult_requested",
        "conference": "conferenced",
        "wrapUp": "wrap_up",
    }
)
