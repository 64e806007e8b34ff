"""Strict JSON, as every wire reader reads it: no NaN, no infinities, UTF-8 bytes.

`load_json` reads with errors a person can act on (line and column); `parse_json` is the hot
paths' reader: one decoder, built once, with the same answers (it falls back to `load_json`
only to explain a failure).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any, Final

from outbound_core.errors import WireFormatError, shorten

__all__ = ["load_json", "parse_json"]


def _parse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:40]} is too large for a float")
    return number


#: One decoder for every message (`json.loads` with hooks builds a new one on each call).
_DECODER: Final = json.JSONDecoder(parse_constant=_parse_constant, parse_float=_parse_float)


def load_json(source: str | bytes | bytearray) -> Any:
    """Strict JSON text (str, or UTF-8 bytes) as plain data.

    Raises:
        WireFormatError: with `line` and `column` of the problem (NaN, Infinity, numbers too
            large or too long, nesting too deep and bad UTF-8 included).
    """
    if not isinstance(source, str | bytes | bytearray):
        raise WireFormatError(
            f"wire text is str or bytes, not {type(source).__name__}", value=shorten(source)
        )
    try:
        return json.loads(source, parse_constant=_parse_constant, parse_float=_parse_float)
    except json.JSONDecodeError as error:
        raise WireFormatError(
            f"line {error.lineno}, column {error.colno}: {error.msg}",
            line=error.lineno,
            column=error.colno,
            offset=error.pos,
        ) from None
    except (ValueError, RecursionError) as error:
        # Over-long integers, non-finite numbers, bad UTF-8, nesting deeper than the stack.
        reason = "nesting too deep" if isinstance(error, RecursionError) else str(error)
        raise WireFormatError(f"the text cannot be read as JSON: {shorten(reason, 120)}") from None


def parse_json(source: str | bytes | bytearray) -> Any:
    """Strict JSON, as `load_json` reads it, by the fastest path.

    Raises:
        WireFormatError: on any failure, from `load_json`, with line and column.
    """
    try:
        text = source if isinstance(source, str) else bytes(source).decode("utf-8")
        # The decoder's scanner reads the value; `decode` wraps it in two whitespace scans
        # that cost more than the scan itself on a short line. A value alone on its line is
        # what `decode` returns too; anything else (more whitespace, more text) takes its path.
        value, end = _SCAN(text, 0)
        size = len(text)
        if end == size or (end == size - 1 and text[end] == "\n"):
            return value
        return _DECODER.decode(text)
    except (ValueError, RecursionError, TypeError, StopIteration):
        return load_json(source)


#: The decoder's scanner: `(text, index) -> (value, end)` (set on every decoder, but not
#: declared in the typing stubs).
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = _DECODER.scan_once  # type: ignore[attr-defined]
