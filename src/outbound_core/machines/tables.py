"""Every lifecycle compiled once: the tables the aggregates, the server and replay run on.

Each is the `CompiledMachine` of one class of this package; everything that moves a lifecycle
uses these names, so no class is compiled twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from outbound_core.codes import DialingMode
from outbound_core.machines.agent import AgentSessionMachine
from outbound_core.machines.call import VoiceCallMachine
from outbound_core.machines.campaign import CampaignMachine
from outbound_core.machines.compiled import CompiledMachine, compile_machine
from outbound_core.machines.desktop import DesktopRecordMachine, DesktopRequestMachine
from outbound_core.machines.interaction import (
    DirectPushPreviewInteractionMachine,
    PredictiveInteractionMachine,
    PreviewInteractionMachine,
    ProgressiveInteractionMachine,
    PushPreviewInteractionMachine,
)
from outbound_core.machines.record_status import ChainMachine, RecordStatusMachine
from outbound_core.machines.web_callback import WebCallbackMachine

__all__ = [
    "AGENT_SESSION",
    "CAMPAIGN",
    "CHAIN",
    "DESKTOP_RECORD",
    "DESKTOP_REQUEST",
    "MODE_MACHINES",
    "RECORD_STATUS",
    "VOICE_CALL",
    "WEB_CALLBACK",
]

AGENT_SESSION: CompiledMachine = compile_machine(AgentSessionMachine)
CAMPAIGN: CompiledMachine = compile_machine(CampaignMachine)
VOICE_CALL: CompiledMachine = compile_machine(VoiceCallMachine)
WEB_CALLBACK: CompiledMachine = compile_machine(WebCallbackMachine)
RECORD_STATUS: CompiledMachine = compile_machine(RecordStatusMachine)
CHAIN: CompiledMachine = compile_machine(ChainMachine)
DESKTOP_RECORD: CompiledMachine = compile_machine(DesktopRecordMachine)
DESKTOP_REQUEST: CompiledMachine = compile_machine(DesktopRequestMachine)

#: The compiled interaction lifecycle of each dialing mode the seeds describe.
MODE_MACHINES: Mapping[DialingMode, CompiledMachine] = MappingProxyType(
    {
        DialingMode.PREVIEW: compile_machine(PreviewInteractionMachine),
        DialingMode.PUSH_PREVIEW: compile_machine(PushPreviewInteractionMachine),
        DialingMode.DIRECT_PUSH_PREVIEW: compile_machine(DirectPushPreviewInteractionMachine),
        DialingMode.PROGRESSIVE: compile_machine(ProgressiveInteractionMachine),
        DialingMode.PREDICTIVE: compile_machine(PredictiveInteractionMachine),
    }
)
