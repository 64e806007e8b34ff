"""Wire formats: typed readers and writers at the library's edge.

`outbound_core.wire.wwe` reads and writes the Service Client API of Workspace Web Edition
(seed 002), with a lenient reader for the console-dump notation of its samples.
`outbound_core.wire.webex` reads Webex Contact Center task notifications, native or wrapped in
seed 004's OutboundCallStateChange, into one `TaskNotification`;
`outbound_core.wire.ocs` the Outbound Contact desktop protocol's key-value user events (a flat
object or the Workspace API's key-value list, `wire.user_data`), and
`outbound_core.wire.calling_list` a calling list's field definitions with their annex.
Over an agent desk, `outbound_core.wire.desktop` turns the desk's actions into the
desktop-protocol requests a real desktop sends, and `outbound_core.wire.service_client` offers
the desk as the Service Client's camelCase methods with succeeded / failed envelopes.
"""

from __future__ import annotations

from outbound_core.wire._lenient import MAX_DEPTH, Name, read_call, read_lenient

__all__ = ["MAX_DEPTH", "Name", "read_call", "read_lenient"]
