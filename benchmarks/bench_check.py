"""How fast `outbound-core check` judges a trace (goal: 1,000,000 events under 10 s).

It times `commands.check.check_trace`, what the command runs once the file is open, and the
same through the framing the command reads a file with (`frame`: JSON Lines, a document or an
array, the format detected, lone surrogates refused).

The trace is generated here, in memory, in the `simulate` format: Preview interactions of six
steps each (deliver, call, call_connected, set_call_result, call_ended, mark_done), a thousand
interactions interleaved at a time, as a simulation writes them. A second, smaller run checks
Webex messages (the seed 004 sample with its event, state, time and interaction changed).
"""

from __future__ import annotations

import json
import pathlib
import sys
import time

from _harness import machine
from outbound_core.commands._trace_input import frame
from outbound_core.commands.check import check_trace

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
                    f'"event": "{event}"}}'
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
            lines.append(json.dumps(template))
    return lines


def timed(lines: list[str], trace_format: str) -> float:
    start = time.perf_counter()
    report = check_trace(lines, trace_format)
    elapsed = time.perf_counter() - start
    if not report.legal or report.steps != len(lines):
        raise SystemExit("the generated trace must be legal, one step per line")
    return elapsed


def timed_framed(lines: list[str]) -> float:
    start = time.perf_counter()
    framed = frame(iter(lines))
    report = check_trace(framed.lines, framed.trace_format)
    elapsed = time.perf_counter() - start
    if not report.legal or framed.messages != len(lines):
        raise SystemExit("the generated trace must be legal, every line a message")
    return elapsed


if __name__ == "__main__":
    print(machine())
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    lines = simulate_trace(events)
    runs = [timed(lines, "simulate") for _ in range(3)]
    best, worst = min(runs), max(runs)
    print(
        f"simulate: {events:,} events ({events // len(PREVIEW):,} interactions): "
        f"best {best:.2f} s, worst {worst:.2f} s of 3 ({events / best:,.0f} events/s; goal: under 10 s)"
    )
    framed = [timed_framed(lines) for _ in range(3)]
    print(
        f"simulate through the framing: best {min(framed):.2f} s, worst {max(framed):.2f} s of 3 "
        f"({min(framed) / best:.2f}x check_trace alone)"
    )
    webex = webex_trace(20_000)
    seconds = min(timed(webex, "webex") for _ in range(3))
    print(
        f"webex: {len(webex):,} messages (20,000 calls): best {seconds:.2f} s of 3 "
        f"({len(webex) / seconds:,.0f} messages/s; 1,000,000 would take about {1e6 * seconds / len(webex):.0f} s)"
    )
