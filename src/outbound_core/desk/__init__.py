"""The agent desk: one agent's view of outbound work, the Outbound namespace over a server.

`OutboundService` keeps the agent's interactions and offers the 17 methods of seed 002's
Outbound namespace, in Python style, with what an agent desktop does around them.
"""

from __future__ import annotations

from outbound_core.desk.service import OutboundService

__all__ = ["OutboundService"]
