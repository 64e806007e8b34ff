"""The scripted agents of the simulation: each does, at random, everything the seeds allow.

An agent works one campaign through its desk. Every simulated step it takes one action on each
record it holds, chosen with the simulation's `random.Random` (the only randomness): accept,
reject or discard pushed records (or leave them to time out), reject, cancel or reschedule
previews, ask for the next record, call the system's record or another of the chain, hold and
resume, set call results, mark and unmark Do Not Call, reschedule on the same or a new number
(personal or campaign), update fields (now and then with a bad value), and mark done. Refused
actions are counted by error code, never hidden.

An agent of a system-dialed campaign given `handling` times its calls instead: each call lasts
a seeded talk time from when it reached the agent, then a seeded wrap-up
(`handling.draw_handling`), and the agent ends the call and marks the record done at those
instants (`next_due`, `finish_due`: the day wakes the agent then), so that pacing sees agents
free when they really are. Between those instants the agent does everything else at random, as
the others do.

An agent's state (its desk's snapshot, its random generator, its timers) round-trips through
plain data (`to_dict`, `from_dict`), so a simulated day can stop and go on.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from outbound_core.codes import CallResult, DialingMode
from outbound_core.desk import CallTarget, OutboundService
from outbound_core.errors import ErrorCode, InvalidValue, OutboundError, shorten
from outbound_core.server.protocol import OutboundServer
from outbound_core.simulation.handling import AgentModel, draw_handling
from outbound_core.simulation.random_state import random_from_text, random_to_text
from outbound_core.timing.reschedule import Reschedule
from outbound_core.timing.zones import resolve_zone

__all__ = ["ScriptedAgent"]

_FAILED = (CallResult.BUSY, CallResult.NO_ANSWER, CallResult.ANSWERING_MACHINE)
_ANSWERED = (CallResult.ANSWER, CallResult.ANSWER, CallResult.WRONG_PARTY, CallResult.OK)
_NOTES = ("asked to be called on the mobile", "interested in the new plan", "busy, try again")
#: How soon an agent tries again to end a timed call or wrap-up the desk refused.
_RETRY = timedelta(seconds=5)
_DISPOSITIONS = ("Resolved", "No answer", "Call back later", "Not interested")


@attrs.define(slots=True, eq=False)
class ScriptedAgent:
    """One simulated agent: a desk, a campaign, a shift, and a random source."""

    desk: OutboundService
    campaign: str
    mode: DialingMode
    rng: random.Random
    shift_end: datetime
    refused: Counter[str]
    web_callbacks: bool = False
    logging_out: bool = False
    done: bool = False
    handling: AgentModel | None = None
    #: When each call's current phase (talk, then wrap-up) ends, by interaction.
    due: dict[str, datetime] = attrs.field(factory=dict)
    #: The wrap-up time drawn for each call still in its talk phase, seconds.
    wraps: dict[str, float] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The agent as plain data (its desk's snapshot included; the refusal counts it shares
        with the other agents are not): what `from_dict` rebuilds it from."""
        handling = self.handling
        return {
            "desk": self.desk.snapshot(),
            "campaign": self.campaign,
            "mode": self.mode.value,
            "rng": random_to_text(self.rng),
            "shift_end": self.shift_end.isoformat(),
            "web_callbacks": self.web_callbacks,
            "logging_out": self.logging_out,
            "done": self.done,
            "handling": None if handling is None else [
                handling.talk_median, handling.talk_sigma, list(handling.wrap)
            ],
            "due": {iid: when.isoformat() for iid, when in self.due.items()},
            "wraps": dict(self.wraps),
        }  # fmt: skip

    @classmethod
    def from_dict(
        cls, server: OutboundServer, data: Mapping[str, Any], refused: Counter[str]
    ) -> ScriptedAgent:
        """The agent `to_dict` wrote, its desk working with `server`, counting its refused
        actions in `refused`.

        Raises:
            InvalidValue: data `to_dict` did not write.
        """
        try:
            handling = data["handling"]
            return cls(
                OutboundService.from_snapshot(server, data["desk"]),
                str(data["campaign"]),
                DialingMode.parse(data["mode"]),
                random_from_text(data["rng"]),
                datetime.fromisoformat(data["shift_end"]),
                refused,
                bool(data["web_callbacks"]),
                bool(data["logging_out"]),
                bool(data["done"]),
                None
                if handling is None
                else AgentModel(float(handling[0]), float(handling[1]), tuple(handling[2])),
                {iid: datetime.fromisoformat(when) for iid, when in data["due"].items()},
                {iid: float(wrap) for iid, wrap in data["wraps"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not a scripted agent's state: {shorten(error)}", code=ErrorCode.INVALID_VALUE
            ) from None

    def attempt(self, action: Callable[[], Any]) -> Any:
        """Run a desk action; a refusal is counted by its code and returns None."""
        try:
            return action()
        except OutboundError as error:
            self.refused[error.code] += 1
            return None

    def step(self, now: datetime) -> None:
        """One step of the agent's day."""
        desk, rng = self.desk, self.rng
        if self.done:
            return
        session = desk.server.session_of(desk.agent_id)  # type: ignore[attr-defined]
        if not session.logged_in:
            if self.logging_out:
                self.done = True
                return
            desk.login()
            desk.ready()
            if self.mode is DialingMode.DIRECT_PUSH_PREVIEW:
                self.attempt(desk.start_direct_push_preview)
            if self.web_callbacks:
                desk.web_callback_ready(True)
            return
        desk.sync()
        if now >= self.shift_end and not self.logging_out:
            self.logging_out = True
            self.attempt(desk.logout)
            return
        for interaction_id in list(desk.held):
            if interaction_id in desk.held:
                self._work(interaction_id, now)
        for request_id in list(desk.web_callbacks_offered):
            self._web_callback(request_id, now)
        if (
            self.mode is DialingMode.PREVIEW
            and not self.logging_out
            and len(desk.held) < 2
            and rng.random() < 0.7
        ):
            self.attempt(lambda: desk.get_preview_record(self.campaign))
        if rng.random() < 0.01:
            self._something_wrong()

    # ---- one record -----------------------------------------------------------------------

    def _work(self, iid: str, now: datetime) -> None:
        desk, rng = self.desk, self.rng
        interaction = desk.held[iid].interaction
        state, roll = interaction.state, rng.random()
        if state == "offered":
            if roll < 0.08:
                self.attempt(lambda: desk.reject(iid))
            elif roll < 0.11:
                self.attempt(lambda: desk.discard(iid))
            elif roll < 0.2:
                return  # left unanswered: it times out
            else:
                self.attempt(lambda: desk.accept(iid))
        elif state == "previewing":
            self._preview(iid, roll, now)
        elif state == "dialing":
            if roll < 0.65:
                self.attempt(lambda: desk.call_connected(iid))
            else:
                self.attempt(lambda: desk.call_failed(iid))
        elif state == "in_call":
            if self.handling is None:
                self._in_call(iid, roll, now)
            elif self._phase_due(iid, now) > now:
                if roll < 0.55:
                    self._in_call(iid, roll, now)  # anything but ending the call
            else:
                self._end_timed_call(iid, now)
        elif state == "after_call":
            if self.handling is not None and self._phase_due(iid, now) > now:
                return
            self.due.pop(iid, None)
            if interaction.call_result is None and not interaction.do_not_call:
                failed = interaction.dialed_handle is not None and roll < 0.5
                result = rng.choice(_FAILED if failed else _ANSWERED)
                self.attempt(lambda: desk.set_call_result(iid, str(int(result))))
            self.attempt(lambda: desk.mark_done(iid))

    # ---- timed calls -----------------------------------------------------------------------

    def next_due(self) -> datetime | None:
        """When the agent next ends a timed call or its wrap-up, or None."""
        return min(self.due.values(), default=None)

    def finish_due(self, now: datetime) -> None:
        """End the timed calls and wrap-ups due by `now` (and nothing else)."""
        desk = self.desk
        desk.sync()
        for iid in list(self.due):
            held = desk.held.get(iid)
            if held is None:  # transferred, taken back or renamed: its timer goes
                del self.due[iid]
                self.wraps.pop(iid, None)
                continue
            if self.due[iid] > now:
                continue
            state = held.interaction.state
            if state == "in_call":
                self._end_timed_call(iid, now)
            elif state == "after_call":
                if self._phase_due(iid, now) <= now:
                    del self.due[iid]
                    self._work(iid, now)
            else:
                del self.due[iid]
            again = self.due.get(iid)
            if iid in desk.held and again is not None and again <= now:
                self.due[iid] = now + _RETRY  # refused now: try again shortly

    def _phase_due(self, iid: str, now: datetime) -> datetime:
        """When the call's current phase ends: its talk drawn from when it reached the agent,
        or, once the call ended, its wrap-up from then."""
        due = self.due.get(iid)
        state = self.desk.held[iid].interaction.state
        if due is None or (state == "after_call" and iid in self.wraps):
            if due is None and state == "in_call":
                talk, wrap = draw_handling(self.rng, self.handling or AgentModel())
                lease = self.desk.server.leases.get(self.desk.held[iid].delivery.delivery_id)  # type: ignore[attr-defined]
                start = now if lease is None else lease.since
                due = start + timedelta(seconds=talk)
                self.wraps[iid] = wrap
            else:
                due = now + timedelta(seconds=self.wraps.pop(iid, 0.0))
            self.due[iid] = due
        return due

    def _end_timed_call(self, iid: str, now: datetime) -> None:
        desk = self.desk
        by_customer = self.rng.random() < 0.4
        self.attempt(lambda: desk.call_ended(iid, by_customer=by_customer))
        if iid in desk.held and desk.held[iid].interaction.state == "after_call":
            self.due[iid] = now + timedelta(seconds=self.wraps.pop(iid, 0.0))

    def _preview(self, iid: str, roll: float, now: datetime) -> None:
        desk, rng = self.desk, self.rng
        interaction = desk.held[iid].interaction
        if roll < 0.05:
            self.attempt(desk.reject_preview_record)
        elif roll < 0.08:
            self.attempt(desk.cancel_preview_record)
        elif roll < 0.11 and self.mode is DialingMode.PREVIEW:
            self.attempt(lambda: desk.get_next_preview_record(iid, self.campaign))
        elif roll < 0.14:
            handle = interaction.record.record_handle
            text = self._local_text(interaction.record.tz_name, now, rng.choice((1, 2, 26)))
            kind = rng.choice(("PERSONAL", "CAMPAIGN"))
            if self.attempt(lambda: desk.reschedule_record(iid, handle, text, kind)) is not None:
                self.attempt(lambda: desk.mark_done(iid))
        elif roll < 0.16:
            self.attempt(lambda: desk.mark_done(iid))
        else:
            handles = interaction.chain.handles
            handle = interaction.record.record_handle
            if len(handles) > 1 and rng.random() < 0.15:
                handle = rng.choice(handles)
            self.attempt(lambda: desk.call_preview_record(iid, handle))

    def _in_call(self, iid: str, roll: float, now: datetime) -> None:
        desk, rng = self.desk, self.rng
        held = desk.held[iid]
        interaction = held.interaction
        if held.voice in ("on_hold", "consult_requested", "consulting", "conferenced"):
            self._call_actions(iid, held.voice, roll)
        elif roll < 0.05:
            self.attempt(lambda: desk.hold(iid) if roll < 0.025 else desk.call_held(iid))
        elif roll < 0.07:
            self._hand_over(iid, rng.random())
        elif roll < 0.09 and interaction.scheduled is None:
            self.attempt(lambda: desk.set_do_not_call(iid))
            if rng.random() < 0.3:
                self.attempt(lambda: desk.remove_do_not_call(iid))
        elif roll < 0.19 and not interaction.do_not_call:
            zone = interaction.record.tz_name
            text = self._local_text(zone, now, rng.choice((1, 3, 20, 25)))
            kind = rng.choice(("PERSONAL", "CAMPAIGN"))
            if rng.random() < 0.25:
                phone = f"+1 555 {rng.randrange(10**6):06d}"
                self.attempt(lambda: desk.reschedule_on_new_number(iid, phone, text, kind, 4))
            else:
                handle = interaction.record.record_handle
                self.attempt(lambda: desk.reschedule_record(iid, handle, text, kind))
        elif roll < 0.22:
            self.attempt(lambda: desk.send_dtmf(iid, rng.choice(("1", "42#", "*9", "A0"))))
        elif roll < 0.25:
            self.attempt(lambda: desk.add_note(iid, rng.choice(_NOTES)))
            if desk.party_actions(iid) and rng.random() < 0.5:
                action = desk.party_actions(iid)[0]
                self.attempt(lambda: desk.start_party_action(iid, action))
        elif roll < 0.35:
            update: dict[str, Any] = {"Visits": rng.randrange(50), "Consent": rng.random() < 0.5}
            if rng.random() < 0.1:
                update["Segment"] = "too long"  # a char field: refused, nothing applied
            self.attempt(lambda: desk.update_record_fields(iid, update))
        elif roll < 0.55 and interaction.call_result is None and not interaction.do_not_call:
            result = rng.choice(_ANSWERED)
            self.attempt(lambda: desk.set_call_result(iid, int(result)))
            if rng.random() < 0.5:
                self.attempt(lambda: desk.set_disposition(iid, rng.choice(_DISPOSITIONS)))
        elif roll < 0.7:
            self.attempt(lambda: desk.end_call(iid))
        else:
            self.attempt(lambda: desk.call_ended(iid, by_customer=rng.random() < 0.4))

    def _call_actions(self, iid: str, voice: str, roll: float) -> None:
        """A call on hold, in consultation or in conference (seed 003's call actions)."""
        desk = self.desk
        if voice == "on_hold":
            self.attempt(lambda: desk.resume(iid) if roll < 0.5 else desk.call_resumed(iid))
        elif voice == "consult_requested":
            if roll < 0.7:
                self.attempt(lambda: desk.consultation_accepted(iid))
            elif roll < 0.9:
                self.attempt(lambda: desk.consultation_declined(iid))
            else:
                self.attempt(lambda: desk.end_consultation(iid))
        elif voice == "consulting":
            if roll < 0.3:
                self.attempt(lambda: desk.complete_transfer(iid))
            elif roll < 0.5:
                self.attempt(lambda: desk.complete_conference(iid))
            elif roll < 0.7:
                self.attempt(lambda: desk.consultation_ended_by_target(iid))
            else:
                self.attempt(lambda: desk.end_consultation(iid))
        elif roll < 0.2:
            self.attempt(lambda: desk.send_dtmf(iid, "5"))
        else:
            self.attempt(lambda: desk.end_call(iid))

    def _hand_over(self, iid: str, roll: float) -> None:
        """Transfer, conference or consult: to another agent of the campaign or to a contact."""
        desk, rng = self.desk, self.rng
        peers = sorted(desk.server.campaign(self.campaign).agents - {desk.agent_id})  # type: ignore[attr-defined]
        target = (
            CallTarget.agent(rng.choice(peers))
            if peers and rng.random() < 0.6
            else CallTarget.contact(f"+1 555 {rng.randrange(10**6):06d}")
        )
        if roll < 0.3:
            self.attempt(lambda: desk.transfer(iid, target))
        elif roll < 0.5:
            self.attempt(lambda: desk.conference(iid, target))
        else:
            self.attempt(lambda: desk.start_consultation(iid, target))

    def _web_callback(self, request_id: str, now: datetime) -> None:
        desk, rng = self.desk, self.rng
        board = desk.server.web_callbacks  # type: ignore[attr-defined]
        callback = board.requests.get(request_id)
        if callback is None or callback.agent_id != desk.agent_id:
            return
        state, roll = callback.state, rng.random()

        def act(event: str, argument: Any = None) -> Any:
            return self.attempt(lambda: desk.web_callback(request_id, event, argument))

        if state == "offered":
            act("reject" if roll < 0.15 else "accept")
        elif state == "previewing":
            act("call") if roll < 0.9 else act("set_disposition", "Resolved")
        elif state == "dialing":
            act("answer" if roll < 0.7 else "dialing_failed")
        elif state == "connected":
            if roll < 0.2:
                zone = callback.request.zone_name
                act("schedule_callback", self._local_text(zone, now, rng.choice((2, 24))))
            elif roll < 0.3:
                self.attempt(lambda: desk.send_dtmf(request_id, "1"))
                self.attempt(lambda: desk.add_note(request_id, rng.choice(_NOTES)))
            elif roll < 0.35:
                self.attempt(lambda: desk.hold(request_id))
                self.attempt(lambda: desk.resume(request_id))
            act("end_call" if roll < 0.6 else "remote_hang_up")
        elif state in ("ready_to_call",):
            if callback.disposition is None:
                act("set_disposition", rng.choice(board.dispositions))
            act("mark_done")

    # ---- deliberate mistakes ------------------------------------------------------------------

    def _something_wrong(self) -> None:
        """Now and then an agent (or a harness) sends something the seeds refuse."""
        desk, rng = self.desk, self.rng
        mistakes: list[Callable[[], Any]] = [
            lambda: desk.set_call_result("nope", 33),
            lambda: desk.get_call_result(""),
            lambda: desk.call_preview_record("1", "7"),  # type: ignore[arg-type]
            lambda: desk.get_preview_record(self.campaign + " (old)"),
            lambda: desk.reject_preview_record(),
        ]
        self.attempt(rng.choice(mistakes))

    @staticmethod
    def _local_text(zone_name: str | None, now: datetime, hours: int) -> str:
        """The reschedule date `hours` from now, in the record's zone, on a whole minute."""
        zone = resolve_zone(zone_name)
        return Reschedule(now + timedelta(hours=hours), zone).text
