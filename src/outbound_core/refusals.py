"""Why an interaction refused an event, in the words of the seeds rather than of the table."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from outbound_core.codes import DialingMode
from outbound_core.errors import TransitionNotAllowed

__all__ = ["explain_refusal"]

_NEEDS_A_CALL = frozenset(
    {"set_call_result", "set_do_not_call", "remove_do_not_call", "call_ended"}
)

_GUARD_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "do_not_call_set": "Do Not Call is not set",
        "not do_not_call_set": "Do Not Call is set (remove it first)",
        "reschedule_set": "no reschedule is set",
        "not reschedule_set": "a reschedule is set (cancel it first)",
        "schedule_set": "the record has no schedule to remove",
        "not disposition_missing": "a disposition code is required first (set_disposition)",
    }
)


def explain_refusal(
    refused: TransitionNotAllowed,
    *,
    interaction_id: str,
    mode: DialingMode,
    state: str,
    finalized: bool,
    in_mode: bool,
) -> TransitionNotAllowed:
    """The table's refusal, reworded: the record is finalized, the mode has no such action,
    the action needs a call (seed 002), the call is still on, or which guard failed."""
    event = refused.details["event"]
    reasons = [_GUARD_REASONS[g] for g in refused.details["failed_guards"]]
    where = state.replace("_", " ")
    if finalized:
        reasons = [f"the record is already {where}; nothing more acts on it"]
    elif not in_mode:
        reasons = [f"{mode.label} records have no such action"]
    elif not reasons and event in _NEEDS_A_CALL:
        reasons = ["it needs an active or completed call"]
    elif not reasons and event == "mark_done" and state in ("dialing", "in_call"):
        reasons = ["the call is still going on; end it first"]
    elif not reasons:
        reasons = [f"{mode.label} does not allow it while {where}"]
    return TransitionNotAllowed(
        f"cannot {event.replace('_', ' ')}: {'; '.join(reasons)}",
        **refused.details,
        interaction_id=interaction_id,
        reasons=reasons,
    )
