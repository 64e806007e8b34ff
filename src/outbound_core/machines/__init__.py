"""The lifecycles, declared with python-statemachine and run on compiled tables.

This package is the only one that imports python-statemachine. Every lifecycle class is listed
in `MACHINES` (by its diagram name); `compile_machine` turns one into a `CompiledMachine`.
"""

from __future__ import annotations

from types import MappingProxyType

from statemachine import StateMachine

from outbound_core.machines.agent import AgentSessionMachine
from outbound_core.machines.campaign import CampaignMachine
from outbound_core.machines.compiled import CompiledMachine, Guard, Transition, compile_machine

__all__ = [
    "MACHINES",
    "AgentSessionMachine",
    "CampaignMachine",
    "CompiledMachine",
    "Guard",
    "Transition",
    "compile_machine",
]

#: Every lifecycle, by the name `outbound-core diagram NAME` takes.
MACHINES: MappingProxyType[str, type[StateMachine]] = MappingProxyType(
    {
        "agent-session": AgentSessionMachine,
        "campaign": CampaignMachine,
    }
)
