"""Web callback requests on the in-memory server (seed 003), on `WebCallbackMachine`.

A contact asks for a callback on the company web page: the request queues with its case
information and callback information (the number to call and the time range the contact said
they are available). From the start of that range it is routed to an agent Ready on the web
callback channel; a reject, or an offer left unanswered past `ServerSettings.offer_timeout`,
returns it to the queue for another agent (an agent who let it go gets it again only when no
other Ready agent can, and not before `offer_timeout` has passed since). A request still
waiting when the contact's availability ends expires. Accepted, it is previewed; the agent calls, ends the
call, may Schedule a Callback (a new time, checked against the customer's calling window and
not in the past) and closes it with Mark Done and a disposition code. A request marked done with
a scheduled callback queues again for its new time.

Desks act on the board directly, so its public methods that change something are commands of
the server (`journaling.command`, sharing the server's `CommandScope`): the journal commits
when the outermost ends. A request's changes are reported as its item of the part
`web_callbacks` (`item`), who is Ready, queued or busy as the part (`details`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, NotFound, TransitionNotAllowed, shorten
from outbound_core.interaction import CaseEntry
from outbound_core.machines import VOICE_CALL, WEB_CALLBACK
from outbound_core.server.agents import AgentRegistry
from outbound_core.server.clock import ServerClock
from outbound_core.server.journaling import CommandScope, command
from outbound_core.server.protocol import Notice, NoticeKind, ServerSettings
from outbound_core.timing.reschedule import Reschedule, callback_at, check_reschedule
from outbound_core.timing.window import CallingWindow
from outbound_core.timing.zones import require_instant, resolve_zone
from outbound_core.trace import Tracer

__all__ = ["WEB_CALLBACK", "WebCallbackBoard", "WebCallbackRequest"]


@attrs.define(frozen=True, slots=True)
class WebCallbackRequest:
    """A contact's web callback request.

    Attributes:
        request_id: the request's id (the interaction id on the desk).
        phone: the number to call back (callback information).
        zone_name: the contact's time zone (Genesys name or IANA key).
        available_from: when the contact's availability starts (aware).
        available_until: when it ends (aware).
        window: the contact's daily calling window, checked by Schedule a Callback.
        case: the case information the web page collected.
    """

    request_id: str
    phone: str
    zone_name: str
    available_from: datetime = attrs.field(converter=require_instant)
    available_until: datetime = attrs.field(converter=require_instant)
    window: CallingWindow | None = None
    case: Mapping[str, Any] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "request_id": self.request_id,
            "phone": self.phone,
            "zone_name": self.zone_name,
            "available_from": self.available_from.isoformat(),
            "available_until": self.available_until.isoformat(),
            "window": None if self.window is None else self.window.to_dict(),
            "case": dict(self.case),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WebCallbackRequest:
        """The request `to_dict` wrote."""
        window = data["window"]
        return cls(
            data["request_id"],
            data["phone"],
            data["zone_name"],
            datetime.fromisoformat(data["available_from"]),
            datetime.fromisoformat(data["available_until"]),
            None if window is None else CallingWindow.from_dict(window),
            dict(data["case"]),
        )

    def __attrs_post_init__(self) -> None:
        resolve_zone(self.zone_name)
        if self.available_until < self.available_from:
            raise InvalidValue(
                f"web callback {self.request_id}: availability ends before it starts",
                value=self.available_until.isoformat(),
            )


@attrs.define(slots=True, eq=False)
class _Callback:
    request: WebCallbackRequest
    due: datetime
    state: str = WEB_CALLBACK.initial
    agent_id: str | None = None
    offered_at: datetime | None = None
    refused_by: dict[str, datetime] = attrs.field(factory=dict)
    disposition: str | None = None
    scheduled: Reschedule | None = None
    closed: bool = False
    voice: str | None = None
    history: list[CaseEntry] = attrs.field(factory=list)


class WebCallbackBoard:
    """The web callback requests of a server, and the agents Ready on their channel."""

    def __init__(
        self,
        agents: AgentRegistry,
        clock: ServerClock,
        tracer: Tracer,
        settings: ServerSettings,
        stats: Counter[str],
        dispositions: tuple[str, ...] = (
            "Resolved",
            "No answer",
            "Call back later",
            "Not interested",
        ),
        disposition_required: bool = True,
        scope: CommandScope | None = None,
    ) -> None:
        #: The server's commands under way (and its journal).
        self.scope = CommandScope() if scope is None else scope
        self._agents = agents
        self._clock = clock
        self._tracer = tracer
        self._settings = settings
        self._stats = stats
        self.dispositions = dispositions
        self.disposition_required = disposition_required
        self.requests: dict[str, _Callback] = {}
        self.ready: set[str] = set()
        self._queued: set[str] = set()
        self._busy: dict[str, str] = {}

    def _changed(self, request_id: str) -> None:
        journal = self.scope.journal
        journal.items_changed("web_callbacks", (request_id,))
        journal.part_changed("web_callbacks")

    @command
    def submit(self, request: WebCallbackRequest) -> None:
        """Queue a request; it is routed from the start of the contact's availability."""
        if request.request_id in self.requests:
            raise InvalidValue(
                f"web callback {request.request_id} exists", value=request.request_id
            )
        self.requests[request.request_id] = _Callback(request, request.available_from)
        self._queued.add(request.request_id)
        self._changed(request.request_id)
        self._trace(self.requests[request.request_id], "submitted", None, "queued", {
            "phone": request.phone, "available_from": request.available_from.isoformat(),
            "available_until": request.available_until.isoformat(),
        })  # fmt: skip
        self.route()

    @command
    def set_ready(self, agent_id: str, ready: bool) -> None:
        """The agent's status on the web callback channel: Ready or not."""
        if ready:
            if not self._agents.get(agent_id).session.logged_in:
                raise TransitionNotAllowed(
                    f"agent {agent_id} is not logged in", state="logged_out",
                    event="web_callback_ready", machine="server", failed_guards=[],
                )  # fmt: skip
            if agent_id not in self.ready:
                self.ready.add(agent_id)
                self.scope.journal.part_changed("web_callbacks")
            self.route()
        elif agent_id in self.ready:
            self.ready.discard(agent_id)
            self.scope.journal.part_changed("web_callbacks")

    def holding(self, agent_id: str) -> list[str]:
        """The requests with the agent (offered or beyond, not closed)."""
        rid = self._busy.get(agent_id)
        return [] if rid is None else [rid]

    @command
    def route(self) -> None:
        """Offer each due queued request to a Ready agent with no web callback in hand: one
        who has not let it go if there is one, else (after `offer_timeout`) one who has."""
        now = self._clock.now
        busy = set(self._busy)
        if not self.ready - busy:
            return
        pause = self._settings.offer_timeout
        requests = self.requests
        due_now = sorted((due, rid) for rid in self._queued if (due := requests[rid].due) <= now)
        for _, rid in due_now:
            callback = requests[rid]
            free = sorted(self.ready - busy)
            fresh = [agent for agent in free if agent not in callback.refused_by]
            refused = callback.refused_by
            again = [agent for agent in free if agent in refused and now - refused[agent] >= pause]
            for agent_id in fresh or again:
                session = self._agents.get(agent_id).session
                if not session.logged_in or session.logout_pending:
                    continue
                self._move(callback, "route", agent_id, lambda guard: True)
                callback.agent_id, callback.offered_at = agent_id, now
                busy.add(agent_id)
                self._busy[agent_id] = rid
                self._queued.discard(rid)
                self._agents.tell(agent_id, Notice(NoticeKind.WEB_CALLBACK_OFFERED, request_id=rid))
                self._changed(rid)
                break

    @command
    def advance(self, now: datetime) -> None:
        """Offers unanswered past the timeout return to the queue for another agent; requests
        still waiting when the contact's availability ends expire."""
        timeout = self._settings.offer_timeout
        for rid in sorted(self._busy.values()):
            callback = self.requests[rid]
            offered_at = callback.offered_at
            if (
                callback.state == "offered"
                and offered_at is not None
                and now - offered_at >= timeout
            ):
                self._withdraw(callback)
        for rid in sorted(self._queued):
            callback = self.requests[rid]
            if callback.request.available_until < now:
                self._queued.discard(rid)
                self._move(callback, "expire", None, lambda guard: True)
                callback.closed = True
                self._stats["web callbacks expired"] += 1
                self._changed(rid)

    @command
    def agent_gone(self, agent_id: str) -> None:
        """The agent logged out: their offered requests go back to the queue."""
        if agent_id in self.ready:
            self.ready.discard(agent_id)
            self.scope.journal.part_changed("web_callbacks")
        rid = self._busy.get(agent_id)
        if rid is not None and self.requests[rid].state == "offered":
            self._withdraw(self.requests[rid])

    @command
    def act(self, agent_id: str, request_id: str, event: str, argument: Any = None) -> str:
        """Apply one agent action to a request; returns the new state.

        `event` is a `WebCallbackMachine` event; `schedule_callback` takes the new time as
        `MM/DD/YYYY HH:MM` in the contact's zone, `set_disposition` a disposition code.

        Raises:
            NotFound: the request is not with this agent.
            TransitionNotAllowed: the lifecycle refuses the event now (a Mark Done without the
                required disposition included).
            ScheduleError: the new time is in the past or outside the calling window.
            InvalidValue: an unknown disposition code or a bad argument.
        """
        callback = self.requests.get(request_id) if isinstance(request_id, str) else None
        if callback is None or callback.agent_id != agent_id or callback.closed:
            raise NotFound(
                f"web callback {shorten(request_id)} is not with agent {shorten(agent_id)}",
                request_id=shorten(request_id),
            )
        if event in ("route", "time_out") or event not in WEB_CALLBACK.events:
            raise InvalidValue(f"{shorten(event)} is not an agent action", value=shorten(event))
        guard = self._guard(callback)
        target = WEB_CALLBACK.next(callback.state, event, guard)
        voice = self._voice_after(callback, event)
        voice_before = callback.voice
        args: dict[str, Any] = {}
        if event == "schedule_callback":
            request = callback.request
            zone = resolve_zone(request.zone_name)
            when = check_reschedule(
                callback_at(argument, zone), now=self._clock.now, window=request.window
            )
            callback.scheduled = when
            args = {"reschedule_date": when.text, "instant": when.instant.isoformat()}
        elif event == "set_disposition":
            if argument not in self.dispositions:
                raise InvalidValue(
                    f"{shorten(argument)} is not a disposition code; use one of "
                    f"{', '.join(self.dispositions)}",
                    code=ErrorCode.INVALID_VALUE,
                    value=shorten(argument),
                )
            callback.disposition = argument
            args = {"disposition": argument}
        before = callback.state
        callback.state, callback.voice = target, voice
        self._trace(callback, event, before, target, args)
        if event == "call":
            self._trace(callback, "dial", None, VOICE_CALL.initial, {}, kind="call")
        elif event in _VOICE_OF_WEB_EVENT and voice is not None:
            mirrored = _VOICE_OF_WEB_EVENT[event]
            self._trace(callback, mirrored, voice_before, voice, {}, kind="call")
        if event == "reject":
            callback.refused_by[agent_id] = self._clock.now
            callback.agent_id = None
            self._busy.pop(agent_id, None)
            self._queued.add(request_id)
            self.route()
        elif event == "mark_done":
            self._busy.pop(agent_id, None)
            self._done(callback)
        self._changed(request_id)
        return target

    @command
    def call_action(
        self,
        agent_id: str,
        request_id: str,
        event: str,
        *,
        to_agent: str | None = None,
        text: str | None = None,
    ) -> str:
        """Apply one of the call's actions to a web callback once called (seed 003): a
        `VoiceCallMachine` event (`send_dtmf` with the digits as `text`; `instant_transfer`,
        `instant_conference` and `start_consultation` to a contact, given as `text`, or to
        another agent, `to_agent`; the consultation's `target_accepts`, `target_declines`,
        `target_ends_consultation`, `end_consultation`, `complete_transfer`,
        `complete_conference`), or `add_note` with the note as `text`. The request's status
        follows the call (Connected, On Hold, Ready to Call); a transfer to another agent hands
        the request, connected, to that agent. Returns the request's new state.

        Raises:
            NotFound: the request is not with this agent, or no such agent.
            TransitionNotAllowed: the call, or the request's lifecycle, refuses now; the other
                agent cannot take the call.
            InvalidValue: a bad argument.
        """
        callback = self._with(agent_id, request_id)
        now = self._clock.now
        if event == "add_note":
            target = WEB_CALLBACK.next(callback.state, "add_note", self._guard(callback))
            note = CaseEntry("note", _note(text), now)
            callback.state = target
            callback.history.append(note)
            self._changed(request_id)
            self._trace(callback, "add_note", target, target, {"note": note.text})
            return target
        if callback.voice is None or event not in _CALL_ACTIONS:
            raise TransitionNotAllowed(
                f"web callback {request_id}: {shorten(event)} is not a call action now (call "
                "the contact first)",
                state=callback.state, event=str(event)[:40], machine=VOICE_CALL.name,
                failed_guards=[],
            )  # fmt: skip
        voice = VOICE_CALL.next(callback.voice, event)
        handing = to_agent is not None and event in ("instant_transfer", "complete_transfer")
        if handing:
            self._check_taker(agent_id, str(to_agent))
            path = ["hand_over"]
        else:
            path = _web_path(callback.state, _WEB_STATE_OF_VOICE[voice])
        state = callback.state
        for web_event in path:
            state = WEB_CALLBACK.next(state, web_event, self._guard(callback))
        entry = _entry_for(event, to_agent, text, now)
        before_voice = callback.voice
        callback.voice = "connected" if handing else voice
        for web_event in path:
            before = callback.state
            callback.state = WEB_CALLBACK.next(before, web_event, self._guard(callback))
            self._trace(callback, web_event, before, callback.state, {})
        self._trace(
            callback, event, before_voice, voice,
            {} if entry is None else {"case": entry.to_dict()}, kind="call",
        )  # fmt: skip
        if entry is not None:
            callback.history.append(entry)
        if handing:
            self._hand(callback, agent_id, str(to_agent))
            # The other agent's call with the contact starts, connected.
            self._trace(callback, "dial", None, VOICE_CALL.initial, {}, kind="call")
            self._trace(callback, "answer", VOICE_CALL.initial, "connected", {}, kind="call")
        self._changed(request_id)
        return callback.state

    def _with(self, agent_id: str, request_id: str) -> _Callback:
        callback = self.requests.get(request_id) if isinstance(request_id, str) else None
        if callback is None or callback.agent_id != agent_id or callback.closed:
            raise NotFound(
                f"web callback {shorten(request_id)} is not with agent {shorten(agent_id)}",
                request_id=shorten(request_id),
            )
        return callback

    def _check_taker(self, agent_id: str, to_agent: str) -> None:
        session = self._agents.get(to_agent).session
        if to_agent == agent_id or to_agent in self._busy or not session.logged_in:
            raise TransitionNotAllowed(
                f"agent {to_agent} cannot take the web callback's call now",
                state=session.state, event="hand_over", machine="server", failed_guards=[],
            )  # fmt: skip

    def _hand(self, callback: _Callback, agent_id: str, to_agent: str) -> None:
        rid = callback.request.request_id
        self._busy.pop(agent_id, None)
        self._busy[to_agent] = rid
        callback.agent_id = to_agent
        self._agents.tell(to_agent, Notice(NoticeKind.WEB_CALLBACK_HANDED, request_id=rid))
        self._agents.tell(agent_id, Notice(NoticeKind.WEB_CALLBACK_WITHDRAWN, request_id=rid))

    def _voice_after(self, callback: _Callback, event: str) -> str | None:
        """The call's state after a request event, checked (the request and its call move
        together: Call dials, Answer connects, Hold holds, End Call ends)."""
        if event == "call":
            return VOICE_CALL.initial
        mirrored = _VOICE_OF_WEB_EVENT.get(event)
        if mirrored is None or callback.voice is None:
            return callback.voice
        return VOICE_CALL.next(callback.voice, mirrored)

    def _guard(self, callback: _Callback) -> Any:
        def guard(name: str) -> bool:
            if name == "disposition_missing":
                return self.disposition_required and callback.disposition is None
            return name == "agent_ready_on_channel"

        return guard

    def _done(self, callback: _Callback) -> None:
        stats = self._stats
        stats["web callbacks done"] += 1
        if callback.scheduled is None:
            callback.closed = True
            return
        stats["web callbacks rescheduled"] += 1
        again = _Callback(callback.request, callback.scheduled.instant)
        self.requests[callback.request.request_id] = again
        self._queued.add(callback.request.request_id)
        self._trace(again, "requeued", None, "queued", {"due": again.due.isoformat()})

    def _withdraw(self, callback: _Callback) -> None:
        agent_id = callback.agent_id
        self._move(callback, "time_out", agent_id, lambda guard: True)
        self._queued.add(callback.request.request_id)
        if agent_id is not None:
            self._busy.pop(agent_id, None)
            callback.refused_by[agent_id] = self._clock.now
            rid = callback.request.request_id
            self._agents.tell(agent_id, Notice(NoticeKind.WEB_CALLBACK_WITHDRAWN, request_id=rid))
        callback.agent_id = None
        self._changed(callback.request.request_id)
        self.route()

    def _move(self, callback: _Callback, event: str, agent_id: str | None, guard: Any) -> None:
        before = callback.state
        callback.state = WEB_CALLBACK.next(before, event, guard)
        self._trace(callback, event, before, callback.state, {}, agent_id)

    def _trace(
        self, callback: _Callback, event: str, before: str | None, after: str | None,
        args: dict[str, Any], agent_id: str | None = None, kind: str = "web-callback",
    ) -> None:  # fmt: skip
        self._tracer.emit(
            kind, event, agent_id=agent_id or callback.agent_id,
            interaction_id=callback.request.request_id, state_before=before,
            state_after=after, args=args,
        )  # fmt: skip

    def item(self, request_id: str) -> dict[str, Any] | None:
        """One request as `to_dict` writes it, or None for one the board does not have."""
        callback = self.requests.get(request_id) if isinstance(request_id, str) else None
        return None if callback is None else _callback_to_dict(callback)

    def details(self) -> dict[str, Any]:
        """`to_dict` without the requests (`item` reads each)."""
        return {
            "dispositions": list(self.dispositions),
            "disposition_required": self.disposition_required,
            "ready": sorted(self.ready),
            "queued": sorted(self._queued),
            "busy": dict(sorted(self._busy.items())),
        }

    def to_dict(self) -> dict[str, Any]:
        """Every request and who is Ready, as plain data."""
        return {
            "dispositions": list(self.dispositions),
            "disposition_required": self.disposition_required,
            "requests": [_callback_to_dict(callback) for callback in self.requests.values()],
            "ready": sorted(self.ready),
            "queued": sorted(self._queued),
            "busy": dict(sorted(self._busy.items())),
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Take the state `to_dict` wrote (into an empty board)."""
        self.dispositions = tuple(data["dispositions"])
        self.disposition_required = bool(data["disposition_required"])
        for item in data["requests"]:
            callback = _callback_from_dict(item)
            self.requests[callback.request.request_id] = callback
        self.ready = set(data["ready"])
        self._queued = set(data["queued"])
        self._busy = dict(data["busy"])


#: The call actions of a web callback's call beyond the request's own events (seed 003).
_CALL_ACTIONS = frozenset(
    {
        "send_dtmf",
        "instant_transfer",
        "instant_conference",
        "start_consultation",
        "target_accepts",
        "target_declines",
        "target_ends_consultation",
        "end_consultation",
        "complete_transfer",
        "complete_conference",
    }
)
#: The call event each request event of `WebCallbackMachine` makes.
_VOICE_OF_WEB_EVENT = {
    "answer": "answer",
    "dialing_failed": "dialing_failed",
    "hold": "hold",
    "resume": "resume",
    "end_call": "end_call",
    "remote_hang_up": "remote_hang_up",
}
#: The request's state (its call status) for each state of its call.
_WEB_STATE_OF_VOICE = {
    "dialing": "dialing",
    "connected": "connected",
    "conferenced": "connected",
    "on_hold": "on_hold",
    "consult_requested": "on_hold",
    "consulting": "on_hold",
    "ended": "ready_to_call",
    "wrap_up": "ready_to_call",
    "closed": "ready_to_call",
}
_WEB_MOVES = {
    ("connected", "on_hold"): ["hold"],
    ("on_hold", "connected"): ["resume"],
    ("connected", "ready_to_call"): ["end_call"],
    ("on_hold", "ready_to_call"): ["end_call"],
}
_DTMF = frozenset("0123456789*#ABCD")


def _web_path(state: str, wanted: str) -> list[str]:
    if state == wanted:
        return []
    return list(_WEB_MOVES.get((state, wanted), ["no_such_move"]))


def _note(text: object) -> str:
    if not isinstance(text, str) or not text.strip() or len(text) > 4000:
        raise InvalidValue(
            f"a note is non-blank text of at most 4000 characters, not {shorten(text)}",
            code=ErrorCode.WRONG_TYPE if not isinstance(text, str) else ErrorCode.INVALID_VALUE,
            value=shorten(text),
        )
    return text


def _entry_for(event: str, to_agent: str | None, text: object, now: datetime) -> CaseEntry | None:
    """The case-history entry a call action leaves, its argument checked."""
    if event == "send_dtmf":
        if not isinstance(text, str) or not 1 <= len(text) <= 64 or not set(text) <= _DTMF:
            raise InvalidValue(
                f"DTMF digits are 1 to 64 of 0-9, *, # and A-D, not {shorten(text)}",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(text),
            )
        return CaseEntry("dtmf", text, now)
    if event in ("instant_transfer", "instant_conference", "start_consultation"):
        if to_agent is not None:
            return CaseEntry(event, f"agent:{to_agent}", now)
        if not isinstance(text, str) or not text.strip():
            raise InvalidValue(
                f"{event} needs a target: another agent, or a contact's number",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(text),
            )
        return CaseEntry(event, f"contact:{text}", now)
    return None


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _callback_to_dict(callback: _Callback) -> dict[str, Any]:
    return {
        "request": callback.request.to_dict(),
        "due": callback.due.isoformat(),
        "state": callback.state,
        "agent_id": callback.agent_id,
        "offered_at": _when(callback.offered_at),
        "refused_by": {agent: when.isoformat() for agent, when in callback.refused_by.items()},
        "disposition": callback.disposition,
        "scheduled": None if callback.scheduled is None else callback.scheduled.to_dict(),
        "closed": callback.closed,
        "voice": callback.voice,
        "history": [entry.to_dict() for entry in callback.history],
    }


def _callback_from_dict(data: Mapping[str, Any]) -> _Callback:
    offered, scheduled = data["offered_at"], data["scheduled"]
    return _Callback(
        WebCallbackRequest.from_dict(data["request"]),
        datetime.fromisoformat(data["due"]),
        data["state"],
        data["agent_id"],
        None if offered is None else datetime.fromisoformat(offered),
        {agent: datetime.fromisoformat(when) for agent, when in data["refused_by"].items()},
        data["disposition"],
        None if scheduled is None else Reschedule.from_dict(scheduled),
        bool(data["closed"]),
        data.get("voice"),
        [CaseEntry.from_dict(entry) for entry in data.get("history", ())],
    )
