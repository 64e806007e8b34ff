"""Webex Contact Center call events applied to the voice call lifecycle, per interaction.

Seed 004: OutboundCallStateChange "is triggered when an agent receives a Preview, Progressive,
or Predictive outbound call", and its prerequisite is that "the agent must be in the Ready
State". Webex documents that its events may arrive twice or out of order, so applying them
follows `outbound_core.replay.advance`: a repeated event changes nothing (a duplicate), an older
event that would move the call backwards is reported (reordered), not applied.

How each call event moves the call (`VoiceCallMachine`):

| event | move |
|---|---|
| eAgentOfferContact | the call starts, `dialing`; only for an agent who is Ready, only once |
| CustAnswered | `answer` (dialing to connected) |
| eCallRecordingStarted | no move; the call must be active; the call is now recorded |
| eAgentContactEnded | `end_call`, or `remote_hang_up` where the agent cannot end it (consultation) |
| DROPPED | `dialing_failed` before the answer, `remote_hang_up` after |
| acw | `start_wrap_up` (ended to wrap-up) |
| anything else | kept as unknown; no move |

Then the message's call state, when it is one of the seed's five (`WEBEX_CALL_STATES`; a
`connected` call whose media is on hold is `on_hold`), must be where the call is or reachable
from there: the call takes the shortest way to it (a `consulting` state on a connected call
passes through `consult_requested`). The state a contact-ended or dropped message carries
describes the call before it ended and is not followed, except `wrapUp`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from outbound_core.errors import TransitionNotAllowed
from outbound_core.machines import VOICE_CALL, WEBEX_CALL_STATES, CompiledMachine
from outbound_core.replay.advance import (
    Move,
    Position,
    StepKind,
    StepVerdict,
    advance,
    progress_ranks,
)
from outbound_core.wire.webex_events import CallEvent, CallState, OutboundCallStateChange

__all__ = [
    "NOT_OFFERED",
    "RANKS",
    "VOICE_CALL",
    "WebexCall",
    "WebexCalls",
    "WebexDiagnostic",
    "WebexStep",
    "apply_webex_event",
    "webex_move",
]

#: The state of an interaction before its contact is offered to the agent.
NOT_OFFERED = "not_offered"
#: Progress ranks of the voice call's states; before the offer ranks lowest.
RANKS: Mapping[str, int] = MappingProxyType({NOT_OFFERED: -1, **progress_ranks(VOICE_CALL)})

_ACTIVE = frozenset({"connected", "on_hold", "consult_requested", "consulting", "conferenced"})
_ENDING = frozenset({CallEvent.AGENT_CONTACT_ENDED, CallEvent.DROPPED, CallEvent.AFTER_CALL_WORK})
_RECORDING = "recording"
#: Voice call state to the state of a system-dialed interaction (`ProgressiveInteractionMachine`).
_INTERACTION_STATES: Mapping[str, str] = MappingProxyType(
    {"dialing": "connecting", **dict.fromkeys(_ACTIVE, "in_call"), "ended": "after_call"}
    | {"wrap_up": "after_call", "closed": "done"}
)


def _shortest_paths(machine: CompiledMachine) -> dict[tuple[str, str], tuple[str, ...]]:
    """For every pair of states, the shortest event sequence from one to the other."""
    paths: dict[tuple[str, str], tuple[str, ...]] = {}
    for start in machine.states:
        frontier: list[tuple[str, tuple[str, ...]]] = [(start, ())]
        found: dict[str, tuple[str, ...]] = {start: ()}
        while frontier:
            following = []
            for state, path in frontier:
                for event in machine.events_from(state):
                    target = machine.next(state, event)
                    if target not in found:
                        found[target] = (*path, event)
                        following.append((target, found[target]))
            frontier = following
        paths.update(((start, target), path) for target, path in found.items())
    return paths


_PATHS = _shortest_paths(VOICE_CALL)


def _refuse(state: str, event: str, reason: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        f"{event} in state {state}: {reason}", state=state, event=event, machine="webex-call"
    )


#: The machine events each moving call event tries, in order: the first the call allows wins.
_TRIES: Mapping[CallEvent, tuple[str, ...]] = MappingProxyType(
    {
        CallEvent.CUSTOMER_ANSWERED: ("answer",),
        CallEvent.AGENT_CONTACT_ENDED: ("end_call", "remote_hang_up"),
        CallEvent.DROPPED: ("dialing_failed", "remote_hang_up"),
        CallEvent.AFTER_CALL_WORK: ("start_wrap_up",),
    }
)
#: (state, call event) to the state it leads to, read once from the compiled table.
_TARGETS: Mapping[tuple[str, CallEvent], str] = MappingProxyType(
    {
        (state, event): VOICE_CALL.next(
            state, next(e for e in tries if VOICE_CALL.allows(state, e))
        )
        for event, tries in _TRIES.items()
        for state in VOICE_CALL.states
        if any(VOICE_CALL.allows(state, e) for e in tries)
    }
)


def _event_move(message: OutboundCallStateChange, state: str, agent_ready: bool) -> str:
    event = message.event
    target = _TARGETS.get((state, event))
    if target is not None:
        return target
    name = message.event_text
    if event is CallEvent.AGENT_OFFER_CONTACT:
        if state != NOT_OFFERED:
            raise _refuse(state, name, "the contact was already offered")
        if not agent_ready:
            raise _refuse(state, name, "the agent must be in the Ready state (seed 004)")
        return VOICE_CALL.initial
    if state == NOT_OFFERED:
        raise _refuse(state, name, "the contact was not offered yet (no eAgentOfferContact)")
    tries = _TRIES.get(event)
    if tries is not None:
        raise _refuse(state, name, f"the call cannot {' or '.join(tries)} from {state}")
    if event is CallEvent.RECORDING_STARTED and state not in _ACTIVE:
        raise _refuse(state, name, "only an active call is recorded")
    return state


def webex_move(message: OutboundCallStateChange, *, agent_ready: bool) -> Move:
    """The move `message` makes on a call (see the module table), for `replay.advance`."""

    def move(state: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
        state = _event_move(message, state, agent_ready)
        if message.event is CallEvent.RECORDING_STARTED:
            facts = facts | {_RECORDING}
        reported = message.state
        if reported is None or reported is CallState.UNKNOWN:
            return state, facts
        if message.event in _ENDING and reported is not CallState.WRAP_UP:
            return state, facts
        target = WEBEX_CALL_STATES[reported.value]
        if target == "connected" and message.is_hold:
            target = "on_hold"
        if (state, target) not in _PATHS:
            raise _refuse(state, message.event_text, f"the call cannot be {message.state_text} now")
        return target, facts

    return move


@attrs.define(frozen=True, slots=True)
class WebexDiagnostic:
    """Something worth telling about one Webex event: a duplicate, a reordering, an illegal
    event, or an event or state the seed does not list (kept, not fatal).

    Attributes:
        interaction_id: the interaction the event is for.
        kind: `duplicate`, `reordered`, `illegal`, `unknown-event` or `unknown-state`.
        event: the call event as received.
        state: the call state as received, or None.
        event_time: the event's time, or None.
        reason: why, in words.
    """

    interaction_id: str
    kind: str
    event: str
    state: str | None
    event_time: datetime | None
    reason: str = ""


@attrs.define(frozen=True, slots=True)
class WebexCall:
    """One interaction's call as the Webex events so far describe it.

    Attributes:
        interaction_id: the Webex interaction id.
        position: the replay position: the `VoiceCallMachine` state (or `not_offered`), the
            facts (`recording`), the last event time applied, the events already judged.
    """

    interaction_id: str
    position: Position = attrs.field(factory=lambda: Position(NOT_OFFERED))

    @property
    def state(self) -> str:
        """The voice call state id (`dialing`, `connected`, ...), or `not_offered`."""
        return self.position.state

    @property
    def recording(self) -> bool:
        """Whether eCallRecordingStarted was applied."""
        return _RECORDING in self.position.facts

    @property
    def interaction_state(self) -> str | None:
        """The system-dialed interaction state the call implies (`connecting`, `in_call`,
        `after_call`, `done`), or None before the offer."""
        return _INTERACTION_STATES.get(self.position.state)


@attrs.define(frozen=True, slots=True)
class WebexStep:
    """The result of applying one event: the call after it, the verdict and the diagnostics."""

    call: WebexCall
    verdict: StepVerdict
    diagnostics: tuple[WebexDiagnostic, ...]


def _identity(message: OutboundCallStateChange) -> tuple[object, ...]:
    return (message.event_text, message.state_text, message.event_time, message.is_hold)


def apply_webex_event(
    call: WebexCall | None, message: OutboundCallStateChange, *, agent_ready: bool
) -> WebexStep:
    """Apply one message to its interaction's call (None: not seen yet); pure.

    `agent_ready` is whether the agent is in the Ready state when the event arrives; the offer
    (eAgentOfferContact) is illegal otherwise.
    """
    if call is None:
        call = WebexCall(message.interaction_id)
    position, verdict = advance(
        call.position,
        _identity(message),
        message.event_time,
        webex_move(message, agent_ready=agent_ready),
        RANKS,
    )
    kind = verdict.kind
    if (
        kind is StepKind.APPLIED
        and message.event is not _UNKNOWN_EVENT
        and (message.state is not _UNKNOWN_STATE)
    ):
        diagnostics: tuple[WebexDiagnostic, ...] = ()
    else:
        diagnostics = _diagnostics(message, verdict)
    new_call = call if position is call.position else WebexCall(call.interaction_id, position)
    return WebexStep(new_call, verdict, diagnostics)


_UNKNOWN_EVENT = CallEvent.UNKNOWN
_UNKNOWN_STATE = CallState.UNKNOWN


def _diagnostics(
    message: OutboundCallStateChange, verdict: StepVerdict
) -> tuple[WebexDiagnostic, ...]:
    found: list[tuple[str, str]] = []
    if verdict.kind is StepKind.DUPLICATE:
        found.append(("duplicate", "the same event was already applied"))
    elif verdict.kind is not StepKind.APPLIED:
        found.append((verdict.kind.value, verdict.reason))
    if message.event is CallEvent.UNKNOWN:
        found.append(("unknown-event", "not an event seed 004 lists; kept, no move"))
    if message.state is CallState.UNKNOWN:
        found.append(("unknown-state", "not a state seed 004 lists; kept, not followed"))
    return tuple(
        WebexDiagnostic(
            message.interaction_id,
            kind,
            message.event_text,
            message.state_text,
            message.event_time,
            reason,
        )
        for kind, reason in found
    )


def _read_only(calls: Mapping[str, WebexCall]) -> Mapping[str, WebexCall]:
    return MappingProxyType(dict(calls))


@attrs.define(frozen=True, slots=True)
class WebexCalls:
    """Every interaction's call, by interaction id; a value (`apply` returns a new one).

    Attributes:
        calls: the calls by interaction id (read-only).
    """

    calls: Mapping[str, WebexCall] = attrs.field(factory=dict, converter=_read_only)

    def apply(
        self, message: OutboundCallStateChange, *, agent_ready: bool
    ) -> tuple[WebexCalls, tuple[WebexDiagnostic, ...]]:
        """The calls after `message`, with its diagnostics; `self` is unchanged."""
        step = apply_webex_event(
            self.calls.get(message.interaction_id), message, agent_ready=agent_ready
        )
        if step.call is self.calls.get(message.interaction_id):
            return self, step.diagnostics
        return WebexCalls({**self.calls, message.interaction_id: step.call}), step.diagnostics

    def apply_all(
        self, messages: Iterable[OutboundCallStateChange], *, agent_ready: bool
    ) -> tuple[WebexCalls, tuple[WebexDiagnostic, ...]]:
        """Apply `messages` in arrival order; the calls after them and every diagnostic."""
        calls: dict[str, WebexCall] = dict(self.calls)
        diagnostics: list[WebexDiagnostic] = []
        for message in messages:
            step = apply_webex_event(
                calls.get(message.interaction_id), message, agent_ready=agent_ready
            )
            calls[message.interaction_id] = step.call
            diagnostics.extend(step.diagnostics)
        return WebexCalls(calls), tuple(diagnostics)
