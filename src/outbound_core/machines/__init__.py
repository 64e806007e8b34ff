"""The lifecycles, declared with python-statemachine and run on compiled tables.

This package is the only one that imports python-statemachine. Every lifecycle class is listed
in `MACHINES` (by its diagram name); `compile_machine` turns one into a `CompiledMachine`, and
each is compiled once, under the names of `machines.tables` (`VOICE_CALL`, `MODE_MACHINES`, ...)
that the aggregates, the server and replay use.
"""

from __future__ import annotations

from types import MappingProxyType

from statemachine import StateMachine

from outbound_core.machines.agent import AgentSessionMachine
from outbound_core.machines.call import WEBEX_CALL_STATES, VoiceCallMachine
from outbound_core.machines.campaign import CampaignMachine
from outbound_core.machines.compiled import CompiledMachine, Guard, Transition, compile_machine
from outbound_core.machines.desktop import DesktopRecordMachine, DesktopRequestMachine
from outbound_core.machines.interaction import (
    DirectPushPreviewInteractionMachine,
    PredictiveInteractionMachine,
    PreviewInteractionMachine,
    ProgressiveInteractionMachine,
    PushPreviewInteractionMachine,
)
from outbound_core.machines.record_status import (
    CHAIN_STATE_CODES,
    RECORD_STATUSES,
    TYPE_EVENTS,
    ChainMachine,
    RecordStatusMachine,
)
from outbound_core.machines.tables import (
    AGENT_SESSION,
    CAMPAIGN,
    CHAIN,
    DESKTOP_RECORD,
    DESKTOP_REQUEST,
    MODE_MACHINES,
    RECORD_STATUS,
    VOICE_CALL,
    WEB_CALLBACK,
)
from outbound_core.machines.web_callback import WebCallbackMachine
from outbound_core.machines.webex_preview import WebexPreviewCampaignMachine

__all__ = [
    "AGENT_SESSION",
    "CAMPAIGN",
    "CHAIN",
    "CHAIN_STATE_CODES",
    "DESKTOP_RECORD",
    "DESKTOP_REQUEST",
    "MACHINES",
    "MODE_MACHINES",
    "RECORD_STATUS",
    "RECORD_STATUSES",
    "TYPE_EVENTS",
    "VOICE_CALL",
    "WEBEX_CALL_STATES",
    "WEB_CALLBACK",
    "AgentSessionMachine",
    "CampaignMachine",
    "ChainMachine",
    "CompiledMachine",
    "DesktopRecordMachine",
    "DesktopRequestMachine",
    "DirectPushPreviewInteractionMachine",
    "Guard",
    "PredictiveInteractionMachine",
    "PreviewInteractionMachine",
    "ProgressiveInteractionMachine",
    "PushPreviewInteractionMachine",
    "RecordStatusMachine",
    "Transition",
    "VoiceCallMachine",
    "WebCallbackMachine",
    "WebexPreviewCampaignMachine",
    "compile_machine",
]

#: Every lifecycle, by the name `outbound-core diagram NAME` takes.
MACHINES: MappingProxyType[str, type[StateMachine]] = MappingProxyType(
    {
        "agent-session": AgentSessionMachine,
        "campaign": CampaignMachine,
        "voice-call": VoiceCallMachine,
        "web-callback": WebCallbackMachine,
        "record-status": RecordStatusMachine,
        "chain": ChainMachine,
        "preview": PreviewInteractionMachine,
        "push-preview": PushPreviewInteractionMachine,
        "direct-push-preview": DirectPushPreviewInteractionMachine,
        "progressive": ProgressiveInteractionMachine,
        "predictive": PredictiveInteractionMachine,
        "desktop-record": DesktopRecordMachine,
        "desktop-request": DesktopRequestMachine,
        "webex-preview-campaign": WebexPreviewCampaignMachine,
    }
)
