"""Shared Hypothesis strategies for the domain's values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from outbound_core.calling_hours import CallingHours
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
from outbound_core.window import CallingWindow
from outbound_core.zones import resolve_zone

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
