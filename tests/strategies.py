"""Shared Hypothesis strategies for the domain's values."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from outbound_core.codes import (
    CallbackType,
    CallResult,
    ChainScope,
    DialingMode,
    PhoneType,
    RecordStatus,
    RecordType,
)
from outbound_core.privileges import Privilege
from outbound_core.records import Chain, Record
from outbound_core.records.fields import FieldSpec, FieldType, ValueType
from outbound_core.timing.calling_hours import CallingHours
from outbound_core.timing.window import CallingWindow
from outbound_core.timing.zones import resolve_zone

call_results = st.sampled_from(list(CallResult))
phone_types = st.sampled_from(list(PhoneType))
record_statuses = st.sampled_from(list(RecordStatus))
record_types = st.sampled_from(list(RecordType))
callback_types = st.sampled_from(list(CallbackType))
chain_scopes = st.sampled_from(list(ChainScope))
dialing_modes = st.sampled_from(list(DialingMode))
privileges = st.sampled_from(list(Privilege))
privilege_sets = st.frozensets(privileges)


def case_and_separator_variants(text: str) -> st.SearchStrategy[str]:
    """`text` with its letters in random case and its separators swapped for `_`, `-`, ` ` or nothing."""
    separators = st.sampled_from(["", " ", "_", "-"])

    @st.composite
    def variant(draw: st.DrawFn) -> str:
        out = []
        for ch in text:
            if ch.isalnum():
                out.append(ch.upper() if draw(st.booleans()) else ch.lower())
            else:
                out.append(draw(separators))
        return "".join(out)

    return variant()


#: Values of every shape that no catalog accepts, for "ugly input" properties.
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.complex_numbers(),
)


# Time zones, reschedules and calling windows.

#: Zones with the traps of reference §2.4: DST both hemispheres, half-hour and 45-minute
#: offsets, a 30-minute DST shift, no DST, the date line, Genesys names and fixed offsets.
TRICKY_ZONE_NAMES = (
    "America/New_York",
    "Europe/London",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Kiritimati",
    "Pacific/Apia",
    "America/Sao_Paulo",
    "ACT",
    "AET",
    "NST",
    "EST",
    "UTC",
)
record_zones = st.one_of(
    st.sampled_from(TRICKY_ZONE_NAMES).map(resolve_zone),
    st.integers(-12 * 60, 14 * 60).map(lambda minutes: resolve_zone(None, minutes * 60)),
)
#: Aware UTC instants between 2000 and 2040, to the microsecond.
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
#: Instants on whole minutes.
minute_instants = instants.map(lambda t: t.replace(second=0, microsecond=0))
elapsed = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400))
day_seconds = st.integers(0, 86399)
calling_windows = (
    st.tuples(day_seconds, day_seconds)
    .filter(lambda p: p[0] != p[1])
    .map(lambda p: CallingWindow(*p))
)


@st.composite
def weekly_rules(draw: st.DrawFn, near: datetime | None = None) -> CallingHours:
    """A user-defined rule: random hours or no calls per weekday, a few excluded dates."""
    days = []
    for _ in range(7):
        if draw(st.integers(0, 5)) == 0:
            days.append(None)
        else:
            a, b = sorted(draw(st.tuples(day_seconds, day_seconds)))
            days.append((a, b))
    if all(d is None for d in days):
        days[0] = (0, 86399)
    base = (near or datetime(2026, 1, 1, tzinfo=UTC)).date()
    excluded = draw(
        st.lists(st.integers(-1, 6).map(lambda n: base + timedelta(days=n)), max_size=2)
    )
    return CallingHours("generated", tuple(days), tuple(excluded))


# Records, chains and fields.

field_types = st.sampled_from(list(FieldType))
value_types = st.sampled_from(list(ValueType))
#: Valid clock texts and valid MM/DD/YYYY HH:MM texts.
clock_texts = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
date_texts = st.dates().flatmap(
    lambda d: st.builds(
        lambda h, m: f"{d.month:02d}/{d.day:02d}/{d.year:04d} {h:02d}:{m:02d}",
        st.integers(0, 23),
        st.integers(0, 59),
    )
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
field_names = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,15}", fullmatch=True)
custom_keys = st.from_regex(r"Custom_[A-Za-z0-9_]{1,10}", fullmatch=True)
_int32 = st.integers(0, 2**31 - 1)
_opt_text = st.none() | st.text(max_size=10)


@st.composite
def field_specs(draw: st.DrawFn, name: st.SearchStrategy[str] = field_names) -> FieldSpec:
    """Any valid field spec."""
    from outbound_core.records.fields import COMPATIBLE_VALUE_TYPES

    field_type = draw(field_types)
    value_type = draw(st.sampled_from(sorted(COMPATIBLE_VALUE_TYPES[field_type])))
    options: tuple[tuple[object, str], ...] = ()
    if field_type is FieldType.ENUM:
        keys = draw(
            st.lists(
                st.integers(-5, 50) if value_type == "number" else st.text(max_size=6),
                min_size=1,
                max_size=5,
                unique=True,
            )
        )
        options = tuple((key, f"label {key}") for key in keys)
    return FieldSpec(
        name=draw(name),
        field_type=field_type,
        value_type=value_type,
        display_name=draw(_opt_text),
        editable=draw(st.booleans()),
        mandatory=draw(st.booleans()),
        options=options,  # type: ignore[arg-type]
        value=draw(st.none() | st.text(max_size=8) | st.integers(-9, 9)),
        max_length=draw(st.none() | st.integers(1, 300)) if field_type == "var-char" else None,
    )


@st.composite
def records(draw: st.DrawFn, chain_id: int | None = None, handle: int | None = None) -> Record:
    """Any valid record; optional system fields are present or absent at random."""
    from outbound_core.codes import CallResult, PhoneType

    def maybe(strategy: st.SearchStrategy[object]) -> object:
        return draw(st.none() | strategy)

    return Record(
        record_handle=draw(_int32) if handle is None else handle,
        chain_id=draw(_int32) if chain_id is None else chain_id,
        phone=draw(st.from_regex(r"\+?[0-9]{3,12}", fullmatch=True)),
        phone_type=maybe(st.sampled_from(list(PhoneType))),  # type: ignore[arg-type]
        call_result=maybe(st.sampled_from(list(CallResult))),  # type: ignore[arg-type]
        attempts=maybe(st.integers(0, 50)),  # type: ignore[arg-type]
        calling_list=maybe(st.text(max_size=10)),  # type: ignore[arg-type]
        tz_name=maybe(st.sampled_from(["ACT", "PST", "GMT"])),  # type: ignore[arg-type]
        tz_offset=maybe(st.integers(-86399, 86399)),  # type: ignore[arg-type]
        daily_from=maybe(st.integers(0, 86399)),  # type: ignore[arg-type]
        daily_until=maybe(st.integers(0, 86399)),  # type: ignore[arg-type]
        reference_id=maybe(st.integers(-(2**31), 2**31 - 1)),  # type: ignore[arg-type]
        user_event=maybe(st.sampled_from(["PreviewRecord", "ChainedRecord"])),  # type: ignore[arg-type]
        interaction_type=maybe(st.text(max_size=5)),  # type: ignore[arg-type]
        custom=draw(st.dictionaries(custom_keys, json_scalars, max_size=4)),
        extra=draw(
            st.dictionaries(
                st.from_regex(r"IW_[A-Za-z]{1,8}", fullmatch=True),
                st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5),
                max_size=3,
            )
        ),
    )


@st.composite
def chains(draw: st.DrawFn) -> Chain:
    """A valid chain of 1 to 4 records with distinct handles."""
    chain_id = draw(_int32)
    handles = draw(st.lists(_int32, min_size=1, max_size=4, unique=True))
    members = [draw(records(chain_id=chain_id, handle=h)) for h in handles]
    return Chain(tuple(members))


# Pacing: call stories, the events they make, agents' days.

#: The start of every generated call log.
LOG_START = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
#: Seconds offsets that hit the abandon threshold (2 s) and its neighbours exactly.
_EDGY_SECONDS = st.sampled_from([0.0, 0.5, 1.0, 1.999999, 2.0, 2.000001, 3.0, 5.0])
call_seconds = st.one_of(_EDGY_SECONDS, st.floats(0.0, 40.0).map(lambda s: round(s, 6)))


@st.composite
def call_stories(draw: st.DrawFn, campaigns: tuple[str, ...] = ("A", "B")) -> dict[str, Any]:
    """One call as the facts behind its events: each kind of event at 0, 1 or 2 instants
    (a repeated event tests "the first one counts"), relative to the dial."""
    from outbound_core.pacing import DialResult

    placed = LOG_START + timedelta(
        seconds=draw(st.one_of(st.integers(0, 70 * 86400), st.sampled_from([0, 86400, 30 * 86400])))
    )
    result = draw(st.none() | st.sampled_from(list(DialResult)))
    answer = placed + timedelta(seconds=draw(st.floats(0.0, 30.0).map(lambda s: round(s, 3))))

    def times(base: datetime, most: int = 2) -> list[datetime]:
        return [base + timedelta(seconds=s) for s in draw(st.lists(call_seconds, max_size=most))]

    return {
        "campaign": draw(st.sampled_from(campaigns)),
        "phone": draw(
            st.sampled_from(["+44 20 7946 0001", "0044 20 7946 0001", "+1 555 0100", "555-0101"])
        ),
        "placed": draw(st.booleans()) or result is None,
        "placed_at": placed,
        "result": result,
        "answer_at": answer,
        "greeting_start": times(answer, 1),
        "greeting_end": times(answer, 1),
        "connected": times(answer),
        "customer_left": times(answer),
        "other_hang_up": times(answer, 1),
        "dropped": times(answer, 1),
        "message": times(answer, 1),
    }


def story_events(story: dict[str, Any], call_id: str) -> list[Any]:
    """The call events a story makes (in no particular order)."""
    from outbound_core.pacing import (
        AgentConnected,
        CallAbandoned,
        DialOutcome,
        DialPlaced,
        GreetingEnded,
        GreetingStarted,
        HangUp,
        MessagePlayed,
    )

    campaign = story["campaign"]
    events: list[Any] = []
    if story["placed"]:
        events.append(DialPlaced(story["placed_at"], campaign, call_id, story["phone"]))
    if story["result"] is not None:
        events.append(DialOutcome(story["answer_at"], campaign, call_id, story["result"]))
    for at in story["greeting_start"]:
        events.append(GreetingStarted(at, campaign, call_id))
    for at in story["greeting_end"]:
        events.append(GreetingEnded(at, campaign, call_id))
    for at in story["connected"]:
        events.append(AgentConnected(at, campaign, call_id, "agent-1"))
    for at in story["customer_left"]:
        events.append(HangUp(at, campaign, call_id, "customer"))
    for at in story["other_hang_up"]:
        events.append(HangUp(at, campaign, call_id, "agent"))
    for at in story["dropped"]:
        events.append(CallAbandoned(at, campaign, call_id))
    for at in story["message"]:
        events.append(MessagePlayed(at, campaign, call_id))
    return events


call_logs = st.lists(call_stories(), max_size=25)
# Calling-list records and treatment tables.

#: Zone names a calling-list row may carry (Genesys names and IANA keys with traps).
ROW_ZONE_NAMES = ("America/New_York", "Europe/London", "Australia/Adelaide", "Asia/Kolkata",
                  "Pacific/Chatham", "America/St_Johns", "ACT", "EST", "UTC")  # fmt: skip
#: Call results the generated tables and chains use, so that runs meet their treatments.
TREATED_RESULTS = ("BUSY", "NO_ANSWER", "ANSWERING_MACHINE", "ABANDONED", "WRONG_NUMBER",
                   "FAXDETECTED", "ANSWER", "SILENCE", "AGENT_CALLBACK_ERROR")  # fmt: skip


@st.composite
def calling_list_records(
    draw: st.DrawFn,
    chain_id: int | None = None,
    record_id: int | None = None,
    chain_n: int | None = None,
    live: bool = False,
) -> object:
    """A valid calling-list row; `live` keeps it Ready and General (a fresh record)."""
    from outbound_core.records import CallingListRecord

    window = draw(st.none() | st.tuples(day_seconds, day_seconds).filter(lambda p: p[0] != p[1]))
    status = (
        RecordStatus.READY
        if live
        else draw(st.sampled_from([RecordStatus.READY] * 6 + list(RecordStatus)))
    )
    kind = (
        RecordType.GENERAL
        if live
        else draw(st.sampled_from([RecordType.GENERAL] * 6 + list(RecordType)))
    )
    record = Record(
        record_handle=draw(_int32) if record_id is None else record_id,
        chain_id=draw(_int32) if chain_id is None else chain_id,
        phone=draw(st.from_regex(r"\+?[1-9][0-9]{5,11}", fullmatch=True)),
        attempts=draw(st.integers(0, 3)) if live else draw(st.integers(0, 12)),
        tz_name=draw(st.sampled_from(ROW_ZONE_NAMES)),
        daily_from=None if window is None else window[0],
        daily_until=None if window is None else window[1],
        custom=draw(st.dictionaries(custom_keys, st.text(max_size=6), max_size=2)),
    )
    scheduled = None if live else draw(st.none() | minute_instants)
    return CallingListRecord(
        record,
        status,
        kind,
        draw(st.integers(1, 9)) if chain_n is None else chain_n,
        scheduled,
        draw(st.none() | minute_instants),
    )


@st.composite
def calling_list_chains(
    draw: st.DrawFn, live: bool = False, max_size: int = 3
) -> tuple[object, ...]:
    """One chain of 1 to `max_size` rows with distinct ids and chain positions."""
    chain_id = draw(_int32)
    size = draw(st.integers(1, max_size))
    ids = draw(st.lists(_int32, min_size=size, max_size=size, unique=True))
    places = draw(st.permutations(range(1, size + 1)))
    return tuple(
        draw(calling_list_records(chain_id=chain_id, record_id=i, chain_n=n, live=live))
        for i, n in zip(ids, places, strict=True)
    )


@st.composite
def treatment_tables(draw: st.DrawFn) -> object:
    """A valid treatment table over `TREATED_RESULTS`: sequences of 1 to 3 steps, Next in
    Chain or a finalizing action only last, Apply-to-Call treatments where they may be."""
    from outbound_core.codes import CallResult
    from outbound_core.treatments import (
        CALL_TREATMENT_RESULTS,
        FINALIZING_ACTIONS,
        NEXT_IN_CHAIN_ACTIONS,
        CallAction,
        RecordAction,
        Treatment,
        TreatmentTable,
    )

    interval = st.builds(
        lambda d, h, m: timedelta(days=d, hours=h, minutes=m),
        st.integers(0, 2), st.integers(0, 23), st.integers(0, 59),
    )  # fmt: skip
    date = st.one_of(
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1)).map(
            lambda d: d.replace(second=0, microsecond=0)
        ),
        minute_instants,
    )
    treatments = []
    for name in draw(
        st.lists(st.sampled_from(TREATED_RESULTS), min_size=1, max_size=5, unique=True)
    ):
        result = CallResult[name]
        allowed = list(RecordAction)
        if result is CallResult.AGENT_CALLBACK_ERROR:
            allowed = [RecordAction.ASSIGN_TO_GROUP, RecordAction.MARK_AS_AGENT_ERROR,
                       RecordAction.REDIAL, RecordAction.RETRY_IN,
                       RecordAction.RETRY_AT_SPECIFIED_DATE]  # fmt: skip
        steps = draw(st.integers(1, 3))
        for number in range(1, steps + 1):
            choices = (
                allowed
                if number == steps
                else [
                    a
                    for a in allowed
                    if a not in NEXT_IN_CHAIN_ACTIONS and a not in FINALIZING_ACTIONS
                ]
            )
            action = draw(st.sampled_from(choices))
            params: dict[str, object] = {}
            if action in (RecordAction.REDIAL, RecordAction.NEXT_IN_CHAIN,
                          RecordAction.NEXT_IN_CHAIN_AFTER, RecordAction.RETRY_IN):  # fmt: skip
                params["interval"] = draw(interval)
                params["increment"] = draw(st.integers(0, 120))
            if action in (RecordAction.RETRY_AT_SPECIFIED_DATE,
                          RecordAction.NEXT_IN_CHAIN_AT_SPECIFIED_DATE):  # fmt: skip
                params["date"] = draw(date)
            if action in (RecordAction.REDIAL, *NEXT_IN_CHAIN_ACTIONS):
                params["cycle_attempt"] = draw(st.integers(1, 3))
            elif action is RecordAction.RETRY_IN:
                params["cycle_attempt"] = draw(st.none() | st.integers(1, 3))
            treatments.append(Treatment(result, action, number, **params))  # type: ignore[arg-type]
        if result in CALL_TREATMENT_RESULTS and draw(st.booleans()):
            action = draw(st.sampled_from(list(CallAction)))
            dn = draw(st.none() | st.just("7001")) if action is CallAction.CONNECT else None
            treatments.append(Treatment(result, action, destination_dn=dn))
    return TreatmentTable(tuple(draw(st.permutations(treatments))))


# Hostile input: what the fuzz suite (test_fuzz.py) feeds every parser and constructor.

#: An int Python will not write in decimal (more than 4300 digits).
HUGE_INT = 10**5000


def nested_list(depth: int = 10_000) -> list[object]:
    """A list nested `depth` deep, past the interpreter's stack."""
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    return value


def nested_dict(depth: int = 10_000) -> dict[str, object]:
    """A dict nested `depth` deep."""
    value: dict[str, object] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


DEEP_LIST = nested_list()
DEEP_DICT = nested_dict()


# Values whose repr fails are drawn through named functions, so that Hypothesis can still
# print a failing example (as `huge_int()`, `deep_list()`).
def huge_int() -> int:
    """`HUGE_INT`."""
    return HUGE_INT


def huge_negative_int() -> int:
    """`-HUGE_INT`."""
    return -HUGE_INT


def deep_list() -> list[object]:
    """`DEEP_LIST`."""
    return DEEP_LIST


def deep_dict() -> dict[str, object]:
    """`DEEP_DICT`."""
    return DEEP_DICT


unprintable = st.one_of(
    st.builds(huge_int), st.builds(huge_negative_int), st.builds(deep_list), st.builds(deep_dict)
)
_PLUS_14 = timezone(timedelta(hours=14))
_MINUS_12 = timezone(timedelta(hours=-12))
#: Instants and wall-clock times at the calendar's ends, in zones that push them over.
EDGE_DATETIMES = (
    datetime.min,
    datetime.max,
    datetime.min.replace(tzinfo=UTC),
    datetime.max.replace(tzinfo=UTC),
    datetime.min.replace(tzinfo=_PLUS_14),
    datetime.max.replace(tzinfo=_MINUS_12),
    datetime(1, 1, 3, tzinfo=UTC),
    datetime(9999, 12, 28, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=_PLUS_14),
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    datetime(2026, 6, 15, 13, 30, tzinfo=UTC),
)
#: Texts that sit on an edge of some parser: calendar ends, digit limits, surrogates, names.
EDGE_TEXTS = (
    "",
    " ",
    "\x00",
    "\ud800",
    "\udcff.jsonl",
    "9" * 4301,
    "9" * 4301 + "d",
    "PT" + "9" * 40 + "S",
    "-" + "9" * 30,
    "12/31/9999 23:59",
    "01/01/0001 00:00",
    "00/00/0000 00:00",
    "02/29/2023 10:00",
    "03/29/2026 01:30",
    "11/01/2026 01:30",
    "06/15/2026 10:30",
    "24:00",
    "10.15",
    "1h30m",
    "99999999d",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-12:00",
    "2026-06-15T14:30:00+01:00",
    "2026-06-15T14:30:00",
    "ACT",
    "PST",
    "EST",
    "JST",
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "../../etc/passwd",
    "NoAnswer",
    "Answered",
    "33",
    "+0033",
    "privilege.outbound.can-use",
    "can-reschedule",
    "BELL|7|0",
    "http://x/y.mp3|1|-1",
    "Preview",
    "PushPreview",
    "PERSONAL",
    "AllChain",
    "var-char",
    "enum",
    "number",
    "+1 (555) 010-9999",
    "us-federal",
    "au-national",
    "monday",
    "weekdays",
    "2026-02-30",
    "[",
    "{",
    '{"a": 1}',
    "[" * 3000,
    "NaN",
    "1e999",
)
_EDGE_INTS = (2**31 - 1, 2**31, -(2**31) - 1, 2**63, 86399, 86400, -1, 0, 1)
hostile_text = st.one_of(
    st.sampled_from(EDGE_TEXTS),
    st.text(max_size=12),
    st.text(st.characters(codec="utf-8"), max_size=12),
    st.text(st.sampled_from("0123456789/: .-+T_|,{}[]\"'\\"), max_size=24),
)
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(_EDGE_INTS),
    st.floats(),
    hostile_text,
    st.binary(max_size=6),
    st.sampled_from(EDGE_DATETIMES),
    st.datetimes(timezones=st.none() | st.just(UTC) | st.sampled_from([_PLUS_14, _MINUS_12])),
    st.timedeltas(),
    st.sampled_from((timedelta.max, timedelta.min, timedelta(days=999_999_999))),
    st.dates(),
    st.sampled_from((object(), float("nan"), complex(1, 1), ..., int)),
    unprintable,
)
#: Any value: scalars on every edge, and small containers of them (lists, tuples, dicts, sets).
hostile = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(hostile_text, st.integers()), inner, max_size=3),
        st.frozensets(st.one_of(st.integers(), hostile_text), max_size=3),
    ),
    max_leaves=6,
)
# Durable storage: text and values SQLite and JSON must carry unchanged.

#: Any text, lone surrogates and NUL included.
any_text = st.text(st.characters(exclude_categories=()), max_size=8)
#: A custom field name a record may hold (any text but the Genesys prefixes).
any_custom_keys = any_text.filter(
    lambda key: (
        key.startswith("GSW_CUSTOM_") or not key.startswith(("GSW_", "IW_", "WWE_", "Interaction"))
    )
)
#: Custom values of every kind a record holds: text, whole numbers beyond 64 bits, floats.
stored_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)


@st.composite
def stored_records(draw: st.DrawFn, handle: int, chain_id: int) -> Record:
    """A record with hostile custom field names and values, and unknown keys."""
    base = draw(records(chain_id=chain_id, handle=handle))
    window = draw(st.none() | st.tuples(day_seconds, day_seconds).filter(lambda p: p[0] != p[1]))
    return Record(
        **{
            **base.to_dict(),
            "phone_type": base.phone_type,
            "call_result": base.call_result,
            "phone": draw(any_text.filter(str.strip)),
            "tz_name": draw(st.sampled_from(ROW_ZONE_NAMES)),
            "tz_offset": None,
            "daily_from": None if window is None else window[0],
            "daily_until": None if window is None else window[1],
            "agent_id": draw(st.none() | any_text),
            "custom": draw(st.dictionaries(any_custom_keys, stored_scalars, max_size=4)),
            "key_order": draw(st.lists(st.sampled_from(["GSW_PHONE", "Custom_A"]), max_size=2)),
            "number_texts": draw(st.sampled_from([{}, {"GSW_ATTEMPTS": "01"}])),
        }
    )


@st.composite
def stored_lists(draw: st.DrawFn) -> list[Any]:
    """A calling list of 0 to 6 rows with distinct record ids: hostile records, any status,
    type and place, times in whole seconds."""
    from outbound_core.records import CallingListRecord

    ids = draw(st.lists(_int32, max_size=6, unique=True))
    whole = instants.map(lambda t: t.replace(microsecond=0))
    return [
        CallingListRecord(
            draw(stored_records(handle=record_id, chain_id=draw(st.integers(0, 3)))),
            draw(record_statuses),
            draw(record_types),
            draw(st.integers(0, 9)),
            draw(st.none() | whole),
            draw(st.none() | whole),
        )
        for record_id in ids
    ]


# ---- recorded traces (replay) ----------------------------------------------------------------

_TRACE_IDS = ("i-1", "i-2", "c-1", "c-2", "record 1", "agent a", "")
_TRACE_EVENTS = (
    "deliver", "call", "call_connected", "set_call_result", "call_ended", "mark_done", "offer",
    "accept", "reject", "reschedule", "set_do_not_call", "remove_do_not_call", "take_call",
    "login", "make_ready", "finish", "logout", "retrieve", "hand_over", "dial", "answer",
    "end_call", "submitted", "route", "load", "start_processing", "annotate", "",
)  # fmt: skip
_TRACE_STATES = (
    None, "requested", "previewing", "in_call", "after_call", "done", "offered", "ready",
    "retrieved", "dialing", "connected", "queued", "scheduled", "logged_out", "not_ready",
)  # fmt: skip


#: Short runs of steps that exercise what the simulate reader remembers between lines.
_TRACE_STORIES: tuple[tuple[dict[str, Any], ...], ...] = (
    (  # a Push Preview callback: offered (a creation marker) with schedule information
        {"mode": "PushPreview", "event": "accept", "interaction_id": "i-2"},
        {"mode": "PushPreview", "event": "offer", "state_before": None,
         "state_after": "offered", "args": {"callback": True}},
        {"mode": "PushPreview", "event": "accept"},
        {"mode": "PushPreview", "event": "cancel_reschedule"},
    ),
    (  # seed 002: the call's id names the interaction from the `call` step on
        {"mode": "Preview", "event": "deliver"},
        {"kind": "interaction", "mode": "Preview", "event": "call", "args": {"call_id": "c-2"}},
        {"mode": "Preview", "event": "call_connected", "interaction_id": "c-2"},
    ),
    (  # a web callback queued twice under one id: the second is `id#2`
        {"kind": "web-callback", "event": "submitted", "state_before": None,
         "state_after": "queued"},
        {"kind": "web-callback", "event": "route", "state_after": "routed"},
        {"kind": "web-callback", "event": "submitted", "state_before": None,
         "state_after": "queued"},
        {"kind": "web-callback", "event": "route"},
    ),
    (  # an annotation that moves nothing, and a delivered callback
        {"mode": "DirectPushPreview", "event": "direct-push-preview-started",
         "state_before": "pushed", "state_after": "pushed"},
        {"mode": "Preview", "event": "deliver", "args": {"callback": "yes"}},
        {"mode": "Preview", "event": "cancel_reschedule"},
    ),
)  # fmt: skip


@st.composite
def simulate_trace_lines(draw: st.DrawFn) -> list[str]:
    """Lines of the `simulate` trace format, legal or not, from a small vocabulary so that
    ids, aliases, creation markers, annotations, guards and kinds meet; in one trace of four,
    a line or two that the reader refuses (not JSON, not an object, a field of a wrong type,
    an unknown mode or lifecycle)."""
    lines: list[str] = []
    seq = 0
    for _ in range(draw(st.integers(0, 40))):
        if draw(st.integers(0, 12)) == 0:
            lines.append(draw(st.sampled_from(["", "\n", "  \n", "\t"])))
            continue
        seq += draw(st.sampled_from([1, 1, 1, 1, 0, -1, 2]))
        step: dict[str, Any] = {"seq": seq, "event": draw(st.sampled_from(_TRACE_EVENTS[:-1]))}
        kind = draw(
            st.sampled_from(
                [None, None, None, None, "interaction", "record", "agent", "chain", "call",
                 "web-callback", "server", "campaign", "bogus", 5]
            )
        )  # fmt: skip
        if kind is not None:
            step["kind"] = kind
        step["interaction_id"] = draw(st.sampled_from(_TRACE_IDS[:-1]))
        if draw(st.integers(0, 7)) == 0:
            step["lifecycle"] = draw(st.sampled_from(["voice-call", "preview", "web-callback"]))
        else:
            step["mode"] = draw(
                st.sampled_from(["Preview", "Preview", "PushPreview", "Progressive"])
            )
        extra = draw(st.integers(0, 4))
        if extra >= 1:
            step["state_before"] = draw(st.sampled_from(_TRACE_STATES))
            step["state_after"] = draw(st.sampled_from([*_TRACE_STATES, 7]))
        if extra >= 2:
            step["args"] = draw(
                st.sampled_from(
                    [None, {}, {"call_id": "c-1"}, {"call_id": "c-2"}, {"callback": True},
                     {"chain": 1}, {"chain": 2}, {"call_id": 5}, "x"]
                )
            )  # fmt: skip
        if extra >= 4:
            step["guards"] = draw(
                st.sampled_from([{"do_not_call_set": True}, {"schedule_set": False}, {}])
            )
        if kind in ("agent", "record") or draw(st.integers(0, 2)) == 0:
            step["agent_id"] = draw(st.sampled_from(["a", "b"]))
            step["record_handle"] = draw(st.sampled_from([1, 2]))
        if kind == "chain" and type(step.get("args")) is not dict:
            step["args"] = {"chain": draw(st.sampled_from([1, 2]))}
        elif kind == "chain":
            step["args"] = {**step["args"], "chain": draw(st.sampled_from([1, 2]))}
        order = draw(st.permutations(list(step)))
        text = json.dumps({key: step[key] for key in order})
        lines.append(text + draw(st.sampled_from(["", "\n", "\n", " \n", "\r\n"])))
    for _ in range(draw(st.integers(0, 2))):
        story = draw(st.sampled_from(_TRACE_STORIES))
        key = draw(st.sampled_from(_TRACE_IDS[:4]))
        start = draw(st.integers(0, len(lines)))
        told = [
            json.dumps({"seq": seq + n + 1, "interaction_id": key, **step})
            for n, step in enumerate(story)
        ]
        seq += len(story)
        lines[start:start] = told
    if lines and draw(st.integers(0, 3)) == 0:
        for _ in range(draw(st.integers(1, 2))):
            where = draw(st.integers(0, len(lines) - 1))
            lines[where] = draw(
                st.sampled_from(
                    ["{", "[1]", "7", ' {"seq": 1, "interaction_id": "i-1", "event": "call"}',
                     '{"seq": 1, "interaction_id": "i-1", "mode": "bogus", "event": "call"}',
                     '{"seq": 1, "interaction_id": "i-1", "lifecycle": 4, "event": "call"}',
                     '{"seq": "1", "interaction_id": "i-1", "mode": "Preview", "event": "call"}',
                     '{"seq": 1, "interaction_id": "", "mode": "Preview", "event": "call"}',
                     '{"seq": 1, "interaction_id": 3, "mode": "Preview", "event": "call"}',
                     '{"seq": 1, "interaction_id": "i-1", "mode": "Preview", "event": ""}',
                     '{"seq": 1, "kind": "record", "record_handle": "1", "event": "retrieve"}',
                     '{"seq": 1, "kind": "agent", "agent_id": "", "event": "login"}',
                     '{"seq": 1, "kind": "chain", "args": {}, "event": "load"}',
                     '{"seq": 1, "interaction_id": "i-1", "mode": "Preview", "event": "call",'
                     ' "guards": {"x": 1}}']
                )
            )  # fmt: skip
    return lines


_OCS_MESSAGES = (
    {"GSW_AGENT_REQ_TYPE": "PreviewRecordRequest", "GSW_CAMPAIGN_NAME": "C"},
    {"GSW_USER_EVENT": "PreviewRecord"},
    {"GSW_AGENT_REQ_TYPE": "UpdateCallCompletionStats", "GSW_CALL_RESULT": 33},
    {"GSW_USER_EVENT": "UpdateCallCompletionStatsAcknowledge"},
    {"GSW_AGENT_REQ_TYPE": "RecordProcessed"},
    {"GSW_USER_EVENT": "RecordProcessedAcknowledge"},
    {"GSW_AGENT_REQ_TYPE": "DoNotCall"},
    {"GSW_USER_EVENT": "DoNotCallAcknowledge"},
    {"GSW_USER_EVENT": "RecordCancel"},
    {"GSW_USER_EVENT": "CampaignStarted", "GSW_CAMPAIGN_NAME": "C"},
    {"GSW_USER_EVENT": "Error", "GSW_ERROR": "no"},
)


@st.composite
def ocs_trace_lines(draw: st.DrawFn) -> list[str]:
    """Lines of the `ocs` trace format: desktop-protocol messages whose reference ids and
    record handles meet, now and then a line no reader takes."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        if draw(st.integers(0, 60)) == 0:
            lines.append(draw(st.sampled_from(["", "{", "[]", '{"GSW_USER_EVENT": 5}'])))
            continue
        message = dict(draw(st.sampled_from(_OCS_MESSAGES)))
        if draw(st.integers(0, 4)):
            message["GSW_REFERENCE_ID"] = draw(st.integers(1, 4))
        if draw(st.booleans()):
            message["GSW_RECORD_HANDLE"] = draw(st.integers(10, 12))
        lines.append(json.dumps(message))
    return lines


_WEBEX_FIXTURES = Path(__file__).parent / "fixtures" / "webex"
_WEBEX_NAMES = (
    "AgentContactReserved", "AgentOfferContact", "AgentContactAssigned", "ContactEnded",
    "AgentWrapup", "AgentWrappedUp", "AgentContactHeld", "AgentContactUnheld",
    "AgentOfferCampaignReservation", "CampaignContactUpdated", "CampaignPreviewSkipFailed",
    "AgentOutboundFailed",
)  # fmt: skip


@st.composite
def webex_trace_lines(draw: st.DrawFn) -> list[str]:
    """Lines of the `webex` trace format: native task notifications (the SDK's payloads)
    whose interaction ids, reservations, times and tracking ids meet."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        if draw(st.integers(0, 80)) == 0:
            lines.append(draw(st.sampled_from(["", "{", '{"data": 1}'])))
            continue
        name = draw(st.sampled_from(_WEBEX_NAMES))
        raw = json.loads((_WEBEX_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        data = raw["data"]
        data["eventTime"] = 1733211616959 + 1000 * draw(st.integers(0, 8))
        data["trackingId"] = f"tracking-{draw(st.integers(0, 8))}"
        data["interactionId"] = draw(st.sampled_from(["call-1", "call-2", "res-1"]))
        if type(data.get("interaction")) is dict:
            data["interaction"]["interactionId"] = data["interactionId"]
        if draw(st.booleans()):
            data["reservationInteractionId"] = draw(st.sampled_from(["res-1", "res-2"]))
        lines.append(json.dumps(raw))
    return lines
