"""Checking a trace from its text: the whole trace, or a part of it numbered as in the whole.

`check_lines` is what `outbound-core check` runs. A `simulate` trace is read and judged in one
pass (`SimulateReader` and each instance's tally, with no `TraceStep` in between): the same
report as `check_steps(read_steps(...))`, which a property test compares, about 15 % faster,
which is what keeps a million-event check within 1.5 times its floor. The other formats go
through `read_numbered_steps` and `check_steps_part`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from outbound_core.errors import WireFormatError
from outbound_core.replay.advance import Move
from outbound_core.replay.check import (
    TracePart,
    TraceReport,
    _tallied_part,
    _Tally,
    check_steps_part,
)
from outbound_core.replay.readers import (
    _KIND_MACHINES,
    SimulateReader,
    TraceFormat,
    _at_line,
    _Lifecycle,
    _parsed,
    detect_format,
    read_numbered_steps,
)
from outbound_core.wire.json_text import parse_json

__all__ = ["check_line_part", "check_lines", "format_of_line"]


def check_lines(lines: Iterable[str], trace_format: TraceFormat | str = "auto") -> TraceReport:
    """The report on a trace given as its lines (line 1 first).

    Raises:
        WireFormatError: the first line that cannot be read; `details["line"]` is its number.
    """
    return check_line_part(enumerate(lines, start=1), trace_format).report


def check_line_part(
    numbered: Iterable[tuple[int, str]], trace_format: TraceFormat | str = "auto"
) -> TracePart:
    """The report on some lines of a trace, each given with its line number in the whole
    trace, in increasing order, with each instance's first line (`merge_parts` puts parts
    back together). With `auto`, the format is the first given line's.

    Raises:
        WireFormatError: the first given line that cannot be read.
    """
    chosen = TraceFormat(trace_format)
    lines = iter(numbered)
    if chosen is TraceFormat.AUTO:
        first = next(((n, text) for n, text in lines if text and not text.isspace()), None)
        if first is None:
            return _tallied_part({})
        chosen = format_of_line(*first)
        lines = _chain(first, lines)
    if chosen is TraceFormat.SIMULATE:
        return _check_simulate(lines)
    return check_steps_part(read_numbered_steps(lines, chosen))


def format_of_line(number: int, text: str) -> TraceFormat:
    """The format of a trace whose first line (not blank) is `text`, line `number`: what
    `auto` decides.

    Raises:
        WireFormatError: the line is of no format; `details["line"]` is `number`.
    """
    value = _parsed(text, number)
    try:
        return detect_format(value)
    except WireFormatError as error:
        raise _at_line(error, number) from None


def _chain(first: tuple[int, str], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield first
    yield from rest


def _check_simulate(numbered: Iterator[tuple[int, str]]) -> TracePart:
    """`check_steps_part(read_numbered_steps(numbered, "simulate"))`, in one pass.

    A line of the common shapes (a step of a lifecycle already met, named by its mode or
    kind, with a move already made, that sets no callback, generation or guard) is resolved
    here from the reader's state, which it changes as `SimulateReader.step` would (an alias,
    `started`, an annotation or creation marker) only once the line is known to be of those
    shapes. Any other line, and every line that would raise, goes to `SimulateReader.step`,
    the one reading of the format (it parses the line again: such lines are rare). A property
    test compares the two on arbitrary traces."""
    reader = SimulateReader()
    step = reader.step
    by_mode, lifecycles = reader.by_mode, reader.lifecycles
    aliases, generations = reader.aliases, reader.generations
    arrived_scheduled, started = reader.arrived_scheduled, reader.started
    tallies: dict[str, _Tally] = {}
    for line, text in numbered:
        resolved: tuple[str, str, _Lifecycle, Move, int] | None = None
        try:
            value = parse_json(text)
        except WireFormatError:
            value = None  # a blank line, or an error `step` reports
        if type(value) is dict:
            get: Callable[[str], Any] = value.get
            seq, event, kind = get("seq"), get("event"), get("kind")
            if (
                type(seq) is not int
                or type(event) is not str
                or not event
                or (kind is not None and type(kind) is not str)
            ):
                kind = _UNUSUAL
            key: Any = None
            lifecycle: _Lifecycle | None = None
            alias = None
            after = None
            if kind is None or kind == "interaction":
                key = get("interaction_id")
                mode = get("mode")
                if len(value) == (4 if kind is None else 5) and mode is not None:
                    args = named = guards = None  # seq, event, kind, id and mode: nothing else
                else:
                    args, named, guards = get("args"), get("lifecycle"), get("guards")
                    after = get("state_after")
                if (
                    type(key) is str
                    and key
                    and named is None
                    and guards is None
                    and type(mode) is str
                    and (
                        args is None
                        or (
                            type(args) is dict
                            and not (
                                (event == "offer" or event == "deliver") and args.get("callback")
                            )
                        )
                    )
                ):
                    key = aliases.get(key, key)
                    if event == "call" and args is not None:
                        alias = args.get("call_id")
                        if type(alias) is not str or not alias:
                            alias = None
                    lifecycle = by_mode.get(mode)
            elif (
                kind == "record"
                or kind == "agent"
                or kind == "chain"
                or kind == "call"
                or kind == "web-callback"
            ):
                if get("guards") is None:
                    after = get("state_after")
                    if kind == "record":
                        subject = get("record_handle")
                        if type(subject) is int:
                            key = f"record {subject}"
                    elif kind == "agent":
                        subject = get("agent_id")
                        if type(subject) is str and subject:
                            key = f"agent {subject}"
                    elif kind == "chain":
                        args = get("args")
                        subject = args.get("chain") if type(args) is dict else None
                        if type(subject) is int:
                            key = f"chain {subject}"
                    else:
                        subject = get("interaction_id")
                        if type(subject) is str and subject:
                            key = f"call {subject}" if kind == "call" else subject
                    if key is not None:
                        lifecycle = lifecycles.get(kind)
            elif kind is not _UNUSUAL and (type(kind) is not str or kind not in _KIND_MACHINES):
                continue  # a server or campaign event, once its seq and event are read
            if lifecycle is not None:
                known = lifecycle.events.get(event)
                if known is None:
                    before = get("state_before")
                    if before is None and after == lifecycle.machine.initial:
                        if alias is not None:
                            aliases[alias] = key
                        generations[key] = generations.get(key, 0) + 1
                        continue  # a creation marker
                    if before == after:
                        if alias is not None:
                            aliases[alias] = key
                        continue  # an annotation that moves nothing
                elif (not generations or generations.get(key, 1) == 1) and (
                    not arrived_scheduled or key not in arrived_scheduled or key in started
                ):
                    if after is None:
                        move = lifecycle.unrecorded.get(known)
                    elif type(after) is str:
                        move = lifecycle.moves.get((known, after))
                    else:
                        move = None
                    if move is not None:
                        if alias is not None:
                            aliases[alias] = key
                        started.add(key)
                        resolved = key, known, lifecycle, move, seq
        if resolved is None:
            resolved = step(line, text)
            if resolved is None:
                continue
        key, event, lifecycle, move, seq = resolved
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally(lifecycle.start, lifecycle.finals, line)
        verdict = tally.judge((seq, event), seq, move, lifecycle.ranks)
        if verdict is not None:
            tally.note(line, event, verdict)
    return _tallied_part(tallies)


#: Stands for a kind when the line's seq or event is not usable: `step` reports it.
_UNUSUAL = object()
