"""The error hierarchy: stable codes, built-in bases, plain data, pickling, the docs table."""

from __future__ import annotations

import json
import math
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from tests.strategies import DEEP_DICT, DEEP_LIST, HUGE_INT, hostile

from outbound_core import errors
from outbound_core.errors import (
    ERROR_CODE_MEANINGS,
    AmbiguousLocalTime,
    ErrorCode,
    FieldValidationError,
    InvalidValue,
    NonexistentLocalTime,
    NotFound,
    OutboundError,
    PrivilegeMissing,
    ScheduleError,
    StorageError,
    TransitionNotAllowed,
    WireFormatError,
    close_matches,
    require_whole,
    shorten,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"

ALL_ERRORS = [
    OutboundError,
    InvalidValue,
    TransitionNotAllowed,
    PrivilegeMissing,
    FieldValidationError,
    NotFound,
    ScheduleError,
    NonexistentLocalTime,
    AmbiguousLocalTime,
    WireFormatError,
    StorageError,
]


def test_every_code_has_a_meaning_and_is_kebab_case() -> None:
    assert set(ERROR_CODE_MEANINGS) == set(ErrorCode)
    for code in ErrorCode:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code.value)
        assert ERROR_CODE_MEANINGS[code].endswith(".")


def test_the_docs_table_lists_every_code_with_its_meaning() -> None:
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"\| `([a-z-]+)` \| (.+) \|", line)
        if found:
            rows[found.group(1)] = found.group(2)
    assert rows == {code.value: meaning for code, meaning in ERROR_CODE_MEANINGS.items()}


@pytest.mark.parametrize("cls", ALL_ERRORS)
def test_errors_pickle_and_keep_their_data(cls: type[OutboundError]) -> None:
    error = cls("the message", value=[1, 2], field="GSW_PHONE")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert again.to_dict() == error.to_dict()
    assert again.code == cls.default_code
    assert str(again) == "the message"


def test_error_as_plain_data() -> None:
    error = NotFound("record 7 is not in chain 3", handle=7, chain_id=3)
    assert error.to_dict() == {
        "error": "NotFound",
        "code": "not-found",
        "message": "record 7 is not in chain 3",
        "details": {"handle": 7, "chain_id": 3},
    }
    assert repr(error) == "NotFound('record 7 is not in chain 3', code='not-found')"


def test_errors_subclass_the_matching_builtin() -> None:
    assert issubclass(InvalidValue, ValueError)
    assert issubclass(FieldValidationError, ValueError)
    assert issubclass(WireFormatError, ValueError)
    assert issubclass(NonexistentLocalTime, ScheduleError)
    assert issubclass(AmbiguousLocalTime, ValueError)
    assert issubclass(NotFound, LookupError)
    assert issubclass(PrivilegeMissing, PermissionError)
    assert issubclass(StorageError, OSError)
    for cls in ALL_ERRORS:
        assert issubclass(cls, OutboundError)


def test_a_code_must_be_registered() -> None:
    with pytest.raises(ValueError, match="not-a-code"):
        OutboundError("x", code="not-a-code")
    assert OutboundError("x", code="not-found").code == "not-found"


def test_every_error_class_is_exported() -> None:
    exported = [getattr(errors, name) for name in errors.__all__]
    assert all(cls in exported for cls in ALL_ERRORS)


def test_shorten_and_close_matches() -> None:
    assert shorten("abc") == "'abc'"
    long = shorten("x" * 1000)
    assert len(long) == 60
    assert long.endswith("...")
    assert close_matches("busi", ["Busy", "NoAnswer"]) == ("Busy",)
    assert close_matches("zzzz", ["Busy"]) == ()
    assert close_matches("q" * 100_000, ["Busy"]) == ()


@given(hostile, hostile)
def test_any_detail_pickles_and_writes_as_json(value: object, other: object) -> None:
    error = InvalidValue("m", value=value, more={"nested": [value, other]}, pair=(value, other))
    again = pickle.loads(pickle.dumps(error))
    assert json.dumps(again.to_dict()) == json.dumps(error.to_dict())  # NaN != NaN, "NaN" does
    detail = error.details["value"]
    assert detail == shorten(value) or _kept(detail, value) or _is_nan(detail)


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _kept(detail: object, value: object) -> bool:
    """Whether `detail` is `value` kept as plain data: equal, or a container whose too-deep
    or too-big parts became their short repr."""
    if isinstance(value, list | tuple | dict):
        return type(detail) is type(value) and len(detail) == len(value)  # type: ignore[arg-type]
    return bool(detail == value)


@pytest.mark.parametrize(
    "value",
    [HUGE_INT, DEEP_LIST, DEEP_DICT, [HUGE_INT], {HUGE_INT: 1}, {1, 2}, b"x", object()],
    ids=["huge", "deep-list", "deep-dict", "list-of-huge", "huge-key", "set", "bytes", "object"],
)
def test_details_that_are_not_plain_data_are_kept_as_their_short_repr(value: object) -> None:
    error = InvalidValue("m", value=value)
    json.dumps(error.to_dict())
    pickle.loads(pickle.dumps(error))
    assert len(json.dumps(error.details)) < 200


@pytest.mark.parametrize(
    ("value", "low", "high", "code", "said"),
    [
        (True, 0, None, "wrong-type", "n is a whole number, not bool"),
        ("3", 0, None, "wrong-type", "n is a whole number, not str"),
        (None, 0, 5, "wrong-type", "n is a whole number, not NoneType"),
        (2.0, 0, 5, "wrong-type", "n is a whole number, not float"),
        (-1, 0, None, "invalid-value", "n -1 is below 0"),
        (6, 0, 5, "invalid-value", "n 6 is outside 0 to 5"),
    ],
)
def test_require_whole_refuses_what_is_not_a_count_in_range(
    value: object, low: int, high: int | None, code: str, said: str
) -> None:
    with pytest.raises(InvalidValue) as raised:
        require_whole("n", value, low, high)
    assert (raised.value.code, raised.value.message, raised.value.details["field"]) == (
        code,
        said,
        "n",
    )
    assert require_whole("n", low, low, high) == low
    assert require_whole("n", 10**30, 0) == 10**30
