"""outbound_core: the reference implementation of outbound call-campaign semantics.

What an agent may do with an outbound record and when: call results and other code
catalogs, privileges and Workspace options, records and chains, reschedule arithmetic in
the customer's time zone, calling windows, and the dialing-mode lifecycles, as Genesys
Outbound Contact (through Workspace and its Service Client API) and Webex Contact Center
expose them. Pure and deterministic: no I/O, no clock reads; callers pass `now`.
"""

from __future__ import annotations

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
    FieldValidationError,
    InvalidValue,
    NonexistentLocalTime,
    NotFound,
    OutboundError,
    PrivilegeMissing,
    ScheduleError,
    TransitionNotAllowed,
    WireFormatError,
)
from outbound_core.options import OutboundOptions, RingingBell
from outbound_core.privileges import Privilege, Privileges

__version__ = "0.1.0"

__all__ = [
    "SERVICE_CLIENT_CALL_RESULTS",
    "WORKSPACE_CALL_RESULT_SPELLINGS",
    "AmbiguousLocalTime",
    "CallResult",
    "CallbackType",
    "ChainScope",
    "Delivery",
    "DialingMode",
    "ErrorCode",
    "FieldValidationError",
    "InvalidValue",
    "NonexistentLocalTime",
    "NotFound",
    "OutboundError",
    "OutboundOptions",
    "PhoneType",
    "Privilege",
    "PrivilegeMissing",
    "Privileges",
    "RecordStatus",
    "RecordType",
    "RingingBell",
    "ScheduleError",
    "TransitionNotAllowed",
    "WireFormatError",
    "__version__",
]
