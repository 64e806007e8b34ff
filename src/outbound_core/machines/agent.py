"""The agent session: login, readiness, engagement, and negotiated logout (seed 001).

A logout asked for while nothing is in flight is immediate. A logout asked for while the
agent is engaged, or while a progressive or predictive call is being established for the agent
(`call_in_flight`), waits for the system's authorization: the call in flight may still be
delivered (`deliver` when it `is_the_call_in_flight`), nothing new is, and the agent is logged out when the
system authorizes it or, once nothing is on the desk and no call is being established for the
agent, when the deadline passes (reference §4.6: the agent is not logged out until every call
assigned has been returned or completed). The deadline itself is data of the aggregate
(`outbound_core.agent.AgentSession`).

An engaged agent may take another record while `may_take_another` holds (Preview records, up
to `outbound.preview.max-simultaneous-preview-record`); `finish` returns the agent to Ready when
it ends the `last_interaction`.
"""

from __future__ import annotations

from statemachine import State, StateMachine

__all__ = ["AgentSessionMachine"]


class AgentSessionMachine(StateMachine):
    """One agent's outbound session, from login to (negotiated) logout."""

    logged_out = State("Logged out", initial=True)
    not_ready = State("Not ready")
    ready = State("Ready")
    engaged = State("Engaged")
    logout_pending = State("Logout pending")
    engaged_logout_pending = State("Engaged, logout pending")

    login = logged_out.to(not_ready)
    make_ready = not_ready.to(ready)
    make_not_ready = ready.to(not_ready)
    deliver = (
        ready.to(engaged)
        | engaged.to(engaged, cond="may_take_another")
        | logout_pending.to(engaged_logout_pending, cond="is_the_call_in_flight")
    )
    finish = (
        engaged.to(ready, cond="last_interaction")
        | engaged.to(engaged)
        | engaged_logout_pending.to(logout_pending, cond="last_interaction")
        | engaged_logout_pending.to(engaged_logout_pending)
    )
    logout = (
        not_ready.to(logout_pending, cond="call_in_flight")
        | not_ready.to(logged_out)
        | ready.to(logout_pending, cond="call_in_flight")
        | ready.to(logged_out)
        | engaged.to(engaged_logout_pending)
    )
    authorize_logout = logout_pending.to(logged_out, unless="call_in_flight")
    logout_deadline = logout_pending.to(logged_out, unless="call_in_flight")
