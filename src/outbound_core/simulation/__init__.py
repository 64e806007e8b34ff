"""The simulated working day behind `outbound-core simulate`.

`simulate` loads a calling list (`calling_list`, grown from the one shipped with the package)
into an in-memory outbound server, runs a day of every campaign type and of web callbacks with
scripted agents (`ScriptedAgent`) and returns a checked `Summary`.
"""

from __future__ import annotations

from outbound_core.simulation.accounts import TraceAccounts, check_accounts
from outbound_core.simulation.calling_list import calling_list, field_list, shipped_list
from outbound_core.simulation.day import MODES, simulate
from outbound_core.simulation.scripted_agents import ScriptedAgent
from outbound_core.simulation.summary import Summary, summarize

__all__ = [
    "MODES",
    "ScriptedAgent",
    "Summary",
    "TraceAccounts",
    "calling_list",
    "check_accounts",
    "field_list",
    "shipped_list",
    "simulate",
    "summarize",
]
