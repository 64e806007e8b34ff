"""Pacing statistics: what a campaign's dialer knows now, folded from its call events.

`PacingStatistics.fed(event)` returns the statistics after one more event of the campaign
(events come in time order). They hold:

- **windowed estimates**, over the last `window` samples (default 100, as Cisco UCCX's
  `predictiveCorrection` counts the last 100 live-voice calls): the **hit rate** (live answers
  over completed dials), the mean **dial-to-answer time** (dial placed to live answer), and
  the mean **talk** and **wrap-up** times of the last calls agents handled (handle time is
  their sum). A count window, not a time window: it answers the same whatever the pace and
  never runs dry in a quiet hour.
- **the present**: each agent's state (`ready`, `busy`, `wrap-up`, `not-ready`) and since
  when, and the calls in progress: dials still ringing and live answers waiting for an agent.
- **totals since the statistics began**: dials, live answers, connected and abandoned calls:
  the measured abandon rate the Predictive controller corrects itself by.

Instants are kept as POSIX seconds (floats) so a decision is a few arithmetic steps. The
value is deterministic (the same events give an equal value), pickles, and round-trips
through `to_dict` / `from_dict`.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, NotFound, shorten
from outbound_core.pacing.events import (
    AgentActivity,
    AgentConnected,
    AgentStateChanged,
    CallAbandoned,
    CallEvent,
    DialOutcome,
    DialPlaced,
    DialResult,
    GreetingEnded,
    GreetingStarted,
    HangUp,
    MessagePlayed,
)
from outbound_core.timing.zones import require_instant

__all__ = ["DEFAULT_WINDOW", "PacingStatistics"]

#: The samples each windowed estimate keeps by default.
DEFAULT_WINDOW: Final = 100


def _mean(samples: tuple[float, ...]) -> float:
    return sum(samples) / len(samples) if samples else 0.0


def _window(value: object) -> int:
    if type(value) is not int:
        raise InvalidValue(
            f"window is a whole number of samples, not {type(value).__name__}",
            code=ErrorCode.WRONG_TYPE,
            field="window",
            value=shorten(value),
        )
    if not 1 <= value <= 100_000:
        raise InvalidValue(
            f"window {value} is outside 1 to 100000 samples", field="window", value=value
        )
    return value


def _campaign(value: object) -> str:
    if type(value) is not str or not value.strip():
        raise InvalidValue(
            f"campaign is a non-empty string, not {shorten(value)}",
            code=ErrorCode.WRONG_TYPE if type(value) is not str else ErrorCode.INVALID_VALUE,
            field="campaign",
            value=shorten(value),
        )
    return value


@attrs.define(frozen=True, slots=True)
class PacingStatistics:
    """A campaign's pacing statistics (see the module docs); start from
    `PacingStatistics(campaign)` and feed events with `fed`."""

    campaign: str = attrs.field(converter=_campaign)
    window: int = attrs.field(default=DEFAULT_WINDOW, converter=_window)
    #: The last completed dials, True for a live answer (oldest first).
    outcomes: tuple[bool, ...] = ()
    #: The last dial-to-live-answer times, in seconds.
    answer_seconds: tuple[float, ...] = ()
    #: The last talk times (busy), in seconds.
    talk_seconds: tuple[float, ...] = ()
    #: The last wrap-up times, in seconds (0 when an agent skipped wrap-up).
    wrap_seconds: tuple[float, ...] = ()
    #: Each logged-in agent's state and the POSIX second it began.
    agents: Mapping[str, tuple[AgentActivity, float]] = attrs.field(factory=dict)
    #: Since when each Busy agent, and each agent in wrap-up, is so (POSIX seconds, sorted).
    busy_since: tuple[float, ...] = ()
    wrap_since: tuple[float, ...] = ()
    #: Agents Ready now.
    ready: int = 0
    #: Dials placed and not yet ended, by call id, with the POSIX second they were placed.
    ringing: Mapping[str, float] = attrs.field(factory=dict)
    #: Live answers waiting for an agent, by call id, with the POSIX second they answered.
    waiting: Mapping[str, float] = attrs.field(factory=dict)
    dials_total: int = 0
    live_total: int = 0
    connected_total: int = 0
    abandoned_total: int = 0
    #: The latest event's POSIX second (events must not go back in time).
    last_at: float | None = None
    # Derived from the windows when they change, so a decision reads them for free.
    hit_rate: float = 0.0
    mean_answer_seconds: float = 0.0
    mean_talk_seconds: float = 0.0
    mean_wrap_seconds: float = 0.0

    @property
    def mean_handle_seconds(self) -> float:
        """Talk plus wrap-up, in seconds (0 before any handled call)."""
        return self.mean_talk_seconds + self.mean_wrap_seconds

    @property
    def busy(self) -> int:
        """Agents Busy (talking) now."""
        return len(self.busy_since)

    @property
    def in_wrap_up(self) -> int:
        """Agents in wrap-up now."""
        return len(self.wrap_since)

    @property
    def logged_in(self) -> int:
        """Agents logged in (Ready, Busy, in wrap-up or Not Ready)."""
        return len(self.agents)

    @property
    def calls_in_progress(self) -> int:
        """Dials ringing plus live answers waiting for an agent."""
        return len(self.ringing) + len(self.waiting)

    @property
    def abandon_rate(self) -> float:
        """Abandoned calls over live answers since the statistics began (0 before any)."""
        return self.abandoned_total / self.live_total if self.live_total else 0.0

    def time_in_state(self, agent_id: str, now: datetime) -> float:
        """Seconds agent `agent_id` has been in its present state at `now`.

        Raises:
            NotFound: the agent is not logged in.
        """
        found = self.agents.get(agent_id)
        if found is None:
            raise NotFound(
                f"agent {shorten(agent_id)} is not logged in to {self.campaign}",
                field="agent_id",
                value=shorten(agent_id),
            )
        return max(0.0, require_instant(now).timestamp() - found[1])

    def agents_free_within(self, seconds: float, now: float) -> int:
        """Busy and wrap-up agents expected to finish within `seconds` of `now` (POSIX
        seconds): a Busy agent is expected to finish the mean handle time after going Busy,
        an agent in wrap-up the mean wrap-up time after starting it."""
        busy_cut = now - (self.mean_talk_seconds + self.mean_wrap_seconds - seconds)
        wrap_cut = now - (self.mean_wrap_seconds - seconds)
        return bisect_right(self.busy_since, busy_cut) + bisect_right(self.wrap_since, wrap_cut)

    def fed(self, event: CallEvent) -> PacingStatistics:
        """The statistics after `event`.

        Raises:
            InvalidValue: an event of another campaign, one earlier than the last event
                fed, or not a call event.
        """
        handler = _HANDLERS.get(type(event))
        if handler is None:
            raise InvalidValue(
                f"{shorten(event)} is not a call event",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(event),
            )
        if event.campaign != self.campaign:
            raise InvalidValue(
                f"an event of campaign {shorten(event.campaign)} fed to the statistics of "
                f"{shorten(self.campaign)}",
                field="campaign",
                value=shorten(event.campaign),
            )
        at = event.at.timestamp()
        if self.last_at is not None and at < self.last_at:
            raise InvalidValue(
                f"events are fed in time order: {event.name} at {event.at.isoformat()} comes "
                "before the last event fed",
                field="at",
                value=event.at.isoformat(),
            )
        changes = handler(self, event, at)
        changes["last_at"] = at
        return attrs.evolve(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The statistics as plain JSON data (instants in POSIX seconds)."""
        return {
            "campaign": self.campaign,
            "window": self.window,
            "outcomes": list(self.outcomes),
            "answer_seconds": list(self.answer_seconds),
            "talk_seconds": list(self.talk_seconds),
            "wrap_seconds": list(self.wrap_seconds),
            "agents": {a: [s.value, t] for a, (s, t) in sorted(self.agents.items())},
            "ringing": dict(sorted(self.ringing.items())),
            "waiting": dict(sorted(self.waiting.items())),
            "dials_total": self.dials_total,
            "live_total": self.live_total,
            "connected_total": self.connected_total,
            "abandoned_total": self.abandoned_total,
            "last_at": self.last_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PacingStatistics:
        """Rebuild statistics from `to_dict`'s form.

        Raises:
            InvalidValue: a missing key or a value of the wrong type.
        """
        try:
            agents = {
                str(a): (AgentActivity(s), float(t)) for a, (s, t) in dict(data["agents"]).items()
            }
            outcomes = tuple(_boolean(v) for v in data["outcomes"])
            samples = {
                k: tuple(float(v) for v in data[k])
                for k in ("answer_seconds", "talk_seconds", "wrap_seconds")
            }
            ringing = {str(k): float(v) for k, v in dict(data["ringing"]).items()}
            waiting = {str(k): float(v) for k, v in dict(data["waiting"]).items()}
            totals = {
                k: _count(data[k])
                for k in ("dials_total", "live_total", "connected_total", "abandoned_total")
            }
            last_at = None if data["last_at"] is None else float(data["last_at"])
            campaign, window = data["campaign"], data["window"]
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InvalidValue(
                f"not pacing statistics: {shorten(str(error), 80)}", value=shorten(data)
            ) from None
        base = cls(campaign, window)
        window = base.window
        return attrs.evolve(
            base,
            outcomes=outcomes[-window:],
            agents=agents,
            busy_since=tuple(sorted(t for s, t in agents.values() if s is AgentActivity.BUSY)),
            wrap_since=tuple(sorted(t for s, t in agents.values() if s is AgentActivity.WRAP_UP)),
            ready=sum(1 for s, _ in agents.values() if s is AgentActivity.READY),
            ringing=ringing,
            waiting=waiting,
            last_at=last_at,
            hit_rate=sum(outcomes[-window:]) / len(outcomes[-window:]) if outcomes else 0.0,
            answer_seconds=samples["answer_seconds"][-window:],
            talk_seconds=samples["talk_seconds"][-window:],
            wrap_seconds=samples["wrap_seconds"][-window:],
            mean_answer_seconds=_mean(samples["answer_seconds"][-window:]),
            mean_talk_seconds=_mean(samples["talk_seconds"][-window:]),
            mean_wrap_seconds=_mean(samples["wrap_seconds"][-window:]),
            dials_total=totals["dials_total"],
            live_total=totals["live_total"],
            connected_total=totals["connected_total"],
            abandoned_total=totals["abandoned_total"],
        )


def _boolean(value: object) -> bool:
    if type(value) is not bool:
        raise ValueError(f"{shorten(value)} is not true or false")
    return value


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"{shorten(value)} is not a count")
    return value


def _pushed(samples: tuple[Any, ...], value: Any, window: int) -> tuple[Any, ...]:
    return (*samples[1:], value) if len(samples) >= window else (*samples, value)


def _without(mapping: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    copy = dict(mapping)
    del copy[key]
    return copy


def _with(mapping: Mapping[str, Any], key: str, value: Any) -> Mapping[str, Any]:
    copy = dict(mapping)
    copy[key] = value
    return copy


def _removed(times: tuple[float, ...], value: float) -> tuple[float, ...]:
    index = bisect_right(times, value) - 1
    return times[:index] + times[index + 1 :]


def _inserted(times: tuple[float, ...], value: float) -> tuple[float, ...]:
    items = list(times)
    insort(items, value)
    return tuple(items)


def _on_placed(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    return {
        "ringing": _with(stats.ringing, event.call_id, at),
        "dials_total": stats.dials_total + 1,
    }


def _on_outcome(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    live = event.result is DialResult.LIVE_ANSWER
    outcomes = _pushed(stats.outcomes, live, stats.window)
    changes: dict[str, Any] = {
        "outcomes": outcomes,
        "hit_rate": sum(outcomes) / len(outcomes),
    }
    placed = stats.ringing.get(event.call_id)
    if placed is not None:
        changes["ringing"] = _without(stats.ringing, event.call_id)
    if live:
        changes["live_total"] = stats.live_total + 1
        changes["waiting"] = _with(stats.waiting, event.call_id, at)
        if placed is not None:
            answers = _pushed(stats.answer_seconds, at - placed, stats.window)
            changes["answer_seconds"] = answers
            changes["mean_answer_seconds"] = _mean(answers)
    return changes


def _on_connected(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    changes: dict[str, Any] = {"connected_total": stats.connected_total + 1}
    if event.call_id in stats.waiting:
        changes["waiting"] = _without(stats.waiting, event.call_id)
    if event.call_id in stats.ringing:
        changes["ringing"] = _without(stats.ringing, event.call_id)
    return changes


def _on_abandoned(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    changes: dict[str, Any] = {"abandoned_total": stats.abandoned_total + 1}
    if event.call_id in stats.waiting:
        changes["waiting"] = _without(stats.waiting, event.call_id)
    return changes


def _on_hang_up(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if event.call_id in stats.waiting:
        changes["waiting"] = _without(stats.waiting, event.call_id)
    if event.call_id in stats.ringing:
        changes["ringing"] = _without(stats.ringing, event.call_id)
    return changes


def _on_nothing(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    return {}


def _on_agent(stats: PacingStatistics, event: Any, at: float) -> dict[str, Any]:
    agent_id, state = event.agent_id, event.state
    before = stats.agents.get(agent_id)
    changes: dict[str, Any] = {}
    busy, wrap, ready = stats.busy_since, stats.wrap_since, stats.ready
    if before is not None:
        old, since = before
        if old is state:
            return changes  # a repeated state keeps its start
        elapsed = max(0.0, at - since)
        if old is AgentActivity.READY:
            ready -= 1
        elif old is AgentActivity.BUSY:
            busy = _removed(busy, since)
            talk = _pushed(stats.talk_seconds, elapsed, stats.window)
            changes["talk_seconds"] = talk
            changes["mean_talk_seconds"] = _mean(talk)
            if state is not AgentActivity.WRAP_UP:
                wraps = _pushed(stats.wrap_seconds, 0.0, stats.window)
                changes["wrap_seconds"] = wraps
                changes["mean_wrap_seconds"] = _mean(wraps)
        elif old is AgentActivity.WRAP_UP:
            wrap = _removed(wrap, since)
            wraps = _pushed(stats.wrap_seconds, elapsed, stats.window)
            changes["wrap_seconds"] = wraps
            changes["mean_wrap_seconds"] = _mean(wraps)
    if state is AgentActivity.LOGGED_OUT:
        if before is not None:
            changes["agents"] = _without(stats.agents, agent_id)
    else:
        changes["agents"] = _with(stats.agents, agent_id, (state, at))
        if state is AgentActivity.READY:
            ready += 1
        elif state is AgentActivity.BUSY:
            busy = _inserted(busy, at)
        elif state is AgentActivity.WRAP_UP:
            wrap = _inserted(wrap, at)
    changes["busy_since"], changes["wrap_since"], changes["ready"] = busy, wrap, ready
    return changes


_HANDLERS: Final = {
    DialPlaced: _on_placed,
    DialOutcome: _on_outcome,
    AgentConnected: _on_connected,
    CallAbandoned: _on_abandoned,
    HangUp: _on_hang_up,
    GreetingStarted: _on_nothing,
    GreetingEnded: _on_nothing,
    MessagePlayed: _on_nothing,
    AgentStateChanged: _on_agent,
}
