"""Do-Not-Call numbers are compared normalized: formatting never lets a listed number through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound_core.errors import InvalidValue
from outbound_core.records import phone_numbers
from outbound_core.records.dnc import DoNotCallList
from outbound_core.records.phone_numbers import FORMATTING_CHARACTERS, normalize_phone, same_phone

digits = st.text("0123456789", min_size=1, max_size=15).filter(lambda d: not d.startswith("00"))
separators = st.text("".join(sorted(FORMATTING_CHARACTERS)), max_size=3)


@st.composite
def written(draw: st.DrawFn, number: str, international: bool) -> str:
    """`number` written as a person might: separators anywhere, `+` or `00` in front."""
    parts = [draw(separators)]
    if international:
        parts.append(draw(st.sampled_from(["+", "00", "+ ", "00 "])))
    for char in number:
        parts.append(char)
        parts.append(draw(separators))
    return "".join(parts)


@given(st.data(), digits, st.booleans())
def test_any_formatting_of_a_listed_number_is_blocked(
    data: st.DataObject, number: str, plus: bool
) -> None:
    dnc = DoNotCallList()
    dnc.add(("+" if plus else "") + number)
    other = data.draw(written(number, plus))
    assert dnc.blocks(other)
    assert other in dnc
    assert normalize_phone(other) == ("+" if plus else "") + number


@given(digits, st.booleans())
def test_normalizing_is_idempotent(number: str, plus: bool) -> None:
    once = normalize_phone(("00" if plus else "") + number)
    assert normalize_phone(once) == once


@given(digits, digits)
def test_different_numbers_stay_different(first: str, second: str) -> None:
    assert same_phone(first, second) == (first == second)


def test_examples_and_the_national_form_is_not_guessed() -> None:
    assert normalize_phone("+33 6 47-00.5") == normalize_phone("0033 (6) 47005") == "+33647005"
    assert not same_phone("0647005", "+33647005")
    dnc = DoNotCallList()
    dnc.add_chain(3, ["+1 (555) 010-9999"])
    assert dnc.blocks("anything", chain_id=3)
    assert dnc.blocks("0015550109999")
    assert dnc.remove("+1.555.010.9999")
    assert not dnc.blocks("+15550109999")


@pytest.mark.parametrize("text", ["", "  ", "+", "12a4", "12+34", "++12", "*67 555", "12#"])
def test_text_that_is_no_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        normalize_phone(text)
    assert not DoNotCallList().blocks(text)


def test_a_non_string_is_wrong_type() -> None:
    with pytest.raises(InvalidValue) as caught:
        normalize_phone(33647005)  # type: ignore[arg-type]
    assert caught.value.code == "wrong-type"


@given(st.text(st.sampled_from("0123456789 +-()./x"), max_size=90))
def test_a_remembered_number_is_the_number_read_again(text: str) -> None:
    try:
        first = normalize_phone(text)
    except InvalidValue:
        for _ in range(2):  # a refusal is not remembered
            with pytest.raises(InvalidValue):
                normalize_phone(text)
        return
    assert normalize_phone(text) == first == phone_numbers._normalized(text)
    assert normalize_phone("".join(["+1 ", "2" * 100])) == "+1" + "2" * 100
