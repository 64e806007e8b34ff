"""Cutting a trace into parts that can be checked apart and merged back into one report.

A replay judges each lifecycle instance by its own steps, in trace order, and a reader keeps
state only per instance (an alias from a call id to its interaction, a creation count, a
pending desktop-protocol exchange, a preview reservation seen). So a trace can be checked in
parts when every line that names an instance, or an id the reader ties to it, is in the same
part, in its order: `replay.check.merge_parts` then rebuilds exactly the report on the whole
(same verdicts, same first illegal step and line, same counts, instances in the same order).

The keys of a line (`line_keys`) are the instance ids it names, by format:

- `simulate`: the interaction id and a `call` step's `args.call_id` (seed 002: the call's id
  names the same interaction from then on), or `record N`, `agent A`, `chain N`, `call I`
  for the other kinds, as the reader names them;
- `webex`: the notification's interaction id and its preview reservation (`preview R`);
- `ocs`: `record H` and `reference R` of the message.

Lines that share a key are tied together, and so, transitively, are their keys (a union-find
over keys). Each group of tied lines goes to one part, balanced by lines. Lines with no key
(blank lines, server events, lines the reader will refuse) go anywhere: they judge nothing,
and a refused line raises in its part with its own line number, so the error of the whole
trace is the part error with the smallest line.

The work is split so that a distributed engine can run it without ever holding the whole
trace in one place but for the keys: `route_chunk` reads one chunk of lines (contiguous,
numbered as in the whole) into its groups of keys; `assign_parts` ties the chunks' groups
together and gives each a part; `split_chunk` cuts a chunk into its lines per part;
`partition_lines` does all of it in one process.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from outbound_core.errors import OutboundError
from outbound_core.replay.readers import TraceFormat
from outbound_core.replay.webex_previews import preview_key
from outbound_core.wire import ocs
from outbound_core.wire.json_text import parse_json
from outbound_core.wire.webex import read_webex_event

__all__ = [
    "ChunkRoutes",
    "NumberedLine",
    "assign_parts",
    "line_keys",
    "partition_lines",
    "route_chunk",
    "split_chunk",
]

#: A line of a trace with its number in the whole trace (1-based).
NumberedLine = tuple[int, str]


def line_keys(value: Any, trace_format: TraceFormat | str) -> tuple[str, ...]:
    """The instance ids a parsed line of `trace_format` names (see the module list); empty
    for a line that names none or that its reader will refuse.

    Raises:
        ValueError: `trace_format` is `auto` (decide the format first) or unknown.
    """
    chosen = TraceFormat(trace_format)
    if chosen is TraceFormat.SIMULATE:
        return _simulate_keys(value)
    if chosen is TraceFormat.WEBEX:
        return _webex_keys(value)
    if chosen is TraceFormat.OCS:
        return _ocs_keys(value)
    raise ValueError("decide the trace format before partitioning (not auto)")


def _simulate_keys(value: Any) -> tuple[str, ...]:
    if type(value) is not dict:
        return ()
    kind = value.get("kind")
    args = value.get("args")
    if kind is None or kind == "interaction":
        key = value.get("interaction_id")
        call_id = args.get("call_id") if type(args) is dict else None
        keys = (key,) if type(key) is str else ()
        return (*keys, call_id) if type(call_id) is str else keys
    if kind == "record":
        handle = value.get("record_handle")
        return (f"record {handle}",) if type(handle) is int else ()
    if kind == "agent":
        agent = value.get("agent_id")
        return (f"agent {agent}",) if type(agent) is str else ()
    if kind == "chain":
        number = args.get("chain") if type(args) is dict else None
        return (f"chain {number}",) if type(number) is int else ()
    if kind == "call" or kind == "web-callback":
        key = value.get("interaction_id")
        if type(key) is str:
            return (f"call {key}" if kind == "call" else key,)
    return ()


def _webex_keys(value: Any) -> tuple[str, ...]:
    try:
        notification = read_webex_event(value)
    except OutboundError:
        return ()
    return (notification.interaction_id, f"preview {preview_key(notification)}")


def _ocs_keys(value: Any) -> tuple[str, ...]:
    try:
        message = ocs.decode(value)
    except OutboundError:
        return ()
    keys = []
    if message.record_handle is not None:
        keys.append(f"record {message.record_handle}")
    if message.reference_id is not None:
        keys.append(f"reference {message.reference_id}")
    return tuple(keys)


@attrs.define(frozen=True, slots=True)
class ChunkRoutes:
    """How the lines of one chunk of a trace are tied together.

    Attributes:
        groups: the keys of each group of lines that share keys within the chunk, in order
            of each group's first line.
        sizes: how many lines each group holds.
        line_groups: per line of the chunk, in order, its group's index, or -1 for a line
            with no key.
    """

    groups: tuple[tuple[str, ...], ...]
    sizes: tuple[int, ...]
    line_groups: tuple[int, ...]


def route_chunk(chunk: Iterable[NumberedLine], trace_format: TraceFormat | str) -> ChunkRoutes:
    """The groups of the lines of `chunk` (one chunk of a trace, numbered as in the whole).
    Nothing is refused here: a line that cannot be read has no key."""
    chosen = TraceFormat(trace_format)
    parent: dict[str, str] = {}
    line_roots: list[str | None] = []
    for _number, text in chunk:
        try:
            value = parse_json(text)
        except OutboundError:
            line_roots.append(None)
            continue
        keys = line_keys(value, chosen)
        if not keys:
            line_roots.append(None)
            continue
        root = _root(parent, keys[0])
        for key in keys[1:]:
            other = _root(parent, key)
            if other != root:
                parent[other] = root
        line_roots.append(root)
    index: dict[str, int] = {}
    sizes: list[int] = []
    line_groups: list[int] = []
    for first in line_roots:
        if first is None:
            line_groups.append(-1)
            continue
        root = _root(parent, first)
        group = index.get(root)
        if group is None:
            group = index[root] = len(sizes)
            sizes.append(0)
        sizes[group] += 1
        line_groups.append(group)
    members: list[list[str]] = [[] for _ in sizes]
    for key in parent:
        group = index.get(_root(parent, key))
        if group is not None:
            members[group].append(key)
    return ChunkRoutes(tuple(tuple(m) for m in members), tuple(sizes), tuple(line_groups))


def _root(parent: dict[str, str], key: str) -> str:
    """The representative of `key`'s group (added as its own group when new)."""
    found = parent.setdefault(key, key)
    if found == key:
        return key
    path = [key]
    while found != parent[found]:
        path.append(found)
        found = parent[found]
    for member in path:
        parent[member] = found
    return found


def assign_parts(routes: Sequence[ChunkRoutes], parts: int) -> tuple[tuple[int, ...], ...]:
    """The part of each group of each chunk (per chunk, one entry per group, then one for
    the chunk's lines with no key): groups that share a key, in any chunks, get the same
    part; the groups tied together go, in order of first appearance, to the part with the
    fewest lines so far.

    Raises:
        ValueError: `parts` is less than 1.
    """
    if parts < 1:
        raise ValueError("a trace is cut into at least one part")
    parent: dict[str, str] = {}
    for chunk in routes:
        for keys in chunk.groups:
            root = _root(parent, keys[0])
            for key in keys[1:]:
                other = _root(parent, key)
                if other != root:
                    parent[other] = root
    sizes: dict[str, int] = {}
    order: list[str] = []
    for chunk in routes:
        for keys, size in zip(chunk.groups, chunk.sizes, strict=True):
            root = _root(parent, keys[0])
            if root not in sizes:
                sizes[root] = 0
                order.append(root)
            sizes[root] += size
    loads = [(0, part) for part in range(parts)]
    part_of: dict[str, int] = {}
    for root in order:
        load, part = heapq.heappop(loads)
        part_of[root] = part
        heapq.heappush(loads, (load + sizes[root], part))
    return tuple(
        (*(part_of[_root(parent, keys[0])] for keys in chunk.groups), number % parts)
        for number, chunk in enumerate(routes)
    )


def split_chunk(
    chunk: Sequence[NumberedLine], routes: ChunkRoutes, assignment: Sequence[int], parts: int
) -> tuple[list[NumberedLine], ...]:
    """The lines of `chunk` per part, each in trace order (`assignment`: this chunk's entry
    of `assign_parts`)."""
    out: tuple[list[NumberedLine], ...] = tuple([] for _ in range(parts))
    keyless = assignment[-1]
    for line, group in zip(chunk, routes.line_groups, strict=True):
        out[keyless if group < 0 else assignment[group]].append(line)
    return out


def partition_lines(
    numbered: Iterable[NumberedLine],
    trace_format: TraceFormat | str,
    parts: int,
    chunk_lines: int = 50_000,
) -> list[list[NumberedLine]]:
    """A trace's lines cut into `parts` parts that can be checked apart (in one process:
    `route_chunk`, `assign_parts` and `split_chunk` in turn, over chunks of `chunk_lines`)."""
    lines = list(numbered)
    chunks = [lines[start : start + chunk_lines] for start in range(0, len(lines), chunk_lines)]
    routes = [route_chunk(chunk, trace_format) for chunk in chunks]
    assignments = assign_parts(routes, parts)
    out: list[list[NumberedLine]] = [[] for _ in range(parts)]
    for chunk, chunk_routes, assignment in zip(chunks, routes, assignments, strict=True):
        for part, found in enumerate(split_chunk(chunk, chunk_routes, assignment, parts)):
            out[part].extend(found)
    return out
