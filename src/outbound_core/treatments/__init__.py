"""Treatments: what happens to a record and its chain after a call result, and the plan.

A calling list's `TreatmentTable` (read from JSON, checked when loaded) holds its `Treatment`s
as Genesys Outbound Contact defines them (reference §4.2): a call result, an action on the
record (`RecordAction`: Redial, Retry In, Next In Chain, ...) or on the call (`CallAction`:
Drop, Connect), and the action's parameters. `decide` is the treatment decision, a pure
function of the record, its chain, its `AttemptHistory`, the call result, the table, the
`TreatmentRules` (Maximum Attempts, legal hours, Do Not Call, holds on numbers) and `now`; its
`TreatmentDecision` says what is dialed next and when, the record's new status and type,
whether the chain is finalized, why, and the lifecycle `Move`s it implies.

`plan_records` says for every record of a list whether it may be called now, why not and when
it may; `plan_timelines` what each chain would go through if every attempt got one result.
`shipped_treatments` is the table of the simulated day.
"""

from __future__ import annotations

from outbound_core.treatments.actions import (
    CALL_TREATMENT_RESULTS,
    FINALIZING_ACTIONS,
    NEXT_IN_CHAIN_ACTIONS,
    ApplyTo,
    CallAction,
    RecordAction,
)
from outbound_core.treatments.decision import DecisionReason, TreatmentDecision
from outbound_core.treatments.effects import apply_decision, dialed
from outbound_core.treatments.engine import decide
from outbound_core.treatments.history import Attempt, AttemptHistory
from outbound_core.treatments.intervals import format_interval, parse_interval
from outbound_core.treatments.landing import hold_on, land
from outbound_core.treatments.moves import CHAIN_MACHINE, RECORD_STATUS_MACHINE, Move, moves_of
from outbound_core.treatments.plan import (
    TIMELINE_LIMIT,
    ChainTimeline,
    PlanEntry,
    PlanReason,
    PlanSummary,
    TimelineEnd,
    TimelineStep,
    plan_records,
    plan_timelines,
    summarize,
)
from outbound_core.treatments.rules import TreatmentRules
from outbound_core.treatments.shipped import shipped_treatments
from outbound_core.treatments.table import TreatmentTable
from outbound_core.treatments.treatment import TREATMENT_KEYS, Treatment

__all__ = [
    "CALL_TREATMENT_RESULTS",
    "CHAIN_MACHINE",
    "FINALIZING_ACTIONS",
    "NEXT_IN_CHAIN_ACTIONS",
    "RECORD_STATUS_MACHINE",
    "TIMELINE_LIMIT",
    "TREATMENT_KEYS",
    "ApplyTo",
    "Attempt",
    "AttemptHistory",
    "CallAction",
    "ChainTimeline",
    "DecisionReason",
    "Move",
    "PlanEntry",
    "PlanReason",
    "PlanSummary",
    "RecordAction",
    "TimelineEnd",
    "TimelineStep",
    "Treatment",
    "TreatmentDecision",
    "TreatmentRules",
    "TreatmentTable",
    "apply_decision",
    "decide",
    "dialed",
    "format_interval",
    "hold_on",
    "land",
    "moves_of",
    "parse_interval",
    "plan_records",
    "plan_timelines",
    "shipped_treatments",
    "summarize",
]
