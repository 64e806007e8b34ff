"""outbound_core: the reference implementation of outbound call-campaign semantics.

What an agent may do with an outbound record and when: call results and other code
catalogs, privileges and Workspace options, records and chains, reschedule arithmetic in
the customer's time zone, calling windows, and the dialing-mode lifecycles, as Genesys
Outbound Contact (through Workspace and its Service Client API) and Webex Contact Center
expose them. Pure and deterministic: no I/O, no clock reads; callers pass `now`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from outbound_core.codes import (
    SERVICE_CLIENT_CALL_RESULTS,
    WORKSPACE_CALL_RESULT_SPELLINGS,
    CallbackType,
    CallResult,
    ChainScope,
    Delivery,
    DialingMode,
    PhoneType,
    RecordStatus,
    RecordType,
)
from outbound_core.errors import (
    AmbiguousLocalTime,
    ErrorCode,
    FieldProblem,
    FieldValidationError,
    InvalidValue,
    NonexistentLocalTime,
    NotFound,
    OutboundError,
    PrivilegeMissing,
    ScheduleError,
    StorageError,
    TransitionNotAllowed,
    WireFormatError,
)
from outbound_core.options import OutboundOptions, RingingBell, TreatmentMode
from outbound_core.privileges import Privilege, Privileges
from outbound_core.records import (
    CallingListRecord,
    Chain,
    FieldSet,
    FieldSpec,
    FieldType,
    GrownList,
    Outcome,
    Record,
    ScheduledCallback,
    ValueType,
    validate_update,
)
from outbound_core.timing import (
    GENESYS_ZONES,
    CallingHours,
    CallingWindow,
    Decision,
    Reason,
    ReasonCode,
    RecordZone,
    Reschedule,
    ZoneSource,
    australian_national_holidays,
    callback_at,
    callback_in,
    calling_hours_preset,
    check_callable,
    check_reschedule,
    clock_to_seconds,
    format_reschedule_date,
    parse_duration,
    parse_reschedule_date,
    resolve_zone,
    seconds_to_clock,
    tz_database_version,
)

if TYPE_CHECKING:
    from outbound_core.agent import AgentSession
    from outbound_core.campaign import Campaign, CampaignEvent, CampaignNotification
    from outbound_core.desk import OutboundService
    from outbound_core.interaction import ActionSource, Interaction
    from outbound_core.machines import MACHINES, CompiledMachine, compile_machine
    from outbound_core.records import DoNotCallList, normalize_phone
    from outbound_core.server import InMemoryOutboundServer
    from outbound_core.storage import SqliteStore
    from outbound_core.treatments import (
        AttemptHistory,
        TreatmentDecision,
        TreatmentRules,
        TreatmentTable,
        decide,
        plan_records,
    )
    from outbound_core.wire.service_client import ServiceClientAdapter

__version__ = "0.1.0"

# The lifecycle layer imports python-statemachine; it loads on first use, so that
# `import outbound_core` stays cheap for code that only needs codes, records and time.
_LAZY = {
    "MACHINES": "outbound_core.machines",
    "ActionSource": "outbound_core.interaction",
    "AgentSession": "outbound_core.agent",
    "Campaign": "outbound_core.campaign",
    "CampaignEvent": "outbound_core.campaign",
    "CampaignNotification": "outbound_core.campaign",
    "CompiledMachine": "outbound_core.machines",
    "DoNotCallList": "outbound_core.records",
    "InMemoryOutboundServer": "outbound_core.server",
    "SqliteStore": "outbound_core.storage",
    "OutboundService": "outbound_core.desk",
    "ServiceClientAdapter": "outbound_core.wire.service_client",
    "normalize_phone": "outbound_core.records",
    "Interaction": "outbound_core.interaction",
    "compile_machine": "outbound_core.machines",
    "AttemptHistory": "outbound_core.treatments",
    "TreatmentDecision": "outbound_core.treatments",
    "TreatmentRules": "outbound_core.treatments",
    "TreatmentTable": "outbound_core.treatments",
    "decide": "outbound_core.treatments",
    "plan_records": "outbound_core.treatments",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'outbound_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "GENESYS_ZONES",
    "MACHINES",
    "SERVICE_CLIENT_CALL_RESULTS",
    "WORKSPACE_CALL_RESULT_SPELLINGS",
    "ActionSource",
    "AgentSession",
    "AmbiguousLocalTime",
    "AttemptHistory",
    "CallResult",
    "CallbackType",
    "CallingHours",
    "CallingListRecord",
    "CallingWindow",
    "Campaign",
    "CampaignEvent",
    "CampaignNotification",
    "Chain",
    "ChainScope",
    "CompiledMachine",
    "Decision",
    "Delivery",
    "DialingMode",
    "DoNotCallList",
    "ErrorCode",
    "FieldProblem",
    "FieldSet",
    "FieldSpec",
    "FieldType",
    "FieldValidationError",
    "GrownList",
    "InMemoryOutboundServer",
    "Interaction",
    "InvalidValue",
    "NonexistentLocalTime",
    "NotFound",
    "OutboundError",
    "OutboundOptions",
    "OutboundService",
    "Outcome",
    "PhoneType",
    "Privilege",
    "PrivilegeMissing",
    "Privileges",
    "Reason",
    "ReasonCode",
    "Record",
    "RecordStatus",
    "RecordType",
    "RecordZone",
    "Reschedule",
    "RingingBell",
    "ScheduleError",
    "ScheduledCallback",
    "ServiceClientAdapter",
    "SqliteStore",
    "StorageError",
    "TransitionNotAllowed",
    "TreatmentDecision",
    "TreatmentMode",
    "TreatmentRules",
    "TreatmentTable",
    "ValueType",
    "WireFormatError",
    "ZoneSource",
    "__version__",
    "australian_national_holidays",
    "callback_at",
    "callback_in",
    "calling_hours_preset",
    "check_callable",
    "check_reschedule",
    "clock_to_seconds",
    "compile_machine",
    "decide",
    "format_reschedule_date",
    "normalize_phone",
    "parse_duration",
    "parse_reschedule_date",
    "plan_records",
    "resolve_zone",
    "seconds_to_clock",
    "tz_database_version",
    "validate_update",
]
