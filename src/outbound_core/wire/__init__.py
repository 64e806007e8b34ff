"""Wire formats: typed readers and writers at the library's edge.

- `wire.wwe`: the Service Client API of Workspace Web Edition (seed 002): envelopes, records,
  field lists, call results; `lenient=True` reads the console-dump notation of its samples.
- `wire.webex`: Webex Contact Center task notifications, native or wrapped in seed 004's
  OutboundCallStateChange, read into one `TaskNotification` (`wire.webex_notifications`).
- `wire.ocs`: the Outbound Contact desktop protocol's key-value user events (reference §3), a
  flat object or the Workspace API's key-value list (`wire.user_data`), with the request/answer
  correlation of `wire.ocs_correlation`; `wire.calling_list` reads a calling list's field
  definitions with their annex.
- Over an agent desk: `wire.desktop.DesktopProtocol` turns the desk's actions into the
  desktop-protocol requests a real desktop sends, and `wire.service_client.ServiceClientAdapter`
  offers the desk as the Service Client's camelCase methods with succeeded / failed envelopes.
- `wire.json_text`: strict JSON as every reader here reads it.
"""

from __future__ import annotations

from outbound_core.wire._lenient import MAX_DEPTH, Name, read_call, read_lenient
from outbound_core.wire.calling_list import read_calling_list_fields
from outbound_core.wire.desktop import DesktopProtocol, requests_for
from outbound_core.wire.json_text import load_json, parse_json
from outbound_core.wire.ocs import Correlator, DesktopRequest, RequestType, ServerEvent
from outbound_core.wire.ocs import decode as decode_desktop_message
from outbound_core.wire.ocs import encode as encode_desktop_message
from outbound_core.wire.service_client import ServiceClientAdapter, error_envelope
from outbound_core.wire.user_data import flat, is_key_value_list
from outbound_core.wire.webex import (
    read_outbound_call_state_change,
    read_task_notification,
    read_webex_event,
)
from outbound_core.wire.webex_events import OutboundCallStateChange
from outbound_core.wire.webex_names import NotificationType
from outbound_core.wire.webex_notifications import MediaLeg, TaskNotification
from outbound_core.wire.wwe import (
    Envelope,
    Method,
    decode_record,
    encode_record,
    load_text,
    read_chained_records,
    read_envelope,
    read_record_fields,
    write_chained_records,
    write_envelope,
    write_record_fields,
)

__all__ = [
    "MAX_DEPTH",
    "Correlator",
    "DesktopProtocol",
    "DesktopRequest",
    "Envelope",
    "MediaLeg",
    "Method",
    "Name",
    "NotificationType",
    "OutboundCallStateChange",
    "RequestType",
    "ServerEvent",
    "ServiceClientAdapter",
    "TaskNotification",
    "decode_desktop_message",
    "decode_record",
    "encode_desktop_message",
    "encode_record",
    "error_envelope",
    "flat",
    "is_key_value_list",
    "load_json",
    "load_text",
    "parse_json",
    "read_call",
    "read_calling_list_fields",
    "read_chained_records",
    "read_envelope",
    "read_lenient",
    "read_outbound_call_state_change",
    "read_record_fields",
    "read_task_notification",
    "read_webex_event",
    "requests_for",
    "write_chained_records",
    "write_envelope",
    "write_record_fields",
]
