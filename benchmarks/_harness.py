"""A tiny timing harness on the standard library: medians of repeated `timeit` runs.

Benchmarks are scripts (`python benchmarks/bench_*.py`); they print figures and never assert.
Record the figures, with the machine line this module prints, in `docs/performance.md`.
"""

from __future__ import annotations

import os
import platform
import statistics
import timeit
from collections.abc import Callable


def machine() -> str:
    """One line describing the machine and interpreter the figures come from."""
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def per_call(fn: Callable[[], object], *, number: int, repeat: int = 7) -> float:
    """Median seconds per call of `fn` over `repeat` runs of `number` calls each."""
    runs = timeit.repeat(fn, number=number, repeat=repeat)
    return statistics.median(runs) / number


def report(name: str, seconds: float, *, unit: str = "call") -> None:
    """Print one figure as time per `unit` and `unit`s per second."""
    shown = f"{seconds * 1e3:.3f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.3f} µs"
    units = unit[:-1] + "ies" if unit.endswith("y") else unit + "s"
    print(f"{name:<60} {shown:>12} per {unit}   {1 / seconds:>14,.0f} {units}/s")
