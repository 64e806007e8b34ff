"""The instants at which wall-clock constraints hold, as UTC intervals (the engine of `window`).

A constraint says, for each local calendar day, which wall-clock seconds are allowed and,
for the others, why not: a list of pieces `(start, end, label)` covering `[0, 86400)`,
`label` None where allowed. Mapping it onto UTC needs the zone's offset, which is constant
between transitions: within an offset segment `wall = utc + offset`, so every piece is a
plain shifted interval there. Gaps drop out (no instant has those wall times) and folds
appear twice (two segments cover the same wall times), exactly as wall-clock labels mean.

A `Timeline` combines the pieces of every (zone, constraint) over a range of instants
into elementary segments, each allowed or closed with its labels, and answers "allowed at
t?" and "first allowed whole minute from t?" with one bisection.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo

DAY = 86400
#: How far after `now` `next_open` is searched; beyond it the answer is "never" (None).
HORIZON = 366 * DAY
_PROBE = 3 * 3600
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: The instants a timeline can cover: two days inside the years 1 to 9999 of `datetime`.
FIRST = int((datetime(1, 1, 3, tzinfo=UTC) - _EPOCH).total_seconds())
LAST = int((datetime(9999, 12, 29, tzinfo=UTC) - _EPOCH).total_seconds())

Label = Hashable
Pieces = Callable[[int], Sequence[tuple[int, int, Label | None]]]


def epoch_seconds_to_utc(seconds: int) -> datetime:
    """The aware UTC datetime `seconds` after the Unix epoch."""
    return _EPOCH + timedelta(seconds=seconds)


def offset_at(zone: tzinfo, seconds: int) -> int:
    """Seconds east of UTC in `zone` at the instant `seconds` after the epoch."""
    local = epoch_seconds_to_utc(seconds).astimezone(zone)
    return int(local.utcoffset().total_seconds())  # type: ignore[union-attr]


def offset_segments(zone: tzinfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """`(start, end, offset)` runs of constant UTC offset covering `[lo, hi)`.

    Transitions are found by probing every three hours and bisecting to the second; two
    transitions closer than that which cancel out would be missed (none exist in the tz
    database).
    """
    if isinstance(zone, timezone):
        return [(lo, hi, int(zone.utcoffset(None).total_seconds()))]
    segments = []
    start, current = lo, offset_at(zone, lo)
    probe, last = lo, hi - 1
    while probe < last:
        ahead = min(probe + _PROBE, last)
        if offset_at(zone, ahead) == current:
            probe = ahead
            continue
        low, high = probe, ahead  # offset(low) == current != offset(high)
        while high - low > 1:
            middle = (low + high) // 2
            if offset_at(zone, middle) == current:
                low = middle
            else:
                high = middle
        segments.append((start, high, current))
        start, current, probe = high, offset_at(zone, high), high
    segments.append((start, hi, current))
    return segments


def partition(
    zone: tzinfo, pieces: Pieces, lo: int, hi: int
) -> list[tuple[int, int, Label | None]]:
    """The pieces of one constraint in one zone as UTC intervals covering `[lo, hi)`."""
    out: list[tuple[int, int, Label | None]] = []
    for start, end, offset in offset_segments(zone, lo, hi):
        local_start, local_end = start + offset, end + offset
        day = local_start // DAY
        while day * DAY < local_end:
            base = day * DAY
            for a, b, label in pieces(day):
                x, y = max(base + a, local_start), min(base + b, local_end)
                if x < y:
                    out.append((x - offset, y - offset, label))
            day += 1
    return out


def _ceil_minute(seconds: int) -> int:
    return -(-seconds // 60) * 60


class Timeline:
    """Allowed and closed segments of instants in `[lo, hi)` for a set of constraints."""

    __slots__ = (
        "closed",
        "decisions",
        "ends",
        "first_open",
        "hi",
        "labels",
        "lo",
        "settled",
        "starts",
    )

    def __init__(self, constraints: Sequence[tuple[tzinfo, Pieces]], lo: int, hi: int) -> None:
        self.lo: float = lo
        self.hi: float = hi
        if constraints:
            starts, ends, labels = _combine([partition(z, p, lo, hi) for z, p in constraints])
        else:
            starts, ends, labels = [lo], [hi], [()]
        # Floats, so that bisecting with a float instant compares like with like.
        self.starts: list[float] = [float(s) for s in starts]
        self.ends, self.labels = ends, labels
        self.closed = [bool(label) for label in labels]
        following = first_open_after(constraints, hi) if constraints else None
        first_open: list[int | None] = [None] * len(starts)
        for i in range(len(starts) - 1, -1, -1):
            if not self.closed[i]:
                candidate = _ceil_minute(starts[i])
                if candidate < ends[i]:
                    following = candidate
            first_open[i] = following
        self.first_open = first_open
        # Answers cached by the caller: per (segment, never), and per segment when it is
        # the same for every instant of a closed segment.
        self.decisions: dict[tuple[int, bool], object] = {}
        self.settled: list[object] = [None] * len(starts)


def _combine(
    partitions: list[list[tuple[int, int, Label | None]]],
) -> tuple[list[int], list[int], list[tuple[Label, ...]]]:
    bounds = sorted({edge for part in partitions for s, e, _ in part for edge in (s, e)})
    cursor = [0] * len(partitions)
    starts: list[int] = []
    ends: list[int] = []
    labels: list[tuple[Label, ...]] = []
    for start, end in itertools.pairwise(bounds):
        found: list[Label] = []
        for k, part in enumerate(partitions):
            while part[cursor[k]][1] <= start:
                cursor[k] += 1
            label = part[cursor[k]][2]
            if label is not None and label not in found:
                found.append(label)
        here = tuple(found)
        if labels and labels[-1] == here and ends[-1] == start:
            ends[-1] = end
        else:
            starts.append(start)
            ends.append(end)
            labels.append(here)
    return starts, ends, labels


def first_open_after(constraints: Sequence[tuple[tzinfo, Pieces]], start: int) -> int | None:
    """The first whole minute at or after `start` allowed by every constraint, within `HORIZON`."""
    chunk = 32 * DAY
    lo = start
    end = min(start + HORIZON + 60, LAST)
    while lo < end:
        hi = min(lo + chunk, end)
        starts, ends, labels = _combine([partition(z, p, lo, hi) for z, p in constraints])
        for s, e, label in zip(starts, ends, labels, strict=True):
            candidate = _ceil_minute(s)
            if not label and candidate < e:
                return candidate
        lo = hi
    return None
