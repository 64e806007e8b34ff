"""Strict JSON for the hot paths: one decoder, built once, reading as `wwe.load_text` does."""

from __future__ import annotations

import json
import math
from typing import Any, Final

from outbound_core.wire.wwe import load_text

__all__ = ["parse_json"]


def _parse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:40]} is too large for a float")
    return number


#: One decoder for every message (`json.loads` with hooks builds a new one on each call).
_DECODER: Final = json.JSONDecoder(parse_constant=_parse_constant, parse_float=_parse_float)


def parse_json(source: str | bytes | bytearray) -> Any:
    """Strict JSON, as `wwe.load_text` reads it (no NaN, no infinities, UTF-8 bytes).

    Raises:
        WireFormatError: on any failure, from `load_text`, with line and column.
    """
    try:
        text = source if isinstance(source, str) else bytes(source).decode("utf-8")
        return _DECODER.decode(text)
    except (ValueError, RecursionError):
        return load_text(source)
