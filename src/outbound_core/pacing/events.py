"""Call events: the small facts a dialer's pacing is fed, and their JSON form.

A system-dialed campaign (Progressive, Predictive) produces, per dial, a short story: the dial
is placed; it ends as a live answer, an answering machine, no answer, busy or a failure; a
live answer's greeting (the called person's "hello") starts and ends; the call is connected
to an agent, or waits and is abandoned, with a recorded message played; somebody hangs up.
Agents go Ready, Busy (talking), into wrap-up and out again. Each fact is one frozen value
here, stamped with its instant `at` (an aware datetime) and its `campaign`:

| event (`name`) | class | facts |
|---|---|---|
| `dial-placed` | `DialPlaced` | `call_id`, `phone` |
| `dial-outcome` | `DialOutcome` | `call_id`, `result` (`DialResult`) |
| `greeting-started`, `greeting-ended` | `GreetingStarted`, `GreetingEnded` | `call_id` |
| `agent-connected` | `AgentConnected` | `call_id`, `agent_id` |
| `call-abandoned` | `CallAbandoned` | `call_id` |
| `message-played` | `MessagePlayed` | `call_id` |
| `hang-up` | `HangUp` | `call_id`, `party` (`Party`) |
| `agent-state` | `AgentStateChanged` | `agent_id`, `state` (`AgentActivity`) |

`event_to_dict` and `event_from_dict` give the JSON form (`{"event": "dial-placed", "at":
"2026-06-15T08:00:00Z", "campaign": ..., ...}`); `outbound_core.pacing.trace_lines` writes and
reads the same facts as lines of the library's trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, Final

import attrs

from outbound_core.codes import CallResult
from outbound_core.errors import ErrorCode, InvalidValue, close_matches, shorten
from outbound_core.records.phone_numbers import normalize_phone
from outbound_core.timing.zones import require_instant

__all__ = [
    "EVENT_TYPES",
    "AgentActivity",
    "AgentConnected",
    "AgentStateChanged",
    "CallAbandoned",
    "CallEvent",
    "DialOutcome",
    "DialPlaced",
    "DialResult",
    "GreetingEnded",
    "GreetingStarted",
    "HangUp",
    "MessagePlayed",
    "Party",
    "event_from_dict",
    "event_to_dict",
    "instant_text",
]


class DialResult(StrEnum):
    """How a system dial ended, as call progress analysis tells it."""

    LIVE_ANSWER = "live-answer"
    ANSWERING_MACHINE = "answering-machine"
    NO_ANSWER = "no-answer"
    BUSY = "busy"
    FAILED = "failed"

    @property
    def call_result(self) -> CallResult:
        """The Genesys call result a record gets for this outcome (Answer 33, Answering
        Machine Detected 9, No Answer 7, Busy 6; a failed dial is Dial Error 41)."""
        return _CALL_RESULTS[self]


_CALL_RESULTS: Final = {
    DialResult.LIVE_ANSWER: CallResult.ANSWER,
    DialResult.ANSWERING_MACHINE: CallResult.ANSWERING_MACHINE,
    DialResult.NO_ANSWER: CallResult.NO_ANSWER,
    DialResult.BUSY: CallResult.BUSY,
    DialResult.FAILED: CallResult.DIAL_ERROR,
}


class Party(StrEnum):
    """Who ended a call."""

    CUSTOMER = "customer"
    AGENT = "agent"
    SYSTEM = "system"


class AgentActivity(StrEnum):
    """What an agent of the campaign is doing, as pacing counts it.

    `ready` waits for a call; `busy` talks; `wrap-up` finishes after the call (after-call
    work); `not-ready` is logged in but takes no call; `logged-out` has left. The first
    state other than `logged-out` is the login.
    """

    READY = "ready"
    BUSY = "busy"
    WRAP_UP = "wrap-up"
    NOT_READY = "not-ready"
    LOGGED_OUT = "logged-out"


def instant_text(at: datetime) -> str:
    """An instant as the trace writes it: ISO 8601 in UTC with a `Z`."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _instant(value: object) -> datetime:
    return require_instant(value, "at")


def _text(value: object, what: str) -> str:
    if type(value) is not str:
        raise InvalidValue(
            f"{what} is a string, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field=what,
            value=shorten(value),
        )
    if not value.strip():
        raise InvalidValue(f"{what} is empty", field=what, value=shorten(value))
    return value


def _campaign(value: object) -> str:
    return _text(value, "campaign")


def _call_id(value: object) -> str:
    return _text(value, "call_id")


def _agent_id(value: object) -> str:
    return _text(value, "agent_id")


def _phone(value: object) -> str:
    normalize_phone(value)  # type: ignore[arg-type]  # refuses what is not a number
    return value  # type: ignore[return-value]


def _member(value: object, enum: type[StrEnum], what: str) -> Any:
    if isinstance(value, enum):
        return value
    if type(value) is not str:
        raise InvalidValue(
            f"{what} is a string, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field=what,
            value=shorten(value),
        )
    try:
        return enum(value)
    except ValueError:
        names = [m.value for m in enum]
        raise InvalidValue(
            f"{what} {shorten(value)} is not one of {', '.join(names)}",
            field=what,
            value=shorten(value),
            suggestions=list(close_matches(value, names)),
        ) from None


def _dial_result(value: object) -> DialResult:
    result: DialResult = _member(value, DialResult, "result")
    return result


def _party(value: object) -> Party:
    party: Party = _member(value, Party, "party")
    return party


def _activity(value: object) -> AgentActivity:
    state: AgentActivity = _member(value, AgentActivity, "state")
    return state


@attrs.define(frozen=True, slots=True)
class DialPlaced:
    """The system dialed `phone` for the campaign; `call_id` names the call from now on."""

    name: ClassVar[str] = "dial-placed"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)
    phone: str = attrs.field(converter=_phone)


@attrs.define(frozen=True, slots=True)
class DialOutcome:
    """How the dial ended (a live answer is the moment the call connects to the system)."""

    name: ClassVar[str] = "dial-outcome"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)
    result: DialResult = attrs.field(converter=_dial_result)


@attrs.define(frozen=True, slots=True)
class GreetingStarted:
    """The called person started their greeting ("hello?"), as call progress analysis
    hears it (Amazon Connect's customer greeting start)."""

    name: ClassVar[str] = "greeting-started"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)


@attrs.define(frozen=True, slots=True)
class GreetingEnded:
    """The called person finished their greeting: the "completed greeting" from which the
    US TSR and Ofcom count the two seconds."""

    name: ClassVar[str] = "greeting-ended"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)


@attrs.define(frozen=True, slots=True)
class AgentConnected:
    """The answered call was connected to `agent_id` (the customer stops waiting)."""

    name: ClassVar[str] = "agent-connected"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)
    agent_id: str = attrs.field(converter=_agent_id)


@attrs.define(frozen=True, slots=True)
class CallAbandoned:
    """The system gave up on an answered call no agent took (call result Abandoned, 21)."""

    name: ClassVar[str] = "call-abandoned"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)


@attrs.define(frozen=True, slots=True)
class MessagePlayed:
    """The recorded information message started for a call no agent took (the TSR's
    message naming the seller, Ofcom's information message)."""

    name: ClassVar[str] = "message-played"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)


@attrs.define(frozen=True, slots=True)
class HangUp:
    """The call ended; `party` hung up."""

    name: ClassVar[str] = "hang-up"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    call_id: str = attrs.field(converter=_call_id)
    party: Party = attrs.field(converter=_party)


@attrs.define(frozen=True, slots=True)
class AgentStateChanged:
    """Agent `agent_id` of the campaign is now in `state`, from `at` on."""

    name: ClassVar[str] = "agent-state"
    at: datetime = attrs.field(converter=_instant)
    campaign: str = attrs.field(converter=_campaign)
    agent_id: str = attrs.field(converter=_agent_id)
    state: AgentActivity = attrs.field(converter=_activity)


#: Any call event.
CallEvent = (
    DialPlaced
    | DialOutcome
    | GreetingStarted
    | GreetingEnded
    | AgentConnected
    | CallAbandoned
    | MessagePlayed
    | HangUp
    | AgentStateChanged
)

#: Each event class by its `name`.
EVENT_TYPES: Mapping[str, type[CallEvent]] = {
    cls.name: cls
    for cls in (
        DialPlaced,
        DialOutcome,
        GreetingStarted,
        GreetingEnded,
        AgentConnected,
        CallAbandoned,
        MessagePlayed,
        HangUp,
        AgentStateChanged,
    )
}


def event_to_dict(event: CallEvent) -> dict[str, Any]:
    """The event as plain JSON data: `event` (its name), `at` (ISO 8601 UTC), then its facts."""
    data: dict[str, Any] = {"event": event.name, "at": instant_text(event.at)}
    for field in attrs.fields(type(event))[1:]:
        value = getattr(event, field.name)
        data[field.name] = value.value if isinstance(value, StrEnum) else value
    return data


def _parse_instant(value: object) -> datetime:
    if type(value) is not str:
        raise InvalidValue(
            f"at is an ISO 8601 instant, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field="at",
            value=shorten(value),
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(
            f"at {shorten(value)} is not an ISO 8601 instant (e.g. 2026-06-15T08:00:00Z)",
            code=ErrorCode.INVALID_DATE_TIME,
            field="at",
            value=shorten(value),
        ) from None
    return require_instant(parsed, "at")


def event_from_dict(data: Mapping[str, Any]) -> CallEvent:
    """Read an event from its JSON form (`event_to_dict`); keys other than its facts are refused.

    Raises:
        InvalidValue: not a mapping, an unknown `event`, a missing or unknown key, or a fact
            of the wrong type or value.
    """
    if not isinstance(data, Mapping):
        raise InvalidValue(
            f"a call event is an object, not {type(data).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(data),
        )
    name = data.get("event")
    cls = EVENT_TYPES.get(name) if type(name) is str else None
    if cls is None:
        raise InvalidValue(
            f"event {shorten(name)} is not a call event ({', '.join(EVENT_TYPES)})",
            field="event",
            value=shorten(name),
            suggestions=list(close_matches(name, EVENT_TYPES)) if type(name) is str else [],
        )
    facts = [f.name for f in attrs.fields(cls)]
    unknown = sorted(str(k) for k in data if k != "event" and k not in facts)
    missing = [f for f in facts if f not in data]
    if unknown or missing:
        raise InvalidValue(
            f"{name}: "
            + "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"unknown {', '.join(k[:30] for k in unknown[:5])}" if unknown else "",
                )
                if part
            ),
            field="event",
            missing=missing,
            unknown=[shorten(k, 30) for k in unknown[:5]],
        )
    values = {f: data[f] for f in facts}
    values["at"] = _parse_instant(values["at"])
    return cls(**values)
