"""Strict JSON as the wire readers read it: `parse_json`'s fast path answers as `load_json`."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from outbound_core.errors import WireFormatError
from outbound_core.wire.json_text import load_json, parse_json

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)
whitespace = st.text(alphabet=" \t\n\r\x0b\xa0", max_size=3)


def answer(read: Any, text: str) -> tuple[str, Any]:
    try:
        return ("value", read(text))
    except WireFormatError as error:
        return ("error", error.message)


@given(whitespace, values, whitespace, st.sampled_from(["", "x", "]", "{}", ",1"]))
def test_parse_json_answers_as_load_json(before: str, value: Any, after: str, tail: str) -> None:
    text = before + json.dumps(value) + after + tail
    assert answer(parse_json, text) == answer(load_json, text)
    assert answer(parse_json, text.encode()) == answer(load_json, text)


@given(st.text(max_size=20))
def test_any_text_is_read_or_refused_as_load_json_does(text: str) -> None:
    assert answer(parse_json, text) == answer(load_json, text)


def test_a_line_with_its_newline_is_its_value() -> None:
    assert parse_json('{"a": [1, 2.5]}\n') == {"a": [1, 2.5]}
    assert parse_json("7\r\n") == 7
    assert answer(parse_json, "NaN\n")[0] == "error"
    assert answer(parse_json, "1e999\n")[0] == "error"
