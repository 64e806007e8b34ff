"""The simulation's calling list: grown to any size, the shipped customers' mix kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from outbound_core.records import PhoneTemplate
from outbound_core.simulation.calling_list import calling_list, shipped_list


def renumbered(phone: str, round_: int) -> str:
    """The reading of a new number: the last (up to six) digits replaced by the round."""
    digits = [i for i, char in enumerate(phone) if char.isdigit()]
    tail = str(round_).zfill(6)[-6:]
    chars = list(phone)
    for position, digit in zip(digits[-len(tail) :], tail, strict=False):
        chars[position] = digit
    return "".join(chars)


@given(
    st.text(st.sampled_from("0123456789 +-(){}x#é"), min_size=1, max_size=24),
    st.integers(0, 10**7),
)
def test_a_template_renumbers_as_the_reading_says(phone: str, round_: int) -> None:
    tail = str(round_).zfill(6)[-6:]
    assert PhoneTemplate.of(phone).renumbered(tail) == renumbered(phone, round_)


def test_a_grown_list_repeats_the_customers_with_new_handles_chains_and_numbers() -> None:
    data = shipped_list()
    customers = data["customers"]
    per_round = sum(len(customer["records"]) for customer in customers)
    chains = list(calling_list(per_round * 2 + 1, data, campaign="C"))
    records = [record for chain in chains for record in chain]
    assert len(records) == per_round * 2 + 1
    assert [r.record_handle for r in records] == list(range(1, len(records) + 1))
    first, second = records[:per_round], records[per_round : 2 * per_round]
    for one, again in zip(first, second, strict=True):
        assert again.chain_id == one.chain_id + len(customers)
        assert again.phone == renumbered(one.phone, 1)
        assert (again.phone_type, again.tz_name, again.custom) == (
            one.phone_type,
            one.tz_name,
            one.custom,
        )
        assert again.campaign_name == "C"
    assert {r.phone for r in first}.isdisjoint(r.phone for r in second)
    shipped = [entry["phone"] for customer in customers for entry in customer["records"]]
    assert [r.phone for r in first] == shipped
