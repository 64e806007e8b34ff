"""A grown calling list: the rules of growing, its parts, and its records made on demand."""

from __future__ import annotations

import pickle
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.errors import InvalidValue
from outbound_core.records import Chain, GrownList, Record
from outbound_core.records.grown_list import MAX_GROWN_RECORDS
from outbound_core.records.keys import INT_ATTRIBUTES
from outbound_core.simulation.calling_list import pattern_chains

PATTERNS = pattern_chains()
PER_ROUND = sum(len(chain) for chain in PATTERNS)
_OWN = ("record_handle", "chain_id", "phone")


def _others(record: Record) -> dict[str, Any]:
    values = record.to_dict()
    for name in _OWN:
        values.pop(name, None)
    return values


def _chains(records: int, parts: int) -> st.SearchStrategy[tuple[int, int, int]]:
    return st.tuples(st.just(records), st.integers(0, parts - 1), st.just(parts))


sizes = st.integers(0, 3 * PER_ROUND + 7).flatmap(
    lambda n: st.integers(1, 6).flatmap(lambda parts: _chains(n, parts))
)


@given(sizes)
def test_a_part_holds_every_parts_th_chain_of_the_whole_list(size: tuple[int, int, int]) -> None:
    records, part, parts = size
    whole = list(GrownList(PATTERNS, records))
    grown = GrownList(PATTERNS, records, part=part, parts=parts)
    mine = whole[part::parts]
    assert list(grown) == mine
    made = [record for chain in mine for record in chain]
    assert len(grown) == len(made)
    assert grown.chain_count() == len(mine)
    assert list(grown.chain_lengths()) == [len(chain) for chain in mine]
    assert list(grown.handles()) == [record.record_handle for record in made]
    assert grown.last_handle() == max((r.record_handle for r in made), default=0)
    assert [grown.record(i) for i in range(len(grown))] == made
    assert grown.pattern_counts() == Counter(grown.pattern_of(i) for i in range(len(grown)))
    for index, record in enumerate(made):
        assert _others(grown.patterns[grown.pattern_of(index)]) == _others(record)


@given(st.integers(1, 3 * PER_ROUND + 7))
def test_the_whole_list_counts_handles_from_one_and_keeps_chain_ids_apart(records: int) -> None:
    chains = list(GrownList(PATTERNS, records))
    handles = [record.record_handle for chain in chains for record in chain]
    assert handles == list(range(1, records + 1))
    assert len({chain.chain_id for chain in chains}) == len(chains)
    # Round 0 is the patterns themselves.
    assert chains[0].records == PATTERNS[0].records[: len(chains[0])]
    assert GrownList(PATTERNS, records).chains_in_list() == len(chains)


def test_a_list_of_all_the_patterns_once_by_default() -> None:
    assert list(GrownList(PATTERNS)) == PATTERNS
    assert list(GrownList(PATTERNS, 0)) == []
    assert len(GrownList(PATTERNS, 0, part=2, parts=3)) == 0


def test_a_grown_list_pickles_to_the_same_list() -> None:
    grown = GrownList(PATTERNS, 1000, part=1, parts=3)
    again = pickle.loads(pickle.dumps(grown))
    assert again == grown
    assert list(again) == list(grown)
    for other in (
        GrownList(PATTERNS, 1001, part=1, parts=3),
        GrownList(PATTERNS, 1000, part=2, parts=3),
        GrownList(PATTERNS, 1000, part=1, parts=4),
        GrownList(PATTERNS[1:], 1000, part=1, parts=3),
        GrownList(PATTERNS[::-1], 1000, part=1, parts=3),
    ):
        assert other != grown
    assert grown != list(grown)


def test_chain_ids_move_on_by_the_patterns_width_each_round() -> None:
    record = Record(record_handle=1, chain_id=7, phone="+1 212 555 0100")
    other = Record(record_handle=2, chain_id=3, phone="+1 212 555 0101")
    chains = list(GrownList([Chain([record]), Chain([other])], 6))
    assert [chain.chain_id for chain in chains] == [7, 3, 12, 8, 17, 13]
    assert [chain.records[0].phone for chain in chains[2:4]] == [
        "+1 212 500 0001",
        "+1 212 500 0001",
    ]


@given(st.lists(st.integers(0, 50), min_size=1, max_size=5, unique=True), st.integers(0, 40))
def test_no_two_chains_share_a_chain_id_whatever_the_pattern_ids(
    ids: list[int], records: int
) -> None:
    patterns = [
        Chain([Record(record_handle=n + 1, chain_id=chain_id, phone=f"+1 555 01{n:02d}")])
        for n, chain_id in enumerate(ids)
    ]
    chains = list(GrownList(patterns, records))
    assert len({chain.chain_id for chain in chains}) == len(chains) == records


@pytest.mark.parametrize(
    ("args", "kwargs", "code"),
    [
        (("not chains",), {}, "wrong-type"),
        ((None,), {}, "wrong-type"),
        (([],), {}, "invalid-value"),
        (([[Record(record_handle=1, chain_id=1, phone="1")]],), {}, "wrong-type"),
        ((PATTERNS, -1), {}, "invalid-value"),
        ((PATTERNS, True), {}, "wrong-type"),
        ((PATTERNS, "10"), {}, "wrong-type"),
        ((PATTERNS, 1.5), {}, "wrong-type"),
        ((PATTERNS, 10), {"part": 3, "parts": 3}, "invalid-value"),
        ((PATTERNS, 10), {"part": 0, "parts": 0}, "invalid-value"),
        ((PATTERNS, 10), {"part": -1, "parts": 2}, "invalid-value"),
        ((PATTERNS, 10), {"part": None}, "wrong-type"),
        ((PATTERNS, MAX_GROWN_RECORDS + 1), {}, "invalid-value"),
        ((PATTERNS, 10**4000), {}, "invalid-value"),
        (([PATTERNS[0], PATTERNS[0]], 10), {}, "invalid-value"),
    ],
)
def test_a_list_that_cannot_grow_is_refused(
    args: tuple[Any, ...], kwargs: dict[str, Any], code: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        GrownList(*args, **kwargs)
    assert raised.value.code == code


def test_the_largest_chain_id_is_checked_before_any_record_is_made() -> None:
    top = INT_ATTRIBUTES["chain_id"][1]
    record = Record(record_handle=1, chain_id=top, phone="+1 212 555 0100")
    assert len(GrownList([Chain([record])], 1)) == 1
    with pytest.raises(InvalidValue):
        GrownList([Chain([record])], 2)
    low = Record(record_handle=2, chain_id=0, phone="+1 212 555 0101")
    both = [Chain([low]), Chain([record])]
    assert len(GrownList(both, 2)) == 2
    with pytest.raises(InvalidValue):
        GrownList(both, 3)  # round 1 starts at chain id top + 1


@pytest.mark.parametrize("index", [-1, 10, True, "0", None, 2**70])
def test_a_record_it_does_not_have_is_not_found(index: Any) -> None:
    grown = GrownList(PATTERNS, 20, part=1, parts=2)
    with pytest.raises(InvalidValue) as raised:
        grown.record(index)
    assert raised.value.code == "not-found"
