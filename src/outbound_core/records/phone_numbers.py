"""Phone numbers compared as the Do-Not-Call list compares them: in a normalized form.

Peer systems lose Do-Not-Call matches to formatting (`reference/peer-systems.md` §3, pain point
15: E.164 against 11-digit forms). `normalize_phone` removes every formatting character a
calling list or an agent may write (spaces, dashes, dots, slashes, parentheses) and reads the
international prefixes `+` and `00` as one, so `+33 6 47-00.5`, `0033 (6) 47005` and
`+33647005` are one number. Without a country code nothing is guessed: `0647005` and
`+33647005` stay different numbers (a national number says nothing of its country).
"""

from __future__ import annotations

import functools
from typing import Final

from outbound_core.errors import ErrorCode, InvalidValue, shorten

__all__ = ["FORMATTING_CHARACTERS", "normalize_phone", "same_phone"]

#: The characters a phone number may carry for readability; they never change the number.
FORMATTING_CHARACTERS: Final = frozenset(" \t\u00a0-.()/[]")


def normalize_phone(phone: str) -> str:
    """The number in its compared form: digits only, `+` first for an international number.

    A leading `+` or `00` (after formatting is removed) marks an international number; both
    become `+`. Every formatting character is dropped wherever it stands.

    Raises:
        InvalidValue: `wrong-type` for a non-string; `invalid-value` for text with a character
            that is neither a digit nor formatting (letters, `*`, `#`, a `+` not in front) or
            with no digit at all.
    """
    if not isinstance(phone, str):
        raise InvalidValue(
            f"a phone number is a string, not {shorten(phone)}",
            code=ErrorCode.WRONG_TYPE,
            value=shorten(phone),
        )
    text = str(phone)
    return _remembered(text) if len(text) <= _REMEMBERED_LENGTH else _normalized(text)


def _normalized(phone: str) -> str:
    digits: list[str] = []
    international = False
    for char in phone:
        if char in FORMATTING_CHARACTERS:
            continue
        if "0" <= char <= "9":
            digits.append(char)
        elif char == "+" and not digits and not international:
            international = True
        else:
            raise InvalidValue(
                f"{shorten(phone)} is not a phone number: {char!r} is neither a digit nor "
                "formatting (spaces, - . / ( ) [ ]) nor a leading +",
                code=ErrorCode.INVALID_VALUE,
                value=shorten(phone),
            )
    number = "".join(digits)
    if not international and number.startswith("00"):
        international, number = True, number[2:]
    if not number:
        raise InvalidValue(
            f"{shorten(phone)} has no digits", code=ErrorCode.INVALID_VALUE, value=shorten(phone)
        )
    return "+" + number if international else number


# A day compares the same few thousand numbers again and again (every delivery and dial is
# checked against the Do-Not-Call list). Only numbers of a plausible length are remembered, so
# hostile input cannot fill memory; a refusal is not remembered.
_REMEMBERED_LENGTH = 64
_remembered = functools.lru_cache(maxsize=1 << 14)(_normalized)


def same_phone(first: str, second: str) -> bool:
    """Whether two written numbers are the same number once normalized."""
    return normalize_phone(first) == normalize_phone(second)
