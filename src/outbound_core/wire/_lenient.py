"""A reader for console-dump notation: JSON as a browser console or a JavaScript literal shows it.

Seed 002's getChainedRecords sample writes keys without quotes and leaves out the commas
between `key: value` lines; its getListOfCallResults sample has a trailing comma; its request
samples are JavaScript calls with single-quoted strings. This reader accepts exactly those
liberties on top of JSON and yields what `json.loads` gives for the equivalent JSON:

- a key may be an identifier (`[A-Za-z_$][A-Za-z0-9_$]*`) instead of a quoted string;
- a line break stands for a missing comma between members or elements;
- one trailing comma may close an object or array;
- strings may be single-quoted (`'10.15'`).

Anything that could be read more than one way is refused with a `WireFormatError` giving the
line and column: two members on one line without a comma, `,,`, a leading comma, a repeated
key, a bare word as a value (`undefined`, `NaN`), comments, non-finite or over-long numbers,
text after the value, or nesting deeper than `MAX_DEPTH`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import attrs

from outbound_core.errors import WireFormatError, shorten

__all__ = ["MAX_DEPTH", "Name", "read_call", "read_lenient"]

#: The deepest nesting of objects and arrays read; deeper text is refused, never a RecursionError.
MAX_DEPTH = 200

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_CALLEE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")
_SPACE = re.compile(r"[ \t\r\n]*")
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}
_ESCAPES = {
    '"': '"',
    "'": "'",
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
_DELIMITERS = frozenset(" \t\r\n,:}])")
_MAX_NUMBER_LENGTH = 400
_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 - untyped in typeshed


@attrs.define(frozen=True, slots=True)
class Name:
    """A bare identifier given as a call argument (a callback such as `succeeded`)."""

    name: str


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def error(self, message: str, pos: int | None = None) -> WireFormatError:
        at = self.pos if pos is None else pos
        line = self.text.count("\n", 0, at) + 1
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1
        return WireFormatError(
            f"line {line}, column {column}: {message}", line=line, column=column, offset=at
        )

    def space(self) -> bool:
        """Skip white space; tell whether it held a line break."""
        start = self.pos
        found = _SPACE.match(self.text, start)
        assert found is not None  # matches the empty string at worst
        self.pos = found.end()
        return "\n" in self.text[start : self.pos]

    def peek(self, what: str) -> str:
        if self.pos >= len(self.text):
            raise self.error(f"the text ends where {what} was expected")
        return self.text[self.pos]

    def value(self, names: bool = False) -> Any:
        self.space()
        char = self.peek("a value")
        if char == "{":
            return self.container("}", self.member)
        if char == "[":
            return self.container("]", self.element)
        if char in "\"'":
            return self.string()
        if char in "-0123456789":
            return self.number()
        word = _IDENTIFIER.match(self.text, self.pos)
        if word is not None:
            if word.group() in _WORDS:
                self.pos = word.end()
                return _WORDS[word.group()]
            if names:
                self.pos = word.end()
                return Name(word.group())
            raise self.error(f"bare word {shorten(word.group())} is not a value; quote strings")
        if self.text.startswith(("//", "/*"), self.pos):
            raise self.error("comments are not allowed")
        raise self.error(f"unexpected {char!r} where a value was expected")

    def container(self, close: str, item: Any) -> Any:
        opened = self.pos
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels")
        self.pos += 1
        result: Any = {} if close == "}" else []
        expecting = True  # just after the opening bracket or a comma
        after_comma = False
        while True:
            line_break = self.space()
            if self.pos >= len(self.text):
                raise self.error(
                    f"the text ends before the {close!r} of the bracket opened here", opened
                )
            char = self.text[self.pos]
            if char == close:
                self.pos += 1
                self.depth -= 1
                return result
            if char == ",":
                if expecting:
                    where = (
                        "after another comma" if after_comma else "right after the opening bracket"
                    )
                    raise self.error(f"a comma {where} leaves an empty item")
                self.pos += 1
                expecting, after_comma = True, True
                continue
            if not expecting and not line_break:
                raise self.error(f"expected ',' or {close!r}: two items on one line need a comma")
            item(result)
            expecting, after_comma = False, False

    def member(self, result: dict[str, Any]) -> None:
        start = self.pos
        char = self.text[start]
        if char in "\"'":
            key = self.string()
        else:
            word = _IDENTIFIER.match(self.text, start)
            if word is None:
                raise self.error(f"unexpected {char!r} where a key was expected")
            key = word.group()
            self.pos = word.end()
        if key in result:
            raise self.error(f"key {shorten(key)} appears twice in this object", start)
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        if self.peek("':'") != ":":
            raise self.error(f"expected ':' after the key {shorten(key)}")
        self.pos += 1
        result[key] = self.value()

    def element(self, result: list[Any]) -> None:
        result.append(self.value())

    def string(self) -> str:
        start = self.pos
        quote = self.text[start]
        if quote == '"':
            try:
                value, self.pos = _scanstring(self.text, start + 1, True)
            except json.JSONDecodeError as error:
                raise self.error(f"bad string: {error.msg}", error.pos) from None
            return str(value)
        parts: list[str] = []
        pos = start + 1
        text = self.text
        while True:
            if pos >= len(text):
                raise self.error("the text ends inside the string that starts here", start)
            char = text[pos]
            if char == quote:
                self.pos = pos + 1
                return "".join(parts)
            if char < " ":
                raise self.error("a control character or line break inside a string", pos)
            if char == "\\":
                code = text[pos + 1 : pos + 2]
                if code == "u":
                    digits = text[pos + 2 : pos + 6]
                    if not re.fullmatch(r"[0-9a-fA-F]{4}", digits):
                        raise self.error("\\u needs four hex digits", pos)
                    parts.append(chr(int(digits, 16)))
                    pos += 6
                    continue
                if code not in _ESCAPES:
                    raise self.error(f"unknown escape \\{code}", pos)
                parts.append(_ESCAPES[code])
                pos += 2
                continue
            parts.append(char)
            pos += 1

    def number(self) -> int | float:
        start = self.pos
        found = _NUMBER.match(self.text, start)
        if found is None:
            raise self.error("a number needs digits after '-'")
        end = found.end()
        if end < len(self.text) and self.text[end] not in _DELIMITERS:
            raise self.error(f"unexpected {self.text[end]!r} after a number", end)
        if end - start > _MAX_NUMBER_LENGTH:
            raise self.error(f"a number of more than {_MAX_NUMBER_LENGTH} characters")
        self.pos = end
        token = found.group()
        if found.group(1) is None and found.group(2) is None:
            return int(token)
        number = float(token)
        if not math.isfinite(number):
            raise self.error(f"{shorten(token)} is too large for a float", start)
        return number

    def end(self) -> None:
        self.space()
        if self.pos < len(self.text):
            raise self.error("unexpected text after the value")


def _text_of(text: object) -> str:
    if isinstance(text, bytes | bytearray):
        try:
            return bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise WireFormatError(
                f"the text is not UTF-8: {error.reason}", offset=error.start
            ) from None
    if not isinstance(text, str):
        raise WireFormatError(
            f"console-dump text is a str or bytes, not {type(text).__name__}", value=shorten(text)
        )
    return text


def read_lenient(text: str | bytes | bytearray) -> Any:
    """Read console-dump notation (or plain JSON) into the structure `json.loads` would give.

    Raises:
        WireFormatError: with `details["line"]` and `details["column"]` (1-based) of the
            first thing that cannot be read unambiguously.
    """
    reader = _Reader(_text_of(text))
    value = reader.value()
    reader.end()
    return value


def read_call(text: str | bytes | bytearray) -> tuple[str, list[Any]]:
    """Read a JavaScript call such as seed 002's sample requests: the callee and its arguments.

    Arguments are console-dump values; bare identifiers (callbacks) come back as `Name`.

    Raises:
        WireFormatError: with line and column, as `read_lenient`.
    """
    reader = _Reader(_text_of(text))
    reader.space()
    callee = _CALLEE.match(reader.text, reader.pos)
    if callee is None:
        raise reader.error("expected the name of the function called")
    reader.pos = callee.end()
    reader.space()
    if reader.peek("'('") != "(":
        raise reader.error("expected '(' after the function name")

    def argument(result: list[Any]) -> None:
        result.append(reader.value(names=True))

    arguments: list[Any] = reader.container(")", argument)
    reader.space()
    if reader.pos < len(reader.text) and reader.text[reader.pos] == ";":
        reader.pos += 1
    reader.end()
    return callee.group(), arguments
