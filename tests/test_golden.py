"""Pinned behaviour: the compiled lifecycle tables and seeded simulated days.

The files under `tests/golden/` were written by the code as it stood when they were last
updated on purpose. A re-cut of the package must leave them byte for byte equal; a change of
behaviour updates them deliberately, in its own commit, with
`OUTBOUND_CORE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from outbound_core.cli import main
from outbound_core.machines import MACHINES, compile_machine

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("OUTBOUND_CORE_UPDATE_GOLDEN") == "1"
MODES = ("all", "preview", "push-preview", "progressive", "predictive")


def _check(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path.name} changed"


def _table(name: str) -> dict[str, Any]:
    """A compiled lifecycle as what it decides: states, events, and for each (state, event) the
    candidate transitions in the order they are tried. The order in which `to_dict` lists the
    pairs follows the order the class created its transitions, which says nothing of behaviour."""
    data = compile_machine(MACHINES[name]).to_dict()
    pairs: dict[str, list[dict[str, Any]]] = {}
    for transition in data["transitions"]:
        pairs.setdefault(f"{transition['source']} --{transition['event']}", []).append(transition)
    return {
        "name": data["name"],
        "initial": data["initial"],
        "states": data["states"],
        "final_states": data["final_states"],
        "events": sorted(data["events"]),
        "table": dict(sorted(pairs.items())),
    }


def test_every_compiled_table_is_pinned() -> None:
    tables = {name: _table(name) for name in sorted(MACHINES)}
    _check(GOLDEN / "machines.json", json.dumps(tables, indent=1, sort_keys=True) + "\n")


@pytest.mark.parametrize("mode", MODES)
def test_a_seeded_day_writes_the_pinned_trace_and_summary(
    mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = tmp_path / "day.jsonl"
    args = ["simulate", "--seed", "7", "--records", "3000", "--mode", mode, "--trace", str(trace)]
    main(args)
    summary = capsys.readouterr().out
    digests = {
        "trace_sha256": hashlib.sha256(trace.read_bytes()).hexdigest(),
        "summary_sha256": hashlib.sha256(summary.encode("utf-8")).hexdigest(),
    }
    _check(GOLDEN / f"simulate-seed7-{mode}.json", json.dumps(digests, indent=1) + "\n")
