"""A full preview lifecycle on the interaction aggregate (goal: under 20 µs), and memory per
live interaction."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from _harness import machine, per_call, report
from outbound_core import FieldSet, FieldSpec, Privileges
from outbound_core.interaction import Interaction
from outbound_core.wire.wwe import read_chained_records

SEED = Path(__file__).parent.parent / "tests" / "fixtures" / "seed002" / "getChainedRecords.txt"
CHAIN = read_chained_records(SEED.read_text(encoding="utf-8"), lenient=True)[0]
AGENT = Privileges.everything()
FIELDS = FieldSet((FieldSpec("Custom_Integer", "int", "number", editable=True),))


def preview_lifecycle() -> None:
    interaction = Interaction.deliver("1", "Preview", CHAIN, privileges=AGENT, fields=FIELDS)
    interaction.call("call-1")
    interaction.call_connected()
    interaction.set_call_result(33)
    interaction.update_fields({"Custom_Integer": 7})
    interaction.call_ended()
    interaction.mark_done()


def live_interactions(count: int) -> list[Interaction]:
    return [
        Interaction.deliver(f"i{n}", "Preview", CHAIN, privileges=AGENT, fields=FIELDS)
        for n in range(count)
    ]


if __name__ == "__main__":
    print(machine())
    report(
        "preview lifecycle: deliver, call, connected, result, fields, ended, done",
        per_call(preview_lifecycle, number=20_000),
        unit="lifecycle",
    )
    report(
        "Interaction.deliver alone",
        per_call(
            lambda: Interaction.deliver("1", "Preview", CHAIN, privileges=AGENT), number=50_000
        ),
        unit="delivery",
    )
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    kept = live_interactions(10_000)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    print(
        f"memory per live interaction (10,000 live, chain shared): {grown / len(kept):,.0f} bytes"
    )
