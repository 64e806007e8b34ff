"""Reading recorded traces (JSON Lines, one message or step per line) into `TraceStep`s.

Three formats, one reader each, all producing the common stream `replay.check.check_steps`
judges:

- `webex`: one Webex task notification per line, native (`{"type": "RoutingMessage", "data":
  {"type": "AgentContactAssigned", "interactionId": ..., ...}}`, or its `data` alone) or a seed
  004 OutboundCallStateChange wrapping one; both shapes may be mixed. Steps act on the voice
  call of the notification's interaction (`webex_calls`), ordered by `eventTime`; preview-
  campaign notifications, and the voice task's own notifications for a contact whose preview
  was seen, also act on `preview <reservation id>` (`webex_previews`). A trace does not record
  the agent's readiness: the agent is taken to be Ready.
- `ocs`: one desktop-protocol message per line, its key-value data as a JSON object
  (`{"GSW_AGENT_REQ_TYPE": "RecordProcessed", "GSW_RECORD_HANDLE": 12, ...}`) or as the
  Workspace API's key-value list (`[{"key": "GSW_AGENT_REQ_TYPE", "type": "str", ...}]`). Requests act
  on their record handle (`DesktopRecordMachine`, instance `record <handle>`); requests and
  answers with a `GSW_REFERENCE_ID` act on the exchange (`DesktopRequestMachine`, instance
  `reference <id>`), matched by `ocs.Correlator`. The messages carry no time: no reordering is
  detected in this format.
- `simulate`: one step per line, `{"seq": 1, "interaction_id": "i-1", "mode": "Preview",
  "event": "deliver"}`: `seq` a whole number ordering the steps, `mode` a dialing mode whose
  interaction lifecycle the `event` belongs to; instead of `mode`, `lifecycle` may name any
  lifecycle of `machines.MACHINES` (`voice-call`, `agent-session`, ...). An optional `guards`
  object answers guard names; otherwise the interaction guards follow the earlier events
  (`set_do_not_call` sets `do_not_call_set`, `reschedule` sets `reschedule_set`, ...).
  What `outbound-core simulate --trace` writes is this format with more keys (`kind`,
  `state_before`, `state_after`, `args`, ...): `kind` picks the lifecycle (`interaction` by
  `mode`, `agent` by `agent_id`, `web-callback`; `server`, `campaign` and `call` lines are not
  judged); a `call` step's `args.call_id` becomes the interaction's id from then on (seed 002);
  an event the lifecycle does not know, with no `state_before`, landing in the lifecycle's
  first state creates the instance (a Push Preview `offer`, a web callback `submitted`); an
  event the lifecycle does not know whose recorded states are equal is an annotation and moves
  nothing.

Blank lines are skipped. A line that is not JSON, or not a message of the format, raises
`WireFormatError` with its `line`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Any, cast

from outbound_core.codes import DialingMode
from outbound_core.errors import (
    ErrorCode,
    InvalidValue,
    TransitionNotAllowed,
    WireFormatError,
    shorten,
)
from outbound_core.machines import (
    DESKTOP_RECORD,
    DESKTOP_REQUEST,
    MACHINES,
    MODE_MACHINES,
    CompiledMachine,
    compile_machine,
)
from outbound_core.replay.advance import Move, progress_ranks
from outbound_core.replay.check import TraceStep, machine_move
from outbound_core.replay.webex_calls import (
    CAMPAIGN_NOTIFICATIONS,
    NOT_OFFERED,
    RANKS,
    identity,
    is_call_notification,
    label,
    webex_move,
)
from outbound_core.replay.webex_previews import (
    PREVIEW,
    PREVIEW_RANKS,
    preview_event,
    preview_key,
    preview_move,
)
from outbound_core.wire import ocs
from outbound_core.wire.json_text import parse_json
from outbound_core.wire.user_data import is_key_value_list
from outbound_core.wire.webex import is_wrapper, read_webex_event

__all__ = ["TraceFormat", "detect_format", "read_steps"]


class TraceFormat(StrEnum):
    """The trace formats `outbound-core check` reads."""

    WEBEX = "webex"
    OCS = "ocs"
    SIMULATE = "simulate"
    AUTO = "auto"


_WEBEX_FINALS = frozenset({"ended", "wrap_up", "closed"})
#: A dialled contact's preview is over: the call goes on as a voice task.
_PREVIEW_FINALS = PREVIEW.final_states | {"dialled"}
_INTERACTION_EFFECTS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    "set_do_not_call": (frozenset({"do_not_call_set"}), frozenset()),
    "remove_do_not_call": (frozenset(), frozenset({"do_not_call_set"})),
    "reschedule": (frozenset({"reschedule_set", "schedule_set"}), frozenset()),
    "cancel_reschedule": (frozenset(), frozenset({"reschedule_set", "schedule_set"})),
}
#: The desktop-record event each request that acts on a record makes.
_RECORD_EVENTS: Mapping[ocs.RequestType, str] = {
    ocs.RequestType.UPDATE_CALL_COMPLETION_STATS: "update_call_completion_stats",
    ocs.RequestType.CHAINED_RECORD_REQUEST: "chained_record_request",
    ocs.RequestType.RECORD_RESCHEDULE: "record_reschedule",
    ocs.RequestType.SCHEDULED_RECORD_RESCHEDULE: "scheduled_record_reschedule",
    ocs.RequestType.RECORD_PROCESSED: "record_processed",
    ocs.RequestType.DO_NOT_CALL: "do_not_call",
    ocs.RequestType.RECORD_REJECT: "record_reject",
    ocs.RequestType.REQUEST_RECORD_CANCEL: "request_record_cancel",
}
_EXCHANGE_EVENTS = {
    ocs.Correlation.ANSWERED: "answer",
    ocs.Correlation.PARTIAL: "partial_answer",
    ocs.Correlation.FAILED: "error_answer",
}


def _at_line(error: WireFormatError, line: int) -> WireFormatError:
    details = {**error.details, "line": line}
    return WireFormatError(f"line {line}: {error.message}", **details)


def _objects(lines: Iterable[str]) -> Iterator[tuple[int, str, Any]]:
    for number, text in enumerate(lines, start=1):
        if not isinstance(text, str):
            raise WireFormatError(
                f"line {number}: a line is text, not {type(text).__name__}", line=number
            )
        if not text.strip():
            continue
        try:
            yield number, text, parse_json(text)
        except WireFormatError as error:
            raise _at_line(error, number) from None


def detect_format(value: object) -> TraceFormat:
    """The format one trace line (parsed) is in.

    Raises:
        WireFormatError: a line of none of the formats.
    """
    if type(value) is dict:
        if is_wrapper(value) or _is_native_webex(value):
            return TraceFormat.WEBEX
        if ocs.REQUEST_KEY in value or ocs.EVENT_KEY in value:
            return TraceFormat.OCS
        if "interaction_id" in value and "event" in value:
            return TraceFormat.SIMULATE
    elif is_key_value_list(value):
        return TraceFormat.OCS
    raise WireFormatError(
        "not a line of any trace format (webex, ocs, simulate)", value=shorten(value)
    )


def _is_native_webex(value: dict[str, Any]) -> bool:
    data = value.get("data")
    holder = data if type(data) is dict else value
    return "interactionId" in holder and ("type" in holder or "type" in value)


def read_steps(
    lines: Iterable[str], trace_format: TraceFormat | str = TraceFormat.AUTO
) -> Iterator[TraceStep]:
    """The steps of a trace, one line at a time (lazily: a bad line raises when reached).

    Raises:
        WireFormatError: a bad line; `details["line"]` is its number.
    """
    if not (isinstance(trace_format, str) and trace_format in TraceFormat._value2member_map_):
        raise InvalidValue(
            f"a trace format is one of {', '.join(TraceFormat)}, not {shorten(trace_format)}",
            value=shorten(trace_format),
        )
    chosen = TraceFormat(trace_format)
    objects = _objects(lines)
    if chosen is TraceFormat.AUTO:
        first = next(objects, None)
        if first is None:
            return
        try:
            chosen = detect_format(first[2])
        except WireFormatError as error:
            raise _at_line(error, first[0]) from None
        objects = _chain(first, objects)
    reader = {
        TraceFormat.WEBEX: _webex_steps,
        TraceFormat.OCS: _ocs_steps,
        TraceFormat.SIMULATE: _simulate_steps,
    }[chosen]
    yield from reader(objects)


def _chain(
    first: tuple[int, str, Any], rest: Iterator[tuple[int, str, Any]]
) -> Iterator[tuple[int, str, Any]]:
    yield first
    yield from rest


def _webex_steps(objects: Iterator[tuple[int, str, Any]]) -> Iterator[TraceStep]:
    previews: set[str] = set()
    for line, _text, value in objects:
        try:
            notification = read_webex_event(value)
        except WireFormatError as error:
            raise _at_line(error, line) from None
        event = label(notification)
        key = identity(notification)
        order = notification.event_millis
        if is_call_notification(notification):
            yield TraceStep(
                line=line,
                interaction_id=notification.interaction_id,
                event=event,
                start=NOT_OFFERED,
                move=webex_move(notification, agent_ready=True),
                ranks=RANKS,
                finals=_WEBEX_FINALS,
                identity=key,
                order=order,
            )
        reservation = preview_key(notification)
        if preview_event(notification) is not None and (
            notification.kind in CAMPAIGN_NOTIFICATIONS or reservation in previews
        ):
            previews.add(reservation)
            yield TraceStep(
                line=line,
                interaction_id=f"preview {reservation}",
                event=event,
                start=PREVIEW.initial,
                move=preview_move(notification),
                ranks=PREVIEW_RANKS,
                finals=_PREVIEW_FINALS,
                identity=key,
                order=order,
            )


def _refusal(reason: str) -> Move:
    def move(state: str, facts: frozenset[str]) -> tuple[str, frozenset[str]]:
        raise TransitionNotAllowed(reason, state=state)

    return move


def _step(
    line: int, key: str, event: str, machine: CompiledMachine, move: Move, identity: object
) -> TraceStep:
    return TraceStep(
        line=line,
        interaction_id=key,
        event=event,
        start=machine.initial,
        move=move,
        ranks=progress_ranks(machine),
        finals=machine.final_states,
        identity=(key, identity),
    )


def _ocs_steps(objects: Iterator[tuple[int, str, Any]]) -> Iterator[TraceStep]:
    correlator = ocs.Correlator()
    record, request = DESKTOP_RECORD, DESKTOP_REQUEST
    for line, _text, value in objects:
        try:
            message = ocs.decode(value)
        except WireFormatError as error:
            raise _at_line(error, line) from None
        identity = json.dumps(value, sort_keys=True, default=str)
        if isinstance(message, ocs.DesktopRequest):
            record_event = _RECORD_EVENTS.get(message.request) if message.request else None
            if record_event is not None and message.record_handle is not None:
                key = f"record {message.record_handle}"
                yield _step(
                    line, key, message.name, record, machine_move(record, record_event), identity
                )
            if message.reference_id is not None:
                key = f"reference {message.reference_id}"
                yield _step(
                    line,
                    key,
                    message.name,
                    request,
                    machine_move(request, "send_request"),
                    identity,
                )
                # A reference id already pending: the exchange step above is judged illegal.
                with contextlib.suppress(InvalidValue):
                    correlator = correlator.sent(message)
            continue
        correlator, match = correlator.received(message)
        yield from _answer_steps(line, message, match, identity)
        if message.event is ocs.UserEventType.PREVIEW_RECORD and message.record_handle is not None:
            # A delivered record; a rejected one delivered again is on the desktop again.
            key = f"record {message.record_handle}"
            yield _step(
                line, key, message.name, record, machine_move(record, "preview_record"), identity
            )


def _answer_steps(
    line: int, message: ocs.ServerEvent, match: ocs.Correlated, identity: object
) -> Iterator[TraceStep]:
    """The steps an OCS answer or notification makes on its exchange or its record."""
    record, request = DESKTOP_RECORD, DESKTOP_REQUEST
    if match.kind is ocs.Correlation.UNSOLICITED:
        if message.event is ocs.UserEventType.RECORD_CANCEL and message.record_handle is not None:
            key = f"record {message.record_handle}"
            yield _step(
                line, key, message.name, record, machine_move(record, "record_cancel"), identity
            )
        return
    if message.reference_id is None:
        return  # nothing to match it with: the desktop may leave the reference id out
    key = f"reference {message.reference_id}"
    if match.kind is ocs.Correlation.UNMATCHED:
        move = _refusal(f"no request with GSW_REFERENCE_ID {message.reference_id} is pending")
    elif match.kind is ocs.Correlation.UNEXPECTED:
        asked = match.request.name if match.request else "the request"
        move = _refusal(f"{message.name} does not answer {asked}")
    else:
        move = machine_move(request, _EXCHANGE_EVENTS[match.kind])
    yield _step(line, key, message.name, request, move, identity)


def _simulate_field(value: dict[str, Any], key: str, line: int, kind: type) -> Any:
    found = value.get(key)
    if type(found) is not kind or (kind is str and not found):
        raise WireFormatError(
            f"line {line}: {key}: expected a {'non-empty string' if kind is str else 'whole number'}",
            line=line,
            path=key,
            value=shorten(found),
        )
    return found


_INTERACTION_MACHINES = frozenset(machine.name for machine in MODE_MACHINES.values())


def _simulate_machine(value: dict[str, Any], line: int) -> CompiledMachine:
    if "lifecycle" in value:
        name = _simulate_field(value, "lifecycle", line, str)
        if name not in MACHINES:
            raise WireFormatError(
                f"line {line}: lifecycle: no lifecycle {shorten(name)}; one of {', '.join(MACHINES)}",
                line=line,
                path="lifecycle",
                value=shorten(name),
            )
        return compile_machine(MACHINES[name])
    token = _simulate_field(value, "mode", line, str)
    try:
        mode = DialingMode.parse(token)
    except InvalidValue as error:
        raise WireFormatError(
            f"line {line}: mode: {error.message}", line=line, path="mode"
        ) from None
    machine = MODE_MACHINES.get(mode)
    if machine is None:
        raise WireFormatError(
            f"line {line}: mode: no interaction lifecycle for {mode.value}",
            line=line,
            path="mode",
            code=ErrorCode.WIRE_FORMAT,
        )
    return machine


_KIND_MACHINES: Mapping[str, str] = {
    "web-callback": "web-callback",
    "agent": "agent-session",
    "record": "record-status",
    "chain": "chain",
    "call": "voice-call",
}
#: Where a record's and a chain's lifecycle starts in a trace: they arrive with their calling
#: list (`list-loaded`), the records Ready and the chains scheduled.
_KIND_STARTS: Mapping[str, str] = {"record": "ready", "chain": "scheduled"}


def _simulate_subject(kind: str, value: dict[str, Any], line: int) -> str:
    """The lifecycle instance a step of `kind` acts on."""
    if kind == "agent":
        return f"agent {_simulate_field(value, 'agent_id', line, str)}"
    if kind == "record":
        return f"record {_simulate_field(value, 'record_handle', line, int)}"
    if kind == "call":
        return f"call {_simulate_field(value, 'interaction_id', line, str)}"
    if kind == "chain":
        args = value.get("args")
        number = args.get("chain") if type(args) is dict else None
        if type(number) is not int:
            raise WireFormatError(
                f"line {line}: args.chain: expected a whole number", line=line, path="args.chain"
            )
        return f"chain {number}"
    return str(_simulate_field(value, "interaction_id", line, str))


def _simulate_steps(objects: Iterator[tuple[int, str, Any]]) -> Iterator[TraceStep]:
    lifecycles: dict[str, tuple[CompiledMachine, Any, Mapping[str, int]]] = {}
    # Seed 002: once a preview record is dialed, the interaction id becomes the call's; the
    # trace's `call` step names the new id in `args.call_id`, and later steps use it.
    aliases: dict[str, str] = {}
    # A creation marker for an id already seen starts a new instance (a web callback the
    # agent rescheduled is queued again under its id): later steps are judged as `id#2`, ...
    generations: dict[str, int] = {}
    # Interactions whose record arrived as a scheduled callback: it carries schedule
    # information (the `schedule_set` fact) from its first step.
    arrived_scheduled: set[str] = set()
    started: set[str] = set()
    for line, _text, value in objects:
        if type(value) is not dict:
            raise WireFormatError(
                f"line {line}: a step is an object", line=line, value=shorten(value)
            )
        seq, event, kind = value.get("seq"), value.get("event"), value.get("kind")
        if kind is not None and type(kind) is not str:
            _simulate_field(value, "kind", line, str)
        if type(seq) is not int:
            _simulate_field(value, "seq", line, int)
        if type(event) is not str or not event:
            event = _simulate_field(value, "event", line, str)
        if kind is None or kind == "interaction":
            key = value.get("interaction_id")
            if type(key) is not str or not key:
                key = _simulate_field(value, "interaction_id", line, str)
            key = aliases.get(key, key)
            args = value.get("args")
            call_id = args.get("call_id") if type(args) is dict else None
            if event == "call" and type(call_id) is str and call_id:
                aliases[call_id] = key
            if event in ("offer", "deliver") and type(args) is dict and args.get("callback"):
                arrived_scheduled.add(key)
            named = value.get("lifecycle")
            cache_key = f"lifecycle {named}" if named is not None else f"mode {value.get('mode')}"
        elif type(kind) is str and kind in _KIND_MACHINES:
            key = _simulate_subject(kind, value, line)
            cache_key = f"lifecycle {_KIND_MACHINES[kind]}"
            value = {**value, "lifecycle": _KIND_MACHINES[kind]}
        else:
            continue  # server and campaign events: no lifecycle judges them here
        found = lifecycles.get(cache_key)
        if found is None:
            machine = _simulate_machine(value, line)
            is_interaction = machine.name in _INTERACTION_MACHINES
            effects = _INTERACTION_EFFECTS if is_interaction else None
            found = lifecycles[cache_key] = (machine, effects, progress_ranks(machine))
        machine, effects, ranks = found
        event = cast("str", event)
        before, after = value.get("state_before"), value.get("state_after")
        if before is None and after == machine.initial and event not in machine.events:
            # A creation marker (a Push Preview `offer`, a web callback `submitted`).
            if key in generations:
                generations[key] += 1
            else:
                generations[key] = 1
            continue
        if event not in machine.events and before == after:
            continue  # an annotation that moves nothing (`direct-push-preview-started`)
        generation = generations.get(key, 1)
        if generation > 1:
            key = f"{key}#{generation}"
        guards = value.get("guards")
        if guards is not None and (
            type(guards) is not dict or not all(type(v) is bool for v in guards.values())
        ):
            raise WireFormatError(
                f"line {line}: guards: expected an object of name: true or false",
                line=line,
                path="guards",
                value=shorten(guards),
            )
        recorded = value.get("state_after")
        if effects is not None and key not in started and key in arrived_scheduled:
            added, removed = effects.get(event, (frozenset(), frozenset()))
            effects = {**effects, event: (added | {"schedule_set"}, removed)}
        started.add(key)
        yield TraceStep(
            line,
            key,
            event,
            _KIND_STARTS.get(kind, machine.initial) if type(kind) is str else machine.initial,
            machine_move(
                machine, event, effects, guards, recorded if type(recorded) is str else None
            ),
            ranks,
            machine.final_states,
            (seq, event),
            seq,
        )
