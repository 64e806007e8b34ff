"""Checking recorded traces on Dask: each trace cut into parts by the instances its lines
name, the parts checked in parallel, their reports merged into exactly the single-process
report.

For each trace, in order: the client reads its lines and decides its format (`auto`: from the
first line, as one process does); the lines go to the workers in chunks, and each chunk is
routed there (`replay.partitions.route_chunk`: parsing every line, the groups of lines tied
by instance ids); the client ties the groups of all chunks together and gives each a part
(`assign_parts`: only keys and group numbers come back), cuts its lines into the parts
(`split_chunk`) and sends each part to a worker, which checks it
(`replay.lines.check_line_part`); the client merges the parts (`replay.check.merge_parts`).
A job is one task per chunk and one per part: it grows with the cluster, not with its square.
A line that cannot be read is the error of the part it is in; the trace's error is the one
with the smallest line, the one a single process meets first.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Sequence

from dask.distributed import Client

from outbound_core.errors import WireFormatError
from outbound_core.replay.check import TracePart, TraceReport, merge_parts
from outbound_core.replay.lines import check_line_part, format_of_line
from outbound_core.replay.partitions import (
    NumberedLine,
    assign_parts,
    route_chunk,
    split_chunk,
)
from outbound_core.replay.readers import TraceFormat
from outbound_core.scale.parcels import Parcel, pack, unpack

__all__ = ["check_traces", "default_parts"]


def default_parts(client: Client) -> int:
    """How many parts a job is cut into on `client`'s cluster: two per worker thread."""
    threads: int = sum(client.nthreads().values())
    return max(1, 2 * threads)


def check_traces(
    client: Client,
    traces: Iterable[Iterable[str]],
    trace_format: TraceFormat | str = TraceFormat.AUTO,
    parts: int | None = None,
    chunk_lines: int | None = None,
) -> tuple[TraceReport, ...]:
    """The report on each trace (an iterable of its lines: a list, an open file), checked on
    `client`'s cluster in `parts` parts (default `default_parts`), its lines sent to the
    workers in chunks of `chunk_lines` (default: one chunk per part, at least 1,000 lines):
    the report one process gives (`replay.lines.check_lines`), trace by trace, in order.

    Raises:
        WireFormatError: the first line of a trace that cannot be read (traces after it are
            not read); `details["line"]` is its number.
    """
    return tuple(_check_trace(client, trace, trace_format, parts, chunk_lines) for trace in traces)


def _check_trace(
    client: Client,
    lines: Iterable[str],
    trace_format: TraceFormat | str,
    parts: int | None,
    chunk_lines: int | None,
) -> TraceReport:
    numbered = list(enumerate(lines, start=1))
    chosen = TraceFormat(trace_format)
    if chosen is TraceFormat.AUTO:
        first = next(((n, text) for n, text in numbered if text and not text.isspace()), None)
        if first is None:
            return merge_parts([])
        chosen = format_of_line(*first)
    count = parts or default_parts(client)
    size = chunk_lines or max(1_000, math.ceil(len(numbered) / count))
    chunks = [numbered[start : start + size] for start in range(0, len(numbered), size)]
    if not chunks:
        return merge_parts([])
    chunk_futures = client.scatter([pack(chunk) for chunk in chunks], hash=False)
    routes = [
        unpack(parcel)
        for parcel in client.gather(
            client.map(_route, chunk_futures, trace_format=chosen, pure=False)
        )
    ]
    del chunk_futures
    cut: list[list[NumberedLine]] = [[] for _ in range(count)]
    for chunk, chunk_routes, assignment in zip(
        chunks, routes, assign_parts(routes, count), strict=True
    ):
        for part, found in zip(
            cut, split_chunk(chunk, chunk_routes, assignment, count), strict=True
        ):
            part.extend(found)
    checked = [
        client.submit(_check_part, part, chosen, pure=False)
        for part in client.scatter([pack(part) for part in cut], hash=False)
    ]
    results: list[TracePart | WireFormatError] = client.gather(checked)
    errors = [r for r in results if isinstance(r, WireFormatError)]
    if errors:
        raise min(errors, key=lambda error: int(error.details["line"]))
    return merge_parts(r for r in results if isinstance(r, TracePart))


def _route(chunk: Parcel, trace_format: TraceFormat) -> Parcel:
    """A chunk's routes (`route_chunk`), parcel to parcel."""
    return pack(route_chunk(unpack(chunk), trace_format))


def _check_part(part: Parcel, trace_format: TraceFormat) -> TracePart | WireFormatError:
    """A part's report, or the error of its first bad line as a value: the client picks the
    trace's first error. The cycle collector is paused meanwhile, as `outbound-core check`
    pauses it: the replay keeps many small objects alive, which it would rescan over and over."""
    lines: Sequence[NumberedLine] = unpack(part)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return check_line_part(lines, trace_format)
    except WireFormatError as error:
        return error
    finally:
        if collecting:
            gc.enable()
