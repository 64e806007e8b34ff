"""How far a simulated day has got, phase by phase, for whoever shows it.

`simulate` reports each phase as it starts and as it goes: building the calling list, loading
it into the campaigns, working the day, and checking the accounts; a report is the phase and
the fraction of it done (0.0 to 1.0). Building and loading report as each campaign's share of
the list is loaded (a grown list's records are made only when the day reaches them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

__all__ = ["BUILDING", "CHECKING", "LOADING", "PHASES", "WORKING", "Progress"]

#: A report: the phase, and the fraction of it done.
Progress = Callable[[str, float], None]

BUILDING: Final = "building the calling list"
LOADING: Final = "loading the campaigns"
WORKING: Final = "working the day"
CHECKING: Final = "checking the accounts"
#: The phases `simulate` reports, in order.
PHASES: Final = (BUILDING, LOADING, WORKING, CHECKING)
