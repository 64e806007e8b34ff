"""How fast `outbound-core check` judges a trace, against its floor (goal: at most 1.5×).

    python bench_check.py [EVENTS]          # default 1,000,000

The figure is `commands.check.check_trace`, what the command runs once the file is open. The
floor is what no checker can avoid: `json.loads` of each line and a plain-dict replay (a dict
from interaction id to state, one `(state, event) -> state` lookup per line, illegal steps
counted). Both are timed in the same run, in alternation (three pairs; the machine is shared,
so each pair sees the same load), as CPU time; the ratio is the median of the pairs' ratios.

The trace is generated here, in memory, in the `simulate` format: Preview interactions of six
steps each (deliver, call, call_connected, set_call_result, call_ended, mark_done), a thousand
interactions interleaved at a time, as a simulation writes them. A second, smaller run checks
Webex messages (the seed 004 sample with its event, state, time and interaction changed).
"""

from __future__ import annotations

import gc
import json
import os
import pathlib
import statistics
import sys
import time
from collections.abc import Callable

from _harness import machine
from outbound_core.codes import DialingMode
from outbound_core.commands._trace_input import frame
from outbound_core.commands.check import check_trace
from outbound_core.machines import MODE_MACHINES

PREVIEW = ("deliver", "call", "call_connected", "set_call_result", "call_ended", "mark_done")
SAMPLE = (
    pathlib.Path(__file__).parent.parent / "tests/fixtures/seed004/OutboundCallStateChange.json"
)
WEBEX = (
    ("eAgentOfferContact", None),
    ("CustAnswered", "connected"),
    ("eCallRecordingStarted", "connected"),
    ("eAgentContactEnded", None),
    ("acw", "wrapUp"),
)
_PREVIEW_MACHINE = MODE_MACHINES[DialingMode.PREVIEW]
#: The Preview lifecycle as a plain dict: (state, event) -> the first candidate's target.
_TABLE = {key: candidates[0].target for key, candidates in _PREVIEW_MACHINE.table.items()}


def simulate_trace(events: int, interleave: int = 1000) -> list[str]:
    """`events` lines of the simulate format: Preview interactions, `interleave` at a time."""
    lines: list[str] = []
    seq = 0
    batch = 0
    while len(lines) < events:
        for event in PREVIEW:
            for n in range(interleave):
                seq += 1
                lines.append(
                    f'{{"seq": {seq}, "interaction_id": "i-{batch}-{n}", "mode": "Preview", '
                    f'"event": "{event}"}}\n'
                )
        batch += 1
    return lines[:events]


def webex_trace(calls: int) -> list[str]:
    """`calls` whole Webex calls, five messages each, in order."""
    template = json.loads(SAMPLE.read_text(encoding="utf-8"))
    lines = []
    for n in range(calls):
        for step, (event, state) in enumerate(WEBEX):
            call = template["message"]["call"]
            data = call["ResponseActual"]["data"]
            call["event"] = event
            data["eventTime"] = 1718965753439 + n * 10 + step
            data["interactionId"] = data["interaction"]["interactionId"] = f"i-{n}"
            data["interaction"]["state"] = call["ResponseFields"]["CallState"] = state
            lines.append(json.dumps(template) + "\n")
    return lines


def floor(lines: list[str]) -> int:
    """`json.loads` of each line and a plain-dict replay: the least a checker does."""
    states: dict[str, str] = {}
    initial = _PREVIEW_MACHINE.initial
    illegal = 0
    loads = json.loads
    table = _TABLE
    for line in lines:
        value = loads(line)
        key = value["interaction_id"]
        target = table.get((states.get(key, initial), value["event"]))
        if target is None:
            illegal += 1
        else:
            states[key] = target
    return illegal


def check(lines: list[str], trace_format: str) -> None:
    report = check_trace(lines, trace_format)
    if not report.legal or report.steps != len(lines):
        raise SystemExit("the generated trace must be legal, one step per line")


def check_framed(lines: list[str]) -> None:
    """What the command runs on an open file: the framing (JSON Lines, a document or an
    array; lone surrogates refused), then the check."""
    framed = frame(iter(lines))
    report = check_trace(framed.lines, framed.trace_format)
    if not report.legal or framed.messages != len(lines):
        raise SystemExit("the generated trace must be legal, every line a message")


def cpu(fn: Callable[[], object]) -> float:
    """CPU seconds of one call of `fn`, after a full collection."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def against_floor(lines: list[str], pairs: int = 3) -> tuple[float, float, float, float, float]:
    """Median CPU seconds of the floor, of the check and of the check through the framing,
    and the medians of the pairs' ratios (check / floor, framed / floor)."""
    runs = []
    for _ in range(pairs):
        base = cpu(lambda: floor(lines))
        ours = cpu(lambda: check(lines, "simulate"))
        framed = cpu(lambda: check_framed(lines))
        runs.append((base, ours, framed))
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
        statistics.median(r[1] / r[0] for r in runs),
        statistics.median(r[2] / r[0] for r in runs),
    )


if __name__ == "__main__":
    print(machine())
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    lines = simulate_trace(events)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    base, ours, framed, ratio, framed_ratio = against_floor(lines)
    print(
        f"simulate: {events:,} events ({events // len(PREVIEW):,} interactions), CPU, "
        "median of 3 alternating pairs"
    )
    print(
        f"  floor (json.loads + plain-dict replay)   {base:7.2f} s  {events / base:>12,.0f} events/s"
    )
    print(
        f"  check_trace                              {ours:7.2f} s  {events / ours:>12,.0f} events/s"
    )
    print(
        f"  check_trace through the framing          {framed:7.2f} s  {events / framed:>12,.0f} events/s"
    )
    print(f"  ratio check / floor                      {ratio:7.2f}x  (goal: at most 1.5x)")
    print(
        f"  ratio framed check / floor               {framed_ratio:7.2f}x  (what the command runs)"
    )
    webex = webex_trace(20_000)
    seconds = min(cpu(lambda: check(webex, "webex")) for _ in range(3))
    print(
        f"webex: {len(webex):,} messages (20,000 calls): best {seconds:.2f} s CPU of 3 "
        f"({len(webex) / seconds:,.0f} messages/s)"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
