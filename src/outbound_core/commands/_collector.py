"""The cycle collector paused while a command builds and walks millions of long-lived objects.

A trace check keeps one position per interaction alive, and a simulated day a calling list of
records: the collector would rescan them over and over (a quarter of a large day's time) and
free almost nothing, since they live until the command ends. Pausing it is the command's
business, not the library's: the functions the commands call leave the collector alone.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (as it was before, after it)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
