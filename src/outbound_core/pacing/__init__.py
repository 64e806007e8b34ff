"""Pacing: how many calls a system-dialed campaign places, and whether it abandons too many.

- `events`: the call events pacing is fed (a dial placed, its outcome, the greeting, the agent
  connected, the call abandoned, the recorded message, the hang-up, agents' states), and
  `trace_lines`: the same as lines of the library's trace, written and read back.
- `statistics`: `PacingStatistics`, a pure value folded from those events: hit rate,
  dial-to-answer time, handle time, agents by state, calls in progress.
- the controllers: `ProgressiveSettings` (a dial per Ready agent, times a ratio) and
  `PredictiveSettings` (expected free agents over the hit rate, corrected by the measured
  abandon rate against the optimization goal); `dials_now` / `decide` answer a dial loop.
- `abandon_rules` and `ledger`: `AbandonRules` (threshold, start point, denominator, window,
  limit; presets `tsr` and `ofcom`) and `abandon_ledger`, the per-campaign accounting with
  the Ofcom no-recall set.
- `figures`: `pacing_figures`, a campaign's measured dials, live answers, abandon rates,
  occupancy, calls per agent-hour and mean customer wait.
"""

from __future__ import annotations

from outbound_core.pacing.abandon_rules import (
    OFCOM,
    PRESETS,
    TSR,
    AbandonRules,
    AbandonWindow,
    Denominator,
    StartPoint,
    abandon_rules,
)
from outbound_core.pacing.controller import (
    PacingSettings,
    decide,
    dials_now,
    settings_from_dict,
    settings_to_dict,
)
from outbound_core.pacing.decision import PacingDecision, PacingReason
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
    GreetingEnded,
    GreetingStarted,
    HangUp,
    MessagePlayed,
    Party,
    event_from_dict,
    event_to_dict,
)
from outbound_core.pacing.figures import CampaignFigures, pacing_figures
from outbound_core.pacing.ledger import (
    AbandonLedger,
    AbandonPeriod,
    CampaignAbandonment,
    abandon_ledger,
)
from outbound_core.pacing.predictive import PredictiveSettings
from outbound_core.pacing.progressive import ProgressiveSettings
from outbound_core.pacing.statistics import PacingStatistics
from outbound_core.pacing.trace_lines import (
    PACING_KIND,
    event_from_trace,
    read_call_events,
    to_trace_event,
    trace_facts,
)

__all__ = [
    "EVENT_TYPES",
    "OFCOM",
    "PACING_KIND",
    "PRESETS",
    "TSR",
    "AbandonLedger",
    "AbandonPeriod",
    "AbandonRules",
    "AbandonWindow",
    "AgentActivity",
    "AgentConnected",
    "AgentStateChanged",
    "CallAbandoned",
    "CallEvent",
    "CampaignAbandonment",
    "CampaignFigures",
    "Denominator",
    "DialOutcome",
    "DialPlaced",
    "DialResult",
    "GreetingEnded",
    "GreetingStarted",
    "HangUp",
    "MessagePlayed",
    "PacingDecision",
    "PacingReason",
    "PacingSettings",
    "PacingStatistics",
    "Party",
    "PredictiveSettings",
    "ProgressiveSettings",
    "StartPoint",
    "abandon_ledger",
    "abandon_rules",
    "decide",
    "dials_now",
    "event_from_dict",
    "event_from_trace",
    "event_to_dict",
    "pacing_figures",
    "read_call_events",
    "settings_from_dict",
    "settings_to_dict",
    "to_trace_event",
    "trace_facts",
]
