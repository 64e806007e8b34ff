"""Seed 002's samples as fixtures, and the rule that rejoins the samples a page break split.

The PDF of seed 002 breaks two samples across pages, and each page's fragment was closed or
opened by the PDF renderer. `join_call_results` and `join_chained_records` rebuild the
continuous text from the two verbatim fragments by splicing whole lines, changing no character
(see docs/sources.md, "Records, chains and fields").
"""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "seed002"


def fixture(name: str) -> str:
    """The text of one fixture file."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def join_call_results(page1: str, page2: str) -> str:
    """Page 1 through `"DO_NOT_CALL": 51,`, then every line of page 2."""
    first = _lines(page1)
    cut = next(i for i, line in enumerate(first) if '"DO_NOT_CALL": 51,' in line)
    return "".join(first[: cut + 1] + _lines(page2))


def join_chained_records(page1: str, page2: str) -> str:
    """Record 2's head from page 1, its tail from page 2, the closing brackets and envelope tail.

    Page 1 through the last `Custom_Integer: 0`; page 2's key lines through
    `InteractionType: "Outbound"`; page 1's closers for the record, the records list, the chain
    entry and the data list (its lines after `Custom_Integer: 0` but the last `}`); page 2's
    last three lines (`"userAgent"`, `"protocolVersion"`, `}`).
    """
    first = _lines(page1)
    second = [line for line in _lines(page2) if line.strip()]
    cut = max(i for i, line in enumerate(first) if "Custom_Integer: 0" in line)
    end = next(i for i, line in enumerate(second) if 'InteractionType: "Outbound"' in line)
    closers = first[cut + 1 : -1]
    return "".join(first[: cut + 1] + second[: end + 1] + closers + second[-3:])
