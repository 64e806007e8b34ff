"""The abandon-rate ledger: per campaign and period, dials, live answers and abandoned calls.

`abandon_ledger(events, rules)` reads call events (`outbound_core.pacing.events`) in any order
and judges each call by `rules` (`AbandonRules`):

- a **dial** is a call with a `dial-placed` or a `dial-outcome` event; it belongs to the
  period of its `dial-placed` instant (else its earliest event);
- a **live answer** has a `dial-outcome` of `live-answer`; it **reached the queue** when it is
  a live answer or was connected to an agent (an answering machine put through, say);
- a live answer is **abandoned** unless it was connected to an agent by the deadline (the
  rules' start point plus the threshold; a missing greeting event falls back to the earlier
  start point, then to the live answer), or the customer hung up, unconnected, by the
  deadline and before any system drop; an abandoned call with no `message-played` event is
  also **silent**;
- the **periods** follow the rules' window from the campaign's first dial (the whole
  campaign, or successive 24-hour or 30-day periods); a campaign is **over its limit** when a
  period's rate (abandoned over the denominator, in percent) exceeds `limit_percent`, and
  **compliant** when it is not, and, if the rules require a message, has no silent call;
- with a recall delay (Ofcom: 72 hours), each abandoned number may be dialled again only
  `abandoned_recall_delay` after the end of its abandoned call: `no_recall_until` maps
  `normalize_phone(number)` to that instant (the latest, when abandoned more than once).

Each event's time is compared as given, to the microsecond; the ledger is a pure function of
the events and the rules (shuffling the events changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

import attrs

from outbound_core.errors import ErrorCode, InvalidValue, shorten
from outbound_core.pacing.abandon_rules import AbandonRules, Denominator, StartPoint
from outbound_core.pacing.events import (
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
    Party,
    instant_text,
)
from outbound_core.records.phone_numbers import normalize_phone

__all__ = ["AbandonLedger", "AbandonPeriod", "CampaignAbandonment", "abandon_ledger"]


def _rate(abandoned: int, denominator: int) -> float | None:
    return None if denominator == 0 else 100.0 * abandoned / denominator


@attrs.define(frozen=True, slots=True)
class AbandonPeriod:
    """One measurement period of a campaign: `start` inclusive, `end` exclusive (None: the
    whole campaign), and its counts."""

    start: datetime
    end: datetime | None
    dials: int
    live_answers: int
    reached_queue: int
    abandoned: int
    silent: int
    denominator: int
    limit_percent: float

    @property
    def rate_percent(self) -> float | None:
        """Abandoned calls over the denominator, in percent (None with no denominator)."""
        return _rate(self.abandoned, self.denominator)

    @property
    def over_limit(self) -> bool:
        """Whether the rate exceeds the limit ("at most 3 %" allows exactly 3 %)."""
        return self.abandoned * 100.0 > self.limit_percent * self.denominator

    def to_dict(self) -> dict[str, Any]:
        """The period as plain JSON data."""
        return {
            "start": instant_text(self.start),
            "end": None if self.end is None else instant_text(self.end),
            "dials": self.dials,
            "live_answers": self.live_answers,
            "reached_queue": self.reached_queue,
            "abandoned": self.abandoned,
            "silent": self.silent,
            "denominator": self.denominator,
            "rate_percent": self.rate_percent,
            "over_limit": self.over_limit,
        }


@attrs.define(frozen=True, slots=True)
class CampaignAbandonment:
    """A campaign's abandon accounting under one set of rules."""

    campaign: str
    rules: AbandonRules
    periods: tuple[AbandonPeriod, ...]
    no_recall_until: Mapping[str, datetime]

    def _total(self, name: str) -> int:
        return sum(getattr(p, name) for p in self.periods)

    @property
    def dials(self) -> int:
        """Dials over the whole campaign."""
        return self._total("dials")

    @property
    def live_answers(self) -> int:
        """Live-answered calls over the whole campaign."""
        return self._total("live_answers")

    @property
    def reached_queue(self) -> int:
        """Calls that reached the queue over the whole campaign."""
        return self._total("reached_queue")

    @property
    def abandoned(self) -> int:
        """Abandoned calls over the whole campaign."""
        return self._total("abandoned")

    @property
    def silent(self) -> int:
        """Abandoned calls with no recorded message over the whole campaign."""
        return self._total("silent")

    @property
    def rate_percent(self) -> float | None:
        """The rate over the whole campaign, whatever the window."""
        return _rate(self.abandoned, self._total("denominator"))

    @property
    def worst_period(self) -> AbandonPeriod | None:
        """The period with the highest rate (the first of equals), or None with no dial."""
        rated = [p for p in self.periods if p.denominator]
        if not rated:
            return None
        return max(rated, key=lambda p: p.abandoned / p.denominator)

    @property
    def over_limit(self) -> bool:
        """Whether any period is over the limit."""
        return any(p.over_limit for p in self.periods)

    @property
    def compliant(self) -> bool:
        """Not over the limit, and no silent call where the rules require a message."""
        return not self.over_limit and not (self.rules.message_required and self.silent)

    @property
    def verdict(self) -> str:
        """`within-limit`, `over-limit`, or `silent-calls` (within the limit, but abandoned
        calls got no recorded message)."""
        if self.over_limit:
            return "over-limit"
        return "within-limit" if self.compliant else "silent-calls"

    def to_dict(self) -> dict[str, Any]:
        """The campaign's accounting as plain JSON data."""
        worst = self.worst_period
        return {
            "campaign": self.campaign,
            "dials": self.dials,
            "live_answers": self.live_answers,
            "reached_queue": self.reached_queue,
            "abandoned": self.abandoned,
            "silent": self.silent,
            "rate_percent": self.rate_percent,
            "worst_rate_percent": None if worst is None else worst.rate_percent,
            "limit_percent": self.rules.limit_percent,
            "verdict": self.verdict,
            "periods": [p.to_dict() for p in self.periods],
            "no_recall": [
                {"phone": phone, "until": instant_text(until)}
                for phone, until in sorted(self.no_recall_until.items())
            ],
        }


@attrs.define(frozen=True, slots=True)
class AbandonLedger:
    """Every campaign's abandon accounting under one set of rules, by campaign name."""

    rules: AbandonRules
    campaigns: Mapping[str, CampaignAbandonment]

    @property
    def over_limit(self) -> bool:
        """Whether any campaign is over its limit."""
        return any(c.over_limit for c in self.campaigns.values())

    @property
    def compliant(self) -> bool:
        """Whether every campaign is compliant."""
        return all(c.compliant for c in self.campaigns.values())

    @property
    def no_recall_until(self) -> Mapping[str, datetime]:
        """Every abandoned number (normalized) and the earliest instant it may be dialled
        again, over all campaigns: what the treatments take as `no_recall_until`."""
        merged: dict[str, datetime] = {}
        for campaign in self.campaigns.values():
            for phone, until in campaign.no_recall_until.items():
                if phone not in merged or until > merged[phone]:
                    merged[phone] = until
        return dict(sorted(merged.items()))

    def to_dict(self) -> dict[str, Any]:
        """The ledger as plain JSON data (the `outbound-core abandon --json` report)."""
        return {
            "rules": self.rules.to_dict(),
            "verdict": "compliant" if self.compliant else "not-compliant",
            "campaigns": [c.to_dict() for c in self.campaigns.values()],
        }


# The slots of a call's row while reading the events (the hot loop below spells them as
# literals: 0 anchor, 1 phone, 2 dial, 3 live, 4 greeting start, 5 greeting end, 6 connect,
# 7 customer left, 8 dropped, 9 message, 10 last).
_ANCHOR, _PHONE, _DIAL, _LIVE, _GSTART, _GEND, _CONNECT, _LEFT, _DROP, _MESSAGE, _LAST = range(11)
# Each event class: the row slot its earliest instant goes to, or a negative code.
_PLACED, _OUTCOME, _HANG_UP, _AGENT = -1, -2, -3, -4
_SLOTS: Final = {
    DialPlaced: _PLACED,
    DialOutcome: _OUTCOME,
    GreetingStarted: _GSTART,
    GreetingEnded: _GEND,
    AgentConnected: _CONNECT,
    CallAbandoned: _DROP,
    MessagePlayed: _MESSAGE,
    HangUp: _HANG_UP,
    AgentStateChanged: _AGENT,
}


def _rows(events: Iterable[CallEvent]) -> list[list[Any]]:
    # Rows by call id, slot 11 their campaign; the same id in another campaign (rare) is
    # another call, kept by (campaign, call id). Slots are literals: this loop is the hot path.
    rows: dict[str, list[Any]] = {}
    clashes: dict[tuple[str, str], list[Any]] = {}
    slot_of, find, live, customer = _SLOTS.get, rows.get, DialResult.LIVE_ANSWER, Party.CUSTOMER
    for event in events:
        slot = slot_of(type(event))
        if slot is None:
            raise InvalidValue(
                f"{shorten(event)} is not a call event",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(event),
            )
        if slot == -4:
            continue  # agents' states do not decide abandonment
        at, campaign, call_id = event.at, event.campaign, event.call_id  # type: ignore[union-attr]
        row = find(call_id)
        if row is not None and row[11] != campaign:
            row = clashes.get((campaign, call_id))
            if row is None:
                row = clashes[campaign, call_id] = _new_row(at, campaign)
        if row is None:
            row = rows[call_id] = _new_row(at, campaign)
        else:
            if row[1] is None and at < row[0]:
                row[0] = at
            if at > row[10]:
                row[10] = at
        if slot > 0:
            if row[slot] is None or at < row[slot]:
                row[slot] = at
        elif slot == -1:
            if row[1] is None or at < row[0]:
                row[0], row[1] = at, event.phone  # type: ignore[union-attr]
            row[2] = True
        elif slot == -2:
            row[2] = True
            if event.result is live and (row[3] is None or at < row[3]):  # type: ignore[union-attr]
                row[3] = at
        elif event.party is customer and (row[7] is None or at < row[7]):  # type: ignore[union-attr]
            row[7] = at
    return [*rows.values(), *clashes.values()]


def _new_row(at: datetime, campaign: str) -> list[Any]:
    return [at, None, False, None, None, None, None, None, None, None, at, campaign]


def _deadline(start: datetime, threshold: timedelta) -> datetime:
    try:
        return start + threshold
    except OverflowError:
        return datetime.max.replace(tzinfo=start.tzinfo)


def _abandoned(row: list[Any], start_point: StartPoint, threshold: timedelta) -> bool:
    start = row[_LIVE]
    if start_point is StartPoint.GREETING_END:
        start = row[_GEND] or row[_GSTART] or start
    elif start_point is StartPoint.GREETING_START:
        start = row[_GSTART] or start
    deadline = _deadline(start, threshold)
    connected = row[_CONNECT]
    if connected is not None:
        return bool(connected > deadline)
    left, dropped = row[_LEFT], row[_DROP]
    return not (left is not None and left <= deadline and (dropped is None or left <= dropped))


def abandon_ledger(events: Iterable[CallEvent], rules: AbandonRules) -> AbandonLedger:
    """Judge every campaign's calls in `events` by `rules` (see the module docs).

    Raises:
        InvalidValue: an item that is not a call event, or rules that are not `AbandonRules`.
    """
    if not isinstance(rules, AbandonRules):
        raise InvalidValue(
            f"rules are AbandonRules, not {type(rules).__name__}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(rules),
        )
    rows = _rows(events)
    start_point, threshold = rules.start_point, rules.threshold
    firsts: dict[str, datetime] = {}
    for row in rows:
        campaign = row[11]
        if row[2] and (campaign not in firsts or row[0] < firsts[campaign]):
            firsts[campaign] = row[0]
    length = rules.window.length
    tallies: dict[str, dict[int, list[int]]] = {campaign: {} for campaign in firsts}
    recalls: dict[str, dict[str, datetime]] = {campaign: {} for campaign in firsts}
    for row in rows:
        if not row[2]:
            continue
        campaign = row[11]
        index = 0 if length is None else (row[0] - firsts[campaign]) // length
        counts = tallies[campaign]
        count = counts.get(index)
        if count is None:
            count = counts[index] = [0, 0, 0, 0, 0]
        count[0] += 1
        if row[3] is not None:
            count[1] += 1
            count[2] += 1
            if _abandoned(row, start_point, threshold):
                count[3] += 1
                count[4] += row[9] is None
                until = rules.no_recall_until(row[10])
                if until is not None and row[1] is not None:
                    phone = normalize_phone(row[1])
                    no_recall = recalls[campaign]
                    if phone not in no_recall or until > no_recall[phone]:
                        no_recall[phone] = until
        elif row[6] is not None:
            count[2] += 1
    denominator = {Denominator.ALL_DIALS: 0, Denominator.LIVE_ANSWERED: 1}.get(rules.denominator, 2)
    campaigns: dict[str, CampaignAbandonment] = {}
    for campaign in sorted(firsts):
        first, counts, no_recall = firsts[campaign], tallies[campaign], recalls[campaign]
        periods = []
        for index in sorted(counts):
            dials, live_answers, queued, abandoned_count, silent = counts[index]
            shown = counts[index][denominator]
            start = first if length is None else first + index * length
            end = None if length is None else _deadline(start, length)
            periods.append(
                AbandonPeriod(
                    start,
                    end,
                    dials,
                    live_answers,
                    queued,
                    abandoned_count,
                    silent,
                    shown,
                    rules.limit_percent,
                )
            )
        campaigns[campaign] = CampaignAbandonment(
            campaign, rules, tuple(periods), dict(sorted(no_recall.items()))
        )
    return AbandonLedger(rules, campaigns)
