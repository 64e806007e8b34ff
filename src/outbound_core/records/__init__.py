"""Records, chains and their fields: the values an outbound server and a desk exchange.

A `Record` is one number to call for a customer, a `Chain` the records of one customer. A
record's fields are described by `FieldSpec`s and an update is checked, all or nothing, by
`validate_update` (or a `FieldSet`, faster). What an agent's work on a record comes to is an
`Outcome`; the numbers nobody may call again are on a `DoNotCallList`, compared in the
normalized form of `normalize_phone`. A `CallingListRecord` is a row of the calling list
table: the `Record` with the status, type, chain position and schedule the list keeps. A
`GrownList` is a calling list of any size grown from checked pattern chains, its records made
on demand.
"""

from __future__ import annotations

from outbound_core.records.calling_list_record import FINAL_RECORD_STATUSES, CallingListRecord
from outbound_core.records.chain import Chain
from outbound_core.records.dnc import DoNotCallList
from outbound_core.records.field_spec import (
    COMPATIBLE_VALUE_TYPES,
    EDITABLE_SYSTEM_FIELDS,
    FieldSpec,
    FieldType,
    OptionKey,
    ValueType,
    is_read_only_system_field,
)
from outbound_core.records.fields import FieldSet, validate_update
from outbound_core.records.grown_list import GrownList, PhoneTemplate
from outbound_core.records.keys import RECORD_KEYS, is_custom_key, key_kind
from outbound_core.records.outcome import Outcome, ScheduledCallback
from outbound_core.records.phone_numbers import normalize_phone, same_phone
from outbound_core.records.record import CHAINED_RECORD_EVENT, Record

__all__ = [
    "CHAINED_RECORD_EVENT",
    "COMPATIBLE_VALUE_TYPES",
    "EDITABLE_SYSTEM_FIELDS",
    "FINAL_RECORD_STATUSES",
    "RECORD_KEYS",
    "CallingListRecord",
    "Chain",
    "DoNotCallList",
    "FieldSet",
    "FieldSpec",
    "FieldType",
    "GrownList",
    "OptionKey",
    "Outcome",
    "PhoneTemplate",
    "Record",
    "ScheduledCallback",
    "ValueType",
    "is_custom_key",
    "is_read_only_system_field",
    "key_kind",
    "normalize_phone",
    "same_phone",
    "validate_update",
]
