"""Webex Contact Center task notifications applied to the voice call lifecycle, per interaction.

A notification (`wire.webex_notifications.TaskNotification`, native or read out of seed 004's
OutboundCallStateChange) moves the interaction's call along `VoiceCallMachine`. Webex documents
that its events may arrive twice or out of order, so applying them follows
`outbound_core.replay.advance`: a repeated notification changes nothing (a duplicate), an older
one that would move the call backwards is reported (reordered), not applied.

The move comes from the seed 004 call event when the wrapper names one the seed lists, else from
the native notification (`docs/concepts/webex.md` has the whole table):

| notification | move |
|---|---|
| AgentContactReserved, AgentOfferContact (eAgentOfferContact), AgentContact | the call starts, `dialing`, for an agent who is Ready; a later offer or AgentContact moves nothing |
| AgentContactAssigned | `answer`; it starts a call only for an accepted preview contact (it names its reservation) |
| CustAnswered (seed 004) | `answer` |
| AgentContactAssignFailed, AgentOfferContactRona, AgentInviteFailed, AgentOutboundFailed | `dialing_failed` |
| AgentContactHeld / AgentContactUnheld | `hold` / `resume` |
| AgentConsultCreated, AgentConsulting, AgentConsultFailed, AgentConsultEnded | `start_consultation`, `target_accepts`, `target_declines`, `end_consultation` |
| AgentConsultConferenced / Conferencing, ParticipantJoinedConference | `complete_conference` or `instant_conference` |
| AgentConsultConferenceEnded, ParticipantLeftConference | `target_leaves` |
| AgentConsultTransferred; AgentBlindTransferred, AgentVteamTransferred; AgentConferenceTransferred | `complete_transfer`; `instant_transfer`; `end_call` |
| ContactEnded (eAgentContactEnded) | `end_call`, or `remote_hang_up` where the agent cannot end it |
| DROPPED (seed 004) | `dialing_failed` before the answer, `remote_hang_up` after |
| AgentWrapup (acw) | `start_wrap_up` |
| AgentWrappedUp | `mark_done` |
| recording, failed requests, merges, unknown names | no move; the call must have been offered (recording: must be active) |

Then the state the notification reports (`interaction.state`, else the wrapper's `CallState`),
when this library knows it (`WEBEX_CALL_STATES`, and `new` for a call not connected yet; a
`connected` call whose media is on hold is `on_hold`), must be where the call is or reachable
from there: the call takes the shortest way to it. The state an ending notification carries
describes the call before it ended and is not followed, except `wrapUp`. Preview-campaign
notifications belong to `replay.webex_previews`, not to the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, TransitionNotAllowed, shorten
from outbound_core.machines import VOICE_CALL, WEBEX_CALL_STATES, CompiledMachine
from outbound_core.replay.advance import (
    Move,
    Position,
    StepKind,
    StepVerdict,
    advance,
    progress_ranks,
)
from outbound_core.wire.webex_events import CallEvent
from outbound_core.wire.webex_names import NotificationType
from outbound_core.wire.webex_notifications import TaskNotification

__all__ = [
    "CAMPAIGN_NOTIFICATIONS",
    "KNOWN_STATES",
    "NOT_OFFERED",
    "RANKS",
    "VOICE_CALL",
    "WebexCall",
    "WebexCalls",
    "WebexDiagnostic",
    "WebexStep",
    "apply_webex_event",
    "identity",
    "is_call_notification",
    "label",
    "webex_move",
]

#: The state of an interaction before its contact is offered to the agent.
NOT_OFFERED = "not_offered"
#: Progress ranks of the voice call's states; before the offer ranks lowest.
RANKS: Mapping[str, int] = MappingProxyType({NOT_OFFERED: -1, **progress_ranks(VOICE_CALL)})
#: Reported interaction states to `VoiceCallMachine` states: seed 004's five, and `new` (the
#: Webex SDK's state of a task offered and not yet connected).
KNOWN_STATES: Mapping[str, str] = MappingProxyType({**WEBEX_CALL_STATES, "new": "dialing"})

_N = NotificationType
_C = CallEvent
#: The notifications of the preview-campaign lifecycle, not of the call.
CAMPAIGN_NOTIFICATIONS: Final = frozenset(
    {
        _N.AGENT_OFFER_CAMPAIGN_RESERVATION,
        _N.CAMPAIGN_CONTACT_UPDATED,
        _N.CAMPAIGN_PREVIEW_ACCEPT_FAILED,
        _N.CAMPAIGN_PREVIEW_SKIP_FAILED,
        _N.CAMPAIGN_PREVIEW_REMOVE_FAILED,
    }
)
_ACTIVE: Final = frozenset(
    {"connected", "on_hold", "consult_requested", "consulting", "conferenced"}
)
_RECORDING = "recording"

#: Notifications (or seed 004 call events) that start the call from `not_offered`.
_STARTS: Final = frozenset(
    {_N.AGENT_CONTACT_RESERVED, _N.AGENT_OFFER_CONTACT, _N.AGENT_CONTACT, _C.AGENT_OFFER_CONTACT}
)
#: The machine events each moving notification tries, in order: the first the call allows wins.
_TRIES: Final[Mapping[object, tuple[str, ...]]] = MappingProxyType(
    {
        _C.CUSTOMER_ANSWERED: ("answer",),
        _C.AGENT_CONTACT_ENDED: ("end_call", "remote_hang_up"),
        _C.DROPPED: ("dialing_failed", "remote_hang_up"),
        _C.AFTER_CALL_WORK: ("start_wrap_up",),
        _N.AGENT_CONTACT_ASSIGNED: ("answer",),
        _N.AGENT_CONTACT_ASSIGN_FAILED: ("dialing_failed",),
        _N.AGENT_OFFER_CONTACT_RONA: ("dialing_failed",),
        _N.AGENT_INVITE_FAILED: ("dialing_failed",),
        _N.AGENT_OUTBOUND_FAILED: ("dialing_failed",),
        _N.AGENT_CONTACT_HELD: ("hold",),
        _N.AGENT_CONTACT_UNHELD: ("resume",),
        _N.AGENT_CONSULT_CREATED: ("start_consultation",),
        _N.AGENT_CONSULTING: ("target_accepts",),
        _N.AGENT_CONSULT_FAILED: ("target_declines",),
        _N.AGENT_CTQ_FAILED: ("target_declines",),
        _N.AGENT_CONSULT_ENDED: ("end_consultation", "target_ends_consultation"),
        _N.AGENT_CTQ_CANCELLED: ("end_consultation",),
        _N.AGENT_CONSULT_CONFERENCING: ("complete_conference", "instant_conference"),
        _N.AGENT_CONSULT_CONFERENCED: ("complete_conference", "instant_conference"),
        _N.PARTICIPANT_JOINED_CONFERENCE: ("complete_conference", "instant_conference"),
        _N.AGENT_CONSULT_CONFERENCE_ENDED: ("target_leaves",),
        _N.PARTICIPANT_LEFT_CONFERENCE: ("target_leaves",),
        _N.AGENT_CONSULT_TRANSFERRED: ("complete_transfer",),
        _N.AGENT_BLIND_TRANSFERRED: ("instant_transfer",),
        _N.AGENT_VTEAM_TRANSFERRED: ("instant_transfer",),
        _N.AGENT_CONFERENCE_TRANSFERRED: ("end_call",),
        _N.CONTACT_ENDED: ("end_call", "remote_hang_up"),
        _N.AGENT_WRAPUP: ("start_wrap_up",),
        _N.AGENT_WRAPPEDUP: ("mark_done",),
    }
)
#: Where a moving notification is also accepted without a move (it repeats what is so).
_ALSO_STAYS: Final[Mapping[object, frozenset[str]]] = MappingProxyType(
    {
        _N.AGENT_CONTACT_ASSIGNED: _ACTIVE,
        _N.AGENT_CONSULT_CONFERENCING: frozenset({"conferenced"}),
        _N.AGENT_CONSULT_CONFERENCED: frozenset({"conferenced"}),
        _N.PARTICIPANT_JOINED_CONFERENCE: frozenset({"conferenced"}),
        _N.AGENT_WRAPUP: frozenset({"wrap_up"}),
        _N.AGENT_OFFER_CONTACT: frozenset({"dialing"}),
        _C.AGENT_OFFER_CONTACT: frozenset({"dialing"}),
        _N.AGENT_CONTACT: frozenset(VOICE_CALL.states),
    }
)
#: Recording notifications: no move, on an active call only.
_RECORDINGS: Final = frozenset(
    {
        _C.RECORDING_STARTED,
        _N.CONTACT_RECORDING_STARTED,
        _N.CONTACT_RECORDING_PAUSED,
        _N.CONTACT_RECORDING_RESUMED,
    }
)
#: Notifications whose reported state describes the call before they happened.
_ENDING: Final = frozenset(
    {
        _C.AGENT_CONTACT_ENDED,
        _C.DROPPED,
        _C.AFTER_CALL_WORK,
        _N.CONTACT_ENDED,
        _N.AGENT_CONTACT_ASSIGN_FAILED,
        _N.AGENT_OFFER_CONTACT_RONA,
        _N.AGENT_INVITE_FAILED,
        _N.AGENT_OUTBOUND_FAILED,
        _N.AGENT_CONSULT_TRANSFERRED,
        _N.AGENT_BLIND_TRANSFERRED,
        _N.AGENT_VTEAM_TRANSFERRED,
        _N.AGENT_CONFERENCE_TRANSFERRED,
        _N.AGENT_CONTACT_UNASSIGNED,
        _N.AGENT_WRAPUP,
    }
)
#: Interaction states to the state of a system-dialed interaction (`ProgressiveInteractionMachine`).
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
#: (state, moving notification) to the state it leads to, read once from the compiled table.
_TARGETS: Final[Mapping[tuple[str, object], str]] = MappingProxyType(
    {
        (state, key): VOICE_CALL.next(state, next(e for e in tries if VOICE_CALL.allows(state, e)))
        for key, tries in _TRIES.items()
        for state in VOICE_CALL.states
        if any(VOICE_CALL.allows(state, e) for e in tries)
    }
    | {
        (state, key): state
        for key, states in _ALSO_STAYS.items()
        for state in states
        if state in VOICE_CALL.states
    }
)


def _refuse(state: str, event: str, reason: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        f"{event} in state {state}: {reason}", state=state, event=event, machine="webex-call"
    )


def _key(notification: TaskNotification) -> CallEvent | NotificationType:
    """What decides the move: the seed 004 call event the wrapper names, else the native one."""
    event = notification.call_event
    if event is None or event is _C.UNKNOWN:
        return notification.kind
    return event


def label(notification: TaskNotification) -> str:
    """The notification as a report names it: the wrapper's call event, else the native name,
    with the reported state in brackets."""
    name = notification.call_event_text or notification.name
    state = notification.state if notification.state is not None else notification.call_state_text
    return name if state is None else f"{name} ({state})"


def identity(notification: TaskNotification) -> tuple[object, ...]:
    """Equal for two deliveries of the same notification: its names, reported state, time,
    hold flag and tracking id."""
    return (
        notification.name,
        notification.call_event_text,
        notification.state,
        notification.call_state_text,
        notification.event_millis,
        notification.is_hold,
        notification.tracking_id,
    )


def is_call_notification(notification: TaskNotification) -> bool:
    """Whether the notification belongs to the voice call (everything but the preview-campaign
    notifications)."""
    return notification.call_event is not None or notification.kind not in CAMPAIGN_NOTIFICATIONS


def _event_move(notification: TaskNotification, key: object, state: str, ready: bool) -> str:
    """Where the notification's own move leads from `state` when the table has no entry (a
    start, or no move), or the refusal."""
    name = notification.call_event_text or notification.name
    if state == NOT_OFFERED:
        starts = key in _STARTS or (
            key is _N.AGENT_CONTACT_ASSIGNED and notification.reservation_interaction_id
        )
        if not starts:
            raise _refuse(state, name, "the contact was not offered yet (no offer before it)")
        if not ready:
            raise _refuse(state, name, "the agent must be in the Ready state (seed 004)")
        return "dialing" if key is not _N.AGENT_CONTACT_ASSIGNED else "connected"
    if key in _STARTS:
        raise _refuse(state, name, "the contact was already offered")
    tries = _TRIES.get(key)
    if tries is not None:
        raise _refuse(state, name, f"the call cannot {' or '.join(tries)} from {state}")
    if key in _RECORDINGS and state not in _ACTIVE:
        raise _refuse(state, name, "only an active call is recorded")
    return state


#: Per moving notification: state to the state its own move leads to (from `_TARGETS`).
_TARGETS_BY_KEY: Final[dict[object, dict[str, str]]] = {}
for (_state, _event), _target in _TARGETS.items():
    _TARGETS_BY_KEY.setdefault(_event, {})[_state] = _target
_NO_TARGETS: Final[dict[str, str]] = {}
#: Per notification key, once: its targets by state, whether it ends the call, whether it
#: records, whether its reported state is followed (one lookup per notification).
_PROFILES: Final[dict[object, tuple[dict[str, str], bool, bool, bool]]] = {
    key: (
        _TARGETS_BY_KEY.get(key, _NO_TARGETS),
        key in _ENDING,
        key is _C.RECORDING_STARTED or key is _N.CONTACT_RECORDING_STARTED,
        key is not _N.AGENT_WRAPPEDUP,
    )
    for key in (*NotificationType, *CallEvent)
}
_NO_PROFILE: Final = (_NO_TARGETS, False, False, True)


def webex_move(notification: TaskNotification, *, agent_ready: bool) -> Move:
    """The move `notification` makes on a call (see the module table), for `replay.advance`.
    Everything that does not depend on the call's state is worked out once, here."""
    key = _key(notification)
    targets, ending, recording, follows = _PROFILES.get(key, _NO_PROFILE)
    reported = notification.state
    if reported is None:
        reported = notification.call_state_text
    follow = KNOWN_STATES.get(reported) if reported is not None and follows else None
    if follow is not None and ending and follow != "wrap_up":
        follow = None
    if follow == "connected" and notification.is_hold:
        follow = "on_hold"

    def move(state: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
        target = targets.get(state)
        if target is None:
            target = _event_move(notification, key, state, agent_ready)
        if recording:
            facts = facts | {_RECORDING}
        if follow is None:
            return target, facts
        if (target, follow) not in _PATHS:
            raise _refuse(
                target,
                notification.call_event_text or notification.name,
                f"the call cannot be {reported} now",
            )
        return follow, facts

    return move


@attrs.define(frozen=True, slots=True)
class WebexDiagnostic:
    """Something worth telling about one Webex notification: a duplicate, a reordering, an
    illegal step, or a name or state this library does not know (kept, not fatal).

    Attributes:
        interaction_id: the interaction the notification is for.
        kind: `duplicate`, `reordered`, `illegal`, `unknown-event` or `unknown-state`.
        event: the notification's name (the wrapper's call event, else the native name).
        state: the reported state as received, or None.
        event_time: the notification's time, or None.
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
    """One interaction's call as the notifications so far describe it.

    Attributes:
        interaction_id: the Webex interaction id.
        position: the replay position: the `VoiceCallMachine` state (or `not_offered`), the
            facts (`recording`), the last event time applied (epoch milliseconds), the
            notifications already judged.
    """

    interaction_id: str
    position: Position = attrs.field(factory=lambda: Position(NOT_OFFERED))

    @property
    def state(self) -> str:
        """The voice call state id (`dialing`, `connected`, ...), or `not_offered`."""
        return self.position.state

    @property
    def recording(self) -> bool:
        """Whether a recording-started notification was applied."""
        return _RECORDING in self.position.facts

    @property
    def interaction_state(self) -> str | None:
        """The system-dialed interaction state the call implies (`connecting`, `in_call`,
        `after_call`, `done`), or None before the offer."""
        return _INTERACTION_STATES.get(self.position.state)


@attrs.define(frozen=True, slots=True)
class WebexStep:
    """The result of applying one notification: the call after it, the verdict, diagnostics."""

    call: WebexCall
    verdict: StepVerdict
    diagnostics: tuple[WebexDiagnostic, ...]


def apply_webex_event(
    call: WebexCall | None, notification: TaskNotification, *, agent_ready: bool
) -> WebexStep:
    """Apply one notification to its interaction's call (None: not seen yet); pure.

    `agent_ready` is whether the agent is in the Ready state when the notification arrives; a
    notification that starts the call is illegal otherwise.
    """
    if call is None:
        call = WebexCall(notification.interaction_id)
    millis = notification.event_millis
    position, verdict = advance(
        call.position,
        (
            notification.name,
            notification.call_event_text,
            notification.state,
            notification.call_state_text,
            millis,
            notification.is_hold,
            notification.tracking_id,
        ),  # `identity(notification)`, spelled out on the hot path
        millis,
        webex_move(notification, agent_ready=agent_ready),
        RANKS,
    )
    state = notification.state
    if state is None:
        state = notification.call_state_text
    if (
        verdict.kind is _APPLIED_KIND
        and notification.kind is not _N.UNKNOWN
        and notification.call_event is not _C.UNKNOWN
        and (state is None or state in KNOWN_STATES)
    ):
        diagnostics: tuple[WebexDiagnostic, ...] = ()
    else:
        diagnostics = _diagnostics(notification, verdict)
    new_call = call if position is call.position else WebexCall(call.interaction_id, position)
    return WebexStep(new_call, verdict, diagnostics)


_APPLIED_KIND = StepKind.APPLIED


def _known_state(notification: TaskNotification) -> bool:
    state = notification.state
    if state is None:
        state = notification.call_state_text
    return state is None or state in KNOWN_STATES


def _diagnostics(
    notification: TaskNotification, verdict: StepVerdict
) -> tuple[WebexDiagnostic, ...]:
    found: list[tuple[str, str]] = []
    if verdict.kind is StepKind.DUPLICATE:
        found.append(("duplicate", "the same notification was already applied"))
    elif verdict.kind is not StepKind.APPLIED:
        found.append((verdict.kind.value, verdict.reason))
    if notification.call_event is _C.UNKNOWN or _key(notification) is _N.UNKNOWN:
        found.append(("unknown-event", "not a notification this library knows; kept, no move"))
    if not _known_state(notification):
        found.append(("unknown-state", "not a state this library knows; kept, not followed"))
    state = notification.state if notification.state is not None else notification.call_state_text
    return tuple(
        WebexDiagnostic(
            notification.interaction_id,
            kind,
            notification.call_event_text or notification.name,
            state,
            notification.event_time,
            reason,
        )
        for kind, reason in found
    )


def _read_only(calls: Mapping[str, WebexCall]) -> Mapping[str, WebexCall]:
    if not isinstance(calls, Mapping):
        raise InvalidValue(
            f"calls are a mapping of interaction id to WebexCall, not {type(calls).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(calls),
        )
    for key, call in calls.items():
        if type(key) is not str or not isinstance(call, WebexCall):
            raise InvalidValue(
                f"calls map interaction ids to WebexCall values, not {shorten(key)}: "
                f"{type(call).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(key),
            )
    return MappingProxyType(dict(calls))


@attrs.define(frozen=True, slots=True)
class WebexCalls:
    """Every interaction's call, by interaction id; a value (`apply` returns a new one).
    Preview-campaign notifications leave it unchanged (`replay.webex_previews` takes them).

    Attributes:
        calls: the calls by interaction id (read-only).
    """

    calls: Mapping[str, WebexCall] = attrs.field(factory=dict, converter=_read_only)

    def apply(
        self, notification: TaskNotification, *, agent_ready: bool
    ) -> tuple[WebexCalls, tuple[WebexDiagnostic, ...]]:
        """The calls after `notification`, with its diagnostics; `self` is unchanged."""
        if not is_call_notification(notification):
            return self, ()
        key = notification.interaction_id
        step = apply_webex_event(self.calls.get(key), notification, agent_ready=agent_ready)
        if step.call is self.calls.get(key):
            return self, step.diagnostics
        return WebexCalls({**self.calls, key: step.call}), step.diagnostics

    def apply_all(
        self, notifications: Iterable[TaskNotification], *, agent_ready: bool
    ) -> tuple[WebexCalls, tuple[WebexDiagnostic, ...]]:
        """Apply `notifications` in arrival order; the calls after them and every diagnostic."""
        calls: dict[str, WebexCall] = dict(self.calls)
        diagnostics: list[WebexDiagnostic] = []
        for notification in notifications:
            if not is_call_notification(notification):
                continue
            key = notification.interaction_id
            step = apply_webex_event(calls.get(key), notification, agent_ready=agent_ready)
            calls[key] = step.call
            diagnostics.extend(step.diagnostics)
        return WebexCalls(calls), tuple(diagnostics)
