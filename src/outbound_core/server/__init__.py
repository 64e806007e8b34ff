"""The outbound server: calling lists, campaigns, agents, Do Not Call and callbacks.

`OutboundServer` is what a desk needs from a server; `InMemoryOutboundServer` implements it in
memory with the record semantics of the reference. Everything that crosses between them is a
frozen value: a `Delivery`, a `Notice`; `ServerSettings` holds the server's own rules.
"""

from __future__ import annotations

from outbound_core.server.dialing import DialAttempt
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.server.protocol import (
    Delivery,
    Notice,
    NoticeKind,
    OutboundServer,
    ReturnReason,
    ServerSettings,
)
from outbound_core.server.web_callbacks import WebCallbackRequest

__all__ = [
    "Delivery",
    "DialAttempt",
    "InMemoryOutboundServer",
    "Notice",
    "NoticeKind",
    "OutboundServer",
    "ReturnReason",
    "ServerSettings",
    "WebCallbackRequest",
]
