"""What the desk keeps of each interaction it holds: the interaction, its delivery, its call."""

from __future__ import annotations

import attrs

from outbound_core.desk.targets import CallTarget
from outbound_core.interaction import Interaction
from outbound_core.options import RingingBell
from outbound_core.server.protocol import Delivery

__all__ = ["HeldInteraction"]


@attrs.define(slots=True, eq=False)
class HeldInteraction:
    """One interaction on an agent's desk.

    Attributes:
        interaction: the interaction (its lifecycle and rules).
        delivery: how the server handed the record over.
        order: the desk's delivery counter when it arrived (later is higher).
        voice: the voice call's state (`VoiceCallMachine`), or None before any call.
        ringing_bell: the sound of a scheduled callback pushed as a preview
            (`outbound-callback.ringing-bell`, seed 000), or None.
        consultation: the target of the consultation the agent started, while it lasts.
    """

    interaction: Interaction
    delivery: Delivery
    order: int
    voice: str | None = None
    ringing_bell: RingingBell | None = None
    consultation: CallTarget | None = None
