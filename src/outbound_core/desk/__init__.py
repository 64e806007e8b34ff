"""The agent desk: one agent's view of outbound work, the Outbound namespace over a server.

`OutboundService` keeps the agent's interactions (`HeldInteraction`) and offers the 17 methods of
seed 002's Outbound namespace, in Python style, with what an agent desktop does around them: the
session, the call actions of seed 003 (to a `CallTarget`), notes, dispositions and the Party
Action Menu. It reports each of the agent's actions to an observer as a typed `DeskAction`.
"""

from __future__ import annotations

from outbound_core.desk.actions import (
    DeskAction,
    DeskObserver,
    PartyAction,
    PartyActionRequested,
    RecordAction,
    RecordDone,
    SessionAction,
    SessionRequest,
)
from outbound_core.desk.calls import CALL_STATUSES, call_status
from outbound_core.desk.held import HeldInteraction
from outbound_core.desk.service import OutboundService
from outbound_core.desk.targets import CallTarget, TargetKind

__all__ = [
    "CALL_STATUSES",
    "CallTarget",
    "DeskAction",
    "DeskObserver",
    "HeldInteraction",
    "OutboundService",
    "PartyAction",
    "PartyActionRequested",
    "RecordAction",
    "RecordDone",
    "SessionAction",
    "SessionRequest",
    "TargetKind",
    "call_status",
]
