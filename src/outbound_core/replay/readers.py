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
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Any, Final

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

__all__ = ["TraceFormat", "detect_format", "read_numbered_steps", "read_steps"]


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


def _parsed(text: str, line: int) -> Any:
    try:
        return parse_json(text)
    except WireFormatError as error:
        raise _at_line(error, line) from None


def _texts(numbered: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for number, text in numbered:
        if type(text) is not str:
            raise WireFormatError(
                f"line {number}: a line is text, not {type(text).__name__}", line=number
            )
        yield number, text


def _checked_format(trace_format: object) -> TraceFormat:
    if not (isinstance(trace_format, str) and trace_format in TraceFormat._value2member_map_):
        raise InvalidValue(
            f"a trace format is one of {', '.join(TraceFormat)}, not {shorten(trace_format)}",
            value=shorten(trace_format),
        )
    return TraceFormat(trace_format)


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
    return read_numbered_steps(enumerate(lines, start=1), trace_format)


def read_numbered_steps(
    numbered: Iterable[tuple[int, str]], trace_format: TraceFormat | str = TraceFormat.AUTO
) -> Iterator[TraceStep]:
    """The steps of some lines of a trace, each given with its line number in the whole
    trace, in increasing order (a part of a trace: what one partition of a trace checks;
    `partitions.partition_lines` cuts one). Otherwise as `read_steps`.

    Raises:
        WireFormatError: a bad line; `details["line"]` is its number.
        InvalidValue: `trace_format` is not a trace format.
    """
    chosen = _checked_format(trace_format)
    texts = _texts(numbered)
    if chosen is TraceFormat.AUTO:
        return _detected_steps(texts)
    return _READERS[chosen](texts)


def _detected_steps(numbered: Iterator[tuple[int, str]]) -> Iterator[TraceStep]:
    first = next(((n, text) for n, text in numbered if text and not text.isspace()), None)
    if first is None:
        return
    number, text = first
    value = _parsed(text, number)
    try:
        chosen = detect_format(value)
    except WireFormatError as error:
        raise _at_line(error, number) from None
    yield from _READERS[chosen](_chain((number, text), numbered))


def _chain(first: tuple[int, str], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield first
    yield from rest


def _webex_steps(numbered: Iterator[tuple[int, str]]) -> Iterator[TraceStep]:
    previews: set[str] = set()
    for line, text in numbered:
        if not text or text.isspace():
            continue
        value = _parsed(text, line)
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


def _ocs_steps(numbered: Iterator[tuple[int, str]]) -> Iterator[TraceStep]:
    correlator = ocs.Correlator()
    record, request = DESKTOP_RECORD, DESKTOP_REQUEST
    for line, text in numbered:
        if not text or text.isspace():
            continue
        value = _parsed(text, line)
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
    if kind == "record":
        handle = value.get("record_handle")
        if type(handle) is not int:
            handle = _simulate_field(value, "record_handle", line, int)
        return f"record {handle}"
    if kind == "agent":
        agent = value.get("agent_id")
        if type(agent) is not str or not agent:
            agent = _simulate_field(value, "agent_id", line, str)
        return f"agent {agent}"
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


class _Lifecycle:
    """What the simulate reader keeps per lifecycle it met: the machine, its guard effects,
    ranks, events, and the moves made so far (a move is pure: one per event and recorded
    target serves every step)."""

    __slots__ = ("effects", "events", "finals", "machine", "moves", "ranks", "start", "unrecorded")

    def __init__(self, machine: CompiledMachine, start: str | None = None) -> None:
        self.machine = machine
        self.start = machine.initial if start is None else start
        self.finals = machine.final_states
        is_interaction = machine.name in _INTERACTION_MACHINES
        self.effects = _INTERACTION_EFFECTS if is_interaction else None
        self.ranks = progress_ranks(machine)
        #: Each event name to the lifecycle's own string for it: a trace's steps then keep
        #: one string per event name, not one per line.
        self.events = {event: event for event in machine.events}
        self.moves: dict[tuple[str, str | None], Move] = {}
        self.unrecorded: dict[str, Move] = {}

    def move(self, event: str, recorded: str | None) -> Move:
        found = self.moves.get((event, recorded))
        if found is None:
            found = self.moves[event, recorded] = machine_move(
                self.machine, event, self.effects, None, recorded
            )
            if recorded is None:
                self.unrecorded[event] = found
        return found


class SimulateReader:
    """Reads the `simulate` format one line at a time, keeping what the earlier lines said
    (aliases, generations, callbacks): `step` turns a line into the step it makes, if any.
    `read_steps` and `check_lines` both read the format through it."""

    __slots__ = ("aliases", "arrived_scheduled", "by_mode", "generations", "lifecycles", "started")

    def __init__(self) -> None:
        self.lifecycles: dict[object, _Lifecycle] = {}
        self.by_mode: dict[str, _Lifecycle] = {}
        # Seed 002: once a preview record is dialed, the interaction id becomes the call's;
        # the trace's `call` step names the new id in `args.call_id`, and later steps use it.
        self.aliases: dict[str, str] = {}
        # A creation marker for an id already seen starts a new instance (a web callback the
        # agent rescheduled is queued again under its id): later steps are judged as `id#2`.
        self.generations: dict[str, int] = {}
        # Interactions whose record arrived as a scheduled callback: it carries schedule
        # information (the `schedule_set` fact) from its first step.
        self.arrived_scheduled: set[str] = set()
        self.started: set[str] = set()

    def step(self, line: int, text: str) -> tuple[str, str, _Lifecycle, Move, int] | None:
        """The step line `line` makes: its instance, event, lifecycle, move and sequence
        number; None for a blank line or one no lifecycle judges.

        Raises:
            WireFormatError: the line is not a step of the format.
        """
        if not text or text.isspace():
            return None
        try:
            value = parse_json(text)
        except WireFormatError as error:
            raise _at_line(error, line) from None
        if type(value) is not dict:
            raise WireFormatError(
                f"line {line}: a step is an object", line=line, value=shorten(value)
            )
        get: Callable[[str], Any] = value.get
        seq, event, kind = get("seq"), get("event"), get("kind")
        if kind is not None and type(kind) is not str:
            _simulate_field(value, "kind", line, str)
        if type(seq) is not int:
            _simulate_field(value, "seq", line, int)
        if type(event) is not str or not event:
            event = _simulate_field(value, "event", line, str)
        if kind is None or kind == "interaction":
            key = get("interaction_id")
            if type(key) is not str or not key:
                key = _simulate_field(value, "interaction_id", line, str)
            key = self.aliases.get(key, key)
            args = get("args")
            if args is not None and type(args) is dict:
                call_id = args.get("call_id")
                if event == "call" and type(call_id) is str and call_id:
                    self.aliases[call_id] = key
                if (event == "offer" or event == "deliver") and args.get("callback"):
                    self.arrived_scheduled.add(key)
            named = get("lifecycle")
            if named is None:
                mode = get("mode")
                found = self.by_mode.get(mode) if type(mode) is str else None
                if found is None:
                    found = _Lifecycle(_simulate_machine(value, line))
                    self.by_mode[mode] = found
            else:
                cache_key = ("lifecycle", named) if type(named) is str else f"lifecycle {named}"
                found = self.lifecycles.get(cache_key)
                if found is None:
                    found = _Lifecycle(_simulate_machine(value, line))
                    self.lifecycles[cache_key] = found
        elif type(kind) is str and kind in _KIND_MACHINES:
            key = _simulate_subject(kind, value, line)
            found = self.lifecycles.get(kind)
            if found is None:
                machine = compile_machine(MACHINES[_KIND_MACHINES[kind]])
                found = self.lifecycles[kind] = _Lifecycle(machine, _KIND_STARTS.get(kind))
        else:
            return None  # server and campaign events: no lifecycle judges them here
        before, after = get("state_before"), get("state_after")
        known = found.events.get(event)
        if known is not None:
            event = known
        else:
            if before is None and after == found.machine.initial:
                # A creation marker (a Push Preview `offer`, a web callback `submitted`).
                self.generations[key] = self.generations.get(key, 0) + 1
                return None
            if before == after:
                return None  # an annotation that moves nothing (`direct-push-preview-started`)
        generation = self.generations.get(key, 1)
        if generation > 1:
            key = f"{key}#{generation}"
        guards = get("guards")
        recorded = after if type(after) is str else None
        if guards is not None and (
            type(guards) is not dict or not all(type(v) is bool for v in guards.values())
        ):
            raise WireFormatError(
                f"line {line}: guards: expected an object of name: true or false",
                line=line,
                path="guards",
                value=shorten(guards),
            )
        effects = found.effects
        if effects is not None and key not in self.started and key in self.arrived_scheduled:
            added, removed = effects.get(event, (frozenset(), frozenset()))
            effects = {**effects, event: (added | {"schedule_set"}, removed)}
            move = machine_move(found.machine, event, effects, guards, recorded)
        elif guards is not None:
            move = machine_move(found.machine, event, effects, guards, recorded)
        elif recorded is None:
            move = found.unrecorded.get(event) or found.move(event, None)
        else:
            move = found.move(event, recorded)
        self.started.add(key)
        return key, event, found, move, seq


def _simulate_steps(numbered: Iterator[tuple[int, str]]) -> Iterator[TraceStep]:
    step = SimulateReader().step
    for line, text in numbered:
        found = step(line, text)
        if found is not None:
            key, event, lifecycle, move, seq = found
            yield _new_step(
                TraceStep,
                (
                    line,
                    key,
                    event,
                    lifecycle.start,
                    move,
                    lifecycle.ranks,
                    lifecycle.finals,
                    (seq, event),
                    seq,
                ),
            )


#: Builds a `TraceStep` from its fields in order, without the named tuple's keyword handling.
_new_step: Final = tuple.__new__


_READERS: Mapping[TraceFormat, Callable[[Iterator[tuple[int, str]]], Iterator[TraceStep]]] = {
    TraceFormat.WEBEX: _webex_steps,
    TraceFormat.OCS: _ocs_steps,
    TraceFormat.SIMULATE: _simulate_steps,
}
