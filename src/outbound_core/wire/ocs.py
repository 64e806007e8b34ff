"""The Outbound Contact desktop protocol: user-event key-value messages (reference
`genesys-ocs.md` §3).

A desktop request is a user event whose key-value data names the request in
`GSW_AGENT_REQ_TYPE`; OCS answers and notifies with user events naming themselves in
`GSW_USER_EVENT`; `GSW_REFERENCE_ID` on a request comes back on its answers. `decode` reads one
message's key-value data (a mapping, or JSON text of one) into a `DesktopRequest` or a
`ServerEvent`; `encode` writes it back, and the two round-trip. Typed attributes are read into
domain values (`CallResult`, `CallbackType`, `ChainScope`, `DialingMode`, the `MM/DD/YYYY HH:MM`
date as a wall-clock datetime); every other key is kept, as received, in `other`.

Numeric error codes (`GSW_ERROR_NUMBER`) are carried, never interpreted: the Genesys table of
them is not available (reference §3.3). `Correlator` matches answers to requests;
`request_for` builds the request a real desktop sends for a desk action.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, cast

from outbound_core.codes import CallbackType, CallResult, ChainScope, TreatmentMode
from outbound_core.codes.dialing_modes import DialingMode
from outbound_core.errors import ErrorCode, InvalidValue, WireFormatError, shorten
from outbound_core.timing.clock import format_date_time, parse_date_time
from outbound_core.wire._ocs_catalogue import (
    ANSWERS,
    ATTRIBUTE_KEYS,
    CLOSING_ANSWERS,
    EVENT_KEY,
    INFERRED_KEYS,
    REQUEST_ALIASES,
    REQUEST_KEY,
    UNSOLICITED,
    RequestType,
    UserEventType,
)
from outbound_core.wire._ocs_messages import DesktopRequest, Message, ServerEvent
from outbound_core.wire.numbers import whole_number
from outbound_core.wire.ocs_correlation import Correlated, Correlation, Correlator
from outbound_core.wire.user_data import flat
from outbound_core.wire.wwe import load_text

__all__ = [
    "ANSWERS",
    "ATTRIBUTE_KEYS",
    "CLOSING_ANSWERS",
    "DESK_ACTION_REQUESTS",
    "EVENT_KEY",
    "INFERRED_KEYS",
    "NO_RECORDS_AVAILABLE",
    "REQUEST_KEY",
    "UNSOLICITED",
    "Correlated",
    "Correlation",
    "Correlator",
    "DesktopRequest",
    "RequestType",
    "ServerEvent",
    "UserEventType",
    "decode",
    "encode",
    "request_for",
]

#: The `GSW_ERROR` text OCS sends when there is no preview record (reference §3.3).
NO_RECORDS_AVAILABLE: Final = "No Records Available"

_INT32 = (0, 2**31 - 1)
_SIGNED32 = (-(2**31), 2**31 - 1)
_SCALARS = (str, int)


def _fail(path: str, message: str, value: object = None) -> WireFormatError:
    return WireFormatError(f"{path}: {message}", path=path, value=shorten(value))


def _number(value: object, key: str, low: int, high: int) -> int:
    number = whole_number(value)
    if number is None:
        raise _fail(key, "expected a whole number (an int, or its decimal text)", value)
    if not low <= number <= high:
        raise _fail(key, f"expected a number from {low} to {high}", value)
    return number


def _read_value(kind: str, key: str, value: object) -> Any:
    try:
        if kind == "int":
            return _number(value, key, *_INT32)
        if kind == "reference":
            return _number(value, key, *_SIGNED32)
        if not isinstance(value, str) and kind != "call-result":
            raise _fail(key, "expected a string", value)
        if kind == "text":
            return str(value)
        if kind == "call-result":
            return CallResult(_number(value, key, 0, 53))
        if kind == "date-time":
            return parse_date_time(str(value))
        if kind == "callback-type":
            return CallbackType.parse(value)
        if kind == "chain-scope":
            return ChainScope.parse(value)
        if kind == "treatment-mode":
            return TreatmentMode.from_protocol(value)
        return DialingMode.parse(value)
    except WireFormatError:
        raise
    except InvalidValue as error:
        raise _fail(key, error.message, value) from None


def _write_value(kind: str, value: Any) -> str | int:
    if kind in ("int", "reference", "call-result"):
        return int(value)
    if kind == "date-time":
        return format_date_time(value)
    if kind == "callback-type":
        return str(value.protocol_value)
    if kind == "treatment-mode":
        return str(value.protocol_value)
    if kind in ("chain-scope", "dialing-mode"):
        return str(value.value)
    return str(value)


_WIRE_TYPES: Final[dict[str, type]] = {
    "date-time": datetime,
    "callback-type": CallbackType,
    "chain-scope": ChainScope,
    "dialing-mode": DialingMode,
    "treatment-mode": TreatmentMode,
}


def _wire_form(name: str, kind: str, value: object) -> str | int:
    """A typed attribute given as a domain value or as wire text, in wire form."""
    if type(value) is str:
        return value
    if kind in ("int", "reference", "call-result"):
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
    elif isinstance(value, _WIRE_TYPES.get(kind, str)):
        return _write_value(kind, value)
    raise InvalidValue(
        f"{name} cannot be sent as {type(value).__name__}",
        code=ErrorCode.WRONG_TYPE,
        value=shorten(value),
    )


def decode(source: str | bytes | bytearray | Mapping[str, Any] | list[Any]) -> Message:
    """Read one message's key-value data into a `DesktopRequest` or a `ServerEvent`: a flat
    object of key: value, or the Workspace API's key-value list (`wire.user_data`).

    Raises:
        WireFormatError: not an object of string keys, neither or both of
            `GSW_AGENT_REQ_TYPE` and `GSW_USER_EVENT`, or an attribute of the wrong type or
            range; `details["path"]` names the key.
    """
    raw = load_text(source) if isinstance(source, str | bytes | bytearray) else source
    raw = flat(raw)
    if not isinstance(raw, Mapping):
        raise _fail("$", f"a message is an object of key: value, not {type(raw).__name__}", raw)
    is_request, is_event = REQUEST_KEY in raw, EVENT_KEY in raw
    if is_request == is_event:
        raise _fail(
            "$",
            f"a message names itself with exactly one of {REQUEST_KEY} and {EVENT_KEY}",
            sorted(map(str, raw))[:5],
        )
    type_key = REQUEST_KEY if is_request else EVENT_KEY
    name = raw[type_key]
    if type(name) is not str or not name:
        raise _fail(type_key, "expected a non-empty string", name)
    typed: dict[str, Any] = {}
    other: dict[str, Any] = {}
    for key, value in raw.items():
        if type(key) is not str:
            raise _fail("$", "keys are strings", key)
        if key == type_key:
            continue
        attribute = _ATTRIBUTE_OF.get(key)
        if attribute is None or value is None:
            other[key] = value
            continue
        typed[attribute] = _read_value(ATTRIBUTE_KEYS[attribute][1], key, value)
    if is_request:
        if "error" in typed or "error_number" in typed:
            for attribute in ("error", "error_number"):
                if attribute in typed:
                    other[ATTRIBUTE_KEYS[attribute][0]] = raw[ATTRIBUTE_KEYS[attribute][0]]
                    del typed[attribute]
        request = RequestType._value2member_map_.get(name) or REQUEST_ALIASES.get(name)
        return DesktopRequest(request=request, name=name, other=other, **typed)  # type: ignore[arg-type]
    event = UserEventType._value2member_map_.get(name)
    return ServerEvent(event=event, name=name, other=other, **typed)  # type: ignore[arg-type]


_ATTRIBUTE_OF: Final = {key: attribute for attribute, (key, _kind) in ATTRIBUTE_KEYS.items()}
_SHARED = tuple(a for a in ATTRIBUTE_KEYS if a not in ("error", "error_number"))


def encode(message: Message) -> dict[str, str | int]:
    """The message's key-value data: its type key first, then the typed attributes in the
    catalogue's order, then the other keys as received."""
    if isinstance(message, DesktopRequest):
        data: dict[str, Any] = {REQUEST_KEY: message.name}
        attributes = _SHARED
    else:
        data = {EVENT_KEY: message.name}
        attributes = tuple(ATTRIBUTE_KEYS)
    for attribute in attributes:
        value = getattr(message, attribute)
        if value is not None:
            key, kind = ATTRIBUTE_KEYS[attribute]
            data[key] = _write_value(kind, value)
    for key, value in message.other.items():
        data.setdefault(key, value)
    return data


#: Desk actions (the `Interaction` and `AgentSession` operations) to the request a desktop
#: sends for each. Actions missing here have no desktop-protocol request: the call itself
#: (telephony), accepting or discarding a pushed record, removing Do Not Call, cancelling a
#: reschedule and asking for the next record are not in the reference's catalogue.
DESK_ACTION_REQUESTS: Mapping[str, RequestType] = {
    "start_preview": RequestType.PREVIEW_DIALING_MODE_START,
    "stop_preview": RequestType.PREVIEW_DIALING_MODE_OVER,
    "get_preview_record": RequestType.PREVIEW_RECORD_REQUEST,
    "get_chained_records": RequestType.CHAINED_RECORD_REQUEST,
    "set_call_result": RequestType.UPDATE_CALL_COMPLETION_STATS,
    "update_fields": RequestType.UPDATE_CALL_COMPLETION_STATS,
    "mark_done": RequestType.RECORD_PROCESSED,
    "reject": RequestType.RECORD_REJECT,
    "cancel": RequestType.REQUEST_RECORD_CANCEL,
    "set_do_not_call": RequestType.DO_NOT_CALL,
    "reschedule": RequestType.RECORD_RESCHEDULE,
    "reschedule_scheduled": RequestType.SCHEDULED_RECORD_RESCHEDULE,
    "add_record": RequestType.ADD_RECORD,
    "logout": RequestType.LOG_OUT,
    "campaign_status": RequestType.CAMPAIGN_STATUS_REQUEST,
}

#: Attributes each request cannot do without (reference §3.2 and §3.4).
_REQUIRED: Mapping[RequestType, tuple[str, ...]] = {
    RequestType.UPDATE_CALL_COMPLETION_STATS: ("record_handle",),
    RequestType.RECORD_PROCESSED: ("record_handle",),
    RequestType.RECORD_REJECT: ("record_handle",),
    RequestType.RECORD_RESCHEDULE: ("record_handle", "date_time", "callback_type"),
    RequestType.SCHEDULED_RECORD_RESCHEDULE: ("date_time", "callback_type"),
    RequestType.CHAINED_RECORD_REQUEST: ("record_handle",),
}


def request_for(
    action: str | RequestType,
    *,
    record_handle: int | None,
    campaign_name: str | None,
    application_id: int | None,
    calling_list: str | None = None,
    reference_id: int | None = None,
    **attributes: Any,
) -> DesktopRequest:
    """The request a real desktop sends for a desk action (a `DESK_ACTION_REQUESTS` name) or a
    request type. `attributes` are typed attribute names (`call_result`, `date_time`,
    `callback_type`, `chain_scope`, `phone`, `chain_id`, ...) given as domain values or their
    wire text; any other name is sent as a key of its own (a custom field), as given.

    Raises:
        InvalidValue: an action with no desktop-protocol request, a required attribute missing
            (the record handle of RecordProcessed, the date of a reschedule, ...), or a value
            that the wire cannot carry.
    """
    if isinstance(action, RequestType):
        request: RequestType | None = action
    else:
        request = DESK_ACTION_REQUESTS.get(action) if isinstance(action, str) else None
    if request is None:
        raise InvalidValue(
            f"the desktop protocol has no request for {shorten(action)}; "
            f"actions with one: {', '.join(DESK_ACTION_REQUESTS)}",
            code=ErrorCode.INVALID_VALUE,
            value=shorten(action),
        )
    given = {
        "record_handle": record_handle,
        "campaign_name": campaign_name,
        "application_id": application_id,
        "calling_list": calling_list,
        "reference_id": reference_id,
        **attributes,
    }
    data: dict[str, Any] = {REQUEST_KEY: request.value}
    for name, value in given.items():
        if value is None:
            continue
        spec = ATTRIBUTE_KEYS.get(name)
        if spec is None or name in ("error", "error_number"):
            if not isinstance(value, _SCALARS):
                raise InvalidValue(
                    f"{name} is sent as text or a number, not {type(value).__name__}",
                    code=ErrorCode.WRONG_TYPE,
                    value=shorten(value),
                )
            data[name] = value
            continue
        key, kind = spec
        data[key] = _wire_form(name, kind, value)
    missing = [name for name in _REQUIRED.get(request, ()) if given.get(name) is None]
    if missing:
        raise InvalidValue(
            f"{request.value} needs {', '.join(missing)}",
            code=ErrorCode.INVALID_VALUE,
            missing=missing,
        )
    try:
        decoded = decode(data)
    except WireFormatError as error:
        raise InvalidValue(error.message, code=ErrorCode.INVALID_VALUE, **error.details) from None
    return cast("DesktopRequest", decoded)
