"""A campaign's pacing figures, measured from its call events (never from the controller).

Per campaign (`pacing_figures`): `dials`; `live_answers`; `connected` (calls put through to an
agent); `abandoned` (calls the system gave up on: `call-abandoned` events); `abandon_rate`, the
rate the ledger judges under each preset (`tsr`, `ofcom`: the worst period's abandoned calls
over its live answers, in percent); `occupancy`, the agents' talk plus wrap-up time over their
logged-in time (in percent); `calls_per_agent_hour`, connected calls per logged-in agent-hour;
and `mean_customer_wait`, the mean seconds a live-answered customer waited from the answer
until connected, dropped or hung up. An agent still logged in at the end is counted until
`end` (default: the last event).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.pacing.abandon_rules import OFCOM, TSR, AbandonRules
from outbound_core.pacing.events import (
    EVENT_TYPES,
    AgentActivity,
    AgentConnected,
    AgentStateChanged,
    CallAbandoned,
    CallEvent,
    DialOutcome,
    DialPlaced,
    DialResult,
    HangUp,
)
from outbound_core.pacing.ledger import abandon_ledger
from outbound_core.timing.zones import require_instant

__all__ = ["CampaignFigures", "pacing_figures"]


@attrs.define(frozen=True, slots=True)
class CampaignFigures:
    """A campaign's measured pacing figures (see the module docs); None where undefined."""

    campaign: str
    dials: int
    live_answers: int
    connected: int
    abandoned: int
    abandon_rate: Mapping[str, float | None]
    occupancy: float | None
    calls_per_agent_hour: float | None
    mean_customer_wait: float | None
    agent_hours: float

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain JSON data (the `pacing` entry of a campaign)."""
        return {
            "dials": self.dials,
            "live_answers": self.live_answers,
            "connected": self.connected,
            "abandoned": self.abandoned,
            "abandon_rate": dict(self.abandon_rate),
            "occupancy": self.occupancy,
            "calls_per_agent_hour": self.calls_per_agent_hour,
            "mean_customer_wait": self.mean_customer_wait,
            "agent_hours": self.agent_hours,
        }

    @classmethod
    def from_dict(cls, campaign: str, data: Mapping[str, Any]) -> CampaignFigures:
        """Rebuild figures from `to_dict`'s form (the campaign is the key it is filed under).

        Raises:
            InvalidValue: a missing key or a value of the wrong type.
        """
        try:
            rates = {
                str(k): None if v is None else float(v)
                for k, v in dict(data["abandon_rate"]).items()
            }
            dials, live, connected, abandoned = (
                _whole(data[k]) for k in ("dials", "live_answers", "connected", "abandoned")
            )
            occupancy, per_hour, wait = (
                None if data[k] is None else float(data[k])
                for k in ("occupancy", "calls_per_agent_hour", "mean_customer_wait")
            )
            hours = float(data["agent_hours"])
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidValue(
                f"not pacing figures: {shorten(str(error), 80)}", value=shorten(data)
            ) from None
        return cls(
            campaign, dials, live, connected, abandoned, rates, occupancy, per_hour, wait, hours
        )


def _whole(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"{shorten(value)} is not a count")
    return value


_WORKING = (AgentActivity.BUSY, AgentActivity.WRAP_UP)


def pacing_figures(
    events: Iterable[CallEvent],
    end: datetime | None = None,
    rules: Sequence[AbandonRules] = (TSR, OFCOM),
) -> dict[str, CampaignFigures]:
    """Every campaign's figures, by campaign name (sorted).

    Raises:
        InvalidValue: an item that is not a call event, or `end` not an aware datetime.
    """
    events = list(events)
    known = frozenset(EVENT_TYPES.values())
    for event in events:
        if type(event) not in known:
            raise InvalidValue(
                f"{shorten(event)} is not a call event",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(event),
            )
    if end is not None:
        require_instant(end, "end")
    ledgers = {r.name: abandon_ledger(events, r) for r in rules}
    counts: dict[str, list[int]] = {}
    answered: dict[tuple[str, str], datetime] = {}
    settled: dict[tuple[str, str], datetime] = {}
    states: dict[tuple[str, str], tuple[AgentActivity, datetime]] = {}
    logged: dict[str, float] = {}
    working: dict[str, float] = {}
    last: datetime | None = None
    for event in sorted(events, key=lambda e: e.at):
        if last is None or event.at > last:
            last = event.at
        count = counts.setdefault(event.campaign, [0, 0, 0, 0])
        kind = type(event)
        if kind is DialPlaced:
            count[0] += 1
        elif kind is DialOutcome:
            if event.result is DialResult.LIVE_ANSWER:  # type: ignore[union-attr]
                count[1] += 1
                answered.setdefault((event.campaign, event.call_id), event.at)  # type: ignore[union-attr]
        elif kind is AgentStateChanged:
            key = (event.campaign, event.agent_id)  # type: ignore[union-attr]
            before = states.pop(key, None)
            if before is not None:
                _account(logged, working, event.campaign, before, event.at)
            if event.state is not AgentActivity.LOGGED_OUT:  # type: ignore[union-attr]
                states[key] = (event.state, event.at)  # type: ignore[union-attr]
        if kind in (AgentConnected, CallAbandoned, HangUp):
            key = (event.campaign, event.call_id)  # type: ignore[union-attr]
            if key in answered and key not in settled:
                settled[key] = event.at
            if kind is AgentConnected:
                count[2] += 1
            elif kind is CallAbandoned:
                count[3] += 1
    closing = end if end is not None else last
    for (campaign, _), before in states.items():
        if closing is not None:
            _account(logged, working, campaign, before, closing)
    waits: dict[str, list[float]] = {}
    for key, at in answered.items():
        done = settled.get(key)
        if done is not None:
            waits.setdefault(key[0], []).append(max(0.0, (done - at).total_seconds()))
    figures: dict[str, CampaignFigures] = {}
    for campaign in sorted(counts):
        dials, live, connected, abandoned = counts[campaign]
        seconds = logged.get(campaign, 0.0)
        hours = seconds / 3600.0
        wait = waits.get(campaign)
        rates: dict[str, float | None] = {}
        for name, ledger in ledgers.items():
            found = ledger.campaigns.get(campaign)
            worst = None if found is None else found.worst_period
            rates[name] = None if worst is None else worst.rate_percent
        figures[campaign] = CampaignFigures(
            campaign, dials, live, connected, abandoned, rates,
            100.0 * working.get(campaign, 0.0) / seconds if seconds else None,
            connected / hours if hours else None,
            sum(wait) / len(wait) if wait else None,
            hours,
        )  # fmt: skip
    return figures


def _account(
    logged: dict[str, float],
    working: dict[str, float],
    campaign: str,
    before: tuple[AgentActivity, datetime],
    until: datetime,
) -> None:
    state, since = before
    seconds = max(0.0, (until - since).total_seconds())
    logged[campaign] = logged.get(campaign, 0.0) + seconds
    if state in _WORKING:
        working[campaign] = working.get(campaign, 0.0) + seconds
