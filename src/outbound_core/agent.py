"""The agent session aggregate: readiness, the records on the desk, and negotiated logout.

Seed 001: an abrupt logout while a progressive or predictive campaign is establishing a call
for the agent would delay that call, so the logout waits for the system's authorization, with
a countdown the agent can watch (`remaining`). A logout with nothing in flight is immediate.
While it waits the agent receives nothing new, except the call already being established.
Seed 000: an agent views at most `outbound.preview.max-simultaneous-preview-record` preview
records at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from outbound_core.codes import DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, NotFound, TransitionNotAllowed, shorten
from outbound_core.machines import AGENT_SESSION, Guard
from outbound_core.options import OutboundOptions
from outbound_core.timing.zones import require_instant

__all__ = ["AGENT_SESSION", "DEFAULT_LOGOUT_WAIT", "AgentSession"]

#: How long a negotiated logout waits for authorization when the caller does not say.
#: Seed 001 says "a few seconds"; the countdown it describes counts minutes and seconds.
DEFAULT_LOGOUT_WAIT = timedelta(seconds=30)


@attrs.define(slots=True, eq=False)
class AgentSession:
    """One agent's outbound session.

    `state` is the lifecycle state; `interactions` the records on the desk by interaction id,
    with their dialing mode; `call_in_flight` whether the system is establishing a
    progressive or predictive call for the agent; `logout_deadline` when a pending logout is
    authorized at the latest.
    """

    agent_id: str = attrs.field()
    options: OutboundOptions = attrs.field(factory=OutboundOptions)
    state: str = AGENT_SESSION.initial
    call_in_flight: bool = False
    interactions: dict[str, DialingMode] = attrs.field(factory=dict)
    logout_deadline: datetime | None = None

    @agent_id.validator
    def _check_agent_id(self, attribute: object, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(
                f"an agent id is a non-blank string, not {shorten(value)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(value),
            )

    @property
    def logged_in(self) -> bool:
        """Whether the agent is logged in (a pending logout is still logged in)."""
        return self.state != "logged_out"

    @property
    def logout_pending(self) -> bool:
        """Whether the agent asked to log out and awaits authorization."""
        return self.state in ("logout_pending", "engaged_logout_pending")

    def login(self) -> None:
        """Log in: the agent starts Not Ready."""
        self.state = self._next("login")

    def make_ready(self) -> None:
        """Go Ready: records and calls may be delivered."""
        self.state = self._next("make_ready")

    def make_not_ready(self) -> None:
        """Go Not Ready: nothing new is delivered."""
        self.state = self._next("make_not_ready")

    def call_establishing(self) -> None:
        """The system selected this Ready agent for a progressive or predictive call it is
        establishing now: a logout from here on is negotiated."""
        if self.state != "ready" or self.call_in_flight:
            raise TransitionNotAllowed(
                f"agent {self.agent_id}: a call is established only for a Ready agent with "
                f"no other call in flight (state {self.state})",
                state=self.state,
                event="call_establishing",
                machine=AGENT_SESSION.name,
                failed_guards=[],
            )
        self.call_in_flight = True

    def call_not_established(self) -> None:
        """The call being established for the agent failed; it will not be delivered."""
        if not self.call_in_flight:
            raise TransitionNotAllowed(
                f"agent {self.agent_id}: no call is being established",
                state=self.state,
                event="call_not_established",
                machine=AGENT_SESSION.name,
                failed_guards=[],
            )
        self.call_in_flight = False

    def may_take(self, mode: DialingMode | str) -> bool:
        """Whether a record of this mode may be delivered now."""
        mode = DialingMode.parse(mode)
        return AGENT_SESSION.allows(self.state, "deliver", self._guard_for(mode))

    def deliver(self, interaction_id: str, mode: DialingMode | str) -> None:
        """A record or call of `mode` reaches the agent as `interaction_id`.

        Raises:
            TransitionNotAllowed: the agent is not Ready, is waiting to log out (only the call
                in flight is delivered), or already views as many preview records as allowed.
            InvalidValue: an interaction id already on the desk.
        """
        mode = DialingMode.parse(mode)
        if not isinstance(interaction_id, str) or not interaction_id.strip():
            raise InvalidValue(
                f"an interaction id is a non-blank string, not {shorten(interaction_id)}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(interaction_id),
            )
        if interaction_id in self.interactions:
            raise InvalidValue(
                f"interaction {interaction_id} is already on agent {self.agent_id}'s desk",
                code=ErrorCode.INVALID_VALUE,
                value=interaction_id,
            )
        target = self._next("deliver", self._guard_for(mode))
        if mode.system_dials:
            self.call_in_flight = False
        self.state = target
        self.interactions[interaction_id] = mode

    def finish(self, interaction_id: str) -> None:
        """The interaction left the desk (marked done, rejected, cancelled, ...).

        Raises:
            NotFound: no such interaction on the desk.
        """
        if interaction_id not in self.interactions:
            raise NotFound(
                f"interaction {shorten(interaction_id)} is not on agent {self.agent_id}'s desk",
                interaction_id=shorten(interaction_id),
                agent_id=self.agent_id,
            )
        self.state = self._next("finish")
        del self.interactions[interaction_id]

    def logout(self, now: datetime, wait: timedelta = DEFAULT_LOGOUT_WAIT) -> datetime | None:
        """Ask to log out: immediate with nothing in flight, else pending until `now + wait`.

        Returns:
            The deadline of a pending logout, or None when the agent is logged out now.
        """
        now = require_instant(now)
        if not isinstance(wait, timedelta) or wait < timedelta(0):
            raise InvalidValue(
                f"wait is a non-negative timedelta, not {shorten(wait)}",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(wait),
            )
        target = self._next("logout")
        deadline = None if target == "logged_out" else now + wait
        self.state, self.logout_deadline = target, deadline
        return deadline

    def remaining(self, now: datetime) -> timedelta | None:
        """Time left before a pending logout is authorized at the latest (the countdown), or
        None when no logout is pending; zero once the deadline has passed."""
        now = require_instant(now)
        if not self.logout_pending or self.logout_deadline is None:
            return None
        return max(self.logout_deadline - now, timedelta(0))

    def authorize_logout(self) -> None:
        """The system authorizes the pending logout [LogOutAcknowledge]."""
        self.state = self._next("authorize_logout")
        self.logout_deadline = None

    def expire(self, now: datetime) -> bool:
        """Log the agent out if a pending logout's deadline has passed, nothing is on the desk
        and no call is being established for the agent (reference §4.6); returns whether the
        agent is now logged out."""
        now = require_instant(now)
        deadline = self.logout_deadline
        if self.state != "logout_pending" or deadline is None or now < deadline:
            return self.state == "logged_out"
        if not AGENT_SESSION.allows(self.state, "logout_deadline", self._guard_for()):
            return False
        self.state, self.logout_deadline = self._next("logout_deadline"), None
        return True

    def may_take_after(self, interaction_id: str, mode: DialingMode | str) -> bool:
        """Whether a record of `mode` could be delivered once `interaction_id` has left the desk
        (the agent asks for the next preview record while finishing this one)."""
        trial = AgentSession(
            self.agent_id, self.options, self.state, self.call_in_flight,
            dict(self.interactions), self.logout_deadline,
        )  # fmt: skip
        trial.finish(interaction_id)
        return trial.may_take(mode)

    def to_dict(self) -> dict[str, Any]:
        """The session as plain data."""
        deadline = self.logout_deadline
        return {
            "agent_id": self.agent_id,
            "options": self.options.to_dict(),
            "state": self.state,
            "call_in_flight": self.call_in_flight,
            "interactions": {iid: mode.value for iid, mode in self.interactions.items()},
            "logout_deadline": None if deadline is None else deadline.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AgentSession:
        """The session `to_dict` wrote.

        Raises:
            InvalidValue: data `to_dict` does not write.
        """
        try:
            deadline = data["logout_deadline"]
            state = data["state"]
            if state not in AGENT_SESSION.states:
                raise InvalidValue(f"no agent session state {shorten(state)}", value=shorten(state))
            return cls(
                data["agent_id"],
                OutboundOptions.from_dict(data["options"]),
                state,
                bool(data["call_in_flight"]),
                {iid: DialingMode.parse(mode) for iid, mode in data["interactions"].items()},
                None if deadline is None else datetime.fromisoformat(deadline),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue(
                f"not an agent session: {shorten(data)} ({error})", value=shorten(data)
            ) from None

    def _guard_for(self, mode: DialingMode | None = None) -> Guard:
        def guard(name: str) -> bool:
            if name == "call_in_flight":
                return self.call_in_flight
            if name == "is_the_call_in_flight":
                return self.call_in_flight and mode is not None and mode.system_dials
            if name == "last_interaction":
                return len(self.interactions) <= 1
            if name == "may_take_another":
                return mode is not None and self._may_take_another(mode)
            raise NotFound(f"no guard {name!r} for the agent session", guard=name)

        return guard

    def _may_take_another(self, mode: DialingMode) -> bool:
        previews = [m for m in self.interactions.values() if not m.system_dials]
        if mode.system_dials or len(previews) != len(self.interactions):
            return False
        limit = self.options.max_simultaneous_preview_records
        return limit is None or len(previews) < limit

    def _next(self, event: str, guard: Guard | None = None) -> str:
        return AGENT_SESSION.next(self.state, event, guard or self._guard_for())
