"""Fuzzing every public parser and constructor: nothing but `OutboundError` escapes.

Each example draws one pool of hostile values, slot by slot (texts, zones, instants, durations,
windows, rules, numbers, mappings, sequences, anything: every slot mixes valid values, values on
an edge and junk), and calls every target with arguments taken from the pool, so each target
gets every example (10,000 under the `ci` profile). A target may return or raise an
`OutboundError` with a message of reasonable length; anything else fails. (Every error keeps
its details as plain data, so it pickles and writes as JSON: `test_errors.py` proves that for
any value, once, rather than here for every refusal.)

The server, the desk and the aggregates have theirs in `test_fuzz_server.py` (where a refused
command must also change nothing), the command line in `test_fuzz_cli.py`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from tests.seed002 import fixture
from tests.strategies import (
    DEEP_DICT,
    DEEP_LIST,
    EDGE_DATETIMES,
    EDGE_TEXTS,
    HUGE_INT,
    hostile,
)

from outbound_core import (
    CallbackType,
    CallingHours,
    CallingWindow,
    CallResult,
    Chain,
    ChainScope,
    Decision,
    DialingMode,
    FieldSet,
    FieldSpec,
    GrownList,
    OutboundError,
    OutboundOptions,
    Outcome,
    PhoneType,
    Privilege,
    Privileges,
    Reason,
    Record,
    RecordStatus,
    RecordType,
    RecordZone,
    Reschedule,
    RingingBell,
    ScheduledCallback,
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
    validate_update,
)
from outbound_core.codes import may_switch_while_running
from outbound_core.errors import close_matches, shorten
from outbound_core.records import (
    RECORD_KEYS,
    DoNotCallList,
    is_custom_key,
    is_read_only_system_field,
    key_kind,
    normalize_phone,
    same_phone,
)
from outbound_core.replay import detect_format, read_steps
from outbound_core.simulation import MODES
from outbound_core.simulation.limits import check_day
from outbound_core.timing import (
    format_clock,
    format_date_time,
    parse_clock,
    parse_date_time,
    require_instant,
)
from outbound_core.timing.calling_hours import check_seconds
from outbound_core.wire import ocs, read_call, read_lenient, webex, wwe
from outbound_core.wire.webex_events import CallEvent, CallState, LcmKey

#: 10,000 examples a test under the `ci` profile; the profile's own number otherwise.
FUZZ = (
    settings(max_examples=10_000, suppress_health_check=list(HealthCheck))
    if settings.get_current_profile_name() == "ci"
    else settings(suppress_health_check=list(HealthCheck))
)

# ---- valid values to start from ----------------------------------------------------------------

NEW_YORK = resolve_zone("America/New_York")
ZONES = (NEW_YORK, resolve_zone("ACT"), resolve_zone("EST"), resolve_zone(None, -3600))
NOW = datetime(2026, 6, 15, 13, 30, tzinfo=UTC)
WINDOW = CallingWindow(9 * 3600, 17 * 3600)
RECORD = Record(
    record_handle=7,
    chain_id=3,
    phone="+1 555 0100",
    phone_type=PhoneType.HOME_PHONE,
    call_result=CallResult.BUSY,
    attempts=1,
    tz_name="PST",
    tz_offset=-28800,
    daily_from=32400,
    daily_until=75599,
    custom={"Custom_Float": 1.5},
    extra={"IW_BundleUid": "x"},
)
CHAIN = Chain((RECORD, Record(record_handle=8, chain_id=3, phone="+1 555 0101")))
GROWN = GrownList([CHAIN], 9, part=1, parts=2)
SPECS = (
    FieldSpec("Note", "var-char", "string", editable=True, max_length=10),
    FieldSpec("Visits", "int", "number", editable=True, mandatory=True),
    FieldSpec("Kind", "enum", "number", editable=True, options=((1, "Home"), (2, "Work"))),
    FieldSpec("GSW_FROM", "time", "string", editable=True),
)
FIELDS = FieldSet(SPECS)
RESCHEDULE = Reschedule(NOW + timedelta(hours=2), NEW_YORK)
SCHEDULED = ScheduledCallback(7, RESCHEDULE, CallbackType.PERSONAL)
OUTCOME = Outcome("1", 7, CHAIN, CallResult.ANSWER, True, False, SCHEDULED, {"Visits": 2})
RULE = CallingHours.weekly("mine", {"weekdays": (32400, 61200)}, excluded_dates=["2026-12-25"])
OPTIONS = OutboundOptions.from_mapping(
    {
        "outbound.call-result-values": "Answered, NoAnswer, Busy",
        "outbound.call-result-automatically-selected": "Busy",
        "outbound.preview.max-simultaneous-preview-record": "2",
        "outbound-callback.ringing-bell": "BELL|7|0",
    }
)
SIMULATE_STEP = {"seq": 1, "interaction_id": "i-1", "mode": "Preview", "event": "deliver"}
OCS_REQUEST = {
    "GSW_AGENT_REQ_TYPE": "RecordReschedule",
    "GSW_REFERENCE_ID": 5,
    "GSW_RECORD_HANDLE": 7,
    "GSW_DATE_TIME": "06/15/2026 10:30",
    "GSW_CALLBACK_TYPE": "Personal",
}
WEBEX_MESSAGE = json.loads(
    (Path(__file__).parent / "fixtures" / "seed004" / "OutboundCallStateChange.json").read_text(
        encoding="utf-8"
    )
)
TEMPLATES: tuple[Any, ...] = (
    RECORD.to_dict(),
    CHAIN.to_dict(),
    SPECS[2].to_dict(),
    FIELDS.to_dict(),
    OUTCOME.to_dict(),
    SCHEDULED.to_dict(),
    NEW_YORK.to_dict(),
    RESCHEDULE.to_dict(),
    WINDOW.to_dict(),
    RULE.to_dict(),
    OPTIONS.to_dict(),
    Privileges.everything().to_dict(),
    Decision(False, (), NOW).to_dict(),
    wwe.encode_record(RECORD),
    wwe.write_chained_records([CHAIN]),
    wwe.write_record_fields(SPECS),
    wwe.write_call_results([CallResult.BUSY, CallResult.ANSWER]),
    wwe.write_call_result(CallResult.BUSY),
    {"interactionId": "1", "recordData": {"Note": "x", "Visits": 3}},
    OCS_REQUEST,
    WEBEX_MESSAGE,
    SIMULATE_STEP,
    {"specs": [SPECS[0].to_dict()], "granted": ["can-use"], "records": []},
)
TEXT_TEMPLATES = (
    fixture("getChainedRecords.txt"),
    fixture("getRecordFields.txt"),
    fixture("getCallResult.txt"),
    fixture("updateRecordFields.request.txt"),
    json.dumps(SIMULATE_STEP),
    json.dumps(OCS_REQUEST),
)


def _replaced(value: Any, path: list[int], new: Any, delete: bool) -> Any:
    """`value` with the element `path` picks (indices modulo each container's size) replaced by
    `new`, or deleted; containers along the path are copied, the rest is shared."""
    if not path or not isinstance(value, dict | list) or not value:
        return new
    index, rest = path[0], path[1:]
    if isinstance(value, dict):
        key = list(value)[index % len(value)]
        copy = dict(value)
        if delete and not rest:
            del copy[key]
        else:
            copy[key] = _replaced(value[key], rest, new, delete)
        return copy
    position = index % len(value)
    items = list(value)
    if delete and not rest:
        del items[position]
    else:
        items[position] = _replaced(value[position], rest, new, delete)
    return items


def _mutated(data: bytes, new: Any) -> Any:
    """A valid plain-data value (a record, an envelope, ...) with one place changed or gone;
    `data` picks the value and the place, `new` is what goes there."""
    template = TEMPLATES[data[0] % len(TEMPLATES)]
    path = list(data[2 : 3 + data[1] % 4])
    return _replaced(template, path, new, delete=data[6] % 4 == 0)


def _mutated_text(data: bytes, new: Any) -> str:
    """A wire text with a few characters changed, or a mutated value written as JSON."""
    if data[7] % 2:
        value = _mutated(data, new)
        try:
            return json.dumps(value)
        except (TypeError, ValueError, RecursionError):
            return shorten(value, 500)
    text = TEXT_TEMPLATES[data[0] % len(TEXT_TEMPLATES)]
    at = int.from_bytes(data[2:4], "big") % (len(text) + 1)
    inserted = new if isinstance(new, str) else EDGE_TEXTS[data[1] % len(EDGE_TEXTS)]
    return text[:at] + inserted + text[at + data[4] % 4 :]


# ---- the pool -----------------------------------------------------------------------------------

# Drawing a generated value costs about a millisecond, a byte almost nothing: each example draws
# one hostile value and a string of bytes, and each slot takes the hostile value (one time in
# eight) or, by its byte, one of its prepared values (valid ones, values on every edge, junk).
# Shrinking a byte towards 0 moves towards the first, simplest, prepared value.
_JUNK = random.Random(13)
JUNK_TEXTS = tuple(
    "".join(
        chr(_JUNK.choice((_JUNK.randrange(32, 127), _JUNK.randrange(0x80, 0x10FFFF))))
        for _ in range(_JUNK.randrange(1, 12))
    )
    for _ in range(40)
)
ANY: tuple[Any, ...] = (
    None, True, False, 0, 1, -1, 86399, 86400, 2**31 - 1, 2**31, -(2**31) - 1, 2**63,
    HUGE_INT, -HUGE_INT, DEEP_LIST, DEEP_DICT,
    1.5, -0.0, float("nan"), float("inf"), "", " ", "x", b"", b"\xff", bytearray(b"a"),
    (), [], {}, set(), frozenset(), [None], [""], ["a", "b", "c"], ("a", "b"), {"": None},
    {1: 2}, {"a": [1, {"b": None}]}, [[[]]], object(), ..., int, complex(1, 1),
    datetime.min, NOW, timedelta.max, timedelta(-1), NOW.date(), CallResult.BUSY,
    PhoneType.NONE, DialingMode.PREVIEW, WINDOW, NEW_YORK, RECORD, CHAIN, SPECS[0], FIELDS,
    RESCHEDULE, SCHEDULED, OUTCOME, RULE, OPTIONS, Privileges.everything(), Privilege.CAN_USE,
    *EDGE_DATETIMES,
)  # fmt: skip
TEXTS: tuple[Any, ...] = (*EDGE_TEXTS, *JUNK_TEXTS, *ANY)
CORPORA: dict[str, tuple[Any, ...]] = {
    "t0": TEXTS,
    "t1": TEXTS,
    "z": (*ZONES, "PST", "Europe/London", "", "pst", "UTC+01:00", *ANY),
    "i0": (NOW, *EDGE_DATETIMES, *ANY),
    "i1": (None, NOW, *EDGE_DATETIMES, *ANY),
    "d": (timedelta(hours=1), timedelta.max, timedelta(days=999_999_999), timedelta(0), *ANY),
    "w": (None, WINDOW, CallingWindow(72000, 3600), *ANY),
    "r": ((), ["us-federal"], [RULE], "canada", [RULE, "australia"], ["nope"], *ANY),
    "n0": (0, 1, 6, 54, -(2**32), 2**32, *ANY),
    "n1": (0, 3, 7, 100, 100_000, *ANY),
    "m": ANY,
    "s": (
        ["can-use"],
        [RECORD],
        list(SPECS),
        ["privilege.outbound.can-use", "can-reschedule"],
        ["Busy", "NoAnswer"],
        [SPECS[0], SPECS[0]],
        [RECORD, RECORD],
        ["", None, 7],
        *ANY,
    ),
    "x0": ANY,
    "x1": ANY,
}
SLOTS = tuple(CORPORA)
Pool = dict[str, Any]


def pool_of(data: bytes, generated: Any) -> Pool:
    """The pool one example's bytes and generated value make (see above)."""
    pool: Pool = {}
    for i, slot in enumerate(SLOTS):
        choice = data[i]
        if choice % 8 == 0 or slot == "x0":
            pool[slot] = generated
        else:
            corpus = CORPORA[slot]
            pool[slot] = corpus[
                (choice // 8) * 7 % len(corpus) if len(corpus) > 32 else choice % len(corpus)
            ]
    if data[0] % 3 == 1:
        pool["t0"] = _mutated_text(data[16:], generated)
    if data[11] % 2:
        pool["m"] = _mutated(data[24:], pool["x1"] if data[11] % 4 == 1 else generated)
    return pool


pools = st.builds(pool_of, st.binary(min_size=32, max_size=32), hostile)


REQUIRED = {"record_handle": 1, "chain_id": 2, "phone": "1"}
_RECORD_NAMES = (*RECORD_KEYS, "custom", "extra", "key_order")


def _json_lines(value: object) -> list[str]:
    """`value` as one JSON line, or no line when JSON cannot hold it."""
    try:
        return [json.dumps(value)]
    except (TypeError, ValueError, RecursionError):
        return []


def _key(value: object) -> str:
    """A keyword or key made from a hostile value: the text itself, or its shortened repr."""
    return value[:40] if isinstance(value, str) else shorten(value, 40)


Target = Callable[[Pool], object]
TARGETS: dict[str, Target] = {
    # errors
    "shorten": lambda p: shorten(p["x0"], 40),
    "close_matches": lambda p: close_matches(p["t1"], ["Busy", "NoAnswer", _key(p["t0"])]),
    # codes
    "CallResult.parse": lambda p: CallResult.parse(p["t0"]),
    "CallResult.parse(n)": lambda p: CallResult.parse(p["n0"]),
    "PhoneType.parse": lambda p: PhoneType.parse(p["t1"]),
    "PhoneType.parse(n)": lambda p: PhoneType.parse(p["n1"]),
    "RecordStatus.parse": lambda p: RecordStatus.parse(p["x0"]),
    "RecordType.parse": lambda p: RecordType.parse(p["n0"]),
    "CallbackType.parse": lambda p: CallbackType.parse(p["t1"]),
    "ChainScope.parse": lambda p: ChainScope.parse(p["x1"]),
    "DialingMode.parse": lambda p: DialingMode.parse(p["n1"]),
    "DialingMode.parse(t)": lambda p: DialingMode.parse(p["t0"]),
    "may_switch_while_running": lambda p: may_switch_while_running(p["t1"], p["n1"]),
    # privileges and options
    "Privilege.parse": lambda p: Privilege.parse(p["t1"]),
    "Privileges": lambda p: Privileges(p["s"]),
    "Privileges.from_names": lambda p: Privileges.from_names(p["x0"]),
    "Privileges.from_dict": lambda p: Privileges.from_dict(p["m"]),
    "Privileges.allows": lambda p: Privileges.everything().allows(p["t0"]),
    "Privileges.require": lambda p: Privileges().require(p["x1"]),
    "OutboundOptions": lambda p: OutboundOptions(p["s"], p["n1"], p["n0"], p["x0"]),
    "OutboundOptions(values)": lambda p: OutboundOptions(p["t0"]),
    "OutboundOptions.from_mapping": lambda p: OutboundOptions.from_mapping(p["m"]),
    "OutboundOptions.from_dict": lambda p: OutboundOptions.from_dict(
        {**OPTIONS.to_dict(), _key(p["t1"]): p["t0"]}
    ),
    "OutboundOptions.preselected_call_result": lambda p: OPTIONS.preselected_call_result(p["n1"]),
    "OutboundOptions.offers": lambda p: OPTIONS.offers(p["t1"]),
    "RingingBell": lambda p: RingingBell(p["t1"], p["n0"], p["n1"]),
    "RingingBell.parse": lambda p: RingingBell.parse(p["t0"]),
    # records and fields
    "FieldSpec": lambda p: FieldSpec(
        p["t1"], p["t0"], p["x0"], p["x1"], p["n1"], p["n0"], p["s"], p["x0"], p["n1"], p["m"]
    ),
    "FieldSpec(enum)": lambda p: FieldSpec("E", "enum", p["t1"], options=p["s"]),
    "FieldSpec.from_dict": lambda p: FieldSpec.from_dict(p["m"]),
    "FieldSet": lambda p: FieldSet(p["s"]),
    "FieldSet.from_dict": lambda p: FieldSet.from_dict(p["m"]),
    "FieldSet.validate": lambda p: FIELDS.validate(p["m"]),
    "FieldSet.validate(one)": lambda p: FIELDS.validate(
        {"Note": p["t0"], "Visits": p["n0"], "Kind": p["n1"], "GSW_FROM": p["t1"]}
    ),
    "validate_update": lambda p: validate_update(p["s"], p["x0"]),
    "Record": lambda p: Record(
        p["n0"],
        p["n1"],
        p["t0"],
        p["x0"],
        p["x1"],
        p["n1"],
        custom=p["m"],
        extra=p["x1"],
        key_order=p["s"],
    ),
    "Record(named)": lambda p: Record(
        **{
            **REQUIRED,
            _RECORD_NAMES[p["n1"] % len(_RECORD_NAMES)] if isinstance(p["n1"], int) else "phone": p[
                "x0"
            ],
        }
    ),
    "Record.from_dict": lambda p: Record.from_dict(p["m"]),
    "Record.updated": lambda p: RECORD.updated(
        p["m"] if isinstance(p["m"], Mapping) else {_key(p["t1"]): p["x0"]}
    ),
    "Chain": lambda p: Chain(p["s"], p["n1"]),
    "Chain.from_dict": lambda p: Chain.from_dict(p["m"]),
    "GrownList": lambda p: GrownList(p["s"], p["n1"], part=p["n0"], parts=p["x0"]),
    "GrownList(chains)": lambda p: GrownList([CHAIN, p["x0"]], p["n1"]),
    "GrownList.record": lambda p: GROWN.record(p["n0"]),
    "GrownList.pattern_of": lambda p: GROWN.pattern_of(p["x0"]),
    "Chain.record": lambda p: CHAIN.record(p["n0"]),
    "Chain.add_on_new_number": lambda p: CHAIN.add_on_new_number(
        p["t0"], phone_type=p["x0"], record_handle=p["n1"]
    ),
    "Chain.add_on_new_number(given)": lambda p: CHAIN.add_on_new_number(
        "+1 555 0199", **{_key(p["t1"]): p["x1"]}
    ),
    "Outcome.from_dict": lambda p: Outcome.from_dict(p["m"]),
    "Outcome.status_and_type": lambda p: OUTCOME.status_and_type(p["n0"], p["x0"]),
    "ScheduledCallback.from_dict": lambda p: ScheduledCallback.from_dict(p["m"]),
    "normalize_phone": lambda p: normalize_phone(p["t0"]),
    "same_phone": lambda p: same_phone(p["t1"], p["x0"]),
    "DoNotCallList": lambda p: (
        DoNotCallList().add(p["t0"]),
        DoNotCallList().blocks(p["t1"], p["n1"]),
        DoNotCallList().remove(p["x0"]),
    ),
    "is_custom_key": lambda p: is_custom_key(p["t1"]),
    "key_kind": lambda p: key_kind(p["x0"]),
    "is_read_only_system_field": lambda p: is_read_only_system_field(p["t0"]),
    # time
    "resolve_zone": lambda p: resolve_zone(p["z"], p["n0"], legacy_us=p["x0"]),
    "resolve_zone(name)": lambda p: resolve_zone(p["t1"]),
    "RecordZone": lambda p: RecordZone(p["t1"], p["t0"], p["x0"], p["n1"]),
    "RecordZone.from_dict": lambda p: RecordZone.from_dict(p["m"]),
    "RecordZone.local": lambda p: NEW_YORK.local(p["i0"]),
    "RecordZone.check_offset": lambda p: ZONES[1].check_offset(p["n0"], p["i1"]),
    "require_instant": lambda p: require_instant(p["i0"]),
    "parse_date_time": lambda p: parse_date_time(p["t0"]),
    "format_date_time": lambda p: format_date_time(p["i1"]),
    "parse_clock": lambda p: parse_clock(p["t1"], allow_dot=p["x0"]),
    "format_clock": lambda p: format_clock(p["x1"]),
    "clock_to_seconds": lambda p: clock_to_seconds(p["t0"], until=p["x1"]),
    "seconds_to_clock": lambda p: seconds_to_clock(p["n0"]),
    "parse_duration": lambda p: parse_duration(p["t0"]),
    "parse_reschedule_date": lambda p: parse_reschedule_date(p["t1"]),
    "format_reschedule_date": lambda p: format_reschedule_date(p["i0"]),
    "Reschedule": lambda p: Reschedule(p["i0"], p["z"]),
    "Reschedule.from_dict": lambda p: Reschedule.from_dict(p["m"]),
    "Reschedule.in_zone": lambda p: RESCHEDULE.in_zone(p["z"]),
    "callback_at": lambda p: callback_at(p["t0"], p["z"]),
    "callback_at(guards)": lambda p: callback_at(
        p["t1"],
        p["z"],
        gap=p["x0"],
        fold=p["x1"],
        now=p["i1"],
        horizon=p["d"],
        window=p["w"],
        rules=p["r"],
    ),
    "callback_in": lambda p: callback_in(p["i0"], p["d"], p["z"]),
    "callback_in(guards)": lambda p: callback_in(
        p["i0"], p["d"], p["z"], horizon=p["i1"], window=p["w"], rules=p["r"]
    ),
    "check_reschedule": lambda p: check_reschedule(
        RESCHEDULE, now=p["i0"], horizon=p["d"], window=p["w"], rules=p["r"]
    ),
    "check_reschedule(proposed)": lambda p: check_reschedule(p["x0"], now=p["i1"]),
    "CallingWindow": lambda p: CallingWindow(p["n0"], p["n1"]),
    "CallingWindow.from_dict": lambda p: CallingWindow.from_dict(p["m"]),
    "CallingHours": lambda p: CallingHours(p["t1"], p["s"], p["x0"], p["t0"], p["x1"], p["x1"]),
    "CallingHours.weekly": lambda p: CallingHours.weekly(p["t1"], p["m"], excluded_dates=p["s"]),
    "CallingHours.weekly(day)": lambda p: CallingHours.weekly("w", {_key(p["t1"]): p["x0"]}),
    "CallingHours.from_dict": lambda p: CallingHours.from_dict(p["m"]),
    "CallingHours.excluding": lambda p: RULE.excluding(p["s"]),
    "CallingHours.closed_day": lambda p: calling_hours_preset("australia").closed_day(p["i0"]),
    "calling_hours_preset": lambda p: calling_hours_preset(p["t0"]),
    "australian_national_holidays": lambda p: australian_national_holidays(p["n0"]),
    "check_seconds": lambda p: check_seconds(p["n1"], "from"),
    "check_callable": lambda p: check_callable(p["i0"], p["z"], p["w"], rules=p["r"]),
    "check_callable(reschedule)": lambda p: check_callable(p["x0"], None, WINDOW),
    "Decision.from_dict": lambda p: Decision.from_dict(p["m"]),
    "Reason": lambda p: Reason(p["t1"], p["x0"]),
    # wire
    "wwe.load_text": lambda p: wwe.load_text(p["t0"], lenient=p["x0"] is True),
    "read_lenient": lambda p: read_lenient(p["t0"]),
    "read_call": lambda p: read_call(p["t0"]),
    "wwe.read_envelope": lambda p: wwe.read_envelope(p["m"]),
    "wwe.read_call_results": lambda p: wwe.read_call_results(p["t0"], lenient=True),
    "wwe.read_call_result": lambda p: wwe.read_call_result(p["m"]),
    "wwe.read_chained_records": lambda p: wwe.read_chained_records(p["m"]),
    "wwe.read_chained_records(text)": lambda p: wwe.read_chained_records(p["t0"], lenient=True),
    "wwe.read_record_fields": lambda p: wwe.read_record_fields(p["m"]),
    "wwe.read_record_fields(text)": lambda p: wwe.read_record_fields(p["t0"]),
    "wwe.decode_record": lambda p: wwe.decode_record(p["m"]),
    "wwe.write_call_results": lambda p: wwe.write_call_results(p["s"]),
    "wwe.write_call_result": lambda p: wwe.write_call_result(p["n1"]),
    "UpdateRecordFieldsRequest.read": lambda p: wwe.UpdateRecordFieldsRequest.read(p["t0"]),
    "UpdateRecordFieldsRequest.read(m)": lambda p: wwe.UpdateRecordFieldsRequest.read(p["m"]),
    "ocs.decode": lambda p: ocs.decode(p["m"]),
    "ocs.decode(text)": lambda p: ocs.decode(p["t0"]),
    "ocs.request_for": lambda p: ocs.request_for(
        p["t0"], record_handle=p["n0"], campaign_name=p["t1"], application_id=p["n1"]
    ),
    "ocs.request_for(attributes)": lambda p: ocs.request_for(
        "mark_done",
        record_handle=7,
        campaign_name="c",
        application_id=1,
        **{_key(p["t1"]): p["x0"]},
    ),
    "simulation.check_day": lambda p: check_day(p["n0"], p["n1"], p["t1"], p["x0"], MODES),
    "webex.read_outbound_call_state_change": lambda p: webex.read_outbound_call_state_change(
        p["m"]
    ),
    # CallEvent.read, CallState.read and LcmKey.read: see test_webex_event_readers_take_text_only
    # replay
    "detect_format": lambda p: detect_format(p["m"]),
    "read_steps": lambda p: list(
        read_steps([p["t0"], p["t1"]], p["x0"] if isinstance(p["x0"], str) else "auto")
    ),
    "read_steps(m)": lambda p: list(read_steps(_json_lines(p["m"]), "simulate")),
}


def _judge(name: str, target: Target, pool: Pool) -> None:
    try:
        target(pool)
    except OutboundError as error:
        message = error.message
        assert type(message) is str, f"{name}: no message"
        assert message, f"{name}: an empty message"
        assert len(message) <= 2000, f"{name}: a message of {len(message)} characters"
    except Exception as error:
        note(f"{name} raised {type(error).__name__}: {shorten(str(error), 200)}")
        raise


@FUZZ
@given(pools)
def test_nothing_but_outbound_errors_escape(pool: Pool) -> None:
    for name, target in TARGETS.items():
        _judge(name, target, pool)


def test_every_prepared_value_reaches_every_target() -> None:
    # A cheap, exhaustive pass of every prepared value through every slot at once.
    for value in (*TEXTS, *CORPORA["s"]):
        pool = dict.fromkeys(SLOTS, value)
        for name, target in TARGETS.items():
            _judge(name, target, pool)


@pytest.mark.parametrize("read", [CallEvent.read, CallState.read, LcmKey.read])
def test_webex_event_readers_take_text_only(read: Callable[[object], object]) -> None:
    for value in (None, (), b"x", 5):
        with pytest.raises(OutboundError):
            read(value)


@pytest.mark.parametrize("calls", [5, [1], "x", None], ids=["int", "list", "text", "none"])
def test_webex_calls_take_a_mapping_only(calls: object) -> None:
    from outbound_core.replay import WebexCalls

    with pytest.raises(OutboundError):
        WebexCalls(calls)  # type: ignore[arg-type]
