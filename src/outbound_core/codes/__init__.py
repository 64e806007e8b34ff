"""The catalogs of codes an outbound record and its campaign carry.

Call results, phone types, record statuses and types are the integer enumerations of Genesys
Outbound Contact (`cfg_locale`); callback types, chain scopes and dialing modes are the tokens
of the desktop protocol and the Service Client API. Each catalog reads any spelling the sources
use (`parse`) and gives back its Genesys display label (`label`); `names.NameTable` is how.
"""

from __future__ import annotations

from outbound_core.codes.call_results import (
    SERVICE_CLIENT_CALL_RESULTS,
    WORKSPACE_CALL_RESULT_SPELLINGS,
    CallResult,
)
from outbound_core.codes.callback_types import CallbackType
from outbound_core.codes.chain_scopes import ChainScope
from outbound_core.codes.dialing_modes import Delivery, DialingMode, may_switch_while_running
from outbound_core.codes.phone_types import PhoneType
from outbound_core.codes.record_states import RecordStatus, RecordType
from outbound_core.codes.treatment_modes import TreatmentMode

__all__ = [
    "SERVICE_CLIENT_CALL_RESULTS",
    "WORKSPACE_CALL_RESULT_SPELLINGS",
    "CallResult",
    "CallbackType",
    "ChainScope",
    "Delivery",
    "DialingMode",
    "PhoneType",
    "RecordStatus",
    "RecordType",
    "TreatmentMode",
    "may_switch_while_running",
]
