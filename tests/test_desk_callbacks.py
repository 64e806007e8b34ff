"""Seed 002's sample requests, replayed through the callback adapter against an in-memory server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.seed002 import fixture

from outbound_core import FieldSet, Privileges
from outbound_core.desk.service import OutboundService
from outbound_core.records import Chain
from outbound_core.server.in_memory import InMemoryOutboundServer
from outbound_core.wire._lenient import Name, read_call
from outbound_core.wire.service_client import ServiceClientAdapter
from outbound_core.wire.wwe import load_text, read_chained_records, read_record_fields

NOW = datetime(2021, 5, 27, 0, 30, tzinfo=UTC)


def seed_chain() -> Chain:
    return read_chained_records(fixture("getChainedRecords.txt"), lenient=True)[0]


def chain_with_257() -> Chain:
    """The seed's chain 3 with record 257 selected (rescheduleRecord's sample handle)."""
    first = seed_chain().records[0]
    import attrs

    return Chain((attrs.evolve(first, record_handle=257, key_order=()),), 257)


def adapter_for(
    chain: Chain, fields: FieldSet | None = None, privileges: Any = None
) -> ServiceClientAdapter:
    server = InMemoryOutboundServer(NOW)
    server.add_campaign("Outbound Campaign Custom", "Preview", fields)
    server.add_agent(
        "agent",
        privileges=privileges or Privileges.everything(),
        campaigns=["Outbound Campaign Custom"],
    )
    server.load_chains("Outbound Campaign Custom", [chain.records])
    server.campaign_event("Outbound Campaign Custom", "load")
    server.campaign_event("Outbound Campaign Custom", "start")
    desk = OutboundService(server, "agent")
    desk.login()
    desk.ready()
    assert desk.get_preview_record("Outbound Campaign Custom") == "1"
    return ServiceClientAdapter(desk)


def replay(
    adapter: ServiceClientAdapter, request: str, **names: Any
) -> tuple[list[Any], list[Any]]:
    """Call the adapter as the seed's JavaScript does; bare names come from `names`."""
    succeeded: list[Any] = []
    failed: list[Any] = []
    scope = {"succeeded": succeeded.append, "failed": failed.append, **names}
    callee, arguments = read_call(request)
    values = [scope[a.name] if isinstance(a, Name) else a for a in arguments]
    getattr(adapter, callee.rsplit(".", 1)[-1])(*values)
    return succeeded, failed


def test_get_list_of_call_results_equals_the_seed_sample() -> None:
    ok, bad = replay(adapter_for(seed_chain()), fixture("getListOfCallResults.request.txt"))
    assert bad == []
    assert ok == [load_text(fixture("getListOfCallResults.txt"))]


def test_get_chained_records_equals_the_seed_sample() -> None:
    ok, bad = replay(adapter_for(seed_chain()), fixture("getChainedRecords.request.txt"))
    assert bad == []
    assert ok == [load_text(fixture("getChainedRecords.txt"), lenient=True)]


def test_get_record_fields_equals_the_seed_sample() -> None:
    fields = FieldSet(read_record_fields(fixture("getRecordFields.txt")))
    ok, bad = replay(adapter_for(seed_chain(), fields), fixture("getRecordFields.request.txt"))
    assert bad == []
    sample = load_text(fixture("getRecordFields.txt"))
    # The seed's one quirk: its first Field says "type" where the others say "fieldType"; the
    # writer always says "fieldType" (docs/concepts/wire-wwe.md).
    sample["data"][0]["fieldType"] = sample["data"][0].pop("type")
    assert ok == [sample]
    assert read_record_fields(ok[0]) == read_record_fields(fixture("getRecordFields.txt"))


def test_get_call_result_has_the_seed_shape() -> None:
    adapter = adapter_for(seed_chain())
    ok, bad = replay(adapter, fixture("getCallResult.request.txt"), interactionId="1")
    sample = load_text(fixture("getCallResult.txt"))
    assert bad == []
    assert ok[0].keys() == sample.keys()
    assert ok[0]["data"] == 28  # the seed record's GSW_CALL_RESULT (Unknown) until one is set
    adapter.desk.call_preview_record("1", 283)
    adapter.desk.call_failed("2")
    adapter.setCallResult("2", "6", print, print)
    ok, bad = replay(adapter, fixture("getCallResult.request.txt"), interactionId="2")
    assert ok[0] == sample  # data 6 (Busy), as in the seed


def test_reschedule_record_sample() -> None:
    adapter = adapter_for(chain_with_257())
    ok, bad = replay(adapter, fixture("rescheduleRecord.request.txt"))
    assert bad == []
    assert ok[0]["request"] == "outbound.rescheduleRecord"
    assert ok[0]["data"] == {
        "recordHandle": 257,
        "rescheduleDate": "05/27/2021 10:55",
        "callbackType": "PERSONAL",
    }
    interaction = adapter.desk.held["1"].interaction
    assert interaction.scheduled is not None
    # 10:55 in ACT (UTC+9:30) is 01:25 UTC.
    assert interaction.scheduled.when.instant == datetime(2021, 5, 27, 1, 25, tzinfo=UTC)


def test_update_record_fields_sample() -> None:
    fields = FieldSet.from_dict(
        {
            "specs": [
                {
                    "name": "GSW_FROM",
                    "field_type": "time",
                    "value_type": "string",
                    "editable": True,
                },
                {
                    "name": "GSW_UNTIL",
                    "field_type": "time",
                    "value_type": "string",
                    "editable": True,
                },
                {
                    "name": "GSW_PHONE_TYPE",
                    "field_type": "enum",
                    "value_type": "number",
                    "editable": True,
                    "options": [[n, str(n)] for n in range(12)],
                },
                {
                    "name": "GSW_CUSTOM_STRING",
                    "field_type": "var-char",
                    "value_type": "string",
                    "editable": True,
                },
            ]
        }
    )
    adapter = adapter_for(seed_chain(), fields)
    ok, bad = replay(adapter, fixture("updateRecordFields.request.txt"))
    assert bad == []
    assert ok[0]["data"] == {
        "GSW_FROM": "10:15",
        "GSW_UNTIL": "23:45",
        "GSW_PHONE_TYPE": 9,
        "GSW_CUSTOM_STRING": "Custom message",
    }


def test_update_record_fields_sample_against_the_seed_field_list_fails_whole() -> None:
    fields = FieldSet(read_record_fields(fixture("getRecordFields.txt")))
    adapter = adapter_for(seed_chain(), fields)
    ok, bad = replay(adapter, fixture("updateRecordFields.request.txt"))
    assert ok == []
    assert bad[0]["request"] == "outbound.updateRecordFields"
    assert bad[0]["data"]["code"] == "field-validation"
    assert adapter.desk.held["1"].interaction.pending_updates == {}
    json.dumps(bad[0])


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("setCallResult('1', 'Busy', succeeded, failed)", "wrong-type"),
        ("setCallResult('1', 6, succeeded, failed)", "transition-not-allowed"),
        ("callPreviewRecord('1', '283', succeeded, failed)", "wrong-type"),
        ("callPreviewRecord('1', 999, succeeded, failed)", "not-found"),
        ("getCallResult('7', succeeded, failed)", "not-found"),
        ("getCallResult(1, succeeded, failed)", "wrong-type"),
        (
            "rescheduleRecord('1', 283, '13/27/2021 10:55', 'PERSONAL', succeeded, failed)",
            "invalid-date-time",
        ),
        (
            "rescheduleRecord('1', 283, '05/26/2021 10:55', 'PERSONAL', succeeded, failed)",
            "callback-in-past",
        ),
        (
            "rescheduleRecord('1', 283, '05/27/2021 10:55', 'LATER', succeeded, failed)",
            "unknown-callback-type",
        ),
        ("getPreviewRecord('Nope', succeeded, failed)", "not-found"),
        ("stopDirectPushPreview(succeeded, failed)", "transition-not-allowed"),
    ],
)
def test_ugly_inputs_fail_with_their_code(call: str, code: str) -> None:
    ok, bad = replay(adapter_for(seed_chain()), "x." + call)
    assert ok == []
    assert bad[0]["data"]["code"] == code
    assert set(bad[0]) == {"request", "data", "userAgent", "protocolVersion"}
