"""Name tables: how the catalogs read a value given by number, name, label or alias.

A spelling is matched after folding case and dropping white space, underscores, hyphens and
parentheses, so `NO_ANSWER`, `No Answer`, `no-answer` and `NoAnswer` are one spelling; any other
character must match. Building a table fails at
import if two members would share a folded spelling, so a lookup can never be ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Generic, NoReturn, TypeVar

from outbound_core.errors import ErrorCode, InvalidValue, close_matches, shorten

__all__ = ["NameTable", "fold", "spellings_of"]

M = TypeVar("M")

_SEPARATORS = re.compile(r"[\s_\-()]+")
# No spelling is longer; a longer text names nothing (up to padding, which `find` then misses).
_LONGEST_SPELLING = 200
_NUMBER = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)


def fold(text: str) -> str:
    """The folded form of a spelling: lower case, without white space, `_`, `-`, `(` or `)`."""
    return _SEPARATORS.sub("", text.casefold())


def spellings_of(member: Enum, labels: Iterable[str], *extra: str) -> tuple[str, ...]:
    """A member's spellings: its name, the CamelCase of its name, its labels, and `extra`."""
    camel = "".join(part.capitalize() for part in member.name.split("_"))
    return (member.name, camel, *labels, *extra)


class NameTable(Generic[M]):
    """The spellings of one catalog's members, with an optional number for each member."""

    def __init__(
        self,
        kind: str,
        code: ErrorCode,
        spellings: Mapping[M, Iterable[str]],
        numbers: Mapping[int, M] | None = None,
    ) -> None:
        self.kind = kind
        self.code = code
        self.numbers: dict[int, M] = dict(numbers or {})
        self.by_fold: dict[str, M] = {}
        self.exact: dict[object, M] = {}
        self.shown: list[str] = []
        for member, names in spellings.items():
            for name in names:
                key = fold(name)
                if not key:
                    raise AssertionError(f"empty spelling for {member!r}")
                other = self.by_fold.setdefault(key, member)
                if other is not member:
                    raise AssertionError(f"{name!r} names both {other!r} and {member!r}")
                self.exact[name] = member
                if name not in self.shown:
                    self.shown.append(name)
        for number, member in self.numbers.items():
            self.exact[str(number)] = member
        self.spellings: tuple[str, ...] = tuple(self.shown)

    def parse(self, value: object, members: tuple[type, ...]) -> M:
        """The member `value` names; raises `InvalidValue` naming the nearest spellings."""
        if isinstance(value, members):
            return value  # type: ignore[return-value]
        if type(value) is str:
            hit = self.exact.get(value)
            if hit is not None:
                return hit
        if isinstance(value, bool):
            raise InvalidValue(
                f"{value!r} is a boolean, not a {self.kind}",
                code=ErrorCode.WRONG_TYPE,
                value=value,
                kind=self.kind,
            )
        if isinstance(value, int):
            return self._by_number(value, value)
        if not isinstance(value, str):
            given = "a number or a name" if self.numbers else "a name"
            raise InvalidValue(
                f"a {self.kind} is given as {given}, not {type(value).__name__}",
                code=ErrorCode.WRONG_TYPE,
                value=shorten(value),
                kind=self.kind,
            )
        found = self._find(value)
        if found is not None:
            return found
        text = value.strip()
        if self.numbers and _NUMBER.fullmatch(text):
            return self._by_number(int(text), value)
        raise self._unknown_error(value)

    def find(self, value: object, members: tuple[type, ...]) -> M | None:
        """The member `value` names, or None: `parse` without the error (and without the cost
        of finding the nearest spellings for one)."""
        if isinstance(value, str):
            return self._find(value) if len(value) <= _LONGEST_SPELLING else None
        try:
            return self.parse(value, members)
        except InvalidValue:
            return None

    def _find(self, text: str) -> M | None:
        hit = self.exact.get(text)
        if hit is not None:
            return hit
        stripped = text.strip()
        if self.numbers and _NUMBER.fullmatch(stripped):
            return self.numbers.get(int(stripped))
        return self.by_fold.get(fold(stripped)) if stripped else None

    def _by_number(self, number: int, value: object) -> M:
        found = self.numbers.get(number)
        if found is None:
            if not self.numbers:
                raise InvalidValue(
                    f"a {self.kind} is given by name, not by number ({shorten(value)})",
                    code=self.code,
                    value=value,
                    kind=self.kind,
                )
            low, high = min(self.numbers), max(self.numbers)
            raise InvalidValue(
                f"{shorten(value)} is not a {self.kind} number; valid numbers are {low} to {high}",
                code=self.code,
                value=value,
                kind=self.kind,
            )
        return found

    def _unknown(self, value: str) -> NoReturn:
        raise self._unknown_error(value)

    def _unknown_error(self, value: str) -> InvalidValue:
        nearest = close_matches(value, self.spellings)
        hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
        return InvalidValue(
            f"{shorten(value)} is not a {self.kind}{hint}",
            code=self.code,
            value=value,
            kind=self.kind,
            suggestions=list(nearest),
        )
