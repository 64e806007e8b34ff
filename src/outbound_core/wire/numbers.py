"""Whole numbers on Genesys wires: a JSON int, or its decimal text, read the same everywhere.

Genesys key-value data carries numbers both ways: the Workspace API's pairs say `"type": "int"`
and the agent API simulator still sends `GSW_APPLICATION_ID: '1'` next to `GSW_CHAIN_ID: 1`. The
desktop protocol's messages (`wire.ocs`) and the Service Client's records (`wire.wwe`) read a
number with this one function: an `int` (never a `bool`), or ASCII decimal text of at most 11
digits with an optional sign, nothing around it. Anything else (`1.0`, `" 1"`, `"1e3"`, `"١"`)
is not a whole number. Ranges are the caller's.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["DECIMAL_TEXT", "whole_number"]

#: The decimal text of a whole number: an optional sign and 1 to 11 ASCII digits.
DECIMAL_TEXT: Final = re.compile(r"[+-]?[0-9]{1,11}")


def whole_number(value: object) -> int | None:
    """The whole number `value` is (an int, or its decimal text), else None."""
    if type(value) is int:
        return value
    if type(value) is str and DECIMAL_TEXT.fullmatch(value):
        return int(value)
    return None
