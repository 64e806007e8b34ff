"""The runnable examples of the concept pages run, and say what they say (as the README's)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

CONCEPTS = Path(__file__).resolve().parents[1] / "docs" / "concepts"


def examples(page: str) -> list[str]:
    text = (CONCEPTS / page).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


@pytest.mark.parametrize("page", ["desk-and-server.md", "records.md"])
def test_the_examples_run(page: str) -> None:
    blocks = examples(page)
    assert blocks
    for block in blocks:
        test = doctest.DocTestParser().get_doctest(block, {}, page, page, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0


def test_the_desk_example_walks_a_preview_call_to_mark_done() -> None:
    (block,) = examples("desk-and-server.md")
    calls = re.findall(r"desk\.(\w+)\(", block)
    assert calls.index("get_preview_record") < calls.index("call_preview_record")
    assert calls.index("call_preview_record") < calls.index("mark_done")
    assert "add_campaign" in block
    assert "campaign_event" in block
