"""The wire keys of an outbound record and what each holds: a typed system field, a custom
field, or a key this library does not know. Shared by `records` and the wire codecs.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Final

__all__ = [
    "CUSTOM",
    "EXTRA",
    "INT_ATTRIBUTES",
    "RECORD_KEYS",
    "SCALAR_TYPES",
    "SEEN_CUSTOM_KEYS",
    "SEEN_EXTRA_KEYS",
    "is_custom_key",
    "key_kind",
]

#: Record attribute -> wire key, for the typed system fields of seed 002's getChainedRecords.
RECORD_KEYS: Final[Mapping[str, str]] = {
    "record_handle": "GSW_RECORD_HANDLE",
    "chain_id": "GSW_CHAIN_ID",
    "phone": "GSW_PHONE",
    "phone_type": "GSW_PHONE_TYPE",
    "call_result": "GSW_CALL_RESULT",
    "attempts": "GSW_ATTEMPTS",
    "calling_list": "GSW_CALLING_LIST",
    "calling_list_dbid": "GSW_CALLING_LIST_DBID",
    "campaign_name": "GSW_CAMPAIGN_NAME",
    "campaign_group_name": "GSW_CAMPAIGN_GROUP_NAME",
    "campaign_group_dbid": "GSW_CAMPAIGN_GROUP_DBID",
    "campaign_group_description": "GSW_CAMPAIGN_GROUP_DESCRIPTION",
    "call_attempt_guid": "GSW_CALL_ATTEMPT_GUID",
    "tz_name": "GSW_TZ_NAME",
    "tz_offset": "GSW_TZ_OFFSET",
    "daily_from": "GSW_FROM",
    "daily_until": "GSW_UNTIL",
    "agent_id": "GSW_AGENT_ID",
    "application_id": "GSW_APPLICATION_ID",
    "switch_dbid": "GSW_SWITCH_DBID",
    "reference_id": "GSW_REFERENCE_ID",
    "contact_media_type": "GSW_CONTACT_MEDIA_TYPE",
    "user_event": "GSW_USER_EVENT",
    "interaction_type": "InteractionType",
    "interaction_subtype": "InteractionSubtype",
    "camp_type": "WWE_OUTBOUND_CAMP_TYPE",
}

_ATTRIBUTE_OF: Final = {key: name for name, key in RECORD_KEYS.items()}
_NON_CUSTOM_PREFIXES = ("GSW_", "IW_", "WWE_", "Interaction")
#: The int attributes of a record and the range each may hold.
INT_ATTRIBUTES: Final = {
    "record_handle": (0, 2**31 - 1),
    "chain_id": (0, 2**31 - 1),
    "attempts": (0, 2**31 - 1),
    "calling_list_dbid": (0, 2**31 - 1),
    "campaign_group_dbid": (0, 2**31 - 1),
    "application_id": (0, 2**31 - 1),
    "switch_dbid": (0, 2**31 - 1),
    "reference_id": (-(2**31), 2**31 - 1),
    "tz_offset": (-86399, 86399),
    "daily_from": (0, 86399),
    "daily_until": (0, 86399),
}
_STR_ATTRIBUTES: Final = tuple(
    name
    for name in RECORD_KEYS
    if name not in INT_ATTRIBUTES and name not in ("phone_type", "call_result")
)
_SCALARS = (str, int, float, bool, type(None))
_INT_RANGES: Final = tuple((name, low, high) for name, (low, high) in INT_ATTRIBUTES.items())
_INT_VALUES: Final = operator.attrgetter(*INT_ATTRIBUTES)
_STR_VALUES: Final = operator.attrgetter(*_STR_ATTRIBUTES)
_INT_TYPES: Final = frozenset({int, type(None)})
_STR_TYPES: Final = frozenset({str, type(None)})


def _ints_within_ranges(
    handle: int,
    chain: int,
    attempts: int | None,
    list_dbid: int | None,
    group_dbid: int | None,
    application: int | None,
    switch: int | None,
    reference: int | None,
    offset: int | None,
    daily_from: int | None,
    daily_until: int | None,
) -> bool:
    # INT_ATTRIBUTES spelled out: one expression is several times faster than a loop.
    top = 2**31 - 1
    return (
        handle is not None
        and chain is not None
        and 0 <= handle <= top
        and 0 <= chain <= top
        and (attempts is None or 0 <= attempts <= top)
        and (list_dbid is None or 0 <= list_dbid <= top)
        and (group_dbid is None or 0 <= group_dbid <= top)
        and (application is None or 0 <= application <= top)
        and (switch is None or 0 <= switch <= top)
        and (reference is None or -top - 1 <= reference <= top)
        and (offset is None or -86399 <= offset <= 86399)
        and (daily_from is None or 0 <= daily_from <= 86399)
        and (daily_until is None or 0 <= daily_until <= 86399)
    )


#: What `key_kind` says of a custom field's key and of a key this library does not know.
CUSTOM: Final = "custom"
EXTRA: Final = "extra"
#: Wire key -> record attribute name, "custom" or "extra"; grows as keys are met (bounded).
_KEY_KINDS: dict[str, str] = {}
_KEY_KINDS_LIMIT = 4096
#: Keys already found valid as custom / unknown keys, so most records skip the per-key checks.
SEEN_CUSTOM_KEYS: set[str] = set()
SEEN_EXTRA_KEYS: set[str] = set()
SCALAR_TYPES: Final = frozenset({str, int, bool, type(None)})


def is_custom_key(key: str) -> bool:
    """Whether a record key names a custom (calling-list user-defined) field.

    Keys starting `GSW_` (except `GSW_CUSTOM_*`), `IW_`, `WWE_` or `Interaction` belong to
    Genesys; every other key is a custom field, e.g. seed 002's `Custom_Float`.
    """
    if not isinstance(key, str):
        return False
    return key.startswith("GSW_CUSTOM_") or not key.startswith(_NON_CUSTOM_PREFIXES)


def key_kind(key: str) -> str:
    """What a wire key of a record holds: a `Record` attribute name, "custom" or "extra"."""
    if not isinstance(key, str):
        return EXTRA
    kind = _KEY_KINDS.get(key)
    if kind is None:
        kind = _ATTRIBUTE_OF.get(key) or (CUSTOM if is_custom_key(key) else EXTRA)
        if len(_KEY_KINDS) < _KEY_KINDS_LIMIT:
            _KEY_KINDS[key] = kind
    return kind


_WIRE_KEYS: Final = frozenset(RECORD_KEYS.values())
