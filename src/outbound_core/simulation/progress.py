"""How far a simulated day has got, phase by phase, for whoever shows it.

`simulate` reports each phase as it starts and as it goes: building the calling list, loading
it into the campaigns, working the day, and checking the accounts; a report is the phase and
the fraction of it done (0.0 to 1.0). Building and loading a large list take most of the time
before the day starts, so they report as they consume the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Final, TypeVar

__all__ = ["BUILDING", "CHECKING", "LOADING", "PHASES", "WORKING", "Progress", "tracked"]

#: A report: the phase, and the fraction of it done.
Progress = Callable[[str, float], None]

BUILDING: Final = "building the calling list"
LOADING: Final = "loading the campaigns"
WORKING: Final = "working the day"
CHECKING: Final = "checking the accounts"
#: The phases `simulate` reports, in order.
PHASES: Final = (BUILDING, LOADING, WORKING, CHECKING)

_T = TypeVar("_T")
# Reports per phase at most: enough to move a percentage, few enough to cost nothing.
_REPORTS = 200


def tracked(
    items: Iterable[_T],
    phase: str,
    progress: Progress | None,
    *,
    total: int,
    size: Callable[[_T], int] = lambda _item: 1,
    start: float = 0.0,
    share: float = 1.0,
) -> Iterator[_T]:
    """`items`, reporting `phase` to `progress` as they are consumed: `total` is how much
    there is (items, or the sum of `size`), and this stretch covers `share` of the phase from
    `start` on."""
    if progress is None:
        yield from items
        return
    step = max(1, total // _REPORTS)
    done, due = 0, step
    for item in items:
        yield item
        done += size(item)
        if done >= due:
            progress(phase, start + share * min(1.0, done / max(total, 1)))
            due = done + step
    progress(phase, start + share)
