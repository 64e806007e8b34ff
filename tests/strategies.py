"""Shared Hypothesis strategies for the domain's values."""

from __future__ import annotations

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
