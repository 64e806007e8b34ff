"""How `check` reads a trace file: JSON Lines, one JSON document, or a JSON array of messages.

The trace readers (`replay.readers`) take JSON Lines, one message per line. Recorded traces also
come as one pretty-printed message (seed 004's sample) or as an array of messages. `frame` finds
which framing a file uses and gives the readers one line per message, each message on the line
of the file where it starts (blank lines in between), so that findings name lines of the file.
JSON Lines are read as a stream; a document or an array is read whole. A string holding a lone
surrogate is refused with its line (`commands._files`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any

import attrs

from outbound_core.commands._files import refuse_lone_surrogates
from outbound_core.errors import ErrorCode, WireFormatError, shorten
from outbound_core.replay.readers import TraceFormat, detect_format

__all__ = ["Framing", "TraceInput", "frame"]


class Framing(StrEnum):
    """How the messages of a trace file are laid out."""

    JSON_LINES = "json-lines"
    JSON_DOCUMENT = "json-document"
    JSON_ARRAY = "json-array"

    @property
    def description(self) -> str:
        """The framing in words, for the report."""
        return {
            Framing.JSON_LINES: "JSON Lines",
            Framing.JSON_DOCUMENT: "one JSON document",
            Framing.JSON_ARRAY: "a JSON array",
        }[self]


def _parse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:40]} is too large for a float")
    return number


# Strict as the wire readers are: no NaN, no infinities.
_DECODER = json.JSONDecoder(parse_constant=_parse_constant, parse_float=_parse_float)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A \u escape of a surrogate: only then can a parsed string hold a lone one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _unreadable(text: str, position: int, why: str) -> WireFormatError:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return WireFormatError(
        f"line {line}, column {column}: {why}", line=line, column=column, offset=position
    )


def _decode(text: str, position: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise _unreadable(text, error.pos, error.msg) from None
    except RecursionError:
        raise _unreadable(text, position, "nesting too deep") from None
    except ValueError as error:  # an over-long integer, a non-finite number
        raise _unreadable(text, position, shorten(str(error), 120)) from None


def _skip(text: str, position: int) -> int:
    return _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]


def _document(text: str) -> tuple[Framing, list[tuple[int, Any]]]:
    """The messages of a whole document, each with the line it starts on."""
    start = _skip(text, 0)
    if text.startswith("[", start):
        framing, messages = Framing.JSON_ARRAY, []
        position = _skip(text, start + 1)
        if text.startswith("]", position):
            position += 1
        else:
            while True:
                line = text.count("\n", 0, position) + 1
                value, position = _decode(text, position)
                messages.append((line, value))
                position = _skip(text, position)
                if text.startswith(",", position):
                    position = _skip(text, position + 1)
                elif text.startswith("]", position):
                    position += 1
                    break
                else:
                    raise _unreadable(text, position, "expected , or ] after an array element")
    else:
        framing = Framing.JSON_DOCUMENT
        value, position = _decode(text, start)
        messages = [(text.count("\n", 0, start) + 1, value)]
    position = _skip(text, position)
    if position < len(text):
        raise _unreadable(
            text,
            position,
            "more than one JSON document: write one message per line (JSON Lines) or put "
            "them in an array",
        )
    return framing, messages


@attrs.define(slots=True, eq=False)
class TraceInput:
    """A trace file framed for the readers.

    Attributes:
        framing: how the file lays its messages out.
        trace_format: the format the first message is in (or the one the caller forced).
        lines: one message per line, for `replay.read_steps` (a stream for JSON Lines).
        messages: how many messages the readers were given so far (all, once read).
    """

    framing: Framing
    trace_format: TraceFormat
    lines: Iterator[str]
    messages: int = 0


def _counted(found: TraceInput, lines: Iterable[str]) -> Iterator[str]:
    # On the path of every line of a large trace: the count is kept in a local and written
    # when the lines run out (or the reader stops), and a line is parsed here only when it
    # holds a surrogate escape.
    number = blank = 0
    try:
        for number, line in enumerate(lines, start=1):
            if not line or line.isspace():
                blank += 1
            elif "\\u" in line and _SURROGATE_ESCAPE.search(line):
                try:
                    value = _DECODER.decode(line)
                except (ValueError, RecursionError):
                    pass  # the reader says what is wrong with the line
                else:
                    refuse_lone_surrogates(value, f"line {number}", line=number)
            yield line
    finally:
        found.messages = number - blank


def _laid_out(messages: list[tuple[int, Any]]) -> Iterator[str]:
    line = 1
    for start, value in messages:
        while line < start:
            yield ""
            line += 1
        yield json.dumps(value, ensure_ascii=True)
        line += 1


def frame(lines: Iterable[str], trace_format: TraceFormat | str = TraceFormat.AUTO) -> TraceInput:
    """Find how a trace file lays out its messages and what format they are in.

    Args:
        lines: the file's lines (a text file opened for reading is fine).
        trace_format: the format to read; `auto` takes the first message's.

    Raises:
        WireFormatError: `empty-input` when the file holds no message at all; `wire-format`
            for text that is not JSON, several documents one after another, a lone
            surrogate, or a first message of no known format (with its line).
    """
    chosen = TraceFormat(trace_format)
    stream = iter(lines)
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    else:
        raise WireFormatError(
            "nothing to check: the trace holds no message", code=ErrorCode.EMPTY_INPUT
        )
    first_text = head[-1]
    start = _skip(first_text, 0)
    if not first_text.startswith("[", start):
        try:
            first, _ = _DECODER.raw_decode(first_text, start)
        except (ValueError, RecursionError):
            pass  # not a whole message on one line: a document
        else:  # JSON Lines; the readers judge each line, this one included
            found = TraceInput(Framing.JSON_LINES, _format_of(first, len(head), chosen), iter(()))
            found.lines = _counted(found, _chain(head, stream))
            return found
    framing, messages = _document("".join(head) + "".join(stream))
    if not messages:
        raise WireFormatError(
            "nothing to check: the array holds no message", code=ErrorCode.EMPTY_INPUT
        )
    for number, value in messages:
        refuse_lone_surrogates(value, f"line {number}", line=number)
    found = TraceInput(framing, _format_of(messages[0][1], messages[0][0], chosen), iter(()))
    found.messages = len(messages)
    found.lines = _laid_out(messages)
    return found


def _chain(head: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from head
    yield from rest


def _format_of(first: object, line: int, chosen: TraceFormat) -> TraceFormat:
    if chosen is not TraceFormat.AUTO:
        return chosen
    try:
        return detect_format(first)
    except WireFormatError as error:
        raise WireFormatError(f"line {line}: {error.message}", **error.details, line=line) from None
